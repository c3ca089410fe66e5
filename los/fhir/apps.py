from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "los.fhir"
    label = "fhir"
    verbose_name = "FHIR R4"
