"""The JSON documents of the API (landing page, conformance, collections, feature collections)."""

from datetime import UTC, datetime

from django.urls import get_script_prefix, reverse
from django.utils.http import urlencode

from .crs import STORAGE, SUPPORTED

JSON = "application/json"
GEOJSON = "application/geo+json"
HTML = "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
SCHEMA_JSON = "application/schema+json"
QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"

TITLE = "geo_participation: published submissions"
DESCRIPTION = (
    "OGC API - Features access to the approved submissions of every campaign. Categories marked "
    "sensitive are published generalised to a grid; pending and rejected submissions never."
)

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
]
GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"


class Links:
    """Absolute URLs of this API's resources, for the request being answered."""

    def __init__(self, request, *, html: bool):
        self.request = request
        self.html = html

    def url(self, name: str, params: dict | None = None, **kwargs) -> str:
        """Return the absolute URL of a named OGC API route, with query parameters."""
        path = reverse(f"ogcapi:{name}", kwargs=kwargs)
        query = f"?{urlencode(params)}" if params else ""
        return self.request.build_absolute_uri(path + query)

    def tilejson(self, slug: str) -> str:
        """Return the absolute URL of a campaign's TileJSON (served by layers.tiles)."""
        return self.request.build_absolute_uri(f"{get_script_prefix()}tiles/{slug}.json")

    def self_and_alternate(self, name, params, json_type=JSON, **kwargs) -> list[dict]:
        """Return the self link in the format served and the alternate one in the other."""
        as_json = link(self.url(name, {**params, "f": "json"}, **kwargs), "self", json_type)
        as_html = link(self.url(name, {**params, "f": "html"}, **kwargs), "self", HTML)
        other = as_json if self.html else as_html
        other = {**other, "rel": "alternate"}
        return [as_html, other] if self.html else [as_json, other]


def link(href: str, rel: str, type_: str, title: str | None = None) -> dict:
    """Return one link object."""
    result = {"href": href, "rel": rel, "type": type_}
    if title:
        result["title"] = title
    return result


def iso(moment: datetime | None) -> str | None:
    """Return an aware datetime as RFC 3339 in UTC with a Z, or None."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def landing(links: Links, campaigns) -> dict:
    """Return the landing page."""
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "links": [
            *links.self_and_alternate("landing", {}),
            link(links.url("api"), "service-desc", OPENAPI, "The API definition (OpenAPI 3.0)"),
            link(links.url("api", {"f": "html"}), "service-doc", HTML, "The API documentation"),
            link(links.url("conformance"), "conformance", JSON, "Conformance classes"),
            link(links.url("collections"), "data", JSON, "The collections (one per campaign)"),
            *(_tiles_link(links, campaign) for campaign in campaigns),
        ],
    }


def conformance(links: Links) -> dict:
    """Return the conformance declaration."""
    return {"links": links.self_and_alternate("conformance", {}), "conformsTo": CONFORMANCE}


def collections(links: Links, campaigns) -> dict:
    """Return the list of collections, one per campaign."""
    return {
        "links": links.self_and_alternate("collections", {}),
        "collections": [collection(links, campaign) for campaign in campaigns],
        "crs": list(SUPPORTED),
    }


def collection(links: Links, campaign) -> dict:
    """Return the description of one campaign's collection."""
    slug = campaign.slug
    return {
        "id": slug,
        "title": campaign.title,
        "description": campaign.description,
        "links": [
            *links.self_and_alternate("collection", {}, collection_id=slug),
            link(links.url("items", collection_id=slug), "items", GEOJSON, "The features"),
            link(links.url("items", {"f": "html"}, collection_id=slug), "items", HTML),
            link(
                links.url("queryables", collection_id=slug),
                QUERYABLES_REL,
                SCHEMA_JSON,
                "The properties to filter items by",
            ),
            _tiles_link(links, campaign),
        ],
        "extent": {
            "spatial": {"bbox": [list(campaign.envelope.extent)], "crs": STORAGE.uri},
            "temporal": {
                "interval": [[iso(campaign.opens_at), iso(campaign.closes_at)]],
                "trs": GREGORIAN,
            },
        },
        "itemType": "feature",
        "crs": list(SUPPORTED),
        "storageCrs": STORAGE.uri,
    }


def _tiles_link(links: Links, campaign) -> dict:
    return link(
        links.tilejson(campaign.slug), "tiles", JSON, f"Vector tiles of {campaign.title} (TileJSON)"
    )


def feature_collection(links: Links, *, slug: str, params: dict, page, limit: int, offset: int):
    """Return a FeatureCollection's members other than its features, with paging links."""
    result = {
        "type": "FeatureCollection",
        "numberMatched": page.matched,
        "numberReturned": len(page.features),
        "timeStamp": iso(datetime.now(UTC)),
        "links": [
            *links.self_and_alternate("items", params, GEOJSON, collection_id=slug),
            link(links.url("collection", collection_id=slug), "collection", JSON),
        ],
    }
    # next/prev keep every other parameter; only the offset moves, in the format served.
    fmt = {"f": "html"} if links.html else {"f": "json"}
    kind = HTML if links.html else GEOJSON
    if offset + len(page.features) < page.matched:
        after = {**params, **fmt, "offset": offset + len(page.features)}
        result["links"].append(link(links.url("items", after, collection_id=slug), "next", kind))
    if offset > 0:
        before = {**params, **fmt, "offset": max(offset - limit, 0)}
        result["links"].append(link(links.url("items", before, collection_id=slug), "prev", kind))
    return result


def feature_links(links: Links, *, slug: str, feature_id: str, params: dict) -> list[dict]:
    """Return the links of a single feature."""
    return [
        *links.self_and_alternate(
            "item", params, GEOJSON, collection_id=slug, feature_id=feature_id
        ),
        link(links.url("collection", collection_id=slug), "collection", JSON),
    ]


def queryables(links: Links, *, campaign, categories, statuses) -> dict:
    """Return the JSON Schema of what a collection's items can be filtered by (Part 3)."""
    slug = campaign.slug
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": links.url("queryables", collection_id=slug),
        "type": "object",
        "title": campaign.title,
        "properties": {
            "category": {
                "title": "Category",
                "type": "string",
                "enum": [category.key for category in categories],
            },
            "public_status": {
                "title": "Public status",
                "description": "; ".join(f"{s.key}: {s.label}" for s in statuses),
                "type": "string",
                "enum": [status.key for status in statuses],
            },
        },
        "additionalProperties": False,
        "links": links.self_and_alternate("queryables", {}, SCHEMA_JSON, collection_id=slug),
    }
