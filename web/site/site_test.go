package site

import "testing"

func TestCleanBase(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "/": "", " / ": "", "latent-lab": "/latent-lab", "/latent-lab/": "/latent-lab",
		"/~course/ml/": "/~course/ml", "a.b_c": "/a.b_c",
	} {
		if got, ok := CleanBase(in); !ok || got != want {
			t.Errorf("CleanBase(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"https://x/", "/a/../b", "/a//b", "/a?b", "/a b", `/a"b`, "/./"} {
		if _, ok := CleanBase(bad); ok {
			t.Errorf("CleanBase(%q) accepted", bad)
		}
	}
}

func TestPathAndRoute(t *testing.T) {
	defer SetBase("")
	if !SetBase("/latent-lab/") || Base() != "/latent-lab" {
		t.Fatalf("base %q", Base())
	}
	for in, want := range map[string]string{
		"/": "/latent-lab/", "/about": "/latent-lab/about", "/web/models/x.llm": "/latent-lab/web/models/x.llm",
		"#top": "#top", "//other.host/x": "//other.host/x", "relative": "relative",
	} {
		if got := Path(in); got != want {
			t.Errorf("Path(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"/latent-lab": "/", "/latent-lab/": "/", "/latent-lab/lessons/vae": "/lessons/vae", "/other": "/other",
		"/latent-labx/a": "/latent-labx/a",
	} {
		if got := Route(in); got != want {
			t.Errorf("Route(%q) = %q, want %q", in, got, want)
		}
	}
	if SetBase("https://evil/") || Base() != "/latent-lab" {
		t.Error("a bad base replaced the base")
	}
	SetBase("")
	if Path("/about") != "/about" || Route("/about") != "/about" {
		t.Error("root base changes paths")
	}
}
