# Region-owned models keep one unscoped manager, `unscoped` (core.models.RegionOwned).

from django.db import migrations

from sanwei.core.migration_ops import unscoped_base_manager


class Migration(migrations.Migration):
    dependencies = [('activities', '0002_default_activity_types')]

    operations = unscoped_base_manager(
        {
            'activity': {'ordering': ('-starts_at', 'id'), 'verbose_name': '活动', 'verbose_name_plural': '活动'},
            'activityattachment': {'verbose_name': '附件', 'verbose_name_plural': '附件'},
            'attendance': {'ordering': ('activity', 'role', 'id'), 'verbose_name': '参与记录', 'verbose_name_plural': '参与记录'},
            'campaign': {'ordering': ('-starts_on', 'name'), 'verbose_name': '专题活动', 'verbose_name_plural': '专题活动'},
        }
    )
