import Foundation
import SCRTestSupport
import SingleClientRecord
import Testing

/// `scr commit` and `scr rollback`, run as the built binary on the demo practice.
@Suite struct CommitCommandTests {
    let folder = TemporaryFolder()

    /// The demo's inputs copied (so a test may change them), a store with a master-admin, and a
    /// plan made against it, its review clusters accepted, and confirmed.
    private func confirmedPlan(name: String = "plan") throws -> (plan: String, store: String, key: String, hq: String) {
        let hq = folder.path + "/hq.csv"
        if !FileManager.default.fileExists(atPath: hq) {
            for file in ["hq.csv", "xpm.xml"] {
                try FileManager.default.copyItem(
                    atPath: Fixtures.path("demo/" + file), toPath: folder.path + "/" + file)
            }
        }
        let store = folder.path + "/practice.sqlite"
        let key = folder.path + "/sarah.key"
        if !FileManager.default.fileExists(atPath: key) {
            #expect(
                try runSCR([
                    "admin", "add", "--name", "Sarah", "--role", "master-admin", "--store", store, "--key-out", key,
                ])
                .status == 0)
        }
        let plan = folder.path + "/" + name
        #expect(
            try runSCR(["plan", "--hq", hq, "--xpm", folder.path + "/xpm.xml", "--store", store, "--out", plan]).status
                == 0)
        #expect(try DecisionsFile.acceptUndecided(folder: plan) == 5)
        #expect(try runSCR(["confirm", plan, "--key", key]).status == 0)
        return (plan, store, key, hq)
    }

    @Test func aConfirmedPlanIsCommittedOnceAndRolledBack() throws {
        let (plan, store, _, _) = try confirmedPlan()
        let document = try PlanDocument.read(from: plan)
        let committed = try runSCR(["commit", plan, "--store", store, "--json"])
        #expect(committed.status == 0)
        let result = try JSONDecoder().decode(CommitResult.self, from: Data(committed.stdout.utf8))
        #expect(result.commitId == 1 && !result.alreadyCommitted)
        #expect(result.clients == document.clusters.count && result.created == document.clusters.count)
        #expect(result.members == 65)
        let counts = try SQLiteStore(path: store).counts()
        #expect(counts.clients == document.clusters.count && counts.members == 65)

        let again = try runSCR(["commit", plan, "--store", store])
        #expect(again.status == 0)
        #expect(
            again.stderr == "Plan \(document.planId.prefix(12)) is already committed as commit 1; nothing changed.\n")
        #expect(try SQLiteStore(path: store).counts().clients == document.clusters.count)

        let rolledBack = try runSCR(["rollback", "1", "--store", store])
        #expect(rolledBack.status == 0)
        #expect(
            rolledBack.stderr
                == "Rolled back commit 1 (journal entry 2): \(document.clusters.count) clients removed, 0 restored, 65 records returned.\n"
        )
        #expect(try SQLiteStore(path: store).counts() == (0, 0, 0))
        let twice = try runSCR(["rollback", "1", "--store", store])
        #expect(twice.status == 1)
        #expect(twice.stderr == "\(store): error: commit 1 was already rolled back (by journal entry 2)\n")
        // The store moved on: the old plan is refused, a new one commits.
        let stale = try runSCR(["commit", plan, "--store", store])
        #expect(stale.status == 1)
        #expect(
            stale.stderr
                == "\(store): error: the store has changed since the plan was made (2 commit(s) or rollback(s) since); plan again with --store \(store)\n"
        )
        let (fresh, _, _, _) = try confirmedPlan(name: "fresh")
        #expect(try runSCR(["commit", fresh, "--store", store]).status == 0)
        #expect(try SQLiteStore(path: store).integrityCheck() == "ok")
    }

    @Test func commitRefusesAndLeavesTheStoreUntouched() throws {
        let (plan, store, _, hq) = try confirmedPlan()
        func refused(_ plan: String, _ message: String) throws {
            let run = try runSCR(["commit", plan, "--store", store])
            #expect(run.status == 1)
            #expect(run.stderr == message + "\n")
            #expect(try SQLiteStore(path: store).counts() == (0, 0, 0))
        }
        // A plan nobody confirmed.
        let (unconfirmed, _, _, _) = try confirmedPlan(name: "unconfirmed")
        try FileManager.default.removeItem(atPath: unconfirmed + "/confirmation.json")
        try refused(
            unconfirmed,
            "\(unconfirmed)/confirmation.json: error: the plan is not confirmed; run scr confirm with a master-admin's key"
        )

        // A key that is not an administrator's of this store.
        let (other, _, _, _) = try confirmedPlan(name: "other")
        let strangerKey = folder.path + "/stranger.key"
        try AdministratorKey().write(to: strangerKey)
        #expect(try runSCR(["confirm", other, "--key", strangerKey]).status == 0)
        let fingerprint = try AdministratorKey(contentsOf: strangerKey).publicKey.fingerprint
        try refused(
            other,
            "\(store): error: the plan was confirmed with key \(fingerprint), which is not an active administrator's in this store"
        )

        // An administrator who has been removed.
        let kimKey = folder.path + "/kim.key"
        let bobKey = folder.path + "/bob.key"
        #expect(
            try runSCR(["admin", "add", "--name", "Kim", "--role", "admin", "--store", store, "--key-out", kimKey])
                .status == 0)
        #expect(
            try runSCR([
                "admin", "add", "--name", "Bob", "--role", "master-admin", "--store", store, "--key-out", bobKey,
            ])
            .status == 0)
        #expect(try runSCR(["confirm", other, "--key", kimKey]).status == 0)
        try refused(other, "\(store): error: Kim is an admin; a master-admin must confirm the plan")
        #expect(try runSCR(["confirm", other, "--key", bobKey]).status == 0)
        #expect(try runSCR(["admin", "remove", "--name", "Bob", "--store", store]).status == 0)
        let bob = try AdministratorKey(contentsOf: bobKey).publicKey.fingerprint
        try refused(
            other,
            "\(store): error: the plan was confirmed with key \(bob), which is not an active administrator's in this store"
        )

        // A tampered plan.json: one byte.
        var text = try String(contentsOfFile: plan + "/plan.json", encoding: .utf8)
        text = text.replacingOccurrences(of: "\"confidence\":1.0", with: "\"confidence\":0.9")
        try text.write(toFile: plan + "/plan.json", atomically: false, encoding: .utf8)
        try refused(plan, "\(plan)/plan.json: error: the plan has changed since it was confirmed; confirm it again")

        // A policy or a preference that does not parse is refused where it stands, never read as
        // another: by commit after confirming, and by confirm.
        for (name, from, to, reason) in [
            (
                "policy", "\"policy\":\"combine\"", "\"policy\":\"combined\"",
                "unknown policy 'combined'; a plan's policy is one of combine, keep-xpm, keep-hq"
            ),
            (
                "preferences", "\"preferences\":{", "\"preferences\":{\"colour\":\"hq\",",
                "the preference 'colour' does not parse: \(PreferenceError.unknownField("colour"))"
            ),
        ] {
            let (bent, _, key, _) = try confirmedPlan(name: "bent-\(name)")
            var json = try String(contentsOfFile: bent + "/plan.json", encoding: .utf8)
            #expect(json.contains(from))
            json = json.replacingOccurrences(of: from, with: to)
            try json.write(toFile: bent + "/plan.json", atomically: false, encoding: .utf8)
            let lines = json.split(separator: "\n", omittingEmptySubsequences: false)
            let line = try #require(lines.lastIndex { $0.contains("\"\(name)\":") })
            let column =
                lines[line].distance(
                    from: lines[line].startIndex, to: lines[line].ranges(of: "\"\(name)\":").last!.upperBound) + 1
            let message = "\(bent)/plan.json:\(line + 1):\(column): error: cannot read the plan: \(reason)"
            try refused(bent, message)
            let confirm = try runSCR(["confirm", bent, "--key", key])
            #expect(confirm.status == 1)
            #expect(confirm.stderr == message + "\n")
        }

        // A decision flipped after confirming.
        let (flipped, _, _, _) = try confirmedPlan(name: "flipped")
        let first = try #require(try PlanDocument.read(from: flipped).clusters.first)
        var csv = try String(contentsOfFile: flipped + "/decisions.csv", encoding: .utf8)
        csv = csv.replacingOccurrences(of: "\(first.id),auto,merge,accept,", with: "\(first.id),auto,merge,reject,")
        try csv.write(toFile: flipped + "/decisions.csv", atomically: false, encoding: .utf8)
        try refused(
            flipped,
            "\(flipped)/decisions.csv: error: the decisions have changed since the plan was confirmed; confirm it again"
        )

        // A plan made against another store.
        let elsewhere = folder.path + "/elsewhere.sqlite"
        #expect(
            try runSCR([
                "admin", "add", "--name", "Sam", "--role", "master-admin", "--store", elsewhere, "--key-out",
                folder.path + "/sam.key",
            ]).status == 0)
        let foreign = folder.path + "/foreign"
        #expect(
            try runSCR(["plan", "--hq", hq, "--xpm", folder.path + "/xpm.xml", "--store", elsewhere, "--out", foreign])
                .status == 0)
        try DecisionsFile.acceptUndecided(folder: foreign)
        #expect(try runSCR(["confirm", foreign, "--key", folder.path + "/sarah.key"]).status == 0)
        let otherId = try SQLiteStore(path: elsewhere).state().id
        try refused(
            foreign,
            "\(store): error: the plan was made against another store (\(otherId)); plan again with --store \(store)")

        // An input that changed after planning.
        let (changed, _, _, _) = try confirmedPlan(name: "changed")
        let handle = try #require(FileHandle(forWritingAtPath: hq))
        handle.seekToEndOfFile()
        handle.write(Data("\n".utf8))
        try handle.close()
        try refused(
            changed, "\(hq): error: the file has changed since the plan was made (its SHA-256 differs); plan again")
    }

    @Test func exportsReadBackAndSplitForXPM() throws {
        let (plan, store, _, _) = try confirmedPlan()
        #expect(try runSCR(["commit", plan, "--store", store]).status == 0)
        let clients = try SQLiteStore(path: store).clients()
        let out = folder.path + "/export"

        // hq-csv: scr check reads it back to the same records.
        #expect(try runSCR(["export", "--store", store, "--format", "hq-csv", "--out", out]).status == 0)
        let check = try runSCR(["check", "--hq", out + "/hq.csv"])
        #expect(check.status == 0)
        let read = InputReader.read(InputFiles(hq: out + "/hq.csv"))
        #expect(read.quarantine.isEmpty)
        #expect(read.records.map(\.key) == clients.map(\.id))
        for (record, client) in zip(read.records, clients) {
            #expect(record[.name] == client.record.fields[.name]?.value)
            #expect(record[.businessNumber] == client.record.fields[.businessNumber]?.value)
            #expect(
                record[.email]
                    == (client.record.emails.isEmpty ? nil : client.record.emails.map(\.value).joined(separator: "; ")))
            // Every phone of the kind, as the export writes them (nothing lost): "A / B".
            let phones = client.record.phones.filter { $0.kind == "phone" }.map(\.value)
            #expect(record[.phone] == (phones.isEmpty ? nil : phones.joined(separator: " / ")))
            #expect(parseBoolean(record[.archived] ?? "") == client.archived)
            #expect(record.groups.map(\.name) == client.record.groups.map(\.name))
        }

        // json: every client with its members and provenance.
        #expect(try runSCR(["export", "--store", store, "--format", "json", "--out", out]).status == 0)
        let json = try JSONDecoder().decode(
            [StoredCanonicalClient].self, from: try Data(contentsOf: URL(fileURLWithPath: out + "/clients.json")))
        #expect(json == clients)
        #expect(json.flatMap(\.members).count == 65)
    }

    @Test func xpmExportsHoldAtMost500RowsAFile() throws {
        let practice = try PlannedPractice(in: folder.path, clients: 700, seed: 2, decide: .accept)
        let store = practice.store
        #expect(try runSCR(["commit", practice.plan, "--store", store]).status == 0)
        let out = folder.path + "/xpm-export"
        #expect(try runSCR(["export", "--store", store, "--format", "xpm-csv", "--out", out]).status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files.count >= 2)
        #expect(files.first == "xpm-clients-001.csv")
        /// Rows of a CSV file: line breaks outside quotes.
        func rowCount(_ text: String) -> Int {
            var quoted = false
            var rows = 0
            for byte in text.utf8 {
                if byte == UInt8(ascii: "\"") { quoted.toggle() }
                if byte == 0x0A && !quoted { rows += 1 }
            }
            return rows
        }
        var rows = 0
        for file in files {
            let text = try String(contentsOfFile: out + "/" + file, encoding: .utf8)
            #expect(text.hasPrefix("UUID,ClientID,Name,First Name,Last Name,"))
            let count = rowCount(text) - 1
            #expect(count <= 500)
            rows += count
        }
        let clients = try SQLiteStore(path: store).clients()
        #expect(rows == clients.reduce(0) { $0 + max(1, $1.record.contacts.count) })
        // XPM's own reader gathers the rows back into one client each.
        let read = InputReader.read(InputFiles(xpmCSV: files.map { out + "/" + $0 }))
        #expect(read.records.count == clients.count)
    }
}
