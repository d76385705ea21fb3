"""Setting up a poll in a real browser, on a phone and a desktop: the kind, the city's area
taken over, two image options (the alt text refused when missing), publishing; axe on every page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from geo_participation.campaigns.models import Campaign
from geo_participation.polls.images import option_image_set
from geo_participation.polls.models import PollOption, PollQuestion
from tests.page_helpers import (  # noqa: F401 - fixtures
    axe_violations,
    german_page,
    german_phone_page,  # noqa: F811
    horizontal_overflow,
    log_in_as,
    needs_browser,
    plain_static,
)

pytestmark = needs_browser


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(params=["phone", "desktop"])
def page(request):
    name = "german_phone_page" if request.param == "phone" else "german_page"
    return request.getfixturevalue(name)


def _png(colour: str) -> dict:
    out = io.BytesIO()
    Image.new("RGB", (120, 90), colour).save(out, "PNG")
    return {"name": f"{colour}.png", "mimeType": "image/png", "buffer": out.getvalue()}


def _check(page):
    assert axe_violations(page) == [], page.url
    assert page.foreign_requests == [] and page.script_errors == [], page.url
    assert horizontal_overflow(page) == 0, page.url


def _create_poll_with_the_city_area(page, live_server) -> Campaign:
    page.goto(f"{live_server.url}/einrichten/neu/")
    page.get_by_label("Umfrage (Fragen mit Antworten zur Auswahl)").check()
    page.get_by_label("Titel (Deutsch)").fill("Neue Ampelsymbole")
    page.get_by_label("Beschreibung (Deutsch)").fill("Welches Ampelsymbol gefällt Ihnen?")
    page.get_by_label("Beginn").fill("2027-03-01T08:00")
    page.get_by_role("button", name="Entwurf anlegen").click()

    # The area: the city's, taken over from another campaign.
    page.wait_for_selector("#gp-area-map[data-ready=true]", timeout=30_000)
    _check(page)
    page.get_by_label("Gebiet von Kampagne übernehmen").select_option(
        label="Stadtgebiet Kaiserslautern (/c/stadt/)"
    )
    page.get_by_role("button", name="Gebiet speichern").click()
    assert "Das Gebiet wurde gespeichert." in page.locator("#gp-messages").inner_text()
    poll = Campaign.all_objects.get(slug="neue-ampelsymbole")
    assert poll.kind == "poll" and poll.area is not None
    return poll


def test_a_manager_sets_up_and_publishes_a_poll_with_image_options(
    page, live_server, manager, make_campaign
):
    make_campaign("stadt", title="Stadtgebiet Kaiserslautern")
    log_in_as(page, live_server, manager)
    poll = _create_poll_with_the_city_area(page, live_server)
    nav = page.get_by_role("navigation", name="Einrichtung der Kampagne")
    nav.get_by_role("link", name="Fragen").click()
    _check(page)
    page.get_by_role("link", name="Frage hinzufügen").click()
    _check(page)
    page.get_by_label("Frage (Deutsch)").fill("Welches Symbol gefällt Ihnen am besten?")
    page.get_by_label("Frage (Englisch)").fill("Which symbol do you like best?")
    page.locator("#id_option-0-label_de").fill("Fußgänger mit Hut")
    page.locator("#id_option-0-image").set_input_files(_png("red"))
    page.locator("#id_option-1-label_de").fill("Fahrrad")
    page.locator("#id_option-1-image").set_input_files(_png("green"))
    page.locator("#id_option-1-alt_text_de").fill("Grünes Fahrrad-Symbol")
    page.get_by_role("button", name="Speichern", exact=True).click()

    # Refused: the first image has no alt text; said beside it, nothing stored.
    error = page.locator("#id_option-0-alt_text_de-error")
    assert "was das Bild zeigt" in error.inner_text()
    assert page.locator("#id_option-0-alt_text_de").get_attribute("aria-invalid") == "true"
    assert not poll.poll_questions.exists()
    _check(page)
    page.locator("#id_option-0-alt_text_de").fill("Rotes Symbol: Fußgänger mit Hut")
    page.locator("#id_option-0-image").set_input_files(_png("red"))
    page.locator("#id_option-1-image").set_input_files(_png("green"))
    page.get_by_role("button", name="Speichern", exact=True).click()
    assert "Die Frage wurde gespeichert." in page.locator("#gp-messages").inner_text()
    thumbs = page.locator("img.gp-option-thumb")
    assert thumbs.count() == 2
    assert thumbs.first.get_attribute("alt") == "Rotes Symbol: Fußgänger mit Hut"
    # The thumbnails load (served to managers by the setup pages, drafts too).
    page.wait_for_function(
        "() => [...document.images].every(i => i.complete && i.naturalWidth > 0)", timeout=10_000
    )
    _check(page)
    options = poll.poll_questions.get().options.order_by("position")
    assert [o.image_format for o in options] == ["PNG", "PNG"]

    # The questions list previews the ballot form, images and alt texts as residents see them.
    nav.get_by_role("link", name="Fragen").click()
    preview = page.locator(".gp-preview")
    assert "Welches Symbol gefällt Ihnen am besten?" in preview.inner_text()
    assert preview.get_by_role("radio", name="Grünes Fahrrad-Symbol Fahrrad").count() == 1
    page.wait_for_function(
        "() => [...document.images].every(i => i.complete && i.naturalWidth > 0)", timeout=10_000
    )
    _check(page)

    nav.get_by_role("link", name="Veröffentlichen").click()
    assert "mindestens eine Frage mit zwei Optionen" in page.locator(".gp-checklist").inner_text()
    _check(page)
    page.get_by_role("button", name="Veröffentlichen").click()
    assert "Die Kampagne ist veröffentlicht." in page.locator("#gp-messages").inner_text()
    assert not Campaign.all_objects.get(pk=poll.pk).draft
    _check(page)


@pytest.fixture
def stored_poll(make_campaign):
    """A draft vote with one question of two options, the first with an image."""
    vote = make_campaign("events", draft=True, kind="vote", title="Events")
    question = PollQuestion.objects.create(
        campaign=vote, key="events", kind="multiple", label="Welche Events?", max_choices=1
    )
    first = PollOption.objects.create(
        question=question, key="markt", label="Markt", alt_text="Marktstände"
    )
    PollOption.objects.create(question=question, key="kino", label="Kino", position=1)
    png = _png("blue")
    upload = SimpleUploadedFile(png["name"], png["buffer"], content_type="image/png")
    option_image_set(option=first, upload=upload)
    return vote


@pytest.mark.parametrize(
    "suffix",
    [
        "",
        "{slug}/",
        "{slug}/fragen/",
        "{slug}/fragen/neu/",
        "{slug}/fragen/{pk}/",
        "{slug}/fragen/{pk}/loeschen/",
    ],
)
def test_the_poll_setup_pages_fit_a_phone(
    german_phone_page,  # noqa: F811
    live_server,
    manager,
    stored_poll,
    suffix,
):
    page = german_phone_page
    question = stored_poll.poll_questions.get()
    log_in_as(page, live_server, manager)
    path = suffix.format(slug=stored_poll.slug, pk=question.pk)
    assert page.goto(f"{live_server.url}/einrichten/{path}").status == 200
    page.wait_for_function(
        "() => [...document.images].every(i => i.complete && i.naturalWidth > 0)", timeout=10_000
    )
    _check(page)
