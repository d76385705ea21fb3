"""RFC 7946 GeoJSON text of an aggregate layer, written from its GeoDataFrame."""

import json
import math

import numpy as np
import pandas as pd
import shapely

# About 1 cm at the equator: more digits only add bytes (RFC 7946, section 11.2).
DIGITS = 7


def feature_collection(frame) -> str:
    """Return a FeatureCollection with the layer's parameters and run as foreign members."""
    geometries = shapely.transform(np.asarray(frame.geometry), lambda xy: np.round(xy, DIGITS))
    texts = shapely.to_geojson(geometries)
    columns = [c for c in frame.columns if c != frame.geometry.name]
    records = frame[columns].astype(object).where(pd.notna(frame[columns]), None)
    features = [
        f'{{"type":"Feature","geometry":{geometry},"properties":{_properties(values, columns)}}}'
        for geometry, values in zip(texts, records.itertuples(index=False), strict=True)
    ]
    head = json.dumps(
        {
            "type": "FeatureCollection",
            "parameters": frame.attrs.get("parameters", {}),
            "run": frame.attrs.get("run", {}),
            "suppressed": frame.attrs.get("suppressed", 0),
            "numberReturned": len(features),
        }
    )
    return head[:-1] + ',"features":[' + ",".join(features) + "]}"


def _properties(values, columns) -> str:
    return json.dumps(dict(zip(columns, map(_plain, values), strict=True)))


def _plain(value):
    # numpy scalars and NaN are no JSON: plain numbers, and null.
    if value is None:
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if not math.isfinite(value) else float(value)
    return value
