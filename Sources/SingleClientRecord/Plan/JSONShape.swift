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
    /// Keys with their shapes and whether they are required.
    case object([(key: String, shape: JSONShape, required: Bool)])

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
        case .object(let keys):
            let start = json.offset
            var seen: UInt64 = 0
            try json.object { json, key throws(JSONScanner.Failure) in
                guard let index = keys.firstIndex(where: { $0.key == key }) else {
                    try json.skipValue()
                    return
                }
                guard seen & (1 << index) == 0 else { throw json.failure("the key '\(key)' is repeated") }
                seen |= 1 << index
                if !keys[index].required, try json.null() { return }
                try keys[index].shape.check(&json)
            }
            for (index, key) in keys.enumerated() where key.required && seen & (1 << index) == 0 {
                throw json.failure("the key '\(key.key)' is missing", at: start)
            }
        }
    }
}

extension JSONShape {
    static let member = JSONShape.object([
        ("key", .string, true), ("source", .oneOf(Set(SourceSystem.allCases.map(\.rawValue))), true),
    ])
    static let rule = JSONShape.oneOf(Set(SurvivorshipRule.allCases.map(\.rawValue)))
    static let namedValue = JSONShape.object([("name", .string, true), ("value", .string, true)])
    static let canonicalValue = JSONShape.object([
        ("value", .string, true), ("from", member, true), ("rule", rule, true), ("primary", .bool, false),
        ("kind", .string, false),
    ])
    static let carried = JSONShape.object([("values", .array(namedValue), true), ("from", member, true)])

    /// What `CanonicalRecord`'s decoder accepts.
    static let record = JSONShape.object(
        CanonicalRecord.singleFields.map { ($0.key, canonicalValue, false) } + [
            ("emails", .array(canonicalValue), true),
            ("phones", .array(canonicalValue), true),
            (
                "addresses",
                .array(
                    .object(
                        [("kind", .string, true), ("from", member, true), ("primary", .bool, true)]
                            + ["lines", "city", "region", "postcode", "country"].map { ($0, .string, false) })),
                true
            ),
            (
                "contacts",
                .array(
                    .object(
                        ["name", "email", "phone", "mobile", "position", "salutation", "addressee"].map {
                            ($0, JSONShape.string, false)
                        } + [
                            ("isPrimary", .bool, false), ("customFields", .array(namedValue), true),
                            ("from", .array(member), true),
                        ])),
                true
            ),
            (
                "groups",
                .array(.object([("id", .string, false), ("name", .string, true), ("from", .array(member), true)])),
                true
            ),
            ("customFields", .array(carried), true),
            ("notes", .array(carried), true),
            ("relationships", .array(carried), true),
            ("archived", .bool, true),
        ])

    /// What `PlanLink`'s decoder accepts.
    static let link = JSONShape.object([
        ("members", .array(member), true), ("weight", .number, true), ("probability", .number, true),
    ])

    /// What `FieldConflict`'s decoder accepts.
    static let conflict = JSONShape.object([
        ("field", .string, true),
        ("values", .array(.object([("value", .string, true), ("from", member, true)])), true),
        ("resolution", rule, true),
    ])
}
