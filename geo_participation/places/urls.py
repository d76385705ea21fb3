"""The place search API: /api/places/ and /api/places/reverse/."""

from django.urls import path

from . import api

urlpatterns = [
    path("api/places/", api.PlaceSearch.as_view(), name="place-search"),
    path("api/places/reverse/", api.PlaceReverse.as_view(), name="place-reverse"),
]
