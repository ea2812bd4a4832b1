import Foundation
import SCRTestSupport
import SingleClientRecord
import Testing

/// Three months of one practice: decisions that expire when their grounds change, the change
/// report, and the store's history (`scr log`, `scr show`).
@Suite struct MonthAfterMonthTests {
    let folder = TemporaryFolder()

    private func run(_ arguments: [String]) throws -> SCRRun {
        let result = try runSCR(arguments)
        #expect(result.status == 0, "scr \(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    private func json<T: Decodable>(_ type: T.Type, _ arguments: [String]) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(try run(arguments + ["--json"]).stdout.utf8))
    }

    private struct Log: Decodable { var entries: [JournalEntry] }

    /// The store's clients, members and pairs kept apart, every column, as text (SQLite through
    /// Python: the tests do not link GRDB).
    private func tables(_ store: String) throws -> String {
        let dump = try runProgram(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [
                "-c",
                "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); [print(t, row) for t in ('client', 'member', 'apart') for row in c.execute('SELECT * FROM ' + t + ' ORDER BY 1, 2')]",
                store,
            ])
        #expect(dump.status == 0, "\(dump.stderr)")
        return dump.stdout
    }

    /// Where each record is: its cluster.
    private func clusters(_ plan: PlanDocument) -> [String: PlanCluster] {
        var out: [String: PlanCluster] = [:]
        for cluster in plan.clusters { for member in cluster.members { out[member.reference] = cluster } }
        return out
    }

    @Test func threeMonthsOfDecisionsChangesAndHistory() throws {
        // Month one: every review accepted, one automatic merge rejected, committed.
        let practice = try PlannedPractice(in: folder.path, clients: 300, seed: 21, noise: "high", decide: nil)
        let first = try PlanDocument.read(from: practice.plan)
        #expect(first.sinceLastCommit == nil && first.clusters.allSatisfy { $0.changes == nil })
        let read = InputReader.read(
            InputFiles(hq: practice.folder + "/practice/hq.csv", xpm: [practice.folder + "/practice/xpm.xml"]))
        let records = Dictionary(read.records.map { ($0.reference, $0) }, uniquingKeysWith: { a, _ in a })
        func abn(_ member: RecordReference) -> String? {
            records[member.reference]?.fields[.businessNumber].flatMap { NextMonth.isValidABN($0) ? $0 : nil }
        }
        let pairs = first.clusters.filter { $0.members.map(\.source) == [.hq, .xpm] }
        // A merge accepted from review, whose HQ record holds a valid ABN.
        let reviewed = try #require(pairs.first { $0.status == .review && abn($0.members[0]) != nil })
        // Automatic merges: one to reject (HQ with a valid ABN the XPM record does not hold), one
        // renamed, one whose XPM record leaves the export, one whose XPM record is keyed again.
        let autos = pairs.filter { $0.status == .auto }
        let rejected = try #require(autos.first { abn($0.members[0]) != nil && abn($0.members[1]) == nil })
        let others = autos.filter { $0.id != rejected.id }
        try #require(others.count >= 3)
        let (renamed, removed, duplicated) = (others[0], others[1], others[2])
        for id in try DecisionsFile.read(folder: practice.plan, plan: first).undecided {
            _ = try run(["decide", practice.plan, id, "accept"])
        }
        _ = try run(["decide", practice.plan, rejected.id, "reject"])
        _ = try run(["confirm", practice.plan, "--key", practice.key])
        _ = try run(["commit", practice.plan, "--store", practice.store])

        // scr log: one commit, signed by the master-admin, with its counts.
        let log1 = try json(Log.self, ["log", "--store", practice.store]).entries
        try #require(log1.count == 1)
        let commit1 = log1[0]
        let admin = try SQLiteStore(path: practice.store).administrators()[0]
        #expect(commit1.kind == "commit" && commit1.id == 1 && commit1.planId == first.planId)
        #expect(commit1.administrator == "Master" && commit1.fingerprint == admin.fingerprint)
        let archived = first.clusters.count { $0.record.archived }
        #expect(
            commit1.committed
                == JournalEntry.CommitCounts(
                    clients: first.clusters.count + 1, created: first.clusters.count + 1,
                    members: first.summary.records, archived: archived, apart: 1))
        #expect(commit1.undoneBy == nil && commit1.undid == nil)
        let day = String(commit1.at.prefix(10))
        #expect(
            try run(["log", "--store", practice.store]).stdout
                == "commit 1  \(commit1.at)  Master (key \(admin.fingerprint))  plan \(first.planId.prefix(12)): \(first.clusters.count + 1) client(s) written (\(first.clusters.count + 1) new), \(first.summary.records) record(s), \(archived) archived, 1 pair(s) kept apart\n"
        )

        // scr show: the reviewed client's story.
        let store = try SQLiteStore(path: practice.store, access: .read)
        var clientOf: [String: String] = [:]
        for client in try store.committedDecisions().clients {
            for member in client.members { clientOf[member] = client.id }
        }
        let (hq, xpm) = (reviewed.members[0].reference, reviewed.members[1].reference)
        let reviewedId = try #require(clientOf[hq])
        #expect(clientOf[xpm] == reviewedId)
        let shown = try json(ClientHistory.self, ["show", reviewedId, "--store", practice.store])
        #expect(shown.members == [hq, xpm] && shown.versions.count == 1 && shown.apart.isEmpty)
        #expect(shown.versions.first?.added == [hq, xpm] && shown.versions.first?.record == reviewed.record)
        #expect(
            shown.decisions.map { [$0.commit == 1 ? "1" : "?", $0.cluster, $0.decision, $0.status] } == [
                ["1", reviewed.id, "accept", "review"]
            ])
        #expect(
            try run(["show", reviewedId, "--store", practice.store]).stdout == """
                \(reviewedId)  \(reviewed.record.fields[.name]!.value)  2 record(s): \(hq), \(xpm)
                commit 1  \(commit1.at)  signed by Master (key \(admin.fingerprint))
                  created with \(hq), \(xpm)
                  review cluster \(reviewed.id) (\(hq), \(xpm)) accepted from review by Master

                """)
        #expect(try runSCR(["show", "C-000000000000", "--store", practice.store]).status == 1)

        // Month two: the reviewed client's XPM record takes another valid ABN, the rejected pair
        // now shares the HQ record's ABN, one client is renamed, one XPM record leaves, one new
        // duplicate arrives, and three new clients.
        var month = NextMonth(newClients: 3, seed: 77)
        let newABN = NextMonth.validABN(7)
        let oldABN = try #require(abn(reviewed.members[0]))
        try #require(newABN != oldABN && abn(reviewed.members[1]).map { $0 != newABN } ?? true)
        let sharedABN = try #require(abn(rejected.members[0]))
        month.businessNumbers[xpm] = newABN
        month.businessNumbers[rejected.members[1].reference] = sharedABN
        month.renames[renamed.members[1].reference] = "Quokka Tangerine Pty Ltd"
        month.removed = [removed.members[1].reference]
        month.duplicates = [duplicated.members[1].reference]
        let next = folder.path + "/next"
        let added = try month.write(from: practice.folder + "/practice", to: next)
        let duplicate = try #require(added.first)
        let plan2 = folder.path + "/plan2"
        let planned = try run([
            "plan", "--hq", next + "/hq.csv", "--xpm", next + "/xpm.xml", "--store", practice.store, "--out", plan2,
        ])
        let second = try PlanDocument.read(from: plan2)
        let where2 = clusters(second)
        // The same exports against the same store: the same plan, byte for byte.
        let again = folder.path + "/plan2-again"
        _ = try run([
            "plan", "--hq", next + "/hq.csv", "--xpm", next + "/xpm.xml", "--store", practice.store, "--out", again,
        ])
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: again + "/plan.json"))
                == Data(contentsOf: URL(fileURLWithPath: plan2 + "/plan.json")))
        // The change report is part of the contract: plan.json still meets its schema.
        let schema = try JSONSchemaValidator(
            schema: Data(
                contentsOf: Fixtures.root.deletingLastPathComponent().appendingPathComponent("Schema/plan.schema.json"))
        )
        #expect(try schema.validate(Data(contentsOf: URL(fileURLWithPath: plan2 + "/plan.json"))) == [])

        // Re-opened: the merged client whose ABNs now differ, and both sides of the rejected pair.
        let merged =
            "re-opened: \(hq) and \(xpm) were merged as \(reviewedId) in commit 1 on \(day), accepted from review and confirmed by Master; the XPM record \(xpm) now has Business Number \(newABN), the HQ record \(hq) \(oldABN): a person must decide whether they are still one client"
        let (apartHQ, apartXPM) = (rejected.members[0].reference, rejected.members[1].reference)
        let apart =
            "re-opened: \(apartHQ) and \(apartXPM) were kept apart in commit 1 on \(day) (rejected, confirmed by Master); they now share Business Number \(sharedABN): a person must decide (accept keeps them apart; re-link one into the other's cluster to merge them)"
        let reopened = second.clusters.filter { !($0.changes?.reopened ?? []).isEmpty }
        #expect(
            reopened.map { $0.members.map(\.reference) }.sorted { $0[0] < $1[0] } == [
                [apartHQ], [hq, xpm], [apartXPM],
            ])
        let mergedCluster = try #require(where2[hq])
        #expect(mergedCluster.members.map(\.reference) == [hq, xpm] && mergedCluster.status == .review)
        #expect(mergedCluster.reasons.last == merged && mergedCluster.changes?.reopened == [merged])
        #expect(mergedCluster.changes?.changedRecords == [ChangedRecord(record: xpm, fields: ["businessNumber"])])
        #expect(
            mergedCluster.changes?.fields == [FieldChange(field: "businessNumber", old: oldABN, new: newABN)]
                && mergedCluster.changes?.client == reviewedId)
        for side in [apartHQ, apartXPM] {
            let cluster = try #require(where2[side])
            #expect(cluster.members.map(\.reference) == [side] && cluster.status == .review)
            #expect(cluster.changes?.reopened == [apart] && cluster.reasons.last == apart)
        }
        #expect(
            where2[apartXPM]?.changes?.changedRecords == [ChangedRecord(record: apartXPM, fields: ["businessNumber"])])
        #expect(where2[apartHQ]?.changes?.changedRecords == [])

        // report.html: the section, the filter, and each changed cluster's lines.
        let report = try String(contentsOfFile: plan2 + "/report.html", encoding: .utf8)
        #expect(report.contains("<h2>Changes since commit 1 (\(day))</h2>"))
        #expect(
            report.contains(
                "<button data-filter=\"changed\">Changed <span id=\"count-clusters-changed\"></span></button>"))
        let opening = try #require(report.range(of: "<script type=\"application/json\" id=\"plan-data\">"))
        let closing = try #require(report.range(of: "</script>", range: opening.upperBound..<report.endIndex))
        let data = try #require(
            try JSONSerialization.jsonObject(with: Data(report[opening.upperBound..<closing.lowerBound].utf8))
                as? [String: Any])
        let cards = try #require(data["clusters"] as? [[String: Any]])
        let mergedCard = try #require(cards.first { $0["i"] as? String == mergedCluster.id })
        #expect(
            mergedCard["g"] as? [String] == [
                "Changed since committed: \(xpm) (businessNumber)",
                "Re-opened: " + merged.dropFirst("re-opened: ".count),
                "\(reviewedId) would change: businessNumber: \"\(oldABN)\" → \"\(newABN)\"",
            ])
        #expect(cards.count { $0["g"] != nil } == second.clusters.count { $0.changes != nil })
        let reportCounts = try #require(data["changes"] as? [String: Int])
        #expect(reportCounts["reopened"] == 3 && reportCounts["joined"] == 1 && reportCounts["missing-records"] == 1)

        // The review board's "changed" filter lists the same clusters, and the cluster page gets
        // the changes as plan.json holds them.
        let board = try ReviewBoard(folder: plan2)
        let changedRows = board.rows(ReviewFilter(status: .changed, sort: .id, size: 1000)).clusters.map(\.id)
        #expect(changedRows == second.clusters.filter { $0.changes != nil }.map(\.id).sorted())
        #expect(board.summary(canConfirm: false, canCommit: false).statuses["changed"] == changedRows.count)

        // The renamed client: its XPM record's name changed, and so does the canonical name.
        let renamedCluster = try #require(where2[renamed.members[0].reference])
        #expect(renamedCluster.status == .auto && renamedCluster.changes?.reopened == [])
        #expect(
            renamedCluster.changes?.changedRecords == [
                ChangedRecord(record: renamed.members[1].reference, fields: ["name"])
            ])
        #expect(
            renamedCluster.changes?.fields.first
                == FieldChange(
                    field: "name", old: renamed.record.fields[.name]?.value, new: "Quokka Tangerine Pty Ltd"))
        // The record that left: its client holds it still, and says it is missing.
        let removedCluster = try #require(where2[removed.members[0].reference])
        #expect(removedCluster.members == [removed.members[0]] && removedCluster.status == .auto)
        #expect(removedCluster.changes?.missingRecords == [removed.members[1].reference])
        #expect(removedCluster.changes?.joined == [] && removedCluster.changes?.newRecords == [])
        // The new duplicate joins its client.
        let duplicateCluster = try #require(where2[duplicate])
        #expect(duplicateCluster.canonicalIds == [clientOf[duplicated.members[0].reference]!])
        #expect(duplicateCluster.changes?.joined == [duplicate] && duplicateCluster.changes?.changedRecords == [])
        // Every other committed client is as it was: no change reported, nothing re-opened.
        let changed = Set(
            [mergedCluster, where2[apartHQ]!, where2[apartXPM]!, renamedCluster, removedCluster, duplicateCluster].map(
                \.id))
        let newRecords = second.clusters.flatMap(\.members).map(\.reference).filter {
            clientOf[$0] == nil && $0 != duplicate
        }
        for cluster in second.clusters where !changed.contains(cluster.id) {
            if cluster.canonicalIds == nil {
                #expect(cluster.changes?.newRecords == cluster.members.map(\.reference))
            } else {
                #expect(cluster.changes == nil, "\(cluster.id): \(String(describing: cluster.changes))")
            }
        }
        let summary = try #require(second.sinceLastCommit)
        #expect(summary.commit == 1 && summary.committedAt == commit1.at)
        #expect(summary.newRecords == newRecords.count && summary.joined == 1 && summary.missingRecords == 1)
        #expect(summary.changedRecords == 3 && summary.reopened == 3 && summary.missingClients == [])
        #expect(planned.stderr.contains(summary.summary))
        let newClusters = second.clusters.count { $0.canonicalIds == nil }
        #expect(summary.recordsChanged == 4 && summary.clustersChanged == changed.count + newClusters)
        #expect(
            renamedCluster.changes?.fields == [
                FieldChange(field: "name", old: renamed.record.fields[.name]?.value, new: "Quokka Tangerine Pty Ltd")
            ])
        #expect(duplicateCluster.changes?.fields == [] && duplicateCluster.changes?.client == nil)
        // Without the XPM record, the canonical record is the HQ record's.
        let removedId = clientOf[removed.members[0].reference]
        #expect(removedCluster.changes?.client == removedId)
        #expect(removedCluster.changes?.fields == removedCluster.record.changes(from: removed.record))
        #expect(removedCluster.changes?.fields.isEmpty == false)

        // Commit month two: the re-opened merge is split, the pair kept apart is merged (the XPM
        // record re-linked into the HQ record's cluster), everything else accepted.
        _ = try run(["decide", plan2, mergedCluster.id, "split"])
        _ = try run(["decide", plan2, where2[apartHQ]!.id, "relink", "--relink", apartXPM])
        for id in try DecisionsFile.read(folder: plan2, plan: second).undecided {
            _ = try run(["decide", plan2, id, "accept"])
        }
        _ = try run(["confirm", plan2, "--key", practice.key])
        let beforeCommit2 = try tables(practice.store)
        _ = try run(["commit", plan2, "--store", practice.store])
        let log2 = try json(Log.self, ["log", "--store", practice.store]).entries
        try #require(log2.count == 2)
        #expect(log2[0] == commit1 && log2[1].id == 2 && log2[1].planId == second.planId)
        let month2 = try store.committedDecisions()
        var clientOf2: [String: String] = [:]
        for client in month2.clients { for member in client.members { clientOf2[member] = client.id } }
        #expect(clientOf2[hq] == reviewedId && clientOf2[xpm] != reviewedId)
        #expect(clientOf2[apartHQ] == clientOf2[apartXPM] && clientOf2[apartHQ] == clientOf[apartHQ])
        #expect(month2.apart.map { [$0.0, $0.1] } == [[hq, xpm]] && month2.apartSince == [2])
        // The removed record is still its client's member.
        #expect(clientOf2[removed.members[1].reference] == removedId)

        // scr show: created in commit 1 with both records, the XPM record removed in commit 2,
        // accepted from review, then split; kept apart since.
        let story = try json(ClientHistory.self, ["show", reviewedId, "--store", practice.store])
        #expect(story.members == [hq] && story.versions.map(\.commit.id) == [1, 2])
        #expect(story.versions[1].added == [] && story.versions[1].removed == [xpm])
        #expect(story.versions[1].changes == story.versions[1].record.changes(from: reviewed.record))
        #expect(
            story.decisions.map { "\($0.commit) \($0.cluster) \($0.decision) \($0.status)" } == [
                "1 \(reviewed.id) accept review", "2 \(mergedCluster.id) split review",
            ])
        #expect(story.apart == [ClientHistory.Apart(a: hq, b: xpm, commit: 2)])
        let text = try run(["show", reviewedId, "--store", practice.store]).stdout
        #expect(text.hasPrefix("\(reviewedId)  \(story.name ?? "")  1 record(s): \(hq)\ncommit 1  "))
        for line in [
            "commit 2  \(log2[1].at)  signed by Master (key \(admin.fingerprint))", "  removed \(xpm)",
            "  review cluster \(mergedCluster.id) (\(hq), \(xpm)) split by Master",
            "kept apart: \(hq) and \(xpm), since commit 2",
        ] {
            #expect(text.contains(line + "\n"), "scr show lacks: \(line)")
        }

        // Month three, the same exports: nothing re-opened, nothing reported changed.
        let plan3 = folder.path + "/plan3"
        _ = try run([
            "plan", "--hq", next + "/hq.csv", "--xpm", next + "/xpm.xml", "--store", practice.store, "--out", plan3,
        ])
        let third = try PlanDocument.read(from: plan3)
        var nothing = PlanChanges()
        (nothing.commit, nothing.committedAt) = (2, log2[1].at)
        #expect(third.sinceLastCommit == nothing)
        for cluster in third.clusters where cluster.changes != nil {
            Issue.record("\(cluster.id) reports changes in month three: \(String(describing: cluster.changes))")
        }
        #expect(third.summary.review == 0)

        // Commit two rolled back: it stays in the history, marked; the client is as commit one
        // left it, and the pair commit two joined is kept apart again.
        _ = try run(["rollback", "2", "--store", practice.store])
        let log3 = try json(Log.self, ["log", "--store", practice.store]).entries
        #expect(log3.map(\.kind) == ["commit", "commit", "rollback"] && log3[1].undoneBy == 3)
        #expect(log3[2].undid == 2 && log3[2].administrator == "scr rollback" && log3[2].restored != nil)
        #expect(try run(["log", "--store", practice.store]).stdout.contains("  [rolled back by entry 3]\n"))
        let undone = try json(ClientHistory.self, ["show", reviewedId, "--store", practice.store])
        #expect(undone.members == [hq, xpm] && undone.versions.map(\.commit.id) == [1, 2])
        #expect(undone.versions[1].commit.undoneBy == 3 && undone.apart == [])
        #expect(undone.versions[0].record == reviewed.record && undone.versions[1].record == story.versions[1].record)
        #expect(try tables(practice.store) == beforeCommit2, "the rollback left the store otherwise than before")
        #expect(undone.decisions.map { "\($0.commit) \($0.undoneBy.map(String.init) ?? "-")" } == ["1 -", "2 3"])
        let restored = try store.committedDecisions()
        #expect(restored.apart.map { [$0.0, $0.1] } == [[apartHQ, apartXPM]] && restored.apartSince == [1])
        #expect(try store.integrityCheck() == "ok")
    }

    /// The demo practice's month one, committed with the decisions its README gives.
    private func demoMonthOne() throws -> (store: String, key: String) {
        let (store, key, plan) = (folder.path + "/demo.sqlite", folder.path + "/demo.key", folder.path + "/demo1")
        let demo = Fixtures.path("demo")
        _ = try run([
            "admin", "add", "--name", "Demo Master Admin", "--role", "master-admin", "--store", store, "--key-out", key,
        ])
        _ = try run([
            "plan", "--hq", demo + "/hq.csv", "--hq-contacts", demo + "/hq-contacts.csv", "--xpm", demo + "/xpm.xml",
            "--store", store, "--out", plan,
        ])
        for decision in [
            ["c-3ca117d8be000e1d", "accept"],
            [
                "c-bba761ce21a2d450", "split", "--split",
                "hq:HQ-1025 xpm:d399d90d-5bbb-4907-95fb-c4ed989f7608 | xpm:ccb4c0c3-7534-4aba-ad55-59623c5b017b",
            ],
            ["c-81c9075533584b4f", "reject"], ["c-49bfaa447ed42295", "accept"], ["c-3459035e5965dfb2", "accept"],
        ] {
            _ = try run(["decide", plan] + decision)
        }
        _ = try run(["confirm", plan, "--key", key])
        _ = try run(["commit", plan, "--store", store])
        return (store, key)
    }

    /// Month two of the demo practice (`Fixtures/demo/month2`, as its README and the README's
    /// walkthrough say): the clusters re-opened and the change lines, exactly; then four accepts,
    /// and the trust's story.
    @Test func theDemoPracticesMonthTwo() throws {
        let (store, key) = try demoMonthOne()
        let month2 = Fixtures.path("demo/month2")
        // Planned into month one's folder, its decisions are carried where their grounds stand,
        // never onto a re-opened cluster: the trust's merge must be decided again.
        let replanned = try run([
            "plan", "--hq", month2 + "/hq.csv", "--hq-contacts", month2 + "/hq-contacts.csv", "--xpm",
            month2 + "/xpm.xml", "--store", store, "--out", folder.path + "/demo1",
        ])
        #expect(replanned.stderr.contains("c-49bfaa447ed42295"))
        let undecided = try DecisionsFile.read(
            folder: folder.path + "/demo1", plan: try PlanDocument.read(from: folder.path + "/demo1")
        ).undecided
        #expect(undecided.contains("c-49bfaa447ed42295") && undecided.contains("c-63b73bab63cc69f4"))
        let plan = folder.path + "/demo2"
        let planned = try run([
            "plan", "--hq", month2 + "/hq.csv", "--hq-contacts", month2 + "/hq-contacts.csv", "--xpm",
            month2 + "/xpm.xml", "--store", store, "--out", plan,
        ])
        #expect(
            planned.stderr.contains(
                "): 1 new record(s) in new clients, 1 joined to committed clients, 1 missing from the exports, 4 with changed fields; 4 cluster(s) re-opened for review; 3 canonical record(s) would change.\n"
            ))
        let document = try PlanDocument.read(from: plan)
        #expect(
            document.clusters.filter { $0.status == .review }.map(\.id) == [
                "c-ddd2351ca773772e", "c-0a7222aa578c0518", "c-5b5d60ea7724dad8", "c-49bfaa447ed42295",
                "c-63b73bab63cc69f4",
            ])
        #expect(
            document.clusters.filter { !($0.changes?.reopened ?? []).isEmpty }.map(\.id) == [
                "c-ddd2351ca773772e", "c-0a7222aa578c0518", "c-49bfaa447ed42295", "c-63b73bab63cc69f4",
            ])
        // The HQ record's date of birth changed: it is named as the one that now differs.
        let taylor = try #require(document.clusters.first { $0.id == "c-ddd2351ca773772e" })
        #expect(
            taylor.changes?.reopened.first?.hasSuffix(
                ", merged automatically and confirmed by Demo Master Admin; the HQ record hq:HQ-1018 now has Date of Birth 03/02/1961, the XPM record xpm:5777a851-a200-4383-9dc6-22fa8ad0bf78 1959-07-12T00:00:00: a person must decide whether they are still one client"
            ) == true)
        var lines: [String] = []
        for cluster in document.clusters {
            guard let changes = cluster.changes else { continue }
            let id = cluster.id
            lines += changes.newRecords.map { "\(id) new \($0)" }
            lines += changes.joined.map { "\(id) joined \($0)" }
            lines += changes.missingRecords.map { "\(id) missing \($0)" }
            lines += changes.changedRecords.map { "\(id) changed \($0.record) \($0.fields)" }
            lines += changes.fields.map { "\(id) \(changes.client ?? "") \($0.text)" }
        }
        #expect(
            lines == [
                "c-768f6a28e22ef07b joined xpm:0d5e2a61-7c1b-4f0e-9a3d-2b8e6f4c1a07",
                "c-18bc6ca5842aff71 changed xpm:6a0c26c1-30c7-4299-8693-7eed9647c19c [\"name\"]",
                "c-18bc6ca5842aff71 C-103a2088e7f5 name: \"Coastal Café Pty Ltd\" → \"Coastal Café & Bakery Pty Ltd\"",
                "c-ddd2351ca773772e changed hq:HQ-1018 [\"dateOfBirth\"]",
                "c-49bfaa447ed42295 changed xpm:37790176-08cc-4e62-b619-4545095e21c3 [\"businessNumber\"]",
                "c-49bfaa447ed42295 C-24a23646b6c7 businessNumber: \"97 802 031 588\" → \"58 818 053 057\"",
                "c-bcce574424dfb3c8 new hq:HQ-1031",
                "c-63b73bab63cc69f4 changed xpm:25d0cbb3-6f7f-405b-bd43-a6de9550e74e [\"taxNumber\"]",
                "c-63b73bab63cc69f4 C-63b73bab63cc taxNumber: (none) → \"287 320 269\"",
                "c-3ae2374b99c267a0 missing xpm:75fcc589-c081-477b-b941-2af88f2edf75",
            ])
        // In Chromium: the report's Changes section and filter, and the review board's Changes panel.
        let report = try Browser.dumpDOM("file://\(plan)/report.html#filter=changed")
        #expect(report.contains("<h2>Changes since commit 1 ("))
        #expect(report.contains("id=\"count-reopened\">4</span>") && report.contains("id=\"count-joined\">1</span>"))
        #expect(
            report.contains("data-total=\"\(document.clusters.count { $0.changes != nil })\" data-filter=\"changed\""))
        #expect(
            report.contains(
                "<li>C-24a23646b6c7 would change: businessNumber: \"97 802 031 588\" → \"58 818 053 057\"</li>"))
        let server = try ReviewProcess(["review", plan])
        let page = try Browser.dumpDOM(server.url + "#/cluster/c-49bfaa447ed42295", settle: 5000)
        _ = try server.stop()
        #expect(
            page.contains(
                "<section class=\"panel\" id=\"changes\"><h3>Changes since the last commit</h3><ul class=\"changes\"><li>Changed since committed: xpm:37790176-08cc-4e62-b619-4545095e21c3 (businessNumber)</li><li>Re-opened: hq:HQ-1028 and xpm:37790176-08cc-4e62-b619-4545095e21c3 were merged as C-24a23646b6c7 in commit 1 on "
            ))
        #expect(
            page.contains(
                "<li>C-24a23646b6c7 would change: businessNumber: \"97 802 031 588\" → \"58 818 053 057\"</li></ul></section>"
            ))

        for id in [
            "c-ddd2351ca773772e", "c-49bfaa447ed42295", "c-5b5d60ea7724dad8", "c-0a7222aa578c0518",
            "c-63b73bab63cc69f4",
        ] {
            _ = try run(["decide", plan, id, "accept"])
        }
        _ = try run(["confirm", plan, "--key", key])
        #expect(
            try run(["commit", plan, "--store", store]).stderr.hasSuffix(
                "as commit 2: 66 records; 7 canonical clients created or changed (1 new), 0 archived; 0 pair(s) newly kept apart.\n"
            ))
        let story = try json(ClientHistory.self, ["show", "C-24a23646b6c7", "--store", store])
        #expect(story.versions.map(\.commit.id) == [1, 2] && story.decisions.map(\.commit) == [1, 2])
        #expect(
            story.versions[1].changes == [
                FieldChange(field: "businessNumber", old: "97 802 031 588", new: "58 818 053 057")
            ])
    }

    /// A store written before it kept history (its clients' versions, their records' hashes and
    /// their members' fingerprints missing, as the migration leaves them): month two still plans
    /// and commits, a changed client's story starts with its state before, and records without a
    /// fingerprint report no changed fields.
    @Test func aStoreFromBeforeTheHistoryGetsItsFirstVersionsOnItsNextCommit() throws {
        let (store, key) = try demoMonthOne()
        let downgrade = try runProgram(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [
                "-c",
                "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript('DELETE FROM clientVersion; DELETE FROM decision; UPDATE client SET recordHash = NULL; UPDATE member SET fingerprint = NULL;'); c.commit()",
                store,
            ])
        #expect(downgrade.status == 0, "\(downgrade.stderr)")
        let month2 = Fixtures.path("demo/month2")
        let plan = folder.path + "/demo2"
        _ = try run([
            "plan", "--hq", month2 + "/hq.csv", "--hq-contacts", month2 + "/hq-contacts.csv", "--xpm",
            month2 + "/xpm.xml", "--store", store, "--out", plan,
        ])
        let document = try PlanDocument.read(from: plan)
        #expect(document.clusters.allSatisfy { $0.changes?.changedRecords.isEmpty ?? true })
        let cafe = try #require(document.clusters.first { $0.id == "c-18bc6ca5842aff71" })
        #expect(
            cafe.changes?.fields == [
                FieldChange(field: "name", old: "Coastal Café Pty Ltd", new: "Coastal Café & Bakery Pty Ltd")
            ])
        for id in try DecisionsFile.read(folder: plan, plan: document).undecided {
            _ = try run(["decide", plan, id, "accept"])
        }
        _ = try run(["confirm", plan, "--key", key])
        _ = try run(["commit", plan, "--store", store])
        let story = try json(ClientHistory.self, ["show", "C-103a2088e7f5", "--store", store])
        #expect(story.versions.map(\.commit.id) == [1, 2])
        #expect(story.versions.first?.added == ["hq:HQ-1015", "xpm:6a0c26c1-30c7-4299-8693-7eed9647c19c"])
        #expect(
            story.versions.last?.changes == [
                FieldChange(field: "name", old: "Coastal Café Pty Ltd", new: "Coastal Café & Bakery Pty Ltd")
            ])
    }
}
