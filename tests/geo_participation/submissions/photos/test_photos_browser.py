"""photos/upload.js on the add page: the form's gp:submitted event uploads the chosen photo."""

import pytest

from geo_participation.submissions.models import Submission
from geo_participation.submissions.photos.models import Photo
from tests.page_helpers import german_page, needs_browser, plain_static  # noqa: F401 - fixtures
from tests.photo_helpers import jpeg_with_gps

pytestmark = needs_browser


@pytest.fixture
def page(german_page, settings, tmp_path):  # noqa: F811 - the imported fixture, renamed
    settings.MEDIA_ROOT = tmp_path / "media"
    return german_page


def open_add_form(page, live_server, campaign):
    page.goto(f"{live_server.url}/c/{campaign.slug}/add/")
    page.wait_for_selector("#photo-field")
    # The page includes upload.js itself; it has wired the form once its status line exists.
    page.wait_for_selector("#gp-photo-status", state="attached")


def submit_with_photo(page, content: bytes, name: str, comment: str):
    """Fill the real add form, choose the file in its photo input and send the form."""
    page.check("#cat-spot")
    page.fill("#gp-lat", "49.4447")  # Stiftsplatz
    page.fill("#gp-lon", "7.7686")
    page.check("#q-spot-time_of_day-2")
    page.set_input_files(
        "#gp-photo", files=[{"name": name, "mimeType": "image/jpeg", "buffer": content}]
    )
    page.fill("#gp-comment", comment)
    page.click("#gp-submit")
    page.wait_for_function("() => document.getElementById('gp-thanks').textContent.length > 0")


def test_the_chosen_photo_is_uploaded_after_submitting(page, live_server, campaign):
    open_add_form(page, live_server, campaign)
    submit_with_photo(page, jpeg_with_gps(), "platz.jpg", "mit Foto")
    page.wait_for_selector("#gp-photo-status[data-state=done]")
    assert "Foto gespeichert" in page.inner_text("#gp-photo-status")
    assert Photo.objects.get().submission == Submission.objects.get(comment="mit Foto")
    assert page.foreign_requests == []


def test_a_refused_photo_is_reported_with_the_servers_reason(page, live_server, campaign):
    open_add_form(page, live_server, campaign)
    submit_with_photo(page, b"%PDF-1.4 not really a photo", "platz.jpg", "ohne Foto")
    page.wait_for_selector("#gp-photo-status[data-state=failed]")
    text = page.inner_text("#gp-photo-status")
    assert "nicht gespeichert" in text and "kein JPEG-, PNG- oder WebP-Bild" in text
    assert not Photo.objects.exists()
    # The submission itself was stored; only its photo was refused.
    assert Submission.objects.filter(comment="ohne Foto").count() == 1
