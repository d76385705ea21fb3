"""The probes of load balancers and orchestrators: /healthz and /readyz.

Neither is cached, translated or tied to a session: the answer is JSON in English, the same for
everyone, and reads no cookie.
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.http import require_safe

from .outages import retry_headers

logger = logging.getLogger(__name__)

NO_STORE = {"Cache-Control": "no-store"}
# Migrations on disk do not change while a process runs, and applied ones stay applied: once
# none is pending, later probes need not load the migration graph again.
_migrated = {"all": False}


@require_safe
def healthz(request):
    """Answer 200 while the process serves requests; touches no database, cache or session."""
    return JsonResponse({"status": "ok"}, headers=NO_STORE)


@require_safe
def readyz(request):
    """Answer 200 when the database and the cache answer and no migration is pending, else 503
    with Retry-After naming what failed."""
    checks = {"database": _database(), "cache": _cache()}
    checks["migrations"] = _migrations() if checks["database"] == "ok" else "not checked"
    failed = [name for name, state in checks.items() if state in ("failed", "pending")]
    if not failed:
        return JsonResponse({"status": "ok", "checks": checks}, headers=NO_STORE)
    body = {
        "status": "unavailable",
        "detail": f"Not ready: {', '.join(f'{name} {checks[name]}' for name in failed)}.",
        "code": "service_unavailable",
        "failed": failed,
        "checks": checks,
    }
    return JsonResponse(body, status=503, headers=retry_headers())


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        logger.warning("Readiness: the database failed: %s", exc)
        return "failed"
    return "ok"


def _cache() -> str:
    try:
        cache.get("health:readyz")
    # Whatever the backend raises (a connection error, a missing cache table) means not ready.
    except Exception as exc:  # noqa: BLE001
        logger.warning("Readiness: the cache failed: %s", exc)
        return "failed"
    return "ok"


def _migrations() -> str:
    if not _migrated["all"]:
        try:
            executor = MigrationExecutor(connection)
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError as exc:
            logger.warning("Readiness: the migration state failed: %s", exc)
            return "failed"
        _migrated["all"] = not pending
        if pending:
            return "pending"
    return "ok"
