package urlstate

import (
	"net/url"
	"strings"
	"testing"
)

func TestParseOrigin(t *testing.T) {
	good := map[string]string{
		"https://course.example.edu":      "https://course.example.edu",
		"https://Course.Example.EDU/":     "https://course.example.edu",
		" http://127.0.0.1:8080 ":         "http://127.0.0.1:8080",
		"https://lms.example.org:443":     "https://lms.example.org",
		"http://localhost:80":             "http://localhost",
		"https://moodle.uni.example:8443": "https://moodle.uni.example:8443",
		"http://[::1]:9000":               "http://[::1]:9000",
	}
	for in, want := range good {
		if got, err := ParseOrigin(in); err != nil || got != want {
			t.Errorf("ParseOrigin(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{
		"", "*", "course.example.edu", "ftp://course.example.edu", "javascript:alert(1)",
		"https://course.example.edu/moodle", "https://course.example.edu?x=1", "https://course.example.edu#f",
		"https://user@course.example.edu", "https://", "https://course.example.edu:0", "https://course.example.edu:99999",
		"https://course.example.edu:port", `https://"><script>`, "https://exa mple.edu", "https://ex_ample.edu",
		"data:text/html,hi", "//course.example.edu", "https:course.example.edu",
	} {
		if got, err := ParseOrigin(in); err == nil {
			t.Errorf("ParseOrigin(%q) = %q, want an error", in, got)
		}
	}
}

func TestTargetOrigin(t *testing.T) {
	ref := "https://course.example.edu/mod/page/view.php?id=7"
	cases := []struct {
		query, referrer, want string
		note                  bool
	}{
		{"origin=https%3A%2F%2Flms.example.org", ref, "https://lms.example.org", false}, // explicit wins
		{"", ref, "https://course.example.edu", false},                                  // referrer's origin
		{"", "", "", false}, // neither: post nothing
		{"", "about:blank", "", false},
		{"", "not a url", "", false},
		{"origin=https%3A%2F%2Flms.example.org%2Fpath", ref, "", true}, // refused: no fallback
		{"origin=*", "", "", true},
		{"origin=%3Cscript%3E", ref, "", true},
	}
	for _, c := range cases {
		q, _ := url.ParseQuery(c.query)
		got, note := TargetOrigin(q, c.referrer)
		if got != c.want || (note != nil) != c.note {
			t.Errorf("TargetOrigin(%q, %q) = %q, %v; want %q, note %v", c.query, c.referrer, got, note, c.want, c.note)
		}
		if note != nil && (strings.Contains(note.Message, "<") || strings.Contains(note.Message, "lms.example.org/path")) {
			t.Errorf("note echoes the input: %q", note.Message)
		}
	}
}
