# Region-owned models keep one unscoped manager, `unscoped` (core.models.RegionOwned).

from django.db import migrations

from sanwei.core.migration_ops import unscoped_base_manager


class Migration(migrations.Migration):
    dependencies = [('teams', '0001_initial')]

    operations = unscoped_base_manager(
        {
            'membership': {'ordering': ('team', 'role', 'started_on'), 'verbose_name': '队员', 'verbose_name_plural': '队员'},
            'team': {'ordering': ('region__path', 'kind', 'name'), 'verbose_name': '队伍', 'verbose_name_plural': '队伍'},
        }
    )
