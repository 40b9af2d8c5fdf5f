# Cairn — build, test, run.
GO        ?= go
BIN       := bin/cairn
GOFLAGS   ?=
export CGO_ENABLED ?= 0

.PHONY: all build test test-short bench lint deps js-deps smoke run-local stop clean run-client

all: build

build:
	$(GO) build -o $(BIN) ./cmd/cairn

deps: js-deps
	$(GO) mod download

# Independent Starknet implementations (starknet.js, @scure/starknet) that the
# tests use as referees. Pinned in tools/js/package-lock.json.
js-deps: tools/js/node_modules/.package-lock.json

tools/js/node_modules/.package-lock.json: tools/js/package.json tools/js/package-lock.json
	cd tools/js && npm ci --no-audit --no-fund

# Everything CI runs. Keep it under 40 minutes on 2 cores.
test: build js-deps
	$(GO) vet ./...
	$(GO) test -timeout 30m ./...

test-short:
	$(GO) test -short ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Four-validator devnet in local processes (no Docker). See docs in README.
run-local: build
	./scripts/run-local.sh

stop:
	./scripts/stop.sh

clean:
	./scripts/clean.sh

run-client: build
	./scripts/run-client.sh

# CI smoke test of the devnet: run-local in a temp dir, require committed
# blocks and transactions, stop, clean.
smoke: build
	./scripts/smoke.sh
