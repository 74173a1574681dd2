#!/usr/bin/env python3
"""Draws the diagram (BPMNDI) of a BPMN file as SVG, as a modeler would show it, roughly.

    python3 scripts/bpmn-to-svg.py ProcessModels/sla-escalation.bpmn Docs/models/sla-escalation.svg

Draws events, gateways, tasks (user, service, call activity, multi-instance markers),
sequence flows with default-flow marks, and the labels at their DI bounds. It is how the
pictures in Docs/models/ are made, and a quick check that a layout is tidy."""
import html
import math
import sys
import xml.etree.ElementTree as ET
NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL", "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
      "dc": "http://www.omg.org/spec/DD/20100524/DC", "di": "http://www.omg.org/spec/DD/20100524/DI"}


def text_width(s):
    return sum(3.5 if c in "il.,:;!'|() " else 8.5 if c in "mwMW" else 6.5 for c in s)


def wrap(s, width):
    words, lines, cur = s.split(), [], ""
    for w in words:
        t = (cur + " " + w).strip()
        if cur and text_width(t) > width:
            lines.append(cur)
            cur = w
        else:
            cur = t
    if cur:
        lines.append(cur)
    return lines


if len(sys.argv) != 3:
    sys.exit("usage: bpmn-to-svg.py MODEL.bpmn OUT.svg")
src, dst = sys.argv[1], sys.argv[2]
root = ET.parse(src).getroot()
elements = {}
for el in root.iter():
    if el.get("id") and el.tag.startswith("{" + NS["bpmn"]):
        elements[el.get("id")] = el
out, minx, miny, maxx, maxy = [], 1e9, 1e9, -1e9, -1e9
def grow(x, y, w=0, h=0):
    global minx, miny, maxx, maxy
    minx, miny, maxx, maxy = min(minx, x), min(miny, y), max(maxx, x + w), max(maxy, y + h)
def text(lines, cx, y, size=11, anchor="middle", weight="normal"):
    for i, l in enumerate(lines):
        out.append(f'<text x="{cx:g}" y="{y + 11 + i * 14:g}" font-size="{size}" text-anchor="{anchor}" font-family="Arial, Helvetica, sans-serif" font-weight="{weight}" fill="#222">{html.escape(l)}</text>')
shapes = root.findall(".//bpmndi:BPMNShape", NS)
edges = root.findall(".//bpmndi:BPMNEdge", NS)
def sh(s):
    b = s.find("dc:Bounds", NS)
    return [float(b.get(k)) for k in ("x", "y", "width", "height")]
# Expanded subprocesses first, unfilled, so the flows and nodes inside them show.
for s in shapes:
    el = elements[s.get("bpmnElement")]
    if el.tag.split("}")[1] in ("subProcess", "transaction"):
        x, y, w, h = sh(s); grow(x, y, w, h)
        out.append(f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="10" fill="none" stroke="#222" stroke-width="1.5"/>')
        text([el.get("name") or ""], x + 10, y + 4, 11, anchor="start", weight="bold")
shapes = [s for s in shapes if elements[s.get("bpmnElement")].tag.split("}")[1] not in ("subProcess", "transaction")]
for e in edges:
    pts = [(float(w.get("x")), float(w.get("y"))) for w in e.findall("di:waypoint", NS)]
    for p in pts: grow(*p)
    el = elements[e.get("bpmnElement")]
    d = " ".join(f"{x:g},{y:g}" for x, y in pts)
    out.append(f'<polyline points="{d}" fill="none" stroke="#222" stroke-width="1.5" marker-end="url(#arrow)"/>')
    src_el = elements[el.get("sourceRef")]
    if src_el.get("default") == el.get("id"):
        (x1, y1), (x2, y2) = pts[0], pts[1]
        L = math.hypot(x2 - x1, y2 - y1) or 1; ux, uy = (x2 - x1) / L, (y2 - y1) / L
        mx, my = x1 + ux * 10, y1 + uy * 10
        out.append(f'<line x1="{mx - 5 * ux - 5 * uy:g}" y1="{my - 5 * uy + 5 * ux:g}" x2="{mx + 5 * ux + 5 * uy:g}" y2="{my + 5 * uy - 5 * ux:g}" stroke="#222" stroke-width="1.5"/>')
    lb = e.find("bpmndi:BPMNLabel/dc:Bounds", NS)
    if lb is not None and el.get("name"):
        x, y, w = float(lb.get("x")), float(lb.get("y")), float(lb.get("width"))
        text([el.get("name")], x + w / 2, y, 10)
        grow(x, y, w, 14)
def sh(s):
    b = s.find("dc:Bounds", NS)
    return [float(b.get(k)) for k in ("x", "y", "width", "height")]
order = sorted(shapes, key=lambda s: elements[s.get("bpmnElement")].tag.endswith("boundaryEvent"))
for s in order:
    el = elements[s.get("bpmnElement")]
    kind = el.tag.split("}")[1]
    x, y, w, h = sh(s); grow(x, y, w, h)
    name = el.get("name") or ""
    if kind.endswith("Event"):
        cx, cy, r = x + w / 2, y + h / 2, w / 2
        sw = 4 if kind == "endEvent" else 1.5
        dash = ' stroke-dasharray="5,3"' if el.get("cancelActivity") == "false" else ""
        out.append(f'<circle cx="{cx:g}" cy="{cy:g}" r="{r - sw / 2:g}" fill="white" stroke="#222" stroke-width="{sw}"{dash}/>')
        if kind in ("boundaryEvent", "intermediateCatchEvent", "intermediateThrowEvent"):
            out.append(f'<circle cx="{cx:g}" cy="{cy:g}" r="{r - 4:g}" fill="none" stroke="#222" stroke-width="1.2"{dash}/>')
        defs = [c.tag.split("}")[1] for c in el if c.tag.endswith("EventDefinition")]
        if "timerEventDefinition" in defs:
            out.append(f'<circle cx="{cx:g}" cy="{cy:g}" r="{r - 8:g}" fill="white" stroke="#222" stroke-width="1.5"/>')
            out.append(f'<polyline points="{cx:g},{cy - r + 11:g} {cx:g},{cy:g} {cx + 5:g},{cy:g}" fill="none" stroke="#222" stroke-width="1.5"/>')
        elif "terminateEventDefinition" in defs:
            out.append(f'<circle cx="{cx:g}" cy="{cy:g}" r="{r - 9:g}" fill="#222"/>')
        elif "escalationEventDefinition" in defs:
            fill = "#222" if kind in ("intermediateThrowEvent", "endEvent") else "none"
            out.append(f'<polygon points="{cx:g},{cy - 10:g} {cx + 7:g},{cy + 9:g} {cx:g},{cy + 3:g} {cx - 7:g},{cy + 9:g}" fill="{fill}" stroke="#222" stroke-width="1.2"/>')
        elif "messageEventDefinition" in defs:
            out.append(f'<rect x="{cx - 9:g}" y="{cy - 6:g}" width="18" height="12" fill="white" stroke="#222"/><polyline points="{cx - 9:g},{cy - 6:g} {cx:g},{cy + 1:g} {cx + 9:g},{cy - 6:g}" fill="none" stroke="#222"/>')
        elif "errorEventDefinition" in defs:
            out.append(f'<polyline points="{cx - 8:g},{cy + 8:g} {cx - 3:g},{cy - 8:g} {cx + 2:g},{cy + 2:g} {cx + 8:g},{cy - 8:g}" fill="none" stroke="#222" stroke-width="1.5"/>')
    elif kind.endswith("Gateway"):
        cx, cy = x + w / 2, y + h / 2
        out.append(f'<polygon points="{cx:g},{y:g} {x + w:g},{cy:g} {cx:g},{y + h:g} {x:g},{cy:g}" fill="white" stroke="#222" stroke-width="1.5"/>')
        if kind == "exclusiveGateway":
            out.append(f'<path d="M{cx - 8:g},{cy - 8:g} L{cx + 8:g},{cy + 8:g} M{cx + 8:g},{cy - 8:g} L{cx - 8:g},{cy + 8:g}" stroke="#222" stroke-width="3"/>')
        elif kind == "parallelGateway":
            out.append(f'<path d="M{cx:g},{cy - 11:g} L{cx:g},{cy + 11:g} M{cx - 11:g},{cy:g} L{cx + 11:g},{cy:g}" stroke="#222" stroke-width="3"/>')
    else:
        thick = 4 if kind == "callActivity" else 1.5
        out.append(f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="10" fill="white" stroke="#222" stroke-width="{thick}"/>')
        if kind == "userTask":
            out.append(f'<circle cx="{x + 13:g}" cy="{y + 10:g}" r="4" fill="none" stroke="#444" stroke-width="1.2"/><path d="M{x + 6:g},{y + 22:g} a7,7 0 0 1 14,0 z" fill="none" stroke="#444" stroke-width="1.2"/>')
        elif kind == "serviceTask":
            out.append(f'<circle cx="{x + 13:g}" cy="{y + 14:g}" r="6" fill="none" stroke="#444" stroke-width="2.5" stroke-dasharray="2.2,1.5"/><circle cx="{x + 13:g}" cy="{y + 14:g}" r="2.2" fill="none" stroke="#444" stroke-width="1.2"/>')
        lines = wrap(name, 88)
        text(lines, x + w / 2, y + h / 2 - 7 * len(lines) - 2)
        mi = el.find("bpmn:multiInstanceLoopCharacteristics", NS)
        if mi is not None:
            bx, by = x + w / 2 - 6, y + h - 16
            if mi.get("isSequential") == "true":
                out.append(''.join(f'<line x1="{bx:g}" y1="{by + i * 5:g}" x2="{bx + 12:g}" y2="{by + i * 5:g}" stroke="#222" stroke-width="2"/>' for i in range(3)))
            else:
                out.append(''.join(f'<line x1="{bx + i * 5:g}" y1="{by:g}" x2="{bx + i * 5:g}" y2="{by + 12:g}" stroke="#222" stroke-width="2"/>' for i in range(3)))
    lb = s.find("bpmndi:BPMNLabel/dc:Bounds", NS)
    if lb is not None and name:
        lx, ly, lw = float(lb.get("x")), float(lb.get("y")), float(lb.get("width"))
        text(wrap(name, 90), lx + lw / 2, ly, 10)
        grow(lx, ly, lw, float(lb.get("height")))
pad = 20
vb = f"{minx - pad:g} {miny - pad:g} {maxx - minx + 2 * pad:g} {maxy - miny + 2 * pad:g}"
svg = f'''<svg xmlns="http://www.w3.org/2000/svg" viewBox="{vb}" width="{maxx - minx + 2 * pad:g}" height="{maxy - miny + 2 * pad:g}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#222"/></marker></defs>
<rect x="{minx - pad:g}" y="{miny - pad:g}" width="{maxx - minx + 2 * pad:g}" height="{maxy - miny + 2 * pad:g}" fill="white"/>
''' + "\n".join(out) + "\n</svg>\n"
open(dst, "w").write(svg)
