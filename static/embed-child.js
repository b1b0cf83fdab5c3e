/* Latent Lab — embed-child.js: runs inside an embedded page (/embed/...).
 * When the page is framed it posts its content height to the parent window
 * whenever that height changes, and again on request:
 *   child → parent: {type: "latentlab:resize", height: <CSS px, integer>}
 *   parent → child: {type: "latentlab:hello"}  (answered with a resize)
 * Safe to load on every page: it does nothing when not framed.
 * Resize messages go to any parent origin ("*") on purpose: they carry only
 * a height, no student data, and the iframe must fit whatever page embeds
 * it. Quiz results (latentlab:xapi) are NOT sent from here: the quiz posts
 * them itself, only to the course page's origin (origin= in the address,
 * else document.referrer's origin, else not at all; see
 * web/widget/quizview and lessons/README.md).
 * Height is measured on [data-latentlab-embed] if present, else <body>, so
 * embed pages must not force html/body to height:100%. */
(function () {
  "use strict";
  if (window.parent === window || window.__latentlabChild) return;
  window.__latentlabChild = true;
  var last = -1;
  var queued = false;

  function target() {
    return document.querySelector("[data-latentlab-embed]") || document.body;
  }

  function measure() {
    var el = target();
    if (!el) return 0;
    var r = el.getBoundingClientRect();
    var cs = window.getComputedStyle(el);
    var bottom = r.bottom + window.scrollY + (parseFloat(cs.marginBottom) || 0);
    if (el === document.body) {
      var top = parseFloat(cs.marginTop) || 0;
      bottom = Math.max(bottom, r.height + top + (parseFloat(cs.marginBottom) || 0));
    }
    return Math.ceil(bottom);
  }

  function send(force) {
    queued = false;
    var h = measure();
    if (!force && Math.abs(h - last) < 2) return;
    last = h;
    // "*": a height is no secret (see the header comment).
    window.parent.postMessage({ type: "latentlab:resize", height: h }, "*");
  }

  function schedule() {
    if (queued) return;
    queued = true;
    window.requestAnimationFrame(function () { send(false); });
  }

  function start() {
    if (window.ResizeObserver) {
      var ro = new ResizeObserver(schedule);
      ro.observe(document.documentElement);
      if (document.body) ro.observe(document.body);
      var root = document.querySelector("[data-latentlab-embed]");
      if (root) ro.observe(root);
    }
    if (window.MutationObserver && document.body) {
      new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
    }
    window.addEventListener("load", schedule);
    window.addEventListener("resize", schedule);
    send(true);
  }

  window.addEventListener("message", function (ev) {
    if (ev.source === window.parent && ev.data && ev.data.type === "latentlab:hello") send(true);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
