"""The read path of what an account itself holds about a person."""

from allauth.account.models import EmailAddress


def account_data(user) -> dict | None:
    """Return the account's own data (name, addresses, dates), or None for an anonymous visitor."""
    if not user.is_authenticated:
        return None
    addresses = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    return {
        "username": user.get_username(),
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary} for a in addresses
        ],
        # An account made in the admin has its address here only.
        "email": user.email or None,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }
