"""Per-client rate limits on writes, counted in the shared cache so all workers agree."""

from django.conf import settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from geo_participation.cache import count_in_window

from . import idempotency


class _WriteThrottle(BaseThrottle):
    """A fixed-window counter per client in the shared cache (geo_participation.cache)."""

    scope = ""
    setting = ""

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        if getattr(view, "idempotent", False) and idempotency.is_replay(request):
            # Answered from the stored response, so it costs nothing: retries never use up
            # the rate (a client retrying a lost answer would otherwise lock itself out).
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
        return self.wait_seconds


class SubmissionThrottle(_WriteThrottle):
    """Limit each client's submissions (writes only) to GP_SUBMISSION_RATE."""

    scope = "submission"
    setting = "GP_SUBMISSION_RATE"


class SupportThrottle(_WriteThrottle):
    """Limit each client's support writes (me too, taking it back) to GP_SUPPORT_RATE."""

    scope = "support"
    setting = "GP_SUPPORT_RATE"
