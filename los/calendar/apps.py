from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "los.calendar"
    label = "calendar"
