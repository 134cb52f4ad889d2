# Region-owned models keep one unscoped manager, `unscoped` (core.models.RegionOwned).

from django.db import migrations

from sanwei.core.migration_ops import unscoped_base_manager


class Migration(migrations.Migration):
    dependencies = [('exports', '0001_initial')]

    operations = unscoped_base_manager(
        {
            'exportrecord': {'ordering': ('-created_at', '-id'), 'verbose_name': '导出记录', 'verbose_name_plural': '导出记录'},
        }
    )
