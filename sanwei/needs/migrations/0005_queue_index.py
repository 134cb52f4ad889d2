from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("needs", "0004_open311")]

    operations = [
        migrations.AddIndex(
            model_name="need",
            index=models.Index(
                fields=["region", "state", "created_at"], name="needs_need_region__e2c4ad_idx"
            ),
        ),
    ]
