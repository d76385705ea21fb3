"""A campaign with a reference layer of two sections of one street, and a rating category."""

import secrets

import pytest
from django.contrib.gis.geos import LineString
from django.core.signing import get_cookie_signer

from geo_participation.clients import COOKIE, SALT
from geo_participation.references.models import ReferenceFeature, ReferenceLayer

SCALE = {"key": "score", "label": "Wie bewerten Sie diesen Abschnitt?", "type": "rating"}
BETTER = {
    "key": "better",
    "label": "Was würde ihn verbessern?",
    "type": "multiple_choice",
    "choices": [
        {"value": "wider", "label": "Breiter"},
        {"value": "light", "label": "Licht"},
    ],
}
# Two sections of one street in the test area, about 700 m each, west to east.
WEST = LineString((7.760, 49.440), (7.770, 49.440), srid=4326)
EAST = LineString((7.770, 49.440), (7.780, 49.440), srid=4326)


def rating(score=4, geometry=None, **properties):
    """Return a rating Feature (geometry optional) for the test category."""
    properties.setdefault("category", "rating")
    properties.setdefault("answers", {"score": score})
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def with_client_cookie(client):
    """Give an API client the client cookie the map page hands out, as a browser has it."""
    value = get_cookie_signer(salt=COOKIE + SALT).sign(secrets.token_urlsafe(24))
    client.cookies[COOKIE] = value
    return client


@pytest.fixture
def make_api(make_api):
    """API clients that carry their own client cookie (cookieless PUTs are refused)."""
    return lambda user=None: with_client_cookie(make_api(user))


@pytest.fixture
def anon(anon):
    return with_client_cookie(anon)


@pytest.fixture
def blank(make_campaign, make_category):
    """An open campaign with a rating category and no reference layer yet."""
    campaign = make_campaign("strassen")
    make_category(campaign, "rating", "point", questions=[SCALE, BETTER])
    return campaign


@pytest.fixture
def rated(make_campaign, make_category):
    """An open pre-moderated campaign with a rating category and a street of two sections."""
    campaign = make_campaign("radnetz")
    make_category(campaign, "rating", "point", questions=[SCALE, BETTER])
    layer = ReferenceLayer.objects.create(campaign=campaign, name="Fahrradstraßen", kind="line")
    for position, (section, geom) in enumerate([(1, WEST), (2, EAST)]):
        ReferenceFeature.objects.create(
            layer=layer,
            campaign=campaign,
            name="Pirmasenser Straße",
            section=section,
            geom=geom,
            position=position,
        )
    return campaign


@pytest.fixture
def west(rated):
    return rated.reference_features.get(section=1)


@pytest.fixture
def east(rated):
    return rated.reference_features.get(section=2)
