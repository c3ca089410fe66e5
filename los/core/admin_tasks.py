"""Background jobs (django-tasks-db) in the admin, with bokmål columns. Read-only, as the package has it.

The model's own name ("Task Result") comes from the package; renaming it would make a migration there."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

STATUS_NAMES = {
    "READY": _("venter"),
    "RUNNING": _("kjører"),
    "FAILED": _("feilet"),
    "SUCCESSFUL": _("fullført"),
}


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return list(STATUS_NAMES.items())

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class BackgroundJobAdmin(DBTaskResultAdmin):
    list_display = ("job", "status_name", "enqueued", "started", "finished")
    list_filter = (StatusFilter,)
    show_facets = admin.ShowFacets.NEVER

    @admin.display(description=_("jobb"), ordering="task_path")
    def job(self, obj):
        return obj.task_name

    @admin.display(description=_("status"), ordering="status")
    def status_name(self, obj):
        return STATUS_NAMES.get(obj.status, obj.status)

    @admin.display(description=_("lagt i kø"), ordering="enqueued_at")
    def enqueued(self, obj):
        return obj.enqueued_at

    @admin.display(description=_("startet"), ordering="started_at")
    def started(self, obj):
        return obj.started_at

    @admin.display(description=_("ferdig"), ordering="finished_at")
    def finished(self, obj):
        return obj.finished_at
