/// A `<bpmndi:BPMNDiagram>`: how the model is drawn, so a modeler or Baton's web pages
/// can render it.
public struct Diagram: Hashable, Sendable, Codable {
    public var id: ElementID?
    public var name: String?
    public var planes: [DiagramPlane]
    public var location: SourceLocation

    public init(id: ElementID? = nil, name: String? = nil, planes: [DiagramPlane] = [], location: SourceLocation) {
        self.id = id
        self.name = name
        self.planes = planes
        self.location = location
    }
}

/// A `<bpmndi:BPMNPlane>`: the canvas of one process, collaboration or subprocess.
public struct DiagramPlane: Hashable, Sendable, Codable {
    public var id: ElementID?
    /// The element drawn on this plane.
    public var bpmnElement: ElementID?
    public var shapes: [DiagramShape]
    public var edges: [DiagramEdge]
    public var location: SourceLocation

    public init(id: ElementID? = nil, bpmnElement: ElementID? = nil, shapes: [DiagramShape] = [], edges: [DiagramEdge] = [], location: SourceLocation) {
        self.id = id
        self.bpmnElement = bpmnElement
        self.shapes = shapes
        self.edges = edges
        self.location = location
    }
}

/// A `<bpmndi:BPMNShape>`: the box of a node, pool or lane.
public struct DiagramShape: Hashable, Sendable, Codable {
    public var id: ElementID?
    public var bpmnElement: ElementID?
    public var bounds: Bounds?
    public var labelBounds: Bounds?
    public var isExpanded: Bool?
    public var isHorizontal: Bool?
    public var location: SourceLocation

    public init(id: ElementID? = nil, bpmnElement: ElementID? = nil, bounds: Bounds? = nil, labelBounds: Bounds? = nil, isExpanded: Bool? = nil, isHorizontal: Bool? = nil, location: SourceLocation) {
        self.id = id
        self.bpmnElement = bpmnElement
        self.bounds = bounds
        self.labelBounds = labelBounds
        self.isExpanded = isExpanded
        self.isHorizontal = isHorizontal
        self.location = location
    }
}

/// A `<bpmndi:BPMNEdge>`: the polyline of a sequence flow, message flow or association.
public struct DiagramEdge: Hashable, Sendable, Codable {
    public var id: ElementID?
    public var bpmnElement: ElementID?
    public var waypoints: [Point]
    public var labelBounds: Bounds?
    public var location: SourceLocation

    public init(id: ElementID? = nil, bpmnElement: ElementID? = nil, waypoints: [Point] = [], labelBounds: Bounds? = nil, location: SourceLocation) {
        self.id = id
        self.bpmnElement = bpmnElement
        self.waypoints = waypoints
        self.labelBounds = labelBounds
        self.location = location
    }
}

/// A `<dc:Bounds>` rectangle in diagram units.
public struct Bounds: Hashable, Sendable, Codable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
}

/// A `<di:waypoint>` in diagram units.
public struct Point: Hashable, Sendable, Codable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}
