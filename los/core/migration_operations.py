"""Operations the migrations share. Kept small and stable: a migration that imports it must run the same
way years later, so nothing here may read the project's models (only the historical `apps`)."""

from django.db import migrations


def move_content_types(from_app: str, to_app: str, models: list[str]) -> migrations.RunPython:
    """Move the content types of `models` (lower-case model names) from `from_app` to `to_app`, and back
    when the migration is reversed, so permissions and the admin's history follow a model that moved
    between apps while its table stayed."""

    def move(source, target):
        def run(apps, schema_editor):
            ContentType = apps.get_model("contenttypes", "ContentType")
            for model in models:
                if not ContentType.objects.filter(app_label=target, model=model).exists():
                    ContentType.objects.filter(app_label=source, model=model).update(app_label=target)

        return run

    return migrations.RunPython(move(from_app, to_app), move(to_app, from_app))
