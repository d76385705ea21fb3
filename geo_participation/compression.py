"""gzip for the text answers the views render (pages, JSON), never for binary or partial ones.

Every byte of a page or an API answer is waited for on a phone's slow network (Lighthouse:
"Enable text compression"); HTML and JSON shrink to about a fifth. Static files are not handled
here: WhiteNoise serves the gzip and Brotli files that collectstatic built. Django's
GZipMiddleware pads each answer with a random number of bytes against BREACH (and CSRF tokens
are masked per response). Vector tiles are compressed by their own view (layers/tiles/views.py,
kept compressed in the tile cache); photos and binary exports stay as they are (compressed
already or not worth the CPU), and a 206 partial answer to a Range request stays byte-exact.
"""

from django.middleware.gzip import GZipMiddleware

TEXT_TYPES = ("application/json", "application/javascript", "application/xml", "image/svg+xml")


def compressible(response) -> bool:
    """Return whether the response is a whole text answer worth compressing."""
    if response.status_code == 206:
        return False
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return (
        content_type.startswith("text/")
        or content_type in TEXT_TYPES
        or content_type.endswith(("+json", "+xml"))
    )


class TextCompressionMiddleware(GZipMiddleware):
    """Compress text answers for clients that accept gzip; leave every other answer alone."""

    def process_response(self, request, response):
        """Return the response, gzipped when it is text and the client accepts gzip."""
        if not compressible(response):
            return response
        return super().process_response(request, response)
