#!/usr/bin/env bash
# Runs schemathesis (PyPI) against /openapi.yaml on a live `baton serve`, with an admin's
# API token (failed-login lockout raised: schemathesis tries bad credentials on purpose), on a
# throwaway database holding the shipped approval model and a started instance.
#   pip install schemathesis && scripts/schemathesis.sh [--max-examples 50] [other schemathesis options]
# Needs `swift build` first (uses .build/debug/baton unless $BATON is set).
set -euo pipefail
cd "$(dirname "$0")/.."
BATON=${BATON:-.build/debug/baton}
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
db="$work/baton.sqlite"
port=${PORT:-18089}
process=$(grep -o 'process id="[^"]*"' ProcessModels/approval-four-eyes.bpmn | head -1 | cut -d'"' -f2)
"$BATON" deploy --db "$db" ProcessModels/approval-four-eyes.bpmn >/dev/null
"$BATON" users add --db "$db" ann --role admin >/dev/null
token=$("$BATON" tokens create --db "$db" --user ann | tail -1 | tr -d ' ')
"$BATON" start --db "$db" "$process" >/dev/null
"$BATON" serve --db "$db" --port "$port" --failed-login-limit 1000000 > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
schemathesis --config-file scripts/schemathesis.toml run Sources/BatonServer/Resources/openapi.yaml --url "http://127.0.0.1:$port" \
  -H "Authorization: Bearer $token" "$@"
