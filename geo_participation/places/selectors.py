"""The read paths of the gazetteer: search by name, and the entry nearest to a point."""

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import Envelope
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.functions import Length

from geo_participation.gis_functions import PlaceNearest

from .keys import search_key, split_house_number
from .models import Kind, Place

MAX_RESULTS = 10
# Ranking bonuses added to word_similarity (0..1): a key typed in full beats one it starts,
# which beats a match inside a name; streets and places beat points of interest, and an
# address (searched only when a house number is typed) beats them all.
EXACT, PREFIX = 1.0, 0.3
KIND_BONUS = {Kind.STREET: 0.15, Kind.PLACE: 0.15, Kind.POI: 0.1, Kind.ADDRESS: 0.3}
# Streets whose houses are looked up for a typed number: the best matches of the street part.
STREETS_FOR_NUMBER = 20


def place_search(*, query: str, area=None, limit: int = MAX_RESULTS) -> list[Place]:
    """Return up to `limit` entries whose name matches the query best, inside area if given.

    Each entry carries `envelope` (its bounding box).
    """
    key = search_key(query)
    return list(ranked_matches(key, area=area)[:limit]) if key else []


def ranked_matches(key: str, *, area=None):
    """Return the queryset of entries matching a search key, best first.

    Named entries (streets, places, POIs) are found by the trigram index on their keys (key %>
    query: word_similarity above pg_trgm's threshold). Addresses, most of a real gazetteer,
    only when a house number is typed: those with that number on the streets that best match
    the rest of the query, found by their exact key. The score orders both.
    """
    named = Q(key__trigram_word_similar=key) & ~Q(kind=Kind.ADDRESS)
    street, number = split_house_number(key)
    if number and street:
        # A list, not a subquery: PostgreSQL then reads each key from the address index.
        if houses := _house_keys(street, number):
            named |= Q(kind=Kind.ADDRESS, key__in=houses)
    places = Place.objects.filter(named)
    if area is not None:
        places = places.filter(geom__intersects=area)
    score = (
        TrigramWordSimilarity(Value(key), "key")
        + Case(When(key=key, then=Value(EXACT)), default=Value(0.0), output_field=FloatField())
        + Case(
            When(Q(key__startswith=key), then=Value(PREFIX)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        + Case(
            *(When(kind=kind, then=Value(value)) for kind, value in KIND_BONUS.items()),
            default=Value(0.0),
            output_field=FloatField(),
        )
    )
    places = places.annotate(score=score, envelope=Envelope("geom"))
    return places.order_by(F("score").desc(), Length("name"), "name", "id").defer("geom")


def _house_keys(street: str, number: str) -> list[str]:
    """Return the keys "<street key> <number>" of the streets best matching the street part."""
    streets = Place.objects.filter(kind=Kind.STREET, key__trigram_word_similar=street)
    best = streets.order_by(TrigramWordSimilarity(Value(street), "key").desc())
    keys = best.values_list("key", flat=True).distinct()[:STREETS_FOR_NUMBER]
    return [f"{key} {number}" for key in keys]


def place_nearest(*, point) -> Place | None:
    """Return the named street or address nearest to the point, within 150 m, or None."""
    position = Value(point, output_field=GeometryField(srid=point.srid))
    places = Place.objects.filter(id=PlaceNearest(position))
    return places.annotate(envelope=Envelope("geom")).defer("geom").first()
