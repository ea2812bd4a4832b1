import Foundation
import SCRTestSupport
import Testing

@testable import SingleClientRecord
@testable import SyntheticPractice

@Suite struct PracticeGeneratorTests {
    let folder = TemporaryFolder()

    /// A generated practice read back through the engine: every record, its normalised form and
    /// its truth entity.
    struct ReadBack {
        var summary: PracticeGenerator.Summary
        var result: ReadResult
        var normalised: [NormalisedRecord]
        var normaliseDiagnostics: [Diagnostic]
        var truth: [(source: String, key: String, entity: String)]
        var entityOf: [String: String]

        func entity(_ record: SourceRecord) -> String { entityOf[record.reference]! }

        /// Each entity's records, in file order (HQ first), as indexes into `result.records`.
        var recordsByEntity: [String: [Int]] {
            var map: [String: [Int]] = [:]
            for (index, record) in result.records.enumerated() { map[entity(record), default: []].append(index) }
            return map
        }
    }

    private func readBack(_ options: PracticeGenerator.Options, name: String = "practice") throws -> ReadBack {
        let directory = folder.url.appendingPathComponent(name).path
        let summary = try PracticeGenerator.write(options, to: directory)
        let result = InputReader.read(
            InputFiles(
                hq: directory + "/hq.csv", hqContacts: nil, xpm: [directory + "/xpm.xml"], xpmCSV: [], columns: nil))
        let (normalised, diagnostics) = Normaliser.normalise(result.records)
        let truthText = try String(contentsOfFile: directory + "/truth.csv", encoding: .utf8)
        var lines = truthText.split(separator: "\n").map(String.init)
        #expect(lines.removeFirst() == "source,key,entity")
        let truth = lines.map { line in
            let parts = line.split(separator: ",").map(String.init)
            return (source: parts[0], key: parts[1], entity: parts[2])
        }
        var entityOf: [String: String] = [:]
        for row in truth { entityOf[row.source + ":" + row.key] = row.entity }
        return ReadBack(
            summary: summary, result: result, normalised: normalised, normaliseDiagnostics: diagnostics, truth: truth,
            entityOf: entityOf)
    }

    // MARK: Determinism

    @Test func theSameOptionsGiveByteIdenticalFiles() {
        let options = PracticeGenerator.Options(clients: 400, seed: 7, country: .au, noise: .high)
        let first = PracticeGenerator.generate(options)
        let second = PracticeGenerator.generate(options)
        #expect(first.hqCSV == second.hqCSV)
        #expect(first.xpmXML == second.xpmXML)
        #expect(first.truthCSV == second.truthCSV)
        #expect(first.summary == second.summary)

        let other = PracticeGenerator.generate(
            PracticeGenerator.Options(clients: 400, seed: 8, country: .au, noise: .high))
        #expect(other.hqCSV != first.hqCSV)
        #expect(other.xpmXML != first.xpmXML)
        #expect(other.truthCSV != first.truthCSV)

        // The noise level changes how records are written, not who the clients are.
        let quiet = PracticeGenerator.generate(
            PracticeGenerator.Options(clients: 400, seed: 7, country: .au, noise: .none))
        #expect(quiet.truthCSV == first.truthCSV)
        #expect(quiet.summary == first.summary)
        #expect(quiet.hqCSV != first.hqCSV)
    }

    @Test func writtenFilesAreTheGeneratedBytes() throws {
        let options = PracticeGenerator.Options(clients: 150, seed: 3, country: .nz)
        let generated = PracticeGenerator.generate(options)
        let directory = folder.url.appendingPathComponent("nested/out").path
        let summary = try PracticeGenerator.write(options, to: directory)
        #expect(summary == generated.summary)
        #expect(FileManager.default.contents(atPath: directory + "/hq.csv") == Data(generated.hqCSV))
        #expect(FileManager.default.contents(atPath: directory + "/xpm.xml") == Data(generated.xpmXML))
        #expect(FileManager.default.contents(atPath: directory + "/truth.csv") == Data(generated.truthCSV))
    }

    // MARK: Reading back

    @Test(arguments: [
        (Country.au, NoiseLevel.default), (.nz, .default), (.gb, .default), (.au, .high), (.gb, .none),
    ])
    func theFilesReadBackCompletelyAndMatchTheTruth(country: Country, noise: NoiseLevel) throws {
        let practice = try readBack(PracticeGenerator.Options(clients: 600, seed: 11, country: country, noise: noise))
        #expect(practice.result.diagnostics == [])
        #expect(practice.result.quarantine.isEmpty)
        #expect(practice.normaliseDiagnostics == [])
        let hq = practice.result.records.filter { $0.source == .hq }.count
        let xpm = practice.result.records.count - hq
        #expect(hq == practice.summary.hqRecords)
        #expect(xpm == practice.summary.xpmRecords)
        #expect(practice.summary.entities == 600)
        #expect(practice.truth.count == practice.result.records.count)

        let read = Set(practice.result.records.map(\.reference))
        let truthKeys = Set(practice.truth.map { $0.source + ":" + $0.key })
        #expect(read == truthKeys)
        #expect(truthKeys.count == practice.truth.count)
        #expect(practice.result.records.allSatisfy { !($0.source == .hq && $0[.clientID] == nil) })
        let entities = Set(practice.truth.map(\.entity))
        #expect(entities.count <= 600)
        #expect(entities.allSatisfy { $0.count == 7 && $0.hasPrefix("E") })
    }

    @Test(arguments: Country.allCases)
    func everyIdentifierPhoneAndPostcodeWrittenIsValid(country: Country) throws {
        let practice = try readBack(PracticeGenerator.Options(clients: 800, seed: 5, country: country, noise: .high))
        let (taxKind, businessKind, companyKind): (IdentifierKind, IdentifierKind, IdentifierKind) =
            switch country {
            case .au: (.tfn, .abn, .acn)
            case .nz: (.ird, .nzbn, .nzCompanyNumber)
            case .gb: (.utr, .vat, .companiesHouse)
            }
        var counts = (tax: 0, masked: 0, business: 0, company: 0, phones: 0)
        for (record, form) in zip(practice.result.records, practice.normalised) {
            if let tax = form.taxNumber {
                if record.source == .xpm {
                    #expect(tax.kind == .maskedTaxNumber && tax.value.count == 3, "\(record.reference)")
                    counts.masked += 1
                } else {
                    #expect(tax.kind == taxKind && tax.isValid, "\(record.reference) \(record[.taxNumber] ?? "")")
                    counts.tax += 1
                }
            }
            if let business = form.businessNumber {
                #expect(business.kind == businessKind && business.isValid, "\(record[.businessNumber] ?? "")")
                counts.business += 1
            }
            if let company = form.companyNumber {
                #expect(company.isValid, "\(record[.companyNumber] ?? "")")
                #expect(company.kind == companyKind || (country == .gb && company.kind == .companiesHouse))
                counts.company += 1
            }
            if form.acnMatchesABN != nil { #expect(form.acnMatchesABN == true) }
            for phone in form.phones + form.contactPhones {
                #expect(phone.e164 != nil, "\(record.reference) \(phone.digits)")
                counts.phones += 1
            }
            if let address = form.address, address.postcode != nil {
                #expect(address.postcodeIsValid, "\(record[.postcode] ?? "")")
            }
        }
        #expect(counts.tax > 100 && counts.masked > 100 && counts.business > 50 && counts.company > 50)
        #expect(counts.phones > 500)
    }

    // MARK: The practice

    @Test func theMixHoldsEveryStructureDuplicatesAndLookAlikes() throws {
        let practice = try readBack(PracticeGenerator.Options(clients: 2000, seed: 2026, country: .au))
        let byEntity = practice.recordsByEntity
        let records = practice.result.records
        let forms = practice.normalised
        #expect(byEntity.count == 2000)

        // Structures, one per client.
        var structures: [BusinessStructure: Int] = [:]
        for (_, indexes) in byEntity { structures[forms[indexes[0]].structure!, default: 0] += 1 }
        func share(_ structure: BusinessStructure) -> Double { Double(structures[structure] ?? 0) / 2000 }
        #expect((0.39...0.51).contains(share(.individual)), "\(structures)")
        #expect((0.07...0.13).contains(share(.soleTrader)), "\(structures)")
        #expect((0.17...0.27).contains(share(.company)), "\(structures)")
        #expect((0.08...0.16).contains(share(.trust)), "\(structures)")
        #expect((0.03...0.08).contains(share(.partnership)), "\(structures)")
        #expect((0.03...0.09).contains(share(.superFund)), "\(structures)")

        // Presence and duplicates.
        var both = 0
        var hqOnly = 0
        var xpmDuplicates = 0
        var hqDuplicates = 0
        for (_, indexes) in byEntity {
            let hq = indexes.filter { records[$0].source == .hq }.count
            let xpm = indexes.count - hq
            if hq > 0 && xpm > 0 { both += 1 } else if hq > 0 { hqOnly += 1 }
            if xpm == 2 { xpmDuplicates += 1 }
            if hq == 2 { hqDuplicates += 1 }
            #expect(hq <= 2 && xpm <= 2 && hq + xpm >= 1)
        }
        #expect((0.68...0.80).contains(Double(both) / 2000))
        #expect((0.09...0.17).contains(Double(hqOnly) / 2000))
        #expect((0.02...0.07).contains(Double(xpmDuplicates) / 2000))
        #expect(hqDuplicates >= 1)
        let archived = forms.filter { $0.archived == true }.count
        #expect((0.02...0.09).contains(Double(archived) / Double(records.count)))
        let linked = records.filter { $0[.xpmClientUUID] != nil }.count
        #expect(linked > 300)
        for index in records.indices where records[index][.xpmClientUUID] != nil {
            let target = "xpm:" + records[index][.xpmClientUUID]!
            #expect(practice.entityOf[target] == practice.entity(records[index]))
        }

        // Look-alikes: records of different clients that agree on what usually ties a client.
        func entities(where group: (Int) -> String?) -> [[String]] {
            var groups: [String: Set<String>] = [:]
            for index in records.indices {
                guard let key = group(index) else { continue }
                groups[key, default: []].insert(practice.entity(records[index]))
            }
            return groups.values.filter { $0.count > 1 }.map { $0.sorted() }
        }
        func street(_ index: Int) -> String? {
            guard let address = forms[index].address, !address.street.isEmpty else { return nil }
            return address.street + "|" + (address.postcode ?? "")
        }
        let households = entities { index in
            guard forms[index].structure == .individual, let family = forms[index].name?.family,
                let street = street(index)
            else { return nil }
            return family + "|" + street
        }
        #expect(households.count >= 50)
        let siblings = entities { index in
            guard forms[index].structure == .company, let first = forms[index].name?.tokens.first,
                let phone = forms[index].phones.first?.key, let street = street(index)
            else { return nil }
            return first + "|" + phone + "|" + street
        }
        #expect(siblings.count >= 10)
        let trustsWithTrustees = entities { index in
            guard let structure = forms[index].structure, [.trust, .superFund, .company].contains(structure),
                let email = forms[index].emails.first?.address, let street = street(index)
            else { return nil }
            return email + "|" + street
        }.filter { group in
            let kinds = Set(group.map { entity in forms[byEntity[entity]![0]].structure! })
            return kinds.contains(.company) && (kinds.contains(.trust) || kinds.contains(.superFund))
        }
        #expect(trustsWithTrustees.count >= 20)
        #expect(forms.contains { $0.name?.trustee != nil })
        let namesakes = entities { index in
            guard forms[index].structure == .individual, let name = forms[index].name, name.given.count == 1 else {
                return nil
            }
            return name.key
        }
        #expect(namesakes.count >= 20)
    }

    @Test(arguments: Country.allCases)
    func withoutNoiseBothListsWriteAClientAlike(country: Country) throws {
        let practice = try readBack(PracticeGenerator.Options(clients: 500, seed: 9, country: country, noise: .none))
        var compared = 0
        for (entity, indexes) in practice.recordsByEntity where indexes.count > 1 {
            let forms = indexes.map { practice.normalised[$0] }
            let first = forms[0]
            for form in forms.dropFirst() {
                #expect(form.name?.tokens == first.name?.tokens, "\(entity)")
                #expect(form.structure == first.structure, "\(entity)")
                #expect(form.emails == first.emails, "\(entity)")
                #expect(Set(form.phones.map(\.key)) == Set(first.phones.map(\.key)), "\(entity)")
                #expect(form.address?.street == first.address?.street, "\(entity)")
                #expect(form.businessNumber == first.businessNumber, "\(entity)")
                #expect(form.companyNumber == first.companyNumber, "\(entity)")
                #expect(form.dateOfBirth == first.dateOfBirth, "\(entity)")
                #expect(form.taxNumber?.value.suffix(3) == first.taxNumber?.value.suffix(3), "\(entity)")
                compared += 1
            }
        }
        #expect(compared > 300)
    }

    @Test func noiseMakesTheCopiesDiffer() throws {
        func differingNames(_ noise: NoiseLevel) throws -> Int {
            let practice = try readBack(
                PracticeGenerator.Options(clients: 600, seed: 4, country: .au, noise: noise), name: noise.rawValue)
            return practice.recordsByEntity.values.filter { indexes in
                Set(indexes.map { practice.normalised[$0].name?.tokens ?? [] }).count > 1
            }.count
        }
        let none = try differingNames(.none)
        let low = try differingNames(.low)
        let high = try differingNames(.high)
        #expect(none == 0)
        #expect(low > 0)
        #expect(high > low)
    }

    @Test func theXPMListIsTheAPIsResponse() throws {
        let generated = PracticeGenerator.generate(PracticeGenerator.Options(clients: 200, seed: 1))
        let xml = String(decoding: generated.xpmXML, as: UTF8.self)
        #expect(xml.hasPrefix("<Response api-method=\"List\"><Status>OK</Status><Clients>\n<Client><ID>"))
        #expect(xml.hasSuffix("</Client>\n</Clients></Response>\n"))
        #expect(xml.contains("<TaxNumber>******"))
        #expect(xml.contains(" />") && xml.contains("></Fax>"))
        #expect(!xml.contains("& ") && xml.contains("&amp;"))
        let clients = xml.split(separator: "\n").dropFirst().dropLast()
        #expect(clients.allSatisfy { $0.hasPrefix("<Client><ID>") && $0.hasSuffix("</UUID></Client>") })
        let hq = String(decoding: generated.hqCSV, as: UTF8.self)
        #expect(
            hq.hasPrefix(
                try String(contentsOfFile: Fixtures.path("demo/hq.csv"), encoding: .utf8).prefix { $0 != "\n" } + "\r\n"
            ))
        #expect(String(decoding: generated.truthCSV, as: UTF8.self).hasPrefix("source,key,entity\nhq,HQ-100001,E"))
    }
}
