/// The shape a synthesised `Decodable` conformance accepts, as data: checking bytes against it
/// says whether `JSONDecoder` would decode them, without building the value. How plan.json's
/// clusters are checked whole while only what confirm and commit use is read.
///
///     let member = JSONShape.object([("key", .string, true), ("source", .oneOf(["hq", "xpm"]), true)])
///     try member.check(&scanner)  // fails where JSONDecoder would, at the first problem
///
/// Unknown keys are skipped (checked as JSON); an optional key may be missing or `null`; a
/// repeated known key is refused (`JSONDecoder`'s choice between the two is not relied on).
indirect enum JSONShape: Sendable {
    case string
    case number
    case bool
    /// A string-valued enum: one of these raw values.
    case oneOf(Set<String>)
    case array(JSONShape)
    /// Keys with their shapes and whether they are required (made by ``object(_:)``).
    case keyed(Keys)

    /// An object's keys, their names apart: they are looked up for every key of every object read.
    struct Keys: Sendable {
        let names: [String]
        let entries: [(key: String, shape: JSONShape, required: Bool)]
    }

    /// An object of these keys, with their shapes and whether they are required.
    static func object(_ keys: [(key: String, shape: JSONShape, required: Bool)]) -> JSONShape {
        .keyed(Keys(names: keys.map(\.key), entries: keys))
    }

    /// Checks the value at the scanner's position and steps over it.
    ///
    /// - Complexity: O(n) in the value's bytes.
    func check(_ json: inout JSONScanner) throws(JSONScanner.Failure) {
        switch self {
        case .string: _ = try json.stringBytes()
        case .number: _ = try json.double()
        case .bool: _ = try json.bool()
        case .oneOf(let values):
            let start = json.offset
            let value = try json.string()
            guard values.contains(value) else {
                throw json.failure("'\(value)' is not one of \(values.sorted().joined(separator: ", "))", at: start)
            }
        case .array(let element):
            try json.array { json throws(JSONScanner.Failure) in try element.check(&json) }
        case .keyed(let keys):
            try json.object(keys: keys.names, required: { keys.entries[$0].required }) {
                json, index throws(JSONScanner.Failure) in try Self.checkValue(of: keys.entries[index], &json)
            }
        }
    }

    /// Checks the value of an object's key: null where the key is optional, else its shape.
    static func checkValue(
        of key: (key: String, shape: JSONShape, required: Bool), _ json: inout JSONScanner
    ) throws(JSONScanner.Failure) {
        if !key.required, try json.null() { return }
        try key.shape.check(&json)
    }
}
