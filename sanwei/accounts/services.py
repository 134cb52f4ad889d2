"""Login rules: who needs two-factor login, who must change their password, and the
action-log records of logins, failures, lockouts and logouts (with address and way).
Managing accounts: creating them, (de)activating them, resetting their password or
two-factor device, granting and revoking roles, issuing and revoking API tokens — each
checked against who may manage whom (below) and logged."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanwei.core.errors import ServiceError
from sanwei.core.models import log_event, user_or_none

from .models import TOKEN_MAX_DAYS, AccountSecurity, ApiToken, Role, RoleAssignment
from .permissions import (
    MANAGE_ACCOUNTS,
    SYSTEM,
    can,
    permission_scope,
    refuse,
    user_scope,
)
from .rules import is_superuser, may_manage_account, may_manage_role
from .tokens import new_token


def user_region_path(account) -> str:
    """The region a login record belongs to: the account's topmost assigned region
    (superusers and accounts without a role: none)."""
    paths = [p for p in account.role_assignments.values_list("region__path", flat=True) if p]
    return min(paths, key=len) if paths else ""


def otp_required(account) -> bool:
    """Superusers and town admins must log in with a second factor (SANWEI_OTP_REQUIRED)."""
    if not settings.SANWEI_OTP_REQUIRED or not getattr(account, "is_authenticated", False):
        return False
    return account.is_superuser or account.role_assignments.filter(role=Role.TOWN_ADMIN).exists()


def confirmed_device(account) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(account, confirmed=True).first()


def must_change_password(account) -> bool:
    if not getattr(account, "is_authenticated", False):
        return False
    return AccountSecurity.objects.filter(user=account, must_change_password=True).exists()


@transaction.atomic
def password_set_by_other(account, *, user) -> None:
    """`user` (a superuser, SYSTEM, or a town admin managing the account) set `account`'s
    password (a new account, a reset): its owner must change it at the next login."""
    if not (is_superuser(user) or may_manage_account(user, account)):
        raise refuse()
    security, _created = AccountSecurity.objects.select_for_update().get_or_create(user=account)
    security.must_change_password = True
    security.save(update_fields=["must_change_password"])
    log_event(
        "account.password_set_by_other",
        obj=account,
        user=user,
        region_path=user_region_path(account),
        data={"username": account.get_username()},
    )


@transaction.atomic
def password_changed(account) -> None:
    """The owner of `account` chose a new password: nothing pending any more."""
    security, _created = AccountSecurity.objects.select_for_update().get_or_create(user=account)
    security.must_change_password = False
    security.password_changed_at = timezone.now()
    security.save(update_fields=["must_change_password", "password_changed_at"])
    log_event("password.changed", obj=account, user=account, region_path=user_region_path(account))


def log_login_event(action_type: str, *, username: str, account=None, data: dict | None = None):
    """A login record: `login.succeeded`, `login.failed`, `login.locked`, `logout`,
    `login.otp_failed`, `otp.enabled`. `account` is the account concerned (None when the
    username names no account); it is the actor only once it has logged in."""
    if account is None and username:
        account = get_user_model().objects.filter(username=username).first()
    return log_event(
        action_type,
        obj=account,
        user=account if action_type in {"login.succeeded", "logout", "otp.enabled"} else None,
        region_path=user_region_path(account) if account is not None else "",
        data={"username": username, **(data or {})},
        via="session",
    )


# ----------------------------------------------------------------- managing accounts
#
# Who may manage whom is `rules.may_manage_role` / `rules.may_manage_account` (one rule:
# only what is below the manager in their region). Seeing an account (its page, 404
# otherwise) follows the region scope: an account with a role in one of the user's
# subtrees.


def visible_accounts(actor) -> QuerySet:
    """The accounts `actor` may see: with a role inside their scope (superusers: all)."""
    User = get_user_model()
    if actor is SYSTEM or (getattr(actor, "is_authenticated", False) and actor.is_superuser):
        return User.objects.all()
    return _with_a_role_under(user_scope(actor))


def _with_a_role_under(scope) -> QuerySet:
    return get_user_model().objects.filter(
        pk__in=RoleAssignment.objects.filter(region__path__under=scope).values("user_id")
    )


def listed_accounts(actor) -> QuerySet:
    """The users page: the accounts with a role where `actor` manages accounts
    (superusers: all), with their roles loaded."""
    where = permission_scope(actor, MANAGE_ACCOUNTS)
    accounts = visible_accounts(actor) if where is None else _with_a_role_under(where)
    return accounts.prefetch_related("role_assignments__region").order_by("username")


VILLAGE_PATH_LENGTH = 12


def manageable_regions(actor) -> QuerySet:
    """Regions (through the scoped manager) where `actor` manages accounts, down to the
    villages, in path order."""
    region_model = RoleAssignment._meta.get_field("region").related_model  # no domain import
    regions = region_model.objects.annotate(path_length=Length("path"))
    regions = regions.filter(path_length__lte=VILLAGE_PATH_LENGTH).order_by("path")
    where = permission_scope(actor, MANAGE_ACCOUNTS)
    return regions if where is None else regions.filter(path__under=where)


def grantable(actor) -> dict[str, list[str]]:
    """What `actor` may grant, by the one rule (`rules.may_manage_role`): for each role
    they may grant somewhere, the paths of the manageable regions where they may, roles
    highest first. Empty for someone who manages no account."""
    if not can(actor, MANAGE_ACCOUNTS):
        return {}
    paths = list(manageable_regions(actor).values_list("path", flat=True))
    offer = {}
    for role in Role.values:
        where = [path for path in paths if may_manage_role(actor, role, path)]
        if where:
            offer[role] = where
    return offer


def _require_manage(actor, account) -> None:
    if not may_manage_account(actor, account):
        raise refuse(MANAGE_ACCOUNTS)


def _locked_account(account):
    return get_user_model().objects.select_for_update().get(pk=account.pk)


ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def one_time_password() -> str:
    """A password to hand over once (spoken or written down): no look-alike characters
    (0/O, 1/l/I), in groups of four, at least as long as the password rules ask."""
    length = max(12, settings.PASSWORD_MIN_LENGTH)
    length += -length % 4
    chars = "".join(secrets.choice(ONE_TIME_ALPHABET) for _i in range(length))
    return "-".join(chars[i : i + 4] for i in range(0, length, 4))


def _role_data(assignment: RoleAssignment) -> dict:
    return {
        "username": assignment.user.get_username(),
        "role": assignment.role,
        "role_label": str(assignment.get_role_display()),
        "region": assignment.region.code,
        "region_name": assignment.region.name,
    }


@transaction.atomic
def create_account(*, username: str, full_name: str, role: str, region, user) -> tuple:
    """A new account with one role, and a one-time password its owner must change at the
    first login. Returns (account, password); the password is stored only hashed."""
    if not may_manage_role(user, role, region):
        raise refuse(MANAGE_ACCOUNTS)
    User = get_user_model()
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError("username_taken", _("用户名已被使用"), field="username")
    password = one_time_password()
    account = User(username=username, first_name=full_name.strip())
    account.set_password(password)
    try:
        with transaction.atomic():  # the same name created by another request meanwhile
            account.save()
    except IntegrityError as e:
        raise ServiceError("username_taken", _("用户名已被使用"), field="username") from e
    assignment = RoleAssignment.objects.create(user=account, role=role, region=region)
    log_event(
        "account.created",
        obj=account,
        user=user,
        region_path=region.path,
        data={"username": username, "role": role, "region": region.code},
    )
    assignment.log_action("role.granted", user=user, data=_role_data(assignment))
    password_set_by_other(account, user=user)
    return account, password


@transaction.atomic
def set_account_active(account, active: bool, *, user) -> None:
    """Deactivate an account (it can no longer log in, its sessions and tokens stop
    working) or reactivate it."""
    _require_manage(user, account)
    account = _locked_account(account)
    if account.is_active == active:
        return
    account.is_active = active
    account.save(update_fields=["is_active"])
    log_event(
        "account.reactivated" if active else "account.deactivated",
        obj=account,
        user=user,
        region_path=user_region_path(account),
        data={"username": account.get_username()},
    )


@transaction.atomic
def reset_password(account, *, user) -> str:
    """A new one-time password (returned, to show once); the account's sessions end and its
    owner must choose a new password at the next login."""
    _require_manage(user, account)
    account = _locked_account(account)
    password = one_time_password()
    account.set_password(password)
    account.save(update_fields=["password"])
    password_set_by_other(account, user=user)
    return password


@transaction.atomic
def reset_two_factor(account, *, user) -> int:
    """Remove the account's authenticator devices (a lost phone): at the next login it sets
    up a new one if it must use two-factor login. Returns how many were removed."""
    _require_manage(user, account)
    _locked_account(account)
    removed, _by_kind = TOTPDevice.objects.filter(user=account).delete()
    log_event(
        "account.otp_reset",
        obj=account,
        user=user,
        region_path=user_region_path(account),
        data={"username": account.get_username(), "devices": removed},
    )
    return removed


@transaction.atomic
def grant_role(account, *, role: str, region, user) -> RoleAssignment:
    """Give `account` the role in `region`; logged as a role change (who, what, to whom,
    where)."""
    _require_manage(user, account)
    if not may_manage_role(user, role, region):
        raise refuse(MANAGE_ACCOUNTS)
    _locked_account(account)
    if RoleAssignment.objects.filter(user=account, role=role, region=region).exists():
        raise ServiceError("role_exists", _("该账号在此区划已有这个角色"), field="role")
    assignment = RoleAssignment.objects.create(user=account, role=role, region=region)
    assignment.log_action("role.granted", user=user, data=_role_data(assignment))
    return assignment


@transaction.atomic
def revoke_role(assignment: RoleAssignment, *, user) -> None:
    """Take one role away; logged as a role change. A town admin may not take away an
    account's last role (the account would leave their sight): deactivate it instead."""
    account = assignment.user
    _require_manage(user, account)
    _locked_account(account)
    if not is_superuser(user) and account.role_assignments.count() <= 1:
        raise ServiceError(
            "last_role", _("这是该账号唯一的角色，不能移除；如不再使用，请停用账号。")
        )
    assignment.delete_logged(
        "role.revoked",
        user=user,
        data=_role_data(assignment),
        in_use_code="role_in_use",
        in_use_message=_("该角色仍被%(kinds)s使用"),
    )


# ------------------------------------------------------------------------ API tokens


def may_manage_tokens(actor, owner) -> bool:
    """Everyone manages their own tokens; account managers those of the accounts they
    manage."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return actor is SYSTEM
    return actor.pk == owner.pk or may_manage_account(actor, owner)


def visible_tokens(actor) -> QuerySet[ApiToken]:
    """Tokens whose page `actor` may reach (another's is a 404): their own and those of
    the accounts they may see (refused unless they manage them)."""
    return ApiToken.objects.filter(
        Q(user=actor) | Q(user__in=visible_accounts(actor))
    ).select_related("user", "revoked_by")


def listed_tokens(actor) -> QuerySet[ApiToken]:
    """The tokens page: `actor`'s own tokens and those of the accounts they manage,
    newest first."""
    others = listed_accounts(actor) if can(actor, MANAGE_ACCOUNTS) else ApiToken.objects.none()
    return (
        ApiToken.objects.filter(Q(user=actor) | Q(user__in=others.values("pk")))
        .select_related("user", "revoked_by")
        .order_by("-created_at", "-pk")
    )


@transaction.atomic
def issue_token(owner, *, name: str, expires_on: dt.date, user) -> tuple[ApiToken, str]:
    """A token for `owner`, valid to the end of `expires_on` (Beijing time): at most
    TOKEN_MAX_DAYS ahead. Returns (token, raw value); the raw value is shown once."""
    if not may_manage_tokens(user, owner):
        raise refuse(MANAGE_ACCOUNTS)
    today = timezone.localdate()
    if expires_on <= today:
        raise ServiceError("expiry_past", _("到期日期须晚于今天"), field="expires_on")
    if expires_on > today + dt.timedelta(days=TOKEN_MAX_DAYS):
        raise ServiceError(
            "expiry_too_far",
            _("有效期最长 %(days)s 天") % {"days": TOKEN_MAX_DAYS},
            field="expires_on",
        )
    end = timezone.make_aware(dt.datetime.combine(expires_on + dt.timedelta(days=1), dt.time()))
    return new_token(owner, name.strip(), expires_at=end, by=user)


@transaction.atomic
def revoke_token(token: ApiToken, *, user) -> None:
    """The token stops working at once; it stays listed as revoked (who, when)."""
    if not may_manage_tokens(user, token.user):
        raise refuse(MANAGE_ACCOUNTS)
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.revoked_at is not None:
        raise ServiceError("token_already_revoked", _("此令牌已被吊销"))
    token.revoked_at = timezone.now()
    token.revoked_by = user_or_none(user)
    token.save(update_fields=["revoked_at", "revoked_by"])
    token.log_action(
        "token.revoked",
        user=user,
        data={"username": token.user.get_username(), "name": token.name, "prefix": token.prefix},
    )
