import ArgumentParser
import Foundation
import SingleClientRecord

/// `scr explain`: why the engine proposed what it did, comparison by comparison.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show every comparison of a pair of records, or of a cluster's members, with levels and weights.",
        discussion: """
            Reads the plan's inputs again from the paths it records (relative to the current folder), \
            and refuses if any has changed since the plan was made.
            """
    )

    @Argument(help: ArgumentHelp("The plan folder (or its plan.json).", valueName: "plan-dir"))
    var plan: String

    @Argument(help: ArgumentHelp("A cluster's id from plan.json.", valueName: "cluster-id"))
    var cluster: String?

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp("Two records to compare, each as hq:CLIENT_ID or xpm:UUID.", valueName: "source:key"))
    var pair: [String] = []

    @Flag(help: "Print the result as one JSON document on standard output.")
    var json = false

    func validate() throws {
        if cluster == nil && pair.isEmpty {
            throw ValidationError("Name a cluster id, or two records with --pair hq:KEY xpm:KEY.")
        }
        if cluster != nil && !pair.isEmpty { throw ValidationError("Name a cluster id or --pair, not both.") }
        if !pair.isEmpty && pair.count != 2 {
            throw ValidationError("--pair takes two records, as hq:KEY xpm:KEY; it was given \(pair.count).")
        }
        for reference in pair where RecordReference(parsing: reference) == nil {
            throw ValidationError("'\(reference)' is not a record; write hq:CLIENT_ID or xpm:UUID.")
        }
    }

    func run() throws {
        try exitingOnError {
            let document = try PlanDocument.read(from: plan)
            if let cluster {
                let (found, explanations) = try Explainer.explain(
                    document, planFolder: PlanDocument.folder(plan), cluster: cluster)
                if json {
                    try printJSON(explanations)
                    return
                }
                print(
                    "\(found.id): \(found.status.rawValue), \(found.action), confidence \(found.confidence); "
                        + found.members.map(\.reference).joined(separator: ", "))
                for reason in found.reasons { print("  - \(reason)") }
                for explanation in explanations { print(Explainer.text(explanation), terminator: "") }
            } else {
                let explanation = try Explainer.explain(
                    document, planFolder: PlanDocument.folder(plan),
                    pair: (RecordReference(parsing: pair[0])!, RecordReference(parsing: pair[1])!))
                if json {
                    try printJSON(explanation)
                } else {
                    print(Explainer.text(explanation), terminator: "")
                }
            }
        }
    }
}
