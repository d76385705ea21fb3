"""The only write path of accounts: deleting one (DSGVO Art. 17)."""

from django.db import transaction

from .signals import account_deleting


def account_delete(*, user, keep_posts: bool) -> None:
    """Delete the account and everything that names the person, in one transaction.

    keep_posts: the person's posts stay (published ones on the map) with no author; else they
    are deleted. The receivers of account_deleting do their part first; then the user row goes,
    and with it, by foreign keys, their e-mail addresses, API token and the rest.
    """
    with transaction.atomic():
        account_deleting.send(sender=type(user), user=user, keep_posts=keep_posts)
        user.delete()
