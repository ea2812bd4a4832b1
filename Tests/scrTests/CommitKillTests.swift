import Foundation
import SCRTestSupport
import SingleClientRecord
import Testing

/// `scr commit` killed with SIGKILL at many moments: the store is always as it was before, or
/// fully committed, and SQLite's integrity check passes.
@Suite struct CommitKillTests {
    let folder = TemporaryFolder()

    @Test func aKilledCommitLeavesTheStoreBeforeOrAfterNeverBetween() throws {
        let practice = try PlannedPractice(in: folder.path, clients: 2000, seed: 3, decide: .reject)
        let (plan, pristine) = (practice.plan, practice.store)

        // How long a whole commit takes here, and what it leaves.
        let reference = folder.path + "/reference.sqlite"
        try FileManager.default.copyItem(atPath: pristine, toPath: reference)
        let start = Date()
        #expect(try runSCR(["commit", plan, "--store", reference]).status == 0)
        let duration = Date().timeIntervalSince(start)
        let full = try SQLiteStore(path: reference).counts()
        #expect(full.clients > 1500)

        var generator = SystemRandomNumberGenerator()
        var outcomes: [String: Int] = [:]
        for attempt in 0..<16 {
            let store = folder.path + "/store-\(attempt).sqlite"
            try FileManager.default.copyItem(atPath: pristine, toPath: store)
            // Half the kills anywhere, half near the end, where the transaction runs.
            let range = attempt % 2 == 0 ? 0.0...1.05 : 0.85...1.02
            try runSCRKilled(
                ["commit", plan, "--store", store], after: duration * Double.random(in: range, using: &generator))
            let opened = try SQLiteStore(path: store)
            #expect(try opened.integrityCheck() == "ok")
            let counts = try opened.counts()
            let generation = try opened.state().generation
            let before = counts == (0, 0, 0) && generation == 0
            let after = counts == full && generation == 1
            #expect(before || after, "attempt \(attempt): \(counts)")
            outcomes[before ? "before" : after ? "after" : "between", default: 0] += 1
            try? FileManager.default.removeItem(atPath: store)
        }
        #expect(outcomes["between"] == nil)
        print("killed commits: \(outcomes) (a whole commit takes \(String(format: "%.2f", duration)) s)")
    }
}
