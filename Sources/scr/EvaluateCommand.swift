import ArgumentParser
import Foundation
import SingleClientRecord
import SyntheticPractice

/// `scr evaluate`: a plan's precision, recall and F1 against the truth of a generated practice.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure a plan against the truth: pairwise precision, recall and F1, auto precision, review share.",
        discussion: "Exits with status 1 when a record is missing from the plan or in two clusters."
    )

    @Argument(help: ArgumentHelp("The plan folder (or its plan.json).", valueName: "plan-dir"))
    var plan: String

    @Option(help: ArgumentHelp("The truth: a CSV of source,key,entity, as scr generate writes.", valueName: "file"))
    var truth: String

    @Flag(help: "Print the result as one JSON document on standard output.")
    var json = false

    func run() throws {
        let (document, truthTable) = try exitingOnError {
            (try PlanDocument.read(from: plan), try Truth.read(from: truth))
        }
        let evaluation = Evaluation(plan: document, truth: truthTable)
        if json {
            try printJSON(evaluation)
        } else {
            print(evaluation.text, terminator: "")
        }
        if !evaluation.doubled.isEmpty || !evaluation.missing.isEmpty { throw ExitCode(1) }
    }
}
