"""GET /api/places/reverse/: the nearest named street or address, within 150 m."""

import pytest

URL = "/api/places/reverse/"


def reverse(api, lon, lat):
    return api.get(URL, {"lon": lon, "lat": lat})


def test_a_position_on_a_street_is_named_by_the_street(api, gazetteer):
    street = gazetteer.get(kind="street", name="Fruchthallstraße")

    response = reverse(api, street.point.x, street.point.y)

    assert response.status_code == 200
    assert response.json()["properties"] == {
        "name": "Fruchthallstraße",
        "kind": "street",
        "label": "Fruchthallstraße",
    }
    assert response.json()["bbox"] == pytest.approx(list(street.geom.extent), abs=1e-7)
    assert response["Cache-Control"].startswith("public, max-age=")


def test_a_position_at_a_house_is_named_by_its_address(api, gazetteer):
    house = gazetteer.get(name="Fruchthallstraße 3")

    feature = reverse(api, house.point.x, house.point.y).json()

    assert feature["properties"]["label"] == "Fruchthallstraße 3, Kaiserslautern"
    assert feature["geometry"]["coordinates"] == pytest.approx(house.point.coords, abs=1e-7)


def test_places_and_pois_do_not_name_a_position(api, gazetteer):
    # Inside the Volkspark the park itself is nearest (distance 0), but only streets and
    # addresses name a position.
    park = gazetteer.get(name="Volkspark")
    feature = reverse(api, park.point.x, park.point.y).json()

    assert feature["properties"]["kind"] in {"street", "address"}


def test_nothing_within_150_m_is_a_404(api, gazetteer):
    # The fixture's village Einsiedlerhof has no street of its own nearby.
    response = reverse(api, 7.675, 49.442)

    assert response.status_code == 404
    assert response.json()["code"] == "nothing_nearby"


def test_the_radius_is_metres_on_the_ground(api, gazetteer):
    # 140 m and 160 m east of the eastern end of an east-west street with nothing else near.
    street = gazetteer.get(kind="street", name="Merkurstraße")
    _, _, east, _ = street.geom.extent
    metre = 1 / (111_320 * 0.6511)  # degrees of longitude per metre at 49.45° N

    near = reverse(api, east + 140 * metre, street.point.y)
    far = reverse(api, east + 160 * metre, street.point.y)

    assert near.json()["properties"]["label"].startswith("Merkurstraße")
    assert far.status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"lon": "7.7"},
        {"lon": "7.7", "lat": "north"},
        {"lon": "181", "lat": "49.4"},
        {"lon": "7.7", "lat": "-90.5"},
        {"lon": "nan", "lat": "49.4"},
        {"lon": "7.7", "lat": "inf"},
        {"lon": "7" * 30, "lat": "49.4"},
    ],
)
def test_bad_positions_are_refused_in_the_error_shape(api, gazetteer, params):
    response = api.get(URL, params)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_position"
