/// FEEL values in `Codable` state (process instances, snapshots, history).
///
/// A value encodes as one string. Values JSON can hold (null, booleans, numbers, strings,
/// lists and contexts of those) encode as their compact JSON text, so numbers stay exact
/// and context keys keep their order. Anything else (dates, times, durations, ranges,
/// or lists and contexts holding them) encodes as `=` and a FEEL literal that evaluates
/// back to the same value (`=date("2026-11-29")`). Function values cannot be stored and
/// encode as `null`.
///
/// ```swift
/// let data = try JSONEncoder().encode(FEELValue.number(FEELNumber("0.1")!))   // "\"0.1\""
/// ```
extension FEELValue: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try FEELValue(storedText: text)
        } catch {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath, debugDescription: "invalid stored FEEL value: \(error)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(storedText)
    }

    /// The text ``init(storedText:)`` reads back to an equal value.
    public var storedText: String {
        isJSONRepresentable ? json : "=" + storedLiteral
    }

    /// Reads text written by ``storedText``.
    public init(storedText text: String) throws(FEELStoredValueError) {
        if text.hasPrefix("=") {
            do {
                let result = try FEELExpression(String(text.dropFirst())).evaluate(stepLimit: 1_000_000)
                if let problem = result.problem { throw FEELStoredValueError(message: problem) }
                self = result.value
            } catch let error as FEELSyntaxError {
                throw FEELStoredValueError(message: error.description)
            } catch let error as FEELStoredValueError {
                throw error
            } catch {
                throw FEELStoredValueError(message: "\(error)")
            }
        } else {
            do { self = try FEELValue(json: text) } catch { throw FEELStoredValueError(message: error.description) }
        }
    }

    private var isJSONRepresentable: Bool {
        switch self {
        case .null, .boolean, .number, .string: true
        case .list(let items): items.allSatisfy(\.isJSONRepresentable)
        case .context(let context): context.entries.allSatisfy(\.value.isJSONRepresentable)
        default: false
        }
    }

    /// A FEEL literal that evaluates to this value.
    private var storedLiteral: String {
        switch self {
        case .null, .function: "null"
        case .boolean, .number, .string: literal
        case .date(let value): #"date("\#(value)")"#
        case .time(let value): #"time("\#(value)")"#
        case .dateTime(let value): #"date and time("\#(value)")"#
        case .daysTimeDuration(let value): #"duration("\#(value)")"#
        case .yearsMonthsDuration(let value): #"duration("\#(value)")"#
        case .list(let items): "[" + items.map(\.storedLiteral).joined(separator: ", ") + "]"
        case .context(let context):
            "{" + context.entries.map { FEELValue.string($0.key).literal + ": " + $0.value.storedLiteral }.joined(separator: ", ") + "}"
        case .range(let range):
            if let start = range.start, let end = range.end {
                (range.startIncluded ? "[" : "(") + start.storedLiteral + ".." + end.storedLiteral + (range.endIncluded ? "]" : ")")
            } else if let start = range.start {
                #"range("\#(range.startIncluded ? ">=" : ">") \#(start.storedLiteral.replacingQuotes)")"#
            } else if let end = range.end {
                #"range("\#(range.endIncluded ? "<=" : "<") \#(end.storedLiteral.replacingQuotes)")"#
            } else {
                "null"
            }
        }
    }
}

extension String {
    fileprivate var replacingQuotes: String {
        var result = ""
        for character in self {
            if character == "\"" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result
    }
}

/// Why stored text could not be read back as a FEEL value.
public struct FEELStoredValueError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A context encodes as the stored text of ``FEELValue/context(_:)``: JSON where possible,
/// keys in order.
extension FEELContext: Codable {
    public init(from decoder: any Decoder) throws {
        let value = try FEELValue(from: decoder)
        guard case .context(let context) = value else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "expected a context"))
        }
        self = context
    }

    public func encode(to encoder: any Encoder) throws {
        try FEELValue.context(self).encode(to: encoder)
    }
}
