"""The per-client rate of place searches."""

from geo_participation.throttling import ClientThrottle


class PlacesThrottle(ClientThrottle):
    """Limit each client's place searches and reverse lookups to GP_PLACES_RATE."""

    scope = "places"
    setting = "GP_PLACES_RATE"
