"""``obc lsp``: the language server editors start over stdio.

Each open document is checked as it is typed, a short pause after the last
change (`DEBOUNCE_SECONDS`), with the installed plugins loaded once for the whole
session. Checking and anything else that uses the parser run on one worker
thread, in order, so the parser is never used by two threads at once and the
server keeps reading the editor's messages while a check runs. The features are
in their own modules: `completion`, `hover`, `symbols` (definition, references,
rename, outline), `fixes` (code actions) and `reporting` (diagnostics).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import BinaryIO, ParamSpec, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from obcrules import __version__
from obcrules.lsp.completion import complete
from obcrules.lsp.documents import Analysis, analyse
from obcrules.lsp.fixes import code_actions
from obcrules.lsp.hover import hover
from obcrules.lsp.positions import Encoding
from obcrules.lsp.reporting import editor_diagnostic
from obcrules.lsp.symbols import Symbol, outline, rename_problem, symbol_at
from obcrules.model import Span
from obcrules.plugins.manager import Registry
from obcrules.semantics.checked import check_text, default_registry
from obcrules.syntax.formatter import format_source

DEBOUNCE_SECONDS = 0.25
"""How long typing must pause before a changed document is checked again."""

COMPLETION_TRIGGERS = [" ", "(", '"', ","]
"""Characters after which an editor asks for completion without being told to."""

P = ParamSpec("P")
T = TypeVar("T")


class ObcLanguageServer(LanguageServer):
    """The obc language server: the open documents, their analyses and the checking thread."""

    def __init__(self, registry: Registry | None = None,
                 debounce: float = DEBOUNCE_SECONDS) -> None:
        super().__init__("obc", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.registry = registry
        self.debounce = debounce
        self.analyses: dict[str, Analysis] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.settings_problems: set[str] = set()
        """The settings problems already shown (each is shown once per session)."""
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="obc-check")

    async def on_worker(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``function(*args)`` run on the checking thread (the one thread that parses)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.worker, lambda: function(*args, **kwargs))

    async def warm_up(self) -> None:
        """Load the plugins and build the parser before the first document arrives."""
        def load() -> None:
            self.registry = self.registry or default_registry()
            check_text('ruleset warm_up "Warm up":\n    period quarter\n', "<warm-up>",
                       self.registry)
        await self.on_worker(load)

    async def analysis(self, uri: str) -> Analysis:
        """The analysis of the document's current text, checking it now if it is stale."""
        document = self.workspace.get_text_document(uri)
        current = self.analyses.get(uri)
        if current is not None and current.text == document.source:
            return current
        return await self.check(uri)

    async def check(self, uri: str) -> Analysis:
        """Check the document's current text on the checking thread, and keep the result."""
        document = self.workspace.get_text_document(uri)
        text, version = document.source, document.version
        encoding: Encoding = str(self.workspace.position_encoding or "utf-16")
        file = to_fs_path(uri) or uri

        def run() -> Analysis:
            registry = self.registry = self.registry or default_registry()
            return analyse(uri, version, text, file, registry, encoding=encoding,
                           previous=self.analyses.get(uri))

        analysis = await self.on_worker(run)
        if self.workspace.get_text_document(uri).source == text:
            self.analyses[uri] = analysis
        return analysis

    async def name_at(self, document: types.TextDocumentIdentifier, position: types.Position
                      ) -> tuple[Analysis, tuple[Symbol, Span] | None]:
        """The document's analysis, and the name the ruleset defines at ``position`` if any."""
        analysis = await self.analysis(document.uri)
        return analysis, symbol_at(analysis.symbols, analysis.lines.place(position))

    def schedule(self, uri: str, delay: float) -> None:
        """Check and publish the document's diagnostics after ``delay`` seconds of quiet."""
        pending = self.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()

        async def later() -> None:
            await asyncio.sleep(delay)
            analysis = await self.analysis(uri)
            if uri in self.workspace.text_documents and (
                    self.workspace.get_text_document(uri).source == analysis.text):
                self.publish(analysis)

        self.pending[uri] = asyncio.ensure_future(later())

    def publish(self, analysis: Analysis) -> None:
        """Send the diagnostics ``obc check`` would report for ``analysis`` to the editor
        (and, once per problem, why the folder's settings could not be read)."""
        if analysis.settings_problem and analysis.settings_problem not in self.settings_problems:
            self.settings_problems.add(analysis.settings_problem)
            self.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Warning,
                message=f"obc: {analysis.settings_problem}; every finding is shown"))
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=analysis.uri, version=analysis.version,
            diagnostics=[editor_diagnostic(d, analysis.lines) for d in analysis.reported]))

    @property
    def snippets(self) -> bool:
        """Whether the editor takes completion snippets (placeholders to fill in)."""
        document = self.client_capabilities.text_document
        completion = document.completion if document else None
        item = completion.completion_item if completion else None
        return bool(item and item.snippet_support)

    @property
    def disabled_actions(self) -> bool:
        """Whether the editor shows code actions that cannot be applied, with the reason."""
        document = self.client_capabilities.text_document
        actions = document.code_action if document else None
        return bool(actions and actions.disabled_support)


def create_server(registry: Registry | None = None,
                  debounce: float = DEBOUNCE_SECONDS) -> ObcLanguageServer:
    """A language server with every feature registered (not yet started)."""
    server = ObcLanguageServer(registry, debounce)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: ObcLanguageServer, params: types.InitializedParams) -> None:
        await ls.warm_up()

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: ObcLanguageServer, params: None) -> None:
        for task in ls.pending.values():
            task.cancel()
        ls.worker.shutdown(wait=False, cancel_futures=True)

    # ------------------------------------------------------------------ documents

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ObcLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ObcLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ObcLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ObcLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        pending = ls.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        ls.analyses.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri,
                                                                            diagnostics=[]))

    # ------------------------------------------------------------------ reading

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def on_hover(ls: ObcLanguageServer, params: types.HoverParams) -> types.Hover | None:
        return hover(await ls.analysis(params.text_document.uri), params.position)

    @server.feature(types.TEXT_DOCUMENT_COMPLETION,
                    types.CompletionOptions(trigger_characters=COMPLETION_TRIGGERS))
    async def on_completion(ls: ObcLanguageServer, params: types.CompletionParams
                            ) -> types.CompletionList:
        analysis = await ls.analysis(params.text_document.uri)
        items = await ls.on_worker(complete, analysis, params.position, ls.snippets)
        return types.CompletionList(is_incomplete=False, items=items)

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def on_document_symbol(ls: ObcLanguageServer, params: types.DocumentSymbolParams
                                 ) -> list[types.DocumentSymbol]:
        analysis = await ls.analysis(params.text_document.uri)
        return outline(analysis.ruleset, analysis.lines) if analysis.ruleset else []

    # ------------------------------------------------------------------ names

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def on_definition(ls: ObcLanguageServer, params: types.DefinitionParams
                            ) -> types.Location | None:
        analysis, found = await ls.name_at(params.text_document, params.position)
        if found is None or found[0].definition is None:
            return None
        return types.Location(uri=analysis.uri, range=analysis.lines.span(found[0].definition))

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    async def on_references(ls: ObcLanguageServer, params: types.ReferenceParams
                            ) -> list[types.Location]:
        analysis, found = await ls.name_at(params.text_document, params.position)
        if found is None:
            return []
        symbol = found[0]
        spans = symbol.places() if params.context.include_declaration else symbol.uses
        return [types.Location(uri=analysis.uri, range=analysis.lines.span(s)) for s in spans]

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    async def on_prepare_rename(ls: ObcLanguageServer, params: types.PrepareRenameParams
                                ) -> types.PrepareRenamePlaceholder | None:
        analysis, found = await ls.name_at(params.text_document, params.position)
        if found is None:
            return None
        symbol, span = found
        return types.PrepareRenamePlaceholder(range=analysis.lines.span(span),
                                              placeholder=symbol.name)

    @server.feature(types.TEXT_DOCUMENT_RENAME,
                    types.RenameOptions(prepare_provider=True))
    async def on_rename(ls: ObcLanguageServer, params: types.RenameParams
                        ) -> types.WorkspaceEdit | None:
        analysis, found = await ls.name_at(params.text_document, params.position)
        if found is None:
            return None
        symbol = found[0]
        problem = rename_problem(symbol, params.new_name, analysis.symbols)
        if problem is not None:
            raise JsonRpcException(problem, code=types.LSPErrorCodes.RequestFailed)
        edits = [types.TextEdit(range=analysis.lines.span(s), new_text=params.new_name)
                 for s in symbol.places()]
        return types.WorkspaceEdit(changes={analysis.uri: edits})

    # ------------------------------------------------------------------ changing

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    async def on_formatting(ls: ObcLanguageServer, params: types.DocumentFormattingParams
                            ) -> list[types.TextEdit] | None:
        analysis = await ls.analysis(params.text_document.uri)
        result = await ls.on_worker(format_source, analysis.text, "<editor>")
        if result.text is None:
            return None  # a ruleset that does not parse is left as it is
        if result.text == analysis.text:
            return []
        whole = types.Range(start=types.Position(line=0, character=0), end=analysis.lines.end())
        return [types.TextEdit(range=whole, new_text=result.text)]

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    async def on_code_action(ls: ObcLanguageServer, params: types.CodeActionParams
                             ) -> list[types.CodeAction]:
        analysis = await ls.analysis(params.text_document.uri)
        return code_actions(analysis, params.range, analysis.uri, ls.disabled_actions)

    return server


def serve(stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
    """Run the language server over stdin and stdout until the editor ends the session."""
    create_server().start_io(stdin, stdout)
