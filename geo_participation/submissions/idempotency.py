"""Idempotency-Key handling: replay the first response, refuse a key reused for another body.

Bookkeeping costs one read before the request (shared with the throttle, which does not count
a replay) and one INSERT in the transaction of the submission itself: the key is claimed when
the answer is known, and a unique index decides between two requests racing with one key.
"""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
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


def stored(request) -> IdempotencyKey | None:
    """Return the live record of the request's key (any body), or None; asked once a request."""
    # The throttle asks first (a replay is not counted), then run_once: one query for both.
    if not hasattr(request, "_gp_idempotency"):
        key = request.headers.get(HEADER)
        request._gp_idempotency = (
            IdempotencyKey.objects.filter(
                scope=scope_of(request), key=key, created_at__gte=_cutoff()
            )
            .only("fingerprint", "status_code", "response")
            .first()
            if key
            else None
        )
    return request._gp_idempotency


def is_replay(request) -> bool:
    """Return whether the request repeats one already answered (same scope, key and body)."""
    record = stored(request)
    return record is not None and record.fingerprint == fingerprint(request)


def expired():
    """Return the idempotency records older than GP_IDEMPOTENCY_TTL_HOURS."""
    return IdempotencyKey.objects.filter(created_at__lt=_cutoff())


def _cutoff():
    return timezone.now() - timedelta(hours=settings.GP_IDEMPOTENCY_TTL_HOURS)


class _Taken(Exception):
    """Another request with this key was answered first (rolls this one's writes back)."""


def run_once(request, *, handler) -> Response:
    """Run handler() once per (scope, key); later requests with the key get its response."""
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
    record = stored(request)
    if record is not None:
        return _replay(record, digest)
    scope = scope_of(request)
    try:
        # One transaction: the key is stored with the submission or not at all (a refusal
        # rolls both back and leaves the key free).
        with transaction.atomic():
            response = handler()
            if not _claim(scope=scope, key=key, digest=digest, response=response):
                raise _Taken
    except _Taken:
        # A concurrent request with the key committed first: this one's writes are rolled
        # back, and it answers what the first one answered.
        return _replay(IdempotencyKey.objects.get(scope=scope, key=key), digest)
    return response


# ON CONFLICT: a concurrent INSERT of the same (scope, key) waits on the unique index until the
# first commits (then it updates nothing, and returns no row) or rolls back (then it inserts).
# A record past its lifetime is taken over: the key is free again.
CLAIM = """
INSERT INTO {table} AS k (key, scope, fingerprint, status_code, response, submission_id, created_at)
VALUES (%s, %s, %s, %s, %s::jsonb, %s, %s)
ON CONFLICT (scope, key) DO UPDATE SET
    fingerprint = EXCLUDED.fingerprint, status_code = EXCLUDED.status_code,
    response = EXCLUDED.response, submission_id = EXCLUDED.submission_id,
    created_at = EXCLUDED.created_at
WHERE k.created_at < %s
RETURNING k.id
"""


def _claim(*, scope, key, digest, response) -> bool:
    """Store the response under the key; return False when another request holds the key."""
    data = response.data or {}
    table = connection.ops.quote_name(IdempotencyKey._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            CLAIM.format(table=table),
            [
                key,
                scope,
                digest,
                response.status_code,
                json.dumps(data, cls=DjangoJSONEncoder),
                data.get("id"),
                timezone.now(),
                _cutoff(),
            ],
        )
        return cursor.fetchone() is not None


def _replay(record, digest) -> Response:
    if record.fingerprint != digest:
        raise Rejected(
            _("This %(header)s was already used for a different request.") % {"header": HEADER},
            code="idempotency_key_reused",
            status_code=422,
        )
    return Response(
        record.response, status=record.status_code, headers={"Idempotent-Replayed": "true"}
    )
