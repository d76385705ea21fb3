"""API authentication that honours e-mail confirmation, like the login form does."""

from allauth.account.models import EmailAddress
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication


def email_unconfirmed(user) -> bool:
    """Return whether the user signed up with an address they have not confirmed yet."""
    # Accounts made by the admin or the demo loader have no address records and stay usable.
    addresses = EmailAddress.objects.filter(user=user)
    return addresses.exists() and not addresses.filter(verified=True).exists()


class VerifiedBasicAuthentication(BasicAuthentication):
    """HTTP basic auth that refuses accounts whose e-mail address is not confirmed yet."""

    def authenticate_credentials(self, userid, password, request=None):
        user, auth = super().authenticate_credentials(userid, password, request)
        if email_unconfirmed(user):
            # Otherwise basic auth would be a way round ACCOUNT_EMAIL_VERIFICATION="mandatory".
            raise exceptions.AuthenticationFailed(
                _("Confirm your e-mail address first; we sent you a link.")
            )
        return user, auth
