"""Every export format carries each post's public status and answer, and filters by status."""

import csv

import pyogrio
import pytest

from geo_participation.moderation import services
from tests.export_helpers import fill, save

FORMATS = ("gpkg", "geojson", "csv", "kml", "fgb", "shp")
COLUMNS = ["public_status", "public_status_label", "answer", "responded_at"]
ANSWER = "Die Straße wird 2027 beleuchtet."


@pytest.fixture
def answered(campaign, make_category, make_submission, make_user):
    """The export campaign, one post planned with an answer, one done without."""
    approved = fill(campaign, make_category, make_submission)
    planner = make_user("city", "planners")
    services.submission_respond(
        submission_id=approved[0].pk, actor=planner, public_status="planned", answer=ANSWER
    )
    services.submission_respond(submission_id=approved[1].pk, actor=planner, public_status="done")
    return {"planned": approved[0].pk, "done": approved[1].pk, "total": len(approved)}


def _frame(planner_api, tmp_path, fmt, **query):
    response = planner_api.get(f"/exports/fear/submissions.{fmt}", query)
    assert response.status_code == 200, response.content[:300]
    path = save(response, tmp_path, f"out.{fmt}")
    if fmt == "shp":
        path = tmp_path / "fear_submissions_points.shp"
    frame = pyogrio.read_dataframe(path)
    if fmt == "shp":
        # Shapefile names are cut to ten characters; the zip's fields.csv maps them back.
        mapping = csv.DictReader((tmp_path / "fields.csv").read_text().splitlines())
        frame = frame.rename(columns={row["field"]: row["column"] for row in mapping})
    return frame


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_has_the_status_columns(planner_api, answered, tmp_path, fmt):
    frame = _frame(planner_api, tmp_path, fmt)
    assert set(COLUMNS) <= set(frame.columns), list(frame.columns)
    planned = frame[frame["public_status"] == "planned"]
    assert len(planned) == 1
    assert planned.iloc[0]["public_status_label"] == "Geplant"
    assert planned.iloc[0]["answer"] == ANSWER
    assert set(frame["public_status"]) <= {"received", "planned", "done"}


@pytest.mark.parametrize("fmt", ("gpkg", "csv"))
def test_exports_filter_by_status(planner_api, answered, tmp_path, fmt):
    frame = _frame(planner_api, tmp_path, fmt, public_status="planned,done")
    assert sorted(frame["public_status"]) == ["done", "planned"]
    assert frame["responded_at"].notna().all()


def test_an_unknown_status_is_a_400_naming_it(planner_api, answered):
    response = planner_api.get("/exports/fear/submissions.csv", {"public_status": "soon"})
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_status"
    assert "soon" in response.json()["detail"]
