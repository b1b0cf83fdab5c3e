// Package quizview is the go-app v9 component that renders a lesson's quiz
// (a ```quiz``` block decoded into *quiz.Quiz) and the small progress
// controls around it.
//
// # Mounting (for the page shell)
//
// Importing the package registers the renderer with
// widget.RegisterQuizView, so the lesson page's quiz blocks work with a blank
// import. The constructors, for direct use:
//
//	quizview.New(lessonSlug string, q *quiz.Quiz, embed bool) app.UI // the quiz
//	quizview.ResetButton() app.UI       // "Reset progress": clears all stored results (catalog)
//	quizview.ResetLessonButton(slug) app.UI // "Reset progress" of one lesson (each quiz shows one in its footer)
//	quizview.Progress(slug string) app.UI // live "3 of 8 questions done (37%)" / "Completed"
//	quizview.SummaryText(quiz.LessonSummary) string
//
// The catalog can also read progress directly: `quiz.Local().Summary(slug)`.
//
// # Accessibility
//
// Each question is a <fieldset> with a <legend> holding the prompt; choices
// are real <input type=radio|checkbox> with <label for>; numeric and text
// questions have a labelled text field ("Your answer (in nats)"); every
// question has a `Check answer` button (Enter in a text field checks too), an
// optional `Show hint` toggle, and a feedback region with role="status" and
// aria-live="polite" containing the verdict and the explanation for the
// chosen answer. Reflections have a textarea, a `Reveal model answer`
// button enabled once something is written, then `Got it` / `Partly` /
// `Not yet` self-rating buttons. The quiz score "Score: 3 / 8" (best score
// per question, partial credit included) is shown above the questions.
//
// # Actions
//
// After each save the component sends the go-app action
// "latentlab.progress.changed"; the reset buttons send
// "latentlab.progress.reset" (value: the lesson slug, "" for all; the
// quizzes concerned start over) and "latentlab.progress.changed".
//
// # xAPI-shaped events (when framed)
//
// When the page runs in an iframe (window.parent !== window) each graded
// answer posts to the parent window, with targetOrigin the course page's
// origin: origin= in the address (a refused value shows a notice and sends
// nothing), else document.referrer's origin, else nothing is sent
// (urlstate.TargetOrigin). The statements say how a student answered, so
// never "*":
//
//	{type: "latentlab:xapi", statement: {
//	  verb:   {id: "http://adlnet.gov/expapi/verbs/answered", display: {"en-US": "answered"}},
//	  object: {id: "<origin><path>#<quizID>/<questionID>", objectType: "Activity",
//	           definition: {name: {"en-US": "<prompt>"}, type: "http://adlnet.gov/expapi/activities/cmi.interaction",
//	                        interactionType: "choice|true-false|numeric|fill-in|long-fill-in"}},
//	  result: {success: true, score: {scaled: 1, raw: 1, min: 0, max: 1}, response: "<what was chosen/typed>"},
//	  context: {contextActivities: {parent: [{id: "<origin><path>#<quizID>"}]},
//	            extensions: {"https://latentlab.invalid/xapi/lesson": "<slug>"}},
//	  timestamp: "2026-11-28T11:00:00Z"}}
//
// and, once per page view when every question is done (correct, or a
// reflection self-rated), a statement with verb
// "http://adlnet.gov/expapi/verbs/completed", object id
// "<origin><path>#<quizID>" (definition.type ".../activities/assessment"),
// result {success, completion: true, score {scaled, raw, min: 0, max: N}}.
// There is no actor: the host (LMS plug-in) knows the learner and adds it.
// static/embed-host.js re-dispatches these as DOM CustomEvents.
//
// # Progress and completion
//
// Results are stored in the browser through web/store, one record per lesson
// under "latentlab.progress.<slug>" (schema in package quiz, version 3).
// Every save reads the stored record first (quiz.Records.Update), so quizzes
// on one page keep each other's answers.
// A reflection's text is saved too: 600 ms after typing pauses, when the
// field loses focus, when the student rates, and on pagehide; it is capped at
// quiz.MaxTextLen characters and restored on the next visit ("Restored from
// your last visit."). Text fields are filled from Go with syncFields, not
// bound in the render (go-app trims attribute values, which would drop a
// space typed between two renders).
//
// # When the browser does not keep things
//
// Where the browser refuses storage, the quiz says once, at the top, that
// answers are kept only while the page is open; they still count. When a
// save fails (storage full), the question says "Not saved: this browser's
// storage is full." with a Try again button; the answer stays on the page
// and the save is retried with every later save and on a timer (5 s,
// doubling up to a minute). A lesson record that could not be read, or one
// written by a newer version (set aside unchanged), gives a notice at the
// top. Reset progress offers Undo, which puts the records back as they were.
//
// # controls=locked and controls=hidden
//
// A quiz stays answerable under both. Locked shows `Reset progress` disabled
// with the note "Resetting progress is turned off on this course page."
// (aria-describedby); hidden leaves the button out. A lesson is complete when every quiz shown in it has every
// question done; completion is sticky until Reset progress.
package quizview
