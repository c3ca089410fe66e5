from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "los.core"
    label = "core"
