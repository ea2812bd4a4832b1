import Foundation

/// A JSON value, decoded strictly (a boolean is never a number).
public indirect enum JSONValue: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public static func parse(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }
}

/// Validates JSON against the JSON Schema (2020-12) keywords the repository's schemas use:
/// `type`, `properties`, `required`, `additionalProperties`, `items`, `minItems`, `maxItems`,
/// `enum`, `const`, `pattern`, `minLength`, `minimum`, `maximum` and local `$ref`s to `$defs`.
/// Any other keyword in a schema is refused, so that a schema never silently checks less than it says.
///
///     let problems = try JSONSchemaValidator(schema: schemaData).validate(planData)
///     // ["$.clusters[3].status: 'maybe' is not one of auto, review"]
public struct JSONSchemaValidator {
    let root: JSONValue
    static let known: Set<String> = [
        "$schema", "$id", "$defs", "title", "description", "type", "properties", "required", "additionalProperties",
        "items", "minItems", "maxItems", "enum", "const", "pattern", "minLength", "minimum", "maximum", "$ref",
    ]

    public init(schema: Data) throws { root = try JSONValue.parse(schema) }

    /// Every way the document breaks the schema, as `path: problem`; empty when it conforms.
    public func validate(_ document: Data) throws -> [String] {
        var problems: [String] = []
        check(try JSONValue.parse(document), against: root, at: "$", into: &problems)
        return problems
    }

    func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var node = root
        for part in reference.dropFirst(2).split(separator: "/") {
            guard case .object(let members) = node, let next = members[String(part)] else { return nil }
            node = next
        }
        return node
    }

    func check(_ value: JSONValue, against schema: JSONValue, at path: String, into problems: inout [String]) {
        guard case .object(let rules) = schema else { return }
        for key in rules.keys where !Self.known.contains(key) {
            problems.append("\(path): the schema uses '\(key)', which this validator does not check")
        }
        if case .string(let reference) = rules["$ref"] {
            guard let target = resolve(reference) else {
                problems.append("\(path): unresolvable $ref '\(reference)'")
                return
            }
            check(value, against: target, at: path, into: &problems)
        }
        if case .string(let type) = rules["type"], !Self.has(value, type: type) {
            problems.append("\(path): \(Self.describe(value)) is not of type \(type)")
            return
        }
        if let constant = rules["const"], constant != value {
            problems.append("\(path): \(Self.describe(value)) is not \(Self.describe(constant))")
        }
        if case .array(let options) = rules["enum"], !options.contains(value) {
            problems.append(
                "\(path): \(Self.describe(value)) is not one of \(options.map(Self.describe).joined(separator: ", "))")
        }
        switch value {
        case .string(let text):
            if case .number(let least) = rules["minLength"], Double(text.count) < least {
                problems.append("\(path): '\(text)' is shorter than \(Int(least))")
            }
            if case .string(let pattern) = rules["pattern"],
                text.range(of: pattern, options: .regularExpression) == nil
            {
                problems.append("\(path): '\(text)' does not match \(pattern)")
            }
        case .number(let number):
            if case .number(let least) = rules["minimum"], number < least {
                problems.append("\(path): \(number) is less than \(least)")
            }
            if case .number(let most) = rules["maximum"], number > most {
                problems.append("\(path): \(number) is more than \(most)")
            }
        case .array(let items):
            if case .number(let least) = rules["minItems"], Double(items.count) < least {
                problems.append("\(path): \(items.count) items, fewer than \(Int(least))")
            }
            if case .number(let most) = rules["maxItems"], Double(items.count) > most {
                problems.append("\(path): \(items.count) items, more than \(Int(most))")
            }
            if let itemSchema = rules["items"] {
                for (index, item) in items.enumerated() {
                    check(item, against: itemSchema, at: "\(path)[\(index)]", into: &problems)
                }
            }
        case .object(let members):
            if case .array(let required) = rules["required"] {
                for case .string(let name) in required where members[name] == nil {
                    problems.append("\(path): '\(name)' is missing")
                }
            }
            var properties: [String: JSONValue] = [:]
            if case .object(let declared) = rules["properties"] { properties = declared }
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                if let propertySchema = properties[name] {
                    check(member, against: propertySchema, at: "\(path).\(name)", into: &problems)
                } else if let additional = rules["additionalProperties"] {
                    if additional == .bool(false) {
                        problems.append("\(path): '\(name)' is not allowed")
                    } else {
                        check(member, against: additional, at: "\(path).\(name)", into: &problems)
                    }
                }
            }
        default: break
        }
    }

    static func has(_ value: JSONValue, type: String) -> Bool {
        switch (value, type) {
        case (.null, "null"), (.bool, "boolean"), (.string, "string"), (.array, "array"), (.object, "object"),
            (.number, "number"):
            true
        case (.number(let number), "integer"): number == number.rounded()
        default: false
        }
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): String(flag)
        case .number(let number): number == number.rounded() ? String(Int(number)) : String(number)
        case .string(let text): "'\(text)'"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
