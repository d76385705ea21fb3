"""Per-client rate limits on writes and probes (geo_participation.throttling counts them)."""

from geo_participation.throttling import ClientThrottle

from . import idempotency


class _WriteThrottle(ClientThrottle):
    """Count writes only, and not the retries answered from their stored response."""

    hands_out_clients = True

    def counts(self, request, view) -> bool:
        """Return whether the request is a write that is not an idempotent replay."""
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return False
        # A retry answered from its stored response is no new write, so it costs nothing:
        # a client retrying a lost answer would otherwise lock itself out.
        return not (getattr(view, "idempotent", False) and idempotency.is_replay(request))


class SubmissionThrottle(_WriteThrottle):
    """Limit each client's submissions (writes only) to GP_SUBMISSION_RATE."""

    scope = "submission"
    setting = "GP_SUBMISSION_RATE"


class SupportThrottle(_WriteThrottle):
    """Limit each client's support writes (me too, taking it back) to GP_SUPPORT_RATE."""

    scope = "support"
    setting = "GP_SUPPORT_RATE"


class NearbyThrottle(ClientThrottle):
    """Limit each client's nearby questions to GP_NEARBY_RATE.

    Each answer says no more than the public map, but unlimited probing costs PostGIS work and
    is the one way to test many places against a privacy cell.
    """

    scope = "nearby"
    setting = "GP_NEARBY_RATE"
