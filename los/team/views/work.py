"""«Mine oppgaver»: the signed-in staff user's own open work (`los.team.work_list` gathers it). The page
names families only from the access policy's families and logs each family it names as a list read."""

from django.http import Http404
from django.shortcuts import render

from los.core import access, dates, paging
from los.team import work_list


def _staff_with_work(request):
    if not work_list.has_work_list(request.user):
        raise Http404


@access.login_first
def my_work(request):
    """Every kind of open work, grouped, the first rows of each with «Se alle»."""
    _staff_with_work(request)
    today = dates.today()
    reach = work_list.reach_of(request.user, today)
    groups = work_list.work_list(request.user, today, reach=reach)
    access.log_family_list(request, work_list.families_named(request.user, groups, today, reach=reach))
    return render(
        request,
        "team/my_work.html",
        {"groups": groups, "today": today, "total": sum(g.count for g in groups)},
    )


@access.login_first
def my_work_group(request, group):
    """All the rows of one kind of work, a page at a time."""
    _staff_with_work(request)
    if group not in work_list.GROUPS:
        raise Http404
    today = dates.today()
    reach = work_list.reach_of(request.user, today)
    groups = work_list.work_list(request.user, today, only=group, reach=reach)
    page = paging.paginate(request, groups[0].rows)
    named = work_list.families_named(request.user, groups, today, reach=reach, rows=page.object_list)
    if named:
        access.log_family_list(request, named)
    return render(
        request,
        "team/my_work_group.html",
        {"group": groups[0], "page": page, "today": today},
    )
