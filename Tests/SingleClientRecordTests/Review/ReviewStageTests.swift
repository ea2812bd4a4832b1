import Foundation
import SCRTestSupport
import Testing

@testable import SingleClientRecord

/// The review stage and the decision ledger under it, on a generated practice with reviews.
@Suite struct ReviewStageTests {
    let folder = TemporaryFolder()

    private func planned() throws -> String {
        try PlannedPractice(in: folder.path, clients: 300, seed: 7, noise: "high", decide: nil).plan
    }

    private func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    @Test func aDecisionRewritesItsOwnRowAndNoOtherByte() throws {
        let plan = try planned()
        let path = plan + "/decisions.csv"
        // A spreadsheet saved the file with CRLF line ends and a needless pair of quotes.
        var lines = String(decoding: try bytes(path), as: UTF8.self).components(separatedBy: "\n")
        let firstAuto = try #require(lines.firstIndex { $0.contains(",auto,") })
        let id = lines[firstAuto].prefix { $0 != "," }
        lines[firstAuto] = "\"\(id)\"" + lines[firstAuto].dropFirst(id.count)
        try Data(lines.joined(separator: "\r\n").utf8).write(to: URL(fileURLWithPath: path))
        let before = try bytes(path)

        let outline = try PlanOutline.read(from: plan)
        var ledger = try DecisionLedger(folder: plan, outline: outline)
        let review = try #require(outline.clusters.first { $0.status == .review })
        let row = try ledger.decide(cluster: review.id, .reject)
        #expect(row == DecisionLedger.Row(decision: "reject", split: ""))
        let after = try bytes(path)
        let old = String(decoding: before, as: UTF8.self).components(separatedBy: "\r\n")
        let new = String(decoding: after, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(old.count == new.count)
        let changed = old.indices.filter { old[$0] != new[$0] }
        #expect(changed.count == 1)
        #expect(new[changed[0]].hasPrefix("\(review.id),review,merge,reject,,"))
        #expect(
            old[changed[0]].replacingOccurrences(of: ",review,merge,,,", with: ",review,merge,reject,,")
                == new[changed[0]])
        // What the file now says is what a fresh read says.
        #expect(try DecisionsFile.read(folder: plan, outline: outline).problems.isEmpty)
        // (The ledger keeps each row's cells up to the names.)
        #expect(
            try DecisionsFile.read(folder: plan, outline: outline).rows.map { Array($0.cells.prefix(8)) }
                == ledger.decisions.rows.map { Array($0.cells.prefix(8)) })
    }

    @Test func aBulkAcceptPatchesEachRowOnceAndNoOtherByte() throws {
        let plan = try planned()
        let path = plan + "/decisions.csv"
        let outline = try PlanOutline.read(from: plan)
        var ledger = try DecisionLedger(folder: plan, outline: outline)
        let reviews = outline.clusters.filter { $0.status == .review }.map(\.id)
        // One decided first, so that its row keeps its word; one named twice.
        try ledger.decide(cluster: reviews[1], .reject)
        let before = String(decoding: try bytes(path), as: UTF8.self).components(separatedBy: "\n")
        #expect(try ledger.acceptUndecided([reviews[0], reviews[0], reviews[1], reviews[2]]) == 2)
        let after = String(decoding: try bytes(path), as: UTF8.self).components(separatedBy: "\n")
        #expect(before.count == after.count)
        let changed = before.indices.filter { before[$0] != after[$0] }
        let accepted = [reviews[0], reviews[2]].compactMap { id in before.firstIndex { $0.hasPrefix(id + ",") } }
        #expect(accepted.count == 2 && changed == accepted.sorted())
        #expect(changed.allSatisfy { after[$0].contains(",review,merge,accept,,") })
        // The ledger's rows and places are the file's: the next decision patches the right bytes.
        try ledger.decide(cluster: reviews[2], .reject)
        let fresh = try DecisionLedger(folder: plan, outline: outline)
        #expect(fresh.row(reviews[0])?.decision == "accept" && fresh.row(reviews[1])?.decision == "reject")
        #expect(fresh.row(reviews[2])?.decision == "reject")
        #expect(
            fresh.decisions.rows.map { Array($0.cells.prefix(8)) }
                == ledger.decisions.rows.map { Array($0.cells.prefix(8)) })
        #expect(fresh.decisions.rows.map(\.span) == ledger.decisions.rows.map(\.span))
    }

    @Test func aDecisionWaitsForTheLockOnThePlanFolder() throws {
        let plan = try planned()
        let path = plan + "/decisions.csv"
        let outline = try PlanOutline.read(from: plan)
        let ledger = try DecisionLedger(folder: plan, outline: outline)
        let review = try #require(outline.clusters.first { $0.status == .review })
        let before = try bytes(path)
        // Another writer (scr decide, a second board) holds the folder: the decision waits.
        let held = try FolderLock(plan)
        let deciding = Background {
            var ledger = ledger
            return Result { try ledger.decide(cluster: review.id, .reject) }
        }
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try bytes(path) == before)
        held.release()
        #expect(try deciding.value.get() == DecisionLedger.Row(decision: "reject", split: ""))
        #expect(try bytes(path) != before)
    }

    @Test func aByteOrderMarkIsKept() throws {
        let plan = try planned()
        let path = plan + "/decisions.csv"
        let before = [0xEF, 0xBB, 0xBF] + (try bytes(path))
        try Data(before).write(to: URL(fileURLWithPath: path))
        let outline = try PlanOutline.read(from: plan)
        var ledger = try DecisionLedger(folder: plan, outline: outline)
        let review = try #require(outline.clusters.first { $0.status == .review })
        try ledger.decide(cluster: review.id, .accept)
        let after = try bytes(path)
        #expect(Array(after.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(after.count == before.count + "accept".utf8.count)
        #expect(
            try DecisionsFile.read(folder: plan, outline: outline).rows.first { $0.cluster == review.id }?.decision
                == .accept)
    }

    @Test func aChangeBehindTheLedgerIsReadAndAStaleDecisionRefused() throws {
        let plan = try planned()
        let outline = try PlanOutline.read(from: plan)
        var ledger = try DecisionLedger(folder: plan, outline: outline)
        let review = try #require(outline.clusters.first { $0.status == .review })
        try ledger.decide(cluster: review.id, .accept, base: DecisionLedger.Row(decision: "", split: ""))
        #expect(try ledger.reloadIfChanged() == false)
        // Another window decides the same cluster.
        _ = try DecisionsFile.decide(folder: plan, cluster: review.id, .reject)
        let written = try bytes(plan + "/decisions.csv")
        #expect(throws: DecisionLedger.StaleDecision.self) {
            try ledger.decide(cluster: review.id, .split, base: DecisionLedger.Row(decision: "accept", split: ""))
        }
        #expect(ledger.row(review.id) == DecisionLedger.Row(decision: "reject", split: ""))
        #expect(try bytes(plan + "/decisions.csv") == written)
        // Seen fresh, the decision stands.
        try ledger.decide(cluster: review.id, .split, base: DecisionLedger.Row(decision: "reject", split: ""))
        #expect(ledger.row(review.id)?.decision == "split")
        // A spreadsheet capitalised the word: the same decision, not a stale view.
        let path = plan + "/decisions.csv"
        let text = String(decoding: try bytes(path), as: UTF8.self)
        try Data(
            text.replacingOccurrences(of: "\(review.id),review,merge,split,", with: "\(review.id),review,merge,Split,")
                .utf8
        )
        .write(to: URL(fileURLWithPath: path))
        try ledger.decide(cluster: review.id, .reject, base: DecisionLedger.Row(decision: "split", split: ""))
        #expect(ledger.row(review.id)?.decision == "reject")
    }

    @Test func relinksAreCheckedAcrossRows() throws {
        let plan = try planned()
        let outline = try PlanOutline.read(from: plan)
        var ledger = try DecisionLedger(folder: plan, outline: outline)
        let pairs = outline.clusters.filter { $0.members.count == 2 }
        let (a, b, c) = (pairs[0], pairs[1], pairs[2])
        try ledger.decide(cluster: a.id, .relink, split: b.members[1].reference)
        #expect(ledger.relinks(of: a.id).into == [b.members[1].reference])
        #expect(ledger.relinks(of: b.id).out.map(\.to) == [a.id])
        // A chain: b would bring a record in while one of its own is moved out.
        let before = try bytes(plan + "/decisions.csv")
        #expect {
            try ledger.decide(cluster: b.id, .relink, split: c.members[0].reference)
        } throws: { error in
            "\(error)".contains(
                "'\(b.members[1].reference)', a record of this cluster, is re-linked into cluster \(a.id); a cluster that brings records in keeps its own"
            )
        }
        #expect(try bytes(plan + "/decisions.csv") == before)
        // b's split may leave out the record re-linked away, and must name the rest.
        try ledger.decide(cluster: b.id, .split, split: b.members[0].reference)
        // Taking the relink back would leave that record in none of b's groups: refused.
        #expect {
            try ledger.decide(cluster: a.id, .accept)
        } throws: { error in
            "\(error)".contains("the split leaves \(b.members[1].reference) in no group")
        }
        #expect(ledger.row(a.id)?.decision == "relink")
        // A record joins one cluster: a second relink of it is refused, and the first stands, in
        // this ledger and in the file as read again.
        let written = try bytes(plan + "/decisions.csv")
        #expect {
            try ledger.decide(cluster: c.id, .relink, split: b.members[1].reference)
        } throws: { error in
            "\(error)".contains("'\(b.members[1].reference)' is re-linked into cluster \(a.id) too")
        }
        #expect(try bytes(plan + "/decisions.csv") == written)
        #expect(ledger.relinks(of: b.id).out.map(\.to) == [a.id])
        let reread = try DecisionLedger(folder: plan, outline: outline)
        #expect(reread.relinks(of: b.id).out.map(\.to) == [a.id] && reread.row(c.id) == ledger.row(c.id))
    }

    @Test func theSearchIndexFindsWordsInsideWordsAcrossEachItemsText() {
        let texts = [
            ["Goldsmith Pty Ltd", "hq:HQ-1"], ["John SMITH", "xpm:abc-123"], ["Zoë Émile", "0412 345 678"],
            ["Smithers & Co"], [],
        ]
        let index = SearchIndex(count: texts.count) { item, bytes in
            for text in texts[item] { SearchIndex.fold(text, into: &bytes) }
        }
        func found(_ query: String) -> [Int] {
            let flags = index.matches(query)
            return flags.indices.filter { flags[$0] }
        }
        #expect(found("smith") == [0, 1, 3])
        #expect(found("SMITH john") == [1])
        #expect(found("ith ers") == [3])
        #expect(found("z") == [2])  // one letter: from each item's characters
        #expect(found("zoe emile") == [2])  // accents folded, as names are
        #expect(found("345") == [2])
        #expect(found("hq-1") == [0] && found("1") == [0, 1, 2])
        #expect(found("q") == [0])
        #expect(found("smithx") == [] && found("nothing") == [])
        #expect(found("") == [0, 1, 2, 3, 4] && found("  , ") == [0, 1, 2, 3, 4])
        // Each distinct word once: goldsmith pty ltd hq 1 john smith xpm abc 123 zoe emile 0412 345
        // 678 smithers co.
        #expect(index.wordStarts.count - 1 == 17)
    }

    @Test func theSearchIndexAgreesWithAScanOfEveryText() {
        // Seeded words and queries: what the index finds is what reading every text finds.
        var random = SeededRandom(seed: 7)
        func below(_ count: Int) -> Int { Int(random.next() % UInt64(count)) }
        let syllables = ["ab", "smi", "th", "son", "o", "ley", "42", "7", "mc", "ann", "é", "x"]
        func word() -> String { (0..<(1 + below(3))).map { _ in syllables[below(syllables.count)] }.joined() }
        let texts = (0..<3_000).map { _ in (0..<below(6)).map { _ in word() }.joined(separator: " ") }
        let index = SearchIndex(count: texts.count) { item, bytes in SearchIndex.fold(texts[item], into: &bytes) }
        for _ in 0..<300 {
            let query = (0..<(1 + below(3))).map { _ in word() }.joined(separator: " ")
            var needles: [UInt8] = []
            SearchIndex.fold(query, into: &needles)
            let words = needles.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
            let scanned = texts.map { text -> Bool in
                var folded: [UInt8] = []
                SearchIndex.fold(text, into: &folded)
                let haystack = " " + String(decoding: folded, as: UTF8.self)
                return words.allSatisfy { haystack.contains($0) }
            }
            #expect(index.matches(query) == scanned, "\(query)")
        }
    }

    @Test func theBoardFiltersSearchesSortsAndPagesFromMemory() throws {
        let plan = try planned()
        var board = try ReviewBoard(folder: plan)
        let clusters = board.outline.clusters
        let summary = board.summary(canConfirm: false, canCommit: false)
        #expect(summary.clusters == clusters.count)
        #expect(summary.review == 12 && summary.undecided == 12 && summary.reviewDecided == 0)

        let reviews = board.rows(ReviewFilter(status: .review, size: 5))
        #expect(reviews.total == 12 && reviews.pages == 3 && reviews.clusters.count == 5)
        #expect(reviews.clusters.allSatisfy { $0.status == "review" && $0.decision == "" })
        // Each row's members are its cluster's in the plan, and its HQ and XPM columns split them.
        for row in reviews.clusters {
            let planned = try #require(clusters.first { $0.id == row.id })
            #expect(row.members == planned.members.map(\.reference))
            #expect(row.hq == planned.members.filter { $0.source == .hq }.map(\.key))
            #expect(row.xpm == planned.members.filter { $0.source == .xpm }.map(\.key))
        }
        // By name (a cluster without a proposed name by its id), as the engine folds names.
        let rows = board.rows(ReviewFilter(size: 500)).clusters
        let names = rows.map { Fold.key($0.name ?? $0.id) }
        #expect(zip(names, names.dropFirst()).allSatisfy { $0 <= $1 })
        let confidences = board.rows(ReviewFilter(sort: .confidence, descending: true, size: 500)).clusters.map(
            \.confidence)
        #expect(confidences == confidences.sorted(by: >))

        // A record's key, in any case, finds its cluster and no other.
        let target = clusters[clusters.count / 2]
        let found = board.rows(ReviewFilter(query: target.members[0].key.uppercased()))
        #expect(found.clusters.map(\.id) == [target.id])
        #expect(board.rows(ReviewFilter(query: "zzzz-nothing-like-this")).total == 0)

        // Pages: a slice of the stored order when nothing filters, a walk otherwise; a page past
        // the end is the last page either way, and descending is the order reversed.
        let all = board.rows(ReviewFilter(size: 500)).clusters.map(\.id)
        let lastPage = board.rows(ReviewFilter(page: 1_000, size: 7))
        #expect(lastPage.page == lastPage.pages && lastPage.total == clusters.count)
        #expect(lastPage.clusters.map(\.id) == Array(all.suffix(from: (lastPage.pages - 1) * 7)))
        #expect(board.rows(ReviewFilter(descending: true, size: 500)).clusters.map(\.id) == all.reversed())
        let reviewIds = board.matching(ReviewFilter(status: .review))
        let lastReviews = board.rows(ReviewFilter(status: .review, page: 99, size: 5))
        #expect(lastReviews.page == 3 && lastReviews.clusters.map(\.id) == reviewIds.suffix(2).map { clusters[$0].id })

        // Reasons filter by their kind, values left out.
        #expect(ReviewBoard.reasonKind("same phone +61255504321, one that several clients share") == "same phone")
        #expect(
            ReviewBoard.reasonKind("hq:HQ-1 and xpm:u-2: same ABN 28 349 080 753") == "same ABN")
        #expect(ReviewBoard.reasonKind("found in HQ only") == "found in HQ only")
        let kind = try #require(summary.reasons.first)
        #expect(board.rows(ReviewFilter(reason: kind.reason)).total == kind.clusters)

        // Bulk accept: refused when the count changed, else every undecided cluster of the view.
        let before = try bytes(plan + "/decisions.csv")
        #expect(throws: BulkCountChanged.self) {
            try board.acceptUndecided(ReviewFilter(status: .review), expected: 11)
        }
        #expect(try bytes(plan + "/decisions.csv") == before)
        #expect(try board.acceptUndecided(ReviewFilter(status: .review), expected: 12) == 12)
        #expect(board.summary(canConfirm: false, canCommit: false).undecided == 0)
        #expect(try DecisionsFile.read(folder: plan, outline: board.outline).undecided.isEmpty)

        // Confirmed once signed; no longer once a decision changes after it.
        #expect(!board.summary(canConfirm: true, canCommit: false).confirmed)
        let key = try AdministratorKey(contentsOf: folder.path + "/master.key")
        try Confirmation.sign(folder: plan, key: key).write(folder: plan)
        #expect(board.summary(canConfirm: true, canCommit: false).confirmed)
        let first = try #require(clusters.first { $0.status == .review })
        try board.decide(cluster: first.id, .reject)
        #expect(!board.summary(canConfirm: true, canCommit: false).confirmed)

        // A cluster is served as plan.json holds it, byte for byte.
        let index = try #require(board.position(of: target.id))
        let json = board.clusterJSON(index)
        let decoded = try JSONDecoder().decode(PlanCluster.self, from: json)
        #expect(decoded == (try PlanDocument.read(from: plan)).clusters[index])
    }
}
