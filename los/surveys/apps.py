from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "los.surveys"
    label = "surveys"
    verbose_name = "Familienes erfaring"

    def ready(self):
        from . import services  # noqa: F401 - registers the sweep job
