"""One way to show a long list a page at a time.

`paginate` counts in the database and fetches only the rows of the page asked for. A page number that is
not a number answers the first page, one past the end answers the last: a list never fails on its page
parameter. The page carries the links to the previous and next page with every other query parameter
kept (search, filters), which `core/pagination.html` renders.

    page = paging.paginate(request, queryset)                     # ?side=2
    complaints = paging.paginate(request, other, param="klager")  # a second list on the same page
    page = paging.counted_page(request, queryset)                 # the same in one query (COUNT OVER)
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window

PAGE_SIZE = 50
# Longer than any real page number; a longer value is treated as not a number (first page).
_MAX_PARAM_LENGTH = 12


def page_number(request, param: str = "side") -> str | None:
    """The page number asked for, as the client sent it (Paginator decides what it means)."""
    value = request.GET.get(param)
    if value is None or len(value) > _MAX_PARAM_LENGTH:
        return None
    return value


def page_url(request, param: str, number: int) -> str:
    """The current address's query string with `param` set to `number`, every other parameter kept."""
    query = request.GET.copy()
    query[param] = str(number)
    return "?" + query.urlencode()


def paginate(request, queryset, per_page: int = PAGE_SIZE, param: str = "side") -> Page:
    """The page of `queryset` the request asks for (`?side=N`), `per_page` rows at a time.

    `queryset` must be ordered, so a row never shows on two pages. The returned page has `param`,
    `previous_url` and `next_url` (empty when there is no such page) for the page navigation."""
    page = Paginator(queryset, per_page).get_page(page_number(request, param))
    page.param = param
    page.previous_url = page_url(request, param, page.previous_page_number()) if page.has_previous() else ""
    page.next_url = page_url(request, param, page.next_page_number()) if page.has_next() else ""
    return page


def counted_page(request, queryset, per_page: int = PAGE_SIZE, param: str = "side") -> Page:
    """`paginate` in one query: the rows of the page asked for, each carrying the number of rows in
    all pages (`COUNT(*) OVER ()`), instead of a COUNT and then the rows. A page number that is not a
    plain number, or past the end, falls back to `paginate` (which answers the first or last page)."""
    raw = page_number(request, param)
    number = 1 if raw is None else int(raw) if raw.isascii() and raw.isdigit() and int(raw) >= 1 else None
    if number is not None:
        start = (number - 1) * per_page
        rows = list(queryset.annotate(rows_in_all_pages=Window(Count("pk")))[start : start + per_page])
        if rows or number == 1:
            paginator = Paginator(queryset, per_page)
            paginator.count = rows[0].rows_in_all_pages if rows else 0  # cached_property: no COUNT query
            page = Page(rows, number, paginator)
            page.param = param
            page.previous_url = page_url(request, param, number - 1) if page.has_previous() else ""
            page.next_url = page_url(request, param, number + 1) if page.has_next() else ""
            return page
    return paginate(request, queryset, per_page, param)


# The API's lists: `?page=1&page_size=50`, at most `API_MAX_PAGE_SIZE` rows, the total in X-Total-Count.
API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 100


def api_page(response, queryset, page: int, page_size: int = API_PAGE_SIZE) -> list:
    """The rows of page `page` (from 1) of `queryset`, counted and sliced in the database; a page past
    the end is empty. Sets X-Total-Count on `response` to the number of rows in all pages."""
    page_size = max(1, min(page_size, API_MAX_PAGE_SIZE))
    paginator = Paginator(queryset, page_size)
    response["X-Total-Count"] = str(paginator.count)
    if page < 1 or page > paginator.num_pages:
        return []
    return list(paginator.page(page).object_list)
