#!/usr/bin/env python3
"""Tally which executable corpus models `baton run` covers, and why the others are not run yet.

Usage: scripts/corpus-run-tally.py [CORPUS_DIR] [BATON_BINARY] [MANIFEST_DIR]
Defaults: $BATON_CONFORMANCE_DIR or ../shared/conformance, .build/debug/baton,
Tests/Fixtures/corpus-scenarios. Prints the Markdown used in Docs/conformance.md
("Running corpus models").

A file is executable when one of its processes has isExecutable="true". It is run when a
manifest in MANIFEST_DIR names it. Every other executable file gets one reason, the first
that applies, in this order:
1. it does not validate (`baton validate` errors), grouped by the kind of error;
2. it uses something the engine does not run yet (compensation, transactions and cancel
   events; boundary events, event subprocesses, event-based gateways, multi-instance,
   standard loops and error and escalation catching run since issue 5);
3. something else keeps it from running as written (a call activity to a process in
   another file, a DMN decision, a Python script with no scriptFormat, ...);
4. otherwise: "runs, no scenario written yet".
"""
import collections, json, os, subprocess, sys
import xml.etree.ElementTree as ET

corpus = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("BATON_CONFORMANCE_DIR", "../shared/conformance")
baton = sys.argv[2] if len(sys.argv) > 2 else ".build/debug/baton"
manifests = sys.argv[3] if len(sys.argv) > 3 else "Tests/Fixtures/corpus-scenarios"

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
SPIFF = "{http://spiffworkflow.org/bpmn/schema/1.0/core}"
ZEEBE = "{http://camunda.org/schema/zeebe/1.0}"

# Files that validate and use only what the engine runs, but whose meaning Baton would not
# honour; checked by reading them (see Docs/conformance.md).
READ_BY_HAND = {
    "zeebe/clients-java/demo-process.bpmn":
        "legacy Zeebe JSONPath mappings (`source=\"$.a\"`): Baton reads them as a literal string and a variable named `$`",
    "spiff/bpmn/data_object_gateway.bpmn":
        "Python conditions that are also FEEL with another meaning (`not val` is a FEEL name)",
    "spiff/bpmn/start_event_split.bpmn":
        "only message start events, two of them: which one a plain start takes is arbitrary",
    "spiff/bpmn/call_activity_nested/call_activity_level_3.bpmn":
        "a call activity that calls its own process: endless recursion (stopped by the step limit)",
}

NOT_RUN_YET = [
    ("compensation", "compensation (not executed yet)"),
    ("transaction", "transactions and cancel events (not executed yet)"),
]


def local(tag):
    return tag.split("}", 1)[1] if "}" in tag else tag


def bpmn_files():
    found = []
    for root, _, names in os.walk(corpus):
        for name in names:
            if name.endswith(".bpmn") or name.endswith(".bpmn20.xml"):
                found.append(os.path.relpath(os.path.join(root, name), corpus))
    return sorted(found)


def manifest_models():
    models = {}
    for name in sorted(os.listdir(manifests)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(manifests, name)) as handle:
            body = json.load(handle)
        cases = body if isinstance(body, list) else [body]
        models[cases[0]["model"]] = (name, len(cases))
    return models


def features(tree):
    """What the executable processes of a file use, as a set of names."""
    found = set()
    process_ids = {p.get("id") for p in tree.iter(BPMN + "process")}
    for process in tree.iter(BPMN + "process"):
        if process.get("isExecutable") != "true":
            continue
        for element in process.iter():
            kind = local(element.tag)
            if not element.tag.startswith(BPMN):
                if element.tag in (SPIFF + "preScript", SPIFF + "postScript"):
                    found.add("spiffScript")
                continue
            found.add(kind)
            if kind == "subProcess" and element.get("triggeredByEvent") == "true":
                found.add("eventSubProcess")
            if kind in ("compensateEventDefinition",) or element.get("isForCompensation") == "true":
                found.add("compensation")
            if kind in ("cancelEventDefinition",):
                found.add("transaction")
            if kind == "callActivity" and element.get("calledElement") not in process_ids:
                found.add("callsAnotherFile")
            if kind == "businessRuleTask":
                has_job = element.find(f"{BPMN}extensionElements/{ZEEBE}taskDefinition") is not None
                if not has_job:
                    found.add("decision")
            if kind == "scriptTask" and element.get("scriptFormat") is None and element.find(BPMN + "script") is not None:
                found.add("untypedScript")
    return found


def reason_for(relative, tree, errors):
    if errors:
        codes = sorted({d["code"] for d in errors})
        messages = " ".join(d["message"] for d in errors)
        spiff = relative.startswith("spiff/")
        if "python" in messages:
            return "validation errors: Python scripts or conditions (`unsupported-language`)"
        if "unsupported-language" in codes:
            return "validation errors: XPath or another expression language (`unsupported-language`)"
        if spiff and "invalid-expression" in codes:
            return "validation errors: Python expressions that are not FEEL (`invalid-expression`)"
        if spiff and "invalid-timer" in codes:
            return "validation errors: timers written as Python strings or variables (`invalid-timer`)"
        if codes == ["invalid-expression"]:
            return "validation errors: conditions that are not FEEL, e.g. `==` (`invalid-expression`)"
        return "validation errors: " + ", ".join(f"`{code}`" for code in codes)
    used = features(tree)
    for feature, label in NOT_RUN_YET:
        if feature in used:
            return label
    if "callsAnotherFile" in used:
        return "call activity to a process in another file (the runner loads one file)"
    if "decision" in used:
        return "DMN decisions (business rule tasks)"
    if "spiffScript" in used:
        return "SpiffWorkflow pre/post scripts (Python)"
    if "untypedScript" in used and relative.startswith("spiff/"):
        return "Python scripts with no scriptFormat (some parse as FEEL but mean something else)"
    if READ_BY_HAND.get(relative):
        return READ_BY_HAND[relative]
    return "runs, no scenario written yet"


def main():
    files = bpmn_files()
    run = subprocess.run([baton, "validate", "--json"] + [os.path.join(corpus, f) for f in files], capture_output=True, text=True)
    report = {f: r for f, r in zip(files, json.loads(run.stdout)["files"])}
    covered = manifest_models()

    executable, reasons, per_folder = [], collections.defaultdict(list), collections.defaultdict(collections.Counter)
    for relative in files:
        try:
            tree = ET.parse(os.path.join(corpus, relative))
        except ET.ParseError:
            continue
        if not any(p.get("isExecutable") == "true" for p in tree.iter(BPMN + "process")):
            continue
        executable.append(relative)
        folder = relative.split("/")[0]
        per_folder[folder]["executable"] += 1
        if relative in covered:
            per_folder[folder]["run"] += 1
            continue
        errors = [d for d in report[relative]["diagnostics"] if d["severity"] == "error"]
        reason = reason_for(relative, tree, errors)
        reasons[reason].append(relative)
        per_folder[folder]["not run"] += 1

    missing = sorted(set(covered) - set(executable))
    if missing:
        print(f"warning: manifests name files that are not executable corpus models: {missing}", file=sys.stderr)

    cases = sum(count for _, count in covered.values())
    print(f"{len(covered)} models run with asserted paths ({cases} scenarios), of {len(executable)} executable corpus files.")
    print()
    print("| folder | executable files | run with asserted paths | not run yet |")
    print("| --- | ---: | ---: | ---: |")
    totals = collections.Counter()
    for folder in sorted(per_folder):
        counts = per_folder[folder]
        totals.update(counts)
        print(f"| `{folder}/` | {counts['executable']} | {counts['run']} | {counts['not run']} |")
    print(f"| **all** | **{totals['executable']}** | **{totals['run']}** | **{totals['not run']}** |")
    print()
    print("Why the others are not run yet (the first reason that applies):")
    print()
    print("| reason | files | examples |")
    print("| --- | ---: | --- |")
    for reason, group in sorted(reasons.items(), key=lambda item: (-len(item[1]), item[0])):
        examples = ", ".join(f"`{name}`" for name in group[:3]) + (", ..." if len(group) > 3 else "")
        print(f"| {reason} | {len(group)} | {examples} |")


if __name__ == "__main__":
    main()
