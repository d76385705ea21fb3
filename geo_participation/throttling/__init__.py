"""Per-client rate limits on sliding windows that all workers share (counters.py).

Who has a budget of its own:
- a logged-in user: per user;
- an anonymous client: per signed client cookie (geo_participation.clients), so that people
  behind one address (a school, a town hall's Wi-Fi) do not share one budget; all anonymous
  clients of one address together stay under a ceiling of GP_ANONYMOUS_CLIENTS_PER_ADDRESS
  budgets, which a script making up new cookies cannot pass;
- requests without a valid cookie (scripts; a browser gets its cookie with the map page): one
  budget per address for all of them, so dropping the cookie never buys a fresh budget.
"""

import ipaddress

from django.conf import settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from geo_participation.clients import client_id, presented_client_id

from . import counters


def network_of(address: str) -> str:
    """Return the address as counted: IPv6 by its /64, which one household or phone is given
    and can rotate through freely; IPv4 as it is."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def parse_rate(rate: str) -> tuple[int, int]:
    """Return (requests, seconds) of a rate in DRF's syntax ("20/hour")."""
    return SimpleRateThrottle.parse_rate(None, rate)


class ClientThrottle(BaseThrottle):
    """A sliding-window budget per client at the rate in `setting`, and for anonymous clients
    a ceiling per address."""

    scope = ""
    setting = ""
    # Whether a request without a cookie gets one here, and is counted as that new client too
    # (writes: their answers are never cached, and the next write then brings the cookie).
    hands_out_clients = False

    def counts(self, request, view) -> bool:
        """Return whether this request uses up the rate (every request, unless overridden)."""
        return True

    def extra_budgets(self, request, view) -> list[tuple[str, int, int]]:
        """Return (identity, limit, period in seconds) of budgets beyond the client's (none)."""
        return []

    def allow_request(self, request, view):
        """Count the request in each of its budgets; refuse it, counting nothing, once one is
        used up."""
        if not self.counts(request, view):
            return True
        # Read at request time, so the environment (and tests) can change it.
        limit, period = parse_rate(getattr(settings, self.setting))
        budgets = [(ident, allowed, period) for ident, allowed in self._budgets(request, limit)]
        budgets += self.extra_budgets(request, view)
        self.wait_seconds = counters.take(
            [
                (f"throttle:{self.scope}:{ident}", allowed, window)
                for ident, allowed, window in budgets
            ]
        )
        return self.wait_seconds is None

    def _budgets(self, request, limit):
        """Return (identity, limit) of each budget this request is counted in."""
        if request.user.is_authenticated:
            return [(f"user-{request.user.pk}", limit)]
        # BaseThrottle.get_ident trusts X-Forwarded-For only from GP_NUM_PROXIES proxies.
        address = network_of(self.get_ident(request))
        ceiling = (f"address-{address}", limit * settings.GP_ANONYMOUS_CLIENTS_PER_ADDRESS)
        client = presented_client_id(request)
        if client is not None:
            return [(f"client-{client}", limit), ceiling]
        cookieless = (f"cookieless-{address}", limit)
        if self.hands_out_clients:
            return [(f"client-{client_id(request)}", limit), cookieless, ceiling]
        return [cookieless, ceiling]

    def wait(self):
        """Return the seconds until the refused budget has room again."""
        return self.wait_seconds
