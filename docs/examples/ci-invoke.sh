#!/usr/bin/env bash
# Runs `retort upgrade head` in the migration Lambda function from CI, invoking it again while it
# answers "complete": false, and fails the job when an invocation fails.
#
#   FUNCTION_NAME=retort-migrate docs/examples/ci-invoke.sh [PAYLOAD]
#
# With lambda.resumable: true (docs/lambda.md, "Resumable runs") an invocation applies what fits
# before its deadline, commits it and answers "complete": false with "remaining_count" and
# "next_revision"; the next invocation continues where it stopped. Without it every successful
# answer is complete, and one invocation is all this script makes.
#
# `aws lambda invoke` exits 0 even when the function failed: the failure is reported in the
# FunctionError field of the output ("Unhandled") and the error body lands in the output file.
# This script checks that field. Function.StepTooLong (a step that cannot finish within one
# invocation) and Function.DeadlineExceeded mean: raise the function's timeout, or run the image
# as an ECS task (docs/lambda.md). MAX_INVOCATIONS (default 40) bounds the loop. Needs the AWS CLI
# v2, jq, and credentials allowed lambda:InvokeFunction.
set -euo pipefail

function_name=${FUNCTION_NAME:?set FUNCTION_NAME to the migration function name or ARN}
payload=${1:-'["upgrade","head"]'}
max_invocations=${MAX_INVOCATIONS:-40}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

for ((invocation = 1; invocation <= max_invocations; invocation++)); do
  # --cli-binary-format raw-in-base64-out: the payload is plain JSON, not base64.
  # --cli-read-timeout 0: wait as long as the invocation takes (up to the function's timeout)
  # instead of the CLI's 60 s default, after which it would retry and run the command again.
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
    error_type=$(jq -r '.errorType // "unknown"' "$out" 2>/dev/null || echo unknown)
    echo "migration failed in invocation $invocation ($function_error, $error_type):" \
      "$(jq -r '.errorMessage' "$out" 2>/dev/null || cat "$out")" >&2
    case "$error_type" in
      Function.StepTooLong | Function.DeadlineExceeded)
        echo "a step needs more than one invocation: raise the function's timeout (at most 900 s)" \
          "or run the image as an ECS task with the command [\"upgrade\", \"head\"]" >&2
        ;;
    esac
    exit 1
  fi

  # An answer without the field (an image before resumable runs) is complete.
  complete=$(jq -r 'if has("complete") then .complete else true end' "$out")
  if [ "$complete" = true ]; then
    echo "migrated in $invocation invocation(s)" >&2
    exit 0
  fi
  echo "not complete: $(jq -r '"\(.applied_count) applied, \(.remaining_count) step(s) remain, next \(.next_revision)"' "$out");" \
    "invoking again" >&2
done

echo "still not complete after $max_invocations invocations; the last answer is above" >&2
exit 1
