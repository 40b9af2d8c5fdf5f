# Cairn — build, test, run.
GO        ?= go
BIN       := bin/cairn
GOFLAGS   ?=
export CGO_ENABLED ?= 0

.PHONY: all build test test-short bench lint deps run-local stop clean run-client

all: build

build:
	$(GO) build -o $(BIN) ./cmd/cairn

deps:
	$(GO) mod download

# Everything CI runs. Keep it under 40 minutes on 2 cores.
test: build
	$(GO) vet ./...
	$(GO) test -timeout 30m ./...

test-short:
	$(GO) test -short ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
