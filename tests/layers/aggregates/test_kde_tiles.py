"""PNG tiles and the legend of the density surface: decoding, transparency, scale, caching."""

import io
import math

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from heatmaps.kde.cache import grids
from heatmaps.kde.ramp import FLOOR, LUT
from tests.heatmaps.kde.test_kde_common import mercator, plant

WEST = (7.745, 49.445)
FAR = (7.84, 49.475)  # inside the area, far from every planted place


def tile_at(lon, lat, z):
    x, y = mercator(lon, lat)
    half = 20037508.342789244
    size = 2 * half / 2**z
    return z, math.floor((x + half) / size), math.floor((half - y) / size)


def url(campaign, z, x, y, query=""):
    return f"/heatmaps/{campaign.slug}/kde/{z}/{x}/{y}.png" + (f"?{query}" if query else "")


def image(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "image/png"
    picture = Image.open(io.BytesIO(response.content))
    assert picture.format == "PNG" and picture.size == (256, 256) and picture.mode == "RGBA"
    return np.asarray(picture)


@pytest.fixture
def planted(campaign):
    plant(campaign, WEST, 80, spread_m=150, seed=1)
    grids.clear_local()
    return campaign


@pytest.mark.django_db
def test_tile_over_the_cluster_is_coloured_and_transparent_around_it(anon, planted):
    pixels = image(anon.get(url(planted, *tile_at(*WEST, 14))))
    alpha = pixels[..., 3]
    assert alpha.max() == 255 and alpha.min() == 0, "a cluster with transparent surroundings"
    # Only ramp colours are drawn, and the brightest pixel is near the top of the ramp.
    shown = pixels[alpha == 255][:, :3]
    ramp = {tuple(c) for c in LUT.tolist()}
    assert {tuple(c) for c in shown.tolist()} <= ramp
    top = max(LUT.tolist().index(list(c)) for c in {tuple(c) for c in shown.tolist()})
    assert top >= 240


@pytest.mark.django_db
def test_tiles_far_from_every_place_and_off_the_grid_are_transparent(anon, planted):
    for z, x, y in (tile_at(*FAR, 16), (3, 0, 0), tile_at(*WEST, 20)[:1] + (0, 0)):
        assert not image(anon.get(url(planted, z, x, y)))[..., 3].any(), (z, x, y)


@pytest.mark.django_db
def test_neighbouring_tiles_agree_along_their_edge(anon, planted):
    z, x, y = tile_at(*WEST, 15)
    # The tile edge nearest to the cluster, so that both sides show it.
    east_half = tile_at(*WEST, 16)[1] % 2
    x = x if east_half else x - 1
    left = image(anon.get(url(planted, z, x, y)))
    right = image(anon.get(url(planted, z, x + 1, y)))
    # One scale for all tiles: the colours on both sides of the shared edge differ by no more
    # than one pixel's change of the surface.
    index = {tuple(c): i for i, c in enumerate(LUT.tolist())}
    shown = (left[:, -1, 3] == 255) & (right[:, 0, 3] == 255)
    a = [index[tuple(c)] for c in left[shown, -1, :3].tolist()]
    b = [index[tuple(c)] for c in right[shown, 0, :3].tolist()]
    assert shown.any() and max(abs(i - j) for i, j in zip(a, b, strict=True)) <= 3


@pytest.mark.django_db
def test_low_zoom_tile_shows_the_area_average(anon, planted):
    pixels = image(anon.get(url(planted, *tile_at(*WEST, 9))))
    assert (pixels[..., 3] == 255).sum() >= 1


@pytest.mark.django_db
def test_legend_json_names_scale_unit_and_colours(anon, planted):
    response = anon.get(f"/heatmaps/{planted.slug}/kde/legend.json?bandwidth=200")
    assert response.status_code == 200
    legend = response.json()
    assert legend["unit"] == "places per km²" and legend["ramp"] == "viridis"
    assert legend["places"] == 80 and legend["parameters"]["bandwidth_m"] == 200
    assert legend["transparent_below"] == pytest.approx(FLOOR * legend["maximum"])
    stops = legend["breakpoints"]
    assert [s["fraction"] for s in stops] == sorted(s["fraction"] for s in stops)
    top = "#{:02x}{:02x}{:02x}".format(*LUT[-1])
    assert stops[-1]["colour"] == top and stops[-1]["value"] == legend["maximum"]
    assert legend["tiles"].endswith("/kde/{z}/{x}/{y}.png?bandwidth=200")
    # 80 places with 150 m spread and a 200 m kernel: the peak is 80 / (2 pi 250²) per m².
    assert legend["maximum"] == pytest.approx(80 / (2 * math.pi * 0.25**2), rel=0.3)


@pytest.mark.django_db
def test_legend_png(anon, planted):
    response = anon.get(f"/heatmaps/{planted.slug}/kde/legend.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    picture = Image.open(io.BytesIO(response.content))
    assert picture.width > picture.height > 20


@pytest.mark.django_db
def test_etag_304_and_a_new_version_after_approval(anon, planted, make_submission):
    address = url(planted, *tile_at(*WEST, 14))
    first = anon.get(address)
    etag = first["ETag"]
    assert etag.startswith('"kde.') and "public" in first["Cache-Control"]
    again = anon.get(address, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    make_submission(planted, coordinates=list(WEST))
    changed = anon.get(address, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    other = anon.get(url(planted, *tile_at(*WEST, 14), "bandwidth=300"))
    assert other["ETag"] not in (etag, changed["ETag"])


@pytest.mark.django_db
def test_the_grid_is_computed_once_for_many_tiles(anon, planted):
    z, x, y = tile_at(*WEST, 15)
    anon.get(url(planted, z, x, y))
    with CaptureQueriesContext(connection) as queries:
        for dx in (1, 2, 3):
            image(anon.get(url(planted, z, x + dx, y)))
    binning = [q for q in queries.captured_queries if "GROUP BY ix, iy" in q["sql"]]
    assert not binning
    # The campaign row and its categories per tile; the grid comes from the cache.
    assert len(queries.captured_queries) == 3 * 2


@pytest.mark.django_db
def test_a_grid_in_the_shared_cache_serves_another_worker(anon, planted):
    z, x, y = tile_at(*WEST, 14)
    first = anon.get(url(planted, z, x, y)).content
    grids.clear_local()  # as if the next request went to another worker
    with CaptureQueriesContext(connection) as queries:
        second = anon.get(url(planted, z, x, y)).content
    assert first == second
    assert not [q for q in queries.captured_queries if "GROUP BY ix, iy" in q["sql"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("z", "x", "y", "named"),
    [("21", "0", "0", "z"), ("3", "8", "0", "x"), ("3", "0", "-1", "y"), ("a", "0", "0", "z")],
)
def test_bad_tile_addresses_answer_400(anon, planted, z, x, y, named):
    response = anon.get(f"/heatmaps/{planted.slug}/kde/{z}/{x}/{y}.png")
    assert response.status_code == 400
    assert response.json()["detail"].startswith(named)


@pytest.mark.django_db
def test_unknown_campaign_answers_404(anon, db):
    for path in ("nope/kde/1/0/0.png", "nope/kde/legend.json", "nope/kde.tif", "n%00/kde.tif"):
        response = anon.get(f"/heatmaps/{path}")
        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_preview_page_uses_only_our_own_resources(anon, planted):
    response = anon.get(f"/heatmaps/{planted.slug}/kde/?bandwidth=300")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/heatmaps/fear/kde/{z}/{x}/{y}.png?bandwidth=300" in page
    assert "/heatmaps/fear/kde/legend.png?bandwidth=300" in page
    assert "https://" not in page and "http://" not in page
    assert anon.get(f"/heatmaps/{planted.slug}/kde/?bandwidth=3").status_code == 400


@pytest.mark.django_db
def test_preview_page_speaks_the_visitors_language(anon, planted):
    german = anon.get(f"/heatmaps/{planted.slug}/kde/").content.decode()
    assert '<html lang="de">' in german
    assert "Orte je km²" in german and "Bandbreite" in german
    assert "user-scalable" not in german and "maximum-scale" not in german
    english = anon.get(f"/heatmaps/{planted.slug}/kde/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in english.content.decode()
    assert "places per km²" in english.content.decode()
    assert "Accept-Language" in english["Vary"]
