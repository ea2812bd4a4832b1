import ArgumentParser
import Crypto
import Foundation
import PostgresStore
import SingleClientRecord

/// `scr batch`: many practices from one manifest, planned in parallel, or by workers that share
/// a queue in a PostgreSQL store.
struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Plan many practices from a manifest; with --worker, share the work through a PostgreSQL queue.",
        discussion: """
            The manifest (JSON) lists practices: {"batch": NAME, "practices": [{"name", "hq", "xpm": [...], \
            "xpmCsv": [...], "hqContacts", "columns", "policy", "prefer": [...], "store", "out"}]}; paths are \
            relative to the manifest. Each practice is planned into its out folder (default plans/NAME beside \
            the manifest), against its store when it has one (or --store's PostgreSQL database with \
            ?practice=NAME, when that practice exists there). With --key, a practice of ten clients or fewer \
            a side is accepted as proposed, confirmed and committed to its store. One JSON line per practice \
            is printed (and written to --summary): practice, run id, plan id, counts, review share, status. \
            A failing practice is reported and the others go on; the exit status is 1 when any failed.
            """
    )

    @Argument(help: ArgumentHelp("The batch manifest (JSON).", valueName: "manifest"))
    var manifest: String

    @Option(
        help: ArgumentHelp(
            "A PostgreSQL store (postgres://USER@HOST:PORT/DB) holding the practices; a worker's queue.",
            valueName: "store"))
    var store: String?

    @Flag(help: "Take practices from the store's queue until none is left; run any number of workers at once.")
    var worker = false

    @Option(help: ArgumentHelp("A master-admin's key: small practices are confirmed and committed.", valueName: "file"))
    var key: String?

    @Option(help: ArgumentHelp("Also write the summary's JSON lines to this file.", valueName: "file"))
    var summary: String?

    func validate() throws {
        if worker && !(store.map { StoreSchemes.scheme(of: $0) != nil } ?? false) {
            throw ValidationError("--worker takes practices from a PostgreSQL queue: pass --store postgres://…")
        }
    }

    func run() throws {
        let manifest = try exitingOnError { try BatchManifest(path: self.manifest) }
        let context = BatchContext(manifest: manifest, store: store, key: key)
        var lines: [BatchLine] = []
        var failed = false
        if worker, let store {
            (lines, failed) = try exitingOnError { try work(context, store: store) }
        } else {
            let results = Locked<[Int: BatchLine]>([:])
            DispatchQueue.concurrentPerform(iterations: manifest.practices.count) { index in
                let line = context.run(manifest.practices[index])
                printError(line.progress)
                results.update { $0[index] = line }
            }
            lines = manifest.practices.indices.compactMap { results.value[$0] }
        }
        let text = lines.map { $0.json + "\n" }.joined()
        print(text, terminator: "")
        if let summary {
            try exitingOnError { try BlockFile.write(Array(text.utf8), to: summary) }
        }
        if failed || lines.contains(where: { $0.status == "failed" }) { throw ExitCode(1) }
    }

    /// Queues the manifest's practices (once, whichever worker comes first; a worker started
    /// again queues the batch's failed practices again) and takes them one at a time. A worker
    /// stops only when no practice of the batch is queued: while another worker holds the last
    /// ones it waits, so that a practice whose worker was killed is taken again. Returns the lines
    /// this worker wrote, and whether any practice of the batch failed.
    func work(_ context: BatchContext, store: String) throws -> (lines: [BatchLine], failed: Bool) {
        let queue = try BatchQueue(url: store)
        let batch = context.manifest.batch
        let specs = try context.manifest.practices.map { practice in
            (practice.name, String(decoding: try JSONEncoder().encode(practice), as: UTF8.self))
        }
        try queue.enqueue(batch: batch, practices: specs)
        let worker = "\(ProcessInfo.processInfo.hostName):\(getpid())"
        // Each worker reads the practices' files through its own manifest (its paths resolved
        // beside it, wherever this machine has it); the queue names the practice.
        let practices = Dictionary(context.manifest.practices.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var lines: [BatchLine] = []
        while true {
            guard let job = try queue.take(batch: batch) else {
                if try queue.queued(batch: batch) == 0 { break }
                usleep(250_000)  // another worker holds the last practices
                continue
            }
            let line: BatchLine
            if let practice = practices[job.practice] {
                line = context.run(practice)
            } else {
                line = BatchLine(
                    practice: job.practice, runId: batch, status: "failed",
                    error: "the practice is queued in batch \(batch) but not in this worker's manifest")
            }
            try queue.finish(batch: batch, job, failed: line.status == "failed", summary: line.json, worker: worker)
            printError(line.progress)
            lines.append(line)
        }
        return (lines, try queue.jobs(batch: batch).contains { $0.state == "failed" })
    }
}

/// A batch manifest: the practices to plan, with their files resolved beside the manifest.
struct BatchManifest {
    struct Practice: Codable, Sendable {
        var name: String
        var hq: String?
        var hqContacts: String?
        var xpm: [String]?
        var xpmCsv: [String]?
        var columns: String?
        var policy: String?
        var prefer: [String]?
        var store: String?
        var out: String?
    }

    private struct File: Decodable {
        var batch: String?
        var practices: [Practice]

        enum CodingKeys: String, CodingKey {
            case batch, practices
        }
    }

    /// The batch's name: the manifest's, or its SHA-256's first 12 hex digits. Workers given the
    /// same manifest share its queue.
    var batch: String
    var practices: [Practice]

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommitCheckError(path: path, "cannot read the manifest")
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw CommitCheckError(path: Self.place(path, data, context), "the manifest is not valid JSON")
        } catch let DecodingError.keyNotFound(key, context) {
            throw CommitCheckError(
                path: Self.place(path, data, context.codingPath), "\(Self.field(context.codingPath + [key])) is missing"
            )
        } catch let DecodingError.typeMismatch(type, context) {
            throw CommitCheckError(
                path: Self.place(path, data, context.codingPath),
                "\(Self.field(context.codingPath)) must be \(Self.kind(type))")
        } catch {
            throw CommitCheckError(path: path, "not a batch manifest: \(error)")
        }
        let folder = (URL(fileURLWithPath: path).standardizedFileURL.path as NSString).deletingLastPathComponent
        func resolve(_ file: String?) -> String? {
            guard let file else { return nil }
            return file.hasPrefix("/") ? file : (folder as NSString).appendingPathComponent(file)
        }
        var seen = Set<String>()
        var outs: [String: String] = [:]
        practices = try file.practices.enumerated().map { index, practice in
            let at = "practices[\(index)]"
            let path = Self.place(path, data, [File.CodingKeys.practices, IndexKey(intValue: index)])
            if let problem = PostgresLocation.problem(withPractice: practice.name) {
                throw CommitCheckError(path: path, "\(at).name: \(problem)")
            }
            guard seen.insert(practice.name).inserted else {
                throw CommitCheckError(path: path, "\(at).name: '\(practice.name)' is listed twice")
            }
            if practice.hq == nil && (practice.xpm ?? []).isEmpty && (practice.xpmCsv ?? []).isEmpty {
                throw CommitCheckError(path: path, "\(at): no export (hq, xpm or xpmCsv)")
            }
            if let policy = practice.policy, ReconcilePolicy(rawValue: policy) == nil {
                throw CommitCheckError(path: path, "\(at).policy: '\(policy)' is not combine, keep-xpm or keep-hq")
            }
            var resolved = practice
            resolved.hq = resolve(practice.hq)
            resolved.hqContacts = resolve(practice.hqContacts)
            resolved.xpm = practice.xpm?.compactMap { resolve($0) }
            resolved.xpmCsv = practice.xpmCsv?.compactMap { resolve($0) }
            resolved.columns = resolve(practice.columns)
            if let store = practice.store, StoreSchemes.scheme(of: store) == nil { resolved.store = resolve(store) }
            resolved.out = resolve(practice.out ?? "plans/" + practice.name)
            let out = URL(fileURLWithPath: resolved.out ?? "").standardizedFileURL.path
            if let other = outs.updateValue(practice.name, forKey: out) {
                throw CommitCheckError(path: path, "\(at).out: '\(other)' is planned into the same folder")
            }
            return resolved
        }
        batch =
            file.batch
            ?? SHA256.hash(data: data).prefix(6).map { String(format: "%02x", $0) }.joined()
    }

    /// `path:line:column` of the practice a coding path is inside (the manifest's first byte for
    /// anything else): JSONDecoder says which value is wrong, not where it is.
    static func place(_ path: String, _ data: Data, _ codingPath: [any CodingKey]) -> String {
        var offset = 0
        if codingPath.first?.stringValue == "practices", let index = codingPath.dropFirst().first?.intValue,
            let found = practiceOffset(index, in: [UInt8](data))
        {
            offset = found
        }
        let before = data.prefix(offset)
        let line = before.count { $0 == 0x0A } + 1
        let column = offset - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
        return "\(path):\(line):\(column)"
    }

    /// The byte offset of element `index` of the top-level `practices` array, if the text has one.
    /// - Complexity: O(n) in the manifest's bytes.
    static func practiceOffset(_ index: Int, in bytes: [UInt8]) -> Int? {
        var depth = 0
        var position = 0
        var inString = false
        var escaped = false
        var keyStart: Int?
        var lastKey = ""
        var arrayDepth: Int?  // the practices array's depth, once inside it
        var element = 0
        var expectElement = false
        while position < bytes.count {
            let byte = bytes[position]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if let start = keyStart { lastKey = String(decoding: bytes[start..<position], as: UTF8.self) }
                    keyStart = nil
                }
                position += 1
                continue
            }
            let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            if expectElement && !isSpace {
                if element == index { return position }
                expectElement = false
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                keyStart = depth == 1 && arrayDepth == nil ? position + 1 : nil
            case UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: "["):
                depth += 1
                if depth == 2 && arrayDepth == nil && lastKey == "practices" {
                    arrayDepth = depth
                    expectElement = true
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if let array = arrayDepth, depth == array { return nil }
                depth -= 1
            case UInt8(ascii: ","):
                if let array = arrayDepth, depth == array {
                    element += 1
                    expectElement = true
                }
            default:
                break
            }
            position += 1
        }
        return nil
    }

    /// An array index as a coding key.
    struct IndexKey: CodingKey {
        var intValue: Int?
        var stringValue: String { "\(intValue ?? 0)" }
        init(intValue: Int) { self.intValue = intValue }
        init?(stringValue: String) { nil }
    }

    static func field(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
    }

    static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is [Any].Type, is [String].Type: "a list"
        default: "\(type)"
        }
    }

    /// `path:line:column` of a syntax error, when the decoder says where it is.
    static func place(_ path: String, _ data: Data, _ context: DecodingError.Context) -> String {
        // JSONSerialization says where (JSONDecoder does not).
        var text = "\(context.debugDescription) \(String(describing: context.underlyingError))"
        do {
            _ = try JSONSerialization.jsonObject(with: data)
        } catch {
            text += " " + ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "")
        }
        if let match = text.firstMatch(of: /line (\d+), column (\d+)/) { return "\(path):\(match.1):\(match.2)" }
        if let match = text.firstMatch(of: /(?:index|offset|character) (\d+)/), let offset = Int(match.1) {
            let before = data.prefix(offset)
            let line = before.count { $0 == 0x0A } + 1
            let column = offset - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
            return "\(path):\(line):\(column)"
        }
        return path
    }
}

/// One practice's line of the batch summary.
struct BatchLine: Encodable, Sendable {
    var practice: String
    var runId: String
    var planId: String?
    /// `planned`, `confirmed`, `committed` or `failed`.
    var status: String
    var records: Int?
    var clusters: Int?
    var auto: Int?
    var review: Int?
    var reviewShare: Double?
    var oneSided: Int?
    var quarantined: Int?
    /// What an operator should look at: `review share above 3%`, `rows quarantined`,
    /// `inputs with errors`, `not in the store yet` (planned as a first month).
    var flags: [String] = []
    var commitId: Int64?
    var plan: String?
    var store: String?
    var error: String?
    var seconds: Double?

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    var progress: String {
        if let error { return "\(practice): failed: \(error)\n" }
        return "\(practice): \(status), \(clusters ?? 0) clients, \(review ?? 0) for review\n"
    }
}

/// What every practice of a batch shares: the manifest, the bureau's store, the key.
struct BatchContext: Sendable {
    var manifest: BatchManifest
    var store: String?
    var key: String?

    /// The store a practice is planned against: its own, or the bureau's database for it.
    func store(for practice: BatchManifest.Practice) -> String? {
        if let store = practice.store { return store }
        guard let store, StoreSchemes.scheme(of: store) != nil else { return nil }
        let base = store.split(separator: "?", maxSplits: 1).first.map(String.init) ?? store
        return base + "?practice=" + practice.name
    }

    /// The store at `location`, or nil when it does not hold the practice yet (it is planned as
    /// a first month). Opened to write when a small practice may be committed to it.
    func existingStore(_ location: String) throws -> (any CanonicalStore)? {
        do {
            return try openStore(location, access: key == nil ? .read : .write)
        } catch let error where error.missing {
            return nil
        }
    }

    /// Plans one practice (and confirms and commits a small one, given a key); never throws: a
    /// failure is the line's.
    func run(_ practice: BatchManifest.Practice) -> BatchLine {
        let start = Date()
        var line = BatchLine(practice: practice.name, runId: manifest.batch, status: "failed")
        do {
            var options = PlanOptions(policy: ReconcilePolicy(rawValue: practice.policy ?? "combine") ?? .combine)
            for statement in practice.prefer ?? [] { try options.preferences.apply(statement) }
            let location = store(for: practice)
            let store = try location.flatMap(existingStore)
            options.committedFrom = store
            line.store = store?.location
            let out = practice.out ?? "plans/" + practice.name
            let files = InputFiles(
                hq: practice.hq, hqContacts: practice.hqContacts, xpm: practice.xpm ?? [],
                xpmCSV: practice.xpmCsv ?? [], columns: practice.columns)
            let replanned = try PlanFolder.plan(files, options: options, out: out, fresh: false, progress: nil)
            let written = replanned.written
            let summary = written.header.summary
            line.plan = out
            line.planId = written.header.planId
            line.records = summary.records
            line.clusters = summary.clusters
            line.auto = summary.auto
            line.review = summary.review
            line.reviewShare =
                summary.clusters == 0
                ? 0 : (Double(summary.review) / Double(summary.clusters) * 10_000).rounded() / 10_000
            line.oneSided = summary.oneSided
            line.quarantined = summary.quarantined
            if (line.reviewShare ?? 0) > 0.03 { line.flags.append("review share above 3%") }
            if summary.quarantined > 0 { line.flags.append("rows quarantined") }
            if location != nil && store == nil { line.flags.append("not in the store yet") }
            if written.read.hasErrors {
                line.flags.append("inputs with errors")
                line.error = "the inputs have errors; scr check names them"
                line.seconds = (Date().timeIntervalSince(start) * 1000).rounded() / 1000
                return line
            }
            line.status = "planned"
            let hq = written.match.records.count { $0.source == .hq }
            let xpm = written.match.records.count - hq
            if let key, hq <= Plan.autoConfirmLimit, xpm <= Plan.autoConfirmLimit {
                try DecisionsFile.acceptUndecided(folder: out)
                try Confirmation.sign(folder: out, key: try AdministratorKey(contentsOf: key)).write(folder: out)
                line.status = "confirmed"
                if let store {
                    line.commitId = try store.commit(folder: out).commitId
                    line.status = "committed"
                }
            }
        } catch {
            line.status = "failed"
            line.error = "\(error)"
        }
        line.seconds = (Date().timeIntervalSince(start) * 1000).rounded() / 1000
        return line
    }
}

/// A value several threads update.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    func update(_ change: (inout Value) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        change(&stored)
    }
}
