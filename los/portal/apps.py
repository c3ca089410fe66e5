from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "los.portal"
    label = "portal"
