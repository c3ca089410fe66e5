"""Locked logins in the admin: an administrator sees the failed logins of staff accounts and lifts a
lock at once. A guardian's failed logins are not shown (the administrator sees no family); they end
by themselves after the lock period, or the operator runs `los unlock-login <username>`."""

from axes.models import AccessAttempt
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import login


@admin.register(AccessAttempt)
class LoginLockAdmin(admin.ModelAdmin):
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time", "account_locked"]
    search_fields = ["username", "ip_address"]
    fields = ["username", "ip_address", "user_agent", "failures_since_start", "attempt_time"]
    readonly_fields = fields
    ordering = ["-attempt_time"]
    actions = ["unlock_accounts", "unlock_addresses"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(username__in=login.staff_usernames())

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # unlocking is the actions below, with a trace
        return actions

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        login.unlock(username=obj.username, unlocked_by=request.user)

    @admin.display(boolean=True, description=_("låst nå"))
    def account_locked(self, attempt):
        return login.account_is_locked(attempt.username)

    @admin.action(description=_("Lås opp kontoene"), permissions=["delete"])
    def unlock_accounts(self, request, queryset):
        usernames = sorted(set(queryset.values_list("username", flat=True)))
        for username in usernames:
            login.unlock(username=username, unlocked_by=request.user)
        self.message_user(
            request,
            ngettext("%(n)d konto er låst opp.", "%(n)d kontoer er låst opp.", len(usernames))
            % {"n": len(usernames)},
        )

    @admin.action(description=_("Lås opp adressene"), permissions=["delete"])
    def unlock_addresses(self, request, queryset):
        addresses = sorted({a for a in queryset.values_list("ip_address", flat=True) if a})
        for address in addresses:
            login.unlock(address=address, unlocked_by=request.user)
        self.message_user(
            request,
            ngettext("%(n)d adresse er låst opp.", "%(n)d adresser er låst opp.", len(addresses))
            % {"n": len(addresses)},
        )
