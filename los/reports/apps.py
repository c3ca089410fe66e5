from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "los.reports"
    label = "reports"
