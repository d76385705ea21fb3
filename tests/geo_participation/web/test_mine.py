"""'Meine Beiträge', one's data as GeoJSON and deleting one's account (without a browser)."""

import json

import pyogrio
import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.contrib.gis.geos import LineString
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from geo_participation.clients import COOKIE, SALT
from geo_participation.moderation.services import submission_respond
from geo_participation.submissions import selectors
from geo_participation.submissions.models import (
    TILE_CELL_LEVEL,
    IdempotencyKey,
    Submission,
    Support,
    TileCell,
)
from tests.page_helpers import plain_static  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]

PASSWORD = "x-test-password-1"
EXACT = [7.771234567, 49.441234567]


def browser_with_client_id(value: str) -> Client:
    """Return a test client carrying the signed anonymous client cookie of intake."""
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.cookies.load({COOKIE: _signed(value)})
    return client


def _signed(value: str) -> str:
    from django.core import signing

    return signing.get_cookie_signer(salt=COOKIE + SALT).sign(value)


@pytest.fixture
def anna(make_user):
    user = make_user("anna")
    EmailAddress.objects.create(user=user, email="anna@example.org", verified=True, primary=True)
    return user


@pytest.fixture
def anna_client(anna):
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(anna)
    return client


@pytest.fixture
def posts(campaign, make_submission, anna, make_user):
    """Anna's posts in each state, someone else's, and an anonymous browser's."""
    mod = make_user("mod", "moderators")
    published = make_submission(
        campaign,
        author=anna,
        coordinates=EXACT,
        comment="Dunkle Unterführung",
        answers={"time_of_day": "night", "rating": 4},
    )
    submission_respond(
        submission_id=published.pk, actor=mod, public_status="planned", answer="Licht kommt 2027."
    )
    rejected = make_submission(
        campaign, author=anna, status="rejected", moderation_reason="Doppelt gemeldet"
    )
    pending = Submission.objects.create(
        campaign=campaign,
        category=campaign.categories.get(key="route"),
        author=anna,
        geom=LineString((7.76, 49.43), (7.77, 49.44), srid=4326),
    )
    other = make_submission(campaign, author=make_user("bernd"), comment="Bernds Beitrag")
    browser = make_submission(campaign, client_id="browser-1", comment="Ohne Konto")
    return {
        "published": published,
        "rejected": rejected,
        "pending": pending,
        "other": other,
        "browser": browser,
    }


def test_the_selector_reads_only_ones_own_in_one_query(posts, anna):
    # German, whatever an earlier request left active: the label is read in that language.
    with translation.override("de"), CaptureQueriesContext(connection) as queries:
        mine = list(selectors.own_submissions(user=anna, client_id="browser-1"))
    assert len(queries) == 1
    assert [p.pk for p in mine] == [posts[k].pk for k in ("pending", "rejected", "published")]
    assert mine[2].public_status_label == "Geplant"


def test_an_anonymous_browser_reads_only_its_own(posts):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    mine = selectors.own_submissions(user=anonymous, client_id="browser-1")
    assert [p.pk for p in mine] == [posts["browser"].pk]
    assert not selectors.own_submissions(user=anonymous, client_id="browser-2").exists()
    assert not selectors.own_submissions(user=anonymous, client_id=None).exists()


def test_the_page_shows_state_reason_status_and_answer(posts, anna_client):
    page = anna_client.get("/meine-beitraege/")
    assert page.status_code == 200
    html = page.content.decode()
    for text in (
        "Doppelt gemeldet",
        "abgelehnt",
        "wartet auf Prüfung",
        "veröffentlicht",
        "Geplant",
        "Licht kommt 2027.",
        "Dunkle Unterführung",
    ):
        assert text in html, text
    assert "Bernds Beitrag" not in html
    assert "Ohne Konto" not in html
    assert "private" in page["Cache-Control"]


def test_an_anonymous_author_sees_the_posts_of_this_browser_only(posts):
    html = browser_with_client_id("browser-1").get("/meine-beitraege/").content.decode()
    assert "Ohne Konto" in html
    assert "Dunkle Unterführung" not in html
    other = browser_with_client_id("browser-2").get("/meine-beitraege/").content.decode()
    assert "Ohne Konto" not in other
    fresh = Client(HTTP_ACCEPT_LANGUAGE="de").get("/meine-beitraege/")
    assert "Ohne Konto" not in fresh.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_page_and_download_cost_the_same_queries_for_3_or_30_posts(
    posts, anna, anna_client, campaign, make_submission
):
    page, download = "/meine-beitraege/", "/meine-beitraege/daten.geojson"
    few = (_queries(anna_client, page), _queries(anna_client, download))
    for _ in range(27):
        post = make_submission(campaign, status="approved")
        Support.objects.create(submission=post, user=anna)
        make_submission(campaign, author=anna, status="rejected", moderation_reason="Spam")
    assert (_queries(anna_client, page), _queries(anna_client, download)) == few
    # Session and user, the user's groups (the header's role links), then the page: the
    # paginator's count and the page's rows in one query.
    # The download: session and user, addresses, supports given, mail choice, follows,
    # ballots, posts.
    assert few == (5, 8)


def test_pages_beyond_the_last_are_404(posts, anna_client):
    assert anna_client.get("/meine-beitraege/?page=9").status_code == 404
    assert anna_client.get("/meine-beitraege/?page=x").status_code == 404


def test_the_download_is_valid_geojson_of_ones_own_posts_at_the_exact_position(
    posts, anna, anna_client, tmp_path, campaign
):
    other_post = posts["other"]
    Support.objects.create(submission=other_post, user=anna)
    response = anna_client.get("/meine-beitraege/daten.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Disposition"] == 'attachment; filename="meine-daten.geojson"'
    path = tmp_path / "meine-daten.geojson"
    path.write_bytes(response.content)
    frame = pyogrio.read_dataframe(path).set_index("id")
    assert sorted(frame.index) == sorted(posts[k].pk for k in ("published", "rejected", "pending"))
    published = frame.loc[posts["published"].pk]
    assert (published.geometry.x, published.geometry.y) == tuple(EXACT)
    assert frame.loc[posts["pending"].pk].geometry.geom_type == "LineString"
    assert published["public_status_label"] == "Geplant"
    assert published["answer"] == "Licht kommt 2027."
    assert published["comment"] == "Dunkle Unterführung"
    # Labelled in the language asked for; GDAL reads the nested object as JSON.
    assert published["answers_labelled"] == {"When?": "Nachts", "How bad?": "4 von 5"}
    assert frame.loc[posts["rejected"].pk]["rejection_reason"] == "Doppelt gemeldet"
    for name in ("campaign", "category_label", "created_at", "moderation_status", "support_count"):
        assert name in frame.columns
    document = json.loads(response.content)
    assert document["account"]["username"] == "anna"
    assert document["account"]["email_addresses"][0]["email"] == "anna@example.org"
    assert document["supports_given"] == [
        {
            "submission": other_post.pk,
            "campaign": campaign.slug,
            "created_at": document["supports_given"][0]["created_at"],
        }
    ]


def test_an_anonymous_download_holds_the_posts_of_this_browser(posts):
    document = json.loads(
        browser_with_client_id("browser-1").get("/meine-beitraege/daten.geojson").content
    )
    assert [f["id"] for f in document["features"]] == [posts["browser"].pk]
    assert document["account"] is None
    nobody = json.loads(Client().get("/meine-beitraege/daten.geojson").content)
    assert nobody["features"] == []


def _tile_cell_count(campaign) -> int:
    cells = TileCell.objects.filter(campaign=campaign, exact=True, level=TILE_CELL_LEVEL)
    return sum(cells.values_list("count", flat=True))


def _delete(client, **data):
    return client.post("/meine-beitraege/konto-loeschen/", data)


def test_deleting_the_account_with_its_posts(posts, anna, anna_client, campaign):
    supported = posts["other"]
    Support.objects.create(submission=supported, user=anna)
    Submission.objects.filter(pk=supported.pk).update(support_count=1)
    IdempotencyKey.objects.create(
        scope=f"user:{anna.pk}", key="k", fingerprint="f", status_code=201, response={}
    )
    campaign.refresh_from_db()
    version = campaign.published_version
    counted = _tile_cell_count(campaign)
    response = _delete(anna_client, posts="delete", password=PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/meine-beitraege/konto-geloescht/?posts=delete"
    assert not User.objects.filter(username="anna").exists()
    assert not EmailAddress.objects.filter(email="anna@example.org").exists()
    mine = [posts[k].pk for k in ("published", "rejected", "pending")]
    assert not Submission.objects.filter(pk__in=mine).exists()
    assert not Support.objects.filter(submission=supported).exists()
    supported.refresh_from_db()
    assert supported.support_count == 0
    assert not IdempotencyKey.objects.exists()
    campaign.refresh_from_db()
    assert campaign.published_version > version  # cached tiles and exports are stale now
    assert _tile_cell_count(campaign) == counted - 1  # the one published post left the tiles
    # The session ended: the next page is anonymous.
    assert anna_client.get("/meine-beitraege/konto-loeschen/").status_code == 302
    done = anna_client.get(response["Location"])
    assert "Ihr Konto und Ihre Beiträge sind gelöscht." in done.content.decode()


def test_deleting_the_account_and_keeping_the_posts_anonymised(posts, anna, anna_client):
    Submission.objects.filter(pk=posts["published"].pk).update(client_id="left-over")
    response = _delete(anna_client, posts="keep", password=PASSWORD)
    assert response.status_code == 302
    assert not User.objects.filter(username="anna").exists()
    kept = Submission.objects.filter(pk__in=[posts[k].pk for k in ("published", "pending")])
    assert [(s.author_id, s.client_id) for s in kept] == [(None, ""), (None, "")]
    published = kept.get(pk=posts["published"].pk)
    assert (published.status, published.answer) == ("approved", "Licht kommt 2027.")
    html = anna_client.get(response["Location"]).content.decode()
    assert "ohne Ihren Namen" in html


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"posts": "delete", "password": "wrong"}, "password", "Falsches Passwort"),
        ({"password": PASSWORD}, "posts", "Wählen Sie"),
    ],
)
def test_a_refused_deletion_names_the_problem_and_deletes_nothing(
    posts, anna, anna_client, data, field, words
):
    response = _delete(anna_client, **data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}-error"' in html
    error = html.split(f'id="id_{field}-error">', 1)[1].split("</p>", 1)[0]
    assert words in error
    assert User.objects.filter(pk=anna.pk).exists()
    assert Submission.objects.filter(author=anna).count() == 3


def test_an_empty_post_shows_both_errors(posts, anna, anna_client):
    html = anna_client.post("/meine-beitraege/konto-loeschen/").content.decode()
    assert 'id="id_posts-error"' in html and 'id="id_password-error"' in html
    assert User.objects.filter(pk=anna.pk).exists()


def test_deleting_needs_a_login(posts):
    response = Client().get("/meine-beitraege/konto-loeschen/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_every_page_links_to_meine_beitraege():
    html = Client(HTTP_ACCEPT_LANGUAGE="de").get("/").content.decode()
    assert '<a href="/meine-beitraege/">Meine Beiträge</a>' in html


def test_guessing_the_password_here_counts_against_the_failed_login_limit(
    posts, anna, anna_client, settings
):
    settings.GP_LOGIN_FAILURES = "2/15m"
    for _ in range(2):
        _delete(anna_client, posts="delete", password="wrong")
    response = _delete(anna_client, posts="delete", password=PASSWORD)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    # Refused before the (right) password is checked, next to the field.
    [error] = response.context["form"].errors.as_data()["password"]
    assert error.code == "too_many_login_failures"
    assert 'id="id_password-error"' in response.content.decode()
    assert User.objects.filter(pk=anna.pk).exists()


def test_published_and_pending_posts_link_to_their_page(posts, anna_client, campaign):
    html = anna_client.get("/meine-beitraege/").content.decode()
    for key in ("published", "pending"):
        url = f"/c/{campaign.slug}/posts/{posts[key].pk}/"
        assert f'href="{url}"' in html
        assert anna_client.get(url).status_code == 200
    # A rejected post has no page (nobody may see it there): its reason is shown here instead.
    assert f"/posts/{posts['rejected'].pk}/" not in html


def test_the_page_speaks_english_on_request(posts, anna):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(anna)
    html = client.get("/meine-beitraege/").content.decode()
    for text in (
        "My posts",
        "awaiting moderation",
        "Reason for the rejection",
        "The city's answer",
    ):
        assert text in html.replace("&#x27;", "'"), text
