"""URL of the QGIS project download, under /qgis/."""

from django.urls import re_path

from layers.http import SLUG_PATH

from .views import QgisProjectView

app_name = "qgis"

urlpatterns = [
    re_path(rf"^{SLUG_PATH}\.qgs$", QgisProjectView.as_view(), name="project"),
]
