"""The feature check of bench/tiles.py: do ours and TiPg select the same rows for a tile?"""

import json

import psycopg


def compare_tiles(database_url, name, target, ours, theirs):
    """Decode both servers' tile; return the feature id sets' sizes and whether they match.

    Ours also carries places in the tile's 64/4096 buffer, TiPg only places that meet the tile
    itself. PostGIS decides which of ours' extra places are buffer only (ST_Intersects with the
    tile envelope is false); the rest must equal TiPg's.
    """
    import mapbox_vector_tile

    def ids(response):
        status, body = response
        if status != 200:
            return None
        return {
            f["properties"].get("id", f["properties"].get("tipg_id", f.get("id")))
            for layer in mapbox_vector_tile.decode(body).values()
            for f in layer["features"]
        }

    ours_ids, tipg_ids = ids(ours), ids(theirs)
    check = {"ours": None if ours_ids is None else len(ours_ids), "tipg": len(tipg_ids or ())}
    if ours_ids is None or tipg_ids is None:
        check["equal"] = None
    else:
        extra = sorted(ours_ids - tipg_ids)
        with psycopg.connect(database_url) as conn:
            in_tile = conn.execute(
                "SELECT count(*) FROM submissions_submission WHERE id = ANY(%s)"
                " AND ST_Intersects(geom_3857, ST_TileEnvelope(%s, %s, %s))",
                [extra, target["z"], target["x"], target["y"]],
            ).fetchone()[0]
        check |= {
            "ours_in_buffer": len(extra) - in_tile,
            "only_ours": in_tile,
            "only_tipg": len(tipg_ids - ours_ids),
        }
        check["equal"] = check["only_ours"] == check["only_tipg"] == 0
    print(f"{name} tile ids: {json.dumps(check)}", flush=True)
    return check


def features_of(response):
    """Return (features, aggregated?) of a tile response as served with the caps."""
    import mapbox_vector_tile

    status, body = response
    if status != 200:
        return {"status": status}
    found = [f for layer in mapbox_vector_tile.decode(body).values() for f in layer["features"]]
    cells = sum("count" in f["properties"] for f in found)
    return {"status": status, "bytes": len(body), "features": len(found), "cells": cells}
