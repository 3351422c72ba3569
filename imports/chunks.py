"""Long lists of keys cut into pieces, so each query stays within the database's limits."""

from collections.abc import Iterable, Iterator
from itertools import islice

# Rows per query: small enough for SQLite's variable limit, large enough to stay fast.
CHUNK = 1000


def chunked(items: Iterable, size: int = CHUNK) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
