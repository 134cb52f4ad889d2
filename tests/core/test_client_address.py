"""`core.net.client_address`: the client's address behind a trusted proxy, never one a
client wrote itself."""

from django.test import RequestFactory

from sanwei.core.net import client_address


def address(remote: str, forwarded: str | None = None) -> str:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


def test_without_a_proxy_the_peer_is_the_client():
    assert address("203.0.113.7") == "203.0.113.7"


def test_a_trusted_proxy_names_the_client():
    assert address("127.0.0.1", "203.0.113.7") == "203.0.113.7"


def test_only_the_hop_the_proxy_appended_is_believed():
    # The client wrote "1.2.3.4" itself; nginx appended the address it saw.
    assert address("127.0.0.1", "1.2.3.4, 203.0.113.7") == "203.0.113.7"


def test_an_untrusted_peer_cannot_claim_another_address():
    assert address("198.51.100.5", "203.0.113.7") == "198.51.100.5"


def test_a_malformed_hop_stops_the_walk():
    assert address("127.0.0.1", "203.0.113.7, not-an-ip") == "127.0.0.1"


def test_a_chain_of_trusted_proxies_is_walked(settings):
    settings.SANWEI_TRUSTED_PROXIES = ("127.0.0.1", "10.0.0.2")
    assert address("127.0.0.1", "203.0.113.7, 10.0.0.2") == "203.0.113.7"
