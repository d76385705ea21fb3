"""Per-client rate limits on writes, counted in the shared cache so all workers agree."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class _WriteThrottle(SimpleRateThrottle):
    setting = ""

    def get_rate(self):
        # Read at request time, so the environment (and tests) can change it.
        return getattr(settings, self.setting)

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"addr-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class SubmissionThrottle(_WriteThrottle):
    scope = "submission"
    setting = "GP_SUBMISSION_RATE"


class SupportThrottle(_WriteThrottle):
    scope = "support"
    setting = "GP_SUPPORT_RATE"
