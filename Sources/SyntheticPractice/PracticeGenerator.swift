import Foundation
import SingleClientRecord

/// How much the two lists' copies of one client differ (typos, case, legal-form spellings, gaps,
/// formats, changed e-mails, moves). See ``NoiseRates`` for the rates.
public enum NoiseLevel: String, CaseIterable, Sendable {
    /// Every copy the same, apart from what the layouts themselves differ in.
    case none
    /// Half the default rates.
    case low
    case `default`
    /// Twice the default rates, with two-edit typos and swapped first and last names.
    case high
}

/// A synthetic accounting practice, written as a Xero HQ export (`hq.csv`), an XPM API client
/// list (`xpm.xml`) and the truth (`truth.csv`: which real client each record is).
///
/// The practice is realistic and holds the look-alikes that make matching hard: households
/// sharing a surname, address and landline; sibling companies with near-identical names at one
/// address; trusts beside their trustee companies; unrelated people with one common name. About
/// 74% of clients are in both lists, 13% in HQ only and 13% in XPM only; 4% of XPM clients have a
/// re-keyed duplicate, 1% of HQ clients too. Identifiers carry valid check digits for the
/// country. The same options give byte-identical files.
///
///     let summary = try PracticeGenerator.write(.init(clients: 1000, seed: 1), to: "/tmp/practice")
///     summary.hqRecords  // about 880
///
/// - Complexity: O(n) in the clients; a hundred thousand take about a second (release build).
public struct PracticeGenerator {
    /// The most clients one practice is generated with: about a million records a side, which
    /// the scale benchmark uses and this machine's memory holds comfortably.
    public static let maximumClients = 2_000_000

    public struct Options: Sendable {
        /// The number of real clients (entities); each list holds about 88% of them.
        public var clients: Int
        public var seed: UInt64
        public var country: Country
        public var noise: NoiseLevel

        public init(clients: Int, seed: UInt64, country: Country = .au, noise: NoiseLevel = .default) {
            self.clients = clients
            self.seed = seed
            self.country = country
            self.noise = noise
        }
    }

    public struct Summary: Sendable, Equatable {
        public var entities: Int
        public var hqRecords: Int
        public var xpmRecords: Int

        public init(entities: Int, hqRecords: Int, xpmRecords: Int) {
            self.entities = entities
            self.hqRecords = hqRecords
            self.xpmRecords = xpmRecords
        }
    }

    /// Writes hq.csv, xpm.xml and truth.csv into `directory` (created, or tightened, owner-only).
    public static func write(_ options: Options, to directory: String) throws -> Summary {
        do {
            try OutputFolder.prepare(directory)
        } catch {
            throw GenerateError(error)
        }
        return try run(options, into: URL(fileURLWithPath: directory)).summary
    }

    /// The three files' bytes, for tests and benchmarks.
    public static func generate(
        _ options: Options
    ) -> (
        hqCSV: [UInt8], xpmXML: [UInt8], truthCSV: [UInt8], summary: Summary
    ) {
        // In memory nothing is written, so nothing can fail.
        let output = try! run(options, into: nil)
        return (output.hq, output.xpm, output.truth, output.summary)
    }

    /// Builds the practice, then writes the two lists at once (each from its own random stream,
    /// so the files do not depend on which finishes first) and the truth: HQ rows, then XPM rows.
    /// With a folder, the files are written there and the bytes returned are empty.
    private static func run(
        _ options: Options, into folder: URL?
    ) throws(GenerateError) -> (
        hq: [UInt8], xpm: [UInt8], truth: [UInt8], summary: Summary
    ) {
        precondition(options.clients >= 1, "a practice has at least one client")
        let rates = NoiseRates(options.noise)
        // The same clients at every noise level: the alternate e-mails' share does not depend on it
        // (it covers `high`'s rate; `none` never uses them).
        var practice = PracticePopulation.build(
            count: options.clients, country: options.country, seed: options.seed, alternateEmails: 0.3)
        let seeds = [practice.random.next(), practice.random.next()]
        let population = practice
        let entityWidth = max(6, String(options.clients).count)
        let sides = parallelMap(count: 2) { side -> Result<ListOutput, GenerateError> in
            do throws(GenerateError) {
                var random = SeededRandom(seed: seeds[side])
                var file = ByteSink()
                if let folder {
                    file = try ByteSink(path: folder.appendingPathComponent(side == 0 ? "hq.csv" : "xpm.xml").path)
                }
                var list = ListOutput(entityWidth: entityWidth)
                if side == 0 {
                    try writeHQ(population, rates, &random, to: &file, &list)
                } else {
                    try writeXPM(population, rates, &random, to: &file, &list)
                }
                try file.close()
                list.bytes = file.bytes
                return .success(list)
            } catch {
                return .failure(error)
            }
        }
        let hq = try sides[0].get()
        let xpm = try sides[1].get()
        var truth = ByteSink()
        if let folder { truth = try ByteSink(path: folder.appendingPathComponent("truth.csv").path) }
        truth.append("source,key,entity\n")
        try truth.append(bytes: hq.truth)
        try truth.append(bytes: xpm.truth)
        try truth.close()
        let summary = Summary(entities: options.clients, hqRecords: hq.records, xpmRecords: xpm.records)
        return (hq.bytes, xpm.bytes, truth.bytes, summary)
    }

    /// One list's file bytes (none left when written to a file), its truth rows and its count.
    private struct ListOutput {
        var bytes: [UInt8] = []
        var truth: [UInt8] = []
        var records = 0
        let entityWidth: Int

        init(entityWidth: Int) { self.entityWidth = entityWidth }

        /// `source,key,E000123` for client `index`.
        mutating func truthRow(_ source: StaticString, _ key: String, entity index: Int) {
            truth.append(contentsOf: UnsafeBufferPointer(start: source.utf8Start, count: source.utf8CodeUnitCount))
            truth.append(0x2C)
            truth.append(contentsOf: key.utf8)
            truth.append(0x2C)
            truth.append(UInt8(ascii: "E"))
            let digits = String(index + 1)
            for _ in digits.utf8.count..<entityWidth { truth.append(0x30) }
            truth.append(contentsOf: digits.utf8)
            truth.append(0x0A)
            records += 1
        }
    }

    /// Each list in its own order, as an export is: the records of one client are not neighbours.
    private static func order(
        _ entities: [PracticeEntity], copies: (Int) -> UInt8, _ random: inout SeededRandom
    ) -> [(entity: Int32, copy: UInt8)] {
        var order: [(entity: Int32, copy: UInt8)] = []
        order.reserveCapacity(entities.count)
        for index in entities.indices {
            for copy in 0..<copies(index) { order.append((Int32(index), copy)) }
        }
        shuffle(&order, &random)
        return order
    }

    private static func writeHQ(
        _ practice: PracticePopulation, _ rates: NoiseRates, _ random: inout SeededRandom, to file: inout ByteSink,
        _ list: inout ListOutput
    ) throws(GenerateError) {
        let all = practice.entities
        let order = order(all, copies: { all[$0].hqCopies }, &random)
        let groupNames = practice.groupNames
        file.append(ByteSink.hqColumns.joined(separator: ","))
        file.append("\r\n")
        try all.withUnsafeBufferPointer { (entities) throws(GenerateError) in
            for (position, item) in order.enumerated() {
                let entity = entities.baseAddress! + Int(item.entity)
                let view = practice.view(of: entity.pointee, side: .hq, copy: Int(item.copy), rates: rates, &random)
                let clientID = "HQ-" + String(100_001 + position)
                var xeroID = entity.pointee.xeroOrganisationID
                if item.copy > 0 && random.chance(0.3) { xeroID = "" }
                let xeroName =
                    xeroID.isEmpty
                    ? ""
                    : (entity.pointee.xeroNameIsCore ? entity.pointee.core : entity.pointee.displayName(in: all))
                var link = ""
                let uuids = entity.pointee.xpmUUIDs
                if item.copy == 0 && !uuids.isEmpty && random.chance(0.3) {
                    link = uuids.count > 1 && random.chance(0.2) ? uuids[1] : uuids[0]
                }
                file.hqRow(
                    view, clientID: clientID, groupNames: groupNames, xeroID: xeroID, xeroName: xeroName, link: link)
                list.truthRow("hq", clientID, entity: Int(item.entity))
                try file.flushIfFull()
            }
        }
    }

    private static func writeXPM(
        _ practice: PracticePopulation, _ rates: NoiseRates, _ random: inout SeededRandom, to file: inout ByteSink,
        _ list: inout ListOutput
    ) throws(GenerateError) {
        let all = practice.entities
        let order = order(all, copies: { all[$0].xpmCopies }, &random)
        let groupNames = practice.groupNames
        file.append("<Response api-method=\"List\"><Status>OK</Status><Clients>\n")
        var nextContactID = 14_000_000
        try all.withUnsafeBufferPointer { (entities) throws(GenerateError) in
            for item in order {
                let entity = entities.baseAddress! + Int(item.entity)
                let copy = Int(item.copy)
                let view = practice.view(of: entity.pointee, side: .xpm, copy: copy, rates: rates, &random)
                let roll = random.below(100)
                let keys = ByteSink.XPMClientKeys(
                    id: entity.pointee.xpmIDs[copy], uuid: entity.pointee.xpmUUIDs[copy],
                    isPerson: entity.pointee.isPerson, prospect: entity.pointee.prospect,
                    empty: roll < 65 ? .pair : (roll < 95 ? .selfClosing : .omitted),
                    signedAuthority: random.chance(0.6))
                file.xpmClient(view, keys, groupNames: groupNames, nextContactID: &nextContactID)
                list.truthRow("xpm", keys.uuid, entity: Int(item.entity))
                try file.flushIfFull()
            }
        }
        file.append("</Clients></Response>\n")
    }

    /// Fisher–Yates with the practice's generator (the standard library's shuffle may change
    /// between releases; files must not).
    private static func shuffle<T>(_ items: inout [T], _ random: inout SeededRandom) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, random.below(i + 1))
        }
    }
}
