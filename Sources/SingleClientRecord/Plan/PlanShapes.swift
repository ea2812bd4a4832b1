/// The shapes of plan.json's parts that ``PlanOutline`` checks without building them: what the
/// synthesised `Decodable` conformances of the plan's types accept.
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
