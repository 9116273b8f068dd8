"""The kit's own IPv4 addresses, to tell the other kits where to reach it.

Loopback (127.x) and virtual bridges (docker, libvirt, veth) are left out: other
kits could not reach them. The address the system uses for multicast comes first.

Example::

    from fabrique_kit.net.addresses import local_ipv4_addresses
    local_ipv4_addresses()    # ['192.168.1.20']  ([] when the kit has no network address)
"""

from __future__ import annotations

import ipaddress
import socket

import ifaddr

MDNS_GROUP = "224.0.0.251"
_VIRTUAL_PREFIXES = (
    "docker",
    "br-",
    "veth",
    "virbr",
    "lxcbr",
    "vmnet",
    "vboxnet",
    "zt",
    "tailscale",
)


def _multicast_source_address() -> str | None:
    """The source address the system picks to reach the mDNS group (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect((MDNS_GROUP, 5353))
            return probe.getsockname()[0]
    except OSError:
        return None


def local_ipv4_addresses() -> list[str]:
    """The IPv4 addresses of the real network interfaces, the multicast one first."""
    found: list[str] = []
    link_local: list[str] = []
    for adapter in ifaddr.get_adapters():
        if adapter.nice_name.startswith(_VIRTUAL_PREFIXES):
            continue
        for ip in adapter.ips:
            if not ip.is_IPv4:
                continue
            address = ipaddress.IPv4Address(ip.ip)
            if address.is_loopback or address.is_unspecified:
                continue
            (link_local if address.is_link_local else found).append(str(address))
    found = sorted(set(found)) or sorted(set(link_local))
    preferred = _multicast_source_address()
    if preferred in found:
        found.remove(preferred)
        found.insert(0, preferred)
    return found  # never 127.0.0.1: another kit would reach itself there
