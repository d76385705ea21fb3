"""Gazetteer entries as GeoJSON, and the OpenAPI description of that shape."""

from .models import Place

# Seven decimals: about a centimetre, as precise as OpenStreetMap stores positions.
DIGITS = 7


def feature(place: Place) -> dict:
    """Return the entry as a GeoJSON Feature at its point, with a bbox unless it is a point."""
    result = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": _coordinates(place.point)},
        "properties": {"name": place.name, "kind": place.kind, "label": place.label},
    }
    envelope = getattr(place, "envelope", None)
    if envelope is not None and envelope.geom_type != "Point":
        result["bbox"] = [round(v, DIGITS) for v in envelope.extent]
    return result


def feature_collection(places) -> dict:
    """Return the entries as a GeoJSON FeatureCollection, in their order."""
    return {"type": "FeatureCollection", "features": [feature(p) for p in places]}


def _coordinates(point) -> list[float]:
    return [round(point.x, DIGITS), round(point.y, DIGITS)]


FEATURE_SCHEMA = {
    "type": "object",
    "required": ["type", "geometry", "properties"],
    "properties": {
        "type": {"type": "string", "enum": ["Feature"]},
        "geometry": {
            "type": "object",
            "description": "Where to show the entry: a point on the street or inside the area.",
            "required": ["type", "coordinates"],
            "properties": {
                "type": {"type": "string", "enum": ["Point"]},
                "coordinates": {
                    "type": "array",
                    "items": {"type": "number"},
                    "minItems": 2,
                    "maxItems": 2,
                },
            },
        },
        "bbox": {
            "type": "array",
            "description": "minx, miny, maxx, maxy of a street or area, to fit the map to it.",
            "items": {"type": "number"},
            "minItems": 4,
            "maxItems": 4,
        },
        "properties": {
            "type": "object",
            "required": ["name", "kind", "label"],
            "properties": {
                "name": {"type": "string"},
                "kind": {"type": "string", "enum": ["street", "address", "place", "poi"]},
                "label": {"type": "string", "description": "What a list shows."},
            },
        },
    },
}
COLLECTION_SCHEMA = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": FEATURE_SCHEMA, "maxItems": 10},
    },
}
