"""The OpenAPI schema is the API: schemathesis checks every operation against /api/schema/.

Every operation is called with generated valid and invalid data (hypothesis, derandomised and
bounded) anonymously and as each role, against the test database with a campaign, categories
and published submissions, and each answer is held to all of schemathesis' stateless checks.
`make schema-check` runs this module alone.
"""

import pytest
import schemathesis
from django.contrib.auth.models import Group, User
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    missing_required_header,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from geo_participation.wsgi import application
from tests.conftest import TIME_QUESTION

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    missing_required_header,
    unsupported_method,
]
ROLES = ["anonymous", "citizen", "moderator", "planner"]
GROUPS = {"moderator": "moderators", "planner": "planners"}

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
# Distinct failures of this run, (operation, check title, status): printed at the end.
FOUND = set()


@pytest.fixture(scope="module", autouse=True)
def _report_distinct_failures():
    yield
    print(f"\nschemathesis: {len(FOUND)} distinct failures")
    for item in sorted(FOUND):
        print("  ", *item)


@pytest.fixture
def _keep_connection():
    # The WSGI handler closes the database connection after each request, as under gunicorn;
    # the test's transaction must survive it (django.test.Client does the same).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def data(campaign, make_submission, make_category):
    """Published, pending and rejected submissions in the test campaign, and a second campaign."""
    make_submission(campaign, answers={"time_of_day": "night"}, comment="dark corner")
    make_submission(campaign, status="pending", answers={"time_of_day": "day"})
    make_submission(campaign, status="rejected", answers={"time_of_day": "day"})
    make_category(campaign, "night", "point", questions=[TIME_QUESTION], sensitive=True)
    make_submission(campaign, category="night", answers={"time_of_day": "night"})
    return campaign


BEYOND_JSON_SCHEMA = {
    # "A JPEG, PNG or WebP image": random bytes get 400 or 415.
    "POST /api/submissions/{id}/photo/",
    # A bbox needs minx < maxx and miny < maxy, an order between items of one string.
    "GET /api/campaigns/{slug}/submissions/",
    # A valid geometry inside the campaign's area, of one of its categories, answering its
    # questions: each campaign decides, no schema of the operation can.
    "POST /api/campaigns/{slug}/submissions/",
}


def authorization(role):
    """Return the Authorization header of a fresh user in the role, or none for anonymous."""
    if role == "anonymous":
        return {}
    user, created = User.objects.get_or_create(username=f"st-{role}")
    if created and role in GROUPS:
        user.groups.add(Group.objects.get_or_create(name=GROUPS[role])[0])
    return {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_operation_conforms(case, role, data, _keep_connection):
    """Every answer of every operation, for every role, is the one the schema documents."""
    # Bodies as documented, uncompressed: schemathesis's WSGI transport does not undo the gzip
    # that geo_participation/compression.py applies when asked (tested in test_compression).
    headers = {"Accept-Encoding": "identity", **authorization(role)}
    checks = CHECKS
    if case.operation.label in BEYOND_JSON_SCHEMA:
        # Only the check that schema-valid data is accepted cannot hold here: what makes the
        # data valid is beyond JSON Schema, and the refusal is the documented 400 or 415.
        checks = [c for c in CHECKS if c is not positive_data_acceptance]
    try:
        case.call_and_validate(headers=headers, checks=checks)
    except (FailureGroup, Exception) as exc:  # noqa: BLE001 - recorded, then raised again
        for failure in getattr(exc, "exceptions", [exc]):
            FOUND.add(
                (
                    case.operation.label,
                    getattr(failure, "title", type(failure).__name__),
                    str(getattr(failure, "status_code", "")),
                )
            )
        raise
