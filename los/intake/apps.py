from django.apps import AppConfig


class IntakeHistoryConfig(AppConfig):
    """The migrations that created the case and coordinator tables (`intake_*`).

    The models now live in `los.casework` and `los.coordinators`; their tables keep the names these
    migrations gave them. This app holds no code: it stays installed so that a new database is built
    by the same steps as the ones already in use.
    """

    name = "los.intake"
    label = "intake"
    verbose_name = "Intake (migration history)"
