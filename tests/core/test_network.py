"""The client's address and HTTPS behind a reverse proxy: X-Forwarded-For believed from trusted proxies only."""
from __future__ import annotations

import pytest

from core import network

LOOPBACK = network.trusted_proxies("127.0.0.1/8,::1")
PROXIES = network.trusted_proxies("127.0.0.1, 10.0.0.0/24")


@pytest.mark.parametrize("peer,forwarded,trusted,expected", [
    ("198.51.100.7", [], LOOPBACK, "198.51.100.7"),                        # served directly
    ("198.51.100.7", ["203.0.113.9"], LOOPBACK, "198.51.100.7"),           # a client writing the header itself
    ("127.0.0.1", ["203.0.113.9"], LOOPBACK, "203.0.113.9"),               # nginx on this machine
    ("::1", ["203.0.113.9"], LOOPBACK, "203.0.113.9"),
    ("127.0.0.1", ["1.2.3.4, 203.0.113.9"], LOOPBACK, "203.0.113.9"),       # what the client wrote comes first
    ("127.0.0.1", ["1.2.3.4", "203.0.113.9, 10.0.0.5"], PROXIES, "203.0.113.9"),  # two headers, two proxies
    ("10.0.0.5", ["203.0.113.9"], LOOPBACK, "10.0.0.5"),                   # a proxy not named as trusted
    ("127.0.0.1", [], LOOPBACK, "127.0.0.1"),                              # local, no proxy
    ("127.0.0.1", ["10.0.0.5"], PROXIES, "127.0.0.1"),                     # only proxies: the connection's own
    ("127.0.0.1", ["not an address, 203.0.113.9"], LOOPBACK, "203.0.113.9"),
])
def test_the_client_is_the_last_address_not_a_trusted_proxy(peer, forwarded, trusted, expected):
    assert network.client_address(peer, forwarded, trusted) == expected


def test_trusted_proxies_come_from_the_environment(monkeypatch):
    monkeypatch.setenv(network.ENV_TRUSTED_PROXIES, "10.1.2.3")
    assert network.client_address("10.1.2.3", ["203.0.113.9"]) == "203.0.113.9"
    assert network.client_address("127.0.0.1", ["203.0.113.9"]) == "127.0.0.1"
    monkeypatch.delenv(network.ENV_TRUSTED_PROXIES)
    assert network.client_address("127.0.0.1", ["203.0.113.9"]) == "203.0.113.9"


@pytest.mark.parametrize("url,proto,expected", [
    ("https://kb.example.ru/overview", [], True),
    ("http://127.0.0.1:8501/", [], False),
    ("http://127.0.0.1:8501/", ["https"], True),
    ("http://127.0.0.1:8501/", ["HTTPS, http"], True),
    ("http://127.0.0.1:8501/", ["http, https"], False),  # the first hop, the browser's, was plain HTTP
    (None, [], False),
])
def test_https_is_read_from_the_url_or_the_proxys_header(url, proto, expected):
    assert network.is_https(url, proto) is expected
