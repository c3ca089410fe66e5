from django.apps import AppConfig


class TeamConfig(AppConfig):
    name = "los.team"
    label = "team"

    def ready(self):
        from .services import reminders  # noqa: F401  (registers the sweep's jobs)
