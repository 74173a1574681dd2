import BatonModel

extension ModelReader {
    /// A `BPMNDiagram` with its planes, shapes and edges.
    mutating func readDiagram(_ element: RawElement) -> Diagram {
        var diagram = Diagram(id: element.attribute("id").map { ElementID($0) }, name: element.attribute("name"), location: element.location)
        for plane in element.children(in: Namespace.bpmnDI, named: "BPMNPlane") {
            var result = DiagramPlane(
                id: plane.attribute("id").map { ElementID($0) }, bpmnElement: plane.attribute("bpmnElement").map { ElementID($0) },
                location: plane.location)
            for child in plane.children(in: Namespace.bpmnDI) {
                switch child.name {
                case "BPMNShape":
                    result.shapes.append(DiagramShape(
                        id: child.attribute("id").map { ElementID($0) }, bpmnElement: child.attribute("bpmnElement").map { ElementID($0) },
                        bounds: bounds(child.child(in: Namespace.dc, named: "Bounds")),
                        labelBounds: bounds(child.child(in: Namespace.bpmnDI, named: "BPMNLabel")?.child(in: Namespace.dc, named: "Bounds")),
                        isExpanded: child.attribute("isExpanded").map { $0 == "true" },
                        isHorizontal: child.attribute("isHorizontal").map { $0 == "true" }, location: child.location))
                case "BPMNEdge":
                    let waypoints = child.children(in: Namespace.di, named: "waypoint").compactMap { point -> Point? in
                        guard let x = number(point, "x"), let y = number(point, "y") else { return nil }
                        return Point(x: x, y: y)
                    }
                    result.edges.append(DiagramEdge(
                        id: child.attribute("id").map { ElementID($0) }, bpmnElement: child.attribute("bpmnElement").map { ElementID($0) },
                        waypoints: waypoints,
                        labelBounds: bounds(child.child(in: Namespace.bpmnDI, named: "BPMNLabel")?.child(in: Namespace.dc, named: "Bounds")),
                        location: child.location))
                default:
                    break
                }
            }
            diagram.planes.append(result)
        }
        return diagram
    }

    private mutating func bounds(_ element: RawElement?) -> Bounds? {
        guard let element, let x = number(element, "x"), let y = number(element, "y"),
            let width = number(element, "width"), let height = number(element, "height")
        else { return nil }
        return Bounds(x: x, y: y, width: width, height: height)
    }

    /// A coordinate; a malformed one is a warning (a drawing problem, not a process one).
    private mutating func number(_ element: RawElement, _ attribute: String) -> Double? {
        guard let text = element.attribute(attribute) else {
            diagnostics.append(.warning(.missingAttribute, "\(element.qualifiedName) has no \(attribute) attribute", at: element.location))
            return nil
        }
        guard let value = Double(text.trimmingWhitespace()), value.isFinite else {
            diagnostics.append(.warning(
                .invalidAttribute, "\(element.qualifiedName) \(attribute)=\"\(text)\" is not a number",
                at: element.location(ofAttribute: attribute)))
            return nil
        }
        return value
    }
}
