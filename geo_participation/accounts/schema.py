"""OpenAPI: our basic authentication is HTTP basic auth like DRF's (the scheme `basicAuth`)."""

from drf_spectacular.authentication import BasicScheme


class VerifiedBasicScheme(BasicScheme):
    """Describe VerifiedBasicAuthentication in the OpenAPI schema as DRF's basic auth."""

    target_class = "geo_participation.accounts.authentication.VerifiedBasicAuthentication"
