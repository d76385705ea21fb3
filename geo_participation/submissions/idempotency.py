"""Idempotency-Key handling: replay the first response, refuse a key reused for another body."""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.response import Response

from geo_participation.errors import Rejected

from .models import IdempotencyKey

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def fingerprint(request) -> str:
    """Return a digest of what makes two requests the same: method, path and parsed body."""
    body = json.dumps(request.data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def scope_of(request) -> str:
    """Return the namespace of the request's keys: its user's, or the anonymous one."""
    # Anonymous keys share one namespace: a retry is replayed whether or not the client kept
    # our cookie (curl, or a first answer that was lost). Keys should be random UUIDs.
    user = request.user
    return user_scope(user) if user.is_authenticated else "anon"


def user_scope(user) -> str:
    """Return the namespace of a signed-in user's keys (their stored responses go with them)."""
    return f"user:{user.pk}"


def is_replay(request) -> bool:
    """Return whether the request repeats one already answered (same scope, key and body)."""
    key = request.headers.get(HEADER)
    if not key:
        return False
    return (
        IdempotencyKey.objects.filter(
            scope=scope_of(request), key=key, fingerprint=fingerprint(request)
        )
        .filter(created_at__gte=_cutoff())
        .exclude(status_code=0)  # still running: not answered yet
        .exists()
    )


def expired():
    """Return the idempotency records older than GP_IDEMPOTENCY_TTL_HOURS."""
    return IdempotencyKey.objects.filter(created_at__lt=_cutoff())


def _cutoff():
    return timezone.now() - timedelta(hours=settings.GP_IDEMPOTENCY_TTL_HOURS)


def run_once(request, *, handler) -> Response:
    """Run handler() once per (scope, key); later requests with the key get its response."""
    scope = scope_of(request)
    key = request.headers.get(HEADER)
    if key is None:
        return handler()
    if not key.strip() or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise Rejected(
            _("%(header)s must be 1-%(limit)d printable characters.")
            % {"header": HEADER, "limit": MAX_KEY_LENGTH},
            code="invalid_key",
        )
    digest = fingerprint(request)
    # One transaction: a concurrent request with the same key waits on the unique index until
    # this one commits (then replays it) or rolls back (then runs itself). Never two rows.
    with transaction.atomic():
        # A key older than its lifetime is free again.
        expired().filter(scope=scope, key=key).delete()
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(
                    scope=scope, key=key, fingerprint=digest, status_code=0, response={}
                )
        except IntegrityError:
            return _replay(scope=scope, key=key, digest=digest)
        response = handler()
        record.status_code = response.status_code
        record.response = response.data
        record.submission_id = (response.data or {}).get("id")
        record.save(update_fields=["status_code", "response", "submission"])
    return response


def _replay(*, scope, key, digest) -> Response:
    record = IdempotencyKey.objects.get(scope=scope, key=key)
    if record.fingerprint != digest:
        raise Rejected(
            _("This %(header)s was already used for a different request.") % {"header": HEADER},
            code="idempotency_key_reused",
            status_code=422,
        )
    return Response(
        record.response, status=record.status_code, headers={"Idempotent-Replayed": "true"}
    )
