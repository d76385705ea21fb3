"""The rate limit on ballot writes (cast, change, withdraw), from the API and the plain form.

An anonymous ballot costs no more than a cookie, so one person can cast several: with live
results they could lift a small tally over k and learn the others' answers by difference
(docs/polls.md, "What the limits do not stop"). Besides each voter's own budget
(GP_BALLOT_RATE), all anonymous ballot writes from one address to one campaign share
GP_BALLOT_ADDRESS_RATE, which new cookies do not reset.
"""

from django.conf import settings

from geo_participation.throttling import ClientThrottle, network_of, parse_rate


class BallotThrottle(ClientThrottle):
    """Limit ballot writes: per voter to GP_BALLOT_RATE, anonymous ones per address and
    campaign to GP_BALLOT_ADDRESS_RATE."""

    scope = "ballot"
    setting = "GP_BALLOT_RATE"
    hands_out_clients = True

    def counts(self, request, view) -> bool:
        """Return whether the request writes (reading one's ballot costs nothing)."""
        return request.method not in ("GET", "HEAD", "OPTIONS")

    def extra_budgets(self, request, view) -> list[tuple[str, int, int]]:
        """Return the anonymous writes' shared budget of the address and campaign."""
        if request.user.is_authenticated:
            return []
        limit, period = parse_rate(settings.GP_BALLOT_ADDRESS_RATE)
        address = network_of(self.get_ident(request))
        return [(f"address-{address}-{view.kwargs.get('slug', '')}", limit, period)]
