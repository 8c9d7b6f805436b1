"""Places: the checker's code-point columns and the editor's UTF-16 (or UTF-8, UTF-32) positions."""

from __future__ import annotations

from lsprotocol import types

from obcrules.lsp.positions import Place, SourceLines, code_points, units

EMOJI = "\N{SLIGHTLY SMILING FACE}"  # outside the Basic Multilingual Plane: two UTF-16 units


def test_units_count_what_each_encoding_counts() -> None:
    text = f"£1 {EMOJI}"
    assert units(text) == 5  # £ is one UTF-16 unit, the emoji two
    assert units(text, "utf-8") == len(text.encode("utf-8")) == 8
    assert units(text, "utf-32") == 4


def test_code_points_undo_units() -> None:
    text = f'"{EMOJI}" and agee'
    assert code_points(text, units(text[:4])) == 4
    assert code_points(text, 2) == 2  # inside the emoji: the emoji counts
    assert code_points(text, 99) == len(text)
    assert code_points(text, 5, "utf-8") == 2  # a quote and the four bytes of the emoji


def test_a_column_after_an_emoji_is_one_more_in_utf16() -> None:
    lines = SourceLines(f'    from people where setting = "{EMOJI}" and agee >= 65\n')
    column = lines.text(1).index("agee") + 1
    assert lines.position(1, column) == types.Position(line=0, character=column)  # +1 -1
    assert lines.range(1, column, 1, column + 4) == types.Range(
        start=types.Position(line=0, character=column), end=types.Position(line=0,
                                                                            character=column + 4))
    assert lines.place(types.Position(line=0, character=column)) == Place(1, column)


def test_the_same_place_in_utf8_and_utf32() -> None:
    text = f"# {EMOJI} £\nx"
    assert SourceLines(text, "utf-8").position(1, 6) == types.Position(line=0, character=9)
    assert SourceLines(text, "utf-32").position(1, 6) == types.Position(line=0, character=5)


def test_a_place_without_an_end_covers_the_word_there() -> None:
    lines = SourceLines("    target at lest 80%\n")
    assert lines.range(1, 15) == types.Range(start=types.Position(line=0, character=14),
                                             end=types.Position(line=0, character=18))


def test_windows_line_ends_and_the_end_of_the_document() -> None:
    lines = SourceLines("a\r\nbc\r\n")
    assert lines.text(2) == "bc"
    assert lines.end() == types.Position(line=2, character=0)
    assert lines.text_before(Place(2, 2)) == "a\nb"
