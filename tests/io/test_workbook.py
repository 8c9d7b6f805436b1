"""Reading workbooks filled in outside the tool: parts packed like zip bombs."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from obcrules.io.strict import InputError
from obcrules.io.workbook import LOOSE_PART, PACKING, check_packing, parts


def _info(name: str, unpacked: int, packed: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.file_size, info.compress_size = unpacked, packed
    return info


def test_a_large_part_packed_a_thousand_times_is_refused_with_its_name_and_sizes() -> None:
    with pytest.raises(InputError) as caught:
        check_packing([_info("xl/styles.xml", 900, 400),
                       _info("xl/worksheets/sheet1.xml", 400 * 2**20, 400 * 2**10)])
    assert caught.value.message == (
        "its part xl/worksheets/sheet1.xml unpacks to 400 MB from 400 KB (1,024 times, "
        "where a spreadsheet's parts pack some 5 to 20 times)")
    assert "export CSV" in caught.value.hint


@pytest.mark.parametrize(("unpacked", "packed", "refused"), [
    (LOOSE_PART, 1, False),  # small enough to read whatever its packing
    (LOOSE_PART + 1, 1, True),
    (PACKING * 2**20, 2**20, False),  # exactly the limit
    (PACKING * 2**20 + 1, 2**20, True),
    (2**30, 2**28, False),  # a gigabyte of plain XML packed 4 times: a big, real sheet
])
def test_the_bounds_of_packing(unpacked: int, packed: int, refused: bool) -> None:
    infos = [_info("xl/worksheets/sheet1.xml", unpacked, packed)]
    if refused:
        with pytest.raises(InputError):
            check_packing(infos)
    else:
        check_packing(infos)


def test_parts_are_what_the_package_declares(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet/>" * 1000)
    (info,) = parts(path)
    assert (info.filename, info.file_size) == ("xl/worksheets/sheet1.xml", 12_000)
    (tmp_path / "not.xlsx").write_bytes(b"name,age\n")
    with pytest.raises(InputError, match="is not a readable XLSX workbook"):
        parts(tmp_path / "not.xlsx")
