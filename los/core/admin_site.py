"""Los' admin site: Django's admin in bokmål, named for what the administrator configures.

`LosAdminConfig` replaces "django.contrib.admin" in INSTALLED_APPS. The admin's language is the site's
(LANGUAGE_CODE "nb"; Django's admin has a bokmål catalogue), never forced to English.
"""

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _

# What each section of the admin is called (the apps' own names are code names such as "Calendar").
SECTION_NAMES = {
    "core": _("Kommune og brukere"),
    "people": _("Tjenester og fagfolk"),
    "calendar": _("Kalender og steder"),
    "axes": _("Innlogging"),
    "auth": _("Tilgangsgrupper"),
    "django_tasks_database": _("Bakgrunnsjobber"),
}


class LosAdminSite(admin.AdminSite):
    site_header = _("Los – administrasjon")
    site_title = _("Los – administrasjon")
    index_title = _("Oppsett for kommunen")
    # The side menu's filter field has no bokmål text in Django; the front page lists the same.
    enable_nav_sidebar = False


class LosAdminConfig(AdminConfig):
    default_site = "los.core.admin_site.LosAdminSite"

    def ready(self):
        for label, name in SECTION_NAMES.items():
            try:
                apps.get_app_config(label).verbose_name = name
            except LookupError:
                pass
        super().ready()
