"""One person's ratings of a section sent at once, on real PostgreSQL connections: one row."""

import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from geo_participation.references import services
from geo_participation.submissions.models import Submission

from .conftest import rating

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 5  # one per score 1-5


def _all_at_once(monkeypatch, count: int) -> None:
    """Make every thread finish its checks before any of them looks for an existing rating."""
    barrier = threading.Barrier(count, timeout=20)
    real = services.intake_content

    def checked(**kwargs):
        content = real(**kwargs)
        barrier.wait()
        return content

    monkeypatch.setattr(services, "intake_content", checked)


def _put_concurrently(section, user, client_id) -> dict:
    results = {}

    def put(score):
        try:
            results[score] = services.rating_put(
                reference=section, feature=rating(score), user=user, client_id=client_id
            )
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            results[score] = exc
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=put, args=(score,)) for score in range(1, THREADS + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


@pytest.mark.parametrize("who", ["account", "anonymous"])
def test_concurrent_ratings_of_one_person_leave_one_row_with_one_of_their_answers(
    monkeypatch, west, make_user, who
):
    user = make_user("rita") if who == "account" else AnonymousUser()
    client_id = None if who == "account" else "client-1"
    _all_at_once(monkeypatch, THREADS)
    results = _put_concurrently(west, user, client_id)
    failures = [r for r in results.values() if isinstance(r, Exception)]
    assert not failures, failures
    assert sum(created for _, created in results.values()) == 1
    rows = list(Submission.objects.filter(reference=west))
    assert len(rows) == 1
    assert rows[0].answers["score"] in range(1, THREADS + 1)
    assert {stored.pk for stored, _ in results.values()} == {rows[0].pk}
