/* Latent Lab — logic of embed-example.html (no inline script: the site's CSP
 * forbids it). Sets each iframe's src (overridable by ?w1=, ?w2=, ?quiz=,
 * only paths under /embed/ are accepted), adding origin=<this page's origin>
 * unless the address has an origin= already, and logs the events
 * re-dispatched by embed-host.js. */
(function () {
  "use strict";
  var params = new URLSearchParams(location.search);
  var keys = { "frame-w1": "w1", "frame-w2": "w2", "frame-quiz": "quiz" };
  Object.keys(keys).forEach(function (id) {
    var f = document.getElementById(id);
    var src = params.get(keys[id]) || f.getAttribute("data-default");
    if (!/^\/embed\/[A-Za-z0-9_\/.?=&%-]*$/.test(src)) src = f.getAttribute("data-default");
    // Tell the embed where quiz results may go, as the Embed dialog's
    // snippet does; an origin= already in the address is kept.
    if (!/[?&]origin=/.test(src)) src += (src.indexOf("?") < 0 ? "?" : "&") + "origin=" + encodeURIComponent(location.origin);
    f.setAttribute("src", src);
    f.parentNode.querySelector(".src").textContent = src;
  });

  var log = document.getElementById("event-log");
  var counts = { resize: 0, xapi: 0 };
  function add(text, kind) {
    var li = document.createElement("li");
    li.className = "event event-" + kind;
    li.textContent = new Date().toISOString().slice(11, 19) + " " + text;
    log.appendChild(li);
    counts[kind]++;
    document.getElementById(kind + "-count").textContent = String(counts[kind]);
  }
  function name(frame) { return frame && frame.id ? frame.id : "iframe"; }

  document.addEventListener("latentlab:resize", function (ev) {
    add("resize " + name(ev.detail.frame) + " height=" + ev.detail.height, "resize");
  });
  document.addEventListener("latentlab:xapi", function (ev) {
    var s = ev.detail.statement || {};
    var verb = s.verb && s.verb.display ? s.verb.display["en-US"] : "?";
    var obj = s.object ? s.object.id : "?";
    var r = s.result || {};
    var scaled = r.score ? r.score.scaled : "";
    add("xapi " + name(ev.detail.frame) + " " + verb + " " + obj + " success=" + r.success + " scaled=" + scaled +
      (r.response ? " response=" + JSON.stringify(r.response) : ""), "xapi");
    classRow(name(ev.detail.frame), s);
  });

  // The class table: one row per learner and activity (question, or the
  // quiz once completed), with the number of answers, the best scaled score
  // and whether it succeeded. Text only (textContent): nothing from a
  // message is parsed as HTML.
  var rows = {};
  var tbody = document.querySelector("#class-table tbody");
  function classRow(learner, s) {
    if (!s.object || !s.verb) return;
    var act = s.object.id.replace(/^[^#]*#/, "#");
    if (s.verb.id === "http://adlnet.gov/expapi/verbs/completed") act += " (completed)";
    var key = learner + "|" + act;
    var row = rows[key];
    if (!row) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-learner", learner);
      tr.setAttribute("data-activity", act);
      var cells = [learner, act, "0", "", ""].map(function (text) {
        var td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
        return td;
      });
      tbody.appendChild(tr);
      row = rows[key] = { cells: cells, n: 0, best: -1, success: false };
    }
    var r = s.result || {};
    var scaled = r.score && typeof r.score.scaled === "number" ? r.score.scaled : 0;
    row.n++;
    row.best = Math.max(row.best, scaled);
    row.success = row.success || r.success === true;
    row.cells[2].textContent = String(row.n);
    row.cells[3].textContent = String(Math.round(row.best * 100) / 100);
    row.cells[4].textContent = row.success ? "yes" : "no";
  }
})();
