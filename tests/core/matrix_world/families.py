"""Which records hang on a family: the models with a path to people.Family, the ones exempt from the
record policy (and why), and their tables."""

from django.apps import apps

from los.people.models import Family


def forward_relations(model):
    """Concrete forward foreign keys and one-to-one fields of `model` (not many-to-many)."""
    return [
        f
        for f in model._meta.get_fields()
        if f.concrete and (f.many_to_one or f.one_to_one) and f.related_model is not None
    ]


def path_to_family(model, _seen=None) -> list[str] | None:
    """The chain of field names from `model` to people.Family (Minutes -> meeting -> family), or None.

    Users are not followed: a record about a user (a notification preference) is the user's, not a
    family's."""
    from los.core.models import User

    if model is Family:
        return []
    seen = (_seen or set()) | {model}
    best = None
    for field in forward_relations(model):
        target = field.related_model
        if target in seen or target is User:
            continue
        rest = path_to_family(target, seen)
        if rest is not None and (best is None or len(rest) + 1 < len(best)):
            best = [field.name, *rest]
    return best


def is_historical(model) -> bool:
    """A django-simple-history shadow table (written by the history middleware, never read as a record)."""
    return hasattr(model, "instance_type") and model.__name__.startswith("Historical")


# Models with a path to a family that are not records of the family, and why.
EXEMPT = {
    "core.AccessLogEntry": "the access log itself: written only by los.core.audit, "
    "read on the access-log pages",
    "core.NeedToKnow": "the caseworker's own statement of a need to know; written and logged by "
    "los.core.need_to_know, shown to the family as the purpose of the log rows",
    "notifications.Notification": "belongs to the user it is for; access.may_see is asked before one is made",
    "messaging.UnsortedMessage": "a message from the health network not yet tied to a family: only the "
    "receiving municipality's coordinating unit reads it (messaging.services.unsorted), and a read is "
    "logged in each family it may belong to; sorted, it becomes the family's HealthMessage",
    "surveys.SurveyInvitation": "an invitation to one guardian to answer the survey: shown only to that "
    "guardian and holds no family data (the answers are kept apart from it)",
}


def family_models() -> list[type]:
    """Every model with a path to people.Family."""
    return [m for m in apps.get_models() if path_to_family(m) is not None]


def family_tables() -> set[str]:
    """Tables whose change is a change of a family's record (and must be in the access log)."""
    tables = set()
    for model in family_models():
        if model._meta.label in EXEMPT:
            continue
        tables.add(model._meta.db_table)
        for m2m in model._meta.local_many_to_many:
            tables.add(m2m.remote_field.through._meta.db_table)
    return tables
