"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_participation.settings")

from geo_participation.http_limits import defuse_charsets  # noqa: E402 - needs the settings

# Django decodes the query string with the declared charset while it builds the request,
# before any middleware runs: an unusable charset is taken off here, and the middleware
# (http_limits.RequestLimitsMiddleware) refuses the request with 415 instead of a 500.
application = defuse_charsets(get_wsgi_application())
