"""The OCDS Data Review Tool's engine (libcoveocds), run offline on the vendored schemas.

libcoveocds fetches the OCDS release schema and codelists (a ZIP of the standard)
and each extension a package declares. Here the standard comes from
``tests/fixtures/validators/ocds/standard-1__1__5`` (given to libcoveocds as the
bytes of a ZIP, its ``standard_zip`` setting), and a requests adapter mounted on
ocdsextensionregistry's session serves the extensions from
``tests/fixtures/validators/ocds/extensions``: their raw files and the GitHub
archive it downloads for a tagged extension. Any other address fails the test,
so no test reaches the network.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import requests
from requests.adapters import BaseAdapter

VENDORED = Path(__file__).parents[1] / "fixtures" / "validators" / "ocds"
RAW = "https://raw.githubusercontent.com/open-contracting-extensions/"
ARCHIVE = "https://github.com/open-contracting-extensions/"


class VendoredExtensions(BaseAdapter):
    """Serves the vendored extensions at their published addresses; refuses any other."""

    def send(self, request: requests.PreparedRequest, *args: Any,  # type: ignore[override]
             **kwargs: Any) -> requests.Response:
        url = request.url or ""
        response = requests.Response()
        response.url = url
        response.request = request
        if url.startswith(RAW):
            repository, _ref, name = url[len(RAW):].split("/", 2)
            path = VENDORED / "extensions" / repository / name
            response.status_code = 200 if path.is_file() else 404
            response._content = path.read_bytes() if path.is_file() else b""
            return response
        if url.startswith(ARCHIVE) and "/archive/" in url:
            repository = url[len(ARCHIVE):].split("/", 1)[0]
            response.status_code = 200
            response._content = _zip(VENDORED / "extensions" / repository, f"{repository}-x/")
            return response
        raise AssertionError(f"the OCDS validator tried to reach the network: {url}")

    def close(self) -> None:
        """Nothing to release."""


def _zip(root: Path, top: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(top, b"")
        for path in sorted(root.rglob("*")):
            if path.is_file():
                archive.write(path, top + path.relative_to(root).as_posix())
    return buffer.getvalue()


@cache
def _standard() -> bytes:
    return _zip(VENDORED / "standard-1__1__5", "standard-1__1__5/")


@contextmanager
def _offline() -> Iterator[None]:
    from ocdsextensionregistry import util

    session = util.session
    saved = dict(session.adapters)
    adapter = VendoredExtensions()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    try:
        with session.cache_disabled():
            yield
    finally:
        session.adapters.clear()
        session.adapters.update(saved)


def review(package: Mapping[str, Any]) -> dict[str, Any]:
    """What the Data Review Tool's engine reports on a release package (its API context)."""
    from libcoveocds.api import ocds_json_output
    from libcoveocds.config import LibCoveOCDSConfig

    config = LibCoveOCDSConfig()
    config.config["context"] = "api"
    config.config["standard_zip"] = _standard()
    with _offline(), tempfile.TemporaryDirectory() as folder:
        result: dict[str, Any] = ocds_json_output(folder, json_data=dict(package),
                                                  lib_cove_ocds_config=config)
    return result


def problems(package: Mapping[str, Any]) -> dict[str, Any]:
    """Everything that is not clean: errors, codelist warnings, unknown or deprecated fields,
    the additional checks, and extensions that could not be applied (empty when clean)."""
    result = review(package)
    keys = ("validation_errors", "additional_closed_codelist_values",
            "additional_open_codelist_values", "additional_fields", "deprecated_fields",
            "additional_checks")
    found = {key: result[key] for key in keys if result.get(key)}
    invalid = result.get("extensions", {}).get("invalid_extension")
    if invalid:
        found["invalid_extension"] = invalid
    return found
