import ArgumentParser
import Foundation
import SingleClientRecord

/// `scr plan`: the dry run. Reads, matches, reconciles and writes the decision report; changes
/// no store.
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Match and reconcile the exports and write the decision report into a folder, changing nothing else.",
        discussion: """
            The folder gets plan.json (the contract), report.html (for people) and decisions.csv \
            (for a spreadsheet). Every record read is in exactly one cluster or in the quarantine. \
            The same inputs and options give byte-identical files. Exits with status 1 when an input \
            had errors (the plan is still written, with the quarantined rows listed), 0 otherwise.
            """
    )

    @OptionGroup var inputs: InputOptions

    @Option(
        help: ArgumentHelp(
            "combine keeps clients found on one side only; keep-xpm (keep-hq) proposes the HQ (XPM) clients with no match for archive.",
            valueName: "policy"))
    var policy: ReconcilePolicy = .combine

    @Option(
        help: ArgumentHelp(
            "The source whose value wins a field when members differ, as FIELD=hq or FIELD=xpm (for example taxNumber=hq). Repeat it for several fields.",
            valueName: "field=source"))
    var prefer: [String] = []

    @Option(help: ArgumentHelp("The folder to write the plan into; it is created if missing.", valueName: "dir"))
    var out: String

    @Flag(help: "Print the summary as one JSON document on standard output.")
    var json = false

    @Flag(
        help: ArgumentHelp(
            "Check the plan's invariants before writing it (every record in exactly one cluster, every value from a member, the summary's counts); exit 1 naming any that fails.",
            visibility: .hidden))
    var verify = false

    func validate() throws {
        var preferences = SourcePreferences(policy: policy)
        for statement in prefer {
            do {
                try preferences.apply(statement)
            } catch {
                throw ValidationError("--prefer: \(error).")
            }
        }
    }

    func run() throws {
        var options = PlanOptions(policy: policy)
        for statement in prefer { try options.preferences.apply(statement) }
        var outcome: Planner.Outcome
        let progress = TerminalProgress.onStandardError()
        do {
            outcome = try Planner.run(inputs.files, options: options, progress: progress?.show)
            if verify {
                let problems = outcome.document.invariantProblems(records: outcome.match.records)
                progress?.finish()
                for problem in problems { printError("error: invariant broken: \(problem)\n") }
                if !problems.isEmpty { throw ExitCode(1) }
                printError("verify: every record is in exactly one cluster; the plan's invariants hold.\n")
            }
            progress?.show("writing the plan folder")
            let start = Date()
            try Planner.write(outcome, to: out)
            outcome.timings.append(("write", Date().timeIntervalSince(start)))
            progress?.finish()
        } catch let error as PlanError {
            progress?.finish()
            printError("\(error)\n")
            throw ExitCode(1)
        }
        for diagnostic in outcome.read.diagnostics { printError("\(diagnostic)\n") }
        let summary = outcome.document.summary
        let folder = out as NSString
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            struct Result: Encodable {
                var planId: String
                var policy: String
                var plan: String
                var report: String
                var decisions: String
                var summary: PlanSummary
            }
            let result = Result(
                planId: outcome.document.planId, policy: outcome.document.policy,
                plan: folder.appendingPathComponent(Planner.fileNames.plan),
                report: folder.appendingPathComponent(Planner.fileNames.report),
                decisions: folder.appendingPathComponent(Planner.fileNames.decisions), summary: summary)
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            let time = outcome.timings.map(\.seconds).reduce(0, +)
            let stages = outcome.timings.map { "\($0.stage) \(String(format: "%.2f", $0.seconds))" }
            printError(
                """
                \(summary.records) records in \(summary.clusters) clients (policy \(outcome.document.policy)):
                  \(summary.autoMerges) automatic merges, \(summary.review) for review, \
                \(summary.oneSided) on one side only, \(summary.archives) proposed for archive;
                  \(summary.conflicts) with fields that differ; \(summary.quarantined) rows quarantined.
                \(summary.pairsCompared) pairs compared; \(String(format: "%.2f", time)) s \
                (\(stages.joined(separator: ", "))).
                Report:    \(folder.appendingPathComponent(Planner.fileNames.report))
                Decisions: \(folder.appendingPathComponent(Planner.fileNames.decisions))
                Plan:      \(folder.appendingPathComponent(Planner.fileNames.plan))

                """)
        }
        if outcome.read.hasErrors { throw ExitCode(1) }
    }
}

extension ReconcilePolicy: ExpressibleByArgument {}
