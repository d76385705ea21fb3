"""Database and cache outages: 503 with Retry-After on every endpoint, never 500.

A lost connection says nothing about the request: the same request succeeds once PostgreSQL
(or Redis) is back, so the answer is 503 with Retry-After, which HTTP clients retry, and not
500, which they must not. Errors of the request's own SQL keep their normal path: a constraint
violation, a bad query, a lock timeout or a deadlock is a defect to look at, not an outage.

Which database errors count as an outage (is_outage):
- InterfaceError (Django's or psycopg's): the connection is closed or unusable.
- OperationalError without a SQLSTATE: no server answered (connection refused, the server
  closed the connection, the connection was lost mid-query).
- OperationalError with a SQLSTATE of SERVER_UNAVAILABLE: connection exceptions (class 08),
  too many connections (53300), the server shutting down or starting up (57P01-57P03), and a
  statement cancelled (57014) by statement_timeout or an operator. A cancelled statement is
  a server that cannot keep up, its transaction was rolled back, and the request is safe to
  send again (submissions carry an Idempotency-Key), so it is answered 503 as well.
"""

import logging
import sys

import psycopg
import redis.exceptions
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from geo_participation.languages import language_neutral

logger = logging.getLogger(__name__)

SERVER_UNAVAILABLE = ("08", "53300", "57P01", "57P02", "57P03", "57014")
# The API and the delivery endpoints answer outages in the API's JSON error shape; every other
# path is a page and gets a small HTML page.
JSON_PREFIXES = ("/api/", "/tiles/", "/ogc/", "/heatmaps/", "/exports/", "/reports/")
# Set by note_outage on a request whose failure Django has already turned into a 500.
FAILURE = "_gp_outage"


def is_outage(exc: BaseException | None) -> bool:
    """Return whether exc is a failure to reach the database or the cache (see the module)."""
    if isinstance(exc, redis.exceptions.ConnectionError | redis.exceptions.TimeoutError):
        return True
    if isinstance(exc, InterfaceError | psycopg.InterfaceError):
        return True
    if not isinstance(exc, OperationalError | psycopg.OperationalError):
        return False
    # Django re-raises psycopg's error as its own, with psycopg's as the cause.
    cause = exc if isinstance(exc, psycopg.Error) else exc.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith(SERVER_UNAVAILABLE)


def retry_headers() -> dict:
    """Return the headers of every outage answer: Retry-After, and never kept by a cache."""
    return {"Retry-After": str(settings.GP_RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}


def outage_body() -> dict:
    """Return the API's JSON error for an outage, in the active language."""
    return {
        "detail": _("The service is briefly unavailable; please try again in a few seconds."),
        "code": "service_unavailable",
    }


def log_outage(request, exc: BaseException) -> None:
    """Log one line for a request answered 503 because of an outage."""
    logger.warning("Service unavailable: %s %s: %s", request.method, request.path, exc)


def unavailable(request, exc: BaseException) -> HttpResponse:
    """Return the 503 for an outage: JSON on the API and delivery paths, else an HTML page."""
    log_outage(request, exc)
    with translation.override(_language(request)):
        if request.path.startswith(JSON_PREFIXES):
            return JsonResponse(outage_body(), status=503, headers=retry_headers())
        # Rendered without the request: context processors would read the session or the
        # user, which need the database that just failed. No static files either.
        page = render_to_string(
            "health/unavailable.html", {"retry_after": settings.GP_RETRY_AFTER_SECONDS}
        )
    return HttpResponse(page, status=503, headers=retry_headers())


def _language(request) -> str:
    # The language the request would have been answered in (geo_participation.languages),
    # found again here: the failure may have come before LocaleMiddleware chose it.
    if language_neutral(request.path):
        return settings.LANGUAGE_CODE
    return translation.get_language_from_request(request)


def note_outage(sender, request=None, **kwargs) -> None:
    """Mark the request when the exception Django is turning into a 500 is an outage."""
    # A got_request_exception receiver: Django sends it while handling the exception.
    exc = sys.exc_info()[1]
    if request is not None and is_outage(exc):
        setattr(request, FAILURE, exc)


class OutageMiddleware:
    """Answer 503 with Retry-After for outages raised anywhere below it (first in MIDDLEWARE).

    A view's exception reaches process_exception. An exception of another middleware (a
    session saved, allauth's checks, a lazy user read) never reaches this one: Django turns it
    into a 500 at that middleware's boundary. note_outage marks the request on the way, and
    the 500 is replaced here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        """Return the response below, or the 503 when an outage was turned into a 500."""
        response = self.get_response(request)
        failure = getattr(request, FAILURE, None)
        return response if failure is None else unavailable(request, failure)

    def process_exception(self, request, exception):
        """Return the 503 for a view's outage; leave every other exception to Django."""
        return unavailable(request, exception) if is_outage(exception) else None
