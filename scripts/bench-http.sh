#!/usr/bin/env bash
# Load test of `baton serve` on loopback with wrk (Debian package `wrk`), release build:
#   swift build -c release --product baton && scripts/bench-http.sh [--durability full|relaxed]
# 1. start-up time of `baton serve` on an existing database (10,000 instances), median of 5;
# 2. POST /v1/process-definitions/order_to_cash/start (../shared/peers/models), 64 connections;
# 3. GET /v1/tasks (the inbox query, first page by due date) for a user of role
#    sales-managers, over 10,000 open tasks offered to that role, 64 connections.
# Figures go to Docs/performance.md by hand, with this command line.
set -euo pipefail
cd "$(dirname "$0")/.."
BATON=${BATON:-.build/release/baton}
MODELS=${MODELS:-../shared/peers/models}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-64}
durability=full
[ "${1:-}" = "--durability" ] && durability=$2
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
db="$work/baton.sqlite"
port=${PORT:-18090}
base="http://127.0.0.1:$port"

"$BATON" deploy --db "$db" "$MODELS/order_to_cash.bpmn" >/dev/null
"$BATON" users add --db "$db" ann --role admin >/dev/null
export TOKEN=$("$BATON" tokens create --db "$db" --user ann | tail -1 | tr -d ' ')
for i in $(seq 10000); do echo "{\"orderId\": \"O-$i\", \"amount\": $((i % 1000))}"; done > "$work/orders.jsonl"
"$BATON" start --db "$db" order_to_cash --batch "$work/orders.jsonl" >/dev/null
"$BATON" deploy --db "$db" Tests/Fixtures/inbox/approve-quote.bpmn >/dev/null
"$BATON" start --db "$db" quote --batch "$work/orders.jsonl" >/dev/null
"$BATON" users add --db "$db" clara --role sales-managers >/dev/null
export CLARA=$("$BATON" tokens create --db "$db" --user clara | tail -1 | tr -d ' ')

serve() { "$BATON" serve --db "$db" --port "$port" --durability "$durability" > "$work/serve.log" 2>&1 & server=$!; }
stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=; }

echo "== start-up on an existing database (20,000 instances), ms until /health answers"
times=()
for _ in 1 2 3 4 5; do
  t0=$(date +%s%N); serve
  until curl -sf "$base/health" >/dev/null 2>&1; do sleep 0.005; done
  times+=($(( ($(date +%s%N) - t0) / 1000000 ))); stop
done
printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' '; echo "(median $(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p) ms)"

serve
until curl -sf "$base/health" >/dev/null 2>&1; do sleep 0.01; done
cat > "$work/start.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"variables": {"orderId": "O-1", "amount": 250}}'
LUA
echo "== starts: POST /v1/process-definitions/order_to_cash/start, durability $durability, $CONNECTIONS connections"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/start.lua" "$base/v1/process-definitions/order_to_cash/start"

cat > "$work/inbox.lua" <<'LUA'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("CLARA")
LUA
echo "== inbox: GET /v1/tasks?limit=50 as clara (10,000 tasks offered to her role), $CONNECTIONS connections"
curl -s -H "Authorization: Bearer $CLARA" "$base/v1/tasks?limit=50" | head -c 300; echo
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/inbox.lua" "$base/v1/tasks?limit=50"
echo "== instances in the database: $("$BATON" instances --db "$db" 2>/dev/null | wc -l)"
