"""The moderation page's paging, filters, search, answer labels, shapes and bulk approval."""

import re
from datetime import timedelta

import pytest
from django.contrib.gis.geos import LineString, Point, Polygon
from django.test import Client
from django.utils.timezone import now

from fixtures.demo import REASONS
from geo_participation.moderation import services
from geo_participation.submissions.models import Status, Submission
from tests.page_helpers import plain_static  # noqa: F401 - a fixture
from tests.photo_helpers import attach, resident_post

pytestmark = pytest.mark.usefixtures("plain_static")


@pytest.fixture
def moderator(make_user):
    client = Client()
    client.force_login(make_user("mod", "moderators"))
    return client


def waiting(campaign, count, **fields):
    """Store count pending submissions of the point category, numbered in their comments."""
    category = campaign.categories.get(key="spot")
    return Submission.objects.bulk_create(
        Submission(
            campaign=campaign,
            category=category,
            geom=Point(7.77, 49.44, srid=4326),
            comment=f"Meldung {n:03d}",
            **fields,
        )
        for n in range(count)
    )


def listed(response) -> list[int]:
    return [item.pk for item in response.context["items"]]


def test_pages_through_every_waiting_submission_once_oldest_first(moderator, campaign):
    stored = waiting(campaign, 120)
    seen = []
    for number in (1, 2, 3):
        response = moderator.get("/moderation/", {"page": number})
        html = response.content.decode()
        assert f'aria-current="page">{number}</a>' in html
        assert "120 Beiträge warten auf eine Entscheidung." in html
        seen += listed(response)
    assert seen == [s.pk for s in stored]
    # A page past the end shows the last one, not an error (after decisions emptied it).
    assert listed(moderator.get("/moderation/", {"page": 9})) == seen[100:]


def test_page_links_keep_the_filters(moderator, campaign):
    waiting(campaign, 60)
    html = moderator.get("/moderation/", {"campaign": "fear", "q": "Meldung"}).content.decode()
    assert 'href="?campaign=fear&amp;q=Meldung&amp;page=2"' in html


def test_filters_narrow_the_list(
    moderator, campaign, make_campaign, make_category, make_submission
):
    other = make_campaign("hitze")
    make_category(other, "spot", "point")
    old = make_submission(campaign, status="pending", comment="Alte Laterne")
    Submission.objects.filter(pk=old.pk).update(created_at=now() - timedelta(days=8))
    line = make_submission(
        campaign, category="route", status="pending", comment="Weg", near="Fruchthallstraße"
    )
    night = make_submission(campaign, status="pending", answers={"time_of_day": "night"})
    hot = make_submission(other, status="pending", comment="Heiße Laterne")

    def shown(**query):
        response = moderator.get("/moderation/", query)
        assert response.status_code == 200
        return set(listed(response))

    assert shown() == {old.pk, line.pk, night.pk, hot.pk}
    assert shown(campaign="hitze") == {hot.pk}
    assert shown(campaign="fear", category="route") == {line.pk}
    assert shown(waiting="7") == {old.pk}
    assert shown(q="laterne") == {old.pk, hot.pk}
    assert shown(q="laterne heiß") == {hot.pk}
    assert shown(q="fruchthall") == {line.pk}  # the place
    assert shown(q="night") == {night.pk}  # the answers
    assert shown(campaign="hitze", q="weg") == set()


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"campaign": "nope"}, "campaign", "There is no such campaign."),
        ({"campaign": "fear\x00"}, "campaign", "Null characters are not allowed."),
        ({"category": "route"}, "category", "Choose a category of the chosen campaign."),
        ({"campaign": "fear", "category": "x"}, "category", "Choose a category"),
        ({"waiting": "3"}, "waiting", "Choose one of the listed waiting times."),
        ({"q": "x" * 201}, "q", "Search for at most 200 characters."),
        ({"q": "a\x00b"}, "q", "NUL"),
    ],
)
def test_bad_filter_values_are_named_next_to_their_field(
    moderator, campaign, query, field, message
):
    waiting(campaign, 2)
    response = moderator.get("/moderation/", query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    html = response.content.decode()
    errors = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert errors and message in errors.group(1)
    assert f'aria-describedby="id_{field}_error"' in html
    assert listed(response) == []


def test_garbage_page_numbers_show_the_first_page(moderator, campaign):
    stored = waiting(campaign, 3)
    for page in ("x", "-1", "9" * 30, ""):
        response = moderator.get("/moderation/", {"page": page})
        assert response.status_code == 200
        assert listed(response)[0] == stored[0].pk


def test_answers_show_their_labels(moderator, campaign, make_category, make_submission):
    make_category(campaign, "light", "point", questions=[REASONS])
    make_submission(
        campaign, category="light", status="pending", answers={"reasons": ["dark", "lonely"]}
    )
    make_submission(campaign, status="pending", answers={"time_of_day": "evening", "rating": 4})
    html = moderator.get("/moderation/").content.decode()
    # The example: "dark, lonely" as the resident read it.
    labels = "Dunkel, schlecht beleuchtet, Menschenleer, einsam"
    assert f"<dt>{REASONS['label']}</dt><dd>{labels}</dd>" in html
    assert "<dt>When?</dt><dd>Abends</dd>" in html
    assert "<dt>How bad?</dt><dd>4 von 5</dd>" in html


def test_lines_and_areas_reach_the_map_as_what_they_are(moderator, campaign):
    line = LineString((7.76, 49.44), (7.78, 49.45), srid=4326)
    area = Polygon.from_bbox((7.76, 49.43, 7.77, 49.44))
    area.srid = 4326
    for key, geom in (("route", line), ("zone", area)):
        category = campaign.categories.get(key=key)
        Submission.objects.create(campaign=campaign, category=category, geom=geom)
    features = moderator.get("/moderation/").context["map_style"]["sources"]["submissions"]
    shapes = {
        f["geometry"]["type"]: f["geometry"]["coordinates"] for f in features["data"]["features"]
    }
    assert shapes["LineString"] == [[7.76, 49.44], [7.78, 49.45]]
    assert shapes["Polygon"][0][0] == [7.76, 49.43]


def test_the_map_lies_on_the_configured_base_map(moderator, campaign, settings):
    waiting(campaign, 1)
    settings.GP_BASEMAP = "xyz"
    settings.GP_BASEMAP_XYZ_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    style = moderator.get("/moderation/").context["map_style"]
    ids = [layer["id"] for layer in style["layers"]]
    # Under the campaign areas and every post.
    assert ids.index("basemap") < ids.index("areas") < ids.index("submissions-point")
    assert style["sources"]["basemap"]["tiles"] == [settings.GP_BASEMAP_XYZ_URL]
    settings.GP_BASEMAP = "none"
    style = moderator.get("/moderation/").context["map_style"]
    assert "basemap" not in style["sources"]


def respond(post, actor, answer):
    services.submission_respond(
        submission_id=post.pk, actor=actor, public_status="planned", answer=answer
    )


def test_the_decision_history_names_who_when_and_what(moderator, campaign, make_user):
    # Post-moderated: published at once, waiting for review, and already answered by a planner.
    (post,) = waiting(campaign, 1, status=Status.APPROVED)
    respond(post, make_user("planerin", "planners"), "Wird 2027 beleuchtet")
    card = moderator.get("/moderation/").content.decode().split('class="gp-history"')[1]
    card = card.split("</details>")[0]
    assert "Eine Entscheidung bisher" in card
    assert "planerin:" in card
    assert "Status „Geplant“" in card and "Antwort „Wird 2027 beleuchtet“" in card


def test_a_page_of_50_costs_no_more_queries_than_a_page_of_one(
    moderator, campaign, make_user, django_assert_max_num_queries
):
    planner = make_user("planner", "planners")
    (first,) = waiting(campaign, 1, author=make_user("resident"), status=Status.APPROVED)
    respond(first, planner, "Ja")
    with django_assert_max_num_queries(14) as one:
        moderator.get("/moderation/")
    more = waiting(campaign, 60, author=make_user("resident2"), near="Marktstraße")
    for post in more[:5]:
        Submission.objects.filter(pk=post.pk).update(status=Status.APPROVED)
        respond(post, planner, "Ja")
    with django_assert_max_num_queries(len(one)):
        response = moderator.get("/moderation/")
    assert len(listed(response)) == 50
    assert response.content.decode().count('class="gp-history"') == 6


def test_bulk_approve_honours_the_photo_each_post_showed(
    moderator, campaign, make_api, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    author = resident_post(make_api(), campaign)
    plain = waiting(campaign, 2)
    changed = author.submission_id
    html = moderator.get("/moderation/").content.decode()
    assert f'name="photo-{changed}" value="none" form="gp-bulk"' in html
    attach(author)  # after the page was loaded

    posted = {"id": [plain[0].pk, changed, plain[1].pk], "back": "page=1", "decision": "approve"}
    posted |= {f"photo-{s.pk}": "none" for s in plain} | {f"photo-{changed}": "none"}
    response = moderator.post("/moderation/selected/", posted, follow=True)

    assert response.redirect_chain[0][0] == "/moderation/?page=1#gp-messages"
    states = dict(Submission.objects.values_list("pk", "status"))
    assert [states[s.pk] for s in plain] == [Status.APPROVED, Status.APPROVED]
    assert states[changed] == Status.PENDING
    assert listed(response) == [changed]
    card = response.content.decode().split(f'id="submission-{changed}"')[1].split("</li>")[0]
    assert "nicht freigegeben" in card and "Foto" in card


def test_bulk_approve_without_a_choice_says_so(moderator, campaign):
    response = moderator.post(
        "/moderation/selected/", {"id": ["x"], "decision": "approve"}, follow=True
    )
    assert [m.level_tag for m in response.context["messages"]._loaded_messages] == ["error"]
    assert Client().post("/moderation/selected/", {"id": ["1"]}).status_code == 302


def test_bulk_reject_needs_one_reason_and_gives_it_to_each(moderator, campaign):
    chosen = waiting(campaign, 3)[:2]
    posted = {"id": [s.pk for s in chosen], "decision": "reject", "reason": "  "}
    response = moderator.post("/moderation/selected/", posted, follow=True)
    messages = response.context["messages"]._loaded_messages
    assert [m.level_tag for m in messages] == ["error"]  # said once, not per post
    assert set(Submission.objects.values_list("status", flat=True)) == {Status.PENDING}

    posted["reason"] = "Doppelt gemeldet"
    response = moderator.post("/moderation/selected/", posted, follow=True)
    rows = Submission.objects.values_list("status", "moderation_reason").order_by("id")
    assert list(rows) == [(Status.REJECTED, "Doppelt gemeldet")] * 2 + [(Status.PENDING, "")]
    assert len(listed(response)) == 1


def test_the_queue_never_takes_down_a_post_a_colleague_published_meanwhile(
    moderator, campaign, make_submission, make_user
):
    published = make_submission(campaign, comment="schon veröffentlicht")
    services.submission_approve(submission_id=published.pk, moderator=make_user("colleague"))
    post_moderated = make_submission(campaign, comment="sofort sichtbar")  # not reviewed yet
    posted = {"id": [published.pk, post_moderated.pk], "decision": "reject", "reason": "Spam"}
    moderator.post("/moderation/selected/", posted)
    moderator.post(f"/moderation/{published.pk}/", {"decision": "reject", "reason": "Spam"})
    statuses = dict(Submission.objects.values_list("pk", "status"))
    assert statuses == {published.pk: Status.APPROVED, post_moderated.pk: Status.REJECTED}


def test_the_waiting_times_are_in_the_pages_language(moderator, campaign):
    english = moderator.get("/moderation/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "more than 7 days" in english and "Tagen" not in english
    german = moderator.get("/moderation/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "mehr als 7 Tagen" in german
