from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "los.notifications"
    label = "notifications"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .tasks import schedule_after_migrate

        post_migrate.connect(schedule_after_migrate, sender=self)
