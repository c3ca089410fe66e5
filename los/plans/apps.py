from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "los.plans"
    label = "plans"

    def ready(self):
        from django.urls import reverse

        from los.team.selectors import Attention, register_attention

        from .selectors import plan_attention

        @register_attention
        def plan_revisions_and_evaluations(family_ids, today):
            """The caseload view's rows for plan revisions due, overdue evaluations and relay handovers."""
            return {
                family_id: [Attention(25, text, reverse("plans:plan", args=[family_id])) for text in lines]
                for family_id, lines in plan_attention(family_ids, today).items()
            }
