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

    init(_ record: SourceRecord, _ form: NormalisedRecord) {
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
        businessNumber = IdentifierFeature(form.businessNumber)
        companyNumber = IdentifierFeature(form.companyNumber)
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
        taxNumber = IdentifierFeature(form.taxNumber)
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
}

/// A valid identifier as a hash of its kind and digits; invalid and masked values are left out
/// (they are never counted as evidence).
struct IdentifierFeature: Sendable, Equatable {
    var value: UInt64

    init(_ identifier: Identifier?) {
        guard let identifier, identifier.isValid, !identifier.isMasked else {
            value = 0
            return
        }
        value = StableHash.of("\(identifier.kind.rawValue):\(identifier.value)")
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
        person = PersonParts(given: first, formalGiven: name.formalGiven, family: family)
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

    init(given: String, formalGiven: [String], family: String) {
        self.given = Array(given.utf8)
        givenHash = given.isEmpty ? 0 : StableHash.of(self.given)
        self.formalGiven = formalGiven.map { StableHash.of($0) }
        self.family = Array(family.utf8)
        familyHash = family.isEmpty ? 0 : StableHash.of(self.family)
    }
}

extension MatchFeatures {
    /// Every record's features, worked out on every core.
    ///
    /// - Complexity: O(n) in the records.
    static func all(_ records: [SourceRecord], _ normalised: [NormalisedRecord]) -> [MatchFeatures] {
        parallelArray(count: records.count) { MatchFeatures(records[$0], normalised[$0]) }
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
