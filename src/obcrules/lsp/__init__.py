"""The language server (``obc lsp``): the checker's findings and the language's names in an editor.

`server.serve` runs it over stdio; `server.create_server` builds one for tests.
It needs the ``lsp`` extra (pygls and lsprotocol). Editors start it with ``obc
lsp``; the Visual Studio Code extension in ``editors/vscode/`` does so
(docs/editors.md).
"""
