import Foundation
import SCRTestSupport
import Testing

@testable import SingleClientRecord
@testable import SyntheticPractice

@Suite struct IndependentPracticeTests {
    let folder = TemporaryFolder()

    /// An independent practice read back through the engine's readers, with each record's truth
    /// entity.
    struct ReadBack {
        var summary: PracticeGenerator.Summary
        var result: ReadResult
        var truth: [(source: String, key: String, entity: String)]
        var entityOf: [String: String]

        func entity(_ record: SourceRecord) -> String { entityOf[record.reference]! }

        /// Each entity's records, as indexes into `result.records`.
        var recordsByEntity: [String: [Int]] {
            var map: [String: [Int]] = [:]
            for (index, record) in result.records.enumerated() { map[entity(record), default: []].append(index) }
            return map
        }
    }

    private func readBack(_ options: PracticeGenerator.Options, name: String = "practice") throws -> ReadBack {
        let directory = folder.url.appendingPathComponent(name).path
        let summary = try IndependentPractice.write(options, to: directory)
        let result = InputReader.read(InputFiles(hq: directory + "/hq.csv", xpm: [directory + "/xpm.xml"]))
        let truth = Self.truthRows(try String(contentsOfFile: directory + "/truth.csv", encoding: .utf8))
        var entityOf: [String: String] = [:]
        for row in truth { entityOf[row.source + ":" + row.key] = row.entity }
        return ReadBack(summary: summary, result: result, truth: truth, entityOf: entityOf)
    }

    static func truthRows(_ text: String) -> [(source: String, key: String, entity: String)] {
        var lines = text.split(separator: "\n").map(String.init)
        #expect(lines.removeFirst() == "source,key,entity")
        return lines.map { line in
            let parts = line.split(separator: ",").map(String.init)
            return (source: parts[0], key: parts[1], entity: parts[2])
        }
    }

    /// The TFN check, written here once more so the test does not lean on the generator's code:
    /// weights 1,4,3,7,5,8,6,9,10, the sum divisible by 11.
    static func tfnIsValid(_ text: String) -> Bool? {
        let digits = text.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }.map { Int($0 - 0x30) }
        guard digits.count == 9 else { return nil }
        let weights = [1, 4, 3, 7, 5, 8, 6, 9, 10]
        return zip(digits, weights).map(*).reduce(0, +) % 11 == 0
    }

    /// "1970-11-26T00:00:00", "26/11/1970" and "26/11/1970" as one form: [1970, 11, 26].
    static func yearMonthDay(_ date: String) -> [Int] {
        let parts = date.prefix(10).split { $0 == "-" || $0 == "/" }.map { Int($0) ?? 0 }
        guard parts.count == 3 else { return parts }
        return parts[0] > 31 ? parts : parts.reversed()
    }

    static func digits(_ text: String?) -> String { String((text ?? "").filter(\.isNumber)) }

    // MARK: Determinism

    @Test func theSameOptionsGiveByteIdenticalFiles() {
        let options = PracticeGenerator.Options(clients: 600, seed: 7, country: .au, noise: .high)
        let first = IndependentPractice.generate(options)
        let second = IndependentPractice.generate(options)
        #expect(first.hqCSV == second.hqCSV)
        #expect(first.xpmXML == second.xpmXML)
        #expect(first.truthCSV == second.truthCSV)
        #expect(first.summary == second.summary)
        #expect(first.hqCSV.count > 50_000 && first.xpmXML.count > 300_000)

        let other = IndependentPractice.generate(.init(clients: 600, seed: 8, country: .au, noise: .high))
        #expect(other.hqCSV != first.hqCSV)
        #expect(other.xpmXML != first.xpmXML)
        #expect(other.truthCSV != first.truthCSV)

        // The noise level changes how clients are written (and so the lists' order by name), not
        // who they are or which records each list holds.
        let quiet = IndependentPractice.generate(.init(clients: 600, seed: 7, country: .au, noise: .none))
        #expect(quiet.summary == first.summary)
        #expect(quiet.hqCSV != first.hqCSV)
        func rows(_ bytes: [UInt8]) -> Set<String> {
            Set(Self.truthRows(String(decoding: bytes, as: UTF8.self)).map { "\($0.source),\($0.key),\($0.entity)" })
        }
        #expect(rows(quiet.truthCSV) == rows(first.truthCSV))
    }

    @Test func writtenFilesAreTheGeneratedBytes() throws {
        let options = PracticeGenerator.Options(clients: 300, seed: 3)
        let generated = IndependentPractice.generate(options)
        let directory = folder.url.appendingPathComponent("nested/out").path
        #expect(try IndependentPractice.write(options, to: directory) == generated.summary)
        #expect(FileManager.default.contents(atPath: directory + "/hq.csv") == Data(generated.hqCSV))
        #expect(FileManager.default.contents(atPath: directory + "/xpm.xml") == Data(generated.xpmXML))
        #expect(FileManager.default.contents(atPath: directory + "/truth.csv") == Data(generated.truthCSV))
    }

    @Test func onlyAustralianPracticesAreWritten() {
        #expect(throws: GenerateError.self) {
            try IndependentPractice.write(.init(clients: 10, seed: 1, country: .nz), to: folder.path + "/nz")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/nz"))
        do {
            try IndependentPractice.check(.init(clients: 10, seed: 1, country: .gb))
            Issue.record("a UK practice was accepted")
        } catch {
            #expect(error.message.contains("Australian practices only"))
        }
    }

    // MARK: The files and the truth

    @Test(arguments: [NoiseLevel.none, .default, .high])
    func theTruthCoversExactlyTheRecordsOfBothFiles(noise: NoiseLevel) throws {
        let generated = IndependentPractice.generate(.init(clients: 1500, seed: 21, noise: noise))
        let truth = Self.truthRows(String(decoding: generated.truthCSV, as: UTF8.self))

        // HQ: one CRLF-ended row per client after the header; the key is the first field.
        let hqText = String(decoding: generated.hqCSV, as: UTF8.self)
        var hqRows = hqText.components(separatedBy: "\r\n")
        #expect(hqRows.removeLast() == "")
        #expect(hqRows.removeFirst().hasPrefix("Client ID,Name,First Name,Last Name,"))
        let hqKeys = hqRows.map { String($0.prefix { $0 != "," }) }
        // XPM: one <Client> per record, its UUID last.
        let xml = String(decoding: generated.xpmXML, as: UTF8.self)
        let clients = xml.components(separatedBy: "<Client>").count - 1
        let uuids = xml.components(separatedBy: "<UUID>").dropFirst().map { String($0.prefix { $0 != "<" }) }

        #expect(hqKeys.count == generated.summary.hqRecords)
        #expect(clients == generated.summary.xpmRecords && uuids.count == clients)
        #expect(truth.count == hqKeys.count + clients)
        #expect(truth.filter { $0.source == "hq" }.map(\.key) == hqKeys)
        #expect(truth.filter { $0.source == "xpm" }.map(\.key) == uuids)
        #expect(Set(hqKeys).count == hqKeys.count && Set(uuids).count == uuids.count)
        #expect(Set(truth.map(\.entity)).count == 1500)
    }

    @Test(arguments: [NoiseLevel.default, .high])
    func theFilesReadWithNothingQuarantined(noise: NoiseLevel) throws {
        let practice = try readBack(.init(clients: 2000, seed: 5, noise: noise))
        #expect(practice.result.quarantine.isEmpty)
        #expect(practice.result.diagnostics.filter { $0.severity == .error } == [])
        let hq = practice.result.records.filter { $0.source == .hq }.count
        #expect(hq == practice.summary.hqRecords)
        #expect(practice.result.records.count - hq == practice.summary.xpmRecords)
        #expect(Set(practice.result.records.map(\.reference)) == Set(practice.entityOf.keys))
        // The XPM contacts and groups are read too.
        #expect(practice.result.records.filter { !$0.contacts.isEmpty }.count > 500)
        #expect(practice.result.records.filter { !$0.groups.isEmpty }.count > 200)
    }

    // MARK: What the practice holds

    @Test func presenceAndDuplicatesAreAsDescribed() throws {
        let practice = try readBack(.init(clients: 5000, seed: 2))
        var hqOnly = 0
        var xpmOnly = 0
        var xpmDuplicated = 0
        var hqDuplicated = 0
        let records = practice.result.records
        for (_, indexes) in practice.recordsByEntity {
            let hq = indexes.filter { records[$0].source == .hq }.count
            let xpm = indexes.count - hq
            if xpm == 0 { hqOnly += 1 }
            if hq == 0 { xpmOnly += 1 }
            if xpm > 1 { xpmDuplicated += 1 }
            if hq > 1 { hqDuplicated += 1 }
        }
        #expect((0.09...0.16).contains(Double(hqOnly) / 5000), "\(hqOnly)")
        #expect((0.09...0.16).contains(Double(xpmOnly) / 5000), "\(xpmOnly)")
        #expect((0.02...0.05).contains(Double(xpmDuplicated) / 5000), "\(xpmDuplicated)")
        #expect((0.003...0.02).contains(Double(hqDuplicated) / 5000), "\(hqDuplicated)")
    }

    @Test func commonNamesAreHeldByManyDifferentPeople() throws {
        let practice = try readBack(.init(clients: 20_000, seed: 1))
        var entitiesByName: [String: Set<String>] = [:]
        var births: [String: Set<String>] = [:]
        for record in practice.result.records {
            guard let first = record[.firstName], let last = record[.lastName] else { continue }
            let name = first.lowercased() + " " + last.lowercased()
            entitiesByName[name, default: []].insert(practice.entity(record))
            if let birth = record[.dateOfBirth] {
                births[name, default: []].insert(Self.digits(birth).prefix(8).description)
            }
        }
        let ranked = entitiesByName.sorted {
            $0.value.count > $1.value.count || ($0.value.count == $1.value.count && $0.key < $1.key)
        }
        let top = ranked[0]
        // Measured: "mary smith" is 65 different clients at this seed, "john smith" 63 (about 300 at
        // 100,000 clients).
        #expect(top.value.count >= 50, "\(top.key): \(top.value.count)")
        #expect(ranked.filter { $0.value.count >= 10 }.count >= 60)
        #expect(ranked.filter { $0.value.count >= 20 }.count >= 10)
        // Namesakes are different people: their dates of birth differ.
        #expect(births[top.key, default: []].count >= top.value.count / 2)
        // Names of every origin are common, and shared.
        for family in ["nguyen", "singh", "papadopoulos", "rossi", "chen"] {
            let holders = ranked.filter { $0.key.hasSuffix(" " + family) }
            #expect(holders.reduce(0) { $0 + $1.value.count } >= 25, "\(family)")
            #expect(holders.contains { $0.value.count >= 3 }, "\(family)")
        }
    }

    @Test func familiesShareAddressesPhonesAndEmails() throws {
        let practice = try readBack(.init(clients: 4000, seed: 12))
        let records = practice.result.records
        func entities(sharing key: (SourceRecord) -> String?) -> [Set<String>] {
            var groups: [String: Set<String>] = [:]
            for record in records {
                guard let value = key(record), !value.isEmpty else { continue }
                groups[value, default: []].insert(practice.entity(record))
            }
            return groups.values.filter { $0.count > 1 }
        }
        // One business e-mail on several of a family's entities.
        let businessEmails = entities { record in
            guard let email = record[.email]?.lowercased(), email.hasPrefix("admin@") || email.hasPrefix("accounts@")
            else { return nil }
            return email
        }
        #expect(businessEmails.filter { $0.count >= 3 }.count >= 20)
        // Households: one surname, one street address, several people.
        let households = entities { record in
            guard record[.firstName] != nil, let last = record[.lastName], let address = record[.address] else {
                return nil
            }
            return last.lowercased() + "|" + address.lowercased() + "|" + (record[.city] ?? "").lowercased()
        }
        #expect(households.count >= 400)
        // Fathers and sons of one name at one address: different clients, written alike.
        let sameNameAtHome = entities { record in
            guard let first = record[.firstName], let last = record[.lastName], let address = record[.address] else {
                return nil
            }
            return [first, last, address].joined(separator: "|").lowercased()
        }
        #expect(sameNameAtHome.count >= 5)
        // A family's trust and its trustee company or fund.
        let names = records.compactMap { $0[.name] }
        #expect(names.filter { $0.contains("Family Trust") }.count > 300)
        #expect(names.filter { $0.hasPrefix("The Trustee for ") }.count > 100)
        #expect(names.filter { $0.contains(" ATF ") || $0.contains(" as trustee for ") }.count >= 8)
    }

    @Test func tfnsFailTheirChecksumSometimesAlikeInBothLists() throws {
        let practice = try readBack(.init(clients: 6000, seed: 4))
        var checked = 0
        var invalid = 0
        var invalidAlike = 0
        var invalidInOneOnly = 0
        for (_, indexes) in practice.recordsByEntity {
            let records = indexes.map { practice.result.records[$0] }
            for record in records {
                guard let valid = Self.tfnIsValid(record[.taxNumber] ?? "") else { continue }
                checked += 1
                if !valid { invalid += 1 }
            }
            guard let hq = records.first(where: { $0.source == .hq }).map({ Self.digits($0[.taxNumber]) }),
                let xpm = records.first(where: { $0.source == .xpm }).map({ Self.digits($0[.taxNumber]) }),
                hq.count == 9 && xpm.count == 9
            else { continue }
            let hqValid = Self.tfnIsValid(hq)!
            let xpmValid = Self.tfnIsValid(xpm)!
            if !hqValid && hq == xpm { invalidAlike += 1 }
            if hqValid != xpmValid { invalidInOneOnly += 1 }
        }
        #expect(checked > 7000)
        #expect((0.02...0.08).contains(Double(invalid) / Double(checked)), "\(invalid) of \(checked)")
        #expect(invalidAlike >= 20, "\(invalidAlike)")
        #expect(invalidInOneOnly > invalidAlike, "\(invalidInOneOnly)")

        // Without noise every TFN is valid.
        let quiet = try readBack(.init(clients: 2000, seed: 4, noise: .none), name: "quiet")
        let quietTFNs = quiet.result.records.compactMap { Self.tfnIsValid($0[.taxNumber] ?? "") }
        #expect(quietTFNs.count > 2000 && quietTFNs.allSatisfy { $0 })
    }

    @Test func noiseMakesTheCopiesDifferMoreAtEachLevel() throws {
        func differing(_ noise: NoiseLevel) throws -> (names: Int, births: Int) {
            let practice = try readBack(.init(clients: 1500, seed: 9, noise: noise), name: noise.rawValue)
            var names = 0
            var births = 0
            for (_, indexes) in practice.recordsByEntity where indexes.count > 1 {
                let records = indexes.map { practice.result.records[$0] }
                if Set(records.map { [$0[.firstName] ?? "", $0[.lastName] ?? ""] }).count > 1 { names += 1 }
                let dates = Set(records.compactMap { $0[.dateOfBirth] }.map(Self.yearMonthDay))
                if dates.count > 1 { births += 1 }
            }
            return (names, births)
        }
        let none = try differing(.none)
        let low = try differing(.low)
        let standard = try differing(.default)
        let high = try differing(.high)
        #expect(none.names == 0 && none.births == 0)
        #expect(low.names > 0 && standard.names > low.names && high.names > standard.names * 3 / 2)
        #expect(standard.births > 0 && high.births > standard.births)
    }
}
