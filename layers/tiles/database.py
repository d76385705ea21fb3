"""Running the tile statements of layers.tiles.sql: server-side prepared, one round trip each.

Django's cursors bind parameters on the client, so PostgreSQL parses and plans every tile
statement afresh. Here each statement is a psycopg server-side prepared statement on the
connection Django manages (and pools): parsed once per connection, then only bound and run.
The PREAMBLE and the tile statement go in one pipeline, so they cost one round trip and share
one implicit transaction. Which database a read goes to is the router's (design seam 1).
"""

import time

from django.db import connections, router
from psycopg import Cursor

from geo_participation.campaigns.models import Campaign
from heatmaps.api import GridCell

from . import sql

# Django turns psycopg's preparing off (prepare_threshold None, for poolers such as PgBouncer in
# transaction mode), which makes psycopg ignore prepare=True too. Tile connections prepare
# exactly what asks for it: no statement runs this often, so nothing else is prepared.
ONLY_WHEN_ASKED = 2**31 - 1


def reading_database() -> str:
    """Return the alias tile reads go to (the router decides: primary or a replica)."""
    return router.db_for_read(Campaign)


def run(query: str, params: dict, *, using: str | None = None, preamble: bool = False) -> tuple:
    """Return the one row a tile statement answers, run as a prepared statement."""
    connection = connections[using or reading_database()]
    started = time.monotonic()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = connection.connection
        if raw.prepare_threshold is None:
            raw.prepare_threshold = ONLY_WHEN_ASKED
        with Cursor(raw) as cursor:
            # Leaving the pipeline sends one Sync and reads every result: one round trip.
            # (Fetching inside it would cost a flush round trip, then the Sync another.)
            with raw.pipeline():
                if preamble:
                    cursor.execute(sql.PREAMBLE, prepare=True)
                cursor.execute(query, params, prepare=True)
            row = cursor.fetchone()
    if connection.queries_logged:
        # As Django's debug cursor logs its own statements: CaptureQueriesContext counts these,
        # and bench/tiles_sql.py reads the statement and its parameters from here.
        took = time.monotonic() - started
        connection.queries_log.append({"sql": query, "params": params, "time": f"{took:.3f}"})
    return row


def fetch_tile(*, using: str | None = None, **kwargs) -> tuple[bytes, int, bool, int | None]:
    """Return a tile's MVT bytes, its number of features, whether it was too dense to show
    single features (then empty), and the campaign's published version (None: not public);
    see sql.parameters()."""
    query, params = sql.tile_query(**kwargs)
    data, count, dense, version = run(query, params, using=using, preamble=True)
    return (bytes(data) if data is not None else b""), count, dense, version


def fetch_grid_tile(**kwargs) -> bytes:
    """Return the MVT bytes of a grid run's tile; see sql.grid_query()."""
    # Where the router reads the cells: a run computed in this request is read back from the
    # database it was written to, not from a replica that may not have it yet.
    data = run(*sql.grid_query(**kwargs), using=router.db_for_read(GridCell))[0]
    return bytes(data) if data is not None else b""


def fetch_section_tile(**kwargs) -> bytes:
    """Return the MVT bytes of a campaign's sections in a tile; see sql.section_query()."""
    data = run(*sql.section_query(**kwargs))[0]
    return bytes(data) if data is not None else b""
