import Foundation
import SCRTestSupport
import SingleClientRecord
import Testing

/// `scr decide` and `scr confirm`, run as the built binary on a generated practice with reviews.
@Suite struct ConfirmCommandTests {
    let folder = TemporaryFolder()

    /// A planned practice (high noise, so some clusters are for review) and a master-admin's key.
    private func planned() throws -> (plan: String, document: PlanDocument, key: String) {
        let practice = try PlannedPractice(in: folder.path, clients: 300, seed: 7, noise: "high", decide: nil)
        return (practice.plan, try PlanDocument.read(from: practice.plan), practice.key)
    }

    private func decisionsText(_ plan: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: plan + "/decisions.csv")), as: UTF8.self)
    }

    @Test func confirmRefusesWhileReviewsAreUndecidedThenSignsEveryDecision() throws {
        let (plan, document, key) = try planned()
        let reviews = document.clusters.filter { $0.status == .review }.map(\.id)
        #expect(reviews.count == 12)
        let refused = try runSCR(["confirm", plan, "--key", key])
        #expect(refused.status == 1)
        #expect(
            refused.stderr
                == "error: 12 review cluster(s) are undecided: \(reviews.prefix(5).joined(separator: ", ")), ...; decide them in decisions.csv or with scr decide\n"
        )
        #expect(!FileManager.default.fileExists(atPath: plan + "/confirmation.json"))

        let first = try #require(document.clusters.first { $0.status == .review })
        let split = try runSCR([
            "decide", plan, first.id, "split", "--split", first.members.map(\.reference).joined(separator: " | "),
        ])
        #expect(split.status == 0)
        #expect(split.stderr == "\(first.id): split. 11 review cluster(s) still undecided.\n")
        for id in reviews.dropFirst() { #expect(try runSCR(["decide", plan, id, "reject"]).status == 0) }
        let signed = try runSCR(["confirm", plan, "--key", key])
        #expect(signed.status == 0)
        let fingerprint = try AdministratorKey(contentsOf: key).publicKey.fingerprint
        #expect(
            signed.stderr.hasPrefix(
                "Confirmed plan \(document.planId.prefix(12)) with key \(fingerprint): \(document.clusters.count - 12) accepted, 11 rejected, 1 split, 0 re-linked.\n"
            ))

        let data = try Data(contentsOf: URL(fileURLWithPath: plan + "/confirmation.json"))
        let confirmation = try JSONDecoder().decode(Confirmation.self, from: data)
        #expect(confirmation.verifies())
        #expect(confirmation.planId == document.planId)
        #expect(confirmation.planSHA256 == (try Digest.sha256(ofFile: plan + "/plan.json")))
        #expect(confirmation.decisions.count == document.clusters.count)
        #expect(confirmation.decisions.first { $0.cluster == first.id }?.split == first.members.map { [$0.reference] })
        // One flipped decision, or one member moved, and the signature no longer holds.
        var flipped = confirmation
        let index = try #require(flipped.decisions.firstIndex { $0.decision == .reject })
        flipped.decisions[index].decision = .accept
        #expect(!flipped.verifies())
        var moved = confirmation
        moved.planSHA256 = String(repeating: "0", count: 64)
        #expect(!moved.verifies())
        let mode = try FileManager.default.attributesOfItem(atPath: plan + "/confirmation.json")[.posixPermissions]
        #expect(mode as? Int == 0o600)
    }

    /// Re-linking moves a record out of its cluster into another: the file, the confirmation and
    /// the commit all say so, and the records left behind stay apart from it.
    @Test func aRelinkJoinsARecordOfAnotherClusterThroughConfirmAndCommit() throws {
        let (plan, document, key) = try planned()
        let practice = (plan as NSString).deletingLastPathComponent
        let target = try #require(document.clusters.first { $0.status == .review && $0.members.count == 2 })
        let source = try #require(
            document.clusters.first { $0.id != target.id && $0.status == .auto && $0.members.count == 2 })
        let moved = source.members[1].reference
        let relink = try runSCR(["decide", plan, target.id, "relink", "--relink", moved])
        #expect(relink.status == 0, "\(relink.stderr)")
        let rows = try decisionsText(plan).split(separator: "\n")
        #expect(rows.contains { $0.hasPrefix("\(target.id),review,merge,relink,\(moved),") })

        // The same record cannot join a second cluster, nor a cluster its own.
        let other = try #require(
            document.clusters.first { ![target.id, source.id].contains($0.id) && $0.status == .review })
        let before = try decisionsText(plan)
        let twice = try runSCR(["decide", plan, other.id, "relink", "--relink", moved])
        #expect(twice.status == 1)
        let line = try #require(before.split(separator: "\n").firstIndex { $0.hasPrefix(other.id + ",") }) + 1
        let targetLine = try #require(before.split(separator: "\n").firstIndex { $0.hasPrefix(target.id + ",") }) + 1
        #expect(
            twice.stderr
                == "\(plan)/decisions.csv:\(line):5: error: '\(moved)' is re-linked into cluster \(target.id) too (line \(targetLine)); a record joins one cluster\n"
        )
        let own = try runSCR(["decide", plan, other.id, "relink", "--relink", other.members[0].reference])
        #expect(
            own.stderr
                == "\(plan)/decisions.csv:\(line):5: error: '\(other.members[0].reference)' is already a record of cluster \(other.id)\n"
        )
        #expect(try decisionsText(plan) == before)

        for id in try DecisionsFile.read(folder: plan, plan: document).undecided {
            #expect(try runSCR(["decide", plan, id, "accept"]).status == 0)
        }
        #expect(try runSCR(["confirm", plan, "--key", key]).status == 0)
        let confirmation = try JSONDecoder().decode(
            Confirmation.self, from: Data(contentsOf: URL(fileURLWithPath: plan + "/confirmation.json")))
        #expect(confirmation.decisions.first { $0.cluster == target.id }?.relink == [moved])
        #expect(confirmation.verifies())

        let store = practice + "/store.sqlite"
        #expect(try runSCR(["commit", plan, "--store", store]).status == 0)
        let committed = try SQLiteStore(path: store).committedDecisions()
        let joined = try #require(committed.clients.first { $0.members.contains(moved) })
        #expect(joined.members == (target.members.map(\.reference) + [moved]).sorted())
        let left = try #require(committed.clients.first { $0.members.contains(source.members[0].reference) })
        #expect(left.members == [source.members[0].reference])
        let pair = [moved, source.members[0].reference].sorted()
        #expect(committed.apart.contains { $0 == pair[0] && $1 == pair[1] })
    }

    /// Two records that leave one cluster for two different clusters are kept apart from each
    /// other too, not only from the records they leave behind.
    @Test func recordsThatLeaveForDifferentClustersAreKeptApart() throws {
        let (plan, document, key) = try planned()
        let practice = (plan as NSString).deletingLastPathComponent
        let source = try #require(document.clusters.first { $0.members.count >= 3 })
        let targets = document.clusters.filter { $0.id != source.id && $0.members.count == 1 }.prefix(2)
        try #require(targets.count == 2)
        let (first, second) = (source.members[1].reference, source.members[2].reference)
        #expect(try runSCR(["decide", plan, targets.first!.id, "relink", "--relink", first]).status == 0)
        #expect(try runSCR(["decide", plan, targets.last!.id, "relink", "--relink", second]).status == 0)
        #expect(try DecisionsFile.acceptUndecided(folder: plan) > 0)
        #expect(try runSCR(["confirm", plan, "--key", key]).status == 0)
        let commit = try runSCR(["commit", plan, "--store", practice + "/store.sqlite"])
        #expect(commit.status == 0, "\(commit.stderr)")
        let committed = try SQLiteStore(path: practice + "/store.sqlite").committedDecisions()
        let pair = [first, second].sorted()
        #expect(committed.apart.contains { $0 == pair[0] && $1 == pair[1] })
        let stayed = [source.members[0].reference, first].sorted()
        #expect(committed.apart.contains { $0 == stayed[0] && $1 == stayed[1] })
        #expect(
            committed.clients.contains { $0.members == (targets.first!.members.map(\.reference) + [first]).sorted() })
        #expect(
            committed.clients.contains { $0.members == (targets.last!.members.map(\.reference) + [second]).sorted() })
    }

    @Test func badDecisionsAreLocatedAndNeverWritten() throws {
        let (plan, document, key) = try planned()
        let review = try #require(document.clusters.first { $0.status == .review })
        let before = try decisionsText(plan)
        let stranger = try runSCR(["decide", plan, review.id, "split", "--split", "hq:NOBODY"])
        #expect(stranger.status == 1)
        let line = try #require(before.split(separator: "\n").firstIndex { $0.hasPrefix(review.id + ",") }) + 1
        #expect(
            stranger.stderr
                == "\(plan)/decisions.csv:\(line):5: error: 'hq:NOBODY' is not a record of cluster \(review.id)\n")
        #expect(try decisionsText(plan) == before)
        let unknown = try runSCR(["decide", plan, "c-0000000000000000", "accept"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "error: no cluster 'c-0000000000000000' in the plan\n")

        // A spreadsheet edit with a word the engine does not know.
        let edited = before.replacingOccurrences(
            of: "\(review.id),review,merge,,", with: "\(review.id),review,merge,maybe,")
        #expect(edited != before)
        try Data(edited.utf8).write(to: URL(fileURLWithPath: plan + "/decisions.csv"))
        let confirm = try runSCR(["confirm", plan, "--key", key])
        #expect(confirm.status == 1)
        #expect(
            confirm.stderr.hasPrefix(
                "\(plan)/decisions.csv:\(line):4: error: unknown decision 'maybe'; write accept, reject, split or relink\n"
            ))
    }

    @Test func aSmallPracticePlansAndConfirmsInOneStep() throws {
        let key = folder.path + "/sarah.key"
        #expect(
            try runSCR([
                "admin", "add", "--name", "Sarah", "--role", "master-admin", "--store", folder.path + "/s.sqlite",
                "--key-out", key,
            ]).status == 0)
        let hq = folder.write(
            "hq.csv", "Client ID,Name,Email\n1,Acme Pty Ltd,info@acme.example\n2,Bright Co,hi@bright.example\n")
        let xpm = folder.write(
            "xpm.csv", "UUID,Name,Email\nu-1,ACME PTY LTD,info@acme.example\nu-2,Cobalt Trust,c@cobalt.example\n")
        let out = folder.path + "/small"
        let run = try runSCR(["plan", "--hq", hq, "--xpm-csv", xpm, "--out", out, "--auto-confirm", "--key", key])
        #expect(run.status == 0)
        #expect(run.stderr.contains("Confirmed in one step (2 HQ and 2 XPM clients): every proposal accepted"))
        let confirmation = try JSONDecoder().decode(
            Confirmation.self, from: try Data(contentsOf: URL(fileURLWithPath: out + "/confirmation.json")))
        #expect(confirmation.verifies())
        #expect(confirmation.decisions.allSatisfy { $0.decision == .accept })

        // The demo practice has 30 HQ clients: too many for one step.
        let demo = try runSCR([
            "plan", "--hq", Fixtures.path("demo/hq.csv"), "--xpm", Fixtures.path("demo/xpm.xml"), "--out",
            folder.path + "/demo", "--auto-confirm", "--key", key,
        ])
        #expect(demo.status == 1)
        #expect(
            demo.stderr.hasSuffix(
                "error: --auto-confirm is for practices with 10 clients or fewer on each side; this one has 30 in HQ and 35 in XPM: review the plan and run scr confirm\n"
            ))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/demo/confirmation.json"))
        let usage = try runSCR(["plan", "--hq", hq, "--out", folder.path + "/x", "--auto-confirm"])
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("--auto-confirm signs the plan: pass your key with --key."))
    }
}
