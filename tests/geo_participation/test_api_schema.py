"""The OpenAPI document and its docs page: complete, and served without any CDN."""

import json
import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from rest_framework.test import APIClient

from geo_participation.submissions.models import Submission
from tests.conftest import feature, submissions_url

EXPECTED_PATHS = {
    "/api/campaigns/",
    "/api/campaigns/{slug}/",
    "/api/campaigns/{slug}/submissions/",
    "/api/submissions/{id}/support/",
    "/api/moderation/queue/",
    "/api/places/",
    "/api/places/reverse/",
    "/api/moderation/submissions/{id}/approve/",
    "/api/moderation/submissions/{id}/reject/",
}


def normalised(path):
    # The name of an integer path parameter (pk or id) is not part of the contract.
    return re.sub(r"\{(pk|id)\}", "{id}", path)


@pytest.fixture
def schema(db):
    response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_is_openapi_3(schema):
    assert str(schema["openapi"]).startswith("3.")
    assert schema["info"]["title"]


def test_schema_lists_submission_support_and_moderation_paths(schema):
    paths = {normalised(p) for p in schema["paths"]}
    assert paths >= EXPECTED_PATHS
    submissions = schema["paths"]["/api/campaigns/{slug}/submissions/"]
    assert {"get", "post"} <= set(submissions)
    support = next(v for p, v in schema["paths"].items() if normalised(p).endswith("/support/"))
    assert {"post", "delete"} <= set(support)


def test_schema_is_also_served_as_json(db):
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert str(json.loads(response.content)["openapi"]).startswith("3.")


def test_every_documented_request_media_type_is_accepted(schema, campaign):
    content = schema["paths"]["/api/campaigns/{slug}/submissions/"]["post"]["requestBody"]
    media_types = sorted(content["content"])
    assert "application/json" in media_types
    for media_type in media_types:
        response = APIClient().post(
            submissions_url(campaign), json.dumps(feature()), content_type=media_type
        )
        assert response.status_code == 201, (media_type, response.content[:300])
    assert Submission.objects.count() == len(media_types)


def test_docs_page_loads_its_assets_from_our_own_static_files(db, settings):
    # The manifest storage needs `collectstatic`, a deployment step; plain storage gives the
    # same /static/ URLs without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    for cdn in ("cdn.", "unpkg", "jsdelivr"):
        assert cdn not in html, f"docs page loads from a CDN ({cdn})"
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert any(a.endswith(".js") for a in assets), assets
    assert any(a.endswith(".css") for a in assets), assets
    for url in assets:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/").split("?")[0]), f"{url} is not bundled"
