"""API authentication that honours e-mail confirmation on every path, like the login form does.

These are the configured DRF authenticators (settings.REST_FRAMEWORK); every endpoint, DRF view
or plain Django view, asks them through geo_participation.accounts.viewer.request_viewer.
"""

from allauth.account.models import EmailAddress
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import (
    BasicAuthentication,
    SessionAuthentication,
    TokenAuthentication,
)


def email_unconfirmed(user) -> bool:
    """Return whether the user signed up with an address they have not confirmed yet."""
    # Accounts made by the admin or the demo loader have no address records and stay usable.
    addresses = EmailAddress.objects.filter(user=user)
    return addresses.exists() and not addresses.filter(verified=True).exists()


def _refuse_unconfirmed(user):
    # Otherwise a password or a token would be a way round ACCOUNT_EMAIL_VERIFICATION.
    if email_unconfirmed(user):
        raise exceptions.AuthenticationFailed(
            _("Confirm your e-mail address first; we sent you a link.")
        )


class VerifiedBasicAuthentication(BasicAuthentication):
    """HTTP basic auth that refuses accounts whose e-mail address is not confirmed yet."""

    def authenticate_credentials(self, userid, password, request=None):
        """Return the user and None, or refuse an unconfirmed account."""
        user, auth = super().authenticate_credentials(userid, password, request)
        _refuse_unconfirmed(user)
        return user, auth


class VerifiedTokenAuthentication(TokenAuthentication):
    """DRF token auth that refuses accounts whose e-mail address is not confirmed yet."""

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
