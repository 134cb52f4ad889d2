from django.db import migrations


def seed(apps, schema_editor):
    from sanwei.volunteering.defaults import seed_default_categories

    seed_default_categories(apps.get_model("volunteering", "ServiceCategory"))


class Migration(migrations.Migration):
    dependencies = [("volunteering", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
