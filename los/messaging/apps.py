from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "los.messaging"
    label = "messaging"
    verbose_name = "Meldinger til helsetjenester"

    def ready(self):
        from . import outbox  # noqa: F401  (registers the sweep's job)
