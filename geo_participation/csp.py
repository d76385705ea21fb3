"""The Content-Security-Policy of every page (django-csp), plus the operator's base map host.

The policy itself is settings.CONTENT_SECURITY_POLICY. The one source it cannot name in advance
is the raster base map the operator may configure (GP_BASEMAP_URL): its origin is allowed here,
only while one is set, and only for the pages that keep the site-wide policy.
"""

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


def basemap_origin() -> str:
    """Return the scheme and host of the configured base map, or "" when there is none."""
    parts = urlsplit(settings.GP_BASEMAP_URL or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware; the map pages may also fetch tiles from the base map host."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        """Return the policy parts, adding the base map origin to the site-wide policy."""
        parts = super().get_policy_parts(request, response, report_only)
        origin = basemap_origin()
        # A view with its own policy (the offline report) gets no network source from here.
        if origin and parts.config is None and parts.replace is None:
            # MapLibre fetches raster tiles (connect-src), then draws them as images (img-src).
            extra = {"connect-src": [origin], "img-src": [origin]}
            parts.update = {**(parts.update or {}), **extra}
        return parts
