"""/fhir/R4/: the CapabilityStatement, and read and search per resource type (names `fhir:<type>` for a
read and `fhir:<type>_search` for a search, e.g. `fhir:patient`, `fhir:patient_search`); Appointment's
addresses also take create (POST to the search address) and update (PUT to the read address)."""

from django.urls import path, re_path

from . import views
from .resources import RESOURCES

app_name = "fhir"

urlpatterns = [path("metadata", views.metadata, name="metadata")]
# Appointment also takes create (POST) and update (PUT); every other type is read-only.
WRITABLE = {"Appointment": (views.appointment_type, views.appointment_instance)}
for _type in RESOURCES:
    _search, _read = WRITABLE.get(_type, (views.search, views.read))
    urlpatterns += [
        path(_type, _search, {"resource_type": _type}, name=f"{_type.lower()}_search"),
        path(f"{_type}/<str:resource_id>", _read, {"resource_type": _type}, name=_type.lower()),
    ]
# Anything else under /fhir/R4/ answers an OperationOutcome, not the HTML 404 page. It has no name: it
# serves no data, so it has no place in the access matrix.
urlpatterns.append(re_path(r"^(?P<rest>.*)$", views.unknown))
