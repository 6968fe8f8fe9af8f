"""Who is asking: the client a request counts against, and whether its page may change anything.

A client is the address that connected. Behind a reverse proxy every request would come from the
proxy, so the address the proxy names in X-Forwarded-For counts instead, but only when the
connecting address is one of BACKPROP_LAB_TRUSTED_PROXIES (addresses or networks, comma-separated,
e.g. "127.0.0.1,10.0.0.0/8"): anyone else could write any X-Forwarded-For and be a new client per
request. A class behind one school NAT is one client; app/limits.py sizes the per-client limits so.
"""
from __future__ import annotations

import ipaddress
import os
from functools import lru_cache
from urllib.parse import urlsplit

from starlette.types import Scope

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _networks(raw: str, name: str) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in raw.split(",") if part.strip())
    except ValueError as error:
        raise SystemExit(f"backprop-lab: {name} must list addresses or networks, comma-separated: {error}")


TRUSTED_PROXIES = _networks(os.environ.get("BACKPROP_LAB_TRUSTED_PROXIES", ""), "BACKPROP_LAB_TRUSTED_PROXIES")
"""Proxies whose X-Forwarded-For names the client (none by default: the connecting address counts)."""
ALLOWED_ORIGINS = frozenset(o.strip().rstrip("/").lower()
                            for o in os.environ.get("BACKPROP_LAB_ALLOWED_ORIGINS", "").split(",") if o.strip())
"""Other sites whose pages may change networks here (e.g. "https://school.example"); none by default."""


@lru_cache(maxsize=4096)
def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in TRUSTED_PROXIES)


def _header(scope: Scope, name: bytes) -> str | None:
    values = [v.decode("latin-1") for k, v in scope.get("headers", []) if k == name]
    return ",".join(values) if values else None


def client_of(scope: Scope) -> str:
    """The address this request counts against.

    From a trusted proxy, X-Forwarded-For is read from the right (each proxy appends the address it
    saw): the first hop that is not itself a trusted proxy is the client.
    """
    address = (scope.get("client") or ("unknown", 0))[0]
    if not TRUSTED_PROXIES or not _trusted(address):
        return address
    forwarded = _header(scope, b"x-forwarded-for")
    if not forwarded:
        return address
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        try:
            hop = str(ipaddress.ip_address(hop))
        except ValueError:
            return address  # a hop that is not an address: the header cannot be trusted beyond here
        if not _trusted(hop):
            return hop
        address = hop
    return address


UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def foreign_origin(scope: Scope) -> str | None:
    """The Origin of a request that changes something from another site's page, or None if allowed.

    Browsers send Origin with every POST, PUT, PATCH and DELETE, so a page elsewhere cannot make a
    student's browser reset or share a network (a body-less POST needs no CORS preflight). Requests
    without Origin come from API clients such as curl, which no other site can drive.
    """
    if scope.get("method") not in UNSAFE_METHODS:
        return None
    origin = _header(scope, b"origin")
    if origin is None:
        return None
    origin = origin.strip().rstrip("/").lower()
    if origin in ALLOWED_ORIGINS:
        return None
    host = (_header(scope, b"host") or "").strip().lower()
    parts = urlsplit(origin)
    if parts.scheme in ("http", "https") and host and parts.netloc == host:
        return None
    return origin
