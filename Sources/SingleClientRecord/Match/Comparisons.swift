/// The comparisons a pair of records goes through, declared as data: each is an ordered list of
/// levels, "missing" first and "everything else" last, each with a label a person can read, the
/// prior m and u probabilities the model starts from, and, where a domain rule decides, a fixed
/// weight instead of a learned one.
///
///     Comparison.all[Comparison.name.rawValue].levels[1].label  // "names equal"
///
/// The levels' order is the order ``PairComparison`` checks them in. See Splink's comparison
/// levels (Robin Linacre et al., Ministry of Justice, 2022) for the idea.
public enum Comparison: Int, CaseIterable, Sendable, Codable {
    case name
    case dateOfBirth
    case businessNumber
    case companyNumber
    case taxNumber
    case email
    case phone
    case address
    case structure
    case link

    var title: String {
        switch self {
        case .name: "name"
        case .dateOfBirth: "date of birth"
        case .businessNumber: "business number"
        case .companyNumber: "company number"
        case .taxNumber: "tax number"
        case .email: "e-mail"
        case .phone: "phone"
        case .address: "address"
        case .structure: "business structure"
        case .link: "links"
        }
    }

    var levels: [ComparisonLevel] { Self.table[rawValue] }

    /// Level 0 of every comparison: one side has no value, which is no evidence either way.
    public static let missing = 0

    // Level numbers, named where the engine's rules refer to them.
    enum NameLevel: Int {
        case missing, exact, sameWords, givenCompatible, typo, twoSlips, subset, familyOnly, sharedWords, different
    }
    enum DateLevel: Int { case missing, exact, close, different }
    // Identifiers: "unchecked" levels hold a value that fails its checksum on one side or both.
    enum IdentifierLevel: Int { case missing, exact, exactUnchecked, oneSlip, different, differentUnchecked }
    enum CompanyLevel: Int { case missing, exact, exactUnchecked, withinABN, oneSlip, different, differentUnchecked }
    enum TaxLevel: Int {
        case missing, exact, exactUnchecked, lastDigits, oneSlip, otherDigits, different, differentUnchecked
    }
    enum EmailLevel: Int { case missing, exact, throughContact, sameDomain, different }
    enum PhoneLevel: Int { case missing, exact, shared, different }
    enum AddressLevel: Int { case missing, exact, locality, different }
    enum StructureLevel: Int { case missing, same, compatible, different }
    enum LinkLevel: Int { case none, syncLink, sameSyncTarget, sameXeroOrganisation, differentXeroOrganisation }

    static let table: [[ComparisonLevel]] = [
        // name
        [
            .missing("a name is missing"),
            .init("exact", "names equal", m: 0.72, u: 0.0003),
            .init("same-words", "the same words in another order", m: 0.03, u: 0.00002),
            .init(
                "given-compatible",
                "same family name; the given names agree as an initial, a short form or a middle name",
                m: 0.05, u: 0.0004),
            .init("typo", "names one or two typing slips apart", m: 0.09, u: 0.0002),
            // Only with the same date of birth: a household's "Jack" and "Jake" differ there.
            .init(
                "two-slips", "a person's given or family name two typing slips apart, the same date of birth",
                m: 0.02, u: 0.0002),
            .init("subset", "one name is the other with words added", m: 0.03, u: 0.0008),
            .init("family-only", "same family name, different given names", m: 0.004, u: 0.004, rule: -10),
            .init("shared-words", "the names share some words", m: 0.02, u: 0.01),
            // Records of one client nearly always share a word of their name: related clients (a
            // trust and its trustee company, a family's companies) share everything else.
            .init("different", "different names, not a word in common", m: 0.02, u: 0.985, rule: -12),
        ],
        // date of birth
        [
            .missing("a date of birth is missing"),
            .init("exact", "same date of birth", m: 0.92, u: 0.0001),
            .init(
                "close", "dates of birth one typing slip apart (a digit, day and month swapped, or the year one off)",
                m: 0.05, u: 0.0015),
            .init("different", "different dates of birth", m: 0.03, u: 0.998, rule: -14),
        ],
        // business number
        [
            .missing("a business number is missing"),
            .init("exact", "same business number", m: 0.95, u: 0.00001),
            .exactUnchecked("business number"), .oneSlip("business numbers"),
            .init("different", "different business numbers, both valid", m: 0.02, u: 0.99999, rule: -20),
            .differentUnchecked("business numbers"),
        ],
        // company number
        [
            .missing("a company number is missing"),
            .init("exact", "same company number", m: 0.94, u: 0.00001),
            .exactUnchecked("company number"),
            .init("within-abn", "the company number is the other's ABN without its check digits", m: 0.9, u: 0.00001),
            .oneSlip("company numbers"),
            .init("different", "different company numbers, both valid", m: 0.03, u: 0.99998, rule: -16),
            .differentUnchecked("company numbers"),
        ],
        // tax number
        [
            .missing("a tax number is missing"),
            .init("exact", "same tax number", m: 0.95, u: 0.000001),
            .exactUnchecked("tax number"),
            .init("last-digits", "tax numbers end in the same three digits", m: 0.95, u: 0.001),
            .oneSlip("tax numbers"),
            .init("other-digits", "tax numbers end in different digits", m: 0.05, u: 0.999, rule: -8),
            .init("different", "different tax numbers, both valid", m: 0.02, u: 0.999999, rule: -16),
            .differentUnchecked("tax numbers"),
        ],
        // e-mail
        [
            .missing("an e-mail address is missing"),
            .init("exact", "same e-mail address", m: 0.7, u: 0.0001),
            .init("through-contact", "an e-mail address shared through a contact", m: 0.08, u: 0.0005),
            .init("same-domain", "e-mail addresses at the same business domain", m: 0.05, u: 0.001),
            .init("different", "different e-mail addresses", m: 0.17, u: 0.9984),
        ],
        // phone
        [
            .missing("a phone number is missing"),
            .init("exact", "same phone number", m: 0.72, u: 0.0001),
            .init("shared", "same phone number, one that several clients share", m: 0.08, u: 0.002),
            .init("different", "different phone numbers", m: 0.2, u: 0.9979),
        ],
        // address
        [
            .missing("an address is missing"),
            .init("exact", "same street address", m: 0.8, u: 0.0005),
            .init("locality", "same postcode or town, different street", m: 0.1, u: 0.02),
            .init("different", "different addresses", m: 0.1, u: 0.9795),
        ],
        // business structure
        [
            .missing("a business structure is missing"),
            .init("same", "same business structure", m: 0.93, u: 0.3),
            .init("compatible", "an individual and a sole trader", m: 0.05, u: 0.05),
            // A company is not the trust it is trustee of, nor the family's super fund.
            .init("different", "different business structures", m: 0.02, u: 0.65, rule: -10),
        ],
        // links
        [
            .missing("no link between them"),
            .init(
                "sync-link", "the HQ client is already linked to this XPM client by the old HQ-XPM sync",
                m: 1, u: 1, rule: 24),
            .init("same-sync-target", "both HQ clients are linked to the same XPM client", m: 1, u: 1, rule: 20),
            .init("same-xero-organisation", "both are linked to the same Xero organisation", m: 1, u: 1, rule: 20),
            .init(
                "different-xero-organisations", "linked to different Xero organisations", m: 1, u: 1, rule: -14),
        ],
    ]
}

/// One level of a ``Comparison``.
struct ComparisonLevel: Sendable, Hashable {
    /// A short name for machines (`exact`, `typo`).
    public var name: String
    /// Plain words for people.
    var label: String
    /// The priors: how often the level is seen in pairs that match (m) and that do not (u).
    var m: Double
    public var u: Double
    /// A domain rule's fixed weight, in bits, used instead of the model's.
    var rule: Double?

    init(_ name: String, _ label: String, m: Double, u: Double, rule: Double? = nil) {
        self.name = name
        self.label = label
        self.m = m
        self.u = u
        self.rule = rule
    }

    static func missing(_ label: String) -> ComparisonLevel { .init("missing", label, m: 1, u: 1, rule: 0) }

    // An identifier that fails its checksum is still evidence: the same wrong digits typed into
    // two systems came from one source document. Its levels are learned, never fixed.

    /// The same value on both sides, failing its checksum.
    static func exactUnchecked(_ what: String) -> ComparisonLevel {
        .init("exact-unchecked", "same \(what), though it fails its checksum", m: 0.02, u: 0.000002)
    }

    /// One digit typed wrong, or two neighbours swapped, and one value fails its checksum: one
    /// number mistyped.
    static func oneSlip(_ what: String) -> ComparisonLevel {
        .init("one-slip", "\(what) one typing slip apart, one failing its checksum", m: 0.02, u: 0.00002)
    }

    /// Different values, one failing its checksum or both: little evidence either way.
    static func differentUnchecked(_ what: String) -> ComparisonLevel {
        .init("different-unchecked", "different \(what), one failing its checksum", m: 0.01, u: 0.01)
    }
}

/// The levels of every comparison for one pair, packed four bits each, and which name readings
/// were compared (bits 40-43).
///
///     let levels = PairComparison.compare(a, b)
///     levels[.name]  // 1: names equal
public struct ComparisonVector: Hashable, Sendable, Comparable {
    var bits: UInt64

    public subscript(comparison: Comparison) -> Int {
        get { Int((bits >> (UInt64(comparison.rawValue) * 4)) & 0xF) }
        set {
            let shift = UInt64(comparison.rawValue) * 4
            bits = bits & ~(0xF << shift) | (UInt64(newValue) << shift)
        }
    }

    /// The name readings compared (0 is the name, 1 and 2 the other readings).
    var nameReadings: (Int, Int) {
        get { (Int((bits >> 40) & 3), Int((bits >> 42) & 3)) }
        set { bits = bits & ~(0xF << 40) | UInt64(newValue.0) << 40 | UInt64(newValue.1) << 42 }
    }

    /// Bit 44: one record is a person and the other an organisation (by business structure,
    /// else by the name's form). Xero HQ never merges the two: such a pair is never merged
    /// without a person.
    var personAndOrganisation: Bool {
        get { bits & (1 << 44) != 0 }
        set { bits = newValue ? bits | (1 << 44) : bits & ~(1 << 44) }
    }

    /// Linked to different Xero organisations: Xero HQ never merges the two.
    var linkedToDifferentOrganisations: Bool {
        self[.link] == Comparison.LinkLevel.differentXeroOrganisation.rawValue
    }

    /// The levels alone, without the readings: what the model's patterns count.
    var levels: UInt64 { bits & 0xFF_FFFF_FFFF }

    public static func < (a: ComparisonVector, b: ComparisonVector) -> Bool { a.bits < b.bits }
}
