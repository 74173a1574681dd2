#!/usr/bin/env bash
# Builds Baton's libFuzzer targets and runs one of them on its real seed corpus.
#
#   Fuzz/run.sh [RUNS] [extra libFuzzer options...]                  # the BPMN loader
#   FUZZ_TARGET=feel Fuzz/run.sh [RUNS] [extra libFuzzer options...] # FEEL
#
#   RUNS     number of executions (default 1000000; -1 runs until stopped or a crash)
#   extra    passed to libFuzzer after the defaults, e.g. -max_total_time=600 -seed=1
#
# Environment:
#   FUZZ_TARGET            bpmn (default): FuzzBPMNLoader, corpus Fuzz/corpus/, bpmn.dict, seeds
#                          every *.bpmn and *.bpmn20.xml of the conformance folder.
#                          feel: FuzzFEEL, corpus Fuzz/corpus-feel/, feel.dict, seeds the
#                          "expression" of every line of feel-tck/feel-tck.jsonl there.
#   BATON_CONFORMANCE_DIR  the seed folder (default ../shared/conformance, relative to the
#                          repository root). It is only read, never written.
#   FUZZ_FRESH=1           delete the target's corpus folder first, so the run starts from
#                          the seeds alone.
#   FUZZ_SKIP_BUILD=1      run the binary already built.
#   FUZZ_STACK_KB=512      run with that main-thread stack (ulimit -s) instead of the usual
#                          8 MiB, to find recursion that overflows smaller stacks (512 KiB is
#                          a secondary thread's stack on macOS). The real corpus passes at 512.
#   BATON_FUZZ_SKIP_KNOWN=1  FuzzFEEL skips inputs that would hit a known, unfixed failure
#                          again (crashes/README.md), so a long run can find something new.
#   LSAN_OPTIONS           for feel, defaults to suppressions=lsan-feel.supp (a leak inside
#                          Foundation's NSRegularExpression, not in Baton).
#   SWIFT_BACKTRACE        defaults to enable=no here: Swift's own crash backtracer, running
#                          under AddressSanitizer, turns a Swift trap into a bogus ASan
#                          report and hangs -minimize_crash; libFuzzer then prints the stack.
#
# The working corpus (Fuzz/corpus/ or Fuzz/corpus-feel/, git-ignored) gets the seeds on every
# run and libFuzzer adds the inputs that reach new coverage. Crashes, timeouts, leaks and
# out-of-memory inputs are written to Fuzz/ as crash-*, timeout-*, leak-*, oom-* (see
# Docs/Fuzzing.md for how to reproduce one).
set -euo pipefail

fuzz_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$fuzz_dir")"
runs="${1:-1000000}"
shift || true

target="${FUZZ_TARGET:-bpmn}"
case "$target" in
    bpmn) product=FuzzBPMNLoader corpus=corpus dict=bpmn.dict max_len=65536 ;;
    feel) product=FuzzFEEL corpus=corpus-feel dict=feel.dict max_len=4096 ;;
    *) echo "run.sh: FUZZ_TARGET must be bpmn or feel, not '$target'" >&2; exit 2 ;;
esac

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
    # Builds both targets. --sanitize=fuzzer makes SwiftPM link libFuzzer's own main (without
    # it, SwiftPM links executables with --defsym main=FuzzBPMNLoader_main and the link fails under
    # -parse-as-library). SwiftPM passes each --sanitize as its own -sanitize= flag and the
    # compiler keeps only the last, so the combined list must come through -Xswiftc.
    swift build -c release --sanitize=fuzzer \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
fi
binary="$(swift build -c release --show-bin-path)/$product"

if [[ "${FUZZ_FRESH:-0}" == 1 ]]; then rm -rf "$corpus"; fi
mkdir -p "$corpus"
seeds=0
if [[ "$target" == bpmn ]]; then
    # Every BPMN file of the conformance folder, named after its path there so that files
    # with the same name in different suites do not overwrite each other.
    while IFS= read -r -d '' file; do
        relative="${file#"$conformance"/}"
        cp -f "$file" "$corpus/seed--${relative//\//--}"
        chmod u+w "$corpus/seed--${relative//\//--}"
        seeds=$((seeds + 1))
    done < <(find "$conformance" -type f \( -name '*.bpmn' -o -name '*.bpmn20.xml' \) -print0)
else
    # One file per distinct FEEL expression of the TCK extract, named after its SHA-1, with
    # the bare expression text (no trailing newline).
    tck="$conformance/feel-tck/feel-tck.jsonl"
    if [[ ! -f "$tck" ]]; then
        echo "run.sh: '$tck' not found (set BATON_CONFORMANCE_DIR)" >&2
        exit 2
    fi
    seeds="$(python3 - "$tck" "$corpus" <<'PY'
import hashlib, json, os, sys
tck, corpus = sys.argv[1], sys.argv[2]
count, distinct = 0, set()
with open(tck, encoding="utf-8") as lines:
    for line in lines:
        if not line.strip():
            continue
        expression = json.loads(line).get("expression")
        if not isinstance(expression, str):
            continue
        data = expression.encode("utf-8")
        with open(os.path.join(corpus, "seed--tck-" + hashlib.sha1(data).hexdigest()), "wb") as out:
            out.write(data)
        count += 1
        distinct.add(data)
print(f"{count} expressions ({len(distinct)} distinct)")
PY
)"
fi
echo "run.sh: $target: seeds $seeds from $conformance; $corpus/ holds $(find "$corpus" -type f | wc -l) inputs"

export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"
if [[ "$target" == feel ]]; then export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$fuzz_dir/lsan-feel.supp}"; fi
if [[ -n "${FUZZ_STACK_KB:-}" ]]; then ulimit -s "$FUZZ_STACK_KB"; fi
exec "$binary" "$corpus" \
    -dict="$dict" \
    -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -runs="$runs" \
    -artifact_prefix="$fuzz_dir/" \
    -print_final_stats=1 \
    "$@"
