"""Compressed pages for readers: gzip once when a page is stored, not on every request.

Public pages, data files and feeds (HTML, JSON, CSV, Atom, XML, iCalendar, OpenAPI) are
kept gzip-compressed; a client that accepts gzip gets those bytes as they are, any other
client gets them decompressed, which costs far less than compressing would.

BREACH: compression can leak a secret in a page, byte by byte, when an attacker can also
put text of their choosing into that page. So only what the page cache treats as public
is compressed: responses for anonymous readers that set no cookie, are not private and
rendered no CSRF token. The admin and every page for a logged-in editor stay uncompressed.
"""

import gzip
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.text import compress_string

COMPRESSIBLE_TYPES = {
    "text/html",
    "text/csv",
    "text/calendar",
    "text/plain",
    "text/xml",
    "application/json",
    "application/atom+xml",
    "application/xml",
    "application/vnd.oai.openapi",
    "application/vnd.oai.openapi+json",
}
MIN_SIZE = 200  # below this, gzip's own header outweighs the saving


def accepts_gzip(request) -> bool:
    """Whether the client's Accept-Encoding allows gzip (`gzip;q=0` refuses it)."""
    accepted = {}
    for part in request.headers.get("Accept-Encoding", "").split(","):
        name, _, parameters = part.partition(";")
        quality = 1.0
        for parameter in parameters.split(";"):
            key, _, value = parameter.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        accepted[name.strip().lower()] = quality
    return accepted.get("gzip", accepted.get("*", 0.0)) > 0


def is_compressible(request, response) -> bool:
    media_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return (
        media_type in COMPRESSIBLE_TYPES
        and not response.streaming
        and not response.has_header("Content-Encoding")
        and len(response.content) >= MIN_SIZE
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a CSRF token is in the page
        and "private" not in response.get("Cache-Control", "")
    )


@dataclass
class StoredPage:
    """A response as the cache keeps it: status, headers and body, compressed when it can."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    compressed: bool = False

    @classmethod
    def from_response(cls, request, response) -> "StoredPage":
        compressed = is_compressible(request, response)
        body = compress_string(response.content) if compressed else response.content
        headers = [(name, value) for name, value in response.items() if name != "Content-Length"]
        page = cls(response.status_code, headers, body, compressed)
        if compressed:
            page.add_vary("Accept-Encoding")
        return page

    def add_vary(self, header: str) -> None:
        names = [value for name, value in self.headers if name.lower() == "vary"]
        self.headers = [(name, value) for name, value in self.headers if name.lower() != "vary"]
        listed = [item.strip() for value in names for item in value.split(",") if item.strip()]
        if header.lower() not in {item.lower() for item in listed}:
            listed.append(header)
        self.headers.append(("Vary", ", ".join(listed)))

    def response_for(self, request) -> HttpResponse:
        """The stored page as this client can take it: gzip bytes, or the plain original."""
        gzip_wanted = self.compressed and accepts_gzip(request)
        body = gzip.decompress(self.body) if self.compressed and not gzip_wanted else self.body
        response = HttpResponse(body, status=self.status)
        for name, value in self.headers:
            response[name] = value
        if gzip_wanted:
            response["Content-Encoding"] = "gzip"
            etag = response.get("ETag")
            if etag and not etag.startswith("W/"):
                # The compressed bytes differ from the original: the same tag, but weak.
                response["ETag"] = "W/" + etag
        response["Content-Length"] = str(len(body))
        return response
