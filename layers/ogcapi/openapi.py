"""The OpenAPI 3.0 definition of the OGC API, built from the same constants the views use."""

from .crs import CRS84, SUPPORTED
from .documents import GEOJSON, HTML, JSON, OPENAPI, SCHEMA_JSON, TITLE
from .params import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET

REF = "#/components/{}/{}"


def _ref(kind: str, name: str) -> dict:
    return {"$ref": REF.format(kind, name)}


def _param(name, description, schema, *, where="query", required=False, **extra) -> dict:
    return {
        "name": name,
        "in": where,
        "description": description,
        "required": required,
        "schema": schema,
        "style": "form" if where == "query" else "simple",
        "explode": False,
        **extra,
    }


PARAMETERS = {
    "f": _param(
        "f",
        "Output format; without it, the Accept header decides (JSON unless HTML is preferred).",
        {"type": "string", "enum": ["json", "html"]},
    ),
    "collectionId": _param(
        "collectionId", "A campaign slug.", {"type": "string"}, where="path", required=True
    ),
    "featureId": _param(
        "featureId", "A submission id.", {"type": "integer"}, where="path", required=True
    ),
    "limit": _param(
        "limit",
        f"Features per page; larger values are reduced to {MAX_LIMIT}.",
        {"type": "integer", "minimum": 1, "default": DEFAULT_LIMIT},
    ),
    "offset": _param(
        "offset",
        "Features to skip (features are ordered by id); next/prev links set it.",
        {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
    ),
    "bbox": _param(
        "bbox",
        "minx,miny,maxx,maxy in bbox-crs (EPSG:4326: lat,lon order). Matches the geometry as "
        "published, so a sensitive place matches only at its generalised position.",
        {"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number"}},
    ),
    "bbox-crs": _param(
        "bbox-crs",
        "CRS of bbox (default CRS84).",
        {"type": "string", "format": "uri", "enum": list(SUPPORTED), "default": CRS84.uri},
    ),
    "crs": _param(
        "crs",
        "CRS of the output coordinates (default CRS84); EPSG:4326 is latitude first.",
        {"type": "string", "format": "uri", "enum": list(SUPPORTED), "default": CRS84.uri},
    ),
    "datetime": _param(
        "datetime",
        "Filter on the creation time: an RFC 3339 date-time or date, or an interval a/b, "
        "../b or a/.. of them. A date means the whole UTC day.",
        {"type": "string"},
    ),
    "category": _param(
        "category",
        "Only this category key; an unknown key is refused with 400 listing the known ones.",
        {"type": "string"},
    ),
    "public_status": _param(
        "public_status",
        "Only these public statuses (keys, comma-separated, e.g. planned,done; see the "
        "collection's queryables); an unknown key is refused with 400 naming it.",
        {"type": "string"},
    ),
}

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
COUNT = {"type": "integer", "minimum": 0}
DATE_TIME = {"type": "string", "format": "date-time"}


def _object(*required: str, **properties: dict) -> dict:
    """Return the JSON schema of an object with these required members and properties."""
    schema: dict = {"type": "object"}
    if required:
        schema["required"] = list(required)
    return schema | {"properties": properties}


def _array(items: dict) -> dict:
    return {"type": "array", "items": items}


LINK = _object("href", "rel", href=STRING, rel=STRING, type=STRING, title=STRING)
LINKS = _array(_ref("schemas", "link"))

SCHEMAS = {
    "exception": _object("code", code=STRING, description=STRING),
    "link": LINK,
    "landingPage": _object("links", title=STRING, description=STRING, links=LINKS),
    "confClasses": _object("conformsTo", conformsTo=_array(STRING)),
    "collection": _object(
        "id",
        "links",
        id=STRING,
        title=STRING,
        description=STRING,
        links=LINKS,
        extent={"type": "object"},
        itemType=STRING,
        crs=_array(STRING),
        storageCrs=STRING,
    ),
    "collections": _object(
        "links", "collections", links=LINKS, collections=_array(_ref("schemas", "collection"))
    ),
    "featureGeoJSON": _object(
        "type",
        "geometry",
        "properties",
        type={"type": "string", "enum": ["Feature"]},
        id=INTEGER,
        geometry={"type": "object", "description": "Point, LineString or Polygon"},
        properties=_object(
            category=STRING,
            comment=STRING,
            near={
                "type": "string",
                "description": "The named street or address nearest to the public position.",
            },
            answers={"type": "object"},
            support_count=INTEGER,
            created=DATE_TIME,
            generalised={"type": "boolean"},
            public_status={"type": "string", "description": "Key of the public status."},
            public_status_label={"type": "string", "description": "Its label."},
            answer={
                "type": "string",
                "description": "The city's public answer, empty when there is none yet.",
            },
            responded_at={**DATE_TIME, "nullable": True},
        ),
        links=LINKS,
    ),
    "queryables": {
        "type": "object",
        "description": "A JSON Schema of the properties items can be filtered by.",
    },
    "featureCollectionGeoJSON": _object(
        "type",
        "features",
        type={"type": "string", "enum": ["FeatureCollection"]},
        features=_array(_ref("schemas", "featureGeoJSON")),
        links=LINKS,
        timeStamp=DATE_TIME,
        numberMatched=COUNT,
        numberReturned=COUNT,
    ),
}


def _ok(description: str, schema: str, media: str = JSON, headers: dict | None = None) -> dict:
    response = {
        "description": description,
        "content": {
            media: {"schema": _ref("schemas", schema)},
            HTML: {"schema": {"type": "string"}},
        },
    }
    if headers:
        response["headers"] = headers
    return response


ERRORS = {
    "400": {
        "description": "Invalid request",
        "content": {JSON: {"schema": _ref("schemas", "exception")}},
    },
    "404": {
        "description": "Not found",
        "content": {JSON: {"schema": _ref("schemas", "exception")}},
    },
}
CONTENT_CRS = {
    "Content-Crs": {"description": "CRS of the coordinates, as <uri>", "schema": {"type": "string"}}
}


def _features(description: str, schema: str) -> dict:
    # Features are GeoJSON, and the CRS of their coordinates is named in a header.
    return _ok(description, schema, GEOJSON, CONTENT_CRS)


def _get(summary, operation_id, params, response) -> dict:
    # Any request can be invalid; one that names a resource in its path can also find none.
    names_resource = any(PARAMETERS[name]["in"] == "path" for name in params)
    errors = ("400", "404") if names_resource else ("400",)
    return {
        "get": {
            "summary": summary,
            "operationId": operation_id,
            "parameters": [_ref("parameters", name) for name in params],
            "responses": {"200": response, **{code: ERRORS[code] for code in errors}},
        }
    }


def openapi(server_url: str) -> dict:
    """Return the OpenAPI 3.0 document, with this server's OGC API root as its server."""
    items = [
        *("collectionId", "f", "bbox", "bbox-crs", "datetime"),
        *("category", "public_status", "limit", "offset", "crs"),
    ]
    item = ["collectionId", "featureId", "f", "crs"]
    api_doc = {
        "description": "This document",
        "content": {OPENAPI: {"schema": {"type": "object"}}, HTML: {"schema": {"type": "string"}}},
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": TITLE, "version": "1.0.0", "description": "OGC API - Features."},
        "servers": [{"url": server_url}],
        "paths": {
            "/": _get("Landing page", "getLandingPage", ["f"], _ok("Links", "landingPage")),
            "/conformance": _get(
                "Conformance classes", "getConformance", ["f"], _ok("Classes", "confClasses")
            ),
            "/api": _get("This API definition", "getAPI", ["f"], api_doc),
            "/collections": _get(
                "The collections, one per campaign",
                "getCollections",
                ["f"],
                _ok("Collections", "collections"),
            ),
            "/collections/{collectionId}": _get(
                "One collection",
                "describeCollection",
                ["collectionId", "f"],
                _ok("Collection", "collection"),
            ),
            "/collections/{collectionId}/queryables": _get(
                "The properties items can be filtered by (OGC API - Features - Part 3)",
                "getQueryables",
                ["collectionId", "f"],
                _ok("Queryables", "queryables", SCHEMA_JSON),
            ),
            "/collections/{collectionId}/items": _get(
                "Published features of a collection, ordered by id",
                "getFeatures",
                items,
                _features("Features", "featureCollectionGeoJSON"),
            ),
            "/collections/{collectionId}/items/{featureId}": _get(
                "One published feature", "getFeature", item, _features("Feature", "featureGeoJSON")
            ),
        },
        "components": {"parameters": PARAMETERS, "schemas": SCHEMAS},
    }


def operations(doc: dict) -> list[dict]:
    """Return each path's GET operation with its parameters resolved, for the HTML page."""
    result = []
    for path, item in doc["paths"].items():
        parameters = [
            PARAMETERS[ref["$ref"].rsplit("/", 1)[1]] for ref in item["get"]["parameters"]
        ]
        result.append({"path": path, "summary": item["get"]["summary"], "parameters": parameters})
    return result
