"""The downloaded .qgs in QGIS itself (Debian's QGIS 3.22, headless) against a running server."""

import base64
import json
import urllib.request

import pytest

from geo_participation.submissions.models import Submission
from layers.qgis import styles
from layers.qgis.document import MapLayer, project_xml
from tests import qgis_helpers
from tests.qgis_helpers import open_project, requires_qgis

from .conftest import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), requires_qgis()]


def fetch(url: str, *, user: str | None = None) -> bytes:
    request = urllib.request.Request(url)
    if user:
        token = base64.b64encode(f"{user}:{PASSWORD}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.read()


@pytest.fixture
def project(live_server, mapped, make_user, tmp_path):
    """Download a planner's .qgs for a query and return what QGIS makes of it."""
    make_user("planner", "planners")

    def load(query: str = "") -> dict:
        path = tmp_path / "project.qgs"
        path.write_bytes(fetch(f"{live_server.url}/qgis/fear.qgs?{query}", user="planner"))
        return open_project(path)

    return load


def published(**condition) -> int:
    return Submission.objects.filter(campaign__slug="fear", status="approved", **condition).count()


def test_every_layer_is_valid_and_posts_are_the_published_ones_of_the_filter(project, live_server):
    opened = project("category=spot&answers.time_of_day=night")
    assert opened["read"] is True
    assert opened["version"].startswith("3.22")
    assert opened["crs"] == "EPSG:25832"
    layers = {layer["name"]: layer for layer in opened["layers"]}
    assert [layer["valid"] for layer in opened["layers"]] == [True] * 5, opened
    posts = layers["Beiträge"]
    assert posts["provider"] == "OAPIF"
    # The OGC API's landing page without its slash: QGIS 3.22 needs it to answer itself.
    assert posts["source"].endswith(f"url='{live_server.url}/ogc'")
    expected = published(category__key="spot", answers__time_of_day="night")
    assert posts["features"] == expected == 10  # pending and rejected ones are left out
    assert posts["style"]["categories"] == [
        {"value": "spot", "label": "Dunkle Ecke", "colour": "#d55e00"}
    ]
    hotspots = layers["Hotspots (Gi*)"]["style"]
    assert [c["value"] for c in hotspots["categories"]] == [
        "hot 99", "hot 95", "hot 90", "none 0", "cold 90", "cold 95", "cold 99"
    ]  # fmt: skip
    assert layers["Rasterzellen"]["style"]["type"] == "graduatedSymbol"
    # The analysis layers hold what the API answers for the same filter.
    for layer in opened["layers"][1:]:
        answer = json.loads(fetch(layer["source"]))
        assert layer["features"] == layer["featureCount"] == len(answer["features"]), layer
    assert layers["Rasterzellen"]["features"] > 0
    assert layers["Dichte-Konturen"]["features"] > 0


def test_period_filter_is_sent_to_the_server_so_the_feature_count_is_exact(project, mapped):
    first = Submission.objects.filter(campaign=mapped, status="approved").order_by("id")
    moment = first[11].created_at
    Submission.objects.filter(pk__in=[s.pk for s in first[:12]]).update(
        created_at=moment.replace(year=moment.year - 1)
    )
    opened = project(f"since={moment.date().isoformat()}")
    posts = opened["layers"][0]
    expected = published(created_at__date__gte=moment.date())
    assert posts["features"] == posts["featureCount"] == expected == 18


def test_unfiltered_posts_count_equals_the_database(project):
    posts = project()["layers"][0]
    assert posts["features"] == posts["featureCount"] == published() == 30


def test_status_and_support_filter_the_posts_qgis_reads(project, mapped):
    ids = Submission.objects.filter(campaign=mapped, status="approved").order_by("id")
    ids = list(ids.values_list("id", flat=True))
    # 10 match; 4 planned without support and 6 supported but done do not.
    Submission.objects.filter(pk__in=ids[:10]).update(public_status="planned", support_count=3)
    Submission.objects.filter(pk__in=ids[10:14]).update(public_status="planned")
    Submission.objects.filter(pk__in=ids[14:20]).update(public_status="done", support_count=5)
    posts = project("public_status=planned&min_support=2")["layers"][0]
    expected = published(public_status="planned", support_count__gte=2)
    assert posts["features"] == expected == 10


def test_qgis_loads_the_oapif_layer_from_ogc_without_slash(live_server, mapped, tmp_path):
    # The layer alone, as "Add OGC API Features layer" on {server}/ogc makes it.
    layer = MapLayer(
        id="posts_00000000_0000_0000_0000_000000000001",
        name="posts",
        provider="OAPIF",
        source=f"typename='fear' url='{live_server.url}/ogc'",
        geometry="Point",
        renderer=styles.single(styles.symbol("marker", "#000000", "0")),
    )
    path = tmp_path / "bare.qgs"
    path.write_bytes(project_xml(title="bare", layers=[layer], extent=(0, 0, 1, 1)))
    (opened,) = open_project(path)["layers"]
    assert opened["valid"] is True
    assert opened["features"] == opened["featureCount"] == published() == 30


def test_missing_qgis_fails_under_gp_require_browser(monkeypatch):
    monkeypatch.setattr(qgis_helpers, "SYSTEM_PYTHON", "/nonexistent/python3")
    monkeypatch.setattr(qgis_helpers.web_browser, "REQUIRE_BROWSER", True)
    mark = qgis_helpers.requires_qgis()
    assert (mark.name, mark.args) == ("usefixtures", ("qgis_required",))
    with pytest.raises(pytest.fail.Exception, match="python3-qgis"):
        qgis_helpers.fail_missing_qgis()
    monkeypatch.setattr(qgis_helpers.web_browser, "REQUIRE_BROWSER", False)
    assert qgis_helpers.requires_qgis().args == (True,)
