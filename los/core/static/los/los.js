/* Los' own behaviour, kept in this file because the Content-Security-Policy allows no inline script
   and no on*= attribute. A button with data-los-print prints the page. */
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-los-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
