"""The settings of a replica alias, made from the primary's (settings and the replica tests).

A replica gets the primary's options (JIT off, timeouts) and its own connect timeout, but no
connection pool: a pool keeps retrying a replica that went down in the background, with a
back-off, and hands out no connection for a while after the replica is back, so the health
check (geo_participation/replicas/health.py) would keep reads on the primary long after it
could. A persistent connection (CONN_MAX_AGE) that is closed on failure reconnects at the
next check instead. Plain module, no Django imports: the settings import it.
"""


def replica_settings(primary: dict, replica: dict, *, connect_timeout: int, max_age: int) -> dict:
    """Return the DATABASES entry of a replica: primary's settings, the replica's address."""
    options = {**primary.get("OPTIONS", {}), **replica.get("OPTIONS", {})}
    options.pop("pool", None)
    options["connect_timeout"] = connect_timeout
    return {
        **{k: v for k, v in primary.items() if k not in ("NAME", "USER", "PASSWORD")},
        **replica,
        "OPTIONS": options,
        "CONN_MAX_AGE": max_age,
        "CONN_HEALTH_CHECKS": True,
        # Tests run on the primary's test database: a replica has no test database of its own.
        "TEST": {"MIRROR": "default"},
    }
