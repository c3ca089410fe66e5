from django.apps import AppConfig


class CoordinatorsConfig(AppConfig):
    name = "los.coordinators"
    label = "coordinators"
    verbose_name = "Koordinatorer"
