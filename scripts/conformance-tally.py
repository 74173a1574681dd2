#!/usr/bin/env python3
"""Tally how Baton's loader handles the public BPMN corpus, per folder.

Usage: scripts/conformance-tally.py [CORPUS_DIR] [BATON_BINARY]
Prints the Markdown tables used in Docs/conformance.md. A file is
- "clean" when it has no error (warnings allowed),
- "unsupported" when every error it has is an `unsupported-*` one (it loads; Baton
  names what it does not run),
- "rejected" otherwise (malformed XML, broken references, invalid values...).
"""
import collections, json, os, subprocess, sys

corpus = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("BATON_CONFORMANCE_DIR", "../shared/conformance")
baton = sys.argv[2] if len(sys.argv) > 2 else ".build/debug/baton"
files = sorted(
    os.path.relpath(os.path.join(root, name), corpus)
    for root, _, names in os.walk(corpus)
    for name in names
    if name.endswith(".bpmn") or name.endswith(".bpmn20.xml")
)
run = subprocess.run([baton, "validate", "--json"] + [os.path.join(corpus, f) for f in files],
                     capture_output=True, text=True)
report = json.loads(run.stdout)

tally = collections.defaultdict(collections.Counter)
reasons = collections.defaultdict(collections.Counter)
rejected = []
for relative, result in zip(files, report["files"]):
    folder = relative.split("/")[0]
    errors = [d for d in result["diagnostics"] if d["severity"] == "error"]
    if not errors:
        kind = "clean"
    elif all(d["code"].startswith("unsupported") for d in errors):
        kind = "unsupported"
    else:
        kind = "rejected"
    tally[folder][kind] += 1
    tally[folder]["warnings"] += sum(1 for d in result["diagnostics"] if d["severity"] == "warning")
    for code in sorted({d["code"] for d in errors}):
        reasons[kind][code] += 1
    if kind == "rejected":
        first = next(d for d in errors if not d["code"].startswith("unsupported"))
        rejected.append((relative, first["line"], first["code"], first["message"]))

print("| folder | files | loaded clean | loaded, unsupported elements named | rejected | warnings |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
totals = collections.Counter()
for folder in sorted(tally):
    t = tally[folder]
    count = t["clean"] + t["unsupported"] + t["rejected"]
    totals.update(t)
    totals["files"] += count
    print(f"| `{folder}/` | {count} | {t['clean']} | {t['unsupported']} | {t['rejected']} | {t['warnings']} |")
print(f"| **all** | **{totals['files']}** | **{totals['clean']}** | **{totals['unsupported']}** | **{totals['rejected']}** | **{totals['warnings']}** |")
print()
print("Error codes behind the two non-clean columns (files with at least one):")
print()
print("| column | code | files |")
print("| --- | --- | ---: |")
for kind in ("unsupported", "rejected"):
    for code, count in reasons[kind].most_common():
        print(f"| {kind} | `{code}` | {count} |")
print()
print("Rejected files, with the first error that is not an unsupported element:")
print()
print("| file | line | code | message |")
print("| --- | ---: | --- | --- |")
for relative, line, code, message in rejected:
    message = message.replace("|", "\\|")
    print(f"| `{relative}` | {line} | `{code}` | {message} |")
