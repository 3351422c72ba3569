"""`{% text_change before after %}`: a change in words, with long texts diffed word by word."""

from django import template
from django.utils.html import format_html

from editorial.word_diff import is_long_text, word_diff

register = template.Library()

EMPTY = "(empty)"


@register.simple_tag
def text_change(before, after):
    """Long texts: the new text with removed words struck and added words marked.
    Short values: "before → after"."""
    before, after = str(before or ""), str(after or "")
    if before and after and is_long_text(before, after):
        return format_html('<span class="word-diff">{}</span>', word_diff(before, after))
    return format_html("<del>{}</del> → <ins>{}</ins>", before or EMPTY, after or EMPTY)
