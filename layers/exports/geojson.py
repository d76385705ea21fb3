"""GeoJSON exports, streamed: PostgreSQL encodes each Feature, Python only joins the texts."""

import json
from collections.abc import Iterator

from .encode import feature_texts
from .requests import ExportRequest


def geojson_stream(request: ExportRequest) -> Iterator[bytes]:
    """Yield an RFC 7946 FeatureCollection in pieces of one chunk of features each."""
    rows = request.source.rows(
        campaign=request.campaign, viewer=request.viewer, params=request.params
    )
    # No "crs" member: RFC 7946 GeoJSON is always WGS 84 longitude, latitude.
    name = json.dumps(f"{request.campaign.slug}-{request.source.name}", ensure_ascii=False)
    yield f'{{"type":"FeatureCollection","name":{name},"features":['.encode()
    separator = ""
    for texts in feature_texts(rows):
        yield (separator + ",".join(texts)).encode()
        separator = ","
    yield b"]}\n"
