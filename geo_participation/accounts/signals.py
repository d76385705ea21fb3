"""Signals about one person's data, so accounts (and the pages) need to know no app that keeps some.

account_deleting: sent when an account is about to be deleted, inside the deletion's
transaction; the apps that keep something of the person (their posts and supports in
submissions, what they follow) receive it and erase or anonymise it.

personal_data_collecting: sent for the download of one's own data; each receiver returns a
dict of its members of the document (notifications: the posts followed, the mail choice).
"""

from django.dispatch import Signal

# Sent with user=<the account> and keep_posts=<bool>, before the user row is deleted.
account_deleting = Signal()

# Sent with user=<a signed-in account>; receivers return {member name: JSON-able value}.
personal_data_collecting = Signal()
