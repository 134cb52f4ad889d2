from django.conf import settings
from django.core.management.base import BaseCommand

from sanwei.checkin.services import purge_expired_checkins
from sanwei.core.i18n import gettext as _


class Command(BaseCommand):
    help = (
        "Delete the records kept past their retention period: unverified check-ins older "
        "than SANWEI_UNVERIFIED_CHECKIN_DAYS (logged). Run it daily (cron or a systemd timer)."
    )

    def handle(self, **options):
        counts = purge_expired_checkins()
        self.stdout.write(
            _("已删除超过 %(days)d 天的待确认签到 %(count)d 条。")
            % {"days": settings.SANWEI_UNVERIFIED_CHECKIN_DAYS, "count": sum(counts.values())}
        )
