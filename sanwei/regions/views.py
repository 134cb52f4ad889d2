"""Region pages: deletion of an unused region. The region tree and one region's page,
with their resident, household and team figures, are report pages (sanwei.reports)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sanwei.accounts.permissions import CHANGE_REGIONS
from sanwei.core.viewkit import DeletePage

from .models import Region
from .services import delete_region


class RegionDelete(DeletePage):
    model = Region
    permission = CHANGE_REGIONS
    service = delete_region
    kind = _("区划")
    warning = _("仅当没有群众、户、队伍、活动和下级区划引用时才能删除。")
    detail_url = "regions:region_detail"
    list_url = "regions:region_list"
    success_message = _("已删除区划“%(name)s”")

    def get_success_url(self) -> str:
        """The parent's page when the user can see it, else the tree."""
        parent_id = self.object.parent_id
        if parent_id and Region.objects.filter(pk=parent_id).exists():
            return reverse("regions:region_detail", args=[parent_id])
        return super().get_success_url()


region_delete = RegionDelete.as_view()
