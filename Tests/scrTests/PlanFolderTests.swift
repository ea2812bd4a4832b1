import Foundation
import SCRTestSupport
import SingleClientRecord
import Testing

/// The plan folder: plan.json against its schema, decisions.csv, report.html in a real browser,
/// the policies and the escaping of hostile values.
@Suite struct PlanFolderTests {
    let folder = TemporaryFolder()

    private var demoInputs: [String] {
        [
            "--hq", Fixtures.path("demo/hq.csv"), "--hq-contacts", Fixtures.path("demo/hq-contacts.csv"), "--xpm",
            Fixtures.path("demo/xpm.xml"),
        ]
    }

    private func read(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    private var schema: JSONSchemaValidator {
        get throws {
            try JSONSchemaValidator(
                schema: read(
                    Fixtures.root.deletingLastPathComponent().appendingPathComponent("Schema/plan.schema.json").path))
        }
    }

    /// A generated practice, planned: high noise, so that some clusters are for review.
    private func generatedPlan(_ extra: [String] = []) throws -> (folder: String, plan: PlanDocument) {
        let practice = folder.path + "/practice"
        if !FileManager.default.fileExists(atPath: practice + "/hq.csv") {
            let generated = try runSCR([
                "generate", "--clients", "400", "--seed", "7", "--noise", "high", "--out", practice,
            ])
            #expect(generated.status == 0)
        }
        let out = folder.path + "/plan-\(extra.joined(separator: "-"))"
        let run = try runSCR(
            ["plan", "--hq", practice + "/hq.csv", "--xpm", practice + "/xpm.xml", "--out", out] + extra)
        #expect(run.status == 0, "\(run.stderr)")
        return (out, try PlanDocument.read(from: out))
    }

    @Test func generatedPlansConformToTheSchemaAndReadBackToTheSameBytes() throws {
        let validator = try schema
        let demo = folder.path + "/demo"
        #expect(try runSCR(["plan"] + demoInputs + ["--out", demo]).status == 0)
        for out in [demo, try generatedPlan().folder, try generatedPlan(["--policy", "keep-xpm"]).folder] {
            let bytes = try read(out + "/plan.json")
            #expect(try validator.validate(bytes) == [], "\(out)")
            // What the engine writes is what it reads: decoding and writing again gives the same bytes.
            #expect(try PlanDocument.read(from: out).encoded() == Array(bytes))
        }
    }

    @Test func aPlanWrittenAsItIsReconciledIsThePlanMadeInMemory() throws {
        for policy in ["combine", "keep-xpm"] {
            let (out, plan) = try generatedPlan(["--policy", policy])
            #expect(plan.summary.conflicts > 0 && plan.summary.review > 0)
            let practice = folder.path + "/practice"
            let inMemory = try Planner.run(
                InputFiles(hq: practice + "/hq.csv", xpm: [practice + "/xpm.xml"]),
                options: {
                    var options = PlanOptions(policy: ReconcilePolicy(rawValue: policy)!)
                    options.planFolder = out
                    return options
                }()
            ).document
            #expect(inMemory.clusters.count == plan.summary.clusters)
            #expect(inMemory.encoded() == Array(try read(out + "/plan.json")), "\(policy)")
        }
    }

    @Test func theSchemaRefusesABrokenPlan() throws {
        let demo = folder.path + "/demo"
        #expect(try runSCR(["plan"] + demoInputs + ["--out", demo]).status == 0)
        var text = String(decoding: try read(demo + "/plan.json"), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"status\":\"auto\"", with: "\"status\":\"maybe\"")
        text = text.replacingOccurrences(of: "\"formatVersion\":1", with: "\"formatVersion\":1,\"extra\":true")
        let problems = try schema.validate(Data(text.utf8))
        #expect(problems.count == 34)
        #expect(problems.first == "$.clusters[0].status: 'maybe' is not one of 'auto', 'review'")
        #expect(problems.last == "$: 'extra' is not allowed")
    }

    @Test func decisionsHaveOneRowPerClusterWithTheProposalPrefilled() throws {
        let (out, plan) = try generatedPlan()
        let lines = String(decoding: try read(out + "/decisions.csv"), as: UTF8.self).split(separator: "\n")
        #expect(lines.first == "cluster,status,proposal,decision,split,confidence,members,names,reasons")
        #expect(lines.count == plan.clusters.count + 1)
        let review = try #require(plan.clusters.first { $0.status == .review })
        let reviewRow = try #require(lines.first { $0.hasPrefix(review.id + ",") })
        #expect(reviewRow.hasPrefix("\(review.id),review,\(review.action.rawValue),,,\(review.confidence),"))
        // Reasons for the rows a person decides; an automatic row's are in plan.json and the report.
        #expect(!review.reasons.isEmpty)
        #expect(reviewRow.contains(review.reasons.joined(separator: "; ")))
        let auto = try #require(plan.clusters.first { $0.status == .auto && $0.members.count == 2 })
        let autoRow = try #require(lines.first { $0.hasPrefix(auto.id + ",") })
        #expect(
            autoRow.hasPrefix(
                "\(auto.id),auto,merge,accept,,\(auto.confidence),\(auto.members.map(\.reference).joined(separator: " ")),"
            ))
        #expect(autoRow.hasSuffix(","))  // no reasons
    }

    @Test func hostileValuesAreTextInTheReportAndNeverFormulasInTheCSV() throws {
        let hq = folder.write(
            "hq.csv",
            """
            Client ID,Name,Email
            1,<script>alert(1)</script>,a@b.example
            2,"=HYPERLINK(""http://evil.example"",""click"")",c@d.example
            3,-2+3,e@f.example
            4,@SUM(A1),g@h.example

            """)
        let out = folder.path + "/hostile"
        #expect(try runSCR(["plan", "--hq", hq, "--out", out]).status == 0)
        let html = String(decoding: try read(out + "/report.html"), as: UTF8.self)
        #expect(!html.contains("<script>alert(1)"))
        #expect(html.contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"))
        #expect(html.components(separatedBy: "<script").count == 3)  // the data and the renderer
        let csv = String(decoding: try read(out + "/decisions.csv"), as: UTF8.self)
        #expect(csv.contains(",<script>alert(1)</script>,"))
        #expect(csv.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\","))
        #expect(csv.contains(",'-2+3,"))
        #expect(csv.contains(",'@SUM(A1),"))
        if Browser.executable != nil {
            let dom = try Browser.dumpDOM("file://\(out)/report.html")
            #expect(dom.contains("<td class=\"value\">&lt;script&gt;alert(1)&lt;/script&gt;</td>"))
            #expect(dom.components(separatedBy: "<script").count == 3)
        }
    }

    @Test func theReportInABrowserShowsThePlansCountsAndFilters() throws {
        guard Browser.executable != nil else { throw Browser.Failure.notInstalled }
        let (out, plan) = try generatedPlan()
        let summary = plan.summary
        #expect(summary.review > 0)
        let all = try Browser.dumpDOM("file://\(out)/report.html")
        func count(_ id: String, in dom: String) -> Int? {
            guard let range = dom.range(of: "id=\"count-\(id)\">") else { return nil }
            return Int(dom[range.upperBound...].prefix { $0.isNumber })
        }
        #expect(count("records", in: all) == summary.records)
        #expect(count("clusters", in: all) == summary.clusters)
        #expect(count("auto-merges", in: all) == summary.autoMerges)
        #expect(count("review", in: all) == summary.review)
        #expect(count("one-sided", in: all) == summary.oneSided)
        #expect(count("archives", in: all) == summary.archives)
        #expect(count("quarantined", in: all) == summary.quarantined)
        #expect(count("conflicts", in: all) == summary.conflicts)  // shown by the script, from the data
        #expect(all.contains("data-total=\"\(summary.clusters)\""))
        #expect(all.components(separatedBy: "<article class=\"cluster").count - 1 == min(50, summary.clusters))
        #expect(all.contains("Clusters 1–50 of \(summary.clusters)"))
        #expect(all.contains("<svg id=\"weight-histogram\""))
        #expect(all.contains("data-kind=\"review\" x="))

        let review = try Browser.dumpDOM("file://\(out)/report.html#filter=review")
        #expect(review.contains("data-total=\"\(summary.review)\" data-filter=\"review\""))
        let reviewCards = review.components(separatedBy: "<article class=\"cluster review").count - 1
        #expect(reviewCards == min(50, summary.review))
        #expect(review.components(separatedBy: "<article class=\"cluster auto").count == 1)
        let first = try #require(plan.clusters.first { $0.status == .review })
        #expect(review.contains("id=\"\(first.id)\""))

        let page2 = try Browser.dumpDOM("file://\(out)/report.html#filter=all&page=2")
        #expect(page2.contains("Clusters 51–100 of \(summary.clusters)"))
        #expect(page2.contains("id=\"\(plan.clusters[50].id)\""))

        let screenshot = folder.path + "/report.png"
        try Browser.screenshot("file://\(out)/report.html#filter=review", to: screenshot)
        #expect(try read(screenshot).prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    }

    @Test func keepXPMProposesHQOnlyClientsForArchive() throws {
        let out = folder.path + "/keep-xpm"
        let run = try runSCR(["plan"] + demoInputs + ["--policy", "keep-xpm", "--out", out, "--json"])
        #expect(run.status == 0)
        let plan = try PlanDocument.read(from: out)
        let hqOnly = plan.clusters.filter { $0.members.allSatisfy { $0.source == .hq } }
        #expect(!hqOnly.isEmpty)
        #expect(plan.clusters.filter { $0.action == .archive }.map(\.id) == hqOnly.map(\.id))
        #expect(hqOnly.allSatisfy { $0.record.archived })
        #expect(plan.policy == "keep-xpm")
        let json = try JSONDecoder().decode(
            [String: JSONValue].self, from: Data(run.stdout.utf8))
        #expect(json["policy"] == .string("keep-xpm"))
        guard case .object(let summary) = json["summary"] else { throw Browser.Failure.failed("no summary") }
        #expect(summary["archives"] == .number(Double(hqOnly.count)))
        // Another policy is another plan.
        let combine = folder.path + "/combine"
        #expect(try runSCR(["plan"] + demoInputs + ["--out", combine]).status == 0)
        #expect(try PlanDocument.read(from: combine).planId != plan.planId)
    }

    @Test func aPreferenceForAnUnknownFieldIsAUsageError() throws {
        let run = try runSCR(["plan"] + demoInputs + ["--prefer", "tax=hq", "--out", folder.path + "/x"])
        #expect(run.status == 2)
        #expect(
            run.stderr.contains(
                "Error: --prefer: no field 'tax' takes a preference; use one of name, firstName, lastName, businessStructure, taxNumber, businessNumber, companyNumber, dateOfBirth, website, xeroOrganisationID, xeroOrganisationName, email, phone, address."
            ))
        let preferred = folder.path + "/prefer"
        #expect(try runSCR(["plan"] + demoInputs + ["--prefer", "name=hq", "--out", preferred]).status == 0)
        let plan = try PlanDocument.read(from: preferred)
        #expect(plan.preferences["name"] == .hq)
        let acme = try #require(plan.clusters.first { $0.members.first?.key == "HQ-1004" })
        #expect(acme.record.fields[.name]?.from == RecordReference(source: .hq, key: "HQ-1004"))
    }

    @Test func verifyChecksTheInvariantsAndTheyCatchABrokenPlan() throws {
        let out = folder.path + "/verified"
        let run = try runSCR(["plan"] + demoInputs + ["--verify", "--out", out])
        #expect(run.status == 0)
        #expect(run.stderr.hasPrefix("verify: every record is in exactly one cluster; the plan's invariants hold.\n"))
        // The same checks, on a plan broken three ways.
        let records = InputReader.read(
            InputFiles(
                hq: Fixtures.path("demo/hq.csv"), hqContacts: Fixtures.path("demo/hq-contacts.csv"),
                xpm: [Fixtures.path("demo/xpm.xml")])
        ).records
        var plan = try PlanDocument.read(from: out)
        #expect(plan.invariantProblems(records: records) == [])
        let merged = try #require(plan.clusters.firstIndex { $0.members.count == 2 })
        let moved = plan.clusters[merged].members[1]
        plan.clusters[merged + 1].members.append(moved)
        plan.clusters[merged].record.fields[.name]?.from = RecordReference(source: .hq, key: "HQ-9999")
        plan.summary.review = 2
        #expect(
            plan.invariantProblems(records: records) == [
                "cluster \(plan.clusters[merged].id) takes a value from hq:HQ-9999, which is not its member",
                "\(moved.reference) is in two clusters, \(plan.clusters[merged].id) and \(plan.clusters[merged + 1].id)",
                "the summary says 2 review; the clusters hold 5",
            ])
        plan.clusters[merged].members.removeLast()
        plan.clusters[merged].record = CanonicalRecord()
        plan.clusters[merged].conflicts = []
        plan.clusters[merged + 1].members.removeLast()
        #expect(
            plan.invariantProblems(records: records).prefix(2) == [
                "\(moved.reference) was read but is in no cluster", "the clusters hold 64 records; 65 were read",
            ])
    }
}
