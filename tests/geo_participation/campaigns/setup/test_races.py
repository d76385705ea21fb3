"""Two managers at once, on real PostgreSQL connections: the campaign's row lock serialises them.

Each test runs two threads (each with its own database connection) and holds the first one
inside its service, after its checks, long enough for the second one to act if nothing kept it
out; the final rows must then be what one after the other would have left.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from geo_participation.campaigns.models import Campaign
from geo_participation.campaigns.setup import category_services, services

pytestmark = pytest.mark.django_db(transaction=True)
HOLD_S = 1.0


def _run(name: str, work, results: dict):
    def target():
        try:
            results[name] = work()
        except ValidationError as refusal:
            results[name] = refusal
        finally:
            connection.close()  # each thread's own connection

    thread = threading.Thread(target=target, name=name)
    thread.start()
    return thread


def _holding(monkeypatch, owner, name: str, in_thread: str, reached: threading.Event):
    """Make owner.name hold its thread in_thread for HOLD_S once called there (after its work)."""
    real = getattr(owner, name)

    def held(*args, **kwargs):
        value = real(*args, **kwargs)
        if threading.current_thread().name == in_thread:
            reached.set()
            time.sleep(HOLD_S)
        return value

    monkeypatch.setattr(owner, name, held)


def _published(make_campaign, make_category, **fields):
    campaign = make_campaign("radwege", description_de="Wo fehlt ein Radweg?", **fields)
    make_category(campaign, "spot")
    return campaign


@pytest.mark.parametrize(
    "draft, other, after",
    [(True, services.campaign_publish, False), (False, services.campaign_unpublish, True)],
    ids=["publish", "unpublish"],
)
def test_an_edit_racing_a_publish_or_unpublish_does_not_undo_it(
    monkeypatch, make_campaign, make_category, draft, other, after
):
    campaign = _published(make_campaign, make_category, draft=draft)
    stale = Campaign.all_objects.get(pk=campaign.pk)  # the editor's copy, read at request start
    reached, results = threading.Event(), {}
    # The editor is held after its checks, before it writes.
    _holding(monkeypatch, Campaign, "full_clean", "editor", reached)
    fields = {"title_de": "Radwege 2028"}
    editor = _run(
        "editor",
        lambda: services.campaign_update(campaign=stale, fields=fields, statuses=[]),
        results,
    )
    assert reached.wait(10)
    publisher = _run("publisher", lambda: other(campaign=campaign), results)
    editor.join(10), publisher.join(10)
    assert not isinstance(results["editor"], ValidationError), results["editor"]
    assert not isinstance(results["publisher"], ValidationError), results["publisher"]
    stored = Campaign.all_objects.get(pk=campaign.pk)
    assert (stored.draft, stored.title_de) == (after, "Radwege 2028")


def test_deleting_the_last_category_racing_a_publish(monkeypatch, make_campaign, make_category):
    campaign = _published(make_campaign, make_category, draft=True)
    category = campaign.categories.get()
    reached, results = threading.Event(), {}
    # The publisher is held after its checklist said "there is a category".
    _holding(monkeypatch, services, "publish_checklist", "publisher", reached)
    publisher = _run("publisher", lambda: services.campaign_publish(campaign=campaign), results)
    assert reached.wait(10)
    deleter = _run("deleter", lambda: category_services.category_delete(category=category), results)
    publisher.join(10), deleter.join(10)
    stored = Campaign.all_objects.get(pk=campaign.pk)
    assert not stored.draft
    assert stored.categories.exists(), "published without a category"
    assert "mindestens eine Kategorie" in " ".join(results["deleter"].messages)
