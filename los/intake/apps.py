from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "los.intake"
    label = "intake"

    def ready(self):
        from . import reminders  # noqa: F401  (registers the interim-reply deadline warnings)
