import Foundation
import PostgresNIO
import SCRTestSupport
@_spi(StoreBackend) import SingleClientRecord
import Testing

@testable import PostgresStore

/// The PostgreSQL cluster `Scripts/with-postgres` started for the tests (`Scripts/test` runs them
/// inside it), with a new practice name for each use.
enum TestCluster {
    static func url() throws -> String {
        try #require(
            ProcessInfo.processInfo.environment["SCR_TEST_POSTGRES"],
            "SCR_TEST_POSTGRES is not set: run the tests with Scripts/test, which starts a PostgreSQL cluster")
    }

    /// The store's location for a new practice.
    static func practice(_ name: String) throws -> String {
        try url() + "?practice=\(name)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}

/// The PostgreSQL store against the SQLite store: the same confirmed plans give the same
/// canonical clients, ids, members, history and exports; practices cannot see each other's rows.
@Suite(.serialized) struct PostgresStoreTests {
    let folder = TemporaryFolder()

    init() { PostgresCanonicalStore.register() }

    func run(_ arguments: [String]) throws -> SCRRun {
        let result = try runSCR(arguments)
        #expect(result.status == 0, "scr \(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    /// Everything a store holds that does not depend on who signed or when: the clients with their
    /// members and records, what the next plan reads, the counts, and every client's history.
    func contents(of store: any CanonicalStore) throws -> String {
        var lines: [String] = []
        let clients = try store.clients()
        let counts = try store.counts()
        lines.append("counts \(counts.clients) \(counts.members) \(counts.apart)")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for client in clients {
            lines.append(String(decoding: try encoder.encode(client), as: UTF8.self))
            let history = try #require(try store.history(of: client.id))
            for version in history.versions {
                lines.append(
                    "  version \(version.commit.id) \(version.archived) \(version.members) +\(version.added) -\(version.removed) \(version.changes.map(\.text))"
                )
            }
            for decision in history.decisions {
                lines.append(
                    "  decision \(decision.commit) \(decision.cluster) \(decision.decision) \(decision.status) \(decision.members) \(decision.undoneBy.map(String.init) ?? "")"
                )
            }
            for pair in history.apart { lines.append("  apart \(pair.a) \(pair.b) \(pair.commit)") }
        }
        let committed = try store.committedDecisions()
        lines.append("generation \(committed.state.generation)")
        for client in committed.clients {
            lines.append(
                "\(client.id) \(client.members) \(client.joined) \(client.missingSince) \(client.recordHash ?? 0) \(client.fingerprints.map { $0?.bytes.count ?? -1 })"
            )
        }
        lines.append("apart \(committed.apart.map { "\($0.0)|\($0.1)" }) \(committed.apartSince)")
        for entry in try store.journal() {
            lines.append(
                "journal \(entry.id) \(entry.kind) \(String(describing: entry.committed)) \(String(describing: entry.restored)) \(entry.undoneBy.map(String.init) ?? "") \(entry.undid.map(String.init) ?? "")"
            )
        }
        return lines.joined(separator: "\n")
    }

    /// `scr log` or `scr show` text with its times, key fingerprints and plan ids replaced.
    static func withoutTimesAndKeys(_ text: String) -> String {
        text.replacing(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/, with: "<time>")
            .replacing(/SHA256:[0-9a-f]+/, with: "<key>")
            .replacing(/plan [0-9a-f]{12}/, with: "plan <id>")
    }

    func exports(of store: String, into out: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for format in ["xpm-csv", "hq-csv", "json"] {
            _ = try run(["export", "--store", store, "--format", format, "--out", out + "/" + format])
            for name in try FileManager.default.contentsOfDirectory(atPath: out + "/" + format) {
                files[format + "/" + name] = FileManager.default.contents(atPath: out + "/" + format + "/" + name)
            }
        }
        return files
    }

    /// Month two's HQ export: the last 20 rows gone and one name changed on every 25th row.
    func monthTwo(_ hq: String, into path: String) throws {
        // Rows end in CRLF (one Character in Swift); a quoted field may hold a bare line feed.
        var lines = try String(contentsOfFile: hq, encoding: .utf8).split(
            separator: "\r\n", omittingEmptySubsequences: false
        ).map(String.init)
        try #require(lines.count > 50, "\(hq) has \(lines.count) rows")
        lines.removeSubrange((lines.count - 21)..<(lines.count - 1))
        for index in stride(from: 1, to: lines.count - 1, by: 25) {
            var fields = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let name: String = fields[1]
            fields[1] = name.hasPrefix("\"") ? "\"Renamed " + String(name.dropFirst()) : "Renamed " + name
            lines[index] = fields.joined(separator: ",")
        }
        try lines.joined(separator: "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func theSameConfirmedPlansGiveTheSameStoreInSQLiteAndPostgreSQL() throws {
        let postgres = try TestCluster.practice("equivalence")
        var stores: [String: String] = [:]
        var contents: [String: [String]] = [:]
        var exported: [String: [[String: Data]]] = [:]
        for (kind, location) in [("sqlite", nil), ("postgres", postgres)] {
            let root = folder.path + "/" + kind
            let practice = try PlannedPractice(in: root, clients: 300, seed: 11, store: location, decide: .reject)
            stores[kind] = practice.store
            let store = try openStore(practice.store)
            _ = try run(["commit", practice.plan, "--store", practice.store])
            contents[kind, default: []].append(try self.contents(of: store))
            exported[kind, default: []].append(try exports(of: practice.store, into: root + "/export-1"))

            // Month two: records gone, names changed; the review clusters accepted this time.
            try monthTwo(root + "/practice/hq.csv", into: root + "/hq-2.csv")
            let plan2 = root + "/plan-2"
            _ = try run([
                "plan", "--hq", root + "/hq-2.csv", "--xpm", root + "/practice/xpm.xml", "--store", practice.store,
                "--out", plan2,
            ])
            for id in try DecisionsFile.read(folder: plan2, plan: try PlanDocument.read(from: plan2)).undecided {
                _ = try run(["decide", plan2, id, "accept"])
            }
            _ = try run(["confirm", plan2, "--key", practice.key])
            _ = try run(["commit", plan2, "--store", practice.store])
            contents[kind, default: []].append(try self.contents(of: store))
            exported[kind, default: []].append(try exports(of: practice.store, into: root + "/export-2"))

            // scr log and scr show read the same story from either store (times and keys aside).
            let shown = try store.clients().filter { $0.members.count > 1 }.prefix(5).map { client in
                try run(["show", client.id, "--store", practice.store]).stdout
            }
            contents[kind, default: []].append(
                Self.withoutTimesAndKeys(try run(["log", "--store", practice.store]).stdout + shown.joined()))

            _ = try run(["rollback", "2", "--store", practice.store])
            contents[kind, default: []].append(try self.contents(of: store))
        }
        let sqlite = try #require(contents["sqlite"])
        let pg = try #require(contents["postgres"])
        #expect(sqlite.count == 4 && pg.count == 4)
        for (index, (a, b)) in zip(sqlite, pg).enumerated() {
            #expect(a == b, "stage \(index): the stores differ")
        }
        // The plans committed were the same, so were the stores: clients created, changed, archived.
        #expect(sqlite[0] != sqlite[1])
        #expect(sqlite[1].contains("Renamed"))
        #expect(exported["sqlite"] == exported["postgres"])
        #expect(exported["sqlite"]?.first?.isEmpty == false)
        // After rollback of commit 2, the clients are as commit 1 left them.
        let clientsOnly = { (text: String) in text.split(separator: "\n").filter { $0.hasPrefix("{") } }
        #expect(clientsOnly(sqlite[3]) == clientsOnly(sqlite[0]))
        #expect(sqlite[2].contains("commit 2  <time>  Master (key <key>)  plan <id>: "), "\(sqlite[2])")
    }

    @Test func aPracticeSeesAndWritesOnlyItsOwnRows() throws {
        let a = try TestCluster.practice("a")
        let b = try TestCluster.practice("b")
        let practiceA = try PlannedPractice(in: folder.path + "/a", clients: 40, seed: 2, store: a, decide: .accept)
        _ = try run(["commit", practiceA.plan, "--store", a])
        let keyB = folder.path + "/b.key"
        _ = try run(["admin", "add", "--name", "B Master", "--role", "master-admin", "--store", b, "--key-out", keyB])
        let storeA = try PostgresCanonicalStore(url: a)
        let aCounts = try storeA.counts()
        #expect(aCounts.clients > 30)

        // A session for practice B, whatever its statements say, finds none of A's rows and
        // changes none of them.
        let sessionB = try PostgresSession(try PostgresLocation(b))
        let practiceAName = try #require(try PostgresLocation(a).practice)
        func count(_ sql: String) throws -> Int64 { try sessionB.query(sql).first!.decode(Int64.self) }
        #expect(try count("SELECT count(*) FROM client") == 0)
        #expect(try count("SELECT count(*) FROM member") == 0)
        #expect(try count("SELECT count(*) FROM journal") == 0)
        #expect(try count("SELECT count(*) FROM client_version") == 0)
        #expect(try count("SELECT count(*) FROM administrator") == 1)
        var binds = PostgresBindings()
        binds.append(practiceAName)
        #expect(
            try sessionB.query("SELECT count(*) FROM client WHERE practice = $1", binds).first!.decode(Int64.self) == 0)
        #expect(try sessionB.execute("UPDATE client SET name = 'taken' WHERE practice = $1", binds) == 0)
        #expect(try sessionB.execute("DELETE FROM member WHERE practice = $1", binds) == 0)
        #expect(try sessionB.execute("UPDATE practice SET generation = 99 WHERE practice = $1", binds) == 0)
        #expect(throws: StoreError.self) {
            try sessionB.query(
                "INSERT INTO client (practice, id, name, archived, record, commit_id, record_hash) VALUES ($1, 'C-x', 'x', false, '{}', 1, 0)",
                binds)
        }
        // Even a session that names no practice sees nothing of a practice's; and the bureau's
        // queue is hidden from every session that names a practice.
        let bureau = try PostgresSession(try PostgresLocation(try TestCluster.url()))
        #expect(try bureau.query("SELECT count(*) FROM client").first!.decode(Int64.self) == 0)
        let batch = "rls-" + UUID().uuidString.prefix(8).lowercased()
        #expect(try BatchQueue(url: try TestCluster.url()).enqueue(batch: batch, practices: [("p", "{}")]) == 1)
        var batchBinds = PostgresBindings()
        batchBinds.append(batch)
        let queued = "SELECT count(*) FROM batch_job WHERE batch = $1"
        #expect(try bureau.query(queued, batchBinds).first!.decode(Int64.self) == 1)
        #expect(try sessionB.query(queued, batchBinds).first!.decode(Int64.self) == 0)
        #expect(try sessionB.execute("UPDATE batch_job SET state = 'done' WHERE batch = $1", batchBinds) == 0)
        #expect(try storeA.counts() == aCounts)
        #expect(try storeA.state().generation == 1)

        // An administrator of A cannot commit to B: B's plan confirmed with A's key is refused.
        let planB = folder.path + "/plan-b"
        _ = try run([
            "plan", "--hq", practiceA.folder + "/practice/hq.csv", "--xpm", practiceA.folder + "/practice/xpm.xml",
            "--store", b, "--out", planB,
        ])
        for id in try DecisionsFile.read(folder: planB, plan: try PlanDocument.read(from: planB)).undecided {
            _ = try run(["decide", planB, id, "accept"])
        }
        _ = try run(["confirm", planB, "--key", practiceA.key])
        let refused = try runSCR(["commit", planB, "--store", b])
        #expect(refused.status == 1)
        let fingerprint = try AdministratorKey(contentsOf: practiceA.key).publicKey.fingerprint
        #expect(
            refused.stderr
                == "\(try PostgresLocation(b).description): error: the plan was confirmed with key \(fingerprint), which is not an active administrator's in this store\n"
        )
        #expect(try PostgresCanonicalStore(url: b).counts() == (0, 0, 0))
    }

    @Test func theReviewBoardCommitsToAPostgreSQLPractice() throws {
        let location = try TestCluster.practice("board")
        let practice = try PlannedPractice(in: folder.path, clients: 200, seed: 8, store: location, decide: .accept)
        let server = try ReviewProcess(["review", practice.plan, "--key", practice.key, "--store", location])
        let summary = try server.request("GET", "/api/summary", bearer: true)
        #expect(summary.status == 200)
        let commit = try server.request("POST", "/api/commit", bearer: true, body: Data("{}".utf8))
        #expect(commit.status == 200, "\(commit.text)")
        let result = try #require(try commit.json()["result"] as? [String: Any])
        #expect(result["commitId"] as? Int == 1)
        let (status, _) = try server.stop()
        #expect(status == 0)
        let store = try PostgresCanonicalStore(url: location)
        #expect(try store.state().generation == 1)
        #expect(try store.counts().clients == result["clients"] as? Int)
        let log = try runSCR(["log", "--store", location, "--json"])
        #expect(log.status == 0)
        #expect(log.stdout.contains(#""kind":"commit""#))
    }

    @Test func aStoreANewerScrMigratedIsRefused() throws {
        // A database of its own: the other tests share the cluster's `scr` database.
        let admin = try #require(ProcessInfo.processInfo.environment["SCR_POSTGRES_ADMIN"])
        let database = "newer_" + UUID().uuidString.prefix(8).lowercased()
        let created = try runProgram(
            URL(fileURLWithPath: "/usr/bin/psql"), [admin, "-q", "-c", "CREATE DATABASE \(database) OWNER scr"])
        #expect(created.status == 0, "\(created.stderr)")
        let base = try TestCluster.url()
        #expect(base.hasSuffix("/scr"))
        let url = String(base.dropLast("scr".count)) + database + "?practice=a"
        let key = folder.path + "/a.key"
        #expect(
            try runSCR(["admin", "add", "--name", "A", "--role", "master-admin", "--store", url, "--key-out", key])
                .status == 0)
        let session = try PostgresSession(try PostgresLocation(url).with(practice: nil))
        try session.query("INSERT INTO scr_migration (id) VALUES ('pg9 from the future')")
        let refused = try runSCR(["admin", "list", "--store", url])
        #expect(refused.status == 1)
        #expect(
            refused.stderr
                == "\(try PostgresLocation(url).description): error: the store was written by a newer scr (it has migration 'pg9 from the future'); use a newer scr\n"
        )
    }

    @Test func aSuperuserOrAPasswordInTheLocationIsRefused() throws {
        let admin = try #require(ProcessInfo.processInfo.environment["SCR_POSTGRES_ADMIN"])
        let superuser = try runSCR(["admin", "list", "--store", admin + "?practice=x"])
        #expect(superuser.status == 1)
        #expect(
            superuser.stderr.contains(
                "error: the store's user 'postgres' is a superuser or bypasses row-level security"))
        let url = try TestCluster.url()
        let withPassword = url.replacingOccurrences(of: "scr@", with: "scr:secret@") + "?practice=x"
        let refused = try runSCR(["admin", "list", "--store", withPassword])
        #expect(refused.status == 1)
        #expect(!refused.stderr.contains("secret"))
        #expect(refused.stderr.contains("a password is never written in the store's location"))
        let missing = try runSCR(["admin", "list", "--store", url + "?practice=nobody"])
        #expect(
            missing.stderr
                == "\(url)?practice=nobody: error: no practice 'nobody' in this store; `scr admin add` creates it with its first administrator\n"
        )
        let badName = try runSCR(["admin", "list", "--store", url + "?practice=a%20b"])
        #expect(
            badName.stderr.hasSuffix("error: the practice's name may hold only letters, digits, '.', '_' and '-'\n"))
    }

    @Test func twoCommitsToOnePracticeAtOnceOneWinsTheOtherIsStale() throws {
        let location = try TestCluster.practice("race")
        let practice = try PlannedPractice(in: folder.path, clients: 1500, seed: 4, store: location, decide: .accept)
        // A second plan of the same practice against the same state, confirmed too.
        let second = folder.path + "/plan-second"
        try FileManager.default.copyItem(atPath: practice.plan, toPath: second)
        let other = try TestCluster.practice("other")
        let otherPractice = try PlannedPractice(
            in: folder.path + "/other", clients: 1500, seed: 5, store: other, decide: .accept)

        let commands = [
            ["commit", practice.plan, "--store", location], ["commit", second, "--store", location],
            ["commit", otherPractice.plan, "--store", other],
        ]
        let results = ResultBox()
        DispatchQueue.concurrentPerform(iterations: commands.count) { index in
            let result = try? runSCR(commands[index])
            results.set(index, result)
        }
        let first = try #require(results.get(0))
        let secondResult = try #require(results.get(1))
        let third = try #require(results.get(2))
        // The same confirmation twice: one commits it, the other finds it committed or the store
        // changed; never both written.
        let outcomes = [first, secondResult].map { $0.stdout + $0.stderr }
        #expect(outcomes.filter { $0.contains("as commit 1:") }.count == 1, "\(outcomes)")
        #expect(
            outcomes.filter {
                $0.contains("is already committed as commit 1")
                    || $0.contains("the store has changed since the plan was made")
            }.count == 1, "\(outcomes)")
        #expect(third.status == 0, "\(third.stderr)")
        let store = try PostgresCanonicalStore(url: location)
        #expect(try store.state().generation == 1)
        #expect(try store.journal().count == 1)
        #expect(try PostgresCanonicalStore(url: other).state().generation == 1)

        // Two different plans against one state (month two's exports, and the first month's
        // again): the second to commit is refused as stale.
        let planA = folder.path + "/again-a"
        let planB = folder.path + "/again-b"
        try monthTwo(practice.folder + "/practice/hq.csv", into: folder.path + "/hq-2.csv")
        for plan in [planA, planB] {
            _ = try run([
                "plan", "--hq", plan == planA ? folder.path + "/hq-2.csv" : practice.folder + "/practice/hq.csv",
                "--xpm", practice.folder + "/practice/xpm.xml",
                "--store", location, "--out", plan,
            ])
            for id in try DecisionsFile.read(folder: plan, plan: try PlanDocument.read(from: plan)).undecided {
                _ = try run(["decide", plan, id, plan == planA ? "accept" : "reject"])
            }
            _ = try run(["confirm", plan, "--key", practice.key])
        }
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            results.set(index, try? runSCR(["commit", index == 0 ? planA : planB, "--store", location]))
        }
        let pair = [try #require(results.get(0)), try #require(results.get(1))]
        #expect(pair.filter { $0.status == 0 }.count == 1, "\(pair.map(\.stderr))")
        let loser = try #require(pair.first { $0.status != 0 })
        #expect(
            loser.stderr.hasSuffix(
                "error: the store has changed since the plan was made (1 commit(s) or rollback(s) since); plan again with --store \(try PostgresLocation(location).description)\n"
            ))
        #expect(try store.state().generation == 2)
    }

    @Test func aKilledCommitLeavesThePracticeBeforeOrAfterNeverBetween() throws {
        // One plan made without a store, committed to a new practice each time, whose
        // master-admin holds the key that confirmed it.
        let generated = folder.path + "/practice"
        _ = try run(["generate", "--clients", "2000", "--seed", "3", "--out", generated])
        let plan = folder.path + "/plan"
        _ = try run(["plan", "--hq", generated + "/hq.csv", "--xpm", generated + "/xpm.xml", "--out", plan])
        for id in try DecisionsFile.read(folder: plan, plan: try PlanDocument.read(from: plan)).undecided {
            _ = try run(["decide", plan, id, "reject"])
        }
        let key = AdministratorKey()
        try key.write(to: folder.path + "/master.key")
        _ = try run(["confirm", plan, "--key", folder.path + "/master.key"])
        func practice() throws -> PostgresCanonicalStore {
            let store = try PostgresCanonicalStore(url: try TestCluster.practice("killed"), access: .create)
            try store.addAdministrator(name: "Master", role: .masterAdmin, publicKey: key.publicKey)
            return store
        }
        let reference = try practice()
        let start = Date()
        _ = try run(["commit", plan, "--store", reference.location])
        let duration = Date().timeIntervalSince(start)
        let full = try reference.counts()
        #expect(full.clients > 1500)

        var generator = SystemRandomNumberGenerator()
        var outcomes: [String: Int] = [:]
        for attempt in 0..<8 {
            let store = try practice()
            let range = attempt % 2 == 0 ? 0.3...1.0 : 0.9...1.3
            try runSCRKilled(
                ["commit", plan, "--store", store.location],
                after: duration * Double.random(in: range, using: &generator))
            // PostgreSQL ends the killed session's transaction; wait until it has.
            var counts = try store.counts()
            var generation = try store.state().generation
            for _ in 0..<50 where counts != (0, 0, 0) && counts != full {
                usleep(100_000)
                counts = try store.counts()
                generation = try store.state().generation
            }
            let before = counts == (0, 0, 0) && generation == 0
            let after = counts == full && generation == 1
            #expect(before || after, "attempt \(attempt): \(counts), generation \(generation)")
            outcomes[before ? "before" : after ? "after" : "between", default: 0] += 1
            // The practice can always be committed afterwards (no lock left behind).
            if before { _ = try run(["commit", plan, "--store", store.location]) }
            #expect(try store.counts() == full)
        }
        #expect(outcomes["between"] == nil)
        print("killed PostgreSQL commits: \(outcomes) (a whole commit takes \(String(format: "%.2f", duration)) s)")
    }
}

/// Results gathered from concurrent work.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Int: SCRRun] = [:]

    func set(_ index: Int, _ result: SCRRun?) {
        lock.lock()
        defer { lock.unlock() }
        results[index] = result
    }

    func get(_ index: Int) -> SCRRun? {
        lock.lock()
        defer { lock.unlock() }
        return results[index]
    }
}
