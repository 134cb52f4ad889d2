"""Residents (Person) and households (Household). ID numbers are stored encrypted only."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanwei.core import crypto
from sanwei.core.models import RegionOwned, acting_user
from sanwei.core.scoping import RegionScopedManager

from .validation import mask_id_number, mask_landline, mask_phone

ELDERLY_AGE = 60  # 《老年人权益保障法》: sixty and over

# How the action log records a personal field of a person (changes, deletions): through the
# same masks as the pages (the birth date, which the ID number gives away, only as changed).
AUDIT_MASKS = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "landline": mask_landline,
    "birth_date": lambda value: "****-**-**",
}


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class RelationToHead(models.TextChoices):
    HEAD = "head", _("户主")
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    PARENT = "parent", _("父母")
    GRANDCHILD = "grandchild", _("孙子女")
    SIBLING = "sibling", _("兄弟姐妹")
    CHILD_IN_LAW = "child_in_law", _("儿媳/女婿")
    OTHER = "other", _("其他")


class PartyStatus(models.TextChoices):
    NONE = "", _("非党员")
    FORMAL = "formal", _("正式党员")
    PROBATIONARY = "probationary", _("预备党员")


class LecturerCategory(models.TextChoices):
    NONE = "", _("无")
    FARMING_EXPERT = "farming_expert", _("田秀才")
    LOCAL_EXPERT = "local_expert", _("土专家")
    RETIREE = "retiree", _("夕阳红")
    BUSINESS_LEADER = "business_leader", _("产业致富带头人")
    RETURNED_GRADUATE = "returned_graduate", _("返乡创业大学生")
    VILLAGE_SECRETARY = "village_secretary", _("村书记")
    LIAISON_CADRE = "liaison_cadre", _("联村干部")


class Household(RegionOwned):
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, verbose_name=_("村/组"))
    number = models.CharField(_("户号"), max_length=32, blank=True)
    address = models.CharField(_("住址"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(RegionOwned.Meta):
        ordering = ("region__path", "id")
        verbose_name = _("户")
        verbose_name_plural = _("户")
        # Households per region with their ids from the index alone (coverage's totals).
        indexes = [models.Index(fields=["region", "id"], name="household_region_id")]

    def __str__(self) -> str:
        head = self.head
        return (
            _("%(name)s户") % {"name": head.name}
            if head
            else (self.number or self.address or f"#{self.pk}")
        )

    @property
    def head(self) -> Person | None:
        return next(
            (m for m in self.members.all() if m.relation_to_head == RelationToHead.HEAD), None
        )


class PersonQuerySet(models.QuerySet):
    def elderly(self, today: date | None = None):
        today = today or timezone.localdate()
        return self.filter(birth_date__lte=_years_before(today, ELDERLY_AGE))

    def party_members(self):
        return self.exclude(party_status=PartyStatus.NONE)

    def hard_to_reach(self, today: date | None = None):
        """People the 送学 rule is for: elderly, frail, mobility-impaired or away."""
        today = today or timezone.localdate()
        return self.filter(
            models.Q(birth_date__lte=_years_before(today, ELDERLY_AGE))
            | models.Q(is_frail=True)
            | models.Q(is_mobility_impaired=True)
            | models.Q(is_migrant=True)
        )


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class Person(RegionOwned):
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, verbose_name=_("村/组"))
    household = models.ForeignKey(
        Household,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("户"),
    )
    relation_to_head = models.CharField(
        _("与户主关系"), max_length=16, choices=RelationToHead.choices, blank=True
    )
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True, default="汉族")
    # The ID number exists only encrypted; its keyed hash enforces uniqueness and finds it.
    id_number_encrypted = models.TextField(blank=True, editable=False)
    id_number_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    # Phones exist only encrypted too (`phone`, `landline`: properties below). What search
    # and matching need is kept beside: the mobile's last four digits (`phone_tail`, shown
    # by the mask anyway) and the keyed hash of the whole normalised number (`phone_hash`:
    # check-in match, import match and change detection). Written by the `phone` setter,
    # so every writer (save, bulk_create, bulk_update, COPY) stores the same three columns.
    phone_encrypted = models.TextField(blank=True, default="", db_default="", editable=False)
    phone_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    phone_tail = models.CharField(
        max_length=4, blank=True, default="", db_default="", editable=False
    )
    landline_encrypted = models.TextField(blank=True, default="", db_default="", editable=False)
    # Party membership
    party_status = models.CharField(
        _("政治面貌"), max_length=16, choices=PartyStatus.choices, blank=True, default=""
    )
    party_joined_on = models.DateField(_("入党时间"), null=True, blank=True)
    party_branch = models.CharField(_("所在党支部"), max_length=100, blank=True)
    # How the person can be reached
    is_frail = models.BooleanField(_("体弱多病"), default=False)
    is_mobility_impaired = models.BooleanField(_("行动不便"), default=False)
    is_migrant = models.BooleanField(_("外出流动"), default=False)
    migrant_destination = models.CharField(_("流动去向"), max_length=100, blank=True)
    lecturer_category = models.CharField(
        _("宣讲人才类别"), max_length=32, choices=LecturerCategory.choices, blank=True, default=""
    )
    cadre_post = models.CharField(_("干部职务"), max_length=100, blank=True)
    skills = models.CharField(_("技能特长"), max_length=200, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    # Searched with `contains`: on PostgreSQL through the trigram index (migration 0002), on
    # SQLite by scanning a plain index of the column (migration 0006); a b-tree on PostgreSQL
    # would serve no search and cost every roster import's COPY.
    search_text = models.CharField(max_length=255, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegionScopedManager.from_queryset(PersonQuerySet)()
    unscoped = PersonQuerySet.as_manager()

    audit_masks = AUDIT_MASKS
    audit_exclude = frozenset({"search_text", "phone_tail"})  # the phone: through its mask
    audit_encrypted = {"phone": "phone_encrypted", "landline": "landline_encrypted"}

    class Meta(RegionOwned.Meta):
        ordering = ("region__path", "name", "id")
        verbose_name = _("群众")
        verbose_name_plural = _("群众")
        constraints = [
            models.UniqueConstraint(fields=["id_number_hash"], name="unique_person_id_number"),
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(relation_to_head="head"),
                name="one_head_per_household",
            ),
            models.CheckConstraint(
                condition=~models.Q(party_status="") | models.Q(party_joined_on__isnull=True),
                name="party_date_needs_party_member",
            ),
        ]
        indexes = [
            models.Index(fields=["phone_tail"], name="people_person_phone_tail"),
            models.Index(fields=["phone_hash"], name="people_person_phone_hash"),
            models.Index(fields=["birth_date"]),
            # Covering: residents, party members and their households per region
            # (coverage's totals) are counted from the index alone.
            models.Index(
                fields=["region"],
                include=["id", "party_status", "household"],
                name="person_region_cover",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_number_encrypted) if self.id_number_encrypted else ""

    phone = crypto.encrypted_property(
        "phone_encrypted",
        """The mobile number in clear ("" when none), decrypted once per stored value.""",
        on_set=lambda person, value: _set_phone_lookups(person, value),
    )
    landline = crypto.encrypted_property(
        "landline_encrypted", """The landline in clear, "0744-1234567" ("" when none)."""
    )

    @property
    def age(self) -> int | None:
        if not self.birth_date:
            return None
        today = timezone.localdate()
        return (
            today.year
            - self.birth_date.year
            - ((today.month, today.day) < (self.birth_date.month, self.birth_date.day))
        )

    @property
    def is_elderly(self) -> bool:
        return self.age is not None and self.age >= ELDERLY_AGE

    @property
    def is_party_member(self) -> bool:
        return bool(self.party_status)


class ConflictStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    RECONCILED = "reconciled", _("已核实处理")
    DISMISSED = "dismissed", _("不予处理")


class ConflictSource(models.TextChoices):
    FORM = "form", _("登记或修改")
    IMPORT = "import", _("名册导入")


class IdConflict(RegionOwned):
    """A person saved with an ID number that another person, outside the writer's scope,
    already holds (no oracle: the writer was told nothing, the number is stored without
    its unique hash). The town offices of either person reconcile it
    (`sanwei.audit.services.resolve_id_conflict`)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("新登记的群众")
    )
    holder = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("已登记的群众")
    )
    source = models.CharField(_("来源"), max_length=10, choices=ConflictSource.choices)
    import_job_id = models.PositiveBigIntegerField(_("导入任务"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=ConflictStatus.choices, default=ConflictStatus.OPEN
    )
    created_at = models.DateTimeField(_("发现时间"), auto_now_add=True)
    created_by = acting_user(_("登记人"), related_name="+")
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    resolved_by = acting_user(_("处理人"), related_name="+")
    note = models.CharField(_("处理说明"), max_length=200, blank=True)

    # Seen by the offices of both people (each side reconciles its own record).
    region_path_lookup = ("person__region__path", "holder__region__path")

    class Meta(RegionOwned.Meta):
        ordering = ("-created_at", "-id")
        verbose_name = _("身份证号冲突")
        verbose_name_plural = _("身份证号冲突")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "holder"],
                condition=models.Q(status="open"),
                name="one_open_id_conflict_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id}/{self.holder_id}"

    def log_region_path(self) -> str:
        return self.person.region.path


def _set_phone_lookups(person: Person, value: str) -> None:
    """What the search and matching read beside the encrypted phone: tail and keyed hash."""
    person.phone_tail = value[-4:]
    person.phone_hash = crypto.keyed_hash(value) if value else None
