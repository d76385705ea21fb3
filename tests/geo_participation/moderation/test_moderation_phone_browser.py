"""The moderation page on a phone (375 x 812) in a real browser: it fits, pages, filters,
draws shapes as shapes and approves several posts at once without approving an unseen photo."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.gis.geos import LineString, Point, Polygon

from geo_participation.submissions.models import Status, Submission
from tests.page_helpers import (  # noqa: F401 - fixtures
    axe_violations,
    german_page,
    log_in_as,
    needs_browser,
    plain_static,
)
from tests.photo_helpers import attach, resident_post

pytestmark = needs_browser

LONG_WORD = "Straßenbeleuchtungsausfallmeldung" * 4
LONG_URL = "https://example.org/" + "sehr-langer-pfad/" * 12 + "?q=" + "x" * 80


@pytest.fixture
def page(german_page, live_server, db):  # noqa: F811 - the imported fixture
    moderator = User.objects.create_user("moderatorin", password="unused-in-browser-1")
    moderator.groups.add(Group.objects.get(name="moderators"))
    german_page.set_viewport_size({"width": 375, "height": 812})
    log_in_as(german_page, live_server, moderator)
    return german_page


def store(campaign, comment, *, key="spot", geom=None, **fields):
    return Submission.objects.create(
        campaign=campaign,
        category=campaign.categories.get(key=key),
        geom=geom or Point(7.77, 49.44, srid=4326),
        comment=comment,
        **fields,
    )


def open_queue(page, live_server, query=""):
    page.goto(f"{live_server.url}/moderation/{query}")
    page.wait_for_selector("#moderation-map[data-ready=true]", timeout=20_000)


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def shown_ids(page):
    ids = page.locator(".gp-moderation__list > li.gp-item").evaluate_all(
        "els => els.map(e => e.id)"
    )
    return [int(i.removeprefix("submission-")) for i in ids]


def test_long_texts_fit_a_phone_and_pass_axe(page, live_server, campaign, make_category):
    long_label = "Wie würden Sie die Beleuchtungssituation an dieser Stelle insgesamt beschreiben?"
    make_category(
        campaign,
        "note",
        "point",
        questions=[{"key": "text", "label": long_label, "type": "short_text", "max_length": 1000}],
    )
    store(campaign, f"{LONG_WORD} {LONG_URL}", key="note", answers={"text": LONG_URL})
    store(campaign, "Gebüsch", answers={"time_of_day": "night"}, near="Fruchthallstraße 3")
    open_queue(page, live_server)
    assert page_width(page) <= 375
    assert page.get_by_text("Fruchthallstraße 3").is_visible()
    assert page.get_by_text("Nachts").is_visible()
    assert axe_violations(page) == []
    assert page.foreign_requests == []
    assert page.script_errors == []


def test_pages_through_200_waiting_posts_each_once(page, live_server, campaign):
    stored = Submission.objects.bulk_create(
        Submission(
            campaign=campaign,
            category=campaign.categories.get(key="spot"),
            geom=Point(7.70 + n * 0.0007, 49.44, srid=4326),
            comment=f"Meldung {n}",
        )
        for n in range(200)
    )
    open_queue(page, live_server)
    assert "200 Beiträge warten" in page.locator("#queue-summary").inner_text()
    seen = []
    for number in range(1, 5):
        current = page.locator('.gp-pages [aria-current="page"]')
        assert current.inner_text() == str(number)
        assert f"Seite {number} von 4" in page.locator("#queue-summary").inner_text()
        assert page_width(page) <= 375
        seen += shown_ids(page)
        if number < 4:
            page.get_by_role("link", name="Nächste Seite").click()
            page.wait_for_selector("#moderation-map[data-ready=true]", timeout=20_000)
    assert page.get_by_role("link", name="Nächste Seite").count() == 0
    assert seen == [s.pk for s in stored]


def test_filters_and_search_narrow_the_list(page, live_server, campaign):
    lamp = store(campaign, "Laterne kaputt")
    route = store(
        campaign,
        "Schmaler Weg",
        key="route",
        geom=LineString((7.76, 49.44), (7.78, 49.45), srid=4326),
    )
    store(campaign, "Dunkle Ecke", near="Marktstraße")
    open_queue(page, live_server)
    assert len(shown_ids(page)) == 3
    # Folded away on arrival, so the queue starts on the first screen.
    assert not page.get_by_label("Suche in Kommentar, Antworten und Ort").is_visible()
    page.get_by_text("Filtern und suchen").click()

    page.get_by_label("Suche in Kommentar, Antworten und Ort").fill("laterne")
    page.get_by_role("button", name="Anzeigen").click()
    assert shown_ids(page) == [lamp.pk]

    page.get_by_label("Suche in Kommentar, Antworten und Ort").fill("")
    page.get_by_label("Beteiligung", exact=True).select_option("fear")
    page.get_by_role("button", name="Anzeigen").click()
    page.get_by_label("Kategorie").select_option(label="Route")
    page.get_by_role("button", name="Anzeigen").click()
    assert shown_ids(page) == [route.pk]

    page.goto(f"{live_server.url}/moderation/?waiting=5")
    error = page.locator("#id_waiting_error")
    assert "Wählen Sie eine der angebotenen Wartezeiten." in error.inner_text()
    assert page.get_by_label("Wartet seit").get_attribute("aria-describedby") == "id_waiting_error"
    assert shown_ids(page) == []
    assert page_width(page) <= 375


def test_a_line_and_an_area_are_drawn_as_a_line_and_an_area(page, live_server, campaign):
    line = store(
        campaign, "Weg", key="route", geom=LineString((7.76, 49.44), (7.78, 49.45), srid=4326)
    )
    area = Polygon.from_bbox((7.765, 49.435, 7.775, 49.445))
    area.srid = 4326
    zone = store(campaign, "Park", key="zone", geom=area)
    point = store(campaign, "Ecke", geom=Point(7.772, 49.442, srid=4326))
    open_queue(page, live_server)
    page.wait_for_function("document.getElementById('moderation-map').map.loaded()")
    drawn = page.evaluate(
        """() => {
            const map = document.getElementById("moderation-map").map;
            const layers = ["submissions-line", "submissions-fill", "submissions-point"];
            return map.queryRenderedFeatures({ layers }).map(
                (f) => [f.layer.id, f.geometry.type, f.id]);
        }"""
    )
    assert ["submissions-line", "LineString", line.pk] in drawn
    assert ["submissions-fill", "Polygon", zone.pk] in drawn
    assert ["submissions-point", "Point", point.pk] in drawn
    # The area's outline is drawn too, and no line or area is a dot.
    assert ["submissions-line", "Polygon", zone.pk] in drawn
    assert not any(kind == "submissions-point" and pk != point.pk for kind, _, pk in drawn)


def test_bulk_approve_approves_the_chosen_and_refuses_a_changed_photo(
    page, live_server, campaign, make_api, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    author = resident_post(make_api(), campaign)
    first = store(campaign, "Erste")
    photo_post = author.submission_id
    left = store(campaign, "Bleibt")
    open_queue(page, live_server)
    attach(author)  # the author adds a photo after the moderator loaded the page

    page.get_by_label(f"#{first.pk} zur Freigabe auswählen").check()
    page.get_by_label(f"#{photo_post} zur Freigabe auswählen").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Ausgewählte Beiträge freigeben").click()

    states = dict(Submission.objects.values_list("pk", "status"))
    assert states[first.pk] == Status.APPROVED
    assert (states[photo_post], states[left.pk]) == (Status.PENDING, Status.PENDING)
    assert f"Beitrag #{first.pk} freigegeben." in page.locator("#gp-messages").inner_text()
    card = page.locator(f"#submission-{photo_post}")
    assert re.search(rf"#{photo_post} nicht freigegeben: .*Foto", card.inner_text())
    assert shown_ids(page) == [photo_post, left.pk]
    assert page_width(page) <= 375
