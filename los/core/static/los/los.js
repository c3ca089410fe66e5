/* Los' own behaviour, kept in this file because the Content-Security-Policy allows no inline script
   and no on*= attribute. Every page works without it; it only makes phones and keyboards nicer. */
(function () {
  "use strict";
  var root = document.documentElement;
  // Loaded in <head> without defer, so the menu is folded before the page is first drawn.
  root.classList.add("los-js");

  // A button with data-los-print prints the page.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-los-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  // The header's menu on a phone: the "Meny" button opens and closes it.
  function setMenu(button, open) {
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) return;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("los-menu--open", open);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".los-menu-button");
    if (button) {
      setMenu(button, button.getAttribute("aria-expanded") !== "true");
      return;
    }
    // A click outside an open language menu closes it.
    document.querySelectorAll("details.los-lang[open]").forEach(function (details) {
      if (!details.contains(event.target)) details.removeAttribute("open");
    });
  });

  // Escape closes the language menu (focus back on its summary), then the header menu.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var details = event.target.closest && event.target.closest("details.los-lang[open]");
    if (details) {
      details.removeAttribute("open");
      details.querySelector("summary").focus();
      return;
    }
    var button = document.querySelector(".los-menu-button[aria-expanded='true']");
    if (button) {
      setMenu(button, false);
      button.focus();
    }
  });

  // On a phone a table is shown as a list (los.css): each cell is labelled with its column heading.
  // A template may set data-label itself; otherwise it is taken from the <thead>'s headings.
  function labelTables(scope) {
    (scope || document).querySelectorAll("table.ds-table").forEach(function (table) {
      var headRow = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
      if (!headRow) return;
      var labels = [];
      Array.prototype.forEach.call(headRow.cells, function (cell) {
        var text = (cell.getAttribute("aria-label") || cell.textContent || "").replace(/\s+/g, " ").trim();
        for (var i = 0; i < (cell.colSpan || 1); i++) labels.push(text);
      });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var column = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            // A cell across several columns (an "empty" row, a sum) has no single heading.
            if (!cell.hasAttribute("data-label") && cell.colSpan === 1 && labels[column]) {
              cell.setAttribute("data-label", labels[column]);
            }
            column += cell.colSpan || 1;
          });
        });
      });
    });
  }

  function ready() {
    document.querySelectorAll(".los-menu-button").forEach(function (button) {
      button.hidden = false;
    });
    labelTables(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
  // Content htmx swaps in gets its labels too.
  document.addEventListener("htmx:afterSettle", function (event) {
    labelTables(event.target);
  });
})();
