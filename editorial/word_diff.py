"""Word-level differences between two texts, for "before → after" displays.

A long summary that gains one sentence should show that sentence, not the whole old text
struck out and the whole new text inserted. `word_diff` compares the texts word by word
(whitespace kept) with difflib and marks removed words `<del>` and added words `<ins>`.
"""

import difflib
import re

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

# Words with the whitespace after them, so joining the pieces gives the text back.
_TOKENS = re.compile(r"\S+\s*|\s+")

# Texts shorter than this many words read better as a plain "before → after".
LONG_TEXT_WORDS = 8


def words_of(text: str) -> list[str]:
    return _TOKENS.findall(text or "")


def is_long_text(*texts: str) -> bool:
    return any(len(words_of(text)) >= LONG_TEXT_WORDS for text in texts)


def word_diff(before: str, after: str) -> SafeString:
    """`after` with the words it lost from `before` in <del> and the words it gained in <ins>."""
    old, new = words_of(before), words_of(after)
    matcher = difflib.SequenceMatcher(a=[w.strip() for w in old], b=[w.strip() for w in new])
    pieces = []
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            pieces.append(conditional_escape("".join(new[new_start:new_end])))
            continue
        if old_end > old_start:
            pieces.append(format_html("<del>{}</del>", "".join(old[old_start:old_end])))
        if new_end > new_start:
            pieces.append(format_html("<ins>{}</ins>", "".join(new[new_start:new_end])))
    return mark_safe("".join(str(piece) for piece in pieces))  # noqa: S308 (pieces escaped)
