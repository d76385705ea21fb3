"""Issue 14's journey on phones: residents rate the sections of a proposed bike street, a
moderator publishes the ratings, the planners' map colours each section by the mean of the stored
ratings, and after the close the public results show the numbers the database holds.

The single steps have their own tests (the rating page, the planners' sections layer, the results
page); this one runs them in one story on one campaign, so each step works on what the one before
really stored, not on a fixture made for it.
"""

from datetime import timedelta
from statistics import mean

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from geo_participation.moderation.services import submission_approve
from geo_participation.references.services import rating_put
from geo_participation.submissions.models import Status, Submission
from tests import web_browser
from tests.geo_participation.references import conftest as references
from tests.geo_participation.web.test_rating_browser import (
    PHONE,
    _change_from_the_list,
    _clean,
    _open,
    _rate_by_tapping,
    _rate_with_the_keyboard,
)
from tests.layers.workspace.test_sections_browser import RENDERED, expected_colour
from tests.page_helpers import axe_violations, horizontal_overflow, log_in_as
from tests.web_browser import assert_clean, needs_chromium, open_page, wait_for_map

browser = web_browser.browser  # fixture
rated, west, east = references.rated, references.west, references.east  # fixtures

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]


def _neighbours_rate(west, east):
    """Two more residents rate both sections through the service the API uses."""
    for client_id, scores in (("nachbar-1", (2, 5)), ("nachbar-2", (1, 4))):
        for section, score in zip((west, east), scores, strict=True):
            rating_put(
                reference=section,
                feature=references.rating(score),
                user=AnonymousUser(),
                client_id=client_id,
            )


def _stored_means(campaign) -> dict[int, float]:
    scores: dict[int, list[int]] = {}
    for rating in Submission.objects.filter(campaign=campaign, status=Status.APPROVED):
        scores.setdefault(rating.reference_id, []).append(rating.answers["score"])
    return {pk: mean(values) for pk, values in scores.items()}


def test_sections_rated_on_a_phone_colour_the_planners_map_and_the_results(
    browser, live_server, rated, west, east, make_user
):
    # 1. A resident rates one section by tapping it, one from the list by keyboard, changes one.
    resident = open_page(browser, live_server, **PHONE)
    _open(resident, live_server)
    _rate_by_tapping(resident)
    _rate_with_the_keyboard(resident)
    _change_from_the_list(resident)
    resident.close()
    _neighbours_rate(west, east)

    # 2. The campaign is pre-moderated: nothing counts until a moderator publishes it.
    moderator = make_user("mod", "moderators")
    waiting = Submission.objects.filter(campaign=rated, status=Status.PENDING)
    assert waiting.count() == 6  # three people, two sections each
    for rating in waiting:
        submission_approve(submission_id=rating.pk, moderator=moderator)
    means = _stored_means(rated)
    assert means == {west.pk: pytest.approx((5 + 2 + 1) / 3), east.pk: pytest.approx(13 / 3)}

    # 3. The planners' map draws each section in the class of its stored mean.
    planner = open_page(browser, live_server, **PHONE)
    log_in_as(planner, live_server, make_user("planner", "planners"))
    planner.goto(f"{live_server.url}/auswertung/{rated.slug}/")
    wait_for_map(planner)
    planner.wait_for_function("() => gpWorkspace.data.sections && gpMap.getLayer('sections-line')")
    planner.locator("#ws-layer-posts").uncheck()
    planner.wait_for_function(
        "() => gpMap.loaded() && gpMap.queryRenderedFeatures({layers: ['sections-line']})"
        ".length >= 2"
    )
    drawn = {int(pk): colour for pk, colour in planner.evaluate(RENDERED).items()}
    assert drawn == {pk: expected_colour(value) for pk, value in means.items()}
    assert expected_colour(means[west.pk]) != expected_colour(means[east.pk])
    assert horizontal_overflow(planner) == 0 and axe_violations(planner) == []
    assert_clean(planner)
    planner.close()

    # 4. After the close the public results show the stored numbers.
    rated.opens_at = timezone.now() - timedelta(days=10)
    rated.closes_at = timezone.now() - timedelta(minutes=1)
    rated.save()
    public = open_page(browser, live_server, **PHONE)
    public.goto(f"{live_server.url}/c/{rated.slug}/ergebnisse/")
    published = Submission.objects.filter(campaign=rated, status=Status.APPROVED)
    assert int(public.locator("#gp-results-posts").inner_text()) == published.count() == 6
    people = {r.client_id for r in published}
    assert int(public.locator("#gp-results-contributors").inner_text()) == len(people) == 3
    for section in (west, east):
        row = public.locator(f'#gp-results-sections tr[data-id="{section.pk}"] td')
        assert int(row.nth(0).inner_text()) == 3
        shown = float(row.nth(1).inner_text().replace(",", "."))
        assert shown == pytest.approx(means[section.pk], abs=0.05)
    # Every column fits a phone, the mean too: nothing to scroll sideways for.
    right = public.evaluate(
        "document.getElementById('gp-results-sections').getBoundingClientRect().right"
    )
    assert right <= PHONE["width"]
    _clean(public)
    public.close()
