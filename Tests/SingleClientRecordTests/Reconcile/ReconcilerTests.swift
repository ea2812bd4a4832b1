import Testing

@testable import SingleClientRecord

/// Survivorship, field by field, and the policies' actions.
@Suite struct ReconcilerTests {
    func record(_ source: SourceSystem, _ key: String, _ values: [Field: String]) -> SourceRecord {
        var record = SourceRecord(source: source, key: key, location: SourceLocation(file: "t", line: 2, column: 1))
        for (field, value) in values { record[field] = value }
        return record
    }

    func reconcile(
        _ records: [SourceRecord], policy: ReconcilePolicy = .combine, prefer: [String] = []
    ) throws -> Reconciliation {
        var preferences = SourcePreferences(policy: policy)
        for statement in prefer { try preferences.apply(statement) }
        let (normalised, _) = Normaliser.normalise(records, defaultCountry: .au)
        return Reconciler(policy: policy, preferences: preferences, defaultCountry: .au)
            .reconcile(Array(records.indices), records: records, normalised: normalised)
    }

    let hq = RecordReference(source: .hq, key: "H1")
    let xpm = RecordReference(source: .xpm, key: "X1")

    @Test func aNonEmptyValueBeatsAnEmptyOneAndAgreeingValuesAreNoConflict() throws {
        let result = try reconcile([
            record(.hq, "H1", [.name: "Acme Pty Ltd", .website: "https://www.acme.example/"]),
            record(.xpm, "X1", [.name: "ACME PTY. LTD.", .businessStructure: "Company"]),
        ])
        #expect(result.action == .merge)
        #expect(
            result.record.fields[.website]
                == CanonicalValue(value: "https://www.acme.example/", from: hq, rule: .onlyValue))
        #expect(
            result.record.fields[.businessStructure] == CanonicalValue(value: "Company", from: xpm, rule: .onlyValue))
        // The same name once case and punctuation are set aside: XPM's spelling, no conflict.
        #expect(result.record.fields[.name] == CanonicalValue(value: "ACME PTY. LTD.", from: xpm, rule: .agreed))
        #expect(result.conflicts == [])
    }

    @Test func membersThatDifferAreSettledByThePreferredSourceAndListed() throws {
        let records = [
            record(.hq, "H1", [.name: "Harbour View Pty Ltd", .dateOfBirth: "1980-01-02"]),
            record(.xpm, "X1", [.name: "Harbourview Holdings Pty Ltd", .dateOfBirth: "2 January 1980"]),
        ]
        let byDefault = try reconcile(records)
        #expect(byDefault.record.fields[.name]?.value == "Harbourview Holdings Pty Ltd")
        #expect(byDefault.record.fields[.name]?.rule == .preferredSource)
        #expect(byDefault.record.fields[.dateOfBirth]?.rule == .agreed)
        #expect(
            byDefault.conflicts == [
                FieldConflict(
                    field: "name",
                    values: [
                        ConflictValue(value: "Harbourview Holdings Pty Ltd", from: xpm),
                        ConflictValue(value: "Harbour View Pty Ltd", from: hq),
                    ], resolution: .preferredSource)
            ])
        let preferringHQ = try reconcile(records, prefer: ["name=hq"])
        #expect(
            preferringHQ.record.fields[.name]
                == CanonicalValue(value: "Harbour View Pty Ltd", from: hq, rule: .preferredSource))
        let keepHQ = try reconcile(records, policy: .keepHQ)
        #expect(keepHQ.record.fields[.name]?.from == hq)
    }

    @Test func aValidIdentifierBeatsAnInvalidOneAndAMaskedTaxNumberAgreesWithTheFullOne() throws {
        let result = try reconcile([
            record(.hq, "H1", [.businessNumber: "51 824 753 556", .taxNumber: "115 925 951"]),
            record(.xpm, "X1", [.businessNumber: "51 824 753 557", .taxNumber: "******951"]),
        ])
        #expect(
            result.record.fields[.businessNumber]
                == CanonicalValue(value: "51 824 753 556", from: hq, rule: .validIdentifier))
        #expect(
            result.record.fields[.taxNumber] == CanonicalValue(value: "115 925 951", from: hq, rule: .validIdentifier))
        #expect(result.conflicts.map(\.field) == ["businessNumber"])
        #expect(result.conflicts.first?.resolution == .validIdentifier)
    }

    @Test func everyDistinctEmailPhoneAndAddressIsKeptWithThePreferredOnePrimary() throws {
        let result = try reconcile([
            record(
                .hq, "H1",
                [
                    .email: "Info@Acme.example", .mobile: "0491 570 156", .phone: "(02) 5550 1234",
                    .address: "Unit 4, 88 Parramatta Road", .city: "Parramatta", .postcode: "2150",
                ]),
            record(
                .xpm, "X1",
                [
                    .email: "accounts@acme.example; info@acme.example", .phone: "+61 491 570 156",
                    .address: "4/88 Parramatta Rd", .city: "PARRAMATTA", .postcode: "2150",
                    .postalAddress: "PO Box 12", .postalCity: "Parramatta",
                ]),
        ])
        let record = result.record
        #expect(record.emails.map(\.value) == ["accounts@acme.example", "info@acme.example"])
        #expect(record.emails.map(\.primary) == [true, false])
        #expect(record.emails.map(\.from) == [xpm, xpm])
        // The XPM phone and the HQ mobile are one number: kept once.
        #expect(record.phones.map(\.value) == ["+61 491 570 156", "(02) 5550 1234"])
        #expect(record.phones.map(\.kind) == ["phone", "phone"])
        #expect(record.phones.map(\.from) == [xpm, hq])
        #expect(record.addresses.map(\.kind) == ["street", "postal"])
        #expect(record.addresses.map(\.lines) == ["4/88 Parramatta Rd", "PO Box 12"])
        #expect(record.addresses.map(\.primary) == [true, false])
        // HQ's e-mail is one of XPM's: no conflict. The phones differ.
        #expect(result.conflicts.map(\.field) == ["phone"])
        #expect(result.conflicts.allSatisfy { $0.resolution == .everyValue })
    }

    @Test func contactsGroupsCustomFieldsAndNotesAreCarriedOver() throws {
        var one = record(.hq, "H1", [.name: "Acme"])
        one.contacts = [Contact(name: "Jane Citizen", email: "Jane@acme.example", line: 3)]
        one.groups = [ClientGroup(name: "Monthly")]
        one.customFields = [NamedValue("Partner", "JB"), NamedValue("Blank", " ")]
        var two = record(.xpm, "X1", [.name: "Acme"])
        var jane = Contact(name: "Jane Citizen", email: "jane@acme.example", phone: "02 5550 1234", line: 9)
        jane.isPrimary = "Yes"
        two.contacts = [jane, Contact(name: "John Citizen", line: 10)]
        two.groups = [ClientGroup(id: "G7", name: "monthly"), ClientGroup(id: "G8", name: "Tax")]
        two.customFields = [NamedValue("Partner", "KB")]
        two.notes = [SubRecord(values: [NamedValue("Title", "Call back")])]
        let result = try reconcile([one, two])
        #expect(result.record.contacts.map(\.name) == ["Jane Citizen", "John Citizen"])
        #expect(result.record.contacts[0].from == [xpm, hq])
        #expect(result.record.contacts[0].phone == "02 5550 1234")
        #expect(result.record.contacts[0].isPrimary == true)
        #expect(
            result.record.groups == [
                CanonicalGroup(id: "G7", name: "monthly", from: [xpm, hq]),
                CanonicalGroup(id: "G8", name: "Tax", from: [xpm]),
            ])
        #expect(
            result.record.customFields == [
                CarriedItem(values: [NamedValue("Partner", "KB")], from: xpm),
                CarriedItem(values: [NamedValue("Partner", "JB")], from: hq),
            ])
        #expect(result.record.notes == [CarriedItem(values: [NamedValue("Title", "Call back")], from: xpm)])
        #expect(result.conflicts.map(\.field) == ["Partner"])
    }

    @Test func archivedStaysArchivedOnlyWhenEveryMemberIs() throws {
        let both = try reconcile([
            record(.hq, "H1", [.name: "Old Co", .archived: "Yes"]),
            record(.xpm, "X1", [.name: "Old Co", .archived: "true"]),
        ])
        #expect(both.record.archived)
        let one = try reconcile([
            record(.hq, "H1", [.name: "Old Co", .archived: "Yes"]),
            record(.xpm, "X1", [.name: "Old Co", .archived: "No"]),
        ])
        #expect(!one.record.archived)
        // The active member's value wins where they differ.
        let differing = try reconcile([
            record(
                .xpm, "X1", [.name: "Old Co", .archived: "Yes", .email: "old@old.example", .website: "old.example"]),
            record(.xpm, "X2", [.name: "Old Co", .archived: "No", .website: "new.example"]),
        ])
        #expect(differing.record.fields[.website]?.value == "new.example")
    }

    @Test func thePoliciesDecideWhatHappensToClientsFoundOnOneSideOnly() throws {
        let hqOnly = [record(.hq, "H1", [.name: "Only In HQ"])]
        let xpmOnly = [record(.xpm, "X1", [.name: "Only In XPM"])]
        #expect(try reconcile(hqOnly).action == .keep)
        #expect(try reconcile(hqOnly).record.fields[.name]?.rule == .singleRecord)
        #expect(try reconcile(hqOnly, policy: .keepXPM).action == .archive)
        #expect(try reconcile(hqOnly, policy: .keepXPM).record.archived)
        #expect(try reconcile(xpmOnly, policy: .keepXPM).action == .keep)
        #expect(try reconcile(xpmOnly, policy: .keepHQ).action == .archive)
        #expect(try reconcile(hqOnly, policy: .keepHQ).action == .keep)
        let pair = hqOnly + xpmOnly
        #expect(try reconcile(pair, policy: .keepXPM).action == .merge)
        #expect(try reconcile(pair, policy: .keepHQ).action == .merge)
    }

    @Test func preferencesAreStatedAsFieldEqualsSource() throws {
        var preferences = SourcePreferences(policy: .combine)
        #expect(preferences[.xeroOrganisationID] == .hq)
        #expect(preferences[.taxNumber] == .xpm)
        try preferences.apply("TaxNumber = HQ")
        #expect(preferences[.taxNumber] == .hq)
        #expect(preferences[.mobile] == .xpm)
        #expect(throws: PreferenceError.unknownField("tax")) { try preferences.apply("tax=hq") }
        #expect(throws: PreferenceError.unknownSource("xero")) { try preferences.apply("name=xero") }
        #expect(throws: PreferenceError.malformed("name")) { try preferences.apply("name") }
        #expect(SourcePreferences(policy: .keepHQ).byKey.values.allSatisfy { $0 == .hq })
    }
}
