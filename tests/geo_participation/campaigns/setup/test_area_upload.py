"""The area page: real files in three formats and CRSs, each refusal named, posts kept inside."""

import io
import re
import zipfile

import pytest
import shapely
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.files.uploadedfile import SimpleUploadedFile

from geo_participation.campaigns.models import Campaign

from .area_files import (
    EAST,
    WEST,
    geojson_4326,
    gpkg_25832,
    reproject,
    write,
    zipped_shapefile_3857,
)

pytestmark = pytest.mark.django_db
EXPECTED = shapely.union_all([WEST, EAST])


@pytest.fixture
def draft(make_campaign):
    return make_campaign("entwurf", draft=True, area=None, title_de="Entwurf", description_de="x")


def _post(client, campaign, **data):
    return client.post(f"/einrichten/{campaign.slug}/gebiet/", data)


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _stored(campaign):
    return Campaign.all_objects.get(pk=campaign.pk).area


def _error(response, field="file") -> str:
    page = response.content.decode()
    return page.split(f'id="id_{field}-error"', 1)[1].split("</p>", 1)[0]


def _same_area(area):
    stored = shapely.from_wkb(bytes(area.wkb))
    # Reprojected back and forth: equal within a few centimetres.
    assert stored.symmetric_difference(EXPECTED).area < 1e-9
    assert area.srid == 4326 and area.valid and len(area) == 1


def test_a_geopackage_in_epsg_25832_becomes_the_area(manager_client, draft, tmp_path):
    path = gpkg_25832(tmp_path)
    response = _post(manager_client, draft, file=_upload("gebiet.gpkg", path.read_bytes()))
    assert response.status_code == 302, _error(response)
    _same_area(_stored(draft))
    # The stored area is drawn on the page's map.
    assert '"area-fill"' in manager_client.get(f"/einrichten/{draft.slug}/gebiet/").content.decode()


def test_a_geojson_in_epsg_4326_becomes_the_area(manager_client, draft, tmp_path):
    path = geojson_4326(tmp_path)
    response = _post(manager_client, draft, file=_upload("gebiet.geojson", path.read_bytes()))
    assert response.status_code == 302, _error(response)
    _same_area(_stored(draft))


def test_a_zipped_shapefile_in_epsg_3857_becomes_the_area(manager_client, draft, tmp_path):
    content = zipped_shapefile_3857(tmp_path)
    response = _post(manager_client, draft, file=_upload("gebiet.zip", content))
    assert response.status_code == 302, _error(response)
    _same_area(_stored(draft))


def test_a_drawn_area_becomes_the_area(manager_client, draft):
    drawn = shapely.to_geojson(EXPECTED)
    response = _post(manager_client, draft, drawn=drawn)
    assert response.status_code == 302
    _same_area(_stored(draft))


def _zip(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _refusals(tmp_path):
    tiny = shapely.box(7.74, 49.43, 7.741, 49.4305)  # about 0.004 km²
    huge = shapely.box(6.0, 48.0, 8.0, 50.0)  # about 33,000 km²
    bowtie = shapely.Polygon([(7.74, 49.43), (7.76, 49.45), (7.76, 49.43), (7.74, 49.45)])
    points = write(
        tmp_path / "points.geojson",
        [shapely.Point(7.75, 49.44)],
        epsg=4326,
        driver="GeoJSON",
        kind="Point",
    )
    yield "points.geojson", points.read_bytes(), "Point"
    yield (
        "tiny.geojson",
        write(tmp_path / "tiny.geojson", [tiny], epsg=4326, driver="GeoJSON").read_bytes(),
        "zu klein",
    )
    yield (
        "huge.geojson",
        write(tmp_path / "huge.geojson", [huge], epsg=4326, driver="GeoJSON").read_bytes(),
        "zu groß",
    )
    yield "noshp.zip", _zip({"readme.txt": "no shapefile"}), ".shp"
    yield "garbage.gpkg", b"this is not a GeoPackage", "nicht gelesen"
    yield "empty.geojson", b'{"type": "FeatureCollection", "features": []}', "leer"
    yield (
        "nocrs.zip",
        zipped_shapefile_3857(tmp_path / "nocrs", epsg=None),
        "Koordinatenreferenzsystem",
    )
    yield "bowtie.geojson", shapely.to_geojson(bowtie).encode(), None  # repaired: accepted


@pytest.fixture
def refusals(tmp_path):
    (tmp_path / "nocrs").mkdir()
    return list(_refusals(tmp_path))


def test_each_bad_file_is_refused_by_name_and_nothing_is_stored(manager_client, draft, refusals):
    for name, content, expected in refusals:
        response = _post(manager_client, draft, file=_upload(name, content))
        if expected is None:
            assert response.status_code == 302, (name, _error(response))
            Campaign.all_objects.filter(pk=draft.pk).update(area=None)
            continue
        assert response.status_code == 400, name
        assert expected in _error(response), (name, _error(response))
        assert _stored(draft) is None, name


def test_a_file_over_the_limit_is_refused_unread(manager_client, draft, settings):
    settings.GP_AREA_UPLOAD_MAX_BYTES = 100_000
    response = _post(manager_client, draft, file=_upload("big.geojson", b" " * 200_000))
    assert response.status_code == 413
    assert "größer als" in _error(response)


def test_the_sizes_are_written_the_german_way(manager_client, draft, tmp_path):
    huge = write(
        tmp_path / "h.geojson", [shapely.box(6.0, 48.0, 8.0, 50.0)], epsg=4326, driver="GeoJSON"
    )
    tiny = shapely.box(7.74, 49.43, 7.741, 49.4305)
    tiny = write(tmp_path / "t.geojson", [tiny], epsg=4326, driver="GeoJSON")
    error = _error(_post(manager_client, draft, file=_upload("h.geojson", huge.read_bytes())))
    # "33,069 km²" would read as 33 km² in German: a dot groups thousands, a comma decimals.
    assert re.search(r"\(\d\d\.\d{3} km²\); es darf höchstens 5\.000 km²", error), error
    error = _error(_post(manager_client, draft, file=_upload("t.geojson", tiny.read_bytes())))
    assert re.search(r"\(0,00\d\d km²\); es muss mindestens 0,01 km²", error), error


def test_several_layers_are_refused_beside_the_layer_field(manager_client, draft, tmp_path):
    path = gpkg_25832(tmp_path)
    write(path, reproject([WEST], 25832), epsg=25832, driver="GPKG", layer="zweite")
    for layer, expected in (("", "gebiet, zweite"), ("dritte", "keine Ebene „dritte“")):
        upload = _upload("g.gpkg", path.read_bytes())
        response = _post(manager_client, draft, file=upload, layer=layer)
        assert response.status_code == 400
        assert expected in _error(response, "layer"), _error(response, "layer")
        assert 'id="id_file-error"' not in response.content.decode()
        assert 'id="gp-form-error" tabindex="-1" autofocus' in response.content.decode()
        assert response.content.decode().count("Oder eine Datei hochladen") == 1


def test_a_layer_can_be_chosen(manager_client, draft, tmp_path):
    path = gpkg_25832(tmp_path)
    write(path, reproject([WEST], 25832), epsg=25832, driver="GPKG", layer="zweite")
    response = _post(
        manager_client, draft, file=_upload("g.gpkg", path.read_bytes()), layer="zweite"
    )
    assert response.status_code == 302
    assert shapely.from_wkb(bytes(_stored(draft).wkb)).equals_exact(WEST, 1e-6) or (
        shapely.from_wkb(bytes(_stored(draft).wkb)).symmetric_difference(WEST).area < 1e-9
    )


def test_with_posts_the_area_may_only_grow(
    manager_client, make_campaign, make_category, make_submission, tmp_path
):
    campaign = make_campaign("mitbeitraegen")
    make_category(campaign)
    make_submission(campaign, coordinates=[7.80, 49.46])  # in the test AREA, outside WEST+EAST
    make_submission(campaign, coordinates=[7.81, 49.47])
    before = _stored(campaign)
    response = _post(manager_client, campaign, drawn=shapely.to_geojson(EXPECTED))
    assert response.status_code == 400
    assert "2 Beiträge" in _error(response, "drawn")
    assert _stored(campaign).equals(before)
    larger = MultiPolygon(Polygon.from_bbox((7.69, 49.39, 7.86, 49.49)), srid=4326)
    response = _post(manager_client, campaign, drawn=larger.geojson)
    assert response.status_code == 302


OUTSIDE_LONLAT = "Die Koordinaten liegen außerhalb"


def test_projected_coordinates_without_a_crs_are_refused_naming_the_cause(
    manager_client, draft, tmp_path
):
    # GDAL reads a GeoJSON without a CRS as EPSG:4326: UTM metres would be "degrees".
    path = write(
        tmp_path / "utm.geojson", reproject([WEST, EAST], 25832), epsg=None, driver="GeoJSON"
    )
    response = _post(manager_client, draft, file=_upload("utm.geojson", path.read_bytes()))
    assert response.status_code == 400
    assert OUTSIDE_LONLAT in _error(response) and "projiziertes" in _error(response)
    assert _stored(draft) is None


def test_a_drawing_beyond_the_pole_is_refused(manager_client, draft):
    beyond = shapely.box(7.74, 89.9, 7.80, 90.5)  # its geodesic size is NaN
    response = _post(manager_client, draft, drawn=shapely.to_geojson(beyond))
    assert response.status_code == 400
    assert OUTSIDE_LONLAT in _error(response, "drawn")
    assert _stored(draft) is None


def test_a_deeply_nested_drawing_is_refused_as_unreadable(manager_client, draft):
    response = _post(manager_client, draft, drawn="[" * 50_000)
    assert response.status_code == 400
    assert "nicht gelesen" in _error(response, "drawn")
    assert _stored(draft) is None
