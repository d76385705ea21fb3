"""API authentication that honours e-mail confirmation on every path, like the login form does.

These are the configured DRF authenticators (settings.REST_FRAMEWORK); every endpoint, DRF view
or plain Django view, asks them through geo_participation.accounts.viewer.request_viewer.
Basic and token credentials are checked against the failed-login limit first (lockout), and
their writes must not come from a page of another site (browsers).
"""

from allauth.account.models import EmailAddress
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import (
    BasicAuthentication,
    SessionAuthentication,
    TokenAuthentication,
    get_authorization_header,
)

from . import lockout
from .browsers import challenge, refuse_cross_site_write


class EmailUnconfirmed(exceptions.AuthenticationFailed):
    """The credentials are right, but the account's e-mail address is not confirmed yet."""


def email_unconfirmed(user) -> bool:
    """Return whether the user signed up with an address they have not confirmed yet."""
    # Accounts made by the admin or the demo loader have no address records and stay usable.
    addresses = EmailAddress.objects.filter(user=user)
    return addresses.exists() and not addresses.filter(verified=True).exists()


def _refuse_unconfirmed(user):
    # Otherwise a password or a token would be a way round ACCOUNT_EMAIL_VERIFICATION.
    if email_unconfirmed(user):
        raise EmailUnconfirmed(_("Confirm your e-mail address first; we sent you a link."))


def _uses(request, keyword: str) -> bool:
    scheme = get_authorization_header(request).split(b" ", 1)[0]
    return scheme.lower() == keyword.lower().encode()


class VerifiedBasicAuthentication(BasicAuthentication):
    """HTTP basic auth within the failed-login limit, for confirmed accounts, no cross-site writes.

    First of the configured authenticators, so its challenge is the API's: Basic for GIS clients
    and curl, none a browser would answer with a password dialog.
    """

    def authenticate(self, request):
        """Return the user and None; refuse a write a page of another site could have sent."""
        if _uses(request, "Basic"):
            refuse_cross_site_write(request)
        return super().authenticate(request)

    def authenticate_credentials(self, userid, password, request=None):
        """Return the user and None, or refuse: over the limit (before hashing), wrong, or
        unconfirmed."""
        lockout.refuse_if_locked(request, userid)
        try:
            user, auth = super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            lockout.count_failure(request, userid)
            raise
        _refuse_unconfirmed(user)
        return user, auth

    def authenticate_header(self, request):
        """Return the challenge of a 401: Basic, except to browsers (never asked for a password)."""
        return challenge(request)


class VerifiedTokenAuthentication(TokenAuthentication):
    """Token auth within the failed-login limit, for confirmed accounts, no cross-site writes."""

    def authenticate(self, request):
        """Return the token's user and the token, or refuse (a wrong token counts as a failure)."""
        if not _uses(request, self.keyword):
            return None
        refuse_cross_site_write(request)
        # A token has no username: its failures count against the address only.
        lockout.refuse_if_locked(request)
        try:
            return super().authenticate(request)
        except EmailUnconfirmed:
            raise
        except exceptions.AuthenticationFailed:
            lockout.count_failure(request)
            raise

    def authenticate_credentials(self, key):
        """Return the token's user and the token, or refuse an unconfirmed account."""
        user, token = super().authenticate_credentials(key)
        _refuse_unconfirmed(user)
        return user, token


class VerifiedSessionAuthentication(SessionAuthentication):
    """Session auth in which an account with an unconfirmed address is nobody."""

    def authenticate(self, request):
        """Return the session's user, or None (anonymous) for an unconfirmed account."""
        found = super().authenticate(request)
        if found is not None and email_unconfirmed(found[0]):
            return None
        return found
