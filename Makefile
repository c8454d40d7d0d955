# Picasso Analytics: every command runs on the Node 22 the repo pins (node_modules/.bin/node),
# whatever Node the machine has.
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)
SERVICES := $(notdir $(wildcard services/*))
STAMP := node_modules/.install-stamp
WORKSPACE_MANIFESTS := $(wildcard shared/package.json services/*/package.json tools/*/package.json)

.PHONY: help install dev test bench lint typecheck build token clean $(addprefix build-,$(SERVICES))

help:
	@echo "make dev        run the whole system on the embedded local stack"
	@echo "make test       run every test (starts its own local stack)"
	@echo "make bench      benchmarks as JSON lines"
	@echo "make build-<service>   bundle one service into dist/<service>.zip ($(SERVICES))"

install: $(STAMP)
$(STAMP): package.json package-lock.json $(WORKSPACE_MANIFESTS)
	npm ci --no-audit --no-fund --loglevel=error
	@node --version | grep -q '^v22\.' || { echo "expected the repo's Node 22 in node_modules/.bin, got $$(node --version)"; exit 1; }
	@touch $@

dev: install build-analytics-event-processor
	NODE_OPTIONS=--disable-warning=ExperimentalWarning tsx tools/dev/src/dev.ts

test: install
	npm run typecheck
	npm run lint
	npm test

bench: install build-analytics-event-processor
	tsx tools/bench/src/run.ts

lint: install
	npm run lint

typecheck: install
	npm run typecheck

build: $(addprefix build-,$(SERVICES))

$(addprefix build-,$(SERVICES)): build-%: install
	npm run build --workspace services/$*

clean:
	rm -rf dist .local
