"""Moderation: the queue, approve and reject, in the API and in the Django admin."""
