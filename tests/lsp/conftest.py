"""The language server under test: one real ``obc lsp`` for the session, and an editor's moves.

`client` is pytest-lsp's client connected to ``obc lsp`` run as a subprocess
over stdio, initialised with Visual Studio Code's capabilities, exactly as an
editor starts it. `Editor` opens, changes and reads documents through it; each
test uses documents of its own (distinct URIs), so the tests share the server.
"""

from __future__ import annotations

import asyncio
import itertools
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = Path(__file__).parents[2]
RULESETS = ROOT / "rulesets"
OBC = Path(sys.executable).with_name("obc")
TIMEOUT = 30  # seconds: the first check loads every plugin

_numbers = itertools.count(1)


@pytest_lsp.fixture(scope="session",
                    config=ClientServerConfig(server_command=[str(OBC), "lsp"]))
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """``obc lsp`` started as an editor starts it, and shut down as an editor does."""
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=ROOT.as_uri(),
    ))
    yield
    await lsp_client.shutdown_session()


class Editor:
    """An editor's moves on the server: open, type, and ask."""

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.versions: dict[str, int] = {}

    async def open(self, text: str, name: str = "ruleset") -> str:
        """Open a new document holding ``text``; its URI, once its diagnostics arrived."""
        return await self.open_at(ROOT / "build" / f"{name}-{next(_numbers)}.obc", text)

    async def open_at(self, path: Path, text: str) -> str:
        """Open ``text`` as the document at ``path`` (whose folder's settings apply)."""
        uri = path.as_uri()
        self.versions[uri] = 1
        self.client.diagnostics.pop(uri, None)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="obc", version=1,
                                                 text=text)))
        await self.diagnostics(uri)
        return uri

    async def open_ruleset(self, name: str) -> tuple[str, str]:
        """Open ``rulesets/NAME.obc``: its URI and text."""
        text = (RULESETS / f"{name}.obc").read_text(encoding="utf-8")
        return await self.open(text, name), text

    def change(self, uri: str, text: str) -> None:
        """Replace the whole text of the document, as one edit."""
        self.versions[uri] += 1
        self.client.diagnostics.pop(uri, None)
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri,
                                                                version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))

    def type(self, uri: str, line: int, character: int, text: str) -> None:
        """Insert ``text`` at a 0-based position, as a keystroke does."""
        self.versions[uri] += 1
        self.client.diagnostics.pop(uri, None)
        at = types.Position(line=line, character=character)
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri,
                                                                version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(start=at, end=at), text=text)]))

    async def diagnostics(self, uri: str) -> Sequence[types.Diagnostic]:
        """The diagnostics the server publishes next for ``uri``."""
        async def arrived() -> Sequence[types.Diagnostic]:
            while uri not in self.client.diagnostics:
                await self.client.wait_for_notification(
                    types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            return self.client.diagnostics[uri]

        return await asyncio.wait_for(arrived(), TIMEOUT)

    def close(self, uri: str) -> None:
        """Close the document."""
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))


@pytest.fixture
def editor(client: LanguageClient) -> Editor:
    """The session's server, driven as an editor drives it."""
    return Editor(client)


def at(text: str, marker: str, offset: int = 0) -> types.Position:
    """The 0-based position of the first ``marker`` in ``text`` (plus ``offset`` characters).

    Columns are in UTF-16 code units, as the server and VS Code agree.
    """
    index = text.index(marker) + offset
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    prefix = text[start:index]
    return types.Position(line=line, character=len(prefix.encode("utf-16-le")) // 2)


def document(uri: str) -> types.TextDocumentIdentifier:
    """The identifier of the document at ``uri``."""
    return types.TextDocumentIdentifier(uri=uri)
