"""Shared set-up of the export and report tests: a campaign with every geometry kind."""

import io
import zipfile
from pathlib import Path

from django.contrib.gis.geos import LineString, Point, Polygon

from geo_participation.submissions.models import Submission
from tests.conftest import LIGHT_QUESTION, NOTE_QUESTION

UMLAUTS = "Straße Ü"
# The Stiftsplatz in Kaiserslautern; in EPSG:25832 about E 410,800, N 5,477,800.
KNOWN = (7.7686, 49.4447)
REASONS_QUESTION = {
    "key": "reasons",
    "label": "Why?",
    "type": "multiple_choice",
    "choices": [{"value": "dark", "label": "Dark"}, {"value": "lonely", "label": "Lonely"}],
}


def fill(campaign, make_category, make_submission):
    """Add categories and approved, pending and rejected submissions; return the approved."""
    make_category(campaign, "light", "point", questions=[LIGHT_QUESTION, NOTE_QUESTION])
    make_category(campaign, "hidden", "point", sensitive=True, questions=[REASONS_QUESTION])
    approved = [
        make_submission(
            campaign,
            coordinates=list(KNOWN),
            comment=f"Kein Schatten, {UMLAUTS}",
            answers={"time_of_day": "night", "rating": 4},
        ),
        make_submission(
            campaign,
            category="light",
            coordinates=[7.75, 49.43],
            answers={"lit": "no", "note": f"Laterne kaputt in der {UMLAUTS}"},
        ),
        make_submission(
            campaign,
            category="hidden",
            coordinates=[7.77123, 49.44321],
            answers={"reasons": ["dark", "lonely"]},
        ),
        _shape(campaign, "route", LineString((7.74, 49.42), (7.76, 49.43), srid=4326)),
        _shape(
            campaign,
            "zone",
            Polygon.from_bbox((7.78, 49.45, 7.79, 49.46)),
            comment='<script>alert(1)</script> & "quotes"',
        ),
    ]
    for i in range(6):
        approved.append(make_submission(campaign, coordinates=[7.72 + i * 0.01, 49.41]))
    make_submission(campaign, status="pending", comment="pending")
    make_submission(campaign, status="rejected", comment="rejected")
    return approved


def _shape(campaign, key, geometry, **fields):
    geometry.srid = 4326
    return Submission.objects.create(
        campaign=campaign,
        category=campaign.categories.get(key=key),
        geom=geometry,
        status="approved",
        **fields,
    )


def body(response) -> bytes:
    """Return a response's whole body, streamed or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def save(response, directory: Path, name: str) -> Path:
    """Write a download to a file (unzipped into the directory when it is a zip)."""
    data = body(response)
    path = directory / name
    path.write_bytes(data)
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(path) as archive:
            archive.extractall(directory)
    return path


def approved_count(campaign) -> int:
    return Submission.objects.filter(campaign=campaign, status="approved").count()


def known_point() -> Point:
    return Point(*KNOWN, srid=4326)
