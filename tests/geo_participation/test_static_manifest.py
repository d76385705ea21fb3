"""The pages render with the production static storage after a real collectstatic.

ManifestStaticFilesStorage raises for any {% static %} name missing from the manifest, so a
vendor file that the build forgets to copy (the Dockerfile, scripts/setup.sh step_assets)
turns the citizen map and the moderation page into 500s. Collect into a temporary STATIC_ROOT
with the storage of production and render every page that loads such files.
"""

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client
from django.utils.functional import empty

VENDOR = django_settings.BASE_DIR / "geo_participation" / "static" / "vendor"


@pytest.fixture
def collected(settings, tmp_path):
    # The production backend, as the settings name it (not the tests' plain_static override).
    assert "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"]
    if not (VENDOR / "maplibre-gl").exists():
        pytest.fail("scripts/setup.sh (step_assets) copies the vendor files; run it first")
    settings.STATIC_ROOT = tmp_path / "static"
    settings.DEBUG = False
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "static" / "staticfiles.json").exists()
    staticfiles_storage._wrapped = empty  # load the new manifest
    yield
    staticfiles_storage._wrapped = empty


def test_pages_render_with_the_manifest_storage(collected, campaign, make_user):
    slug = campaign.slug
    client = Client()
    for url in ("/", f"/c/{slug}/", f"/c/{slug}/add/", f"/c/{slug}/list/"):
        response = client.get(url)
        assert response.status_code == 200, url
    html = Client().get(f"/c/{slug}/").content.decode()
    assert "maplibre-gl" in html
    moderator = Client()
    moderator.force_login(make_user("mod", "moderators"))
    response = moderator.get("/moderation/")
    assert response.status_code == 200
    assert "maplibre-gl" in response.content.decode()
