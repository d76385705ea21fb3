"""URLs of the planner reports, under /reports/."""

from django.urls import path

from .views import ReportView

app_name = "reports"

urlpatterns = [
    path("<str:slug>/", ReportView.as_view(), name="report"),
]
