"""The folders above the planners' files lead to the workspace instead of answering 404."""

import pytest
from django.test import Client


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/exports/", "/auswertung/"),
        ("/heatmaps/", "/auswertung/"),
        ("/reports/", "/auswertung/"),
        ("/exports/fear/", "/auswertung/fear/"),
        ("/heatmaps/fear/", "/auswertung/fear/"),
    ],
)
def test_a_shortened_url_leads_to_the_workspace(path, target):
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"] == target


@pytest.mark.django_db
def test_the_files_themselves_are_not_redirected():
    # An unknown campaign's export is still the exports' own JSON 404, not a redirect.
    response = Client().get("/exports/nope/submissions.gpkg")
    assert response.status_code in (401, 404)
