# Makefile for Tiếp Sức: build, run, test, benchmark and fuzz the desk app.
# Run `make help` for the list of targets.

SHELL := /bin/bash
.DEFAULT_GOAL := help

GO ?= go
BIN := bin/tiepsuc
ARGS ?=
# FUZZTIME is how long each Fuzz target runs under `make fuzz`.
FUZZTIME ?= 20s
# BENCHTIME keeps `make bench` to a few minutes.
BENCHTIME ?= 200ms
# RUNS is how many times `make bench` starts the app and the bare window each.
RUNS ?= 10
# TEST_TIMEOUT bounds one `go test` binary; a cold cgo Fyne build comes first.
TEST_TIMEOUT ?= 15m

export CGO_ENABLED := 1

# Debian packages needed to compile Fyne (cgo, OpenGL, X11).
BUILD_PKGS := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev \
	libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
# Debian packages the smoke test uses: a virtual X server with software
# OpenGL (and xauth for xvfb-run), window tools, screenshots (xwd; the test
# decodes them itself) and OCR with the Vietnamese language data.
TEST_PKGS := xvfb xauth libgl1-mesa-dri x11-apps x11-utils xdotool \
	tesseract-ocr tesseract-ocr-eng tesseract-ocr-vie poppler-utils
# Servers the tests need. The tests start their own throw-away instances on
# 127.0.0.1 (a Dovecot with a config from sync/mail/testdata, a PostgreSQL
# cluster in a temp folder) and stop them, so nothing is left running.
SERVICE_PKGS := dovecot-imapd postgresql
# Debian package that renders the SVG icon to PNG.
ICON_PKGS := librsvg2-bin

.PHONY: help deps test-deps services build run test vet bench screenshots golden check-content \
	fuzz icon clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
		awk -F ':.*## ' '{ printf "  %-12s %s\n", $$1, $$2 }'

deps: ## install the missing Debian packages needed to build Fyne
	@scripts/apt-need.sh $(BUILD_PKGS)

test-deps: deps ## install the missing Debian packages the tests need
	@scripts/apt-need.sh $(TEST_PKGS) $(SERVICE_PKGS)

services: ## the tests start Dovecot and PostgreSQL themselves, on 127.0.0.1
	@true

build: deps ## build bin/tiepsuc
	$(GO) build -o $(BIN) .

run: build ## build and start the app; pass flags with ARGS="--data DIR"
	./$(BIN) $(ARGS)

# HUB_DATA is the folder of the hub's SQLite file and self-signed certificate;
# HUB_ARGS adds flags to `hub serve`, e.g. HUB_ARGS="--addr 0.0.0.0:8443 --host 10.0.0.5".
HUB_DATA ?= hub-data
HUB_ARGS ?=
.PHONY: hub run-hub

hub: ## build bin/hub, the provincial hub (pure Go, no Fyne)
	$(GO) build -o bin/hub ./cmd/hub

run-hub: hub ## build and start the hub on SQLite in HUB_DATA (https://127.0.0.1:8443)
	./bin/hub serve --db sqlite://$(HUB_DATA)/hub.db --data $(HUB_DATA) $(HUB_ARGS)

vet: deps ## run go vet on every package
	$(GO) vet ./...

test: test-deps services ## vet, then run every test (unit, screens, smoke) with LANG=en_US.UTF-8
	$(GO) vet ./...
	LANG=en_US.UTF-8 $(GO) test -count=1 -timeout $(TEST_TIMEOUT) ./...
	@$(MAKE) --no-print-directory check-content
	@$(MAKE) --no-print-directory test-windows

check-content: deps ## check the shipped guides and procedure catalogue as a writer would
	LANG=en_US.UTF-8 $(GO) run . guides check -strict guides/content
	LANG=en_US.UTF-8 $(GO) run . catalogue check catalogue/content

# The Windows build: cross-compiled with Debian's mingw-w64 (cgo) and
# packaged by the fyne command, installed into bin/tools outside go.mod; its
# smoke test runs it under Debian's wine on Xvfb.
WINDOWS_PKGS := gcc-mingw-w64-x86-64 wine wine64
WINDOWS_EXE := bin/windows/tiepsuc.exe
FYNE_VERSION := v1.7.4
FYNE := bin/tools/fyne-$(FYNE_VERSION)/fyne
.PHONY: windows test-windows

$(FYNE):
	GOBIN=$(CURDIR)/$(dir $(FYNE)) $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_VERSION)

windows: $(FYNE) ## cross-build and package bin/windows/tiepsuc.exe (Windows amd64)
	@scripts/apt-need.sh $(WINDOWS_PKGS)
	scripts/windows-package.sh $(FYNE) $(WINDOWS_EXE)

test-windows: test-deps windows ## start the .exe under wine on Xvfb and check it
	LANG=en_US.UTF-8 TIEPSUC_WINDOWS_EXE=$(CURDIR)/$(WINDOWS_EXE) \
		$(GO) test -count=1 -timeout $(TEST_TIMEOUT) ./tests/windows/

bench: test-deps ## run the Go benchmarks and compare start-up of the app with a bare window
	LANG=en_US.UTF-8 $(GO) test -run='^$$' -bench=. -benchmem -benchtime=$(BENCHTIME) ./...
	LANG=en_US.UTF-8 $(GO) run ./bench/startup -n $(RUNS)

screenshots: test-deps ## write PNGs of every screen, and of a take-home card, to docs/screenshots
	LANG=en_US.UTF-8 TIEPSUC_SCREENSHOTS=$(CURDIR)/docs/screenshots \
		$(GO) test -count=1 ./app/ -run 'TestScreens|TestConflictShownSideBySide'
	LANG=en_US.UTF-8 TIEPSUC_SCREENSHOTS=$(CURDIR)/docs/screenshots \
		$(GO) test -count=1 ./internal/takehome/ -run TestScreenshot

golden: deps ## rewrite the golden images of the screen tests
	LANG=en_US.UTF-8 $(GO) test -count=1 ./app/ -run 'TestScreens|TestConflictShownSideBySide' -update

fuzz: deps ## run every Fuzz target for FUZZTIME each (default 20s)
	@GO=$(GO) scripts/fuzz-all.sh $(FUZZTIME)

icon: ## render assets/icon.png (512x512) from assets/icon.svg
	@scripts/apt-need.sh $(ICON_PKGS)
	rsvg-convert -w 512 -h 512 -b white -o assets/icon.png assets/icon.svg

clean: ## remove built binaries and the Go test cache
	rm -rf bin
	$(GO) clean -testcache
