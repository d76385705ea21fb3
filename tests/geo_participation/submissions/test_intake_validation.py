"""Intake of one GeoJSON Feature: what is stored, what is refused (and then nothing is stored)."""

import pytest
from django.contrib.gis.geos import Point

from geo_participation.submissions.models import IdempotencyKey, Submission
from tests.conftest import INSIDE, feature
from tests.intake_helpers import SQUARE, assert_refused, line, point, polygon, post

OUTSIDE = [8.50, 49.00]
SWAPPED = [INSIDE[1], INSIDE[0]]


def raw_point_body(coordinates_text):
    """Return a Feature as raw JSON text with the coordinates written verbatim."""
    return (
        '{"type": "Feature", "geometry": {"type": "Point", "coordinates": '
        + coordinates_text
        + '}, "properties": {"category": "spot", "answers": {"time_of_day": "night"}}}'
    )


def with_crs_on_geometry():
    geometry = point(INSIDE)
    geometry["crs"] = {"type": "name", "properties": {"name": "EPSG:4326"}}
    return feature(geometry)


def with_crs_on_feature():
    body = feature()
    body["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4326"}}
    return body


def without_category():
    body = feature()
    del body["properties"]["category"]
    return body


BOW_TIE = [[7.76, 49.43], [7.78, 49.45], [7.78, 49.43], [7.76, 49.45], [7.76, 49.43]]

BAD_INPUT = [
    pytest.param(b'{"type": "Feature", "geometry": ', 400, "parse_error", "JSON", id="not-json"),
    pytest.param(point(INSIDE), 400, "not_a_feature", "Feature", id="bare-geometry"),
    pytest.param(
        {"type": "FeatureCollection", "features": [feature()]},
        400,
        "not_a_feature",
        "Feature",
        id="feature-collection",
    ),
    pytest.param([feature()], 400, "not_a_feature", "Feature", id="json-list"),
    pytest.param('"Feature"', 400, "not_a_feature", "Feature", id="json-string"),
    pytest.param(
        feature(line([INSIDE, [7.78, 49.45]])),
        400,
        "geometry_type",
        "Point",
        id="linestring-to-point-category",
    ),
    pytest.param(
        feature(point(INSIDE), category="zone"),
        400,
        "geometry_type",
        "Polygon",
        id="point-to-polygon-category",
    ),
    pytest.param(feature("POINT(7.77 49.44)"), 400, "geometry_not_geojson", "WKT", id="wkt-string"),
    pytest.param(
        feature("SRID=4326;POINT(7.77 49.44)"),
        400,
        "geometry_not_geojson",
        "EWKT",
        id="ewkt-string",
    ),
    pytest.param(
        feature(Point(*INSIDE, srid=4326).hex.decode()),
        400,
        "geometry_not_geojson",
        "hex",
        id="hex-wkb-string",
    ),
    pytest.param(with_crs_on_feature(), 400, "crs_not_supported", "crs", id="crs-on-feature"),
    pytest.param(with_crs_on_geometry(), 400, "crs_not_supported", "crs", id="crs-on-geometry"),
    pytest.param(raw_point_body("[NaN, 49.4]"), 400, "parse_error", "NaN", id="nan"),
    pytest.param(raw_point_body("[Infinity, 49.4]"), 400, "parse_error", "Infinity", id="inf"),
    pytest.param(raw_point_body("[7.77, -Infinity]"), 400, "parse_error", "Infinity", id="-inf"),
    pytest.param(raw_point_body("[1e400, 49.4]"), 400, "parse_error", "1e400", id="1e400"),
    pytest.param(
        feature(point([200, 49.44])), 400, "coordinates_out_of_range", "range", id="lon-200"
    ),
    pytest.param(
        feature(point([7.77, -95])), 400, "coordinates_out_of_range", "range", id="lat-minus-95"
    ),
    pytest.param(
        feature(point(["7.77", "49.44"])),
        400,
        "coordinates_not_numbers",
        "number",
        id="coordinates-as-strings",
    ),
    pytest.param(feature(point(SWAPPED)), 400, "outside_area", "swapped", id="swapped-lon-lat"),
    pytest.param(feature(point(OUTSIDE)), 400, "outside_area", "outside", id="outside-area"),
    pytest.param(
        feature(polygon(BOW_TIE), category="zone"),
        400,
        "invalid_geometry",
        "Self-intersection",
        id="bow-tie-polygon",
    ),
    pytest.param(
        feature(polygon(SQUARE[:-1] + [[7.765, 49.43]]), category="zone"),
        400,
        "invalid_geometry",
        "closed",
        id="unclosed-ring",
    ),
    pytest.param(feature(point([])), 400, "empty_geometry", "empty|position", id="empty-point"),
    pytest.param(
        feature(line([]), category="route"), 400, "empty_geometry", "empty", id="empty-line"
    ),
    pytest.param(
        feature({"type": "MultiPoint", "coordinates": [INSIDE]}),
        400,
        "geometry_type",
        "MultiPoint",
        id="multipoint-to-point-category",
    ),
    pytest.param(
        {"type": "Feature", "geometry": None, "properties": {"category": "spot"}},
        400,
        "missing_geometry",
        "geometry",
        id="null-geometry",
    ),
    pytest.param(
        {"type": "Feature", "geometry": point(INSIDE), "properties": ["spot"]},
        400,
        "invalid_properties",
        "properties",
        id="properties-not-an-object",
    ),
    pytest.param(
        feature(answers=["night"]),
        400,
        "invalid_answers",
        "answers",
        id="answers-not-an-object",
    ),
    pytest.param(
        feature({"type": "GeometryCollection", "geometries": [point(INSIDE)]}),
        400,
        "geometry_type",
        "GeometryCollection",
        id="geometry-collection",
    ),
    pytest.param(feature(point([*INSIDE, 100])), 400, "dimensions", "Z", id="z-coordinate-refused"),
    pytest.param(
        feature(answers={"time_of_day": "night", "mood": "sad"}),
        400,
        "invalid_answers",
        "mood",
        id="answer-to-unknown-question",
    ),
    pytest.param(
        feature(answers={"rating": 3}),
        400,
        "invalid_answers",
        "time_of_day.*required",
        id="required-answer-missing",
    ),
    pytest.param(
        feature(answers={"time_of_day": "night", "rating": 6}),
        400,
        "invalid_answers",
        "rating",
        id="rating-6",
    ),
    pytest.param(
        feature(answers={"time_of_day": "night", "rating": "3"}),
        400,
        "invalid_answers",
        "rating",
        id="rating-as-string",
    ),
    pytest.param(
        feature(answers={"time_of_day": "midnight"}),
        400,
        "invalid_answers",
        "time_of_day",
        id="bad-time-of-day",
    ),
    pytest.param(
        feature(category="light", answers={"lit": "maybe"}),
        400,
        "invalid_answers",
        "lit",
        id="bad-choice",
    ),
    pytest.param(
        feature(category="bench"), 400, "unknown_category", "category", id="unknown-category"
    ),
    pytest.param(without_category(), 400, "unknown_category", "category", id="missing-category"),
    pytest.param(
        feature(colour="red", urgent=True),
        400,
        "unknown_properties",
        "colour.*urgent",
        id="unknown-extra-properties",
    ),
]


@pytest.mark.parametrize(("body", "status", "code", "word"), BAD_INPUT)
def test_bad_input_is_refused_clearly_and_nothing_is_stored(intake, anon, body, status, code, word):
    before = Submission.objects.count()
    response = post(anon, intake, body, key="bad-input-key")
    assert_refused(response, status, code, word)
    assert Submission.objects.count() == before
    assert not IdempotencyKey.objects.exists()


# Inputs beyond the list above that must still be refused, never answered with a server error.
# PostgreSQL text cannot hold NUL characters, a 400-digit integer overflows a float, and
# deeply nested JSON exhausts the parser's recursion.
UNSTORABLE_INPUT = [
    pytest.param(feature(comment="dark\x00underpass"), id="nul-in-comment"),
    pytest.param(feature(category="sp\x00ot"), id="nul-in-category"),
    pytest.param(
        feature(category="remark", answers={"note": "under\x00pass"}), id="nul-in-text-answer"
    ),
    pytest.param(raw_point_body("[1" + "0" * 400 + ", 49.4]"), id="400-digit-integer"),
    # Lone UTF-16 surrogates are valid JSON but not storable text, in values and in keys.
    pytest.param(
        '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [7.77, 49.44]}, '
        '"properties": {"category": "spot", "comment": "\\ud800"}}',
        id="surrogate-in-comment",
    ),
    pytest.param(
        '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [7.77, 49.44]}, '
        '"properties": {"category": "spot", "\\udfff": 1}}',
        id="surrogate-in-key",
    ),
    # Nesting deeper than Python's recursion limit, well within the body size limit.
    pytest.param("[" * 50_000 + "]" * 50_000, id="deeply-nested-json"),
]


@pytest.mark.parametrize("body", UNSTORABLE_INPUT)
def test_unstorable_input_gets_400_not_500(intake, anon, body):
    before = Submission.objects.count()
    response = post(anon, intake, body, key="unstorable-key")
    assert response.status_code == 400, response.content[:300]
    assert response.json()["detail"]
    assert Submission.objects.count() == before
    assert not IdempotencyKey.objects.exists()
