# Picasso Analytics: every command runs on the Node 22 the repo pins (node_modules/.bin/node),
# whatever Node the machine has.
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)
SERVICES := $(notdir $(wildcard services/*))
STAMP := node_modules/.install-stamp
BUNDLES := build-analytics-event-processor build-analytics-aggregator build-analytics-dashboard-api build-analytics-function build-analytics-dashboard build-master-function build-bedrock-streaming-handler build-chat-widget
WORKSPACE_MANIFESTS := $(wildcard shared/package.json services/*/package.json tools/*/package.json)

.PHONY: help install dev test bench cost lint typecheck build token clean redrive redrive-local tenant tenant-local backfill-legacy backfill-legacy-local rebuild-rollups rebuild-rollups-local $(addprefix build-,$(SERVICES))

help:
	@echo "make dev        run the whole system on the embedded local stack"
	@echo "make test       run every test (starts its own local stack)"
	@echo "make bench      benchmarks as JSON lines"
	@echo "make cost [ARGS=--quick | ARGS=\"--from bench.jsonl\"]   docs/cost.md from measured figures"
	@echo "make build-<service>   bundle one service into dist/<service>.zip ($(SERVICES))"
	@echo "make -s token TENANT=<tenant_hash> [PII=1]   a dev JWT for the dashboard API"
	@echo "make redrive ARGS=\"list --env staging\"   inspect/redrive the events DLQ (docs/runbook.md)"
	@echo "make redrive ARGS=\"replay list --env staging\"   replay quarantine or producer spill (docs/runbook.md)"
	@echo "make tenant ARGS=\"put tenant.json --env staging --account-id N --dry-run\"   onboard/list tenants (docs/runbook.md)"
	@echo "make backfill-legacy ARGS=\"--env staging --tenant <id> --from <date> --to <date> [--dry-run]\"   rebuild legacy daily items + archive"
	@echo "make rebuild-rollups ENV=<env> TENANT=<id> FROM=<YYYY-MM-DD> TO=<YYYY-MM-DD> [DRY_RUN=1] [ACCOUNT_ID=N]   rollups + cache of UTC lake days from the lake (docs/runbook.md)"

install: $(STAMP)
$(STAMP): package.json package-lock.json $(WORKSPACE_MANIFESTS)
	npm ci --no-audit --no-fund --loglevel=error
	@node --version | grep -q '^v22\.' || { echo "expected the repo's Node 22 in node_modules/.bin, got $$(node --version)"; exit 1; }
	@touch $@

dev: install $(BUNDLES)
	NODE_OPTIONS=--disable-warning=ExperimentalWarning tsx tools/dev/src/dev.ts

test: install $(BUNDLES)
	npm run typecheck
	npm run lint
	npm test
	NODE_OPTIONS=--experimental-vm-modules jest -c services/analytics-dashboard/jest.config.js
	NODE_OPTIONS=--experimental-vm-modules jest -c services/chat-widget/jest.config.js
	NODE_OPTIONS=--disable-warning=ExperimentalWarning tsx services/analytics-dashboard/e2e/run-against-local-system.ts
	NODE_OPTIONS=--disable-warning=ExperimentalWarning tsx services/chat-widget/e2e/run-against-local-system.ts

bench: install build-analytics-event-processor
	tsx tools/bench/src/run.ts

# The cost model: runs the benchmarks it needs (or reads ARGS="--from bench.jsonl", saved from
# make bench) and writes docs/cost.md (tools/bench/README.md, Cost model)
cost: install
	tsx tools/bench/src/cost/cli.ts $(ARGS)

lint: install
	npm run lint

typecheck: install
	npm run typecheck

build: $(addprefix build-,$(SERVICES))

$(addprefix build-,$(SERVICES)): build-%: install
	npm run build --workspace services/$*

# On-call DLQ tool: make redrive ARGS="list --env staging" (AWS credentials from the usual AWS_* variables);
# also quarantine/spill replay: make redrive ARGS="replay list --env staging", ARGS="replay --reason unknown_tenant --dry-run --env staging"
redrive: install
	tsx tools/dlq-redrive/src/cli.ts $(ARGS)

# The same against the make dev stack (environment local, fauxqs on 4566 for SQS and, for replay, S3)
redrive-local: install
	AWS_ENDPOINT_URL_SQS=http://127.0.0.1:4566 AWS_ENDPOINT_URL_S3=http://127.0.0.1:4566 AWS_S3_FORCE_PATH_STYLE=true AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1 tsx tools/dlq-redrive/src/cli.ts $(ARGS) --env local

# Tenant onboarding: make tenant ARGS="put tenant.json --env staging --account-id 123456789012 --dry-run"
# (validate/put/list/show/migrate; AWS credentials and AWS_REGION from the usual AWS_* variables)
tenant: install
	tsx tools/tenant-admin/src/cli.ts $(ARGS)

# The same against the make dev stack (environment local, fauxqs S3 on 4566)
tenant-local: install
	AWS_ENDPOINT_URL_S3=http://127.0.0.1:4566 AWS_S3_FORCE_PATH_STYLE=true AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1 tsx tools/tenant-admin/src/cli.ts $(ARGS) --env local
# Legacy daily items and archive files rebuilt from the lake (docs/runbook.md, 'Rebuilding legacy daily aggregates'):
# make backfill-legacy ARGS="--env staging --tenant FOS402334 --from 2026-01-01 --to 2026-03-31 --dry-run"
backfill-legacy: install
	tsx tools/legacy-backfill/src/cli.ts $(ARGS)

# The same against the make dev stack (environment local, DuckDB over the local lake files)
backfill-legacy-local: install
	AWS_ENDPOINT_URL_S3=http://127.0.0.1:4566 AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000 AWS_S3_FORCE_PATH_STYLE=true AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1 tsx tools/legacy-backfill/src/cli.ts $(ARGS) --env local --local

# A tenant's rollups and dashboard cache rebuilt from the lake for UTC lake days FROM…TO, after a new
# metric or a metric-definition fix (docs/runbook.md, 'Rebuilding rollups (history)'); dry run first:
# make rebuild-rollups ENV=production ACCOUNT_ID=123456789012 TENANT=FOS402334 FROM=2026-08-23 TO=2026-11-20 DRY_RUN=1
# (AWS credentials and AWS_REGION from the usual AWS_* variables; ARGS="--lake-bucket … --config-bucket …" instead of ACCOUNT_ID)
REBUILD_ROLLUPS_ARGS = --tenant "$(TENANT)" --from "$(FROM)" --to "$(TO)" $(if $(filter 1 true yes,$(DRY_RUN)),--dry-run,) $(ARGS)
rebuild-rollups: install
	tsx tools/rollup-rebuild/src/cli.ts --env "$(ENV)" $(if $(ACCOUNT_ID),--account-id "$(ACCOUNT_ID)",) $(REBUILD_ROLLUPS_ARGS)

# The same against the make dev stack (environment local; the Athena emulator over .local/s3)
rebuild-rollups-local: install
	AWS_ENDPOINT_URL_S3=http://127.0.0.1:4566 AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000 AWS_S3_FORCE_PATH_STYLE=true AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1 tsx tools/rollup-rebuild/src/cli.ts --env local --local $(REBUILD_ROLLUPS_ARGS)

# A dev JWT for a tenant: make -s token TENANT=<tenant_hash> [PII=1]
token: install
	@tsx services/analytics-dashboard-api/scripts/token.ts --tenant "$(TENANT)" $(if $(filter 1 true yes,$(PII)),--pii,)

clean:
	rm -rf dist .local
