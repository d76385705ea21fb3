"""manage.py load_places: what it reads from an extract, how streets merge, that reloads replace."""

import functools
import io
import subprocess
from collections import Counter
from http.server import SimpleHTTPRequestHandler

import pytest
from django.core.management import CommandError, call_command

from geo_participation.places.models import Place
from tests.http_helpers import local_http_server
from tests.places_helpers import FIXTURE_OSM, load_fixture_gazetteer

SPLIT_STREET = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" version="1" lat="49.4400" lon="7.7600"/>
  <node id="2" version="1" lat="49.4400" lon="7.7620"/>
  <node id="3" version="1" lat="49.4405" lon="7.7640"/>
  <node id="4" version="1" lat="49.4600" lon="7.7600"/>
  <node id="5" version="1" lat="49.4600" lon="7.7620"/>
  <node id="6" version="1" lat="49.4401" lon="7.7630">
    <tag k="amenity" v="cafe"/><tag k="name" v="Café Lauter"/>
  </node>
  <node id="7" version="1" lat="49.4399" lon="7.7610"/>
  <way id="10" version="1"><nd ref="1"/><nd ref="2"/>
    <tag k="highway" v="residential"/><tag k="name" v="Teststraße"/></way>
  <way id="11" version="1"><nd ref="2"/><nd ref="3"/>
    <tag k="highway" v="residential"/><tag k="name" v="Teststraße"/></way>
  <way id="12" version="1"><nd ref="4"/><nd ref="5"/>
    <tag k="highway" v="residential"/><tag k="name" v="Teststraße"/></way>
  <way id="13" version="1"><nd ref="1"/><nd ref="4"/><tag k="highway" v="track"/></way>
</osm>
"""


@pytest.fixture
def split_street(tmp_path):
    path = tmp_path / "split.osm"
    path.write_text(SPLIT_STREET, encoding="utf-8")
    return path


def test_the_fixture_extract_loads_its_streets_addresses_places_and_pois(db):
    summary = load_fixture_gazetteer()

    counts = Counter(Place.objects.values_list("kind", flat=True))
    assert counts == {"street": 33, "address": 148, "place": 12, "poi": 10}
    assert summary == (
        "Loaded 203 places from "
        f"{summary.split(' from ')[1].split(':')[0]}: 33 street, 148 address, 12 place, 10 poi."
    )


def test_a_pbf_extract_loads_the_same_entries(db, tmp_path):
    # Real extracts come as .osm.pbf (Geofabrik); osmium converts the fixture to one.
    pbf = tmp_path / "kaiserslautern.osm.pbf"
    subprocess.run(["osmium", "cat", str(FIXTURE_OSM), "-o", str(pbf)], check=True)
    load_fixture_gazetteer()
    from_xml = sorted(Place.objects.values_list("kind", "name", "label", "key"))

    call_command("load_places", str(pbf), stdout=io.StringIO())

    assert sorted(Place.objects.values_list("kind", "name", "label", "key")) == from_xml


@pytest.fixture
def extract_server():
    """Serve fixtures/osm over HTTP on 127.0.0.1, as Geofabrik serves a state's extract."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(FIXTURE_OSM.parent))
    with local_http_server(handler) as server:
        yield f"http://127.0.0.1:{server.server_port}"


def test_an_extract_is_loaded_from_a_url(db, extract_server):
    out = io.StringIO()

    call_command("load_places", f"{extract_server}/{FIXTURE_OSM.name}", stdout=out)

    assert Place.objects.filter(kind="street", name="Fruchthallstraße").exists()
    assert out.getvalue().startswith("Loaded ")


def test_an_unreachable_url_says_so_in_one_line_and_keeps_the_gazetteer(gazetteer):
    before = Place.objects.count()
    out = io.StringIO()
    # Port 9 (discard) on our own machine: refused, as a download is without internet.
    url = "http://127.0.0.1:9/rheinland-pfalz-latest.osm.pbf"

    call_command("load_places", url, stdout=out)

    assert (
        out.getvalue() == f"places: no internet, cannot fetch {url}; the gazetteer is unchanged\n"
    )
    assert Place.objects.count() == before


@pytest.mark.parametrize("content", [None, "not an extract"])
def test_a_missing_or_unreadable_file_is_a_command_error(db, tmp_path, content):
    path = tmp_path / "extract.osm"
    if content is not None:
        path.write_text(content)

    with pytest.raises(CommandError, match="extract.osm"):
        call_command("load_places", str(path), stdout=io.StringIO())


def test_addresses_are_named_and_labelled_with_street_number_and_city(gazetteer):
    address = gazetteer.get(name="Fruchthallstraße 3")

    assert (address.kind, address.label, address.key) == (
        "address",
        "Fruchthallstraße 3, Kaiserslautern",
        "fruchthallstr 3",
    )


def test_squares_are_places_and_parks_are_pois_with_their_areas(gazetteer):
    square, park = gazetteer.get(name="Schillerplatz"), gazetteer.get(name="Volkspark")

    assert (square.kind, square.geom.geom_type) == ("place", "MultiPolygon")
    assert (park.kind, park.geom.geom_type) == ("poi", "MultiPolygon")
    assert square.geom.contains(square.point) and park.geom.contains(park.point)


def test_ways_of_one_street_merge_and_a_far_namesake_stays_apart(db, split_street):
    call_command("load_places", str(split_street), stdout=io.StringIO())

    streets = sorted(Place.objects.filter(kind="street"), key=lambda s: s.point.y)
    assert [s.name for s in streets] == ["Teststraße", "Teststraße"]
    joined = streets[0]
    # Ways 10 and 11 share node 2: one line from node 1 to node 3; the namesake 2 km north
    # (way 12) is another street, and the unnamed track is none.
    assert joined.geom.geom_type == "LineString"
    assert joined.geom.coords == ((7.76, 49.44), (7.762, 49.44), (7.764, 49.4405))
    assert joined.geom.distance(joined.point) < 1e-9


def test_a_reload_replaces_every_entry(gazetteer, split_street):
    call_command("load_places", str(split_street), stdout=io.StringIO())

    assert sorted(Place.objects.values_list("name", "kind")) == [
        ("Café Lauter", "poi"),
        ("Teststraße", "street"),
        ("Teststraße", "street"),
    ]
