"""OGC API - Features: landing page, conformance, API definition, collections, errors."""

import pytest
from django.test import Client
from drf_spectacular.validation import validate_schema

from tests.conftest import AREA

CONF = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG = "http://www.opengis.net/def/crs/EPSG/0/"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.fixture
def campaigns(make_campaign):
    return [make_campaign("fear"), make_campaign("heat", description="Hot places", closes_at=None)]


def rels(document):
    """Return the links of a document by rel (a list, as a rel may repeat)."""
    result = {}
    for link in document["links"]:
        result.setdefault(link["rel"], []).append(link)
    return result


def test_landing_page_links_every_resource_and_each_campaigns_tiles(client, campaigns):
    response = client.get("/ogc/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["title"] and body["description"]
    links = rels(body)
    assert links["self"][0]["type"] == "application/json"
    assert links["alternate"][0]["type"] == "text/html"
    assert links["service-desc"][0]["href"] == "http://testserver/ogc/api"
    assert links["service-desc"][0]["type"] == OPENAPI
    assert links["service-doc"][0]["type"] == "text/html"
    assert links["conformance"][0]["href"] == "http://testserver/ogc/conformance"
    assert links["data"][0]["href"] == "http://testserver/ogc/collections"
    tiles = {link["href"]: link for link in links["tiles"]}
    assert set(tiles) == {"http://testserver/tiles/fear.json", "http://testserver/tiles/heat.json"}
    assert all(link["type"] == "application/json" and link["title"] for link in tiles.values())


def test_conformance_declares_part_1_classes_and_part_2_crs(client, db):
    body = client.get("/ogc/conformance").json()
    assert set(body["conformsTo"]) == {
        CONF + "core",
        CONF + "oas30",
        CONF + "html",
        CONF + "geojson",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    }


def test_api_is_a_valid_openapi_3_0_document_of_every_endpoint(client, db):
    response = client.get("/ogc/api")
    assert response.status_code == 200
    assert response["Content-Type"] == OPENAPI
    doc = response.json()
    validate_schema(doc)
    assert doc["openapi"].startswith("3.0")
    assert set(doc["paths"]) == {
        "/",
        "/conformance",
        "/api",
        "/collections",
        "/collections/{collectionId}",
        "/collections/{collectionId}/queryables",
        "/collections/{collectionId}/items",
        "/collections/{collectionId}/items/{featureId}",
    }
    items = doc["paths"]["/collections/{collectionId}/items"]["get"]["parameters"]
    names = {ref["$ref"].rsplit("/", 1)[1] for ref in items}
    expected = {"bbox", "bbox-crs", "datetime", "limit", "offset", "crs", "category", "f"}
    assert expected <= names
    assert doc["servers"] == [{"url": "http://testserver/ogc/"}]


def test_service_doc_is_an_html_page_of_the_api(client, db):
    response = client.get("/ogc/api?f=html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "/collections/{collectionId}/items" in page and "bbox-crs" in page


def test_collections_describe_each_campaign(client, campaigns):
    response = client.get("/ogc/collections")
    assert response.status_code == 200
    body = response.json()
    assert rels(body)["self"][0]["type"] == "application/json"
    by_id = {c["id"]: c for c in body["collections"]}
    assert set(by_id) == {"fear", "heat"}
    heat = by_id["heat"]
    assert heat["title"] == "Heat" and heat["description"] == "Hot places"
    assert heat["itemType"] == "feature"
    assert heat["storageCrs"] == CRS84
    assert heat["crs"] == [CRS84, EPSG + "4326", EPSG + "25832"]
    assert heat["extent"]["spatial"]["crs"] == CRS84
    assert heat["extent"]["spatial"]["bbox"] == [pytest.approx(list(AREA.extent))]
    opens = campaigns[1].opens_at
    interval = heat["extent"]["temporal"]["interval"]
    assert interval == [[opens.isoformat().replace("+00:00", "Z"), None]]
    assert by_id["fear"]["extent"]["temporal"]["interval"][0][1].endswith("Z")


def test_collection_links_items_in_geojson_and_html_and_its_tiles(client, campaigns):
    body = client.get("/ogc/collections/fear").json()
    assert body["id"] == "fear"
    links = rels(body)
    assert {link["type"] for link in links["items"]} == {"application/geo+json", "text/html"}
    assert links["items"][0]["href"] == "http://testserver/ogc/collections/fear/items"
    assert links["tiles"][0]["href"] == "http://testserver/tiles/fear.json"
    assert links["tiles"][0]["type"] == "application/json"
    assert links["self"][0]["href"].startswith("http://testserver/ogc/collections/fear")


@pytest.mark.parametrize(
    "path",
    [
        "/ogc/collections/nope",
        "/ogc/collections/nope/items",
        "/ogc/collections/nope/items/1",
        "/ogc/collections/fe%00ar",
        "/ogc/collections/f%C3%BCr/items",
        "/ogc/collections/" + "x" * 500,
        "/ogc/collections/",
        "/ogc/collections/fear/items/",
        "/ogc/collections/nope/queryables",
        "/ogc/nothing",
    ],
)
def test_unknown_collection_is_404_with_an_exception_body(client, campaigns, path):
    response = client.get(path)
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "NotFound" and body["description"]


@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("/ogc/?foo=1", "foo"),
        ("/ogc/conformance?limit=5", "limit"),
        ("/ogc/collections?bbox=1,2,3,4&zz=1", "zz"),
        ("/ogc/collections/fear?crs=x", "crs"),
        ("/ogc/collections/fear/items?sortby=id", "sortby"),
        ("/ogc/collections/fear/items?filter=x&Limit=1", "Limit"),
        ("/ogc/collections/fear/items/1?bbox=1,2,3,4", "bbox"),
    ],
)
def test_unknown_query_parameters_are_400_naming_them(client, campaigns, path, named):
    response = client.get(path)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "InvalidParameterValue"
    assert named in body["description"]


def test_a_repeated_parameter_and_an_unknown_format_are_400(client, campaigns):
    assert client.get("/ogc/collections/fear/items?limit=1&limit=2").status_code == 400
    response = client.get("/ogc/collections?f=xml")
    assert response.status_code == 400
    assert "f must be one of" in response.json()["description"]


def test_only_get_and_head_are_allowed(client, campaigns):
    assert client.post("/ogc/collections").status_code == 405
    assert client.head("/ogc/collections").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/ogc/",
        "/ogc/conformance",
        "/ogc/collections",
        "/ogc/collections/fear",
        "/ogc/collections/fear/items",
    ],
)
def test_html_on_request_and_json_by_default(client, campaigns, path):
    as_json = client.get(path)
    assert as_json["Content-Type"] in ("application/json", "application/geo+json")
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for response in (client.get(path, {"f": "html"}), client.get(path, HTTP_ACCEPT=browser)):
        assert response.status_code == 200
        assert response["Content-Type"] == "text/html; charset=utf-8"
        page = response.content.decode()
        # Self-contained: no scripts, stylesheets or fonts from anywhere.
        assert "<script" not in page and "<link" not in page and "//cdn" not in page
    forced = client.get(path, {"f": "json"}, HTTP_ACCEPT=browser)
    assert forced["Content-Type"] in ("application/json", "application/geo+json")
    assert "Accept" in as_json["Vary"]


def test_html_alternate_links_point_back_to_json(client, campaigns):
    body = client.get("/ogc/collections/fear").json()
    alternate = rels(body)["alternate"][0]
    assert alternate["type"] == "text/html" and alternate["href"].endswith("f=html")
    assert client.get(alternate["href"]).status_code == 200


def test_html_errors_when_html_was_asked_for(client, campaigns):
    response = client.get("/ogc/collections/nope", {"f": "html"})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "nope" in response.content.decode()


def test_polls_and_votes_are_no_collections(client, campaigns, make_campaign):
    # A poll has no places: listed as a collection, a GIS client would load an empty layer.
    make_campaign("ampel", kind="poll")
    make_campaign("events", kind="vote")
    listed = {c["id"] for c in client.get("/ogc/collections").json()["collections"]}
    assert listed == {"fear", "heat"}
    assert client.get("/ogc/collections/ampel").status_code == 404
    assert client.get("/ogc/collections/events/items").status_code == 404
    tiles = {link["href"] for link in rels(client.get("/ogc/").json())["tiles"]}
    assert "http://testserver/tiles/ampel.json" not in tiles
