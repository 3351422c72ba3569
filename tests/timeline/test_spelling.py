"""The words search works with: splitting, one spelling for British and American forms, and
the strings one typo away."""

import pytest

from timeline.spelling import (
    is_one_edit,
    normalise_text,
    normalise_word,
    one_edit_away,
    spellings,
    words,
)


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("sulphide", "sulfide"),
        ("sulphides", "sulfides"),
        ("sulphur", "sulfur"),
        ("industrialise", "industrialize"),
        ("industrialisation", "industrialization"),
        ("commercialised", "commercialized"),
        ("electrolyser", "electrolyzer"),
        ("electrolysers", "electrolyzers"),
        ("analyse", "analyze"),
        ("aluminium", "aluminum"),
        ("fibre", "fiber"),
        ("modelling", "modeling"),
    ],
)
def test_both_spellings_become_one(british, american):
    assert normalise_word(british) == normalise_word(american) == american
    assert british in spellings(american)


@pytest.mark.parametrize(
    "word", ["electrolyte", "electrolysis", "synthesis", "industry", "sulfide"]
)
def test_words_with_one_spelling_are_left_alone(word):
    assert normalise_word(word) == word


def test_text_is_split_into_folded_words():
    assert words("Mercedes-Benz road-tests FEST® cells (QSE-5), Ampère") == [
        "mercedes", "benz", "road", "tests", "fest", "cells", "qse", "5", "ampere",
    ]  # fmt: skip
    assert normalise_text("Sulphide electrolytes: industrialisation") == (
        "sulfide electrolytes industrialization"
    )


def test_query_syntax_is_not_a_word():
    assert words('"NEAR(a b)" * ^ () & | ! : {x} \x00') == ["near", "a", "b", "x"]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("quantumscpae", "quantumscape"),  # two letters swapped
        ("quantmscape", "quantumscape"),  # one left out
        ("quantumsccape", "quantumscape"),  # one too many
        ("quantumscaoe", "quantumscape"),  # one wrong
    ],
)
def test_one_typo_away(typed, meant):
    assert meant in one_edit_away(typed)
    assert is_one_edit(typed, meant)


@pytest.mark.parametrize(("first", "second"), [("qunatumscpae", "quantumscape"), ("cell", "cell")])
def test_two_typos_or_none_are_not_one(first, second):
    assert not is_one_edit(first, second)
