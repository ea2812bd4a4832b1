import Foundation
import SCRTestSupport
import SingleClientRecord
import Testing

/// Issue 15: the Master Admin's decisions and files survive every ordinary mistake. Each test
/// here failed on the code before it: files written through links, decisions reset by planning
/// again, cut files on a full disk or a kill, stores changed by commands that refuse, crashes on
/// huge sizes, stale export pages, raw Foundation errors.
@Suite struct NothingLostTests {
    let folder = TemporaryFolder()

    /// A small generated practice: its HQ and XPM files.
    private func practice(_ name: String = "practice", clients: Int = 40) throws -> (hq: String, xpm: String) {
        let out = folder.path + "/" + name
        let run = try runSCR(["generate", "--clients", String(clients), "--seed", "5", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        return (out + "/hq.csv", out + "/xpm.xml")
    }

    /// Runs the built scr in a shell with the file size limited to `blocks` of 512 bytes (SIGXFSZ
    /// ignored, so that a write past it fails with EFBIG as on a full disk).
    private func runLimited(_ arguments: [String], blocks: Int) throws -> SCRRun {
        let quoted = ([scrExecutable.path] + arguments).map {
            "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "trap '' XFSZ; ulimit -f \(blocks); exec \(quoted.joined(separator: " "))"]
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return SCRRun(status: process.terminationStatus, stdout: "", stderr: String(decoding: data, as: UTF8.self))
    }

    private func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// Runs one SQL statement on an SQLite file with Python's sqlite3, outside scr (a file that is
    /// not a store, a store from the future, a damaged journal).
    private func runSQL(_ path: String, _ statement: String) throws {
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = [
            "python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()",
            path, statement,
        ]
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0, "\(statement)")
    }

    private func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    /// The names in a folder that are not the files scr means to leave (temporary files).
    private func leftovers(_ path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasPrefix(".") }
    }

    private func linkMessage(_ path: String) -> String {
        "\(path): error: the file is a symbolic link; scr never writes through one: remove it or choose another path\n"
    }

    @Test func noCommandWritesThroughALink() throws {
        let (hq, xpm) = try practice()
        let victim = folder.write("victim.txt", "somebody's file\n")
        let victimMode = try mode(victim)
        let manager = FileManager.default

        // scr plan: plan.json a link to another file, then report.html a dangling link.
        let plan = folder.path + "/plan"
        try manager.createDirectory(
            atPath: plan, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        try manager.createSymbolicLink(atPath: plan + "/plan.json", withDestinationPath: victim)
        var run = try runSCR(["plan", "--hq", hq, "--xpm", xpm, "--out", plan])
        #expect(run.status == 1)
        #expect(run.stderr == linkMessage(plan + "/plan.json"))
        #expect(bytes(victim) == Data("somebody's file\n".utf8))
        #expect(try mode(victim) == victimMode)  // not made owner-only through the link
        #expect(try mode(plan) == 0o700)  // the existing folder is tightened
        try manager.removeItem(atPath: plan + "/plan.json")
        let nowhere = folder.path + "/nowhere.html"
        try manager.createSymbolicLink(atPath: plan + "/report.html", withDestinationPath: nowhere)
        run = try runSCR(["plan", "--hq", hq, "--xpm", xpm, "--out", plan])
        #expect(run.status == 1)
        #expect(run.stderr == linkMessage(plan + "/report.html"))
        #expect(!manager.fileExists(atPath: nowhere))
        #expect(!manager.fileExists(atPath: plan + "/plan.json"))
        #expect(try leftovers(plan).isEmpty)
        try manager.removeItem(atPath: plan + "/report.html")
        #expect(try runSCR(["plan", "--hq", hq, "--xpm", xpm, "--out", plan]).status == 0)

        // scr confirm: confirmation.json a link.
        let store = folder.path + "/store.sqlite"
        let key = folder.path + "/master.key"
        #expect(
            try runSCR(["admin", "add", "--name", "M", "--role", "master-admin", "--store", store, "--key-out", key])
                .status == 0)
        for id in try DecisionsFile.read(folder: plan, plan: try PlanDocument.read(from: plan)).undecided {
            #expect(try runSCR(["decide", plan, id, "accept"]).status == 0)
        }
        try manager.createSymbolicLink(atPath: plan + "/confirmation.json", withDestinationPath: victim)
        run = try runSCR(["confirm", plan, "--key", key])
        #expect(run.status == 1)
        #expect(run.stderr == linkMessage(plan + "/confirmation.json"))
        #expect(bytes(victim) == Data("somebody's file\n".utf8))

        // scr export: the file it writes is a link.
        let export = folder.path + "/export"
        try manager.createDirectory(atPath: export, withIntermediateDirectories: true)
        try manager.createSymbolicLink(atPath: export + "/clients.json", withDestinationPath: victim)
        run = try runSCR(["export", "--store", store, "--format", "json", "--out", export])
        #expect(run.status == 1)
        #expect(run.stderr == linkMessage(export + "/clients.json"))
        #expect(bytes(victim) == Data("somebody's file\n".utf8))

        // scr generate: hq.csv a link.
        let generated = folder.path + "/generated"
        try manager.createDirectory(atPath: generated, withIntermediateDirectories: true)
        try manager.createSymbolicLink(atPath: generated + "/hq.csv", withDestinationPath: victim)
        run = try runSCR(["generate", "--clients", "5", "--seed", "1", "--out", generated])
        #expect(run.status == 1)
        #expect(run.stderr == linkMessage(generated + "/hq.csv"))
        #expect(bytes(victim) == Data("somebody's file\n".utf8))
    }

    @Test func planningAgainKeepsThePersonsDecisions() throws {
        let practice = try PlannedPractice(in: folder.path, clients: 400, seed: 7, noise: "high", decide: .reject)
        let plan = practice.plan
        let hq = practice.folder + "/practice/hq.csv"
        let xpm = practice.folder + "/practice/xpm.xml"
        let decided = try DecisionsFile.read(folder: plan, plan: try PlanDocument.read(from: plan))
        let reviewed = decided.rows.filter { $0.cells[1] == "review" }.map(\.cluster)
        #expect(reviewed.count >= 3)
        #expect(decided.undecided.isEmpty)
        // An automatic cluster split by a person is a decision too.
        let auto = try #require(decided.rows.first { $0.cells[1] == "auto" && $0.cells[6].contains(" ") })
        #expect(try runSCR(["decide", plan, auto.cluster, "split"]).status == 0)

        // The same exports again: every decision a person made stands; the confirmation is gone.
        let again = try runSCR([
            "plan", "--hq", hq, "--xpm", xpm, "--store", practice.store, "--out", plan, "--json",
        ])
        #expect(again.status == 0, "\(again.stderr)")
        struct Result: Decodable {
            var carried: [String]
            var dropped: [String]
            var confirmationRemoved: Bool
        }
        let result = try JSONDecoder().decode(Result.self, from: Data(again.stdout.utf8))
        #expect(result.carried.sorted() == (reviewed + [auto.cluster]).sorted())
        #expect(result.dropped.isEmpty)
        #expect(result.confirmationRemoved)
        #expect(!FileManager.default.fileExists(atPath: plan + "/confirmation.json"))
        let kept = try DecisionsFile.read(folder: plan, plan: try PlanDocument.read(from: plan))
        #expect(kept.undecided.isEmpty)
        for id in reviewed { #expect(kept.rows[kept.byCluster[id]!].decision == .reject) }
        #expect(kept.rows[kept.byCluster[auto.cluster]!].decision == .split)

        // An HQ record of a reviewed cluster under a new Client ID: that cluster's decision is
        // dropped, and said; the others stand.
        let plannedClusters = try PlanDocument.read(from: plan).clusters
        var picked: (id: String, member: RecordReference)?
        for id in reviewed where picked == nil {
            if let hqMember = plannedClusters.first(where: { $0.id == id })?.members.first(where: { $0.source == .hq })
            {
                picked = (id, hqMember)
            }
        }
        let (changedId, member) = try #require(picked)
        let trimmed = folder.path + "/trimmed"
        try FileManager.default.createDirectory(atPath: trimmed, withIntermediateDirectories: true)
        let text = try String(contentsOfFile: hq, encoding: .utf8)
        let renamed = text.replacingOccurrences(of: "\n\(member.key),", with: "\nrenamed-\(member.key),")
        #expect(renamed != text)
        try renamed.write(toFile: trimmed + "/hq.csv", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: xpm, toPath: trimmed + "/xpm.xml")
        let changed = try runSCR([
            "plan", "--hq", trimmed + "/hq.csv", "--xpm", trimmed + "/xpm.xml", "--store", practice.store, "--out",
            plan,
        ])
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(
            changed.stderr.hasSuffix(
                "Carried over \(reviewed.count) decision(s) from the folder's earlier plan: their clusters are unchanged.\n"
                    + "Dropped 1 decision(s) of the earlier plan whose clusters changed; decide them again: \(changedId).\n"
            ), "\(changed.stderr)")

        // --fresh starts from none.
        let fresh = try runSCR(["plan", "--hq", hq, "--xpm", xpm, "--store", practice.store, "--out", plan, "--fresh"])
        #expect(fresh.status == 0)
        let none = try DecisionsFile.read(folder: plan, plan: try PlanDocument.read(from: plan))
        #expect(Set(none.undecided) == Set(reviewed))
    }

    @Test func anInputAmongThePlansOwnFilesIsRefused() throws {
        let (hq, xpm) = try practice()
        let plan = folder.path + "/plan"
        #expect(try runSCR(["plan", "--hq", hq, "--xpm", xpm, "--out", plan]).status == 0)
        try FileManager.default.removeItem(atPath: plan + "/report.html")
        try FileManager.default.copyItem(atPath: hq, toPath: plan + "/report.html")
        let before = bytes(plan + "/plan.json")
        let run = try runSCR(["plan", "--hq", plan + "/report.html", "--xpm", xpm, "--out", plan])
        #expect(run.status == 1)
        #expect(
            run.stderr
                == "\(plan)/report.html: error: an input cannot be one of the plan folder's own files (planning would overwrite it); move it out of the folder or plan into another\n"
        )
        #expect(bytes(plan + "/report.html") == bytes(hq))
        #expect(bytes(plan + "/plan.json") == before)
    }

    @Test func aFullDiskLeavesEveryFileAsItWas() throws {
        let practice = try PlannedPractice(in: folder.path, clients: 300, seed: 2, decide: nil)
        let plan = practice.plan
        let id = try #require(
            DecisionsFile.read(folder: plan, plan: try PlanDocument.read(from: plan)).undecided.first)
        let before = bytes(plan + "/decisions.csv")

        // decide: the file as it was, and why, in one line.
        var run = try runLimited(["decide", plan, id, "accept"], blocks: 8)
        #expect(run.status == 1)
        #expect(run.stderr == "\(plan)/decisions.csv: error: cannot write the file: file too large\n")
        #expect(bytes(plan + "/decisions.csv") == before)
        #expect(try leftovers(plan).isEmpty)

        // confirm: no confirmation.json at all, not an empty one.
        #expect(
            try runSCR([
                "plan", "--hq", practice.folder + "/practice/hq.csv", "--xpm",
                practice.folder + "/practice/xpm.xml", "--store", practice.store, "--out", plan, "--fresh",
            ]).status == 0)
        for undecided in try DecisionsFile.read(folder: plan, plan: try PlanDocument.read(from: plan)).undecided {
            #expect(try runSCR(["decide", plan, undecided, "accept"]).status == 0)
        }
        run = try runLimited(["confirm", plan, "--key", practice.key], blocks: 8)
        #expect(run.status == 1)
        #expect(run.stderr == "\(plan)/confirmation.json: error: cannot write the file: file too large\n")
        #expect(!FileManager.default.fileExists(atPath: plan + "/confirmation.json"))
        #expect(try leftovers(plan).isEmpty)

        // admin add: a key that could not be written leaves no file to block the next try.
        let key = folder.path + "/second.key"
        run = try runLimited(
            ["admin", "add", "--name", "Second", "--role", "admin", "--store", practice.store, "--key-out", key],
            blocks: 0)
        #expect(run.status == 1)
        #expect(run.stderr == "\(key): error: cannot write the file: file too large\n")
        #expect(!FileManager.default.fileExists(atPath: key))
        #expect(try leftovers(folder.path).isEmpty)
        #expect(
            try runSCR([
                "admin", "add", "--name", "Second", "--role", "admin", "--store", practice.store, "--key-out", key,
            ])
            .status == 0)
    }

    @Test func aKilledDecideLeavesTheOldFileOrTheNew() throws {
        let practice = try PlannedPractice(in: folder.path, clients: 3000, seed: 4, decide: nil)
        let plan = practice.plan
        let id = try #require(
            DecisionsFile.read(folder: plan, plan: try PlanDocument.read(from: plan)).undecided.first)
        let old = try #require(bytes(plan + "/decisions.csv"))
        let start = Date()
        #expect(try runSCR(["decide", plan, id, "reject"]).status == 0)
        let duration = Date().timeIntervalSince(start)
        let new = try #require(bytes(plan + "/decisions.csv"))
        #expect(old != new)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<12 {
            try old.write(to: URL(fileURLWithPath: plan + "/decisions.csv"))
            try runSCRKilled(
                ["decide", plan, id, "reject"], after: duration * Double.random(in: 0.3...1.1, using: &generator))
            let found = bytes(plan + "/decisions.csv")
            #expect(found == old || found == new)
            for name in try leftovers(plan) { try FileManager.default.removeItem(atPath: plan + "/" + name) }
        }
    }

    @Test func commandsThatRefuseAFileThatIsNotAStoreChangeNoByte() throws {
        let sqlite = folder.path + "/other.sqlite"
        try runSQL(sqlite, "CREATE TABLE t (x)")
        let empty = folder.write("empty.sqlite", "")
        let (hq, xpm) = try practice()
        let plan = folder.path + "/plan"
        #expect(try runSCR(["plan", "--hq", hq, "--xpm", xpm, "--out", plan]).status == 0)
        for (file, reason) in [
            (sqlite, "not a store: an SQLite database without the store's tables"),
            (empty, "not a store: the file is empty; `scr admin add` creates a store with its first administrator"),
        ] {
            let before = bytes(file)
            for arguments in [
                ["commit", plan, "--store", file], ["admin", "list", "--store", file],
                ["admin", "remove", "--name", "X", "--store", file],
                ["export", "--store", file, "--format", "json", "--out", folder.path + "/export"],
                ["rollback", "1", "--store", file], ["plan", "--hq", hq, "--xpm", xpm, "--store", file, "--out", plan],
            ] {
                let run = try runSCR(arguments)
                #expect(run.status == 1, "\(arguments)")
                #expect(run.stderr == "\(file): error: \(reason)\n", "\(arguments)")
                #expect(bytes(file) == before, "\(arguments)")
            }
            #expect(!FileManager.default.fileExists(atPath: file + "-wal"))
        }
        // A store a newer scr wrote (a migration this one does not know) is refused, unchanged.
        let store = folder.path + "/newer.sqlite"
        #expect(
            try runSCR([
                "admin", "add", "--name", "M", "--role", "master-admin", "--store", store, "--key-out",
                folder.path + "/m.key",
            ]).status == 0)
        try runSQL(store, "INSERT INTO grdb_migrations VALUES ('v9 from the future')")
        let before = bytes(store)
        let list = try runSCR(["admin", "list", "--store", store])
        #expect(list.status == 1)
        #expect(
            list.stderr
                == "\(store): error: the store was written by a newer scr (it has migration 'v9 from the future'); use a newer scr\n"
        )
        #expect(bytes(store) == before)
    }

    @Test func hugeSizesAreRefusedNotCrashed() throws {
        for clients in ["9223372036854775807", "1000000000", "2000001"] {
            let run = try runSCR(["generate", "--clients", clients, "--seed", "1", "--out", folder.path + "/huge"])
            #expect(run.status == 2)
            #expect(
                run.stderr.contains(
                    "--clients must be at most 2,000,000 (about a million records a side); generate larger practices in parts."
                ))
            #expect(!FileManager.default.fileExists(atPath: folder.path + "/huge"))
        }
    }

    @Test func exportRemovesItsOwnStalePagesAndNothingElse() throws {
        let practice = try PlannedPractice(in: folder.path, clients: 900, seed: 8, decide: .accept)
        #expect(try runSCR(["commit", practice.plan, "--store", practice.store]).status == 0)
        let export = folder.path + "/export"
        #expect(try runSCR(["export", "--store", practice.store, "--format", "xpm-csv", "--out", export]).status == 0)
        let notes = folder.write("export/notes.txt", "mine\n")
        let pages = try FileManager.default.contentsOfDirectory(atPath: export).filter { $0.hasPrefix("xpm-clients-") }
        #expect(pages.count >= 2)
        #expect(try runSCR(["rollback", "1", "--store", practice.store]).status == 0)
        let run = try runSCR(["export", "--store", practice.store, "--format", "xpm-csv", "--out", export])
        #expect(run.status == 0)
        let removed = pages.sorted().map { export + "/" + $0 }
        #expect(
            run.stderr
                == "Wrote 0 file(s); removed \(pages.count) earlier export file(s) it did not write again: \(removed.joined(separator: ", ")).\n"
        )
        #expect(try FileManager.default.contentsOfDirectory(atPath: export) == ["notes.txt"])
        #expect(bytes(notes) == Data("mine\n".utf8))
    }

    @Test func anOutputFolderThatCannotBeUsedIsSaidPlainly() throws {
        let (hq, xpm) = try practice()
        let empty = try runSCR(["plan", "--hq", hq, "--xpm", xpm, "--out", ""])
        #expect(empty.status == 2)
        #expect(empty.stderr.hasPrefix("Error: --out names the plan folder; it must not be empty.\n"))
        let file = folder.write("a-file", "x")
        let run = try runSCR(["plan", "--hq", hq, "--xpm", xpm, "--out", file])
        #expect(run.status == 1)
        #expect(run.stderr == "\(file): error: a file stands where the output folder goes; name a folder\n")
    }

    /// Work per value is bounded: two clients whose names are 200,000 letters long, and a header
    /// of 30,000 unknown columns, once took minutes (quadratic comparisons and column locations).
    /// The timeout only stops a run that hangs; it measures nothing.
    @Test func longValuesAndWideHeadersTakeLinearWork() throws {
        var random = SeededRandom(seed: 11)
        let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        let name = (0..<200_000).map { _ in random.pick(letters) }
        var other = name
        other[100_000] = UInt8(ascii: "z") == other[100_000] ? UInt8(ascii: "y") : UInt8(ascii: "z")
        let long = folder.write(
            "long.csv", bytes: Array("Client ID,Name\nA1,".utf8) + name + Array("\nA2,".utf8) + other + [0x0A])
        let plan = try runSCR(["plan", "--hq", long, "--out", folder.path + "/long-plan", "--json"], timeout: 90)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("\"records\":2"))

        let columns = (0..<30_000).map { "Extra \($0)" }.joined(separator: ",")
        let wide = folder.write(
            "wide.csv", "Client ID,Name,\(columns)\nA1,Acme\(String(repeating: ",", count: 30_000))\n")
        let check = try runSCR(["check", "--hq", wide, "--json"], timeout: 90)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("\"column\" : 30002"))
    }

    /// plan.json records where each input is from the plan folder, so that a plan made with
    /// relative paths commits from any folder; an input that is gone says so.
    @Test func aPlanFindsItsInputsFromAnyFolderAndSaysWhenOneIsMissing() throws {
        _ = try practice("work/practice", clients: 60)
        let work = folder.path + "/work"
        let store = folder.path + "/store.sqlite"
        let key = folder.path + "/master.key"
        #expect(
            try runSCR(["admin", "add", "--name", "M", "--role", "master-admin", "--store", store, "--key-out", key])
                .status == 0)
        let planned = try runSCR(
            ["plan", "--hq", "practice/hq.csv", "--xpm", "practice/xpm.xml", "--store", store, "--out", "plans/june"],
            currentDirectory: work)
        #expect(planned.status == 0, "\(planned.stderr)")
        let plan = work + "/plans/june"
        let document = try PlanDocument.read(from: plan)
        #expect(document.inputs.map(\.path) == ["practice/hq.csv", "practice/xpm.xml"])
        #expect(document.inputs.map(\.fromPlan) == ["../../practice/hq.csv", "../../practice/xpm.xml"])
        let decisions = try DecisionsFile.read(folder: plan, plan: document)
        for id in decisions.undecided { #expect(try runSCR(["decide", plan, id, "reject"]).status == 0) }
        #expect(try runSCR(["confirm", plan, "--key", key]).status == 0)

        // From another folder, an input gone: said plainly, the store untouched.
        let moved = work + "/practice/xpm.xml.away"
        try FileManager.default.moveItem(atPath: work + "/practice/xpm.xml", toPath: moved)
        let missing = try runSCR(["commit", plan, "--store", store], currentDirectory: folder.path)
        #expect(missing.status == 1)
        #expect(
            missing.stderr
                == "practice/xpm.xml: error: the input is missing (it is not at 'practice/xpm.xml' or '\(plan)/../../practice/xpm.xml'); put it back, or plan again\n"
        )
        #expect(try SQLiteStore(path: store).counts() == (0, 0, 0))
        // Back in place, the commit runs from the other folder (the rejected clusters are
        // reconciled again from the inputs, found from the plan folder).
        try FileManager.default.moveItem(atPath: moved, toPath: work + "/practice/xpm.xml")
        let committed = try runSCR(["commit", plan, "--store", store], currentDirectory: folder.path)
        #expect(committed.status == 0, "\(committed.stderr)")
        #expect(try SQLiteStore(path: store).counts().clients >= 60)
    }

    /// A damaged plan.json is refused at its line and column in words, never with Foundation's
    /// DecodingError text; a damaged journal entry says what it cannot do.
    @Test func damagedPlansAndJournalsAreSaidInWords() throws {
        let (hq, xpm) = try practice()
        let plan = folder.path + "/plan"
        #expect(try runSCR(["plan", "--hq", hq, "--xpm", xpm, "--out", plan]).status == 0)
        let original = try String(contentsOfFile: plan + "/plan.json", encoding: .utf8)
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false)
        for (from, to, message) in [
            ("\"confidence\":", "\"confidence\":\"high\",\"x\":", "expected a number but found '\"'"),
            ("\"source\":\"hq\"", "\"source\":\"crm\"", "'crm' is not one of hq, xpm"),
            ("\"status\":\"", "\"status\":7,\"y\":\"", "expected a string but found '7'"),
        ] {
            let range = try #require(original.range(of: from))
            let damaged = original.replacingCharacters(in: range, with: to)
            try damaged.write(toFile: plan + "/plan.json", atomically: true, encoding: .utf8)
            let line = try #require(lines.firstIndex { $0.contains(from) })
            for command in [["decide", plan, "c-0", "accept"], ["explain", plan, "c-0"]] {
                let run = try runSCR(command)
                #expect(run.status == 1)
                #expect(run.stderr.hasPrefix("\(plan)/plan.json:\(line + 1):"), "\(run.stderr)")
                #expect(run.stderr.hasSuffix(": error: cannot read the plan: \(message)\n"), "\(run.stderr)")
                #expect(!run.stderr.contains("DecodingError"))
            }
        }

        let practice = try PlannedPractice(in: folder.path + "/committed", clients: 40, seed: 3, decide: .accept)
        #expect(try runSCR(["commit", practice.plan, "--store", practice.store]).status == 0)
        try runSQL(practice.store, "UPDATE journal SET undo='{}'")
        let rollback = try runSCR(["rollback", "1", "--store", practice.store])
        #expect(rollback.status == 1)
        #expect(
            rollback.stderr
                == "\(practice.store): error: commit 1's journal entry is damaged (what it replaced cannot be read); it cannot be rolled back\n"
        )
    }

    /// The minor ones found with the rest: names that would forge lines, an empty truth, an XPM
    /// response with no clients at all.
    @Test func theSmallerMistakesAreRefusedOrSaid() throws {
        let store = folder.path + "/store.sqlite"
        let forged = try runSCR([
            "admin", "add", "--name", "Eve\nBob\tmaster-admin", "--role", "master-admin", "--store", store, "--key-out",
            folder.path + "/eve.key",
        ])
        #expect(forged.status == 1)
        #expect(
            forged.stderr
                == "\(store): error: an administrator's name must not hold control characters (line breaks, tabs, escapes)\n"
        )
        #expect(!FileManager.default.fileExists(atPath: store))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/eve.key"))

        let (hq, xpm) = try practice()
        let plan = folder.path + "/plan"
        #expect(try runSCR(["plan", "--hq", hq, "--xpm", xpm, "--out", plan]).status == 0)
        let truth = folder.write("truth.csv", "source,key,entity\n")
        let evaluate = try runSCR(["evaluate", plan, "--truth", truth])
        #expect(evaluate.status == 1)
        #expect(
            evaluate.stderr == "\(truth):1:1: error: the truth holds no records; expected rows of 'source,key,entity'\n"
        )

        let empty = folder.write("empty.xml", "<Response api-method=\"List\"><Status>OK</Status></Response>")
        let check = try runSCR(["check", "--xpm", empty])
        #expect(
            check.stderr
                == "\(empty):1:1: warning: the response holds no <Clients> and no <Client>: no clients were read from it\n"
        )
    }

    /// A split names every record once, in groups that are not empty; a key with a space or a `|`
    /// is named in double quotes.
    @Test func splitsNameEveryRecordAndKeysWithSpacesCanBeNamed() throws {
        let hq = folder.write(
            "hq.csv",
            "Client ID,Name,Email,Phone\n\"Acme 1\",Acme Pty Ltd,info@acme.example,02 5550 1234\n"
                + "\"Beta|2\",Beta Holdings Pty Ltd,office@beta.example,02 5550 9876\n")
        let xpm = folder.write(
            "xpm.csv",
            "UUID,Name,Email,Phone\nu-1,Acme Pty Ltd,info@acme.example,02 5550 1234\n"
                + "u-2,Beta Holdings Pty Ltd,office@beta.example,02 5550 9876\n")
        let plan = folder.path + "/plan"
        #expect(try runSCR(["plan", "--hq", hq, "--xpm-csv", xpm, "--out", plan]).status == 0)
        let document = try PlanDocument.read(from: plan)
        let acme = try #require(document.clusters.first { $0.members.contains { $0.key == "Acme 1" } })
        let beta = try #require(document.clusters.first { $0.members.contains { $0.key == "Beta|2" } })
        #expect(acme.members.count == 2 && beta.members.count == 2)
        let decisions = plan + "/decisions.csv"
        let before = bytes(decisions)
        func refused(_ cluster: String, _ split: String, _ message: String) throws {
            let run = try runSCR(["decide", plan, cluster, "split", "--split", split])
            #expect(run.status == 1, "\(split)")
            #expect(run.stderr.hasSuffix(": error: \(message)\n"), "\(split): \(run.stderr)")
            #expect(bytes(decisions) == before)
        }
        try refused(
            acme.id, "xpm:u-1",
            "the split leaves \"hq:Acme 1\" in no group; name every record of the cluster (a record alone as a group of its own), or leave the split empty to keep every record alone"
        )
        try refused(
            acme.id, "\"hq:Acme 1\" | | xpm:u-1", "group 2 of the split is empty; write records between each '|'")
        try refused(acme.id, "hq:Acme 1 | xpm:u-1", "'hq:Acme' is not a record of cluster \(acme.id)")
        try refused(beta.id, "\"hq:Beta|2 | xpm:u-2", "a quoted record has no closing '\"'")

        #expect(try runSCR(["decide", plan, acme.id, "split", "--split", "\"hq:Acme 1\" | xpm:u-1"]).status == 0)
        #expect(try runSCR(["decide", plan, beta.id, "split", "--split", "\"hq:Beta|2\" | xpm:u-2"]).status == 0)
        let store = folder.path + "/store.sqlite"
        let key = folder.path + "/master.key"
        #expect(
            try runSCR(["admin", "add", "--name", "M", "--role", "master-admin", "--store", store, "--key-out", key])
                .status == 0)
        #expect(try runSCR(["confirm", plan, "--key", key]).status == 0)
        let confirmation = try JSONDecoder().decode(
            Confirmation.self, from: try #require(bytes(plan + "/confirmation.json")))
        #expect(confirmation.decisions.first { $0.cluster == beta.id }?.split == [["hq:Beta|2"], ["xpm:u-2"]])
        let commit = try runSCR(["commit", plan, "--store", store, "--json"])
        #expect(commit.status == 0, "\(commit.stderr)")
        #expect(commit.stdout.contains("\"apart\":2"))
        #expect(try SQLiteStore(path: store).counts() == (4, 4, 2))
    }

    /// A value that holds a line break is quoted on one line: no diagnostic spans two lines.
    @Test func diagnosticsNeverEchoALineBreak() throws {
        let hq = folder.write(
            "hq.csv", "Client ID,Name,\"Fav\nColour\",E-mial\n\"A\n1\",Acme,x,a@b.c\n\"A\n1\",Acme again,y,d@e.f\n")
        let run = try runSCR(["check", "--hq", hq])
        #expect(
            run.stderr.split(separator: "\n").map(String.init) == [
                "\(hq):2:9: warning: unknown column 'E-mial'; did you mean 'Email'? (kept as a custom field)",
                "\(hq):5:1: error: duplicate Client ID 'A\\n1'; first read at line 3",
            ], "\(run.stderr)")
        #expect(run.stdout.contains("    3. 'Fav\\nColour' -> custom field 'Fav\\nColour' (unknown)\n"))
        #expect(run.stdout.contains("unknown columns, kept as custom fields: 'Fav\\nColour', 'E-mial'\n"))
    }

    /// A `--columns` file that maps a header twice, or maps a header no input has, says so.
    @Test func aColumnsFileThatSaysSomethingTwiceOrInVainIsWarned() throws {
        let hq = folder.write("hq.csv", "Cust Ref,Name,E-post\n1,Acme,a@acme.example\n")
        let json = folder.write(
            "columns.json",
            "{\"Cust Ref\": \"Client ID\",\n \"E-post\": \"Email\",\n \"Epost\": \"Email\", \"Fax No\": \"Fax\"}\n")
        var run = try runSCR(["check", "--hq", hq, "--columns", json])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stderr
                == "\(json):3:11: warning: header 'Epost' is mapped more than once in one object (first on line 2); scr keeps only one of them: keep one mapping\n"
                + "\(json):3:20: warning: the mapping names header 'Fax No', which no hq file read has; it maps nothing\n"
        )
        let toml = folder.write(
            "columns.toml", "[hq]\n\"Cust Ref\" = \"Client ID\"\n\"E-post\" = \"Phone\"\n\"E-post\" = \"Email\"\n")
        run = try runSCR(["check", "--hq", hq, "--columns", toml, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stderr
                == "\(toml):4:1: warning: header 'E-post' is mapped twice (first on line 3); the later mapping, to 'Email', is used\n"
        )
        #expect(run.stdout.contains("\"mappedTo\" : \"Email\""))
    }

    /// Identifier and date warnings point at the value they are about, not at the record's first
    /// column.
    @Test func warningsPointAtTheirField() throws {
        let hq = folder.write(
            "hq.csv",
            "Client ID,Name,Tax Number,Business Number,Date of Birth\n1,Acme,123 456 789,51 824 753 557,31/02/1980\n")
        let xpm = folder.write(
            "xpm.xml",
            "<Response><Status>OK</Status><Clients>\n<Client>\n  <UUID>u1</UUID>\n  <TaxNumber>123456789</TaxNumber>\n"
                + "  <DateOfBirth>1980-02-31</DateOfBirth>\n  <IsArchived>maybe</IsArchived>\n</Client>\n</Clients></Response>\n"
        )
        let run = try runSCR(["check", "--hq", hq, "--xpm", xpm])
        #expect(
            run.stderr.split(separator: "\n").map(String.init) == [
                "\(hq):2:8: warning: 'Tax Number' fails the TFN checksum; kept, and compared only as typed",
                "\(hq):2:20: warning: 'Business Number' fails the ABN checksum; kept, and compared only as typed",
                "\(hq):2:35: warning: 'Date of Birth' is not a possible date; read as missing",
                "\(xpm):4:3: warning: 'Tax Number' fails the TFN checksum; kept, and compared only as typed",
                "\(xpm):5:3: warning: 'Date of Birth' is not a possible date; read as missing",
                "\(xpm):6:3: warning: 'IsArchived' is not a yes/no value; expected Yes, No, true or false",
            ], "\(run.stderr)")
    }

    /// Runs `arguments` and kills it with SIGKILL after a random share of `duration`, `times` times,
    /// calling `reset` before each run and `check` after each kill.
    private func killRepeatedly(
        _ arguments: [String], duration: Double, times: Int, reset: () throws -> Void, check: () throws -> Void
    ) throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<times {
            try reset()
            try runSCRKilled(arguments, after: duration * Double.random(in: 0.2...1.1, using: &generator))
            try check()
        }
    }

    /// SIGKILL at random moments of confirm, export and admin add: the old file or the new, never
    /// a cut one.
    @Test func killedConfirmExportAndAdminAddLeaveNoCutFile() throws {
        let practice = try PlannedPractice(in: folder.path, clients: 2000, seed: 6, decide: .accept)
        let plan = practice.plan
        let confirmation = plan + "/confirmation.json"
        let first = try #require(bytes(confirmation))
        var start = Date()
        #expect(try runSCR(["confirm", plan, "--key", practice.key]).status == 0)
        var duration = Date().timeIntervalSince(start)
        try killRepeatedly(
            ["confirm", plan, "--key", practice.key], duration: duration, times: 8,
            reset: { () throws in try first.write(to: URL(fileURLWithPath: confirmation)) },
            check: { () throws in
                let found = try #require(bytes(confirmation))
                let read = try JSONDecoder().decode(Confirmation.self, from: found)
                #expect(read.verifies())
            })

        #expect(try runSCR(["commit", plan, "--store", practice.store]).status == 0)
        let export = folder.path + "/export"
        start = Date()
        #expect(try runSCR(["export", "--store", practice.store, "--format", "json", "--out", export]).status == 0)
        duration = Date().timeIntervalSince(start)
        let whole = try #require(bytes(export + "/clients.json"))
        try killRepeatedly(
            ["export", "--store", practice.store, "--format", "json", "--out", export], duration: duration, times: 8,
            reset: {}, check: { () throws in #expect(bytes(export + "/clients.json") == whole) })

        start = Date()
        #expect(
            try runSCR([
                "admin", "add", "--name", "Timing", "--role", "admin", "--store", practice.store, "--key-out",
                folder.path + "/timing.key",
            ]).status == 0)
        duration = Date().timeIntervalSince(start)
        try killRepeatedly(
            [
                "admin", "add", "--name", "Killed", "--role", "admin", "--store", practice.store, "--key-out",
                folder.path + "/killed.key",
            ], duration: duration, times: 8,
            reset: { () throws in
                try? FileManager.default.removeItem(atPath: folder.path + "/killed.key")
                #expect(try runSCR(["admin", "remove", "--name", "Killed", "--store", practice.store]).status <= 1)
            },
            check: { () throws in
                let path = folder.path + "/killed.key"
                if FileManager.default.fileExists(atPath: path) {
                    _ = try AdministratorKey(contentsOf: path)  // whole, or it throws
                }
                #expect(try SQLiteStore(path: practice.store).integrityCheck() == "ok")
            })
    }

    /// A folder scr cannot write to (a read-only file system: root writes through file modes) says
    /// so in one line and leaves the folder as it was.
    @Test func anUnwritableFolderIsSaidAndLeftAsItWas() throws {
        let (hq, xpm) = try practice()
        let readOnly = folder.path + "/read-only"
        try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "ro,size=1m,mode=0700", "tmpfs", readOnly]
        mount.standardError = FileHandle.nullDevice
        try mount.run()
        mount.waitUntilExit()
        if mount.terminationStatus != 0 {
            // Without the right to mount, a folder without write permission does for a user other
            // than root.
            #expect(getuid() != 0, "as root, a read-only mount is the only unwritable folder")
            try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: readOnly)
        }
        defer {
            let unmount = Process()
            unmount.executableURL = URL(fileURLWithPath: "/bin/umount")
            unmount.arguments = [readOnly]
            unmount.standardError = FileHandle.nullDevice
            try? unmount.run()
            unmount.waitUntilExit()
        }
        let plan = try runSCR(["plan", "--hq", hq, "--xpm", xpm, "--out", readOnly])
        #expect(plan.status == 1)
        #expect(plan.stderr.hasPrefix("\(readOnly)"), "\(plan.stderr)")
        #expect(plan.stderr.split(separator: "\n").count == 1, "\(plan.stderr)")
        let refused = ["cannot create the file: read-only file system", "cannot create the file: permission denied"]
        #expect(refused.contains { plan.stderr.contains($0) }, "\(plan.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: readOnly).isEmpty)
        let export = try runSCR(["generate", "--clients", "3", "--seed", "1", "--out", readOnly + "/practice"])
        #expect(export.status == 1)
        #expect(export.stderr.hasPrefix("\(readOnly)/practice: error: cannot create the folder: "), "\(export.stderr)")
    }
}
