"""`make basemap`'s code on the fixture extract: osmium, tilemaker and pmtiles for real."""

import gzip
import io
import math
from contextlib import redirect_stdout

import mapbox_vector_tile
import pytest
from django.core.management import call_command
from pmtiles.reader import MmapSource, Reader

from layers.basemap.build import MARGIN_M, with_margin

from .conftest import FIXTURE

FRUCHTHALLE = (7.7697, 49.4437)


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    """Return the x/y of the web-mercator tile at zoom z that holds lon/lat."""
    n = 2**z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return int((lon + 180) / 360 * n), int(y)


def build(*args) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        call_command("build_basemap", *args)
    return out.getvalue()


def decoded(path, z: int, lon: float, lat: float) -> dict:
    with path.open("rb") as file:
        reader = Reader(MmapSource(file))
        data = reader.get(z, *tile_of(lon, lat, z))
        header = reader.header()
    assert data, f"no tile at z{z} around {lon}, {lat}"
    return mapbox_vector_tile.decode(gzip.decompress(data)), header


@pytest.mark.django_db
def test_fixture_extract_becomes_an_archive_with_named_streets(campaign, tmp_path):
    out = tmp_path / "basemap.pmtiles"
    said = build("--osm", str(FIXTURE), "--out", str(out))
    assert said.startswith(f"basemap: wrote {out} (") and said.count("\n") == 1
    layers, header = decoded(out, 14, *FRUCHTHALLE)
    names = {f["properties"].get("name") for f in layers["transportation_name"]["features"]}
    assert "Fruchthallstraße" in names
    assert layers["transportation"]["features"]
    # The archive covers the campaign's area (7.70-7.85, 49.40-49.48) plus the margin.
    west, south, east, north = with_margin((7.70, 49.40, 7.85, 49.48), MARGIN_M)
    assert header["min_lon_e7"] == pytest.approx(west * 1e7, abs=10)
    assert header["max_lat_e7"] == pytest.approx(north * 1e7, abs=10)
    assert header["max_zoom"] == 14 and not out.with_name(out.name + ".partial").exists()


def test_margin_is_two_kilometres_on_every_side():
    west, south, east, north = with_margin((7.70, 49.40, 7.85, 49.48), 2000)
    assert (49.40 - south) * 111_320 == pytest.approx(2000)
    assert (7.70 - west) * 111_320 * math.cos(math.radians(49.48)) == pytest.approx(2000)


@pytest.mark.django_db
def test_unreachable_url_says_so_in_one_line_and_succeeds(tmp_path):
    out = tmp_path / "basemap.pmtiles"
    # Port 9 (discard) on our own machine: refused, as a download is without internet.
    url = "http://127.0.0.1:9/rheinland-pfalz-latest.osm.pbf"
    said = build("--osm", url, "--out", str(out))
    assert said == (f"basemap: no internet, cannot fetch {url}; the map shows without a basemap\n")
    assert not out.exists()


@pytest.mark.django_db
def test_if_missing_keeps_an_existing_archive(tmp_path):
    out = tmp_path / "basemap.pmtiles"
    out.write_bytes(b"kept")
    assert build("--osm", str(FIXTURE), "--out", str(out), "--if-missing") == ""
    assert out.read_bytes() == b"kept"
