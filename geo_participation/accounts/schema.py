"""OpenAPI: our authenticators are DRF's Basic, session and token schemes with stricter checks."""

from drf_spectacular.authentication import BasicScheme, SessionScheme, TokenScheme


class VerifiedBasicScheme(BasicScheme):
    """Describe VerifiedBasicAuthentication in the OpenAPI schema as DRF's basic auth."""

    target_class = "geo_participation.accounts.authentication.VerifiedBasicAuthentication"


class VerifiedSessionScheme(SessionScheme):
    """Describe VerifiedSessionAuthentication in the OpenAPI schema as DRF's session auth."""

    target_class = "geo_participation.accounts.authentication.VerifiedSessionAuthentication"


class VerifiedTokenScheme(TokenScheme):
    """Describe VerifiedTokenAuthentication in the OpenAPI schema as DRF's token auth."""

    target_class = "geo_participation.accounts.authentication.VerifiedTokenAuthentication"
