"""The action log: every write that matters is recorded by one call, `obj.log_action(...)`."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _

from . import audit
from .middleware import request_origin, request_token
from .scoping import RegionScopedManager

logger = logging.getLogger("sanwei.actions")

# Keys that must never be written to the log, whatever a caller passes.
PERSONAL_KEYS = frozenset(
    {"id_number", "phone", "landline", "password", "id_number_encrypted", "phone_encrypted",
     "landline_encrypted", "phone_hash", "id_number_hash"}
)  # fmt: skip


def acting_user(verbose_name: str | None = None, **kwargs) -> models.ForeignKey:
    """The account that did something to a record (logged, uploaded, created it). Optional,
    and the record outlives the account: deleting the account leaves it empty."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=verbose_name,
        **kwargs,
    )


def user_or_none(user):
    """The account to store as the actor of a write (SYSTEM and anonymous store none)."""
    return user if getattr(user, "is_authenticated", False) else None


class Via(models.TextChoices):
    SESSION = "session", _("会话")
    TOKEN = "token", _("API 令牌")


class AppendOnly(Exception):
    """An action-log record was to be changed or deleted: the log is append-only."""


class ActionLogQuerySet(models.QuerySet):
    """No bulk change or deletion of the log. The one update let through is the one
    Django makes when an account is deleted (its records keep everything but the link)."""

    def update(self, **kwargs):
        if kwargs.keys() == {"user"} and kwargs["user"] is None:
            return super().update(**kwargs)
        raise AppendOnly("the action log is append-only")

    def delete(self):
        raise AppendOnly("the action log is append-only")

    delete.alters_data = True
    delete.queryset_only = True


class ActionLog(models.Model):
    """Who did what to which record, when, from which address and whether through a
    session or an API token, and which token (read from the request being served). A record about no
    object (a failed login for an unknown username) has no content type."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True)
    object_id = models.PositiveBigIntegerField(null=True)
    content_object = GenericForeignKey("content_type", "object_id")
    region_path = models.CharField(_("区划路径"), max_length=15, db_index=True, blank=True)
    user = acting_user()
    action_type = models.CharField(_("操作"), max_length=100)
    data = models.JSONField(_("数据"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("地址"), null=True, blank=True)
    via = models.CharField(_("方式"), max_length=10, choices=Via.choices, blank=True)
    # The API token used (via "token"): its id and its name when used, never its secret.
    token_id = models.PositiveBigIntegerField(_("API 令牌编号"), null=True, blank=True)
    token_name = models.CharField(_("API 令牌名称"), max_length=100, null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    objects = ActionLogQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("操作日志")
        verbose_name_plural = _("操作日志")

    def __str__(self) -> str:
        return f"{self.action_type} {self.content_type_id}:{self.object_id}"

    def save(self, *args, **kwargs) -> None:
        """Only a new record is written; a stored one is never changed."""
        if not self._state.adding:
            raise AppendOnly("the action log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("the action log is append-only")

    @property
    def via_label(self) -> str:
        """The way, with the token's name and id when by token: "API 令牌“同步脚本”（#3）"."""
        if self.via == Via.TOKEN and self.token_id is not None:
            return _("API 令牌“%(name)s”（#%(id)s）") % {
                "name": self.token_name,
                "id": self.token_id,
            }
        return self.get_via_display()


def log_event(
    action_type: str,
    *,
    obj: models.Model | None = None,
    user=None,
    region_path: str = "",
    data: dict | None = None,
    via: str | None = None,
) -> ActionLog:
    """Write one action-log record (personal keys dropped), with the address and the way
    (session/token) of the request being served; `via` overrides the way (a login is
    recorded as by session before the request's user is set)."""
    address, request_via = request_origin()
    token = request_token() if via is None else None
    entry = ActionLog.objects.create(
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=obj.pk if obj is not None else None,
        region_path=region_path,
        user=user_or_none(user),
        action_type=action_type,
        data={k: v for k, v in (data or {}).items() if k not in PERSONAL_KEYS},
        ip_address=address,
        via=request_via if via is None else via,
        token_id=token["id"] if token else None,
        token_name=token["name"] if token else None,
    )
    logger.info(
        "%s %s:%s by user %s",
        action_type,
        obj._meta.object_name if obj is not None else "-",
        entry.object_id,
        entry.user_id,
    )
    return entry


class LoggedModel(models.Model):
    """Mixin: `obj.log_action("sanwei.person.changed", user=request.user, data={...})`.

    The record remembers the values it was loaded with, so `log_action` adds what changed
    since (`changes`: each field before and after) or, for a `.deleted`/`.removed` action,
    what was deleted (`deleted`), personal values through `audit_masks` (see
    `core.audit`)."""

    # Personal columns and how the log shows them ({field name: mask}); bookkeeping
    # columns a change is not recorded by.
    audit_masks: ClassVar[Mapping[str, Callable[[Any], str]]] = {}
    audit_exclude: ClassVar[frozenset[str]] = frozenset()
    # Personal fields stored encrypted ({field name: encrypted column}): recorded decrypted,
    # through their masks (`core.audit`).
    audit_encrypted: ClassVar[Mapping[str, str]] = {}

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        audit.remember(obj, field_names, values)
        return obj

    def log_region_path(self) -> str:
        region = getattr(self, "region", None)
        return getattr(region, "path", "") if region is not None else ""

    def log_action(
        self, action_type: str, *, user=None, data: dict | None = None, values: bool = True
    ) -> ActionLog:
        """Log `action_type` on this record. With `values=False` nothing of the record's
        values is added (an erasure must not keep what it erased)."""
        entry = log_event(
            action_type,
            obj=self,
            user=user,
            region_path=self.log_region_path(),
            data=audit.audit_data(self, action_type, data) if values else data,
        )
        audit.mark_logged(self)
        return entry

    def delete_logged(
        self,
        action_type: str,
        *,
        user=None,
        data: dict | None = None,
        in_use_code: str,
        in_use_message: str,
    ) -> None:
        """Log and delete in one transaction. When records depend on this one (PROTECT),
        refuse with ServiceError(in_use_code, in_use_message); the message may name the
        kinds of those records as %(kinds)s. Nothing is deleted or logged then."""
        from .errors import ServiceError

        try:
            with transaction.atomic():
                self.log_action(action_type, user=user, data=data)
                self.delete()
        except ProtectedError as e:
            kinds = "、".join(sorted({str(o._meta.verbose_name) for o in e.protected_objects}))
            raise ServiceError(in_use_code, in_use_message % {"kinds": kinds}) from e

    def logs(self):
        return ActionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(type(self)), object_id=self.pk
        )


class RegionOwned(LoggedModel):
    """Base of every record owned by a region (Person, Team, Activity, Region itself, …).

    - `objects` is scoped: it answers only inside an active region scope (fails closed).
      Views and API handlers use it, and only it.
    - `unscoped` is the one unscoped manager name, for commands, tasks, the demo builder
      and tests. It is also the base manager, so following a foreign key works.

    A subclass says how it reaches its owning region's path (`region_path_lookup`; a
    tuple of lookups for a record owned by whichever of several parents it names) and,
    with `region_include_ancestors`, that users below the owning region see it too
    (read only). Its own `Meta` must subclass `RegionOwned.Meta`.
    """

    region_path_lookup: ClassVar[str | tuple[str, ...]] = "region__path"
    region_include_ancestors: ClassVar[bool] = False

    objects = RegionScopedManager()
    unscoped = models.Manager()  # noqa: DJ012  (after `objects`: the default manager is the first)

    class Meta:
        abstract = True
        base_manager_name = "unscoped"
