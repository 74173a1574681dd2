#!/usr/bin/env bash
# Builds the libFuzzer target for Baton's BPMN loader and runs it on the real BPMN corpus.
#
#   Fuzz/run.sh [RUNS] [extra libFuzzer options...]
#
#   RUNS     number of executions (default 1000000; -1 runs until stopped or a crash)
#   extra    passed to libFuzzer after the defaults, e.g. -max_total_time=600 -seed=1
#
# Environment:
#   BATON_CONFORMANCE_DIR  folder of seed files, searched recursively for *.bpmn and
#                          *.bpmn20.xml (default ../shared/conformance, relative to the
#                          repository root). It is only read, never written.
#   FUZZ_FRESH=1           delete Fuzz/corpus/ first, so the run starts from the seeds alone.
#   FUZZ_SKIP_BUILD=1      run the binary already built.
#
# The working corpus is Fuzz/corpus/ (git-ignored): the seeds are copied into it on every
# run and libFuzzer adds the inputs that reach new coverage. Crashes, timeouts, leaks and
# out-of-memory inputs are written to Fuzz/ as crash-*, timeout-*, leak-*, oom-* (see
# Docs/Fuzzing.md for how to reproduce one).
set -euo pipefail

fuzz_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$fuzz_dir")"
runs="${1:-1000000}"
shift || true

conformance="${BATON_CONFORMANCE_DIR:-../shared/conformance}"
# A relative BATON_CONFORMANCE_DIR is relative to the repository root.
case "$conformance" in
    /*) ;;
    *) conformance="$repo_dir/$conformance" ;;
esac
if [[ ! -d "$conformance" ]]; then
    echo "run.sh: seed folder '$conformance' not found (set BATON_CONFORMANCE_DIR)" >&2
    exit 2
fi

cd "$fuzz_dir"

if [[ "${FUZZ_SKIP_BUILD:-0}" != 1 ]]; then
    # --sanitize=fuzzer makes SwiftPM link libFuzzer's own main (without it, SwiftPM links
    # executables with --defsym main=FuzzBPMNLoader_main and the link fails under
    # -parse-as-library). SwiftPM passes each --sanitize as its own -sanitize= flag and the
    # compiler keeps only the last, so the combined list must come through -Xswiftc.
    swift build -c release --sanitize=fuzzer \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
fi
binary="$(swift build -c release --show-bin-path)/FuzzBPMNLoader"

# Seed corpus: every BPMN file of the conformance folder, named after its path there so that
# files with the same name in different suites do not overwrite each other.
if [[ "${FUZZ_FRESH:-0}" == 1 ]]; then rm -rf corpus; fi
mkdir -p corpus
seeds=0
while IFS= read -r -d '' file; do
    relative="${file#"$conformance"/}"
    cp -f "$file" "corpus/seed--${relative//\//--}"
    chmod u+w "corpus/seed--${relative//\//--}"
    seeds=$((seeds + 1))
done < <(find "$conformance" -type f \( -name '*.bpmn' -o -name '*.bpmn20.xml' \) -print0)
echo "run.sh: $seeds seed files from $conformance; corpus/ holds $(find corpus -type f | wc -l) inputs"

exec "$binary" corpus \
    -dict=bpmn.dict \
    -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -runs="$runs" \
    -artifact_prefix="$fuzz_dir/" \
    -print_final_stats=1 \
    "$@"
