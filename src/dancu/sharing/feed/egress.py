"""Where webhooks may connect: public addresses only, checked after DNS resolution (SSRF guard).

A subscriber chooses the webhook URL, and the worker posts to it from inside the operator's
network: without a guard a URL naming 127.0.0.1, 10.x, 169.254.169.254 (cloud metadata) or ::1
makes dancu a proxy into that network. Registration refuses literal addresses and local names;
delivery resolves the host, refuses it if *any* address is not public, and connects to the address
it checked (the URL's host stays the TLS server name and the Host header), so a name that resolves
differently the second time (DNS rebinding) cannot slip past.

Operators whose receivers sit on a private network (a ministry's own CA and addresses) list those
networks in ``DANCU_WEBHOOK_ALLOW_NETWORKS`` (JSON list of CIDRs).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from dancu.errors import invalid
from dancu.settings import get_settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Awaitable[list[str]]]

# Refused even where the standard library calls them global; the rest is "not is_global".
_REFUSED: tuple[Network, ...] = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT
        "169.254.0.0/16",  # link-local, cloud metadata
        "192.0.0.0/24",
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",
        "255.255.255.255/32",
        "::/128",
        "::1/128",
        "fc00::/7",  # unique local (fd00:ec2::254 is a metadata address)
        "fe80::/10",
        "ff00::/8",
    )
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")
LOCAL_NAMES = ("localhost", ".localhost", ".local", ".internal", ".localdomain")


class EgressRefused(Exception):
    """The webhook's host is or resolves to an address dancu must not connect to."""


def _embedded(address: IPAddress) -> IPAddress:
    """The IPv4 address hidden in an IPv6 one (mapped ::ffff:a.b.c.d, 6to4, NAT64), else itself."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address in NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def allowed_networks() -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(n, strict=False) for n in get_settings().webhook_allow_networks)


def is_refused(address: IPAddress, allow: Iterable[Network] = ()) -> bool:
    if any(address in network for network in allow if network.version == address.version):
        return False
    inner = _embedded(address)
    if inner is not address:
        return is_refused(inner, allow)
    return not address.is_global or any(address in n for n in _REFUSED if n.version == address.version)


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def check_url(url: str, allow: Iterable[Network] | None = None) -> None:
    """At registration: a literal address must be public, and the name must not be a local one.
    (A name is resolved, and checked again, at every delivery.)"""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    address = _literal(host)
    allow = allowed_networks() if allow is None else tuple(allow)
    if address is not None and is_refused(address, allow):
        raise invalid("webhook_url", "sharing.webhook_address_refused", host=host)
    if address is None and (host == "localhost" or host.endswith(LOCAL_NAMES)):
        raise invalid("webhook_url", "sharing.webhook_address_refused", host=host)


async def system_resolve(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


@dataclass(frozen=True)
class Target:
    """Where to connect (the checked address) and who to say we talk to (Host, TLS server name)."""

    url: str
    host_header: str
    server_name: str


async def pin(url: str, resolve: Resolver, allow: Iterable[Network] | None = None) -> Target:
    """Resolve the URL's host, refuse it unless every address is allowed, and aim at the first."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    allow = allowed_networks() if allow is None else tuple(allow)
    literal = _literal(host)
    try:
        found = [str(literal)] if literal is not None else await resolve(host, port)
    except OSError as exc:
        raise EgressRefused(f"cannot resolve {host}: {exc}") from None
    addresses = [ipaddress.ip_address(a.split("%")[0]) for a in found]
    refused = [str(a) for a in addresses if is_refused(a, allow)]
    if not addresses or refused:
        raise EgressRefused(f"{host} resolves to a refused address: {', '.join(refused) or 'none'}")
    first = addresses[0]
    netloc = f"[{first}]" if first.version == 6 else str(first)
    if parts.port:
        netloc += f":{parts.port}"
    aimed = SplitResult(parts.scheme, netloc, parts.path, parts.query, "").geturl()
    return Target(url=aimed, host_header=parts.netloc.rpartition("@")[2], server_name=host)
