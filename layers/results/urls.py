"""URLs of a campaign's public results, under /c/{slug}/ergebnisse/ (mounted by layers/urls.py)."""

from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("", views.results_page, name="page"),
    path("zahlen.json", views.results_json, name="json"),
]
