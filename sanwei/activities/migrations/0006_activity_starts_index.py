from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("activities", "0005_attendance_confirmation")]

    operations = [
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(fields=["starts_at"], name="activities__starts__2ea276_idx"),
        ),
    ]
