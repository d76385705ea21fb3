"""A campaign set up without code, and a resident posting into it (issue 13's "done when").

A campaign manager signs in, creates a campaign, uploads its area as a GeoPackage in
EPSG:25832, adds two categories with questions through the forms, publishes it through the
checklist; a resident then opens the new campaign on a phone, marks a place, answers both
kinds of question and sends it. Every page on the way is checked with axe.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from geo_participation.campaigns.models import Campaign, Category
from geo_participation.submissions.models import Status, Submission
from tests import web_browser
from tests.geo_participation.campaigns.setup.area_files import gpkg_25832
from tests.page_helpers import axe_violations, log_in_as
from tests.web_browser import assert_clean, needs_chromium, open_page, wait_for_map

browser = web_browser.browser  # fixture

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

TABLET = {"width": 768, "height": 1024, "locale": "de-DE"}
PHONE = {"width": 375, "height": 740, "is_mobile": True, "has_touch": True, "locale": "de-DE"}
SLUG = "radwege-2027"


def _clean(page):
    assert axe_violations(page) == [], page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def _create_campaign(page, live_server):
    page.goto(f"{live_server.url}/einrichten/neu/")
    _clean(page)
    today = timezone.localtime().date()
    page.fill("#id_title_de", "Radwege 2027")
    page.fill("#id_description_de", "Wo fehlt in Kaiserslautern ein Radweg?")
    page.fill("#id_title_en", "Cycle paths 2027")
    page.fill("#id_description_en", "Where is a cycle path missing in Kaiserslautern?")
    page.fill("#id_opens_at", f"{today - timedelta(days=1)}T08:00")
    page.fill("#id_closes_at", f"{today + timedelta(days=60)}T18:00")
    page.get_by_role("button", name="Entwurf anlegen").click()
    page.wait_for_selector("#gp-area-map[data-ready=true]", timeout=30_000)


def _upload_area(page, tmp_path):
    page.get_by_label("GIS-Datei").set_input_files(str(gpkg_25832(tmp_path)))
    page.get_by_role("button", name="Gebiet speichern").click()
    page.wait_for_selector("#gp-area-map[data-ready=true]", timeout=30_000)
    assert "Das Gebiet wurde gespeichert." in page.locator("#gp-messages").inner_text()
    _clean(page)


def _add_category(page, live_server, *, label, question, kind, choices=()):
    page.goto(f"{live_server.url}/einrichten/{SLUG}/kategorien/neu/")
    _clean(page)
    page.get_by_label("Name (Deutsch)").fill(label)
    page.get_by_label("Frage (Deutsch)").fill(question)
    page.get_by_label("Art der Frage").select_option(kind)
    for index, answer in enumerate(choices):
        page.fill(f"#id_question-0-choice-{index}-label_de", answer)
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").first.click()
    assert "Die Kategorie wurde gespeichert." in page.locator("#gp-messages").inner_text()
    # The edit page shows the citizen form as residents will see it.
    assert question in page.locator("section.gp-preview").inner_text()
    _clean(page)


def _publish(page, live_server):
    page.goto(f"{live_server.url}/einrichten/{SLUG}/veroeffentlichen/")
    _clean(page)
    assert "Fehlt:" not in page.locator(".gp-checklist").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Veröffentlichen").click()
    _clean(page)


def _post_as_resident(page, live_server, *, category, choice):
    page.goto(f"{live_server.url}/c/{SLUG}/")
    wait_for_map(page)
    assert_clean(page)
    page.tap("#gp-report")
    page.tap("[data-action=here]")  # the map opens on the campaign's area
    page.tap(f"label[for=cat-{category.key}]")
    page.wait_for_function("() => document.body.dataset.flowStep === 'questions'")
    page.get_by_role("radio", name=choice).check()
    page.tap(".gp-step:not([hidden]) [data-action=next]")
    page.wait_for_function("() => document.body.dataset.flowStep === 'send'")
    page.fill("#gp-comment", "Hier endet der Radweg im Nichts")
    page.tap("#gp-submit")
    page.wait_for_function("() => document.getElementById('gp-thanks').textContent.length > 0")
    assert_clean(page)


def test_a_manager_sets_up_and_publishes_a_campaign_and_a_resident_posts_into_it(
    browser, live_server, make_user, tmp_path
):
    manager = make_user("manager", "campaign_managers")
    page = open_page(browser, live_server, **TABLET)
    log_in_as(page, live_server, manager)
    _create_campaign(page, live_server)
    _upload_area(page, tmp_path)
    _add_category(
        page,
        live_server,
        label="Gefährliche Kreuzung",
        question="Wie gefährlich ist es dort?",
        kind="single_choice",
        choices=["Sehr gefährlich", "Etwas gefährlich"],
    )
    _add_category(
        page, live_server, label="Fehlender Radweg", question="Wie wichtig ist er?", kind="rating"
    )
    # A draft is nobody's business but the manager's until it is published.
    assert open_page(browser, live_server).goto(f"{live_server.url}/c/{SLUG}/").status == 404
    _publish(page, live_server)
    page.close()

    campaign = Campaign.objects.get(slug=SLUG)  # the public manager finds it now
    assert campaign.area.transform(25832, clone=True).area == pytest.approx(8.1e6, rel=0.05)
    crossing = Category.objects.get(campaign=campaign, label_de="Gefährliche Kreuzung")
    question = crossing.questions[0]
    assert (question["type"], [c["label"] for c in question["choices"]]) == (
        "single_choice",
        ["Sehr gefährlich", "Etwas gefährlich"],
    )

    resident = open_page(browser, live_server, **PHONE)
    _post_as_resident(resident, live_server, category=crossing, choice="Etwas gefährlich")
    posted = Submission.objects.get(campaign=campaign)
    chosen = next(c["value"] for c in question["choices"] if c["label"] == "Etwas gefährlich")
    assert posted.category == crossing and posted.status == Status.PENDING
    assert posted.answers == {question["key"]: chosen}
    assert campaign.area.contains(posted.geom)
