// obc serve: progressive enhancement only. Every page works without this file; with
// it, the playground checks the ruleset as it is typed (debounced).
"use strict";

(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]');
  const source = document.getElementById("source");
  if (!source || !csrf) {
    return;
  }
  const nameField = document.getElementById("name");
  const list = document.getElementById("diagnostics");
  const outline = document.getElementById("outline");
  const verdict = document.getElementById("verdict");
  const modelBox = document.getElementById("logic-model-box");
  let timer = null;
  let sent = 0;

  function item(className, parts) {
    const li = document.createElement("li");
    li.className = className;
    for (const part of parts) {
      if (typeof part === "string") {
        li.appendChild(document.createTextNode(part));
      } else {
        const el = document.createElement(part.tag);
        el.textContent = part.text;
        li.appendChild(el);
      }
    }
    return li;
  }

  function show(found) {
    list.replaceChildren(...found.diagnostics.map((d) => item(d.severity, [
      { tag: "code", text: `${d.line}:${d.column}` },
      ` ${d.severity}[${d.code}]: ${d.message}`,
      ...(d.suggestion ? [" ", { tag: "em", text: `help: ${d.suggestion}` }] : []),
    ])));
    outline.replaceChildren(...found.outline.map((e) => item(`depth-${e.depth}`, [
      { tag: "code", text: String(e.line) }, ` ${e.kind} `,
      { tag: "strong", text: e.name }, `: ${e.title}`,
    ])));
    verdict.textContent = found.ok ? "no errors" : "errors";
    verdict.className = found.ok ? "ok" : "errors";
    if (found.logic_model) {
      const img = document.createElement("img");
      img.id = "logic-model";
      img.alt = "The logic model of the ruleset";
      img.src = found.logic_model;
      modelBox.replaceChildren(img);
    } else {
      modelBox.replaceChildren(document.createTextNode("No logic model until the ruleset parses."));
    }
  }

  async function check() {
    const mine = ++sent;
    const response = await fetch("/playground/check", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf.content },
      body: JSON.stringify({ text: source.value, name: nameField.value }),
      credentials: "same-origin",
    });
    if (response.ok && mine === sent) {
      show(await response.json());
    }
  }

  source.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  });
})();
