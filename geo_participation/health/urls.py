"""Probes for load balancers: /healthz (the process runs) and /readyz (it can serve)."""

from django.urls import path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]
