from .models import Referral


def referrals(family_id) -> list[Referral]:
    return list(
        Referral.objects.filter(family_id=family_id).select_related(
            "service__organisation", "organisation", "sent_by"
        )
    )
