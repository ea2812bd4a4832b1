import Foundation
import SCRTestSupport
import SingleClientRecord
import Testing

/// Issue 16: `scr review`, run as the built binary. A real Chromium clicks through the board
/// (Tests/browser/review_board.py, Selenium), and what it leaves (decisions.csv,
/// confirmation.json, the store) is what `scr decide`, `scr confirm` and `scr commit` leave
/// for the same decisions. Requests without the token, from another host or another origin,
/// and stale decisions are refused.
@Suite(.serialized) struct ReviewBoardTests {
    let folder = TemporaryFolder()
    static let repository = Fixtures.root.deletingLastPathComponent().path
    static let xssName = "<script>alert(1)</script> Holdings Pty Ltd"

    /// A generated practice with reviews and a client whose name is a script, a store with a
    /// master-admin, and a plan made against it in `plan` (and copies of plan and store).
    private func practice() throws -> (plan: String, store: String, key: String) {
        let base = folder.path
        func run(_ arguments: [String]) throws {
            let result = try runSCR(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        try run(["generate", "--clients", "300", "--seed", "7", "--noise", "high", "--out", base + "/practice"])
        let hq = try FileHandle(forWritingTo: URL(fileURLWithPath: base + "/practice/hq.csv"))
        try hq.seekToEnd()
        try hq.write(
            contentsOf: Data(
                "HQ-XSS,\(Self.xssName),,,Company,xss@example.com,,,,,,,,Australia,,,,,,,,,,,,,No,\n".utf8))
        try hq.close()
        let store = base + "/store.sqlite"
        let key = base + "/master.key"
        try run(["admin", "add", "--name", "Master", "--role", "master-admin", "--store", store, "--key-out", key])
        try run([
            "plan", "--hq", base + "/practice/hq.csv", "--xpm", base + "/practice/xpm.xml", "--store", store,
            "--out", base + "/plan",
        ])
        return (base + "/plan", store, key)
    }

    /// Copies a folder or a file (with SQLite's -wal and -shm beside it).
    private func copy(_ from: String, _ to: String) throws {
        try FileManager.default.copyItem(atPath: from, toPath: to)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: from + suffix) {
            try FileManager.default.copyItem(atPath: from + suffix, toPath: to + suffix)
        }
    }

    @Test func aBrowserClickThroughLeavesWhatTheCommandLineLeaves() throws {
        let (plan, store, key) = try practice()
        let cliPlan = folder.path + "/plan-cli"
        let cliStore = folder.path + "/store-cli.sqlite"
        try copy(plan, cliPlan)
        try copy(store, cliStore)

        let document = try PlanDocument.read(from: plan)
        let reviews = document.clusters.filter { $0.status == .review }
        #expect(reviews.count == 12)
        let donor = try #require(document.clusters.first { $0.status == .auto && $0.members.count == 2 })
        let xss = try #require(document.clusters.first { $0.members.contains { $0.key == "HQ-XSS" } })
        let (accepted, rejected, split, takeOut, relinked) = (
            reviews[0], reviews[1], reviews[2], reviews[3], reviews[4]
        )
        let moved = donor.members[1].reference
        let actions: [String: Any] = [
            "accept": accepted.id, "reject": rejected.id,
            "split": ["cluster": split.id, "groups": split.members.map { [$0.reference] }],
            "takeOut": ["cluster": takeOut.id, "member": takeOut.members[1].reference],
            "relink": ["cluster": relinked.id, "record": moved, "search": String(donor.members[1].key.prefix(8))],
            "xss": xss.id, "confirm": true, "commit": true,
        ]
        let actionsPath = folder.path + "/actions.json"
        try JSONSerialization.data(withJSONObject: actions).write(to: URL(fileURLWithPath: actionsPath))

        // The browser, through the board.
        let server = try ReviewProcess(["review", plan, "--key", key, "--store", store])
        let observedPath = folder.path + "/observed.json"
        let browser = try runProgram(
            URL(fileURLWithPath: Self.repository + "/.venv-browser/bin/python"),
            [
                Self.repository + "/Tests/browser/review_board.py", "--url", server.url, "--actions", actionsPath,
                "--out", observedPath,
            ])
        #expect(browser.status == 0, "\(browser.stdout)\(browser.stderr)")
        let (status, log) = try server.stop()
        #expect(status == 0)
        // The log names methods, paths and statuses: no token, no search, no client's name.
        #expect(!log.contains(server.token) && !log.contains("?") && !log.contains("script>"))
        #expect(log.contains("POST /api/clusters/\(accepted.id)/decision 200"))

        // What the browser saw after a reload: every review cluster decided as clicked.
        let observed = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: observedPath)))
                as? [String: Any])
        var expected = Dictionary(uniqueKeysWithValues: reviews.map { ($0.id, "accept") })
        expected[rejected.id] = "reject"
        expected[split.id] = "split"
        expected[takeOut.id] = "split"
        expected[relinked.id] = "relink"
        #expect(observed["decisions"] as? [String: String] == expected)
        #expect(
            (observed["bulkConfirmText"] as? String)?.hasPrefix(
                "Accept \(reviews.count - 5) undecided clusters in this view") == true)

        // The same decisions through the command line.
        func decide(_ arguments: [String]) throws {
            let run = try runSCR(["decide", cliPlan] + arguments)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
        }
        try decide([accepted.id, "accept"])
        try decide([rejected.id, "reject"])
        try decide([split.id, "split", "--split", split.members.map(\.reference).joined(separator: " | ")])
        try decide([
            takeOut.id, "split", "--split", "\(takeOut.members[0].reference) | \(takeOut.members[1].reference)",
        ])
        try decide([relinked.id, "relink", "--relink", moved])
        for review in reviews.dropFirst(5) { try decide([review.id, "accept"]) }
        #expect(try runSCR(["confirm", cliPlan, "--key", key]).status == 0)
        #expect(try runSCR(["commit", cliPlan, "--store", cliStore]).status == 0)

        #expect(
            try Data(contentsOf: URL(fileURLWithPath: plan + "/decisions.csv"))
                == Data(contentsOf: URL(fileURLWithPath: cliPlan + "/decisions.csv")))
        func confirmation(_ folder: String) throws -> SingleClientRecord.Confirmation {
            try JSONDecoder().decode(
                SingleClientRecord.Confirmation.self,
                from: Data(contentsOf: URL(fileURLWithPath: folder + "/confirmation.json")))
        }
        let board = try confirmation(plan)
        let command = try confirmation(cliPlan)
        #expect(board.verifies() && command.verifies())
        #expect(board.planId == command.planId && board.planSHA256 == command.planSHA256)
        #expect(board.decisions == command.decisions)
        #expect(board.signer == command.signer)
        let committed = try SQLiteStore(path: store).committedDecisions()
        let cliCommitted = try SQLiteStore(path: cliStore).committedDecisions()
        #expect(
            committed.clients.map(\.members).sorted { $0.lexicographicallyPrecedes($1) }
                == cliCommitted.clients.map(\.members).sorted { $0.lexicographicallyPrecedes($1) })
        #expect(
            committed.apart.map { [$0, $1] }.sorted { $0.lexicographicallyPrecedes($1) }
                == cliCommitted.apart.map { [$0, $1] }.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(committed.clients.contains { $0.members == (relinked.members.map(\.reference) + [moved]).sorted() })
    }

    @Test func requestsWithoutTheTokenFromAnotherHostOrOriginAreRefused() throws {
        let (plan, _, _) = try practice()
        let server = try ReviewProcess(["review", plan])
        let own = "http://127.0.0.1:\(server.port)"
        let csp =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

        let anonymous = try server.request("GET", "/api/summary")
        #expect(anonymous.status == 401)
        #expect(anonymous.headers["content-security-policy"] == csp)
        #expect(try server.request("GET", "/").status == 401)
        #expect(try server.request("GET", "/api/clusters?token=\(server.token)").status == 401)
        // DNS rebinding: the right token, but a page on another name.
        let rebound = try server.request("GET", "/api/summary", host: "attacker.example:\(server.port)", bearer: true)
        #expect(rebound.status == 403)
        #expect(try server.request("GET", "/api/summary", bearer: true).status == 200)

        // The token is exchanged once, for an HttpOnly, SameSite=Strict cookie.
        let exchanged = try server.request("GET", "/?token=\(server.token)")
        #expect(exchanged.status == 303)
        #expect(exchanged.headers["location"] == "/")
        let cookie = try #require(exchanged.headers["set-cookie"])
        #expect(cookie.hasSuffix("; Path=/; HttpOnly; SameSite=Strict"))
        let session = String(cookie.prefix { $0 != ";" })
        #expect(try server.request("GET", "/?token=\(server.token)").status == 401)
        let page = try server.request("GET", "/", headers: ["Cookie": session])
        #expect(page.status == 200 && page.headers["content-security-policy"] == csp)
        let csrf = try #require(
            try server.request("GET", "/api/session", headers: ["Cookie": session]).json()["csrf"] as? String)

        let document = try PlanDocument.read(from: plan)
        let review = try #require(document.clusters.first { $0.status == .review })
        let path = "/api/clusters/\(review.id)/decision"
        let accept = Data(#"{"decision":"accept","base":{"decision":"","split":""}}"#.utf8)
        let before = try Data(contentsOf: URL(fileURLWithPath: plan + "/decisions.csv"))
        // A cross-origin POST, one without the CSRF token, and one without an Origin change nothing.
        let crossOrigin = try server.request(
            "POST", path, headers: ["Cookie": session, "X-CSRF-Token": csrf, "Origin": "http://attacker.example"],
            body: accept)
        #expect(crossOrigin.status == 403)
        #expect(
            try server.request("POST", path, headers: ["Cookie": session, "Origin": own], body: accept).status == 403)
        #expect(
            try server.request("POST", path, headers: ["Cookie": session, "X-CSRF-Token": csrf], body: accept).status
                == 403)
        let huge = Data(repeating: UInt8(ascii: " "), count: 70_000)
        #expect(
            try server.request(
                "POST", path, headers: ["Cookie": session, "X-CSRF-Token": csrf, "Origin": own], body: huge
            ).status == 413)
        #expect(try Data(contentsOf: URL(fileURLWithPath: plan + "/decisions.csv")) == before)
        // A body sent in chunks is held to the same limit; a page far past the end, and an
        // unknown status, are answered, not crashed on.
        let chunk = String(repeating: " ", count: 70_000)
        let chunked = Data("\(String(chunk.utf8.count, radix: 16))\r\n\(chunk)\r\n0\r\n\r\n".utf8)
        #expect(
            try server.request(
                "POST", "/api/confirm", bearer: true, headers: ["Transfer-Encoding": "chunked"], body: nil,
                rawBody: chunked
            ).status == 413)
        let far = try server.request("GET", "/api/clusters?page=9223372036854775807", bearer: true)
        let farPage = try far.json()
        let (farAt, farPages) = (try #require(farPage["page"] as? Int), try #require(farPage["pages"] as? Int))
        #expect(far.status == 200 && farAt == farPages && farPages >= 1)
        let bulk = try server.request(
            "POST", "/api/bulk-accept", bearer: true, body: Data(#"{"status":"everything","expected":1}"#.utf8))
        let bulkAnswer = try bulk.json()
        #expect(bulk.status == 400 && bulkAnswer["error"] as? String == "unknown status 'everything'")

        let saved = try server.request(
            "POST", path, headers: ["Cookie": session, "X-CSRF-Token": csrf, "Origin": own], body: accept)
        #expect(saved.status == 200, "\(saved.text)")
        #expect(
            (try saved.json()["row"] as? [String: String]) == ["cluster": review.id, "decision": "accept", "split": ""])

        // A decision made on a stale view is refused with the fresh row: here the file changed
        // behind the server (scr decide), and the page still thinks the cluster is accepted.
        #expect(try runSCR(["decide", plan, review.id, "reject"]).status == 0)
        let afterCLI = try Data(contentsOf: URL(fileURLWithPath: plan + "/decisions.csv"))
        let stale = try server.request(
            "POST", path, bearer: true,
            body: Data(#"{"decision":"split","split":"","base":{"decision":"accept","split":""}}"#.utf8))
        #expect(stale.status == 409)
        #expect((try stale.json()["fresh"] as? [String: String]) == ["decision": "reject", "split": ""])
        #expect(try Data(contentsOf: URL(fileURLWithPath: plan + "/decisions.csv")) == afterCLI)

        // An invalid decision is refused with the message scr decide gives.
        let stranger = try server.request(
            "POST", path, bearer: true,
            body: Data(#"{"decision":"split","split":"hq:NOBODY","base":{"decision":"reject","split":""}}"#.utf8))
        #expect(stranger.status == 409)
        let cli = try runSCR(["decide", plan, review.id, "split", "--split", "hq:NOBODY"])
        #expect(cli.status == 1)
        #expect((try stranger.json()["error"] as? String).map { $0 + "\n" } == cli.stderr)
        #expect(try Data(contentsOf: URL(fileURLWithPath: plan + "/decisions.csv")) == afterCLI)

        // Confirm without a key, commit without a store: said, not done.
        let confirm = try server.request("POST", "/api/confirm", bearer: true, body: Data("{}".utf8))
        #expect(confirm.status == 400)
        #expect(
            (try confirm.json()["error"] as? String)
                == "scr review was started without --key; confirm needs a master-admin's key")
        let (status, log) = try server.stop()
        #expect(status == 0)
        #expect(!log.contains(server.token))
    }
}
