"""Demo data of the API tokens page: the town admin's account holds one named token, made
for the campaign's data reporting in its first week and valid to the campaign's end (so,
on the real calendar, shown as expired: times are the story's, see `pillar_dates`). Its
value was shown once, when it was made, and is not kept anywhere: the demo prints its
name and prefix only, as the tokens page does."""

from __future__ import annotations

import datetime as dt

from sanwei.accounts.models import ApiToken
from sanwei.accounts.tokens import new_token

from .pillars import DemoContext
from .story import aware

TOKEN_OWNER = "town"
TOKEN_NAME = "县里专题数据报送"


def build(ctx: DemoContext) -> dict[str, int]:
    owner = ctx.users.get(TOKEN_OWNER)
    if owner is None:
        return {"API 令牌": 0}
    token, _raw = new_token(owner, TOKEN_NAME, expires_at=aware(ctx.campaign.ends_on, 23, 59))
    made = aware(ctx.campaign.starts_on + dt.timedelta(days=7), 10)
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=made, last_used_at=aware(ctx.today - dt.timedelta(days=1), 18)
    )
    return {"API 令牌": 1}
