"""OGC API exceptions: each becomes a response with the body {"code", "description"}."""


class OGCError(Exception):
    """A request the API refuses; the description names the problem."""

    status = 400
    code = "InvalidParameterValue"

    def __init__(self, description: str):
        super().__init__(description)
        self.description = description


class InvalidParameter(OGCError):
    """A query parameter that is unknown, repeated or has an invalid value (400)."""


class NotFound(OGCError):
    """No such collection or feature (404)."""

    status = 404
    code = "NotFound"


class Unauthorized(OGCError):
    """Credentials were sent but are wrong (401), with the challenge the client gets."""

    status = 401
    code = "Unauthorized"

    def __init__(self, description: str, *, challenge: str | None = None):
        super().__init__(description)
        self.challenge = challenge


class TooManyRequests(Unauthorized):
    """Too many failed logins from this address or for this name (429, with Retry-After)."""

    status = 429
    code = "TooManyRequests"

    def __init__(self, description: str, *, wait: int, challenge: str | None = None):
        super().__init__(description, challenge=challenge)
        self.wait = wait


class MethodNotAllowed(OGCError):
    """A method other than GET or HEAD (405); the API is read-only."""

    status = 405
    code = "MethodNotAllowed"
