"""Per-client rate limits, counted in the shared cache so that all workers agree."""

from django.conf import settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from geo_participation.cache import count_in_window


class ClientThrottle(BaseThrottle):
    """A fixed-window counter per client (geo_participation.cache) at the rate in `setting`."""

    scope = ""
    setting = ""

    def counts(self, request, view) -> bool:
        """Return whether this request uses up the rate (every request, unless overridden)."""
        return True

    def allow_request(self, request, view):
        """Count the request in its client's window; refuse it once the window is full."""
        if not self.counts(request, view):
            return True
        # Read at request time, so the environment (and tests) can change it.
        limit, duration = SimpleRateThrottle.parse_rate(None, getattr(settings, self.setting))
        key = f"throttle:{self.scope}:{self._ident(request)}"
        count, self.wait_seconds = count_in_window(key, duration)
        return count <= limit

    def _ident(self, request):
        if request.user.is_authenticated:
            return f"user-{request.user.pk}"
        # BaseThrottle.get_ident trusts X-Forwarded-For only from GP_NUM_PROXIES proxies.
        return f"addr-{self.get_ident(request)}"

    def wait(self):
        """Return the seconds left in the full window."""
        return self.wait_seconds
