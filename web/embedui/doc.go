// Package embedui is the `Embed` button and dialog that give instructors the
// iframe snippet for a lesson or a single widget, and the documentation of
// how embedded pages talk to the page that embeds them.
//
// # Mounting (for the page shell)
//
//	embedui.Button(slug, widgetID string) app.UI            // widgetID "" = whole lesson
//	embedui.ButtonTitled(slug, widgetID, title string) app.UI // title used in the iframe's title=
//
// The button's accessible name is exactly "Embed" (aria-haspopup="dialog").
// It opens a modal (role="dialog", aria-modal="true", labelled by its
// heading) with: Controls (shown/locked/hidden) and Theme selects, a
// "Course page origin" field (origin=, left out with a note when it is not
// a bare origin), an "Include the auto-resize script" checkbox, a read-only textarea labelled
// "Embed code" holding the snippet, a `Copy` button (navigator.clipboard,
// falling back to select + execCommand("copy"); the result is announced in
// a role="status" span), `Close`, and a live preview iframe. Escape, Close
// or a click on the backdrop closes it and focus returns to the Embed
// button; Tab stays inside the dialog.
//
// The snippet reproduces the current settings: it reads location.search,
// maps the lesson-page keys `{widgetID}.{param}` to the plain `{param}` keys
// of /embed/{slug}/{widgetID} (urlstate.EmbedQuery), keeps controls= and
// theme=, and points at location.origin:
//
//	<iframe src="https://LAB/embed/vae/explorer?beta=2&amp;seed=7" title="Latent Lab: Latent explorer"
//	        width="100%" height="520" style="border:0;max-width:100%" loading="lazy" allow="clipboard-write"></iframe>
//	<script src="https://LAB/web/embed-host.js" defer></script>
//
// # Routes the platform serves for embeds
//
//   - /embed/{slug}: the whole lesson without site chrome.
//   - /embed/{slug}/{id}: one widget — or one quiz: when {id} names a
//     ```quiz``` block the embed page should mount quizview.New(slug, q, true)
//     (example page and browser tests embed /embed/dae/dae-check).
//
// # Messages (window.postMessage)
//
// Embedded page → parent:
//
//	{type: "latentlab:resize", height: 612}    // content height in CSS px, on every change
//	{type: "latentlab:xapi", statement: {...}} // each graded quiz answer, then "completed"
//
// Resizes use targetOrigin "*" (a height is no student data). Statements go
// only to the course page's origin (urlstate.TargetOrigin): the origin=
// query value, which the dialog's "Course page origin" field writes and
// which must be a bare http(s)://host[:port]; else the origin of
// document.referrer; else they are not sent.
//
// The statement format is documented in web/widget/quizview (verb
// answered/completed, object id "<page>#<quiz>/<question>", result
// {success, score {scaled}, response}).
//
// Parent → embedded page:
//
//	{type: "latentlab:hello"} // asks for a fresh resize message
//
// # Static files (static/, served under /web/)
//
//   - embed-child.js — the resize reporter. The platform loads it on every
//     page (it does nothing unless framed); the Embed button and the quiz
//     also call EnsureResizeReporter, which adds it to a framed page that
//     lacks it (a guard keeps it from running twice). It measures
//     [data-latentlab-embed] if present, else <body> (so embed pages must not
//     force html/body to height:100%), with ResizeObserver and
//     MutationObserver, and answers "latentlab:hello".
//   - embed-host.js — optional for host pages: resizes iframes from the same
//     origin as the script whose path starts with /embed/, ignores other
//     origins and windows, and re-dispatches statements as bubbling DOM
//     CustomEvents "latentlab:xapi" (detail {statement, frame}) and
//     "latentlab:resize" (detail {height, frame}) on the iframe.
//   - embed-example.html + embed-example.js — an example course page
//     (/web/embed-example.html) embedding /embed/vae/explorer, /embed/cae/lab
//     and /embed/dae/dae-check (override with ?w1=, ?w2=, ?quiz=), listing
//     every received event in an ordered list #event-log, with counters
//     #resize-count and #xapi-count. Used by the browser tests.
//
// # Framing policy
//
// Which sites may frame the playground is set on the server (CSP
// frame-ancestors, default *); see web/server.
package embedui
