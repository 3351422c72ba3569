"""Search the public entries, ranked, with the words found highlighted.

Each word of the query must match (in any order, anywhere in the entry), as a word or the
beginning of one ("quantum" finds QuantumScape), in either spelling ("sulphide" finds
"sulfide", `timeline.spelling`). When nothing matches, each word that begins no word of the
public entries is taken for a typo and replaced by the words one edit away from it
("quantumscpae" finds QuantumScape), and the search runs once more.

An entry named exactly as the query comes first ("QuantumScape" before the events about it);
then the engine's rank. The database's own engine does the work (see `timeline.models.search`):
- PostgreSQL: `to_tsquery` prefix queries against the stored `tsvector`, ranked by
  `ts_rank`, highlighted by `ts_headline`; typos corrected with pg_trgm similarity against
  the vocabulary (and, for short words, the exact list of strings one edit away).
- SQLite: an FTS5 `MATCH`, ranked by `bm25`, highlighted by `highlight` and `snippet`; typos
  corrected by looking up every string one edit away in the vocabulary.
The reader's words are reduced to letters and digits before they reach either engine, so no
query syntax (quotes, `NEAR`, `*`, `^`, parentheses, `&`, `:`) passes through.
"""

import json
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import Case, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import SearchEntry, SearchTerm
from .spelling import STOP_WORDS, is_one_edit, normalise_word, one_edit_away, spellings, words

MAX_WORDS = 8
CORRECTABLE = range(4, 31)  # shorter words are too ambiguous to correct
CORRECTIONS = 3  # most words tried in place of one mistyped word
SHORT_WORD = 5  # up to this length, a typo may leave too few trigrams in common
START, STOP = "\x02", "\x03"  # highlight marks: control characters never stored in the text
CONFIG = "english"
SNIPPET_WORDS = 24


@dataclass(frozen=True)
class SearchHit:
    kind: str
    kind_label: str
    title: SafeString
    url: str
    meta: str
    snippet: SafeString


@dataclass
class SearchResults:
    words: list[str]
    hits: list[SearchHit] = field(default_factory=list)
    more: bool = False
    corrected: list[str] = field(default_factory=list)  # the words searched instead, if any
    dropped: int = 0  # words past MAX_WORDS, not searched


def marked(text: str) -> SafeString:
    """Escape the engine's text, then turn its highlight marks into <mark> elements."""
    html = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 -- escaped above; only our own tags added


def search_entries(query: str, *, limit: int) -> SearchResults:
    """The public entries matching every word of `query`, best first: at most `limit`, and
    `more` when there are others."""
    found = list(
        dict.fromkeys(normalise_word(word) for word in words(query) if word not in STOP_WORDS)
    )
    results = SearchResults(words=found[:MAX_WORDS], dropped=max(0, len(found) - MAX_WORDS))
    if not results.words:
        return results
    engine = _postgresql if connection.vendor == "postgresql" else _sqlite
    groups = [[word] for word in results.words]
    results.hits, results.more = engine(groups, limit)
    if not results.hits:
        corrected = [_corrected(group[0]) or group for group in groups]
        if corrected != groups:
            results.hits, results.more = engine(corrected, limit)
            if results.hits:
                results.corrected = [" or ".join(group) for group in corrected]
    return results


def _corrected(word: str) -> list[str]:
    """The vocabulary's words one edit away from `word`, when no word begins with it."""
    if len(word) not in CORRECTABLE or word.isdigit():
        return []
    # Words sort right after their prefixes: one index step says whether any word begins so.
    terms = SearchTerm.objects.filter(term__gte=word).order_by("term")
    following = terms.values_list("term", flat=True).first()
    if following is not None and following.startswith(word):
        return []
    nearby = one_edit_away(word)
    if connection.vendor == "postgresql":
        return _corrected_postgresql(word, nearby)
    with connection.cursor() as cursor:
        # Hundreds of candidates travel as one JSON parameter rather than one each.
        cursor.execute(VOCABULARY_LOOKUP, [json.dumps(sorted(nearby)), CORRECTIONS])
        return [row[0] for row in cursor.fetchall()]


def _corrected_postgresql(word: str, nearby: set[str]) -> list[str]:
    """pg_trgm finds similar words through its index and ranks them; short words, whose few
    trigrams one typo changes too much (a swap in "grow"), are also looked up exactly."""
    similar = SearchTerm.objects.filter(term__trigram_similar=word)
    if len(word) <= SHORT_WORD:
        similar = SearchTerm.objects.filter(Q(term__trigram_similar=word) | Q(term__in=nearby))
    ranked = (
        similar.annotate(similarity=TrigramSimilarity("term", word))
        .order_by("-similarity", "term")
        .values_list("term", flat=True)[:20]
    )
    return [term for term in ranked if is_one_edit(word, term)][:CORRECTIONS]


VOCABULARY_LOOKUP = """
    SELECT term FROM timeline_searchterm
    WHERE term IN (SELECT value FROM json_each(%s)) ORDER BY term LIMIT %s
"""


def _prefix(word: str, form: str) -> str:
    """A word in the engine's syntax, to match as a prefix when it is long enough to mean
    something ("r" and "d" of "R&D" match only themselves)."""
    return form.format(word) if len(word) > 1 else form.replace("*", "").format(word)


def _hit(entry: SearchEntry, title: str, snippet: str) -> SearchHit:
    return SearchHit(
        kind=entry.kind,
        kind_label=entry.get_kind_display(),
        title=marked(title),
        url=entry.url,
        meta=entry.meta,
        snippet=marked(snippet),
    )


# --- PostgreSQL ---------------------------------------------------------------------------------

DOCUMENT = RawSQL("timeline_searchentry.document", [], output_field=SearchVectorField())


def _tsquery(groups: list[list[str]], *, spelled: bool) -> SearchQuery:
    """Every group must match; any word of a group may, as a word or a prefix."""
    parts = []
    for group in groups:
        options = [s for word in group for s in spellings(word)] if spelled else group
        parts.append("(" + " | ".join(_prefix(option, "{}:*") for option in options) + ")")
    return SearchQuery(" & ".join(parts), search_type="raw", config=CONFIG)


def _postgresql(groups: list[list[str]], limit: int) -> tuple[list[SearchHit], bool]:
    match = _tsquery(groups, spelled=False)
    whole = " ".join(group[0] for group in groups)
    ranked = (
        SearchEntry.objects.filter(public=True)
        .annotate(document=DOCUMENT)
        .filter(document=match)
        .annotate(
            named=Case(When(title_words=whole, then=Value(1)), default=Value(0)),
            rank=SearchRank(DOCUMENT, match),
        )
        .order_by("-named", "-rank", "title", "pk")
    )
    ids = list(ranked.values_list("pk", flat=True)[: limit + 1])
    if not ids:
        return [], False
    # Highlight the words as each entry spells them, on the page of results only.
    shown = _tsquery(groups, spelled=True)
    marks = {"config": CONFIG, "start_sel": START, "stop_sel": STOP}
    entries = SearchEntry.objects.filter(pk__in=ids[:limit]).annotate(
        title_marked=SearchHeadline("title", shown, highlight_all=True, **marks),
        snippet=SearchHeadline(
            "body",
            shown,
            max_words=SNIPPET_WORDS,
            min_words=SNIPPET_WORDS // 2,
            max_fragments=2,
            fragment_delimiter=" … ",
            **marks,
        ),
    )
    by_id = {entry.pk: entry for entry in entries}
    hits = [_hit(by_id[pk], by_id[pk].title_marked, by_id[pk].snippet) for pk in ids[:limit]]
    return hits, len(ids) > limit


# --- SQLite -------------------------------------------------------------------------------------

# The table is timeline_search_fts (migration 0006): its columns are title_words, body_words
# (normalised, matched) and title, body (as written, highlighted).
FTS_RANKED = """
    SELECT timeline_search_fts.rowid
    FROM timeline_search_fts
    JOIN timeline_searchentry entry ON entry.id = timeline_search_fts.rowid
    WHERE timeline_search_fts MATCH %s AND entry.public
    ORDER BY entry.title_words = %s DESC, bm25(timeline_search_fts, 10.0, 1.0, 0.0, 0.0),
        entry.title, entry.id
    LIMIT %s
"""
FTS_MARKED = """
    SELECT entry.id, entry.kind, entry.url, entry.meta,
        highlight(timeline_search_fts, 2, %s, %s),
        snippet(timeline_search_fts, 3, %s, %s, ' … ', %s)
    FROM timeline_search_fts
    JOIN timeline_searchentry entry ON entry.id = timeline_search_fts.rowid
    WHERE timeline_search_fts MATCH %s AND timeline_search_fts.rowid IN ({ids})
"""


def _fts_query(groups: list[list[str]]) -> str:
    """Every group must match. The normalised columns decide what matches; the columns as
    written are searched in every spelling only so that they can be highlighted."""
    parts = []
    for group in groups:
        normalised = " OR ".join(_prefix(word, '"{}"*') for word in group)
        written = " OR ".join(_prefix(s, '"{}"*') for word in group for s in spellings(word))
        parts.append(f"({{title_words body_words}}: ({normalised}) OR {{title body}}: ({written}))")
    return " AND ".join(parts)


def _sqlite(groups: list[list[str]], limit: int) -> tuple[list[SearchHit], bool]:
    query = _fts_query(groups)
    with connection.cursor() as cursor:
        whole = " ".join(group[0] for group in groups)
        cursor.execute(FTS_RANKED, [query, whole, limit + 1])
        ids = [row[0] for row in cursor.fetchall()]
        if not ids:
            return [], False
        page = ids[:limit]
        cursor.execute(
            FTS_MARKED.format(ids=", ".join(["%s"] * len(page))),
            [START, STOP, START, STOP, SNIPPET_WORDS, query, *page],
        )
        rows = {row[0]: row for row in cursor.fetchall()}
    hits = []
    for pk in page:
        _, kind, url, meta, title, snippet = rows[pk]
        entry = SearchEntry(pk=pk, kind=kind, url=url, meta=meta)
        hits.append(_hit(entry, title, snippet))
    return hits, len(ids) > limit
