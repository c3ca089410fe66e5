from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "los.intake"
    label = "intake"
