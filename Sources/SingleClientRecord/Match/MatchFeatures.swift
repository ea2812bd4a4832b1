import Foundation

/// A record reduced to what the comparisons read: integers, hashes and folded bytes, so that the
/// per-pair work touches no `String`.
///
///     let features = MatchFeatures(record, normalised)
///     features.names.first?.key  // "smith family"
///
/// Hashes are ``StableHash``es of the normalised values; a value absent is 0.
///
/// A final class, not a struct: a pair's comparison reads two records' features, and a struct of
/// seven arrays costs fourteen reference-count operations a copy (about a fifth of matching's
/// time, measured with perf); a class costs two.
final class MatchFeatures: Sendable {
    let source: SourceSystem
    /// The name, then a sole trader's business name: a pair compares every reading with every other.
    let names: [NameFeature]
    let structure: BusinessStructure?
    /// `yyyymmdd`, or 0.
    let dateOfBirth: Int32
    let emails: [UInt64]
    let contactEmails: [UInt64]
    /// The record's own e-mail domains that are not free mail.
    let domains: [UInt64]
    /// Phones held by this client alone; `sharedPhones` holds those several clients share.
    let phones: [UInt64]
    let sharedPhones: [UInt64]
    /// Unit, number, street and postcode (else town), or a PO box and postcode.
    let street: UInt64
    /// Postcode, else town.
    let locality: UInt64
    let businessNumber: IdentifierFeature
    let companyNumber: IdentifierFeature
    /// An ABN's last nine digits and an ACN's digits, compared with each other.
    let abnCompanyPart: UInt64
    let acnDigits: UInt64
    let taxNumber: IdentifierFeature
    /// The last three digits of the tax number, from the full number or XPM's masked form; -1 if none.
    let taxLastDigits: Int16
    let xeroOrganisation: UInt64
    let xpmLink: UInt64
    let xpmUUID: UInt64

    /// `commonUnchecked`: hashes of identifiers failing their checksums that too many records
    /// hold to be one client's (``IdentifierFeature/uncheckedLimit``); they are left out.
    init(_ record: SourceRecord, _ form: NormalisedRecord, commonUnchecked: Set<UInt64> = []) {
        source = record.source
        var names: [NameFeature] = []
        if let name = form.name { names.append(NameFeature(name)) }
        // A sole trader's business name is theirs; a person named on an organisation's record (a
        // director) and a trust's trustee are other clients, never readings of this one.
        if let other = form.otherName, form.name?.kind == .person { names.append(NameFeature(other)) }
        self.names = names
        structure = form.structure
        dateOfBirth = form.dateOfBirth.map { Int32($0.year * 10_000 + $0.month * 100 + $0.day) } ?? 0
        emails = form.emails.filter(\.isValid).map { StableHash.of($0.address) }
        contactEmails = form.contactEmails.filter(\.isValid).map { StableHash.of($0.address) }
        domains = form.emails.filter { $0.isValid && !$0.isFreeMail }.map { StableHash.of($0.domain) }
        phones = form.phones.filter { !$0.isShared && $0.digits.utf8.count >= 6 }.map { StableHash.of($0.key) }
        sharedPhones = form.phones.filter(\.isShared).map { StableHash.of($0.key) }
        var street: UInt64 = 0
        var locality: UInt64 = 0
        if let address = form.address ?? form.postalAddress {
            let place = address.postcode ?? address.city ?? ""
            if !place.isEmpty { locality = StableHash.of(place) }
            if let box = address.poBox {
                street = StableHash.of("po box \(box)|\(place)")
            } else if !address.street.isEmpty {
                street = StableHash.of("\(address.unit ?? "")|\(address.number ?? "")|\(address.street)|\(place)")
            }
        }
        self.street = street
        self.locality = locality
        businessNumber = IdentifierFeature(form.businessNumber, common: commonUnchecked)
        companyNumber = IdentifierFeature(form.companyNumber, common: commonUnchecked)
        if let abn = form.businessNumber, abn.kind == .abn, abn.isValid {
            abnCompanyPart = StableHash.of(String(abn.value.suffix(9)))
        } else {
            abnCompanyPart = 0
        }
        if let acn = form.companyNumber, acn.kind == .acn, acn.isValid {
            acnDigits = StableHash.of(acn.value)
        } else {
            acnDigits = 0
        }
        taxNumber = IdentifierFeature(form.taxNumber, common: commonUnchecked)
        if let tax = form.taxNumber, tax.isValid || tax.isMasked, tax.value.utf8.count >= 3,
            let digits = Int16(tax.value.suffix(3))
        {
            taxLastDigits = digits
        } else {
            taxLastDigits = -1
        }
        xeroOrganisation = form.xeroOrganisationID.map { StableHash.of($0) } ?? 0
        xpmLink = form.xpmLink.map { StableHash.of($0) } ?? 0
        xpmUUID = form.xpmUUID.map { StableHash.of($0) } ?? 0
    }

    var isPerson: Bool { names.first?.isPerson ?? false }

    /// A person (an individual or sole trader) or an organisation, by the business structure,
    /// else by the name's form; nil when neither is known.
    var isPersonEntity: Bool? { structure?.isPerson ?? names.first?.isPerson }
}

/// An identifier as a hash of its kind and digits, with whether its checksum holds. A value
/// failing its checksum is evidence too (the same wrong digits typed into two systems came from
/// one source), weighed by its own, learned levels; masked values, values that are not digits,
/// zeros and values too many records hold (someone's "123456789") are left out.
struct IdentifierFeature: Sendable, Equatable {
    /// 0 when left out.
    var value: UInt64
    var isValid: Bool
    /// The digits as a number, and how many there are (0 when the value is not digits alone):
    /// two values one typing slip apart are found from them.
    var digits: UInt64
    var length: UInt8

    /// More records than this holding one value failing its checksum make it a placeholder.
    static let uncheckedLimit = 4

    init(_ identifier: Identifier?, common: Set<UInt64> = []) {
        value = 0
        isValid = false
        digits = 0
        length = 0
        guard let identifier, !identifier.isMasked, let hash = Self.hash(identifier) else { return }
        if !identifier.isValid && common.contains(hash) { return }
        value = hash
        isValid = identifier.isValid
        let bytes = identifier.value.utf8
        if bytes.count <= 18 && bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            digits = bytes.reduce(0) { $0 * 10 + UInt64($1 - 0x30) }
            length = UInt8(bytes.count)
        }
    }

    /// The value's hash, or nil when it is never evidence: an unrecognised or placeholder value,
    /// or one failing its checksum that is not six digits or more.
    static func hash(_ identifier: Identifier) -> UInt64? {
        if !identifier.isValid {
            let bytes = identifier.value.utf8
            guard identifier.kind != .unrecognised, bytes.count >= 6,
                bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), !Identifier.isPlaceholder(identifier.value)
            else { return nil }
        }
        return StableHash.of("\(identifier.kind.rawValue):\(identifier.value)")
    }

    /// The hashes of values failing their checksums that more than ``uncheckedLimit`` records hold.
    static func commonUnchecked(_ normalised: [NormalisedRecord]) -> Set<UInt64> {
        var counts: [UInt64: Int] = [:]
        for record in normalised {
            for identifier in [record.businessNumber, record.companyNumber, record.taxNumber] {
                guard let identifier, !identifier.isValid, !identifier.isMasked, let hash = hash(identifier)
                else { continue }
                counts[hash, default: 0] += 1
            }
        }
        return Set(counts.filter { $0.value > uncheckedLimit }.keys)
    }

    /// True when the two values are one typing slip apart: one digit different, or two
    /// neighbouring digits swapped.
    static func oneSlipApart(_ a: IdentifierFeature, _ b: IdentifierFeature) -> Bool {
        guard a.length == b.length, a.length > 0 else { return false }
        var (x, y) = (a.digits, b.digits)
        var differing = 0
        var first = (position: 0, a: UInt64(0), b: UInt64(0))
        var second = first
        for position in 0..<Int(a.length) {
            let (p, q) = (x % 10, y % 10)
            if p != q {
                differing += 1
                if differing > 2 { return false }
                if differing == 1 { first = (position, p, q) } else { second = (position, p, q) }
            }
            x /= 10
            y /= 10
        }
        return differing == 1
            || (differing == 2 && second.position == first.position + 1 && first.a == second.b && first.b == second.a)
    }
}

/// One reading of a name, as the comparisons use it. A final class for the reason
/// ``MatchFeatures`` is one: comparing names reads them, and a copy of this struct's arrays cost
/// about 6% of matching.
final class NameFeature: Sendable {
    let isPerson: Bool
    /// The core words joined by spaces.
    let key: [UInt8]
    let keyHash: UInt64
    /// The same words in alphabetical order, joined without spaces: blocking keys and typo checks.
    let compact: [UInt8]
    /// Order-free: the words' hashes added.
    let bagHash: UInt64
    let tokens: [UInt64]
    let tokenText: [[UInt8]]
    /// A person's given and family names as written.
    let person: PersonParts
    /// The same names in each other's places ("Wong Robert" read as given name Wong), for a
    /// family name typed into the given name's field; empty unless both parts are whole words.
    let swapped: PersonParts
    let hasMiddleNames: Bool

    init(_ name: NormalisedName) {
        isPerson = name.kind == .person
        let key = Array(name.key.utf8)
        self.key = key
        keyHash = StableHash.of(key)
        let tokenText = name.tokens.map { Array($0.utf8) }
        self.tokenText = tokenText
        let tokens = tokenText.map { StableHash.of($0) }
        self.tokens = tokens
        bagHash = tokens.reduce(0, &+)
        compact = tokenText.sorted { $0.lexicographicallyPrecedes($1) }.flatMap { $0 }
        let family = name.family ?? ""
        let first = name.given.first ?? name.initials.first ?? ""
        person = PersonParts(
            given: first, formalGiven: name.formalGiven, family: family, middle: Array(name.given.dropFirst()))
        swapped =
            first.utf8.count >= 2 && !family.isEmpty
            ? PersonParts(given: family, formalGiven: Nicknames.formal[family] ?? [], family: first)
            : PersonParts(given: "", formalGiven: [], family: "")
        hasMiddleNames = name.given.count + name.initials.count > 1
    }
}

/// A person's first given name and family name, folded, as the name comparison reads them.
struct PersonParts: Sendable {
    /// The first given name (or initial).
    var given: [UInt8]
    var givenHash: UInt64
    /// Formal forms of a nickname given name.
    var formalGiven: [UInt64]
    var family: [UInt8]
    var familyHash: UInt64
    /// The other given names (middle names), for one used as the first in another list.
    var middle: [UInt64]

    init(given: String, formalGiven: [String], family: String, middle: [String] = []) {
        self.given = Array(given.utf8)
        givenHash = given.isEmpty ? 0 : StableHash.of(self.given)
        self.formalGiven = formalGiven.map { StableHash.of($0) }
        self.family = Array(family.utf8)
        familyHash = family.isEmpty ? 0 : StableHash.of(self.family)
        self.middle = middle.filter { $0.utf8.count >= 2 }.map { StableHash.of($0) }
    }
}

extension MatchFeatures {
    /// Every record's features, worked out on every core.
    ///
    /// - Complexity: O(n) in the records.
    static func all(_ records: [SourceRecord], _ normalised: [NormalisedRecord]) -> [MatchFeatures] {
        let common = IdentifierFeature.commonUnchecked(normalised)
        return parallelArray(count: records.count) {
            MatchFeatures(records[$0], normalised[$0], commonUnchecked: common)
        }
    }
}

/// Every record's features, read a pair at a time without retaining them: taking a class out of
/// an array retains it and releases it after, and with both cores reading the same records those
/// reference counts were a quarter of comparing the candidate pairs.
///
///     table.withPair(a, b) { PairComparison.compare($0, $1) }
struct FeatureTable: @unchecked Sendable {
    /// The features, held here so that the unretained references stay valid.
    let features: [MatchFeatures]
    private let references: [Unmanaged<MatchFeatures>]

    init(_ features: [MatchFeatures]) {
        self.features = features
        references = features.map { Unmanaged.passUnretained($0) }
    }

    /// `body` with records `a`'s and `b`'s features, neither retained.
    @inline(__always)
    func withPair<R>(_ a: Int, _ b: Int, _ body: (MatchFeatures, MatchFeatures) -> R) -> R {
        references[a]._withUnsafeGuaranteedRef { first in
            references[b]._withUnsafeGuaranteedRef { second in body(first, second) }
        }
    }
}
