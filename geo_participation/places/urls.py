"""The place search API: /api/places/."""

from django.urls import path

from . import api

urlpatterns = [path("api/places/", api.PlaceSearch.as_view(), name="place-search")]
