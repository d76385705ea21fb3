"""OpenAPI: our basic authentication is HTTP basic auth like DRF's (the scheme `basicAuth`)."""

from drf_spectacular.authentication import BasicScheme


class VerifiedBasicScheme(BasicScheme):
    target_class = "geo_participation.accounts.authentication.VerifiedBasicAuthentication"
