import Foundation
import SCRTestSupport
import SingleClientRecord
import Testing

/// `scr plan`, `scr explain` and `scr evaluate`, run as the built binary.
@Suite struct PlanCommandTests {
    let folder = TemporaryFolder()

    private var demoInputs: [String] {
        [
            "--hq", Fixtures.path("demo/hq.csv"), "--hq-contacts", Fixtures.path("demo/hq-contacts.csv"), "--xpm",
            Fixtures.path("demo/xpm.xml"),
        ]
    }

    private func plan(_ name: String) throws -> (SCRRun, PlanDocument) {
        let out = folder.path + "/" + name
        let run = try runSCR(["plan"] + demoInputs + ["--out", out])
        return (run, try PlanDocument.read(from: out))
    }

    @Test func theDemoPracticePlansAsItsTruthSaysWithTheDoubtfulForReview() throws {
        let (run, plan) = try plan("demo")
        #expect(run.status == 0)
        #expect(run.stdout == "")
        #expect(
            run.stderr.hasPrefix(
                """
                65 records in 38 clients (policy combine):
                  20 automatic merges, 5 for review, 15 on one side only, 0 proposed for archive;
                  8 with fields that differ; 0 rows quarantined.

                """))
        #expect(plan.summary.pairsCompared > 0 && run.stderr.contains("\(plan.summary.pairsCompared) pairs compared"))
        let evaluation = try runSCR(["evaluate", folder.path + "/demo", "--truth", Fixtures.path("demo/truth.csv")])
        #expect(evaluation.status == 0)
        #expect(
            evaluation.stdout == """
                records 65, clusters 38, in review 5 (13.16%)
                pairs: true 26, proposed 29, correct 26
                precision 0.8966, recall 1.0000, F1 0.9455
                auto: pairs 22, correct 22, precision 1.0000
                missing 0, doubled 0, unknown to the truth 0, quarantined rows 0

                """)
        // The sibling companies stay apart; the XPM duplicate joins its HQ record.
        let members = plan.clusters.map { $0.members.map(\.reference) }
        let harbourView = try #require(members.first { $0.first == "hq:HQ-1008" })
        #expect(harbourView.count == 2 && harbourView[1].hasPrefix("xpm:b89f7ec9"))
        #expect(members.first { $0.first == "hq:HQ-1017" }?.count == 3)
        // Tom Nowicki, a son with his father's e-mail and mobile, is proposed in his father's
        // cluster for a person (nothing ties a second XPM record to it), at even odds.
        let nowicki = try #require(plan.clusters.first { $0.members.first?.key == "HQ-1025" })
        #expect(nowicki.members.map(\.reference).contains("xpm:ccb4c0c3-7534-4aba-ad55-59623c5b017b"))
        #expect(nowicki.status == .review && nowicki.confidence == 0.5)
        #expect(
            nowicki.reasons.last
                == "hq:HQ-1025 and xpm:ccb4c0c3-7534-4aba-ad55-59623c5b017b match (weight 17.6), but they are two records of one list, and no identifier, date of birth or link ties them (a duplicate, or a namesake of the family): a person must decide"
        )
        let acme = try #require(plan.clusters.first { $0.members.first?.key == "HQ-1004" })
        #expect(acme.status == .auto && acme.action == .merge)
        #expect(
            acme.reasons.prefix(3) == ["same ABN 44 686 082 146", "same ACN 686 082 146", "same phone +61370102345"])
        #expect(acme.reasons.contains("names equal once 'Pty Limited' and 'Pty Ltd' are set aside"))
    }

    @Test func theSameInputsGiveByteIdenticalPlanFoldersWrittenForTheOwnerOnly() throws {
        _ = try plan("one")
        _ = try plan("two")
        for name in ["plan.json", "report.html", "decisions.csv"] {
            let one = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/one/" + name))
            let two = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/two/" + name))
            #expect(one == two, "\(name) differs")
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.path + "/one/" + name)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(name) is not owner-only")
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.path + "/one")
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
    }

    @Test func everyRecordIsInExactlyOneClusterWithTheInputsHashed() throws {
        let (_, plan) = try plan("demo")
        let members = plan.clusters.flatMap(\.members)
        #expect(members.count == 65)
        #expect(Set(members).count == 65)
        #expect(plan.inputs.map(\.kind) == ["hq-csv", "hq-contacts", "xpm-xml"])
        #expect(plan.inputs.map(\.records) == [30, 0, 35])  // contacts are not records
        #expect(plan.inputs.allSatisfy { $0.sha256.count == 64 })
        #expect(plan.formatVersion == 1)
        #expect(plan.planId.count == 64)
    }

    @Test func theRealXPMResponsesPlanTheAcmerDuplicateWithReasons() throws {
        let out = folder.path + "/real"
        let xml = Fixtures.path("real-world/xpm-api/client-list-when-detailed-true.xml")
        let run = try runSCR(["plan", "--xpm", xml, "--out", out])
        #expect(run.status == 0)
        let plan = try PlanDocument.read(from: out)
        #expect(plan.clusters.flatMap(\.members).count == 12)
        let acmer = try #require(plan.clusters.first { $0.members.count == 2 })
        #expect(
            acmer.members.map(\.key) == [
                "39a02ce2-f877-4d40-a5a7-d7355e88025b", "fca33011-9be0-474c-bd3e-91ca18f74d81",
            ])
        #expect(acmer.action == .merge)
        #expect(acmer.reasons == ["names equal", "same business structure (company)"])
        // The three clients named "Space Ranger" have different e-mail addresses: not merged.
        #expect(plan.clusters.count == 11)
    }

    @Test func explainShowsEveryComparisonOfAPair() throws {
        _ = try plan("demo")
        let run = try runSCR([
            "explain", folder.path + "/demo", "--pair", "hq:HQ-1008", "hq:HQ-1009",
        ])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 14)
        #expect(lines[0].hasPrefix("hq:HQ-1008 and hq:HQ-1009: match weight -"))
        #expect(
            lines.contains(
                "  business number     different                      -20.00  different ABNs 10 509 749 928 and 52 235 577 607, both valid (a rule's weight)"
            ))
        #expect(lines.contains { $0.hasPrefix("  name                shared-words                    +") })
        #expect(lines.contains { $0.hasPrefix("  links               different-xero-organisations   -14.00") })
        #expect(lines.contains { $0.hasPrefix("  contact details     overlap                         -") })
        #expect(lines.last?.hasPrefix("  total") == true)
    }

    @Test func explainRefusesInputsThatChangedAndUnknownRecords() throws {
        let hq = folder.write("hq.csv", "Client ID,Name\n1,Acme Pty Ltd\n2,Acme Ltd\n")
        let out = folder.path + "/small"
        #expect(try runSCR(["plan", "--hq", hq, "--out", out]).status == 0)
        let unknown = try runSCR(["explain", out, "--pair", "hq:1", "hq:9"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "error: no record 'hq:9' in the plan; name records as hq:CLIENT_ID or xpm:UUID\n")
        folder.write("hq.csv", "Client ID,Name\n1,Acme Pty Ltd\n2,Acme Limited\n")
        let changed = try runSCR(["explain", out, "--pair", "hq:1", "hq:2"])
        #expect(changed.status == 1)
        #expect(
            changed.stderr
                == "\(hq): error: the file has changed since the plan was made (its SHA-256 differs); plan again\n")
        let usage = try runSCR(["explain", out, "--pair", "hq:1"])
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("--pair takes two records, as hq:KEY xpm:KEY; it was given 1."))
    }

    @Test func aNewerPlanFormatIsRefusedNamingBothVersions() throws {
        let plan = folder.write("plan/plan.json", "{\"formatVersion\": 2, \"clusters\": []}")
        let run = try runSCR(["evaluate", folder.path + "/plan", "--truth", Fixtures.path("demo/truth.csv")])
        #expect(run.status == 1)
        #expect(
            run.stderr
                == "\(plan): error: the plan's formatVersion is 2, newer than 1, the newest this scr reads; use a newer scr\n"
        )
    }
}
