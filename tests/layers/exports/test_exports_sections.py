"""The sections export, read back with GDAL (pyogrio), holds the numbers sections.geojson gives."""

import csv
import io
import math

import pyogrio
import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from layers.exports.shapefile import fitted_names
from tests.export_helpers import body, save
from tests.section_helpers import build_sections

NUMBERS = ["ratings", "contributors", "support_sum", "mean", "q_score_mean", "q_score_5"]
NUMBERS += ["q_better_wide", "q_better_light", "q_better_surface"]


@pytest.fixture
def sections(campaign, make_category):
    return build_sections(campaign, make_category)


@pytest.fixture
def planner(make_user):
    client = APIClient()
    client.force_login(make_user("planner-s", "planners"))
    return client


def api_numbers(client, campaign) -> dict[int, dict]:
    """Return {section id: numbers} as the planners' sections.geojson gives them."""
    body = client.get(f"/heatmaps/{campaign.slug}/sections.geojson").json()
    return {
        f["properties"]["id"]: {k: f["properties"][k] for k in NUMBERS} for f in body["features"]
    }


def plain(value):
    """Return a number as read from a file: NaN, None and "" are missing."""
    if value is None or value == "":
        return None
    value = float(value)
    return None if math.isnan(value) else value


def file_numbers(frame, names=None) -> dict[int, dict]:
    names = names or {n: n for n in NUMBERS + ["id"]}
    return {
        int(row[names["id"]]): {n: plain(row[names[n]]) for n in NUMBERS}
        for row in frame.to_dict("records")
    }


def same(found, expected):
    assert found.keys() == expected.keys()
    for key, numbers in expected.items():
        assert found[key] == {n: plain(v) for n, v in numbers.items()}, key


@pytest.mark.parametrize(
    ("fmt", "crs"), [("gpkg", ""), ("gpkg", "EPSG:25832"), ("geojson", ""), ("fgb", "EPSG:25832")]
)
def test_files_hold_the_api_numbers(planner, campaign, sections, tmp_path, fmt, crs):
    expected = api_numbers(planner, campaign)
    response = planner.get(f"/exports/{campaign.slug}/sections.{fmt}", {"crs": crs} if crs else {})
    assert response.status_code == 200, response.content
    frame = pyogrio.read_dataframe(save(response, tmp_path, f"sections.{fmt}"))
    same(file_numbers(frame), expected)
    assert frame.crs.to_epsg() == (25832 if crs else 4326)
    if crs:
        assert frame.total_bounds[0] > 400_000  # metres, not degrees
    assert frame.geom_type.str.endswith("LineString").all()
    assert expected[sections[0].pk]["mean"] == 4.0  # the numbers are there, not all empty


def test_csv_holds_the_api_numbers_and_wkt(planner, campaign, sections):
    expected = api_numbers(planner, campaign)
    response = planner.get(f"/exports/{campaign.slug}/sections.csv", {"crs": "EPSG:25832"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(body(response).decode())))
    same({int(r["id"]): {n: plain(r[n]) for n in NUMBERS} for r in rows}, expected)
    assert rows[0]["WKT"].startswith("MULTILINESTRING") and "4" in rows[0]["WKT"][:25]


def test_shapefile_zip_holds_the_api_numbers_and_translated_fields(
    planner, campaign, sections, tmp_path
):
    expected = api_numbers(planner, campaign)
    response = planner.get(f"/exports/{campaign.slug}/sections.shp", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    save(response, tmp_path, "sections.zip")
    frame = pyogrio.read_dataframe(tmp_path / "fear_sections_lines.shp")
    names = fitted_names(["id", "layer", "layer_name", "name", "section", *NUMBERS])
    same(file_numbers(frame, names), expected)
    fields = (tmp_path / "fields.csv").read_text()
    assert "Was würde ihn verbessern?" in fields
    assert "Verschiedene Personen, die ihn bewertet haben." in fields


def test_other_viewers_are_refused_and_bad_parameters_named(anon, campaign, sections, planner):
    assert anon.get(f"/exports/{campaign.slug}/sections.gpkg").status_code == 401
    refused = planner.get(f"/exports/{campaign.slug}/sections.gpkg", {"cell_m": "100"})
    assert refused.status_code == 400 and "cell_m" in refused.json()["detail"]


def test_command_exports_sections_whole(campaign, sections, tmp_path):
    output = tmp_path / "sections.gpkg"
    call_command(
        "export_layer", campaign.slug, "sections", "--format", "gpkg", "--output", str(output)
    )
    frame = pyogrio.read_dataframe(output)
    two = frame[frame["id"] == sections[1].pk].iloc[0]
    assert (two["ratings"], two["mean"]) == (2, 1.5)  # the operator sees what planners see


def test_csv_defuses_section_and_layer_names_that_would_be_formulas(
    planner, campaign, sections, tmp_path
):
    evil = "=cmd|' /C calc'!A0"
    first = sections[0]
    first.name_de = evil
    first.save()
    first.layer.name_de = "-2+3"
    first.layer.save()
    response = planner.get(f"/exports/{campaign.slug}/sections.csv", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(body(response).decode())))
    row = next(r for r in rows if int(r["id"]) == first.pk)
    assert (row["name"], row["layer_name"]) == (f"'{evil}", "'-2+3")
    # Numbers stay numbers; other formats keep the text as written.
    assert plain(row["mean"]) == 4.0
    gpkg = pyogrio.read_dataframe(
        save(planner.get(f"/exports/{campaign.slug}/sections.gpkg"), tmp_path, "s.gpkg")
    )
    assert evil in set(gpkg["name"])
