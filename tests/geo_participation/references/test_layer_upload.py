"""The reference layers page: real GIS files in two CRSs, each split mode, refusals by field."""

import io
import warnings
import zipfile

import numpy as np
import pyogrio.raw
import pytest
import shapely
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from geo_participation.references.models import ReferenceFeature, ReferenceLayer
from tests.geo_participation.campaigns.setup.area_files import reproject
from tests.page_helpers import plain_static  # noqa: F401 - a fixture

from .conftest import rating

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]

# An L-shaped street (about 1.4 km + 0.7 km) and a cross street meeting it in the middle.
MAIN = shapely.LineString([(7.760, 49.445), (7.780, 49.445), (7.780, 49.451)])
CROSS = shapely.LineString([(7.770, 49.442), (7.770, 49.448)])


@pytest.fixture
def manager_client(make_user):
    client = Client()
    client.force_login(make_user("manager", "campaign_managers"))
    return client


def gis_file(
    tmp_path,
    geometries,
    *,
    epsg=4326,
    names=("Hauptstraße", "Querweg"),
    kind="LineString",
    shapefile=False,
):
    """Return an upload of the geometries (lon/lat, written in epsg) with name and note columns."""
    written = reproject(list(geometries), epsg) if epsg != 4326 else list(geometries)
    stem = tmp_path / "strassen"
    path = stem.with_suffix(".shp" if shapefile else ".geojson")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pyogrio.raw.write(
            path,
            shapely.to_wkb(written),
            [
                np.array(names[: len(written)], dtype=object),
                np.array(["Vorschlag"] * len(written), dtype=object),
            ],
            ["name", "notiz"],
            driver="ESRI Shapefile" if shapefile else "GeoJSON",
            geometry_type=kind,
            crs=f"EPSG:{epsg}",
        )
    if not shapefile:
        return SimpleUploadedFile("strassen.geojson", path.read_bytes())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in sorted(tmp_path.glob("strassen.*")):
            archive.write(part, part.name)
    return SimpleUploadedFile("strassen.zip", buffer.getvalue())


def post(client, campaign, upload, **fields):
    data = {"name_de": "Fahrradstraßen", "name_en": "Bike streets", "split": "none", "file": upload}
    data.update(fields)
    return client.post(f"/einrichten/{campaign.slug}/referenzen/", data)


def error(response, field) -> str:
    page = response.content.decode()
    assert f'id="id_{field}-error"' in page, page
    return page.split(f'id="id_{field}-error"', 1)[1].split("</p>", 1)[0]


def sections():
    return list(
        ReferenceFeature.objects.order_by("position").values_list("name", "section", "description")
    )


def test_unsplit_lines_from_a_utm_geojson_become_one_section_each(manager_client, blank, tmp_path):
    upload = gis_file(tmp_path, [MAIN, CROSS], epsg=25832)
    response = post(manager_client, blank, upload, description_column="notiz")
    assert response.status_code == 302, response.content.decode()[:3000]
    layer = ReferenceLayer.objects.get(name_de="Fahrradstraßen")
    assert (layer.kind, layer.name_en) == ("line", "Bike streets")
    stored = layer.features.order_by("position")
    assert [(f.name, f.section, f.description) for f in stored] == [
        ("Hauptstraße", 0, "Vorschlag"),
        ("Querweg", 0, "Vorschlag"),
    ]
    # Reprojected back to lon/lat within a few centimetres.
    assert stored[0].geom.coords[0] == pytest.approx((7.760, 49.445), abs=1e-6)


def test_every_n_metres_cuts_equal_pieces_of_about_that_length(manager_client, blank, tmp_path):
    response = post(
        manager_client, blank, gis_file(tmp_path, [MAIN]), split="length", split_m="500"
    )
    assert response.status_code == 302
    stored = list(ReferenceFeature.objects.order_by("position"))
    lengths = [
        shapely.from_wkb(bytes(f.geom.transform(25832, clone=True).wkb)).length for f in stored
    ]
    # 1.45 km + 0.67 km = 2.1 km: four pieces of about 530 m, numbered along the street.
    assert len(stored) == 4
    assert [f.section for f in stored] == [1, 2, 3, 4]
    assert all(lengths[0] == pytest.approx(x, rel=1e-3) for x in lengths)
    assert sum(lengths) == pytest.approx(2120, rel=0.02)
    assert stored[0].geom.coords[0] == pytest.approx((7.760, 49.445))


def test_at_vertices_and_at_junctions(manager_client, blank, tmp_path):
    assert (
        post(manager_client, blank, gis_file(tmp_path, [MAIN, CROSS]), split="vertices").status_code
        == 302
    )
    assert sections() == [("Hauptstraße", 1, ""), ("Hauptstraße", 2, ""), ("Querweg", 0, "")]
    ReferenceLayer.objects.all().delete()
    assert (
        post(
            manager_client, blank, gis_file(tmp_path, [MAIN, CROSS]), split="junctions"
        ).status_code
        == 302
    )
    # The cross street meets the main street at 7.770: both are cut there.
    assert sections() == [
        ("Hauptstraße", 1, ""),
        ("Hauptstraße", 2, ""),
        ("Querweg", 1, ""),
        ("Querweg", 2, ""),
    ]
    first = ReferenceFeature.objects.get(name_de="Hauptstraße", section=1)
    assert first.geom.coords[-1] == pytest.approx((7.770, 49.445))


def test_points_from_a_zipped_shapefile(manager_client, blank, tmp_path):
    points = [shapely.Point(7.765, 49.445), shapely.Point(7.775, 49.446)]
    upload = gis_file(
        tmp_path, points, epsg=3857, kind="Point", names=("Platz A", "Platz B"), shapefile=True
    )
    assert post(manager_client, blank, upload).status_code == 302
    assert ReferenceLayer.objects.get().kind == "point"
    assert sections() == [("Platz A", 0, ""), ("Platz B", 0, "")]


@pytest.mark.parametrize(
    "fields, field, words",
    [
        ({"name_column": "strasse"}, "name_column", "name, notiz"),
        ({"split": "length"}, "split_m", "50"),
        ({"split": "length", "split_m": "20"}, "split_m", "50"),
        ({"name_de": ""}, "name_de", ""),
    ],
)
def test_refusals_stand_beside_their_field(manager_client, blank, tmp_path, fields, field, words):
    response = post(manager_client, blank, gis_file(tmp_path, [MAIN]), **fields)
    assert response.status_code == 400
    assert words in error(response, field)
    assert not ReferenceLayer.objects.exists()


def test_features_outside_the_area_are_refused_by_name(manager_client, blank, tmp_path):
    far = shapely.LineString([(7.9, 49.45), (7.95, 49.45)])
    response = post(manager_client, blank, gis_file(tmp_path, [MAIN, far]))
    assert response.status_code == 400
    assert "Querweg" in error(response, "file") and "Hauptstraße" not in error(response, "file")


def test_points_cannot_be_split_and_junk_is_refused(manager_client, blank, tmp_path):
    points = gis_file(tmp_path, [shapely.Point(7.765, 49.445)], kind="Point")
    response = post(manager_client, blank, points, split="vertices")
    assert "Only lines" in error(response, "split") or "Nur Linien" in error(response, "split")
    junk = SimpleUploadedFile("x.geojson", b"{ not json")
    assert post(manager_client, blank, junk).status_code == 400


def test_a_layer_with_ratings_stays_and_one_without_goes(manager_client, rated, west):
    from django.contrib.auth.models import AnonymousUser

    from geo_participation.references.services import rating_put

    rating_put(reference=west, feature=rating(3), user=AnonymousUser(), client_id="c")
    layer = west.layer
    response = manager_client.post(f"/einrichten/{rated.slug}/referenzen/{layer.pk}/loeschen/")
    assert response.status_code == 400
    assert f'id="layer-{layer.pk}-error"' in response.content.decode()
    assert ReferenceLayer.objects.filter(pk=layer.pk).exists()
    west.ratings.all().delete()
    response = manager_client.post(f"/einrichten/{rated.slug}/referenzen/{layer.pk}/loeschen/")
    assert response.status_code == 302
    assert not ReferenceFeature.objects.exists()


def test_only_campaign_managers_see_the_page(rated, make_user):
    client = Client()
    client.force_login(make_user("resident"))
    assert client.get(f"/einrichten/{rated.slug}/referenzen/").status_code == 404


def test_an_upload_bumps_the_published_version(manager_client, blank, tmp_path):
    before = type(blank).objects.get(pk=blank.pk).published_version
    post(manager_client, blank, gis_file(tmp_path, [MAIN]))
    assert type(blank).objects.get(pk=blank.pk).published_version > before


@pytest.mark.parametrize("split", ["none", "junctions"])
def test_a_line_of_no_length_is_refused_by_name_never_stored_as_a_point(
    manager_client, blank, tmp_path, split
):
    stuck = shapely.LineString([(7.765, 49.445), (7.765, 49.445)])
    response = post(manager_client, blank, gis_file(tmp_path, [MAIN, stuck]), split=split)
    assert response.status_code == 400
    assert "Querweg" in error(response, "file")
    assert not ReferenceFeature.objects.exists()


def test_too_many_lines_are_refused_before_noding(manager_client, blank, tmp_path):
    # 20,000 short crossing lines: ST_Node over them would run for minutes.
    lines = [
        shapely.LineString(
            [
                (7.76 + (n % 200) * 1e-4, 49.44 + (n // 200) * 1e-4),
                (7.7601 + (n % 200) * 1e-4, 49.4402 + (n // 200) * 1e-4),
            ]
        )
        for n in range(20_000)
    ]
    names = [f"Weg {n}" for n in range(20_000)]
    upload = gis_file(tmp_path, lines, names=names)
    response = post(manager_client, blank, upload, split="junctions")
    assert response.status_code == 400
    assert "20000" in error(response, "file") and "5000" in error(response, "file")
    assert not ReferenceLayer.objects.exists()


def test_a_split_running_too_long_is_refused_beside_the_split(
    manager_client, blank, tmp_path, monkeypatch
):
    from geo_participation.references import upload

    monkeypatch.setattr(upload, "SPLIT_TIMEOUT_S", 0.001)
    monkeypatch.setitem(upload.SPLIT_SQL, "junctions", "SELECT 0, NULL::bytea FROM pg_sleep(1)")
    response = post(manager_client, blank, gis_file(tmp_path, [MAIN, CROSS]), split="junctions")
    assert response.status_code == 400
    assert error(response, "split")
    assert not ReferenceLayer.objects.exists()
