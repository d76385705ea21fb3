"""Low-zoom tiles rendered ahead by a real procrastinate worker (a subprocess) on the test database.

Each test commits (transaction=True) so the worker, another process, sees the changes and the
jobs the trigger queued with them. The test process plays the web worker; it forgets its copy
of the rendered-version record where a test needs the newest one at once.
"""

import io
import math
import threading
import time

import mapbox_vector_tile
import psycopg
import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client

from geo_participation.campaigns.models import Campaign
from geo_participation.moderation import services
from geo_participation.submissions.models import Submission
from geo_participation.submissions.selectors import sensitive_grid
from layers.registry import SUBMISSIONS
from layers.tiles import prerender
from layers.tiles.cache import cached_tile, tile_key
from tests.conftest import INSIDE
from tests.tile_helpers import LOW, add, features, lonlat, mercator, point, tile_at, url
from tests.worker_helpers import MailWorker, _database_url, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

LOW_TILE = tile_at(*INSIDE, LOW)


@pytest.fixture
def worker(tmp_path, settings):
    """A worker subprocess on the test database; stopped after the test."""
    settings.GP_TILE_CACHE = True
    runner = MailWorker(tmp_path / "outbox")
    yield runner
    runner.stop()


@pytest.fixture
def moderator(make_user):
    return make_user("mod", "moderators")


@pytest.fixture(autouse=True)
def _fresh_records():
    prerender.forget_local()
    yield
    prerender.forget_local()
    with connection.cursor() as cursor:
        cursor.execute("RESET gp.prerender_delay_s")


def version(campaign) -> int:
    return Campaign.all_objects.get(pk=campaign.pk).published_version


def render_jobs(campaign, status=None) -> list:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status FROM procrastinate_jobs WHERE task_name = 'tiles.prerender'"
            " AND args = %s::jsonb" + (" AND status = %s" if status else ""),
            [f'{{"campaign_id": {campaign.pk}}}', *([status] if status else [])],
        )
        return [row[0] for row in cursor.fetchall()]


def rendered(campaign, worker):
    """Wait until the worker has rendered the campaign's current version."""
    wait_until(
        lambda: prerender.rendered_version(campaign.pk) == version(campaign),
        timeout=60,
        message="the low zooms rendered",
        worker=worker,
    )
    prerender.forget_local()


def counted(response) -> int:
    """Return the submissions counted in an aggregated tile."""
    return sum(f["properties"]["count"] for f in features(response))


def test_approving_renders_in_the_background_and_the_old_tile_is_served_until_then(
    worker, campaign, moderator
):
    add(campaign, geom=point(LOW_TILE, 0.5, 0.5))
    worker.start()
    rendered(campaign, worker)
    before = Client().get(url(campaign, LOW_TILE))
    assert counted(before) == 1

    worker.stop()  # a render that has not happened yet
    waiting = add(campaign, geom=point(LOW_TILE, 0.2, 0.2), status="pending")
    services.submission_approve(submission_id=waiting.pk, moderator=moderator)
    assert render_jobs(campaign, "todo") == ["todo"]
    prerender.forget_local()
    during = Client().get(url(campaign, LOW_TILE))
    assert during["ETag"] == before["ETag"] and during.content == before.content
    # Revalidation keeps the old tile too.
    assert (
        Client().get(url(campaign, LOW_TILE), headers={"if-none-match": before["ETag"]}).status_code
        == 304
    )

    worker.start()
    rendered(campaign, worker)
    after = Client().get(url(campaign, LOW_TILE))
    assert after["ETag"] != before["ETag"] and counted(after) == 2
    # The new tile came from the cache the worker filled, not from a live render.
    assert rendered_bytes(campaign, LOW_TILE) == after.content


def test_a_burst_of_approvals_renders_once(worker, campaign, moderator):
    with connection.cursor() as cursor:
        cursor.execute("SET gp.prerender_delay_s = 8")
    posts = [
        add(campaign, geom=point(LOW_TILE, 0.1 + i / 40, 0.5), status="pending") for i in range(20)
    ]
    worker.start()
    for post in posts:
        services.submission_approve(submission_id=post.pk, moderator=moderator)
    # One waiting job for the whole burst, queued at the first approval's version; it renders
    # the version it finds when it starts (the last).
    assert render_jobs(campaign) == ["todo"]
    rendered(campaign, worker)
    assert render_jobs(campaign) == ["succeeded"]
    assert counted(Client().get(url(campaign, LOW_TILE))) == 20


def test_pending_and_rejected_posts_are_never_in_a_rendered_tile(campaign, settings):
    settings.GP_TILE_CACHE = True
    add(campaign, geom=point(LOW_TILE, 0.5, 0.5))
    add(campaign, geom=point(LOW_TILE, 0.2, 0.2), status="pending")
    add(campaign, geom=point(LOW_TILE, 0.8, 0.8), status="rejected")
    done = prerender.render_campaign(campaign.pk)
    assert done["version"] == version(campaign) and done["tiles"] > LOW
    data = rendered_bytes(campaign, LOW_TILE)
    decoded = mapbox_vector_tile.decode(data, default_options={"y_coord_down": True})
    cells = decoded[SUBMISSIONS.name]["features"]
    assert [c["properties"]["count"] for c in cells] == [1]


def test_a_sensitive_category_stays_generalised_in_rendered_tiles(
    campaign, make_category, make_user, settings
):
    settings.GP_TILE_CACHE = True
    make_category(campaign, "fear", "point", sensitive=True)
    grid, tile = sensitive_grid(Campaign.objects.get(pk=campaign.pk)), tile_at(*INSIDE, 12)
    # A place 0.4 of a privacy-grid cell east and north of a node (snapped to it for the
    # public) in another of the tile's cells than that node.
    cell = tile.size / SUBMISSIONS.aggregate_cells
    for node in (math.floor(mercator(tile, 0.5, 0.5)[0] / grid) + i for i in range(20)):
        x = (node + 0.4) * grid
        if (x - tile.xmin) // cell != (node * grid - tile.xmin) // cell:
            break
    y = (math.floor(mercator(tile, 0.5, 0.5)[1] / grid) + 0.4) * grid
    add(campaign, "fear", geom=Point(*lonlat(x, y), srid=4326))
    prerender.render_campaign(campaign.pk)
    public = Client().get(url(campaign, tile))
    staff = Client()
    staff.force_login(make_user("planner", "planners"))
    seen = staff.get(url(campaign, tile))
    # What the public gets is the rendered tile, and that is the generalised cell, not the
    # planner's exact one.
    assert public.content == rendered_bytes(campaign, tile)
    (cell,) = features(public)
    assert cell["properties"]["generalised"] is True
    assert cell["geometry"] != features(seen)[0]["geometry"]
    assert seen["Cache-Control"].startswith("private")


def rendered_bytes(campaign, tile):
    key = tile_key(
        layer=SUBMISSIONS,
        campaign=Campaign.objects.get(pk=campaign.pk),
        tile=tile,
        variant=("public",),
    )
    return cached_tile(key)


def test_drafts_are_never_queued_nor_rendered(make_campaign, make_category, settings):
    settings.GP_TILE_CACHE = True
    draft = make_campaign("setup", draft=True)
    make_category(draft, "spot", "point")
    add(draft, geom=point(LOW_TILE, 0.5, 0.5))
    assert version(draft) > 1  # the trigger bumped it
    assert render_jobs(draft) == []
    assert prerender.render_campaign(draft.pk) == {"skipped": "not a public map campaign"}
    assert prerender.rendered_version(draft.pk) == 0
    Campaign.all_objects.filter(pk=draft.pk).update(draft=False)
    assert render_jobs(draft) == ["todo"]  # published: its low zooms are rendered


def test_every_path_that_changes_the_published_version_queues_a_render(campaign, make_category):
    fear = make_category(campaign, "fear", "point")
    post = add(campaign, geom=point(LOW_TILE, 0.5, 0.5))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
        # A path no service knows of: SQL straight into the table, as a bulk load would.
        cursor.execute(
            "UPDATE submissions_submission SET status = 'pending' WHERE id = %s", [post.pk]
        )
    assert render_jobs(campaign) == ["todo"]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
    fear.sensitive = True
    fear.save()
    assert render_jobs(campaign) == ["todo"]
    # A change that publishes nothing new queues nothing.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
    Submission.objects.filter(pk=post.pk).update(status="rejected", moderation_reason="x")
    assert render_jobs(campaign) == []


def test_staff_and_high_zooms_are_answered_at_the_current_version(
    campaign, make_user, moderator, settings
):
    settings.GP_TILE_CACHE = True
    add(campaign, geom=point(LOW_TILE, 0.5, 0.5))
    prerender.render_campaign(campaign.pk)
    old = Client().get(url(campaign, LOW_TILE))
    waiting = add(campaign, geom=point(LOW_TILE, 0.2, 0.2), status="pending")
    services.submission_approve(submission_id=waiting.pk, moderator=moderator)
    prerender.forget_local()
    assert Client().get(url(campaign, LOW_TILE))["ETag"] == old["ETag"]
    # Moderators' exact tiles are never rendered ahead: they see the change at once.
    staff = Client()
    staff.force_login(moderator)
    assert counted(staff.get(url(campaign, LOW_TILE))) == 2
    high = tile_at(*point(LOW_TILE, 0.2, 0.2).coords, 15)
    assert len(features(Client().get(url(campaign, high)))) == 1


def _rendered_then_approved(campaign, moderator, settings) -> list:
    """Render one post, approve the first of two pending ones (a wait of 1 s); return both."""
    settings.GP_TILE_CACHE = True
    settings.GP_PRERENDER_MAX_WAIT_S = 1.0
    add(campaign, geom=point(LOW_TILE, 0.5, 0.5))
    prerender.render_campaign(campaign.pk)
    posts = [add(campaign, geom=point(LOW_TILE, f, f), status="pending") for f in (0.2, 0.8)]
    services.submission_approve(submission_id=posts[0].pk, moderator=moderator)
    prerender.forget_local()
    return posts


def test_without_a_render_the_old_tile_is_served_only_for_a_while(campaign, moderator, settings):
    posts = _rendered_then_approved(campaign, moderator, settings)
    assert counted(Client().get(url(campaign, LOW_TILE))) == 1
    # The task queue's worker is down and changes keep coming: they do not extend the wait,
    # and past it web workers render the changed tiles themselves.
    time.sleep(1.2)
    services.submission_approve(submission_id=posts[1].pk, moderator=moderator)
    assert counted(Client().get(url(campaign, LOW_TILE))) == 3


def test_new_tile_settings_count_as_not_rendered_until_the_command_renders(campaign, settings):
    settings.GP_TILE_CACHE = True
    add(campaign, geom=point(LOW_TILE, 0.5, 0.5))
    prerender.render_campaign(campaign.pk)
    assert prerender.rendered_version(campaign.pk) == version(campaign)
    # Other tile settings make other tiles (another revision): nothing of them is rendered.
    settings.GP_TILE_MAX_FEATURES = 19999
    assert prerender.rendered_version(campaign.pk) == 0
    out = io.StringIO()
    call_command("prerender_tiles", campaign.slug, stdout=out)
    assert out.getvalue().startswith(f"{campaign.slug}: {{'version': {version(campaign)}")
    assert prerender.rendered_version(campaign.pk) == version(campaign)


def _open_connection():
    return psycopg.connect(_database_url().replace("postgis://", "postgresql://", 1))


def _wait_for_a_lock_wait(query: str) -> None:
    """Wait (20 s at most) until a statement holding query waits for a lock."""
    with _open_connection() as probe:
        deadline = time.monotonic() + 20
        while (
            time.monotonic() < deadline
            and not probe.execute(
                "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE %s",
                [f"%{query}%"],
            ).fetchone()
        ):
            time.sleep(0.05)


def test_a_change_committed_while_a_render_runs_queues_the_next_one(worker, campaign):
    add(campaign, geom=point(LOW_TILE, 0.5, 0.5))
    post = add(campaign, geom=point(LOW_TILE, 0.2, 0.2), status="pending")
    assert render_jobs(campaign, "todo") == ["todo"]
    old = version(campaign)
    # Another transaction approves while the job still waits: its trigger adds nothing.
    change = _open_connection()
    change.execute("UPDATE submissions_submission SET status = 'approved' WHERE id = %s", [post.pk])
    assert render_jobs(campaign, "todo") == ["todo"]
    # The worker takes the waiting job (as its fetch does) and renders while the change is open.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'doing' WHERE status = 'todo'"
            " AND task_name = 'tiles.prerender'"
        )

    def commit_once_the_render_waits():
        _wait_for_a_lock_wait("FOR SHARE")
        change.commit()
        change.close()

    committer = threading.Thread(target=commit_once_the_render_waits)
    committer.start()
    done = prerender.render_campaign(campaign.pk)
    committer.join()
    assert done["version"] == old and version(campaign) == old + 1
    # The render rendered the old version; the committed change has its own job waiting.
    assert render_jobs(campaign, "todo") == ["todo"]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET status = 'succeeded' WHERE status = 'doing'")
    worker.start()
    rendered(campaign, worker)
    assert counted(Client().get(url(campaign, LOW_TILE))) == 2


def test_a_render_that_finds_no_change_queues_nothing(campaign, settings):
    settings.GP_TILE_CACHE = True
    add(campaign, geom=point(LOW_TILE, 0.5, 0.5))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
    prerender.render_campaign(campaign.pk)
    assert render_jobs(campaign) == []


def test_once_a_newer_version_was_answered_no_worker_goes_back(campaign, moderator, settings):
    settings.GP_TILE_CACHE = True
    settings.GP_PRERENDER_MAX_WAIT_S = 1.0
    add(campaign, geom=point(LOW_TILE, 0.5, 0.5))
    prerender.render_campaign(campaign.pk)
    old = Client().get(url(campaign, LOW_TILE))["ETag"]
    waiting = add(campaign, geom=point(LOW_TILE, 0.2, 0.2), status="pending")
    services.submission_approve(submission_id=waiting.pk, moderator=moderator)
    prerender.forget_local()
    assert Client().get(url(campaign, LOW_TILE))["ETag"] == old  # the clock starts
    time.sleep(1.2)
    newer = Client().get(url(campaign, LOW_TILE))["ETag"]
    assert newer != old
    # Other workers (or fresh ones) share the clock: none of them answers the old one again.
    for _ in range(3):
        prerender.forget_local()
        assert Client().get(url(campaign, LOW_TILE))["ETag"] == newer


def test_a_rendering_behind_what_was_answered_live_is_not_answered(campaign, moderator, settings):
    posts = _rendered_then_approved(campaign, moderator, settings)
    Client().get(url(campaign, LOW_TILE))  # the clock starts
    time.sleep(1.2)
    # A render of this version starts; its tile SQL waits for a lock on the categories held by
    # a transaction that approves the second post. Past the wait, the newer version is then
    # answered live while the render finishes.
    change = _open_connection()
    change.execute(f"LOCK TABLE {SUBMISSIONS.category_table} IN ACCESS EXCLUSIVE MODE")
    live = []

    def approve_and_answer_once_the_render_waits():
        _wait_for_a_lock_wait("")
        change.execute(
            "UPDATE submissions_submission SET status = 'approved' WHERE id = %s", [posts[1].pk]
        )
        change.commit()
        change.close()
        prerender.forget_local()
        live.append(Client().get(url(campaign, LOW_TILE)))
        connections.close_all()

    answering = threading.Thread(target=approve_and_answer_once_the_render_waits)
    answering.start()
    done = prerender.render_campaign(campaign.pk)
    answering.join()
    assert counted(live[0]) == 3
    # The render arrives behind what was answered: no worker answers it.
    assert done["version"] == version(campaign) - 1
    assert prerender.rendered_version(campaign.pk) == done["version"]
    for _ in range(3):
        prerender.forget_local()
        assert Client().get(url(campaign, LOW_TILE))["ETag"] == live[0]["ETag"]
