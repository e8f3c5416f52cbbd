"""Where a request came from, and whether it came over HTTPS, behind a reverse proxy or not.

The dashboard may be served directly or behind a reverse proxy (nginx, see the README). The proxy's
`X-Forwarded-For` names the client only when the connection itself comes from a trusted proxy
(`KB_TRUSTED_PROXIES`, addresses or networks separated by commas; by default the loopback addresses,
where a proxy on the same machine connects from): anyone else could write it. (Streamlit's server,
uvicorn, already does the same for the proxies of `FORWARDED_ALLOW_IPS`, by default 127.0.0.1: the
address it reports is then the client's.)
"""
from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable, Sequence

ENV_TRUSTED_PROXIES = "KB_TRUSTED_PROXIES"
DEFAULT_TRUSTED_PROXIES = "127.0.0.1/8,::1"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_proxies(value: str | None = None) -> tuple[Network, ...]:
    """The networks whose connections may name the client (`value`, else $KB_TRUSTED_PROXIES, else loopback)."""
    text = value if value is not None else os.environ.get(ENV_TRUSTED_PROXIES, DEFAULT_TRUSTED_PROXIES)
    networks = []
    for item in text.split(","):
        item = item.strip()
        if item:
            networks.append(ipaddress.ip_network(item, strict=False))
    return tuple(networks)


def _trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_address(peer: str | None, forwarded_for: Iterable[str] = (),
                   trusted: Sequence[Network] | None = None) -> str | None:
    """The client's address: the connection's own (`peer`), or, when that is a trusted proxy, the last
    address of `X-Forwarded-For` (all its headers, in order) that is not a trusted proxy itself."""
    trusted = trusted_proxies() if trusted is None else trusted
    if peer is None or not _trusted(peer, trusted):
        return peer
    hops = [hop.strip() for header in forwarded_for for hop in header.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            return hop[:64]
    return peer


def is_https(url: str | None, forwarded_proto: Iterable[str] = ()) -> bool:
    """True when the browser reached the dashboard over HTTPS: the page's URL says so, or a reverse
    proxy's `X-Forwarded-Proto` does (its first hop, the protocol the browser used).

    The header is believed from anyone: all it does is mark the login cookie Secure, which can only
    keep a cookie from being sent over plain HTTP (a client that lies about it harms only itself)."""
    if url and url.lower().startswith("https://"):
        return True
    protos = [p.strip().lower() for header in forwarded_proto for p in header.split(",") if p.strip()]
    return bool(protos) and protos[0] == "https"
