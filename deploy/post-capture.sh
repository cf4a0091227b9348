#!/usr/bin/env bash
# Posts every delivery of a capture (JSON Lines, DESIGN section 7) to a running ingest, in order,
# as the vendor would have: the bundled sample into the compose system, for instance.
#
#   deploy/post-capture.sh CAPTURE URL TOKEN
#   deploy/post-capture.sh app/src/main/resources/demo/capture.jsonl http://localhost:8080 "$TIMELINES_TOKEN"
#
# A line whose source is "signals" goes to URL/v1/signals, "records" to URL/v1/records, any other
# to URL/v1/webhooks/<source>, with the captured headers (content type, the vendor's resource and
# message-type headers) and the token as "Authorization: Bearer". A 503 is retried after its
# Retry-After; when ingest stays unreachable or unavailable the script stops (the rest would arrive
# out of order) and says how to resume. Prints one line per delivery and a summary; exits 1 if
# any delivery was refused.
#
# The live system stamps each delivery with its own receipt time (the capture's receivedAt is not
# sent), and its stream time is the wall clock. A capture of past events therefore arrives as late
# data: see "Running in production" in the README for what that looks like.
# Deliveries to signed sources (Sentry, PagerDuty) fail their signature check while
# TIMELINES_SIGNING_SECRET_<SOURCE> is set: the capture does not keep the signatures.
# Needs bash, curl and jq.
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 CAPTURE URL TOKEN   (e.g. $0 app/src/main/resources/demo/capture.jsonl http://localhost:8080 \"\$TIMELINES_TOKEN\")" >&2
  exit 2
fi
capture=$1
base=${2%/}
token=$3
for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "$0: $tool is needed" >&2; exit 2; }
done
[[ -r $capture ]] || { echo "$0: cannot read $capture" >&2; exit 2; }

body_file=$(mktemp)
answer_file=$(mktemp)
head_file=$(mktemp)
trap 'rm -f "$body_file" "$answer_file" "$head_file"' EXIT

n=0 line_no=0 accepted=0 ignored=0 refused=0
while IFS= read -r line || [[ -n $line ]]; do
  line_no=$((line_no + 1))
  [[ -z ${line//[[:space:]]/} ]] && continue
  n=$((n + 1))
  source=$(jq -r '.source // empty' <<<"$line")
  if [[ -z $source ]]; then
    echo "line $n: no source, skipped" >&2
    refused=$((refused + 1))
    continue
  fi
  case $source in
    signals) path=/v1/signals ;;
    records) path=/v1/records ;;
    *) path=/v1/webhooks/$source ;;
  esac
  # The body as it was received: text bodies (amqp, SNS) are JSON strings in the capture.
  jq -j 'if (.body | type) == "string" then .body else (.body | tojson) end' <<<"$line" >"$body_file"
  headers=()
  while IFS= read -r h; do
    [[ -n $h ]] && headers+=(-H "$h")
  done < <(jq -r '(.headers // {}) | to_entries[]
      | select(.key | ascii_downcase | IN("content-length", "host", "authorization") | not)
      | "\(.key): \(.value)"' <<<"$line")
  if ! jq -e '(.headers // {}) | keys | map(ascii_downcase) | index("content-type")' <<<"$line" >/dev/null; then
    headers+=(-H "Content-Type: application/json")
  fi

  for attempt in 1 2 3; do
    status=$(curl -sS -o "$answer_file" -D "$head_file" -w '%{http_code}' -X POST "$base$path" \
      -H "Authorization: Bearer $token" "${headers[@]}" --data-binary "@$body_file") || status=000
    if [[ $status == 503 && $attempt -lt 3 ]]; then
      wait=$(grep -i '^retry-after:' "$head_file" | tr -dc '0-9' || true)
      sleep "${wait:-2}"
      continue
    fi
    break
  done
  answer=$(tr -d '\n' <"$answer_file" | cut -c1-160)
  echo "$n $source -> $status $answer"
  if [[ $status == 503 || $status == 000 ]]; then
    # Kafka or ingest is unreachable: going on would post the rest out of order.
    echo "post-capture: stopped at line $line_no of $capture (ingest unreachable or Kafka unavailable); resume with:" >&2
    echo "  tail -n +$line_no '$capture' > rest.jsonl && $0 rest.jsonl '$base' TOKEN" >&2
    exit 1
  fi
  if [[ $status == 2* ]]; then
    if grep -q '"ignored"' "$answer_file"; then ignored=$((ignored + 1)); else accepted=$((accepted + 1)); fi
  else
    refused=$((refused + 1))
  fi
done <"$capture"

echo "post-capture: $n deliveries to $base ($accepted accepted, $ignored ignored, $refused refused)"
[[ $refused -eq 0 ]]
