from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "los.referrals"
    label = "referrals"
    verbose_name = "Henvisninger"
