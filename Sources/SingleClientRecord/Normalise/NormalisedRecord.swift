import Foundation

/// A source record in the form matching compares: what distinguishes clients kept, what only
/// differs in spelling set aside. Raw values stay in the ``SourceRecord``.
public struct NormalisedRecord: Hashable, Sendable, Codable {
    /// The client's name: a person's for individuals and sole traders, else the organisation's.
    public var name: NormalisedName?
    /// The other reading, when a record has both: a sole trader's business name, or the person
    /// named in an organisation's First/Last Name fields.
    var otherName: NormalisedName?
    /// From the `Business Structure` field, else the name's legal form, else `individual` for a
    /// person.
    public var structure: BusinessStructure?
    public var country: Country?
    public var emails: [NormalisedEmail]
    public var phones: [NormalisedPhone]
    /// The contacts' e-mails and phones, normalised the same way.
    var contactEmails: [NormalisedEmail] = []
    var contactPhones: [NormalisedPhone] = []
    public var address: NormalisedAddress?
    public var postalAddress: NormalisedAddress?
    public var taxNumber: Identifier?
    public var businessNumber: Identifier?
    public var companyNumber: Identifier?
    /// True when the ACN is the ABN's last nine digits, false when both are valid and it is not.
    var acnMatchesABN: Bool?
    public var dateOfBirth: BirthDate?
    /// The website's host, lower case, without `www.`.
    public var website: String?
    public var xeroOrganisationID: String?
    /// HQ's link to an XPM client left by the old sync (`XPM Client UUID`), lower case.
    var xpmLink: String?
    /// The record's own XPM UUID, lower case (XPM records).
    var xpmUUID: String?
    public var archived: Bool?
}

/// Turns source records into ``NormalisedRecord``s, on every core.
///
///     let (normalised, diagnostics) = Normaliser.normalise(result.records)
///
/// Warnings are given for values that are set aside: an impossible date of birth (read as
/// missing) and identifiers that fail their checksum (kept, flagged invalid). Phones held by three
/// or more records are marked shared.
///
/// - Complexity: O(n) in the records' bytes, split over the available cores.
public enum Normaliser {
    /// A phone number on this many records or more is marked shared.
    static let sharedPhoneThreshold = 3

    public static func normalise(
        _ records: [SourceRecord], defaultCountry: Country? = nil
    )
        -> (records: [NormalisedRecord], diagnostics: [Diagnostic])
    {
        let chunks = records.count < 2048 ? 1 : ProcessInfo.processInfo.activeProcessorCount * 4
        // Without a stated default, the practice's country is the one most records name (else AU):
        // phones without a prefix are read in its numbering plan.
        let defaultCountry = defaultCountry ?? practiceCountry(records)
        var sinks: [DiagnosticSink] = []
        // Each worker initialises its own slice of the result in place: nothing is copied after.
        var normalised = [NormalisedRecord](unsafeUninitializedCapacity: records.count) { buffer, initialised in
            nonisolated(unsafe) let base = buffer.baseAddress
            sinks = parallelMap(count: chunks) { chunk in
                var sink = DiagnosticSink()
                var memo = Memo()
                for index in chunkRange(chunk, of: chunks, total: records.count) {
                    (base! + index).initialize(
                        to: normalise(records[index], defaultCountry: defaultCountry, sink: &sink, memo: &memo))
                }
                return sink
            }
            initialised = records.count
        }
        markSharedPhones(&normalised)
        return (normalised, sinks.flatMap(\.diagnostics))
    }

    /// What low-cardinality values (business structures) normalised to, per worker.
    struct Memo {
        var structures: [String: BusinessStructure?] = [:]

        mutating func structure(_ raw: String) -> BusinessStructure? {
            if let known = structures[raw] { return known }
            let parsed = BusinessStructure(raw)
            if structures.count < 10_000 { structures[raw] = parsed }
            return parsed
        }
    }

    /// Normalises one record, reporting set-aside values to `sink`.
    public static func normalise(
        _ record: SourceRecord, defaultCountry: Country?, sink: inout DiagnosticSink
    )
        -> NormalisedRecord
    {
        var memo = Memo()
        return normalise(record, defaultCountry: defaultCountry, sink: &sink, memo: &memo)
    }

    static func normalise(
        _ record: SourceRecord, defaultCountry: Country?, sink: inout DiagnosticSink, memo: inout Memo
    ) -> NormalisedRecord {
        let fields = FieldLookup(values: record.fields.byField)
        var out = NormalisedRecord(emails: [], phones: [])
        let country = fields[.country].flatMap(Country.named) ?? fields[.postalCountry].flatMap(Country.named)
        out.country = country
        let effectiveCountry = country ?? defaultCountry

        // Names and structure.
        let stated = fields[.businessStructure].flatMap { memo.structure($0) }
        let first = fields[.firstName]
        let last = fields[.lastName]
        let person = first != nil || last != nil ? NormalisedName.person(first: first, last: last) : nil
        let nameText = fields[.name]
        // An individual's Name field is their name: read as an organisation only for the others.
        let organisation =
            stated == .individual && person != nil ? nil : nameText.map { NormalisedName.organisation($0) }
        let looksLikePerson =
            nameText.map { text in
                organisation?.legalForm == nil && organisation?.trustee == nil
                    && (text.utf8.contains(UInt8(ascii: ","))
                        || NormalisedName.titles.contains(organisation?.tokens.first ?? ""))
            } ?? false
        if stated?.isPerson == true
            || (stated == nil && organisation?.legalForm == nil && (person != nil || looksLikePerson))
        {
            out.name = person ?? nameText.map { NormalisedName.person($0) }
            // The name field read as an organisation, when it says more than the person's words
            // (a sole trader's business name), not when it is the same words ("Brown, Sarah").
            if let organisation, let person, organisation.tokens.sorted() != person.tokens.sorted() {
                out.otherName = organisation
            } else if stated == .soleTrader, person == nil {
                out.otherName = organisation
            }
        } else {
            out.name = organisation ?? person
            if organisation != nil { out.otherName = person }
        }
        out.structure =
            stated ?? out.name?.legalForm?.structure ?? (out.name?.kind == .person ? .individual : nil)

        // Contact details.
        out.emails = fields[.email].map(NormalisedEmail.all) ?? []
        for field in [Field.phone, .mobile] {
            for phone in fields[field].map({ NormalisedPhone.all(in: $0, country: effectiveCountry) }) ?? []
            where !out.phones.contains(where: { $0.key == phone.key }) {
                out.phones.append(phone)
            }
        }
        // Contacts' e-mails and phones: the real XPM responses keep e-mail on contacts only.
        for contact in record.contacts {
            out.contactEmails += contact.email.map(NormalisedEmail.all) ?? []
            for raw in [contact.phone, contact.mobile].compactMap({ $0 }) {
                out.contactPhones += NormalisedPhone.all(in: raw, country: effectiveCountry)
            }
        }
        out.address = NormalisedAddress(
            lines: fields[.address], city: fields[.city], region: fields[.region], postcode: fields[.postcode],
            country: fields[.country])
        out.postalAddress = NormalisedAddress(
            lines: fields[.postalAddress], city: fields[.postalCity], region: fields[.postalRegion],
            postcode: fields[.postalPostcode], country: fields[.postalCountry] ?? fields[.country])
        out.website = fields[.website].flatMap(websiteHost)

        // Identifiers.
        out.taxNumber = fields[.taxNumber].flatMap { Identifier.taxNumber($0, country: effectiveCountry) }
        out.businessNumber = fields[.businessNumber].flatMap {
            Identifier.businessNumber($0, country: effectiveCountry)
        }
        out.companyNumber = fields[.companyNumber].flatMap { Identifier.companyNumber($0, country: effectiveCountry) }
        for (field, identifier) in [
            (Field.taxNumber, out.taxNumber), (.businessNumber, out.businessNumber),
            (.companyNumber, out.companyNumber),
        ] {
            guard let identifier, !identifier.isValid else { continue }
            // A value failing its checksum is compared as typed: the same digits elsewhere came
            // from one source (``IdentifierFeature``).
            let what =
                identifier.kind == .unrecognised
                ? "is not an identifier the engine knows; kept, but never counted as evidence"
                : "fails the \(identifier.kind.rawValue) checksum; kept, and compared only as typed"
            sink.warning(record.location(of: field), "'\(field.label)' \(what)")
        }
        if let abn = out.businessNumber, abn.kind == .abn, abn.isValid, let acn = out.companyNumber, acn.kind == .acn,
            acn.isValid
        {
            out.acnMatchesABN = AustralianIdentifiers.abn(abn.value, contains: acn.value)
        }

        // Dates, links and flags.
        if let raw = fields[.dateOfBirth] {
            out.dateOfBirth = BirthDate(raw)
            if out.dateOfBirth == nil {
                sink.warning(
                    record.location(of: .dateOfBirth),
                    "'\(Field.dateOfBirth.label)' is not a possible date; read as missing")
            }
        }
        out.xeroOrganisationID = fields[.xeroOrganisationID].map { $0.trimmingSpaces.lowercased() }
        out.xpmLink = fields[.xpmClientUUID].map { $0.trimmingSpaces.lowercased() }
        out.xpmUUID = fields[.uuid].map { $0.trimmingSpaces.lowercased() }
        out.archived = fields[.archived].flatMap(parseBoolean)
        return out
    }

    /// A record's values decoded once, read by field.
    struct FieldLookup {
        var values: [String?]
        subscript(field: Field) -> String? { values[Int(field.rawValue)] }
    }

    /// `https://www.Acme.example/about` → `acme.example`.
    static func websiteHost(_ raw: String) -> String? {
        var text = Substring(raw.trimmingSpaces.lowercased())
        for scheme in ["https://", "http://"] where text.hasPrefix(scheme) { text = text.dropFirst(scheme.count) }
        if text.hasPrefix("www.") { text = text.dropFirst(4) }
        let host = text.prefix { $0 != "/" && $0 != "?" && $0 != "#" && $0 != ":" }
        return host.utf8.contains(UInt8(ascii: ".")) ? String(host) : nil
    }

    /// The country most records name in their `Country` field (a sample of up to 10,000 records).
    static func practiceCountry(_ records: [SourceRecord]) -> Country? {
        var counts: [Country: Int] = [:]
        let step = max(1, records.count / 10_000)
        for index in stride(from: 0, to: records.count, by: step) {
            if let country = records[index].fields[.country].flatMap(Country.named) { counts[country, default: 0] += 1 }
        }
        return counts.max { ($0.value, $1.key.rawValue) < ($1.value, $0.key.rawValue) }?.key
    }

    /// Marks every phone held by ``sharedPhoneThreshold`` or more records under at least two
    /// different names (a practice's own number, a family landline): one client's copies in HQ and
    /// XPM do not make a number shared. Numbers and names are compared by 64-bit hashes.
    static func markSharedPhones(_ records: inout [NormalisedRecord]) {
        let chunks = records.count < 4096 ? 1 : ProcessInfo.processInfo.activeProcessorCount * 4
        let frozen = records
        // (number, name) hash pairs, gathered on every core.
        let pairs = parallelMap(count: chunks) { chunk -> [(phone: UInt64, name: UInt64)] in
            var out: [(phone: UInt64, name: UInt64)] = []
            for index in chunkRange(chunk, of: chunks, total: frozen.count) {
                let record = frozen[index]
                guard !record.phones.isEmpty else { continue }
                var name: UInt64 = 0
                for token in record.name?.tokens ?? [] { name = (name &* 0x100_0000_01B3) ^ KeyIndex.hash(token) }
                for phone in record.phones where phone.e164 != nil { out.append((KeyIndex.hash(phone.key), name)) }
            }
            return out
        }.flatMap { $0 }.sorted { ($0.phone, $0.name) < ($1.phone, $1.name) }
        // Numbers held by enough records under at least two names.
        var shared = Set<UInt64>()
        var start = 0
        while start < pairs.count {
            var end = start + 1
            var names = 1
            while end < pairs.count && pairs[end].phone == pairs[start].phone {
                if pairs[end].name != pairs[end - 1].name { names += 1 }
                end += 1
            }
            if end - start >= sharedPhoneThreshold && names >= 2 { shared.insert(pairs[start].phone) }
            start = end
        }
        guard !shared.isEmpty else { return }
        for index in records.indices where !records[index].phones.isEmpty {
            for p in records[index].phones.indices where records[index].phones[p].e164 != nil {
                if shared.contains(KeyIndex.hash(records[index].phones[p].key)) {
                    records[index].phones[p].isShared = true
                }
            }
        }
    }
}
