"""Record policy of the family register: the family, its children and guardians (see los.core.policy)."""

from django.db.models import Q

from los.core.policy import Area, RecordPolicy, register

from .models import Child, Family, Guardian

register(RecordPolicy(model=Family, record_type="family", family="pk", area=Area.REGISTRATION))
register(RecordPolicy(model=Child, record_type="child", family="family_id", area=Area.REGISTRATION))
register(
    RecordPolicy(
        model=Guardian,
        record_type="guardian",
        family="family_id",
        area=Area.REGISTRATION,
        visible=lambda grant: Q(),
    )
)
