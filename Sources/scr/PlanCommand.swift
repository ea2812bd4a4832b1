import ArgumentParser
import Foundation
import SingleClientRecord

/// `scr plan`: the dry run. Reads, matches and writes the decision report; changes no store.
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Match the exports and write the decision report (plan.json) into a folder, changing nothing else.",
        discussion: """
            Every record read is in exactly one cluster or in the quarantine. The same inputs give \
            byte-identical plans. Exits with status 1 when an input had errors (the plan is still \
            written, with the quarantined rows listed), 0 otherwise.
            """
    )

    @OptionGroup var inputs: InputOptions

    @Option(help: ArgumentHelp("The folder to write the plan into; it is created if missing.", valueName: "dir"))
    var out: String

    @Flag(help: "Print the summary as one JSON document on standard output.")
    var json = false

    func run() throws {
        let outcome: Planner.Outcome
        do {
            outcome = try Planner.plan(inputs.files, out: out)
        } catch let error as PlanError {
            printError("\(error)\n")
            throw ExitCode(1)
        }
        for diagnostic in outcome.read.diagnostics { printError("\(diagnostic)\n") }
        let summary = outcome.document.summary
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            struct Result: Encodable {
                var planId: String
                var plan: String
                var summary: PlanSummary
            }
            let result = Result(
                planId: outcome.document.planId, plan: (out as NSString).appendingPathComponent("plan.json"),
                summary: summary)
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            let time = outcome.timings.map(\.seconds).reduce(0, +)
            printError(
                """
                \(summary.records) records in \(summary.clusters) clusters: \(summary.merges) merges, \
                \(summary.singles) on their own; \(summary.auto) automatic, \(summary.review) for review; \
                \(summary.quarantined) rows quarantined.
                \(summary.pairsCompared) pairs compared; \(String(format: "%.2f", time)) s.
                Plan written to \((out as NSString).appendingPathComponent("plan.json")).

                """)
        }
        if outcome.read.hasErrors { throw ExitCode(1) }
    }
}
