from django.db import migrations


def seed(apps, schema_editor):
    from sanwei.activities.defaults import DEFAULT_ACTIVITY_TYPES

    ActivityType = apps.get_model("activities", "ActivityType")
    for order, item in enumerate(DEFAULT_ACTIVITY_TYPES):
        ActivityType.objects.get_or_create(
            code=item["code"],
            defaults={
                "name": item["name"],
                "pillar": item["pillar"],
                "is_delivery": item.get("is_delivery", False),
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
