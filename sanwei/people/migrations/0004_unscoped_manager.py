# Region-owned models keep one unscoped manager, `unscoped` (core.models.RegionOwned).

from django.db import migrations

from sanwei.core.migration_ops import unscoped_base_manager


class Migration(migrations.Migration):
    dependencies = [('people', '0003_person_skills')]

    operations = unscoped_base_manager(
        {
            'household': {'ordering': ('region__path', 'id'), 'verbose_name': '户', 'verbose_name_plural': '户'},
            'person': {'ordering': ('region__path', 'name', 'id'), 'verbose_name': '群众', 'verbose_name_plural': '群众'},
        }
    )
