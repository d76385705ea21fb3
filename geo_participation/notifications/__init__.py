"""Notification mails: authors and followers hear of decisions on posts, via the task queue."""
