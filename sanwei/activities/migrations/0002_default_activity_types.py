from django.db import migrations


def seed(apps, schema_editor):
    from sanwei.activities.defaults import seed_default_types

    seed_default_types(apps.get_model("activities", "ActivityType"))


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
