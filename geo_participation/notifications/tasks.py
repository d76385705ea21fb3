"""The worker's jobs: send one notification; now and then, queue again what is still unsent.

Run them with `manage.py procrastinate worker` (docs/operations.md).
"""

from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, transaction
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued

from . import delivery, selectors

QUEUE = "mail"
# An unsent notification younger than this still has its first job on the way.
REQUEUE_AFTER = timedelta(minutes=1)


@app.task(
    name="notifications.send",
    queue=QUEUE,
    # Any failure (SMTP down, a refused connection, a timeout) is retried with exponential
    # backoff; after the last attempt the row stays unsent for requeue_unsent.
    retry=RetryStrategy(
        max_attempts=settings.GP_NOTIFY_MAX_ATTEMPTS,
        exponential_wait=settings.GP_NOTIFY_RETRY_WAIT,
    ),
)
def send_notification(notification_id: int) -> str:
    """Send one notification unless it went out already; return what became of it."""
    # The worker runs sync tasks in threads that outlive a request cycle: drop broken or
    # expired connections the way Django does between requests.
    close_old_connections()
    try:
        return delivery.deliver(notification_id=notification_id)
    finally:
        close_old_connections()


def _defer(notification_id: int) -> None:
    # The queueing lock keeps one waiting job per notification however often it is queued.
    send_notification.configure(queueing_lock=f"notification-{notification_id}").defer(
        notification_id=notification_id
    )


def queue(notification_ids) -> None:
    """Defer a send job for each new notification, in the caller's transaction."""
    for notification_id in notification_ids:
        _defer(notification_id)


def requeue(notification_ids) -> int:
    """Queue unsent notifications again, skipping those whose job still waits; return how many."""
    queued = 0
    for notification_id in notification_ids:
        try:
            # A savepoint: the lock's unique violation must not end the caller's transaction.
            with transaction.atomic():
                _defer(notification_id)
        except AlreadyEnqueued:
            continue
        queued += 1
    return queued


@app.periodic(cron=settings.GP_NOTIFY_REQUEUE_CRON, periodic_id="requeue-unsent")
@app.task(name="notifications.requeue_unsent", queue=QUEUE)
def requeue_unsent(timestamp: int) -> int:
    """Queue again every notification still unsent (its attempts ran out); return how many."""
    close_old_connections()
    return requeue(selectors.unsent_ids(older_than=REQUEUE_AFTER))
