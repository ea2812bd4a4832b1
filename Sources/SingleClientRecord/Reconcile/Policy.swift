/// Which clients survive a consolidation, as Xero's own consolidation offered (`--policy`).
public enum ReconcilePolicy: String, Sendable, Codable, CaseIterable {
    /// Matched records merge into one canonical record; clients found on one side only are kept.
    case combine
    /// XPM's clients are the canonical set: matched HQ records contribute their Xero organisation
    /// link and fill empty fields; HQ clients with no XPM match are proposed for archive.
    case keepXPM = "keep-xpm"
    /// The mirror image: HQ's clients are the canonical set.
    case keepHQ = "keep-hq"

    /// The side whose clients are the canonical set; nil when both sides' clients are kept.
    var canonicalSide: SourceSystem? {
        switch self {
        case .combine: nil
        case .keepXPM: .xpm
        case .keepHQ: .hq
        }
    }

    /// What committing a cluster whose members come from `sources` does: archive it when the
    /// policy keeps only the other side's clients, else merge several records or keep one.
    public func action(_ sources: some Collection<SourceSystem>) -> ClusterAction {
        if let canonicalSide, !sources.contains(canonicalSide) { return .archive }
        return sources.count > 1 ? .merge : .keep
    }
}

/// What committing a cluster will do.
public enum ClusterAction: String, Sendable, Codable {
    /// Two records or more become one canonical client.
    case merge
    /// A record alone stays a client.
    case keep
    /// The records leave the canonical set: they are archived, never deleted.
    case archive
}

/// Which source's value wins a field when the members hold different values.
///
/// By default XPM wins every field (it is where the practice's jobs, time and tax are kept) except
/// the Xero organisation link, which only HQ knows; `keep-hq` prefers HQ for every field. Single
/// fields can be overridden (`--prefer taxNumber=hq`). `email`, `phone` and `address` choose which
/// source's value is marked primary: every distinct value is kept.
///
///     var preferences = SourcePreferences(policy: .combine)
///     try preferences.apply("name=hq")
///     preferences[.name]  // .hq
public struct SourcePreferences: Sendable, Equatable {
    /// The fields a preference can be stated for, in the order the plan lists them.
    public static let fields: [Field] = [
        .name, .firstName, .lastName, .businessStructure, .taxNumber, .businessNumber, .companyNumber,
        .dateOfBirth, .website, .xeroOrganisationID, .xeroOrganisationName, .email, .phone, .address,
    ]

    private var preferred: [Field: SourceSystem] = [:]

    public init(policy: ReconcilePolicy) {
        for field in Self.fields {
            switch policy {
            case .keepHQ: preferred[field] = .hq
            case .combine, .keepXPM:
                preferred[field] = field == .xeroOrganisationID || field == .xeroOrganisationName ? .hq : .xpm
            }
        }
    }

    /// The preferred source for a field; mobile and fax follow `phone`, postal details `address`.
    public subscript(field: Field) -> SourceSystem {
        get { preferred[Self.governing(field)] ?? .xpm }
        set { preferred[Self.governing(field)] = newValue }
    }

    /// Applies `FIELD=hq|xpm`, as `--prefer` takes it.
    public mutating func apply(_ statement: String) throws(PreferenceError) {
        let parts = statement.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
        guard parts.count == 2 else { throw .malformed(statement) }
        guard let field = Self.fields.first(where: { $0.key.lowercased() == parts[0].lowercased() }) else {
            throw .unknownField(parts[0])
        }
        guard let source = SourceSystem(rawValue: parts[1].lowercased()) else { throw .unknownSource(parts[1]) }
        self[field] = source
    }

    /// Every preference as `field key → source`, for the plan.
    var byKey: [String: SourceSystem] {
        Dictionary(uniqueKeysWithValues: Self.fields.map { ($0.key, self[$0]) })
    }

    static func governing(_ field: Field) -> Field {
        switch field {
        case .mobile, .fax: .phone
        case .postalAddress, .postalCity, .postalRegion, .postalPostcode, .postalCountry, .city, .region, .postcode,
            .country:
            .address
        default: field
        }
    }
}

/// A `--prefer` statement that cannot be applied.
public enum PreferenceError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case unknownField(String)
    case unknownSource(String)

    public var description: String {
        switch self {
        case .malformed(let text): "'\(text)' is not FIELD=hq or FIELD=xpm"
        case .unknownField(let name):
            "no field '\(name)' takes a preference; use one of \(SourcePreferences.fields.map(\.key).joined(separator: ", "))"
        case .unknownSource(let name): "'\(name)' is not a source; use hq or xpm"
        }
    }
}

extension Field {
    /// The field's name in plan.json's canonical `record` and in `--prefer`: `businessNumber`.
    public var key: String { Self.keys[Int(rawValue)] }

    /// Every field's key, by raw value, made once (`String(describing:)` reflects at each call).
    private static let keys: [String] = allCases.map { String(describing: $0) }
}
