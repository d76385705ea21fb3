"""The post page in a real browser, on a phone."""

import pytest

from tests.page_helpers import (  # noqa: F401 - fixtures
    axe_violations,
    german_page,
    needs_browser,
    plain_static,
)

pytestmark = [*needs_browser, pytest.mark.django_db]


@pytest.fixture
def page(german_page):  # noqa: F811 - the imported fixture, under a short name
    german_page.set_viewport_size({"width": 375, "height": 812})
    return german_page


def test_the_post_page_reads_well_on_a_phone(page, live_server, campaign, make_submission):
    post = make_submission(campaign, comment="Hier fehlt eine Laterne. " + "x" * 120)
    page.goto(f"{live_server.url}/c/{campaign.slug}/posts/{post.pk}/")
    assert page.locator("h1").inner_text() == f"Beitrag {post.pk}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(page) == []
    assert page.foreign_requests == []
