"""The formula guard of `obcrules.io.sheets`: data written into a sheet is never run."""

from __future__ import annotations

import pytest

from obcrules.io.sheets import guard, unguard


@pytest.mark.parametrize(("text", "written"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-1", "'-1"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("abc", "abc"), ("", ""), ("'quoted", "'quoted"),
])
def test_text_that_would_run_is_written_as_text_and_read_back_as_it_was(
        text: str, written: str) -> None:
    assert guard(text) == written
    assert unguard(written) == text
