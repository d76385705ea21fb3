"""Shared fixtures for tests that render HTML pages (accounts, moderation, legal pages)."""

import pytest


@pytest.fixture
def plain_static(settings):
    """Serve /static/ names unhashed: the manifest exists only after collectstatic."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
