import Foundation
import SCRTestSupport
import SingleClientRecord
import Testing

/// Planning next month's exports against a committed store: confirmed merges stay merged, pairs a
/// person kept apart stay apart, canonical ids stay, and new records match the committed clients.
@Suite struct NextMonthTests {
    let folder = TemporaryFolder()

    private func run(_ arguments: [String]) throws -> SCRRun {
        let result = try runSCR(arguments)
        #expect(result.status == 0, "scr \(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    /// Where each record is: the index of its cluster.
    private func clusterOf(_ plan: PlanDocument) -> [String: Int] {
        var out: [String: Int] = [:]
        for (index, cluster) in plan.clusters.enumerated() {
            for member in cluster.members { out[member.reference] = index }
        }
        return out
    }

    @Test func nextMonthKeepsEveryDecisionAndIdAndMatchesNewRecords() throws {
        // Month one: every review accepted, one automatic merge rejected, committed.
        let practice = try PlannedPractice(in: folder.path, clients: 400, seed: 11, noise: "high", decide: nil)
        let first = try PlanDocument.read(from: practice.plan)
        // Four automatic merges of one HQ and one XPM record whose XPM record has an e-mail:
        // one to reject, one to rename, one to change the e-mail of, one to duplicate.
        let xpm = try String(contentsOfFile: folder.path + "/practice/xpm.xml", encoding: .utf8)
        let pairs = first.clusters.filter { cluster in
            cluster.status == .auto && cluster.members.map(\.source) == [.hq, .xpm]
                && xpm.contains("<Email>\(cluster.record.emails.first { $0.from.source == .xpm }?.value ?? "\u{0}")")
        }
        try #require(pairs.count >= 4)
        let (rejected, renamed, emailed, duplicated) = (pairs[0], pairs[1], pairs[2], pairs[3])
        for id in try DecisionsFile.read(folder: practice.plan, plan: first).undecided {
            _ = try run(["decide", practice.plan, id, "accept"])
        }
        _ = try run(["decide", practice.plan, rejected.id, "reject"])
        _ = try run(["confirm", practice.plan, "--key", practice.key])
        _ = try run(["commit", practice.plan, "--store", practice.store])
        let store = try SQLiteStore(path: practice.store)
        let month1 = try store.committedDecisions()
        var clientOf: [String: String] = [:]
        for client in month1.clients { for member in client.members { clientOf[member] = client.id } }
        #expect(month1.clients.count == first.clusters.count + 1)
        #expect(month1.apart.map { [$0.0, $0.1] } == [rejected.members.map(\.reference)])

        // Month two: 30 new clients, a rename that leaves no name in common, a new e-mail, and a
        // new duplicate of an XPM client.
        var month = NextMonth(newClients: 30, seed: 77)
        month.renames[renamed.members[1].reference] = "Quokka Tangerine Pty Ltd"
        month.emails[emailed.members[1].reference] = "accounts@next-month.example"
        month.duplicates = [duplicated.members[1].reference]
        let next = folder.path + "/next"
        let added = try month.write(from: folder.path + "/practice", to: next)
        let duplicate = try #require(added.first)
        let plan2 = folder.path + "/plan2"
        _ = try run([
            "plan", "--hq", next + "/hq.csv", "--xpm", next + "/xpm.xml", "--store", practice.store, "--out", plan2,
        ])
        let second = try PlanDocument.read(from: plan2)
        let where2 = clusterOf(second)
        #expect(second.store == month1.state)

        // Every committed client is one cluster that names it.
        for client in month1.clients {
            let clusters = Set(client.members.compactMap { where2[$0] })
            #expect(clusters.count == 1, "client \(client.id) was split")
            let cluster = second.clusters[clusters.first!]
            #expect(cluster.canonicalIds?.contains(client.id) == true)
        }
        // The rejected pair stays apart, and neither side is sent to review over the other.
        let (hq, xpmRecord) = (rejected.members[0].reference, rejected.members[1].reference)
        #expect(where2[hq] != where2[xpmRecord])
        for reference in [hq, xpmRecord] {
            let cluster = second.clusters[where2[reference]!]
            #expect(cluster.members.map(\.reference) == [reference])
            #expect(cluster.status == .auto && cluster.canonicalIds == [clientOf[reference]!])
            #expect(cluster.reasons == ["committed before as canonical client \(clientOf[reference]!)"])
        }
        // The renamed client stays merged, with its new name.
        let renamedCluster = second.clusters[where2[renamed.members[0].reference]!]
        #expect(renamedCluster.members == renamed.members && renamedCluster.status == .auto)
        #expect(renamedCluster.record.fields[.name]?.value == "Quokka Tangerine Pty Ltd")
        #expect(
            renamedCluster.reasons == [
                "kept together: committed before as canonical client \(clientOf[renamed.members[0].reference]!)"
            ])
        // Merges a person accepted from review are not asked again; without the store some are,
        // and the rejected pair merges.
        let accepted = first.clusters.filter { $0.status == .review && $0.members.count > 1 }
        try #require(!accepted.isEmpty)
        let alone = folder.path + "/alone"
        _ = try run(["plan", "--hq", next + "/hq.csv", "--xpm", next + "/xpm.xml", "--out", alone])
        let withoutStore = try PlanDocument.read(from: alone)
        let whereAlone = clusterOf(withoutStore)
        for cluster in accepted {
            #expect(second.clusters[where2[cluster.members[0].reference]!].status == .auto)
        }
        #expect(accepted.contains { withoutStore.clusters[whereAlone[$0.members[0].reference]!].status == .review })
        #expect(whereAlone[hq] == whereAlone[xpmRecord])
        // The new e-mail joins the client's e-mails.
        let emailedCluster = second.clusters[where2[emailed.members[0].reference]!]
        #expect(emailedCluster.members == emailed.members)
        #expect(emailedCluster.record.emails.contains { $0.value == "accounts@next-month.example" })
        // The new duplicate joins its client, automatically.
        let joined = second.clusters[where2[duplicate]!]
        #expect(Set(joined.members.map(\.reference)) == Set(duplicated.members.map(\.reference) + [duplicate]))
        #expect(joined.status == .auto && joined.canonicalIds == [clientOf[duplicated.members[0].reference]!])
        // The new clients' records make clusters of their own (they are other people and
        // businesses), none joining a committed client.
        let newRecords = second.clusters.flatMap(\.members).map(\.reference).filter {
            clientOf[$0] == nil && $0 != duplicate
        }
        #expect(newRecords.count == 57)
        #expect(newRecords.allSatisfy { second.clusters[where2[$0]!].canonicalIds == nil })

        // Commit month two: ids stay, the duplicate joins its client, new records get new ids.
        for id in try DecisionsFile.read(folder: plan2, plan: second).undecided {
            _ = try run(["decide", plan2, id, "accept"])
        }
        _ = try run(["confirm", plan2, "--key", practice.key])
        _ = try run(["commit", plan2, "--store", practice.store])
        let month2 = try store.committedDecisions()
        var clientOf2: [String: String] = [:]
        for client in month2.clients { for member in client.members { clientOf2[member] = client.id } }
        for (reference, id) in clientOf where clientOf2[reference] != id {
            Issue.record("\(reference) moved from \(id) to \(clientOf2[reference] ?? "nowhere")")
        }
        #expect(clientOf2[duplicate] == clientOf[duplicated.members[0].reference])
        let month1Ids = Set(clientOf.values)
        #expect(newRecords.allSatisfy { clientOf2[$0].map { !month1Ids.contains($0) } == true })
        #expect(month2.apart.map { [$0.0, $0.1] } == [rejected.members.map(\.reference)])
        let stored = try store.clients().first { $0.id == clientOf[emailed.members[0].reference] }
        #expect(stored?.record.emails.contains { $0.value == "accounts@next-month.example" } == true)
        #expect(try store.integrityCheck() == "ok")
    }
}
