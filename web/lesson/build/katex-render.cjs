// katex-render.cjs typesets a batch of formulas with KaTeX for the lesson
// compiler (web/lesson/build). It reads a JSON array of {tex, display} on
// stdin and writes a JSON array of {html} or {error} on stdout, in order.
// $KATEX_BASE is the folder that holds node_modules/katex (web/).
//
// KaTeX runs with throwOnError: a formula KaTeX cannot parse is reported as an
// error (the linter prints it with file and line), never rendered in red.
"use strict";
const path = require("path");
const { createRequire } = require("module");
const base = process.env.KATEX_BASE || process.cwd();
const katex = createRequire(path.join(path.resolve(base), "package.json"))("katex");

// linkTerm reports whether attrs is exactly one term link: ll-term=name
// with name lower-case letters, digits and hyphens.
function linkTerm(attrs) {
  const keys = Object.keys(attrs || {});
  if (keys.length !== 1) return false;
  const k = keys[0].replace(/^data-/, "");
  return k === "ll-term" && /^[a-z][a-z0-9-]{0,39}$/.test(String(attrs[keys[0]]));
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (c) => (input += c));
process.stdin.on("end", () => {
  const out = JSON.parse(input).map(({ tex, display }) => {
    // \href, \url, \includegraphics, \htmlClass… need "trust"; refuse them
    // as errors (KaTeX would otherwise print the command in red).
    const untrusted = [];
    try {
      const html = katex.renderToString(tex, {
          displayMode: !!display,
          throwOnError: true,
          strict: "ignore",
          // \llterm{name}{tex} marks a term that a widget part computes
          // (lessons/README.md, "Linked formulas"): data-ll-term="name" is
          // the one attribute trusted, with a plain name.
          macros: { "\\llterm": "\\htmlData{ll-term=#1}{#2}" },
          trust: (ctx) => {
            if (ctx.command === "\\htmlData" && linkTerm(ctx.attributes)) {
              return true;
            }
            untrusted.push(ctx.command);
            return false;
          },
          output: "htmlAndMathml",
        });
      if (untrusted.length > 0) {
        return { error: untrusted.join(", ") + " is not allowed in lesson math" };
      }
      return { html };
    } catch (e) {
      // rawMessage omits KaTeX's position marker and underlined excerpt.
      const msg = (e && (e.rawMessage || e.message)) || String(e);
      return { error: String(msg).replace(/^KaTeX parse error: /, "") };
    }
  });
  process.stdout.write(JSON.stringify({ version: katex.version, results: out }));
});
