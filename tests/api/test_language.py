"""`api.serve_language` (``obc lsp``): a session over the streams it is given, and the extra."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from typing import Any

from obcrules import api


def message(body: dict[str, Any]) -> bytes:
    data = json.dumps(body).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(data) + data


class Kept(io.BytesIO):
    """Output that keeps what was written after the server closes it."""

    written = b""

    def close(self) -> None:
        self.written = self.getvalue()
        super().close()


def test_a_session_from_initialize_to_exit() -> None:
    stdin = io.BytesIO(
        message({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                 "params": {"capabilities": {}}})
        + message({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        + message({"jsonrpc": "2.0", "method": "exit"}))
    stdout = Kept()
    api.serve_language(stdin, stdout)
    first = stdout.written.split(b"\r\n\r\n", 1)[1]
    reply = json.JSONDecoder().raw_decode(first.decode("utf-8"))[0]
    capabilities = reply["result"]["capabilities"]
    assert reply["result"]["serverInfo"]["name"] == "obc"
    for feature in ("hoverProvider", "completionProvider", "definitionProvider",
                    "referencesProvider", "renameProvider", "documentSymbolProvider",
                    "documentFormattingProvider", "codeActionProvider"):
        assert capabilities[feature], feature


def test_without_the_lsp_extra_a_usage_error_says_what_to_install() -> None:
    script = ("import sys; sys.modules['pygls'] = None\n"
              "from obcrules import api\n"
              "try:\n    api.serve_language()\n"
              "except api.UsageError as exc:\n    print(exc)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ("the language server needs pygls: "
                                     "pip install 'obcrules[lsp]'")


def test_importing_the_api_loads_no_language_server() -> None:
    script = ("import sys\nfrom obcrules import api\n"
              "assert not [m for m in sys.modules if m.startswith(('pygls', 'obcrules.lsp'))]\n")
    subprocess.run([sys.executable, "-c", script], check=True)
