"""URLs of layers.basemap under /basemap/: the archive by version, and by its plain name."""

from django.urls import path

from . import views

app_name = "basemap"

urlpatterns = [
    path("<str:version>/basemap.pmtiles", views.archive, name="archive"),
    path("basemap.pmtiles", views.archive, name="latest"),
]
