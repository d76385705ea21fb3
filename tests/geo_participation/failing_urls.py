"""The project's URLs plus a page and an API path that fail with a bug (error page tests)."""

from django.urls import path

from geo_participation.urls import handler403, handler404, handler500, urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def fail(request):
    """Fail as a bug would."""
    raise RuntimeError("a bug")


urlpatterns = [path("kaputt/", fail), path("api/kaputt/", fail), *urlpatterns]
