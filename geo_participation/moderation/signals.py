"""Sent for every recorded decision on a submission, inside the transaction that made it.

Receivers (notifications) queue their work in the same transaction, so a decision and what
follows from it are committed together or not at all.
"""

from django.dispatch import Signal

# Sent with change=<SubmissionChange> (its submission loaded), sender=SubmissionChange.
change_recorded = Signal()
