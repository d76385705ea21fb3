"""The check that a report loads nothing from elsewhere: no src or href to a foreign host."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

# Attributes through which a page loads or links a resource.
URL_ATTRIBUTES = frozenset({"src", "href", "srcset", "action", "data", "poster", "xlink:href"})


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.urls.extend(value for name, value in attrs if name in URL_ATTRIBUTES and value)

    handle_startendtag = handle_starttag


def foreign_urls(html: str) -> list[str]:
    """Return every src/href (and the like) in the page that names a host (http, https, //)."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return [url for url in collector.urls if urlsplit(url.strip()).netloc]
