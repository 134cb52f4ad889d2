"""The client's address, also behind a reverse proxy.

Behind nginx every request reaches gunicorn from 127.0.0.1: REMOTE_ADDR is the proxy's
address, and a per-address limit would count the whole site as one client. When the
direct peer is a trusted proxy (SANWEI_TRUSTED_PROXIES, default the loopback addresses),
the client is the right-most address of X-Forwarded-For that is not itself a trusted
proxy (nginx appends the peer it saw; anything further left was written by the client
and is not believed). Used for rate limits (`RATELIMIT_IP_META_KEY`) and logs.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The address the request came from, as far as trusted proxies say."""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    trusted = set(settings.SANWEI_TRUSTED_PROXIES)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if peer not in trusted or not forwarded:
        return peer
    for hop in reversed(forwarded.split(",")):
        address = _valid(hop)
        if address is None:
            break  # a malformed hop: believe nothing further left
        if address not in trusted:
            return address
    return peer
