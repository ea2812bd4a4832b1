import Foundation
import Hummingbird
import SingleClientRecord

/// The page, its script and style, and the JSON API (README, "The review board's API").
func routes(_ router: Router<ReviewContext>, _ state: ReviewState) {
    router.get("/") { _, _ in Answer.bytes(.ok, "text/html; charset=utf-8", Data(BoardPage.html.utf8)) }
    router.get("/board.js") { _, _ in
        Answer.bytes(.ok, "text/javascript; charset=utf-8", Data(BoardPage.script.utf8))
    }
    router.get("/board.css") { _, _ in Answer.bytes(.ok, "text/css; charset=utf-8", Data(BoardPage.style.utf8)) }

    router.get("/api/session") { _, context in
        let summary = try state.summary()
        return try Answer.json(
            .ok,
            Session(
                csrf: context.session.flatMap { state.csrf(session: $0) } ?? "", planId: summary.planId,
                canConfirm: summary.canConfirm, canCommit: summary.canCommit))
    }
    router.get("/api/summary") { _, _ in try Answer.json(.ok, try state.summary()) }
    router.get("/api/clusters") { request, _ in
        try Answer.json(.ok, try state.rows(try ReviewFilter(request)))
    }
    router.get("/api/clusters/:id") { _, context in
        let id = context.parameters.get("id") ?? ""
        return try await clusterAnswer(id, state)
    }
    router.get("/api/records") { request, _ in
        let (records, _) = await state.plannedRecords()
        let found = try state.reading {
            $0.records(matching: request.query("q") ?? "", excluding: request.query("cluster") ?? "", records: records)
        }
        return try Answer.json(.ok, ["records": found])
    }

    router.post("/api/clusters/:id/decision") { request, context in
        let id = context.parameters.get("id") ?? ""
        let body = try await Answer.decode(DecisionBody.self, request)
        let decision: DecisionKind?
        if body.decision.isEmpty {
            decision = nil
        } else if let kind = DecisionKind(rawValue: body.decision) {
            decision = kind
        } else {
            return Answer.error(
                .badRequest, "unknown decision '\(body.decision)'; send accept, reject, split or relink")
        }
        let split = decision == .relink ? body.relink ?? "" : body.split ?? ""
        do {
            let row = try state.withBoard { try $0.decide(cluster: id, decision, split: split, base: body.base) }
            return try Answer.json(.ok, Decided(row: Saved(cluster: id, row: row), summary: try state.summary()))
        } catch let stale as DecisionLedger.StaleDecision {
            return try Answer.json(
                .conflict, Refused(error: stale.description, fresh: stale.fresh, summary: try state.summary()))
        } catch PlanError.unknownCluster {
            return Answer.error(.notFound, "no cluster '\(id)' in the plan")
        } catch {
            let fresh = try state.reading { $0.ledger.row(id) }
            return try Answer.json(
                .conflict, Refused(error: String(describing: error), fresh: fresh, summary: try state.summary()))
        }
    }

    router.post("/api/bulk-accept") { request, _ in
        let body = try await Answer.decode(BulkBody.self, request)
        var filter = ReviewFilter()
        guard let status = ReviewFilter.Status(rawValue: body.status ?? "all") else {
            return Answer.error(.badRequest, "unknown status '\(body.status ?? "")'")
        }
        filter.status = status
        filter.reason = body.reason ?? ""
        filter.query = body.q ?? ""
        do {
            let accepted = try state.withBoard { try $0.acceptUndecided(filter, expected: body.expected) }
            return try Answer.json(.ok, Bulk(accepted: accepted, summary: try state.summary()))
        } catch {
            return try Answer.json(
                .conflict, Refused(error: String(describing: error), fresh: nil, summary: try state.summary()))
        }
    }

    router.post("/api/confirm") { request, _ in
        try await Answer.drain(request)
        guard let key = state.key else {
            return Answer.error(.badRequest, "scr review was started without --key; confirm needs a master-admin's key")
        }
        do {
            // Under the lock: no decision is written while the plan is signed.
            let confirmation = try state.withBoard { board in
                let confirmation = try Confirmation.sign(folder: board.folder, key: key)
                try confirmation.write(folder: board.folder)
                return confirmation
            }
            return try Answer.json(
                .ok,
                Confirmed(
                    planId: confirmation.planId, signer: confirmation.signer.fingerprint,
                    decisions: confirmation.decisions.count, summary: try state.summary()))
        } catch {
            return Answer.error(.conflict, String(describing: error))
        }
    }

    router.post("/api/commit") { request, _ in
        try await Answer.drain(request)
        guard let store = state.store else {
            return Answer.error(.badRequest, "scr review was started without --store; commit needs the store")
        }
        do {
            let result = try state.withBoard { board in try openStore(store).commit(folder: board.folder) }
            return try Answer.json(.ok, Committed(result: result, summary: try state.summary()))
        } catch {
            return Answer.error(.conflict, String(describing: error))
        }
    }
}

/// Cluster `id` as plan.json holds it, with its decision, its members' records and its
/// neighbours in the review order.
func clusterAnswer(_ id: String, _ state: ReviewState) async throws -> Response {
    let (records, problem) = await state.plannedRecords()
    let answer: (Data, ClusterExtras)? = try state.reading { board in
        guard let index = board.position(of: id) else { return nil }
        let cluster = board.outline.clusters[index]
        let (into, out) = board.ledger.relinks(of: id)
        let references: [String] = cluster.members.map(\.reference) + into
        let members: [ReviewRecords.Record] = references.map { records?[$0] ?? ReviewRecords.Record(unread: $0) }
        let (previous, next) = board.neighbours(index)
        let row = board.ledger.row(id) ?? DecisionLedger.Row(decision: "", split: "")
        return (
            board.clusterJSON(index),
            ClusterExtras(
                decision: row, members: members,
                movedOut: out.map { Moved(reference: $0.record, cluster: $0.to) },
                movedIn: into.map { Moved(reference: $0, cluster: board.ledger.cluster(ofRecord: $0) ?? "") },
                previous: previous, next: next, revision: board.ledger.revision, recordsProblem: problem)
        )
    }
    guard let (cluster, extras) = answer else { return Answer.error(.notFound, "no cluster '\(id)' in the plan") }
    // {"cluster": <the plan's bytes>, ...the rest}
    var body = Data("{\"cluster\":".utf8)
    body += cluster
    let rest = try Answer.encoder.encode(extras)
    body += rest.count > 2 ? Data(",".utf8) + rest.dropFirst() : Data("}".utf8)
    return Answer.bytes(.ok, "application/json", body)
}

extension ReviewFilter {
    /// The filter a board URL's query gives: status, reason, q, undecided, sort, order, page, size.
    init(_ request: Request) throws {
        let query = request.query
        self.init()
        if let value = query("status"), !value.isEmpty {
            guard let status = Status(rawValue: value) else {
                throw HTTPError(.badRequest, message: "unknown status '\(value)'")
            }
            self.status = status
        }
        reason = query("reason") ?? ""
        self.query = query("q") ?? ""
        undecidedOnly = query("undecided") == "1" || query("undecided") == "true"
        if let value = query("sort"), !value.isEmpty {
            guard let sort = Sort(rawValue: value) else {
                throw HTTPError(.badRequest, message: "unknown sort '\(value)'")
            }
            self.sort = sort
        }
        descending = query("order") == "desc"
        page = query("page").flatMap { Int($0) } ?? 1
        size = query("size").flatMap { Int($0) } ?? 50
        if self.query.utf8.count > 500 { throw HTTPError(.badRequest, message: "the search is longer than 500 bytes") }
    }
}

// MARK: Bodies and answers

struct DecisionBody: Decodable {
    var decision: String
    var split: String?
    var relink: String?
    var base: DecisionLedger.Row?
}

struct BulkBody: Decodable {
    var status: String?
    var reason: String?
    var q: String?
    var expected: Int
}

struct Session: Encodable {
    var csrf: String
    var planId: String
    var canConfirm: Bool
    var canCommit: Bool
}

struct Saved: Encodable {
    var cluster: String
    var decision: String
    var split: String

    init(cluster: String, row: DecisionLedger.Row) {
        self.cluster = cluster
        decision = row.decision
        split = row.split
    }
}

struct Decided: Encodable {
    var row: Saved
    var summary: ReviewBoard.Summary
}

struct Refused: Encodable {
    var error: String
    var fresh: DecisionLedger.Row?
    var summary: ReviewBoard.Summary
}

struct Bulk: Encodable {
    var accepted: Int
    var summary: ReviewBoard.Summary
}

struct Confirmed: Encodable {
    var planId: String
    var signer: String
    var decisions: Int
    var summary: ReviewBoard.Summary
}

struct Committed: Encodable {
    var result: CommitResult
    var summary: ReviewBoard.Summary
}

struct Moved: Encodable {
    var reference: String
    var cluster: String
}

struct ClusterExtras: Encodable {
    var decision: DecisionLedger.Row
    var members: [ReviewRecords.Record]
    var movedOut: [Moved]
    var movedIn: [Moved]
    var previous: String?
    var next: String?
    var revision: Int
    var recordsProblem: String?
}

/// Answers: JSON, an error as JSON, a short page, bytes.
enum Answer {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func json(_ status: HTTPResponse.Status, _ value: some Encodable) throws -> Response {
        bytes(status, "application/json", try encoder.encode(value))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        (try? json(status, ["error": message])) ?? Response(status: status)
    }

    /// A short page for a person who reached the server without the token.
    static func page(_ status: HTTPResponse.Status, _ text: String) -> Response {
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        let html = "<!doctype html><meta charset=\"utf-8\"><title>scr review</title><p>\(escaped)</p>\n"
        return bytes(status, "text/html; charset=utf-8", Data(html.utf8))
    }

    static func bytes(_ status: HTTPResponse.Status, _ type: String, _ data: Data) -> Response {
        Response(
            status: status, headers: [.contentType: type],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Reads a body that is not used, refusing one over ``ReviewState/bodyLimit`` bytes.
    static func drain(_ request: Request) async throws {
        do {
            _ = try await request.body.collect(upTo: ReviewState.bodyLimit)
        } catch {
            throw HTTPError(.contentTooLarge, message: "the request body is larger than \(ReviewState.bodyLimit) bytes")
        }
    }

    /// A JSON body of at most ``ReviewState/bodyLimit`` bytes.
    static func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: ReviewState.bodyLimit)
        } catch {
            throw HTTPError(.contentTooLarge, message: "the request body is larger than \(ReviewState.bodyLimit) bytes")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw HTTPError(.badRequest, message: "the body is not the JSON this request takes")
        }
    }
}
