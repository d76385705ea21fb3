"""Helpers shared by the intake tests: GeoJSON builders, posting, and refusal checks."""

import re
import threading

from django.db import connection

from tests.conftest import submissions_url

# A square well inside the campaign area, closed as GeoJSON requires.
SQUARE = [[7.76, 49.43], [7.78, 49.43], [7.78, 49.45], [7.76, 49.45], [7.76, 49.43]]


def point(coordinates):
    return {"type": "Point", "coordinates": coordinates}


def line(coordinates):
    return {"type": "LineString", "coordinates": coordinates}


def polygon(*rings):
    return {"type": "Polygon", "coordinates": list(rings)}


def post(client, campaign, body, *, key=None):
    """POST a body: dicts and lists as JSON, str and bytes as the raw request body."""
    # The API answers in the caller's language (German by default); the words these tests
    # look for in `detail` are the English ones.
    headers = {"Accept-Language": "en"}
    if key:
        headers["Idempotency-Key"] = key
    if isinstance(body, (str, bytes)):
        return client.post(
            submissions_url(campaign), body, content_type="application/json", headers=headers
        )
    return client.post(submissions_url(campaign), body, format="json", headers=headers)


def assert_refused(response, status, code, word):
    """Assert a clear JSON refusal: status, code, and a detail naming the problem."""
    assert response.status_code < 500, response.content[:500]
    assert response.status_code == status, response.content[:500]
    body = response.json()
    assert body["code"] == code, body
    assert re.search(word, body["detail"], re.IGNORECASE), body


def concurrently(count, send):
    """Run send(slot) in `count` threads released together; return their results in order."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(slot):
        try:
            barrier.wait(timeout=20)
            results[slot] = send(slot)
        except Exception as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(slot,)) for slot in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results
