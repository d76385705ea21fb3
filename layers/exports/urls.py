"""URLs of the planner exports, under /exports/."""

from django.urls import path

from .tally import TallyExportView
from .views import ExportView

app_name = "exports"

# {layer}.{format} is one path segment, split in the view, so an unknown layer or format is a
# JSON 404 naming it rather than Django's page. A poll's or vote's exact tally comes first:
# tally.csv and tally.json (an unknown format of it is a JSON 404 too).
urlpatterns = [
    path("<str:slug>/tally.<str:fmt>", TallyExportView.as_view(), name="tally"),
    path("<str:slug>/<str:filename>", ExportView.as_view(), name="export"),
]
