from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "los.casework"
    label = "casework"
    verbose_name = "Saksbehandling"

    def ready(self):
        from .services import reminders  # noqa: F401  (registers the interim-reply deadline warnings)
