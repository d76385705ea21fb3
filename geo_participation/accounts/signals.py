"""Sent when an account is about to be deleted, inside the deletion's transaction.

The apps that keep something of the person (their posts and supports in submissions, what
they follow) receive it and erase or anonymise it, so accounts needs to know none of them.
"""

from django.dispatch import Signal

# Sent with user=<the account> and keep_posts=<bool>, before the user row is deleted.
account_deleting = Signal()
