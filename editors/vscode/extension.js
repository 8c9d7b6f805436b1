// The obc extension: starts the obc language server (`obc lsp`) for .obc files.
// Highlighting comes from syntaxes/obc.tmLanguage.json; everything else (diagnostics,
// hover, completion, definitions, rename, outline, formatting, quick fixes) from the
// server, which ships with obcrules (pip install 'obcrules[lsp]').
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function newClient() {
  const command = vscode.workspace.getConfiguration("obc").get("server.path") || "obc";
  const server = { command, args: ["lsp"] };
  return new LanguageClient(
    "obc",
    "obc",
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: "file", language: "obc" },
        { scheme: "untitled", language: "obc" },
      ],
    },
  );
}

async function start() {
  client = newClient();
  try {
    await client.start();
  } catch (error) {
    vscode.window.showErrorMessage(
      `obc: could not start the language server (${error.message}). Install obcrules ` +
        "with its lsp extra, or set obc.server.path to the obc command.",
    );
  }
}

function activate(context) {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("obc.server.path")) {
        await client.stop();
        await start();
      }
    }),
  );
  return start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
