"""Which addresses a fetch may reach: public ones, unless the operator allows private ones.

A URL in a JSONL line, a feed or a redirect must not make us fetch from the machine we run on
or its network (an admin page on 127.0.0.1, a cloud's metadata service), and store what came
back for anyone to read. Every address a host name resolves to must be public, and the
connection goes to an address so vetted, never to the answer of a second lookup (which a
hostile DNS server can change in between: DNS rebinding).
"""

from __future__ import annotations

import socket
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network

import httpcore
import httpx

ALLOW_HINT = "use --allow-private-urls to fetch it"

# What kind of private address each range is, in the order they are tried (the metadata
# address before the link-local range that holds it).
_PRIVATE = [
    (kind, [ip_network(n) for n in networks])
    for kind, networks in (
        ("unspecified", ["0.0.0.0/8", "::/128"]),
        ("loopback", ["127.0.0.0/8", "::1/128"]),
        ("the cloud metadata service", ["169.254.169.254/32", "fd00:ec2::254/128"]),
        ("link-local", ["169.254.0.0/16", "fe80::/10"]),
        ("RFC 1918", ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]),
        ("carrier-grade NAT", ["100.64.0.0/10"]),
        ("unique local", ["fc00::/7"]),
        ("multicast", ["224.0.0.0/4", "ff00::/8"]),
    )
]
_NAT64 = ip_network("64:ff9b::/96")  # IPv6 addresses that a NAT64 gateway turns into the IPv4 in their last 32 bits


class PrivateAddress(httpcore.ConnectError):
    """A connection refused: its host is, or resolves to, a private address."""


def private_kind(ip: IPv4Address | IPv6Address) -> str | None:
    """What kind of private address `ip` is ("loopback", "RFC 1918", ...), or None for a public one.
    An IPv6 address that carries an IPv4 one (::ffff:a.b.c.d, 6to4, NAT64) is that IPv4 address."""
    if isinstance(ip, IPv6Address):
        carried = ip.ipv4_mapped or ip.sixtofour or (IPv4Address(int(ip) & 0xFFFFFFFF) if ip in _NAT64 else None)
        if carried is not None:
            return private_kind(carried)
    for kind, networks in _PRIVATE:
        if any(ip in network for network in networks):
            return kind
    return "reserved" if ip.is_reserved or not ip.is_global else None


def public_addresses(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to, when every one is public; else PrivateAddress says
    which is not. A name that does not resolve raises socket.gaierror."""
    try:
        addresses = [ip_address(host)]
        literal = True
    except ValueError:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        addresses = list(dict.fromkeys(ip_address(info[4][0]) for info in found))
        literal = False
    for ip in addresses:
        if kind := private_kind(ip):
            named = f"{host} is" if literal else f"{host} resolves to {ip},"
            raise PrivateAddress(f"refused: {named} a private address ({kind}); {ALLOW_HINT}")
    return [str(ip) for ip in addresses]


def refusal(url: str) -> str | None:
    """Why `url` may not be fetched (its host is, or resolves to, a private address), or None.
    A host that does not resolve is not refused here: its fetch fails with its own reason."""
    try:
        parsed = httpx.URL(url)
        public_addresses(parsed.raw_host.decode("ascii"), parsed.port or (443 if parsed.scheme == "https" else 80))
    except PrivateAddress as exc:
        return str(exc)
    except (httpx.InvalidURL, OSError, UnicodeError):
        pass  # not a URL, or a name that does not resolve: the fetch says so
    return None


class _PublicOnly(httpcore.NetworkBackend):
    """Connects only to public addresses, and to the very address vetted (no second lookup)."""

    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            addresses = public_addresses(host, port)
        except socket.gaierror as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        failure = None
        for address in addresses:
            try:
                return self._backend.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        raise failure

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class PublicOnlyTransport(httpx.HTTPTransport):
    """httpx's transport, with every connection made by `_PublicOnly`: redirects, robots.txt
    and reused connections alike reach public addresses only. (No proxy: a proxy would make
    the connection, to wherever the name resolves for it.)"""

    def __init__(self) -> None:
        ssl_context = httpx.create_ssl_context()
        super().__init__(verify=ssl_context)
        # HTTPTransport takes no network backend, its connection pool does: the pool is made
        # again with one, and with HTTPTransport's own limits.
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=_PublicOnly(),
        )
