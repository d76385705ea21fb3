"""The public results page and its JSON: numbers equal to the database, k-suppression at 2 vs
3 contributors, nothing before the close (unless switched on early), drafts 404."""

from datetime import timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from geo_participation.campaigns.models import Campaign
from geo_participation.submissions.models import Submission

K = 3


@pytest.fixture
def closed(make_campaign, make_category):
    """A closed campaign with a plain and a sensitive category."""
    now = timezone.now()
    campaign = make_campaign(
        "closed",
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=1),
        results_summary_de="Wir bauen drei Bänke.",
        results_summary_en="We build three benches.",
    )
    make_category(campaign, "spot", "point")
    make_category(campaign, "fear", "point", sensitive=True)
    return campaign


def _posts(make_submission, campaign, category, people, *, per_person=1, **fields):
    for person in range(people):
        for _ in range(per_person):
            make_submission(campaign, category=category, client_id=f"{category}-{person}", **fields)


def _json(anon, campaign):
    response = anon.get(f"/c/{campaign.slug}/ergebnisse/zahlen.json")
    assert response.status_code == 200, response.content
    return response.json()


def test_numbers_equal_the_database(anon, closed, make_submission, make_user):
    _posts(make_submission, closed, "spot", 4, per_person=2)
    _posts(make_submission, closed, "fear", 3)
    author = make_user("resident")
    make_submission(closed, category="spot", author=author)
    make_submission(closed, category="spot", author=author)
    # Never counted: pending and rejected posts, however many people wrote them.
    _posts(make_submission, closed, "spot", 5, status="pending")
    _posts(make_submission, closed, "fear", 5, status="rejected")
    published = Submission.objects.filter(campaign=closed, status="approved")
    document = _json(anon, closed)
    assert document["posts"] == published.count() == 13
    assert document["contributors"] == 4 + 3 + 1
    by_category = dict(published.values_list("category__key").annotate(n=Count("id")))
    assert {c["key"]: c["posts"] for c in document["categories"]} == by_category
    statuses = {s["key"]: s["posts"] for s in document["statuses"]}
    assert statuses["received"] == 13
    # The other statuses have no posts (fewer than k people): suppressed, zero too.
    assert {k for k, n in statuses.items() if n is None} == set(statuses) - {"received"}
    assert document["summary"] == "Wir bauen drei Bänke."


@pytest.mark.parametrize(("people", "shown"), [(2, False), (3, True)])
def test_a_count_needs_three_contributors(anon, closed, make_submission, people, shown):
    _posts(make_submission, closed, "spot", 5)
    # Two people with three posts each are still two people.
    _posts(make_submission, closed, "fear", people, per_person=3)
    document = _json(anon, closed)
    fear = next(c for c in document["categories"] if c["key"] == "fear")
    spot = next(c for c in document["categories"] if c["key"] == "spot")
    if shown:
        assert fear["posts"] == 3 * people and spot["posts"] == 5
    else:
        # Hidden, and the plain one with it: the total minus it would give the hidden count.
        assert fear["posts"] is None and spot["posts"] is None
        assert document["posts"] == 5 + 3 * people
    page = anon.get(f"/c/{closed.slug}/ergebnisse/").content.decode()
    row = page.split('<tr data-key="fear">')[1].split("</tr>")[0]
    assert ("weniger als 3" in row) is not shown


def test_totals_below_k_are_suppressed(anon, closed, make_submission):
    _posts(make_submission, closed, "spot", 2, per_person=4)
    document = _json(anon, closed)
    assert document["posts"] is None and document["contributors"] is None
    assert all(c["posts"] is None for c in document["categories"])
    page = anon.get(f"/c/{closed.slug}/ergebnisse/").content.decode()
    assert 'id="gp-results-posts"><span class="gp-suppressed"' in page
    assert "8" not in page.split('id="gp-results-posts">')[1][:80]


def test_hidden_until_the_close(anon, make_campaign, make_category, make_submission):
    campaign = make_campaign("running")
    make_category(campaign, "spot", "point")
    _posts(make_submission, campaign, "spot", 4)
    response = anon.get("/c/running/ergebnisse/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="gp-results-hidden"' in page and "gp-results-posts" not in page
    refused = anon.get("/c/running/ergebnisse/zahlen.json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "results_not_public"
    assert refused.json()["public_from"] == campaign.closes_at.isoformat()
    # Not linked while hidden.
    assert "/c/running/ergebnisse/" not in anon.get("/").content.decode()
    assert "/c/running/ergebnisse/" not in anon.get("/c/running/").content.decode()


def test_the_early_switch_shows_them_while_open(
    anon, make_campaign, make_category, make_submission
):
    campaign = make_campaign("early", results_early=True)
    make_category(campaign, "spot", "point")
    _posts(make_submission, campaign, "spot", 4)
    assert _json(anon, campaign)["posts"] == 4
    page = anon.get("/c/early/ergebnisse/").content.decode()
    assert 'id="gp-results-posts">4<' in page
    assert "/c/early/ergebnisse/" in anon.get("/").content.decode()
    assert "/c/early/ergebnisse/" in anon.get("/c/early/").content.decode()


def test_drafts_and_unknown_campaigns_are_404(anon, make_campaign):
    now = timezone.now()
    make_campaign(
        "entwurf", draft=True, opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1)
    )
    Campaign.all_objects.filter(slug="entwurf").update(results_early=True)
    for slug in ("entwurf", "nie-dagewesen"):
        assert anon.get(f"/c/{slug}/ergebnisse/").status_code == 404
        response = anon.get(f"/c/{slug}/ergebnisse/zahlen.json")
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_answers_of_the_city_hide_where_sensitive_posts_are(anon, closed, make_submission):
    plain = make_submission(closed, category="spot", client_id="a")
    fear = make_submission(closed, category="fear", client_id="b")
    pending = make_submission(closed, category="spot", client_id="c", status="pending")
    now = timezone.now()
    Submission.objects.filter(pk=plain.pk).update(
        answer="Kommt 2027.", public_status="planned", responded_at=now, near="Marktstraße"
    )
    Submission.objects.filter(pk=fear.pk).update(
        answer="Wird geprüft.", public_status="in_review", responded_at=now, near="Angstweg 1"
    )
    Submission.objects.filter(pk=pending.pk).update(answer="pending answer", responded_at=now)
    document = _json(anon, closed)
    answers = {a["post"]: a for a in document["answers"]}
    assert set(answers) == {plain.pk, fear.pk} and document["answers_total"] == 2
    assert answers[plain.pk]["near"] == "Marktstraße"
    assert answers[fear.pk]["near"] == ""
    page = anon.get(f"/c/{closed.slug}/ergebnisse/").content.decode()
    assert "Kommt 2027." in page and "Wird geprüft." in page and "Marktstraße" in page
    assert "Angstweg" not in page and "pending answer" not in page


def test_the_map_draws_density_and_only_suppressed_cells_for_sensitive(
    anon, closed, make_submission
):
    _posts(make_submission, closed, "spot", 3)
    page = anon.get(f"/c/{closed.slug}/ergebnisse/").content.decode()
    assert "/heatmaps/closed/kde/{z}/{x}/{y}.png?category=spot" in page
    assert "/heatmaps/closed/grid.geojson?category=fear" in page
    # The grid layer itself keeps k: three posts of two people there make no cell.
    _posts(make_submission, closed, "fear", 2, per_person=3)
    assert anon.get("/heatmaps/closed/grid.geojson?category=fear").json()["features"] == []


def test_english_page(anon, closed, make_submission):
    _posts(make_submission, closed, "spot", 1)
    anon.cookies["django_language"] = "en"
    page = anon.get(f"/c/{closed.slug}/ergebnisse/").content.decode()
    assert "We build three benches." in page and "fewer than 3" in page


def test_setup_form_saves_the_switch_and_summary(make_user, make_campaign):
    from django.test import Client

    campaign = make_campaign("setup-results", draft=True)
    manager = Client()
    manager.force_login(make_user("manager", "campaign_managers"))
    url = f"/einrichten/{campaign.slug}/"
    form = manager.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data |= {
        "title_de": "Ergebnisse",
        "opens_at": "2026-01-01T10:00",
        "closes_at": "2026-02-01T10:00",
    }
    data |= {"results_early": "on", "results_summary_de": "Danke!", "results_summary_en": "Thanks!"}
    statuses = manager.get(url).context["statuses"]
    data |= {k: v for k, v in _formset_data(statuses).items()}
    response = manager.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    campaign = Campaign.all_objects.get(pk=campaign.pk)
    assert campaign.results_early
    assert (campaign.results_summary_de, campaign.results_summary_en) == ("Danke!", "Thanks!")


def _formset_data(formset) -> dict:
    data = {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
    for form in formset.forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value not in (None, False):
                data[f"{form.prefix}-{name}"] = value
    return data


def test_a_poll_shows_its_tally_after_the_close(anon, make_campaign):
    from geo_participation.polls.models import Ballot, PollOption, PollQuestion

    now = timezone.now()
    poll = make_campaign(
        "umfrage", kind="poll", opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1)
    )
    question = PollQuestion.objects.create(campaign=poll, key="farbe", kind="single", label="Farbe")
    for key in ("rot", "gruen"):
        PollOption.objects.create(question=question, key=key, label=key.title())
    for n, choice in enumerate(["rot", "rot", "gruen", "rot"]):
        Ballot.objects.create(campaign=poll, client_id=f"c{n}", answers={"farbe": choice})
    document = _json(anon, poll)
    assert "posts" not in document and document["kind"] == "poll"
    counts = {o["key"]: o["count"] for o in document["poll"]["questions"][0]["options"]}
    assert counts == {"rot": 3, "gruen": 1} and document["poll"]["ballots"] == 4
    page = anon.get("/c/umfrage/ergebnisse/").content.decode()
    assert 'id="gp-poll-results-title"' in page and "/c/umfrage/ergebnisse.csv" in page
