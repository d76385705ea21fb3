"""a Range header with a number too long for int() is answered, never a 500."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

SIZE = 1000
HUGE = "9" * 5000  # past Python's 4,300-digit limit for int(str); a header line holds it


@pytest.fixture
def small_archive(tmp_path, settings):
    path = tmp_path / "basemap.pmtiles"
    path.write_bytes(bytes(range(256)) * 3 + bytes(SIZE - 768))
    settings.GP_BASEMAP = "self"
    settings.GP_BASEMAP_ARCHIVE = str(path)
    return path


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (f"bytes=0-{HUGE}", {200, 206}),
        (f"bytes={HUGE}-", {200, 416}),
        (f"bytes=-{HUGE}", {200, 206}),
    ],
)
def test_overlong_range_numbers_are_clamped_or_refused(small_archive, header, expected):
    """Expected: clamped (206) or refused (416) as RFC 9110 says, or ignored (200); not 500."""
    response = Client(raise_request_exception=False).get(
        "/basemap/basemap.pmtiles", HTTP_RANGE=header
    )
    assert response.status_code in expected, response.status_code
