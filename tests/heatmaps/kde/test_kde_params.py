"""Bad parameters of the density endpoints answer 400 naming the problem, never 500."""

import pytest

from tests.heatmaps.kde.test_kde_common import plant

ENDPOINTS = (
    "kde/14/8540/5593.png",
    "kde/legend.json",
    "kde/legend.png",
    "kde.tif",
    "kde/contours.geojson",
)


@pytest.fixture
def fear(campaign, make_category):
    make_category(campaign, "dark", "point", sensitive=True)
    plant(campaign, (7.77, 49.44), 5, spread_m=100, seed=1)
    return campaign


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("colour=red", "colour"),
        ("bandwidth=1&bandwidth=2", "bandwidth"),
        ("bandwidth=abc", "bandwidth"),
        ("bandwidth=-5", "bandwidth"),
        ("bandwidth=nan", "bandwidth"),
        ("bandwidth=1e9", "bandwidth"),
        ("bandwidth=10", "bandwidth"),
        ("bandwidth=5001", "bandwidth"),
        ("bandwidth=50", "sensitive"),  # every category, with the sensitive one, is chosen
        ("category=nope", "category"),
        ("category=", "category"),
        ("since=yesterday", "since"),
        ("until=2026-13-01", "until"),
        # A naive date-time is now read in TIME_ZONE (heatmaps.filters), no longer refused.
        ("since=2026-05-01T25:00:00", "since"),
        ("since=2026-06-01&until=2026-05-01", "since"),
        ("until=9999-12-31", "until"),
        ("weight=heavy", "weight"),
        ("answer=time_of_day", "answer"),
        ("answer=colour:red", "answer"),
        ("answer=time_of_day:noon", "time_of_day"),
        ("answer=rating:6", "rating"),
        ("category=route&answer=time_of_day:night", "time_of_day"),
        ("answer=time_of_day:night%00", "time_of_day"),
    ],
)
def test_bad_parameters_answer_400_naming_them(anon, fear, query, named):
    for endpoint in ENDPOINTS:
        response = anon.get(f"/heatmaps/{fear.slug}/{endpoint}?{query}")
        assert response.status_code == 400, (endpoint, query, response.content[:200])
        body = response.json()
        assert named in body["detail"] and body["code"] == "invalid_parameter", body


@pytest.mark.django_db
def test_narrow_kernels_are_fine_without_sensitive_categories(anon, fear):
    response = anon.get(f"/heatmaps/{fear.slug}/kde/legend.json?category=spot&bandwidth=50")
    assert response.status_code == 200
    assert response.json()["parameters"]["bandwidth_m"] == 50
    sensitive = anon.get(f"/heatmaps/{fear.slug}/kde/legend.json?category=dark&bandwidth=100")
    assert sensitive.status_code == 200


@pytest.mark.django_db
def test_only_get_and_head(anon, fear):
    assert anon.post(f"/heatmaps/{fear.slug}/kde/legend.json").status_code == 405
    assert anon.head(f"/heatmaps/{fear.slug}/kde/legend.json").status_code == 200
