"""``obc lsp`` as a function: the language server editors start."""

from __future__ import annotations

from typing import BinaryIO

from obcrules.api.errors import UsageError


def serve_language(stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
    """Run the language server over ``stdin`` and ``stdout`` (the process's by default).

    Returns when the editor ends the session. `UsageError` when the ``lsp``
    extra (pygls, lsprotocol) is not installed. The server is imported here, on
    first use, so that importing `obcrules.api` loads none of it.
    """
    try:
        from obcrules.lsp.server import serve
    except ModuleNotFoundError as exc:
        missing = (exc.name or "").split(".")[0]
        if missing not in ("pygls", "lsprotocol"):
            raise
        raise UsageError(f"the language server needs {missing}: "
                         "pip install 'obcrules[lsp]'") from exc
    serve(stdin, stdout)
