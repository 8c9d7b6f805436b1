// Tokenise files with a TextMate grammar, as VS Code does (vscode-textmate and the
// Oniguruma regular expressions of vscode-oniguruma), and print the tokens as JSON:
//   node test/tokenize.js GRAMMAR FILE...
//   -> {"FILE": [[[start, end, [scope, ...]], ...], ...]} (one list of tokens per line)
// tests/lsp/test_highlighting.py runs it on the example rulesets and checks the scopes.
"use strict";

const fs = require("fs");
const path = require("path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

async function main([grammarPath, ...files]) {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.length));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async () =>
      vsctm.parseRawGrammar(fs.readFileSync(grammarPath, "utf8"), path.resolve(grammarPath)),
  });
  const grammar = await registry.loadGrammar("source.obc");
  const out = {};
  for (const file of files) {
    let stack = vsctm.INITIAL;
    out[file] = fs
      .readFileSync(file, "utf8")
      .split(/\r?\n/)
      .map((line) => {
        const result = grammar.tokenizeLine(line, stack);
        stack = result.ruleStack;
        return result.tokens.map((t) => [t.startIndex, Math.min(t.endIndex, line.length), t.scopes]);
      });
  }
  process.stdout.write(JSON.stringify(out));
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
