"""Folders walked for rulesets with the .gitignore subset git users write most."""

from __future__ import annotations

from pathlib import Path

from obcrules.io.walk import expand, glob_regex, ignored, parse_gitignore


def test_gitignore_patterns(tmp_path: Path) -> None:
    rules = parse_gitignore("# c\n\n*.tmp.obc\n/top.obc\nout/\ndocs/**/draft*.obc\n"
                            "!keep.tmp.obc\n", tmp_path)
    assert ignored(tmp_path / "a" / "x.tmp.obc", False, rules)
    assert not ignored(tmp_path / "a" / "keep.tmp.obc", False, rules)
    assert ignored(tmp_path / "top.obc", False, rules)
    assert not ignored(tmp_path / "a" / "top.obc", False, rules)  # anchored to its folder
    assert ignored(tmp_path / "a" / "out", True, rules)
    assert not ignored(tmp_path / "a" / "out", False, rules)  # `out/` names folders only
    assert ignored(tmp_path / "docs" / "x" / "y" / "draft1.obc", False, rules)
    assert ignored(tmp_path / "docs" / "draft1.obc", False, rules)
    assert glob_regex("a?[!b]*") == "a[^/][^b][^/]*"


def test_expand_keeps_files_and_walks_folders_in_name_order(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    for name in ("b.obc", "a.obc", "notes.txt", "z/c.obc", "node_modules/n.obc", ".x/h.obc"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "z" / ".gitignore").write_text("c.obc\n", encoding="utf-8")
    assert expand([tmp_path]) == [tmp_path / "a.obc", tmp_path / "b.obc"]
    named = tmp_path / "z" / "c.obc"
    assert expand([named, tmp_path / "b.obc"]) == [named, tmp_path / "b.obc"]  # named: kept
    (tmp_path / ".gitignore").write_text("z/\n", encoding="utf-8")
    (tmp_path / "z" / ".gitignore").unlink()
    assert expand([tmp_path / "z"]) == []  # the repository's .gitignore above still applies
