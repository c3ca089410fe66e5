from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "los.people"
    label = "people"
