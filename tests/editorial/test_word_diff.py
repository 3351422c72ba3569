"""Long texts changed word by word: only what changed is struck or marked."""

from editorial.word_diff import is_long_text, word_diff


def test_only_the_changed_words_are_marked():
    before = "The pilot line opened in Kyoto in 2024 with ten people."
    after = "The pilot line opened in Osaka in 2024 with ten people."
    assert word_diff(before, after) == (
        "The pilot line opened in <del>Kyoto </del><ins>Osaka </ins>in 2024 with ten people."
    )


def test_an_added_sentence_is_one_insertion_and_text_is_escaped():
    before = "Samples <b>shipped</b> to two automakers in 2025."
    diff = word_diff(before, before + " More in 2026.")
    assert diff.endswith("in 2025. <ins>More in 2026.</ins>")
    assert "&lt;b&gt;shipped&lt;/b&gt;" in diff and "<b>" not in diff


def test_short_values_are_not_long_text():
    assert not is_long_text("Oct 2024", "2026")
    assert is_long_text("one two three four five six seven eight", "")
