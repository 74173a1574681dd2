public import BatonFEEL
public import Hummingbird

/// Reading typed fields of a JSON request body; each wrong field is a 400 naming it.
extension FEELContext {
    /// A text field that must be present and not empty.
    public func requiredString(_ name: String) throws -> String {
        guard let value = try string(name), !value.isEmpty else {
            throw Problem(.badRequest, "the body needs '\(name)', a non-empty string", errors: [(name, "required")])
        }
        return value
    }

    /// An optional whole-number field within `range`.
    public func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        switch self[name] {
        case nil, .null?: return nil
        case .number(let number)? where number.intValue.map(range.contains) == true: return number.intValue
        case let other?:
            throw Problem(
                .badRequest, "'\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound), not \(other.json)",
                errors: [(name, "\(range.lowerBound)...\(range.upperBound)")])
        }
    }

    /// An optional array field.
    public func array(_ name: String) throws -> [FEELValue]? {
        switch self[name] {
        case nil, .null?: return nil
        case .list(let items)?: return items
        case let other?: throw Problem(.badRequest, "'\(name)' must be a JSON array, not \(other.typeName)", errors: [(name, "must be an array")])
        }
    }
}

/// Cursor pagination of a listing: `limit` (1–1000, default 50) and `cursor` (the
/// `nextCursor` of the page before) query parameters, checked before the listing is read.
public struct Page: Sendable {
    public var limit: Int
    public var offset: Int

    /// The page `request` asks for; 400 for a bad `limit` or `cursor`.
    public init(_ request: Request) throws {
        limit = try request.integerParameter("limit", default: 50, in: 1...1000)
        // An empty cursor is the first page.
        offset = try request.parameter("cursor") == "" ? 0 : try request.integerParameter("cursor", default: 0, in: 0...Int(Int32.max))
    }

    /// `{"items": [...], "nextCursor": "..."}` for this page of `items`; the cursor is null
    /// on the last page.
    public func response<Item>(_ items: [Item], _ view: (Item) -> FEELValue) -> Response {
        let page = items.dropFirst(offset).prefix(limit)
        var answer = FEELContext([("items", .list(page.map(view)))])
        answer["nextCursor"] = offset + page.count < items.count ? .string(String(offset + page.count)) : .null
        return jsonResponse(.context(answer))
    }
}
