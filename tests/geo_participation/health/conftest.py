"""Fixtures of the outage tests: a PostgreSQL cluster of their own, served by gunicorn."""

from tests.outage_helpers import outage_server  # noqa: F401 - a fixture
