# Region-owned models keep one unscoped manager, `unscoped` (core.models.RegionOwned).

from django.db import migrations

from sanwei.core.migration_ops import unscoped_base_manager


class Migration(migrations.Migration):
    dependencies = [('imports', '0001_initial')]

    operations = unscoped_base_manager(
        {
            'importjob': {'ordering': ('-created_at', '-id'), 'verbose_name': '导入', 'verbose_name_plural': '导入'},
        }
    )
