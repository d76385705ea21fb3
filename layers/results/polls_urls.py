"""URLs of a poll's results files, /c/{slug}/ergebnisse.csv and .json (see layers/urls.py)."""

from django.urls import path

from . import polls_files

urlpatterns = [
    path("c/<slug:slug>/ergebnisse.csv", polls_files.results_csv, name="poll-results-csv"),
    path("c/<slug:slug>/ergebnisse.json", polls_files.results_json, name="poll-results-json"),
]
