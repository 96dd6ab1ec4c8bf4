#!/usr/bin/env bash
# Runs `retort upgrade head` in the migration Lambda function from CI and fails the job when the
# migration fails.
#
#   FUNCTION_NAME=retort-migrate docs/examples/ci-invoke.sh [PAYLOAD]
#
# `aws lambda invoke` exits 0 even when the function failed: the failure is reported in the
# FunctionError field of the output ("Unhandled") and the error body lands in the output file.
# This script checks that field. Needs the AWS CLI v2 and credentials allowed lambda:InvokeFunction.
set -euo pipefail

function_name=${FUNCTION_NAME:?set FUNCTION_NAME to the migration function name or ARN}
payload=${1:-'["upgrade","head"]'}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# --cli-binary-format raw-in-base64-out: the payload is plain JSON, not base64.
# --cli-read-timeout 0: wait as long as the migration takes (up to the function's timeout) instead of
# the CLI's 60 s default, after which it would retry and run the command a second time.
function_error=$(aws lambda invoke \
  --function-name "$function_name" \
  --cli-binary-format raw-in-base64-out \
  --cli-read-timeout 0 \
  --payload "$payload" \
  --query FunctionError --output text \
  "$out")

cat "$out"
echo

# Without a function error the field is absent and `--output text` prints "None".
if [ -n "$function_error" ] && [ "$function_error" != None ]; then
  echo "migration failed ($function_error): $(jq -r '"\(.errorType): \(.errorMessage)"' "$out" 2>/dev/null || cat "$out")" >&2
  exit 1
fi
