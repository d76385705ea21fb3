"""The Content-Security-Policy of every page (django-csp), plus the opted-in base map host.

The policy itself is settings.CONTENT_SECURITY_POLICY. The one source it cannot name in advance
is a third-party base map the operator may opt in to (GP_BASEMAP "basemapde" or "xyz",
geo_participation/basemap.py): its origin is allowed here, only while that preset is chosen, and
only for the pages that keep the site-wide policy. The default ("self") adds nothing.
"""

from csp.middleware import CSPMiddleware, PolicyParts

from geo_participation.basemap import third_party_origin


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware; the map pages may also fetch tiles from the base map host."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        """Return the policy parts, adding the base map origin to the site-wide policy."""
        parts = super().get_policy_parts(request, response, report_only)
        origin = third_party_origin()
        # A view with its own policy (the offline report) gets no network source from here.
        if origin and parts.config is None and parts.replace is None:
            # MapLibre fetches tiles, glyphs and sprites (connect-src), then draws images (img-src).
            extra = {"connect-src": [origin], "img-src": [origin]}
            parts.update = {**(parts.update or {}), **extra}
        return parts
