from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "los.consent"
    label = "consent"
