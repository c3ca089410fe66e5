from django.apps import AppConfig


class TeamConfig(AppConfig):
    name = "los.team"
    label = "team"
