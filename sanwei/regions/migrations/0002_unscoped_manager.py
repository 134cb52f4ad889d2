# Region-owned models keep one unscoped manager, `unscoped` (core.models.RegionOwned).

from django.db import migrations

from sanwei.core.migration_ops import unscoped_base_manager


class Migration(migrations.Migration):
    dependencies = [('regions', '0001_initial')]

    operations = unscoped_base_manager(
        {
            'region': {'ordering': ('path',), 'verbose_name': '行政区划', 'verbose_name_plural': '行政区划'},
        }
    )
