import Foundation
import SCRTestSupport
@_spi(StoreBackend) import SingleClientRecord
import Testing

@testable import PostgresStore

/// `scr batch`: many practices from a manifest, in parallel, or by workers sharing a queue.
@Suite(.serialized) struct BatchTests {
    let folder = TemporaryFolder()

    init() { PostgresCanonicalStore.register() }

    /// Generates `count` practices of `clients` clients and writes a manifest listing them.
    func manifest(_ name: String, practices count: Int, clients: Int, batch: String) throws -> (String, [String]) {
        var entries: [String] = []
        var names: [String] = []
        for index in 0..<count {
            let practice = "\(name)-\(index)"
            let out = folder.path + "/inputs/" + practice
            let generated = try runSCR([
                "generate", "--clients", String(index == 0 && clients > 100 ? clients : min(clients, 6)), "--seed",
                String(100 + index), "--out", out,
            ])
            #expect(generated.status == 0, "\(generated.stderr)")
            entries.append(
                #"{"name": "\#(practice)", "hq": "inputs/\#(practice)/hq.csv", "xpm": ["inputs/\#(practice)/xpm.xml"]}"#
            )
            names.append(practice)
        }
        let path = folder.path + "/\(name).json"
        try #"{"batch": "\#(batch)", "practices": [\#(entries.joined(separator: ", "))]}"#.write(
            toFile: path, atomically: true, encoding: .utf8)
        return (path, names)
    }

    func lines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func aBatchPlansEveryPracticeAndReportsTheOneThatFails() throws {
        let (path, names) = try manifest("local", practices: 3, clients: 6, batch: "local-1")
        // The second practice's XPM file is missing.
        try FileManager.default.removeItem(atPath: folder.path + "/inputs/\(names[1])/xpm.xml")
        let result = try runSCR(["batch", path, "--summary", folder.path + "/summary.jsonl"])
        #expect(result.status == 1)
        let summary = try lines(result.stdout)
        #expect(summary.map { $0["practice"] as? String } == names)
        #expect(summary.map { $0["status"] as? String } == ["planned", "failed", "planned"])
        #expect(summary.allSatisfy { $0["runId"] as? String == "local-1" })
        #expect((summary[1]["error"] as? String)?.contains("xpm.xml") == true)
        for index in [0, 2] {
            let plan = try PlanDocument.read(from: folder.path + "/plans/" + names[index])
            #expect(summary[index]["planId"] as? String == plan.planId)
            #expect(summary[index]["clusters"] as? Int == plan.clusters.count)
            let review = plan.clusters.count { $0.status == .review }
            let share = (Double(review) / Double(plan.clusters.count) * 10_000).rounded() / 10_000
            #expect(summary[index]["reviewShare"] as? Double == share)
            #expect(summary[index]["flags"] as? [String] == (share > 0.03 ? ["review share above 3%"] : []))
        }
        #expect(try String(contentsOfFile: folder.path + "/summary.jsonl", encoding: .utf8) == result.stdout)
        #expect(result.stderr.contains("\(names[1]): failed: "))

        let broken = folder.path + "/broken.json"
        try "{\"practices\": [\n  {\"name\": \"a\" \"hq\": \"x\"}]}".write(
            toFile: broken, atomically: true, encoding: .utf8)
        let refused = try runSCR(["batch", broken])
        #expect(refused.status == 1)
        #expect(refused.stderr == "\(broken):2:16: error: the manifest is not valid JSON\n")
        func refusal(_ manifest: String) throws -> String {
            try manifest.write(toFile: broken, atomically: true, encoding: .utf8)
            let result = try runSCR(["batch", broken])
            #expect(result.status == 1)
            return result.stderr
        }
        #expect(
            try refusal(#"{"practices": [{"name": "a b", "hq": "x"}]}"#)
                == "\(broken):1:16: error: practices[0].name: the practice's name may hold only letters, digits, '.', '_' and '-'\n"
        )
        #expect(
            try refusal(#"{"practices": [{"name": "..", "hq": "x"}]}"#)
                == "\(broken):1:16: error: practices[0].name: the practice's name must not be '.' or '..'\n")
        #expect(
            try refusal(#"{"practices": [{"name": "a", "hq": "x", "out": "plans/b"},\#n  {"name": "b", "hq": "y"}]}"#)
                == "\(broken):2:3: error: practices[1].out: 'a' is planned into the same folder\n")
        #expect(
            try refusal(#"{"practices": [{"name": "a", "hq": "x"}, {"name": "a", "hq": "y"}]}"#)
                == "\(broken):1:42: error: practices[1].name: 'a' is listed twice\n")
        #expect(
            try refusal(#"{"practices": [{"name": "a"}]}"#)
                == "\(broken):1:16: error: practices[0]: no export (hq, xpm or xpmCsv)\n")
        #expect(
            try refusal(#"{"practices": [{"hq": "a"}]}"#) == "\(broken):1:16: error: practices[0].name is missing\n")
    }

    /// Registers one new master-admin key in every practice of the bureau's store; returns a
    /// worker's arguments for the manifest at `path`, with that key.
    func workerArguments(_ path: String, _ names: [String], store: String) throws -> [String] {
        let key = AdministratorKey()
        try key.write(to: folder.path + "/bureau.key")
        for name in names {
            let practice = try PostgresCanonicalStore(url: store + "?practice=" + name, access: .create)
            try practice.addAdministrator(name: "Bureau", role: .masterAdmin, publicKey: key.publicKey)
        }
        return ["batch", path, "--worker", "--store", store, "--key", folder.path + "/bureau.key"]
    }

    @Test func twoWorkersShareTwentyPracticesEachDoneExactlyOnce() throws {
        let store = try TestCluster.url()
        let batch = "twenty-" + UUID().uuidString.prefix(8).lowercased()
        let (path, names) = try manifest(batch, practices: 20, clients: 6, batch: batch)
        let arguments = try workerArguments(path, names, store: store)

        let results = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 2) { index in results.set(index, try? runSCR(arguments)) }
        let workers = [try #require(results.get(0)), try #require(results.get(1))]
        for worker in workers { #expect(worker.status == 0, "\(worker.stderr)") }
        let done = try workers.flatMap { try lines($0.stdout) }
        // Every practice once, between the two workers, each committed once.
        #expect(done.compactMap { $0["practice"] as? String }.sorted() == names.sorted())
        #expect(done.allSatisfy { $0["status"] as? String == "committed" }, "\(done)")
        #expect(workers.allSatisfy { !$0.stdout.isEmpty }, "one worker took every practice")
        let queue = try BatchQueue(url: store)
        let jobs = try queue.jobs(batch: batch)
        #expect(jobs.map(\.practice) == names)
        #expect(jobs.allSatisfy { $0.state == "done" && $0.attempts == 1 })
        for line in done {
            let name = try #require(line["practice"] as? String)
            let practice = try PostgresCanonicalStore(url: store + "?practice=" + name)
            #expect(try practice.journal().map(\.kind) == ["commit"])
            // Every proposal accepted: one canonical client a cluster, holding every record.
            let counts = try practice.counts()
            #expect(counts.clients == line["clusters"] as? Int && counts.members == line["records"] as? Int)
            #expect(try practice.journal().first?.id == line["commitId"] as? Int64)
        }
        // The batch again: nothing is left to take.
        let again = try runSCR(arguments)
        #expect(again.status == 0 && again.stdout.isEmpty)
    }

    @Test func aWorkerKilledMidPracticeLeavesItToBeTakenAgain() throws {
        let store = try TestCluster.url()
        let batch = "killed-" + UUID().uuidString.prefix(8).lowercased()
        // The first practice is large enough to be planning when the worker is killed.
        let (path, names) = try manifest(batch, practices: 3, clients: 5_000, batch: batch)
        let arguments = try workerArguments(path, names, store: store)

        try runSCRKilled(arguments, after: 1.0)
        let queue = try BatchQueue(url: store)
        #expect(try queue.jobs(batch: batch).map(\.state) == ["queued", "queued", "queued"])

        let second = try runSCR(arguments)
        #expect(second.status == 0, "\(second.stderr)")
        let summary = try lines(second.stdout)
        #expect(summary.map { $0["practice"] as? String } == names)
        #expect(summary.map { $0["status"] as? String } == ["planned", "committed", "committed"])
        #expect(try queue.jobs(batch: batch).allSatisfy { $0.state == "done" && $0.attempts == 1 })
        let plan = try PlanDocument.read(from: folder.path + "/plans/" + names[0])
        #expect(plan.planId == summary[0]["planId"] as? String)
    }

    @Test func aFailedPracticeIsTakenAgainWhenAWorkerStartsAgain() throws {
        let store = try TestCluster.url()
        let batch = "retry-" + UUID().uuidString.prefix(8).lowercased()
        let (path, names) = try manifest(batch, practices: 2, clients: 6, batch: batch)
        let arguments = try workerArguments(path, names, store: store)
        let xpm = folder.path + "/inputs/\(names[1])/xpm.xml"
        try FileManager.default.moveItem(atPath: xpm, toPath: xpm + ".away")
        let first = try runSCR(arguments)
        #expect(first.status == 1)
        let queue = try BatchQueue(url: store)
        #expect(try queue.jobs(batch: batch).map(\.state) == ["done", "failed"])
        // The inputs mended, a worker started again takes the failed practice, and only it.
        try FileManager.default.moveItem(atPath: xpm + ".away", toPath: xpm)
        let second = try runSCR(arguments)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try lines(second.stdout).map { $0["practice"] as? String } == [names[1]])
        #expect(try queue.jobs(batch: batch).map { "\($0.state) \($0.attempts)" } == ["done 1", "done 2"])
    }
}
