"""The GIS links of the workspace: the .qgs download and the URLs to copy, with the filter."""

import pytest
from django.test import Client, RequestFactory

from layers.workspace.gis import gis_links
from tests.layers.qgis.conftest import mapped  # noqa: F401 - a fixture
from tests.page_helpers import plain_static  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def test_links_carry_the_filter_where_it_applies(mapped):  # noqa: F811
    request = RequestFactory().get("/auswertung/fear/", {"category": "spot", "cell_m": "500"})
    links = gis_links(request, mapped, request.GET)
    # The project takes the analysis parameters too; the GeoPackage only the filter.
    assert links["qgis"] == "http://testserver/qgis/fear.qgs?category=spot&cell_m=500"
    urls = {item["id"]: item["url"] for item in links["urls"]}
    assert urls == {
        "gis-fear-ogc": "http://testserver/ogc/",
        "gis-fear-collection": "http://testserver/ogc/collections/fear",
        "gis-fear-tilejson": "http://testserver/tiles/fear.json",
        "gis-fear-gpkg": "http://testserver/exports/fear/submissions.gpkg?category=spot",
    }
    assert all(item["help"] and item["label"] for item in links["urls"])
    assert gis_links(request, mapped, "")["qgis"] == "http://testserver/qgis/fear.qgs"


def test_every_url_answers_a_planner(mapped, make_user):  # noqa: F811
    client = Client()
    client.force_login(make_user("planner", "planners"))
    request = RequestFactory().get("/", {"category": "spot"})
    links = gis_links(request, mapped, request.GET)
    for url in [links["qgis"], *(item["url"] for item in links["urls"])]:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url


@pytest.mark.usefixtures("plain_static")
def test_the_workspace_page_shows_them_in_german(mapped, make_user):  # noqa: F811
    client = Client(headers={"accept-language": "de"})
    client.force_login(make_user("planner", "planners"))
    html = client.get("/auswertung/fear/?category=spot").content.decode()
    assert (
        '<a class="gp-gis-qgis" href="http://testserver/qgis/fear.qgs?category=spot" download>'
        in html
    )
    assert "In QGIS öffnen" in html
    assert '<label for="gis-fear-tilejson">TileJSON der Beiträge</label>' in html
    assert 'value="http://testserver/exports/fear/submissions.gpkg?category=spot"' in html
    assert html.count(' readonly value="') == 4
    assert html.count(">Kopieren<") == 4
    assert 'aria-live="polite" data-copy-status' in html
