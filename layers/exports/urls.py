"""URLs of the planner exports, under /exports/."""

from django.urls import path

from .views import ExportView

app_name = "exports"

# {layer}.{format} is one path segment, split in the view, so an unknown layer or format is a
# JSON 404 naming it rather than Django's page.
urlpatterns = [
    path("<str:slug>/<str:filename>", ExportView.as_view(), name="export"),
]
