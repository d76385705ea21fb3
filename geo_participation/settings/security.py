"""Transport security, cookies and the Content-Security-Policy (`check --deploy`)."""

from csp.constants import NONCE, NONE, SELF

from .base import env

# The defaults suit plain http on 127.0.0.1 (the demo). In production behind TLS set
# GP_SECURE_COOKIES, GP_SSL_REDIRECT and GP_HSTS_SECONDS; docs/ lists the whole environment.
# Session and CSRF cookies over HTTPS only.
SESSION_COOKIE_SECURE = env.bool("GP_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto, requests count as secure (without
# it, GP_SSL_REDIRECT behind such a proxy would redirect forever).
if env.bool("GP_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Redirect http to https. Load balancers probe the health endpoints over plain http.
SECURE_SSL_REDIRECT = env.bool("GP_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$", r"^readyz/?$"]
# Strict-Transport-Security: 0 sends none. Browsers remember it for that many seconds, so
# raise it step by step (300, then 31536000); preload asks browsers to ship the host list.
SECURE_HSTS_SECONDS = env.int("GP_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("GP_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("GP_HSTS_PRELOAD", default=False)
# Links in confirmation mails; https once cookies are https-only.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SESSION_COOKIE_SECURE else "http"
# Every page: our own scripts, styles, images and requests, nothing from anyone else. Inline
# code runs only with the response's nonce (the import map, Swagger UI's start script). Styles
# get no 'unsafe-inline' either: no template has a style="" attribute, Swagger UI's <style>
# carries the nonce, and styles that MapLibre and OpenLayers set from script (CSSOM) are not
# subject to CSP. The OGC API pages are rendered without a request, so their one <style> block
# is allowed by its hash (tests/geo_participation/test_csp.py checks it against the template).
# The one third-party source, an opted-in base map host (GP_BASEMAP), is added by
# geo_participation/csp.py; the offline report has its own policy (layers/reports/views.py).
_OGC_STYLE = "'sha256-2GFCmi9ISx4Gj9o/OR/EKdRczKgCh0ss0GKXPcGR4+M='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE, _OGC_STYLE],
        # data: for the blank favicon and CSS icons (Swagger UI, the admin).
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        # MapLibre's worker is its own static file (maplibre-gl-worker.mjs): no blob: needed.
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
