import ArgumentParser
import Foundation
import SingleClientRecord

/// `scr decide`: records a decision about one cluster in the plan's decisions.csv.
struct Decide: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Decide one cluster of a plan: accept, reject, split or relink (written to the plan's decisions.csv).",
        discussion: """
            accept does what the plan proposes; reject leaves the records as they are, apart; split \
            keeps the groups given with --split (each record alone without it); relink accepts the \
            cluster with the records of other clusters given with --relink joined to it (they leave \
            their own clusters).
            """
    )

    @Argument(help: ArgumentHelp("The plan folder.", valueName: "plan-dir"))
    var plan: String

    @Argument(help: ArgumentHelp("The cluster's id, as plan.json and the report give it.", valueName: "cluster-id"))
    var cluster: String

    @Argument(help: ArgumentHelp("accept, reject, split or relink.", valueName: "decision"))
    var decision: DecisionKind

    @Option(
        help: ArgumentHelp(
            "For split: the groups to keep, '|' between groups, spaces between records (\"hq:A xpm:B | xpm:C\").",
            valueName: "groups"))
    var split: String?

    @Option(
        help: ArgumentHelp(
            "For relink: the records of other clusters that join this one, spaces between them (\"xpm:B xpm:C\").",
            valueName: "records"))
    var relink: String?

    func validate() throws {
        if split != nil && decision != .split { throw ValidationError("--split goes with the decision split.") }
        if relink != nil && decision != .relink { throw ValidationError("--relink goes with the decision relink.") }
        if relink == nil && decision == .relink {
            throw ValidationError("relink needs --relink, naming the records that join the cluster.")
        }
    }

    func run() throws {
        let decisions = try exitingOnError {
            try DecisionsFile.decide(folder: plan, cluster: cluster, decision, split: split ?? relink)
        }
        printError(
            "\(cluster): \(decision.rawValue). \(decisions.undecided.count) review cluster(s) still undecided.\n")
    }
}

extension DecisionKind: ExpressibleByArgument {}
