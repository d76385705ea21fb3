"""The read paths of the gazetteer: search by name, and the entry nearest to a point."""

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import Envelope
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.functions import Length

from geo_participation.gis_functions import PlaceNearest

from .keys import has_house_number, search_key
from .models import Kind, Place

MAX_RESULTS = 10
# Ranking bonuses added to word_similarity (0..1): a key typed in full beats one it starts,
# which beats a match inside a name; streets and places beat the addresses along them
# unless a house number is typed.
EXACT, PREFIX = 1.0, 0.3
KIND_BONUS = {Kind.STREET: 0.15, Kind.PLACE: 0.15, Kind.POI: 0.1, Kind.ADDRESS: 0.0}
ADDRESS_WITH_NUMBER = 0.3


def place_search(*, query: str, area=None, limit: int = MAX_RESULTS) -> list[Place]:
    """Return up to `limit` entries whose name matches the query best, inside area if given.

    Each entry carries `envelope` (its bounding box). The trigram index finds candidates
    (key %> query: word_similarity above pg_trgm's threshold); the score orders them.
    """
    key = search_key(query)
    if not key:
        return []
    bonus = dict(KIND_BONUS)
    if has_house_number(key):
        bonus[Kind.ADDRESS] = ADDRESS_WITH_NUMBER
    places = Place.objects.filter(key__trigram_word_similar=key)
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
            *(When(kind=kind, then=Value(value)) for kind, value in bonus.items()),
            default=Value(0.0),
            output_field=FloatField(),
        )
    )
    places = places.annotate(score=score, envelope=Envelope("geom"))
    return list(
        places.order_by(F("score").desc(), Length("name"), "name", "id").defer("geom")[:limit]
    )


def place_nearest(*, point) -> Place | None:
    """Return the named street or address nearest to the point, within 150 m, or None."""
    position = Value(point, output_field=GeometryField(srid=point.srid))
    places = Place.objects.filter(id=PlaceNearest(position))
    return places.annotate(envelope=Envelope("geom")).defer("geom").first()
