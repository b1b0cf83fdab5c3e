// Latent Lab's first script: it runs in the page's head, before the first
// paint (the page itself is rendered on the server or by the static export).
(function () {
  // A static host that does not map /lessons/vae to lessons/vae.html
  // answers with the export's 404.html: go to the page's file instead.
  var exported = document.querySelector('meta[name="latentlab-export"]');
  if (exported && /^Page not found/.test(document.title)) {
    var m = /^(.*\/(?:about|lessons\/[a-z0-9-]+|embed\/[a-z0-9-]+(?:\/[A-Za-z0-9_-]+)?))\/?$/.exec(location.pathname);
    if (m) {
      location.replace(m[1] + ".html" + location.search + location.hash);
      return;
    }
  }
  // The reader's theme, before anything is drawn: an embed's ?theme= wins,
  // then the theme remembered by the header's toggle; without either the
  // stylesheet follows the system setting. Storage may be blocked: then
  // there is simply no remembered theme.
  var theme = "";
  try {
    var q = new URLSearchParams(location.search).get("theme");
    if (/\/embed\//.test(location.pathname) && (q === "light" || q === "dark")) theme = q;
    if (!theme) {
      var t = localStorage.getItem("latentlab-theme");
      if (t === "light" || t === "dark") theme = t;
    }
  } catch (e) {}
  if (theme) document.documentElement.setAttribute("data-theme", theme);
  compileEarly();
  // Readers may zoom (WCAG 1.4.4): drop any viewport tag that forbids it
  // (the server removes go-app's; this catches a page cached before that).
  var vps = document.querySelectorAll('meta[name="viewport"]');
  for (var i = 0; i < vps.length; i++) {
    if (/user-scalable\s*=\s*(0|no)|maximum-scale\s*=\s*1(\D|$)/.test(vps[i].content)) vps[i].remove();
  }
})();

// compileEarly starts compiling app.wasm while the page is still being
// parsed, on a visit the offline worker serves (every visit after the first):
// app.wasm then comes from the worker's cache, so starting early costs no
// bandwidth, and the compile (on the browser's background threads, from
// V8's code cache once it has one: a streamed compile of the worker's cached
// response at its own address) overlaps the parse instead of following it.
// The loader (app.js, deferred: it runs once the page is parsed) takes the
// module from window.__llAppWasm and instantiates it; if the early compile
// fails, it fetches app.wasm again itself and reports any failure. A first
// visit leaves the network to the text, styles and fonts: the loader fetches
// app.wasm then, with its progress bar.
function compileEarly() {
  try {
    var self = document.currentScript;
    if (!self || !navigator.serviceWorker || !navigator.serviceWorker.controller) return;
    if (typeof WebAssembly !== "object" || typeof WebAssembly.compileStreaming !== "function") return;
    var url = new URL("app.wasm", self.src).pathname; // boot.js and app.wasm share a folder
    performance.mark("ll:wasm-early");
    var module = WebAssembly.compileStreaming(fetch(url)).then(function (m) {
      performance.mark("ll:wasm-compiled");
      return m;
    });
    module.catch(function () {}); // the loader reports failures (it retries first)
    window.__llAppWasm = { url: url, module: module };
  } catch (e) {}
}

// In-page links (the skip link, the lesson's table of contents) move the
// keyboard focus to their target, not only the scroll position: the next Tab
// then goes on from there (WCAG 2.4.3). Capture phase: the app's own link
// handler may stop the click.
document.addEventListener("click", function (e) {
  var a = e.target && e.target.closest && e.target.closest('a[href^="#"]');
  if (!a || a.getAttribute("href").length < 2) return;
  var id = decodeURIComponent(a.getAttribute("href").slice(1));
  setTimeout(function () {
    var target = document.getElementById(id);
    if (!target) return;
    if (!target.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }, 0);
}, true);

// A region that scrolls sideways (a wide equation, table or code block) can
// be reached and scrolled with the keyboard (WCAG 2.1.1): while it overflows
// it is a tab stop, a named group. Checked on load, resize and, at most twice
// a second, when the page changes (lessons render after this script).
(function () {
  var scrollers = ".katex-display, .prose table, pre, .widget-body";
  var names = { PRE: "Code", TABLE: "Table" };
  function mark() {
    var els = document.querySelectorAll(scrollers);
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var wide = el.scrollWidth > el.clientWidth + 1;
      if (wide && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-ll-scroll", el.hasAttribute("aria-label") ? "" : "label");
        if (el.tagName !== "TABLE" && !el.hasAttribute("role")) el.setAttribute("role", "group");
        if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", (names[el.tagName] || (/katex/.test(el.className) ? "Equation" : "Region")) + ", scrolls sideways");
      } else if (!wide && el.hasAttribute("data-ll-scroll")) {
        if (el.getAttribute("data-ll-scroll") === "label") el.removeAttribute("aria-label");
        el.removeAttribute("tabindex");
        el.removeAttribute("data-ll-scroll");
        if (el.getAttribute("role") === "group") el.removeAttribute("role");
      }
    }
  }
  var timer = 0;
  function later() {
    if (!timer) timer = setTimeout(function () { timer = 0; mark(); }, 500);
  }
  window.__llMarkScrollers = mark;
  addEventListener("resize", later);
  addEventListener("load", later);
  document.addEventListener("DOMContentLoaded", function () {
    mark();
    new MutationObserver(later).observe(document.body, { childList: true, subtree: true });
  });
})();
