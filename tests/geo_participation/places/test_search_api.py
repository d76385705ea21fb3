"""GET /api/places/: fuzzy names, ranking, the campaign's area, errors, caching and the throttle."""

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

URL = "/api/places/"


def search(api, q, **params):
    response = api.get(URL, {"q": q, **params})
    assert response.status_code == 200, response.content
    return response.json()


def labels(api, q, **params):
    return [f["properties"]["label"] for f in search(api, q, **params)["features"]]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("fruchthalstr", "Fruchthallstraße"),
        ("Fruchthallstrasse", "Fruchthallstraße"),
        ("fruchthallstr.", "Fruchthallstraße"),
        ("konigstrasse", "Königstraße"),
        ("Königstr.", "Königstraße"),
        ("koenigstr", "Königstraße"),
        ("mannheimer str", "Mannheimer Straße"),
        ("Mannheimer Strasse", "Mannheimer Straße"),
        ("erwin schrodinger", "Erwin-Schrödinger-Straße"),
        ("lammchesberg", "Lämmchesberg"),
        ("pfalzthea", "Pfalztheater"),
    ],
)
def test_typos_umlauts_and_street_spellings_find_the_name_first(api, gazetteer, typed, found):
    assert labels(api, typed)[0] == found


def test_a_street_comes_first_and_its_houses_only_with_a_number(api, gazetteer):
    without = search(api, "Fruchthallstraße")["features"]
    with_number = search(api, "Fruchthallstraße 3")["features"]

    assert [f["properties"]["name"] for f in without] == ["Fruchthallstraße", "Fruchthalle"]
    assert [f["properties"]["name"] for f in with_number[:2]] == [
        "Fruchthallstraße 3",
        "Fruchthallstraße",
    ]


def test_a_typo_in_the_street_still_finds_the_house(api, gazetteer):
    assert labels(api, "Königstr 2")[0] == "Königstraße 2, Kaiserslautern"
    assert labels(api, "fruchthalstrase 5")[0] == "Fruchthallstraße 5, Kaiserslautern"


def test_a_typed_house_number_puts_that_address_first(api, gazetteer):
    first = search(api, "fruchthallstr 3")["features"][0]

    assert first["properties"] == {
        "name": "Fruchthallstraße 3",
        "kind": "address",
        "label": "Fruchthallstraße 3, Kaiserslautern",
    }
    assert "bbox" not in first


def test_a_street_answers_a_point_on_it_and_its_bbox(api, gazetteer):
    street = search(api, "Fruchthallstraße")["features"][0]
    line = gazetteer.get(kind="street", name="Fruchthallstraße").geom

    minx, miny, maxx, maxy = street["bbox"]
    assert (minx, miny, maxx, maxy) == pytest.approx(line.extent, abs=1e-7)
    assert street["geometry"]["type"] == "Point"
    x, y = street["geometry"]["coordinates"]
    assert minx <= x <= maxx and miny <= y <= maxy


def test_a_campaign_limits_the_answers_to_its_area(api, gazetteer, make_campaign):
    # A small area around the centre: Erfenbach (a village 4 km north-west) is outside.
    centre = MultiPolygon(Polygon.from_bbox((7.75, 49.43, 7.79, 49.45)), srid=4326)
    make_campaign("mitte", area=centre)

    assert labels(api, "Erfenbach") == ["Erfenbach"]
    assert labels(api, "Erfenbach", campaign="mitte") == []
    assert labels(api, "Stiftsplatz", campaign="mitte")[0] == "Stiftsplatz"


def test_nothing_matching_is_an_empty_collection(api, gazetteer):
    assert search(api, "xqzzyv") == {"type": "FeatureCollection", "features": []}
    assert search(api, "!!") == {"type": "FeatureCollection", "features": []}


def test_answers_are_public_and_briefly_cacheable(api, gazetteer, settings):
    settings.GP_PLACES_MAX_AGE = 120

    response = api.get(URL, {"q": "stift"})

    assert response["Cache-Control"] == "public, max-age=120"


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({}, 400, "missing_q"),
        ({"q": "f"}, 400, "invalid_q"),
        ({"q": "f" * 101}, 400, "invalid_q"),
        ({"q": "stift", "campaign": "nirgends"}, 404, "not_found"),
        ({"q": "stift", "campaign": "bad\x00slug"}, 404, "not_found"),
    ],
)
def test_bad_input_is_refused_in_the_error_shape(api, gazetteer, params, status, code):
    response = api.get(URL, params)

    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["detail"]


def test_too_many_searches_from_one_client_are_answered_429(api, gazetteer, settings):
    settings.GP_PLACES_RATE = "3/minute"

    statuses = [api.get(URL, {"q": "stift"}).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    refused = api.get(URL, {"q": "stift"})
    assert refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) >= 1


def test_refusals_speak_german_by_default_and_english_on_request(api, gazetteer):
    german = api.get(URL, {"q": "f"})
    english = api.get(URL, {"q": "f"}, headers={"accept-language": "en"})

    assert german.json()["detail"] == "q muss 2 bis 100 Zeichen lang sein."
    assert english.json()["detail"] == "q must be 2 to 100 characters long."
