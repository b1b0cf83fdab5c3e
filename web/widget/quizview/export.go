package quizview

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/quiz"
	"latentlab/web/widget/kit"
)

// resultsDownload is "Download my results: CSV · JSON": the lesson's stored
// progress, one row per question (quiz.ResultRows), for a student to hand in
// when the course has no learning record store.
func (v *View) resultsDownload() app.UI {
	save := func(format string) app.EventHandler {
		return func(ctx app.Context, e app.Event) {
			p, _ := records().Lesson(v.Lesson)
			rows := quiz.ResultRows(v.Lesson, p.Lessons[v.Lesson])
			name := "latent-lab-" + v.Lesson + "-results."
			var err error
			if format == "csv" {
				err = kit.Download(name+"csv", "text/csv", quiz.ResultsCSV(rows))
			} else {
				err = kit.Download(name+"json", "application/json", quiz.ResultsJSON(rows))
			}
			if err != nil {
				v.notice = err.Error()
			}
		}
	}
	return app.Span().Class("quiz-download").Body(
		app.Text("Download my results: "),
		app.Button().Type("button").Class("btn btn-small btn-quiet quiz-download-csv").OnClick(save("csv")).Text("CSV"),
		app.Text(" "),
		app.Button().Type("button").Class("btn btn-small btn-quiet quiz-download-json").OnClick(save("json")).Text("JSON"),
	)
}
