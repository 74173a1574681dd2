#!/bin/sh
# Runs `baton bench` (release build) on the four peer models of ../shared/peers/models
# with their scenarios, three times each, and prints one JSON line per run.
# Usage: scripts/bench-peers.sh [instances]   (from the repository root)
set -eu
instances="${1:-50000}"
peers="${BATON_PEERS_DIR:-../shared/peers/models}"
swift build -c release --product baton >/dev/null
for pair in linear:linear exclusive:exclusive_default parallel:parallel order_to_cash:order_to_cash_approve; do
    model="${pair%%:*}"
    scenario="${pair##*:}"
    for run in 1 2 3; do
        printf '%s run %s: ' "$model" "$run"
        .build/release/baton bench "$peers/$model.bpmn" --scenario "$peers/$scenario.scenario.json" --instances "$instances" --json
    done
done
