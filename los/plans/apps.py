from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "los.plans"
    label = "plans"
