"""The demo town (东岳观镇, 慈利县): `build_demo()` and the demo logins."""

from .builder import (
    CAMPAIGN_NAME,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    REFERENCE_DATE,
    DemoLogin,
    DemoSummary,
    build_demo,
    demo_login_rows,
    is_demo_built,
)

__all__ = [
    "CAMPAIGN_NAME",
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "REFERENCE_DATE",
    "DemoLogin",
    "DemoSummary",
    "build_demo",
    "demo_login_rows",
    "is_demo_built",
]
