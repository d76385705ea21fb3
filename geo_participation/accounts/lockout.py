"""Failed logins, counted per client address and per username: one limit for every way in.

The login form (allauth's and the admin's), HTTP Basic and API tokens all ask refuse_if_locked()
before they check a password or a token, and call count_failure() after a wrong one. So a
guesser is stopped before the password hash (0.2-0.5 s of a worker's CPU each) is computed,
and no way in is a way round another's limit. The counters live in Django's shared cache, so
every worker agrees; windows are fixed (GP_LOGIN_FAILURES, e.g. "10/15m": ten failures per
fifteen minutes), and a success resets nothing, so a guesser gains nothing by logging in to an
account of their own in between.
"""

import hashlib
import math
import re

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import ngettext
from rest_framework import exceptions
from rest_framework.throttling import BaseThrottle

from geo_participation.cache import count_in_window, window_key

# allauth's rate syntax (ACCOUNT_RATE_LIMITS): amount / [count] unit.
RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class TooManyLoginFailures(exceptions.AuthenticationFailed):
    """Too many failed logins from this address or for this username: 429 with Retry-After.

    An AuthenticationFailed, so every place that answers wrong credentials answers this too.
    """

    status_code = 429
    default_code = "too_many_login_failures"

    def __init__(self, wait: int):
        minutes = max(1, math.ceil(wait / 60))
        super().__init__(
            ngettext(
                "Too many failed logins; try again in %(minutes)d minute.",
                "Too many failed logins; try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes}
        )
        self.wait = wait


def login_failure_limit() -> tuple[int, int]:
    """Return GP_LOGIN_FAILURES as (failures allowed, window in seconds)."""
    match = RATE.match(settings.GP_LOGIN_FAILURES)
    if match is None or int(match[1]) < 1:
        raise ImproperlyConfigured(
            f"GP_LOGIN_FAILURES={settings.GP_LOGIN_FAILURES!r}: write it like 10/15m "
            "(failures per window; s, m, h or d)."
        )
    return int(match[1]), int(match[2] or 1) * UNITS[match[3]]


@checks.register(checks.Tags.security)
def check_login_failures(**kwargs) -> list:
    """Report a GP_LOGIN_FAILURES that is no rate at start-up, not at the first login."""
    try:
        login_failure_limit()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="gp_accounts.E001")]
    return []


def client_address(request) -> str:
    """Return the client's address as DRF's throttles see it (GP_NUM_PROXIES, X-Forwarded-For)."""
    return BaseThrottle().get_ident(request) or ""


# A username's failures from all addresses together lock it only at this many times the limit:
# a username locked at the limit from anywhere let anyone who guessed "moderator" keep the staff
# out with ten wrong passwords every quarter hour. Per address (and per username and address)
# the limit holds as it is, so guessing one password from many addresses is still bounded.
ACCOUNT_FACTOR = 10


def _keys(request, username: str | None) -> list[tuple[str, int]]:
    """Return the counters a login attempt counts against, each with its share of the limit."""
    address = client_address(request)
    keys = [(f"login-failures:addr:{address}", 1)]
    if username:
        # Hashed: any string fits a cache key. Case-folded: Anna@ and anna@ are one account.
        name = hashlib.sha256(username.strip().casefold().encode()).hexdigest()
        keys.append((f"login-failures:user:{name}:{address}", 1))
        keys.append((f"login-failures:user:{name}", ACCOUNT_FACTOR))
    return keys


def refuse_if_locked(request, username: str | None = None) -> None:
    """Raise TooManyLoginFailures when this address, or this username from this address (or
    from everywhere, at ACCOUNT_FACTOR times the limit), has no failures left."""
    limit, period = login_failure_limit()
    windows = [(*window_key(key, period), factor) for key, factor in _keys(request, username)]
    counts = cache.get_many([full for full, _left, _factor in windows])  # one query
    for full, left, factor in windows:
        if counts.get(full, 0) >= limit * factor:
            raise TooManyLoginFailures(math.ceil(left))


def count_failure(request, username: str | None = None) -> None:
    """Count a failed login against this address and this username."""
    _limit, period = login_failure_limit()
    for key, _factor in _keys(request, username):
        count_in_window(key, period)


def mark_locked(request, wait: int) -> None:
    """Note on the request that a login form was refused for the limit (the page answers 429)."""
    request._gp_login_locked = wait


class LockedLoginStatusMiddleware:
    """Answer a login page refused for the failed-login limit with 429 and Retry-After.

    The form still shows the error next to its fields; the status tells scripts and proxies
    the same as the API, tiles and OGC API answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        """Return the response, as 429 with Retry-After when a login form was locked."""
        response = self.get_response(request)
        wait = getattr(request, "_gp_login_locked", None)
        if wait is not None and response.status_code == 200:
            response.status_code = 429
            response["Retry-After"] = str(wait)
        return response
