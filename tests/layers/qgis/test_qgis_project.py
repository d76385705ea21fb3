"""The .qgs download: who may have it, what it holds, bad filters; /ogc without its slash."""

from xml.etree import ElementTree

import pytest
from django.test import Client

from heatmaps import filters
from layers.qgis.sources import oapif_filter

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner(make_api, make_user):
    return make_api(make_user("planner", "planners"))


def maplayers(response) -> dict:
    root = ElementTree.fromstring(response.content.split(b"\n", 1)[1])
    return root, {layer.findtext("id").split("_")[0]: layer for layer in root.iter("maplayer")}


def test_planner_gets_the_project_of_the_filter(planner, mapped):
    response = planner.get(
        "/qgis/fear.qgs?category=spot&since=2020-01-01", HTTP_ACCEPT_LANGUAGE="de"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-qgis-project")
    assert response["Content-Disposition"].startswith('attachment; filename="fear-')
    assert response["Content-Disposition"].endswith('.qgs"')
    assert response["Cache-Control"] == "private, no-store"
    root, layers = maplayers(response)
    assert root.find("projectCrs/spatialrefsys/authid").text == "EPSG:25832"
    assert list(layers) == ["posts", "hotspots", "clusters", "contours", "grid"]
    posts = layers["posts"]
    assert posts.findtext("provider") == "OAPIF"
    source = posts.findtext("datasource")
    # The landing page without its slash, as QGIS 3.22 needs it.
    assert "typename='fear' url='http://testserver/ogc'" in source
    assert "\"category\" IN (\\'spot\\')" in source
    assert "\"created\" >= \\'2019-12-31T23:00:00Z\\'" in source
    categories = posts.findall("renderer-v2/categories/category")
    assert [(c.get("value"), c.get("label")) for c in categories] == [("spot", "Dunkle Ecke")]
    colour = posts.find("renderer-v2/symbols/symbol/layer/Option/Option[@name='color']")
    assert colour.get("value") == "213,94,0,255"
    for name, path in (
        ("hotspots", "hotspots.geojson"),
        ("clusters", "clusters.geojson"),
        ("contours", "kde/contours.geojson"),
        ("grid", "grid.geojson"),
    ):
        assert layers[name].findtext("provider") == "ogr"
        assert layers[name].findtext("datasource") == (
            f"http://testserver/heatmaps/fear/{path}?category=spot&since=2020-01-01"
        )
    hot = layers["hotspots"].find("renderer-v2")
    assert [c.get("value") for c in hot.iter("category")] == [
        "hot 99", "hot 95", "hot 90", "none 0", "cold 90", "cold 95", "cold 99"
    ]  # fmt: skip
    assert [c.get("label") for c in hot.iter("category")][3] == "nicht signifikant"
    assert layers["grid"].find("renderer-v2").get("type") == "graduatedSymbol"
    assert layers["grid"].find("renderer-v2").get("attr") == "count"


def test_unfiltered_project_is_named_after_the_campaign(planner, mapped):
    response = planner.get("/qgis/fear.qgs")
    assert response["Content-Disposition"] == 'attachment; filename="fear.qgs"'
    _root, layers = maplayers(response)
    assert "filter=" not in layers["posts"].findtext("datasource")
    categories = layers["posts"].findall("renderer-v2/categories/category")
    assert [c.get("value") for c in categories] == ["bench", "spot"]


def test_answers_become_a_qgis_expression(mapped):
    chosen = filters.parse(mapped, category="spot", answers={"time_of_day": ["night", "evening"]})
    assert oapif_filter(chosen) == (
        "\"category\" IN ('spot') AND "
        "(\"answers\"['time_of_day'] = 'evening' OR \"answers\"['time_of_day'] = 'night')"
    )


def test_status_and_support_become_a_qgis_expression(mapped):
    chosen = filters.parse(mapped, public_status="planned,done", min_support="2")
    assert oapif_filter(chosen) == (
        "\"public_status\" IN ('done', 'planned') AND \"support_count\" >= 2"
    )


def test_anonymous_is_asked_for_credentials(mapped):
    response = Client().get("/qgis/fear.qgs", HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")


def test_non_planners_are_refused(make_api, make_user, mapped):
    for user in (make_user("mod", "moderators"), make_user("citizen")):
        response = make_api(user).get("/qgis/fear.qgs")
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"


def test_planner_with_basic_auth(make_user, mapped):
    make_user("planner", "planners")
    auth = "Basic cGxhbm5lcjp4LXRlc3QtcGFzc3dvcmQtMQ=="  # planner:x-test-password-1
    assert Client().get("/qgis/fear.qgs", HTTP_AUTHORIZATION=auth).status_code == 200


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("category=nope", "category"),
        ("since=yesterday", "since"),
        ("answers.time_of_day=noon", "answers.time_of_day"),
        ("since=2026-02-01&until=2026-01-01", "until"),
        ("cell_m=3", "cell_m"),
        ("bandwidth=lots", "bandwidth"),
        ("min_points=0", "min_points"),
    ],
)
def test_bad_filter_is_a_400_naming_it(planner, mapped, query, parameter):
    response = planner.get(f"/qgis/fear.qgs?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_parameter"
    assert response.json()["parameter"] == parameter


def test_analysis_parameters_reach_the_layers_that_take_them(planner, mapped):
    query = "category=spot&cell_m=400&bandwidth=300&eps_m=250&min_points=4"
    response = planner.get(f"/qgis/fear.qgs?{query}")
    assert response.status_code == 200
    _root, layers = maplayers(response)
    analysis = ("hotspots", "grid", "clusters", "contours")
    sources = {name: layers[name].findtext("datasource").split("?")[1] for name in analysis}
    assert sources["hotspots"] == sources["grid"] == "category=spot&cell_m=400"
    assert sources["clusters"] == "category=spot&eps_m=250&min_points=4"
    assert sources["contours"] == "category=spot&bandwidth=300"
    # Another name than the same filter with the default parameters.
    plain = planner.get("/qgis/fear.qgs?category=spot")["Content-Disposition"]
    assert response["Content-Disposition"] != plain


def test_unknown_campaign_is_a_404(planner, mapped):
    response = planner.get("/qgis/nothing.qgs")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_ogc_without_slash_answers_the_landing_page_itself(mapped):
    client = Client()
    bare = client.get("/ogc?f=json")
    assert bare.status_code == 200
    assert bare.json() == client.get("/ogc/?f=json").json()
    # Its links still name the landing page with its slash.
    assert bare.json()["links"][0]["href"] == "http://testserver/ogc/?f=json"
    assert client.get("/ogc").status_code == 200
    # The other paths stay as they are: the slash-less form of any other is no OGC resource.
    assert client.get("/ogc/collections/fear?f=json").status_code == 200
    assert client.get("/ogc/collections/fear/").status_code == 404


def test_symbols_follow_the_geometry_qgis_reads(planner, mapped, make_category):
    make_category(mapped, "route", "line", colour="#009e73")
    # Sensitive places are published as generalised points, whatever their kind.
    make_category(mapped, "zone", "polygon", sensitive=True)
    _root, layers = maplayers(planner.get("/qgis/fear.qgs?category=route,zone"))
    symbols = layers["posts"].findall("renderer-v2/symbols/symbol")
    assert [s.get("type") for s in symbols] == ["line", "marker"]
    assert layers["posts"].get("geometry") == "Point"
    _root, layers = maplayers(planner.get("/qgis/fear.qgs?category=route"))
    assert layers["posts"].get("geometry") == "Line"
