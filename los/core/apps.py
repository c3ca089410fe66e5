from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "los.core"
    label = "core"

    def ready(self):
        from . import policy, sections

        policy.autodiscover()
        sections.autodiscover()
