#!/usr/bin/env bash
# Smoke test of one environment after `terraform apply` (README: terraform/README.md, Deploy
# pipeline). Runs the deployed code of every function once, with inputs that change nothing:
#   - event processor: an empty SQS batch  → must answer {"batchItemFailures":[]}
#   - aggregator:      a scheduled event   → an incremental run; with nothing dirty it does nothing
#   - dashboard API:   GET through its Function URL without a token → must answer 401
#     (proves the URL, the permissions, the cold start and the JWT check)
# Any function error, other status or other answer fails the deploy.
# Usage: smoke-test.sh <environment> <dashboard api url>
set -euo pipefail
env="$1"
url="$2"
out="$(mktemp)"

invoke() {
  local fn="$1" payload="$2"
  local error
  error="$(aws lambda invoke --function-name "$fn" --cli-binary-format raw-in-base64-out \
    --payload "$payload" --query FunctionError --output text "$out")"
  if [ "$error" != "None" ]; then
    echo "smoke: $fn failed ($error): $(cat "$out")" >&2
    exit 1
  fi
  echo "smoke: $fn ok: $(head -c 300 "$out")"
}

invoke "$env-analytics-event-processor" '{"Records":[]}'
grep -q '"batchItemFailures":\[\]' "$out" || { echo "smoke: the processor did not accept an empty batch" >&2; exit 1; }

invoke "$env-analytics-aggregator" '{"version":"0","id":"smoke-test","detail-type":"Scheduled Event","source":"aws.events","account":"000000000000","time":"1970-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":{}}'

status="$(curl --silent --output /dev/null --write-out '%{http_code}' "${url%/}/forms/submissions")"
if [ "$status" != "401" ]; then
  echo "smoke: the dashboard API answered $status without a token, expected 401" >&2
  exit 1
fi
echo "smoke: $env-analytics-dashboard-api ok: 401 without a token"
