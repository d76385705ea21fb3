"""Paging parameters of the submission list: page and page_size are checked, not guessed."""

import pytest

from tests.conftest import submissions_url


@pytest.mark.parametrize(
    "query",
    [{"page_size": "true"}, {"page_size": "0"}, {"page_size": "5000"}, {"page": "abc"}],
)
def test_bad_paging_parameter_is_400_naming_it(api, campaign, make_submission, query):
    make_submission(campaign)
    response = api.get(submissions_url(campaign), query)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] in {"invalid_page_size", "invalid_page"}
    assert next(iter(query)) in body["detail"]


def test_page_size_within_bounds_pages_the_feature_collection(api, campaign, make_submission):
    for _ in range(3):
        make_submission(campaign)
    body = api.get(submissions_url(campaign), {"page_size": "2"}).json()
    assert body["type"] == "FeatureCollection"
    assert body["count"] == 3
    assert len(body["features"]) == 2
    assert body["next"] is not None
