"""Planner exports read back with GDAL: counts, CRS, question columns and text in every format."""

import json
import shutil
import subprocess

import pyogrio
import pytest
from django.contrib.gis.geos import GEOSGeometry
from django.core.management import CommandError, call_command
from django.test import Client

from layers.exports import encode
from layers.exports.shapefile import fitted_names
from tests.export_helpers import KNOWN, UMLAUTS, approved_count, body, fill, known_point, save

FORMATS_4326 = ("gpkg", "geojson", "csv", "kml", "fgb")
FORMATS_25832 = ("gpkg", "csv", "fgb")
QUESTION_COLUMNS = {"time_of_day", "rating", "lit", "note", "reasons"}


@pytest.fixture
def filled(campaign, make_category, make_submission):
    fill(campaign, make_category, make_submission)
    return campaign


def read(path, **kwargs):
    return pyogrio.read_dataframe(path, **kwargs)


def expected_xy(srid: int):
    point = known_point()
    if srid != 4326:
        point.transform(srid)
    return point.x, point.y


def check_read_back(frame, campaign, srid):
    """The same rows as the database, in the CRS asked for, with answers and text intact."""
    assert len(frame) == approved_count(campaign) == 11
    if "WKT" in frame.columns:
        # CSV has no place for a CRS: the coordinates (and the file name) tell it.
        assert frame.crs is None
    else:
        assert frame.crs.to_epsg() == srid
    assert QUESTION_COLUMNS <= set(frame.columns)
    comments = list(frame["comment"].fillna(""))
    assert f"Kein Schatten, {UMLAUTS}" in comments
    assert f"Laterne kaputt in der {UMLAUTS}" in list(frame["note"].fillna(""))
    assert "dark; lonely" in list(frame["reasons"].fillna(""))
    row = frame[frame["comment"] == f"Kein Schatten, {UMLAUTS}"].iloc[0]
    assert row["time_of_day"] == "night"
    assert int(row["rating"]) == 4
    x, y = expected_xy(srid)
    tolerance = 1e-6 if srid == 4326 else 0.01
    assert row.geometry.x == pytest.approx(x, abs=tolerance)
    assert row.geometry.y == pytest.approx(y, abs=tolerance)
    assert set(frame.geometry.geom_type) == {"Point", "LineString", "Polygon"}


@pytest.mark.parametrize("fmt", FORMATS_4326)
def test_every_format_reads_back_in_wgs84(planner_api, filled, tmp_path, fmt):
    response = planner_api.get(f"/exports/fear/submissions.{fmt}")
    assert response.status_code == 200
    path = save(response, tmp_path, f"out.{fmt}")
    check_read_back(read(path), filled, 4326)


@pytest.mark.parametrize("fmt", FORMATS_25832)
def test_projected_formats_read_back_in_utm(planner_api, filled, tmp_path, fmt):
    response = planner_api.get(f"/exports/fear/submissions.{fmt}?crs=EPSG:25832")
    assert response.status_code == 200
    path = save(response, tmp_path, f"out.{fmt}")
    check_read_back(read(path), filled, 25832)


@pytest.mark.parametrize("crs", [4326, 25832])
def test_shapefile_zip_has_utf8_cpg_fitted_names_and_a_layer_per_type(
    planner_api, filled, tmp_path, crs
):
    response = planner_api.get(f"/exports/fear/submissions.shp?crs=EPSG:{crs}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    save(response, tmp_path, "out.zip")
    names = sorted(p.name for p in tmp_path.iterdir())
    for kind in ("points", "lines", "polygons"):
        for ext in ("shp", "shx", "dbf", "prj", "cpg"):
            assert f"fear_submissions_{kind}.{ext}" in names
    assert (tmp_path / "fear_submissions_points.cpg").read_text().strip() == "UTF-8"
    mapping = (tmp_path / "fields.csv").read_text().splitlines()
    # Described in the request's language (German by default).
    assert 'category_l,category_label,text,"Bezeichnung der Kategorie."' in mapping
    assert 'support_co,support_count,integer,"Anzahl der „Ich auch“-Unterstützungen."' in mapping
    assert mapping[0] == "field,column,type,description"
    frames = [read(tmp_path / f"fear_submissions_{k}.shp") for k in ("points", "lines", "polygons")]
    assert [len(f) for f in frames] == [9, 1, 1]
    points = frames[0]
    assert all(len(name) <= 10 for name in points.columns)
    assert {"category_l", "support_co", "time_of_day"[:10]} <= set(points.columns)
    assert points.crs.to_epsg() == crs
    assert f"Kein Schatten, {UMLAUTS}" in set(points["comment"])
    assert set(frames[1].geometry.geom_type) == {"LineString"}


def test_streamed_geojson_is_valid_rfc7946_in_several_chunks(planner_api, filled, monkeypatch):
    monkeypatch.setattr(encode, "CHUNK_ROWS", 3)
    response = planner_api.get("/exports/fear/submissions.geojson")
    assert response.status_code == 200
    assert response.streaming
    pieces = list(response.streaming_content)
    # A head, four chunks of at most three features, and the tail.
    assert len(pieces) == 6
    data = json.loads(b"".join(pieces))
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data
    assert len(data["features"]) == approved_count(filled)
    for feature in data["features"]:
        geometry = GEOSGeometry(json.dumps(feature["geometry"]))
        assert geometry.valid
        lon, lat = geometry.centroid.coords
        assert 7.7 < lon < 7.85 and 49.4 < lat < 49.48
    assert response["Content-Type"] == "application/geo+json"
    assert 'filename="fear-submissions-4326.geojson"' in response["Content-Disposition"]


def test_empty_export_still_has_its_fields(planner_api, campaign, tmp_path):
    response = planner_api.get("/exports/fear/submissions.gpkg")
    frame = read(save(response, tmp_path, "empty.gpkg"))
    assert len(frame) == 0
    assert {"id", "comment", "time_of_day", "rating"} <= set(frame.columns)


@pytest.mark.parametrize("fmt", ("gpkg", "fgb", "shp", "csv", "kml"))
def test_campaign_without_categories_exports_an_empty_file(
    planner_api, make_campaign, tmp_path, fmt
):
    make_campaign("bare")
    response = planner_api.get(f"/exports/bare/submissions.{fmt}")
    assert response.status_code == 200
    path = save(response, tmp_path, "empty.zip" if fmt == "shp" else f"empty.{fmt}")
    if fmt == "shp":
        path = next(tmp_path.glob("*.shp"))
    frame = read(path)
    assert len(frame) == 0
    if fmt == "kml":
        # GDAL writes a KML's schema with its first placemark: an empty one has a folder only.
        assert "<Folder><name>bare_submissions</name>" in path.read_text()
        return
    fields = {"id", "category", "comment", "support_count", "public_status", "answer"}
    if fmt == "shp":
        fields = set(fitted_names(sorted(fields)).values())
    assert fields <= set(frame.columns)


FORMULAS = ('=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx")


def test_csv_cells_that_would_be_formulas_start_with_an_apostrophe(
    planner_api, campaign, make_submission, tmp_path
):
    for text in FORMULAS + ("a = b",):
        make_submission(campaign, comment=text, answers={"time_of_day": "night", "rating": 3})
    csv = save(planner_api.get("/exports/fear/submissions.csv"), tmp_path, "f.csv")
    # GDAL reads a carriage return inside a quoted cell back as a line feed.
    comments = {text.replace("\n", "\r") for text in read(csv)["comment"]}
    assert comments == {f"'{text}" for text in FORMULAS} | {"a = b"}
    assert b'"\'\rx"' in csv.read_bytes()
    # Numbers stay numbers; only the CSV is changed: GeoPackage keeps the text as written.
    assert set(read(csv)["rating"].astype(int)) == {3}
    gpkg = save(planner_api.get("/exports/fear/submissions.gpkg"), tmp_path, "f.gpkg")
    assert set(read(gpkg)["comment"]) == set(FORMULAS) | {"a = b"}


def test_shapefile_fields_csv_follows_the_request_language(planner_api, filled, tmp_path):
    response = planner_api.get("/exports/fear/submissions.shp", HTTP_ACCEPT_LANGUAGE="en")
    save(response, tmp_path, "out.zip")
    mapping = (tmp_path / "fields.csv").read_text().splitlines()
    assert 'id,id,integer,"Submission id."' in mapping
    assert 'time_of_da,time_of_day,text,"Answer to “When?”"' in mapping


def test_category_filter_keeps_its_rows_and_questions(planner_api, filled, tmp_path):
    response = planner_api.get("/exports/fear/submissions.gpkg?category=light")
    frame = read(save(response, tmp_path, "light.gpkg"))
    assert list(frame["category"]) == ["light"]
    assert {"lit", "note"} <= set(frame.columns)
    assert not {"time_of_day", "reasons"} & set(frame.columns)


def test_only_approved_and_sensitive_places_exact_for_planners(planner_api, filled, tmp_path):
    frame = read(save(planner_api.get("/exports/fear/submissions.fgb"), tmp_path, "a.fgb"))
    assert not {"pending", "rejected"} & set(frame["comment"])
    hidden = frame[frame["category"] == "hidden"].iloc[0]
    assert (hidden.geometry.x, hidden.geometry.y) == pytest.approx((7.77123, 49.44321))


def test_content_disposition_names_the_file(planner_api, filled):
    response = planner_api.get("/exports/fear/submissions.gpkg?crs=EPSG:25832")
    assert response["Content-Type"] == "application/geopackage+sqlite3"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="fear-submissions-25832.gpkg"' in disposition
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="GDAL missing")
def test_debians_ogrinfo_reads_the_geopackage(planner_api, filled, tmp_path):
    # A second, independent GDAL (Debian's, not the one inside pyogrio's wheel).
    path = save(planner_api.get("/exports/fear/submissions.gpkg"), tmp_path, "x.gpkg")
    out = subprocess.run(
        ["ogrinfo", "-ro", "-so", "-al", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert f"Feature Count: {approved_count(filled)}" in out
    assert "time_of_day: String" in out
    assert "rating: Integer" in out


@pytest.fixture
def anon():
    return Client(raise_request_exception=False)


def test_anonymous_is_asked_to_log_in(anon, filled):
    response = anon.get("/exports/fear/submissions.gpkg")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")


def test_non_planners_are_refused(make_api, make_user, filled):
    for user in (make_user("mod", "moderators"), make_user("citizen")):
        response = make_api(user).get("/exports/fear/submissions.geojson")
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"


def test_planner_with_basic_auth(anon, make_user, filled):
    make_user("planner", "planners")
    auth = "Basic cGxhbm5lcjp4LXRlc3QtcGFzc3dvcmQtMQ=="  # planner:x-test-password-1
    response = anon.get("/exports/fear/submissions.csv", HTTP_AUTHORIZATION=auth)
    assert response.status_code == 200
    assert UMLAUTS in body(response).decode("utf-8")
    wrong = anon.get("/exports/fear/submissions.csv", HTTP_AUTHORIZATION="Basic Zm9vOmJhcg==")
    assert wrong.status_code == 401


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/exports/fear/submissions.gpkg?crs=EPSG:3857", 400, "EPSG:3857"),
        ("/exports/fear/submissions.geojson?crs=EPSG:25832", 400, "always EPSG:4326"),
        ("/exports/fear/submissions.kml?crs=EPSG:25832", 400, "always EPSG:4326"),
        ("/exports/fear/submissions.gpkg?category=nope", 400, "'nope'"),
        ("/exports/fear/submissions.gpkg?bbox=1,2,3,4", 400, "'bbox'"),
        ("/exports/fear/submissions.gpkg?crs=EPSG:4326&crs=EPSG:25832", 400, "more than once"),
        ("/exports/nope/submissions.gpkg", 404, "'nope'"),
        ("/exports/fear/nope.gpkg", 404, "'nope'"),
        ("/exports/fear/submissions.docx", 404, "'docx'"),
        ("/exports/fear/submissions", 404, "{layer}.{format}"),
        ("/exports/f%00ear/submissions.gpkg", 404, "campaign"),
    ],
)
def test_bad_requests_name_the_problem(make_api, make_user, filled, url, status, words):
    client = make_api(make_user("planner", "planners"))
    response = client.get(url)
    assert response.status_code == status, response.content
    assert words in response.json()["detail"]


def test_unknown_coordinates_expected_in_utm():
    # Guards the expectation above: the Stiftsplatz is in UTM zone 32N.
    x, y = expected_xy(25832)
    assert 410_000 < x < 412_000 and 5_477_000 < y < 5_479_000
    assert KNOWN == (7.7686, 49.4447)


@pytest.mark.parametrize(("fmt", "crs"), [("gpkg", "EPSG:25832"), ("geojson", "EPSG:4326")])
def test_export_layer_command_writes_what_the_endpoint_sends(filled, tmp_path, fmt, crs):
    output = tmp_path / f"out.{fmt}"
    call_command(
        "export_layer",
        "fear",
        "submissions",
        "--format",
        fmt,
        "--crs",
        crs,
        "--output",
        str(output),
    )
    check_read_back(read(output), filled, int(crs.split(":")[1]))


def test_export_layer_command_refuses_what_the_endpoint_refuses(filled, tmp_path):
    output = tmp_path / "x.geojson"
    with pytest.raises(CommandError, match="always EPSG:4326"):
        call_command(
            "export_layer",
            "fear",
            "submissions",
            "--format",
            "geojson",
            "--crs",
            "EPSG:25832",
            "--output",
            str(output),
        )
    with pytest.raises(CommandError, match="No layer 'nope'"):
        call_command("export_layer", "fear", "nope", "--output", str(output))
    assert not output.exists()


def test_field_names_fitted_uniquely_to_ten_characters():
    names = ["id", "category", "category_label", "category_lights", "support_count"]
    fitted = fitted_names(names)
    assert fitted["id"] == "id"
    assert fitted["category_label"] == "category_l"
    assert fitted["category_lights"] == "category_1"
    assert fitted["support_count"] == "support_co"
    assert len({name.lower() for name in fitted.values()}) == len(names)
    assert all(len(name) <= 10 for name in fitted.values())
    # dBase names ignore case: a name that fits keeps it, the longer one gets a number.
    assert fitted_names(["Comment_ab", "comment_abc"]) == {
        "Comment_ab": "Comment_ab",
        "comment_abc": "comment__1",
    }
