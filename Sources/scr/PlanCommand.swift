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

    @Option(
        name: .customLong("store"),
        help: ArgumentHelp(
            "The canonical record store the plan will be committed to: its clients stay together, the pairs it keeps apart stay apart, and the plan records its state.",
            valueName: "file"))
    var storePath: String?

    @Flag(
        help:
            "Start from no decisions: without it, the decisions a person made in the folder's earlier plan are carried over to the clusters that are unchanged."
    )
    var fresh = false

    @Flag(help: "Print the summary as one JSON document on standard output.")
    var json = false

    @Flag(
        help: ArgumentHelp(
            "For a practice with ten clients or fewer on each side: accept every proposal and confirm the plan with --key in the same step."
        ))
    var autoConfirm = false

    @Option(help: ArgumentHelp("With --auto-confirm: your private key file (from scr admin add).", valueName: "file"))
    var key: String?

    @Flag(
        help: ArgumentHelp(
            "Check the written plan's invariants, reading plan.json back (every record in exactly one cluster, every value from a member, the summary's counts); exit 1 naming any that fails.",
            visibility: .hidden))
    var verify = false

    func validate() throws {
        if out.isEmpty { throw ValidationError("--out names the plan folder; it must not be empty.") }
        if autoConfirm && key == nil {
            throw ValidationError("--auto-confirm signs the plan: pass your key with --key.")
        }
        if key != nil && !autoConfirm {
            throw ValidationError("--key goes with --auto-confirm; otherwise use scr confirm.")
        }
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
        if let storePath {
            options.committedFrom = try exitingOnError { try openStore(storePath, access: .read) }
        }
        let progress = TerminalProgress.onStandardError()
        let replanned = try exitingOnError {
            defer { progress?.finish() }
            let replanned = try PlanFolder.plan(
                inputs.files, options: options, out: out, fresh: fresh, progress: progress?.show)
            let written = replanned.written
            if verify {
                progress?.finish()
                let problems = try PlanDocument.read(from: out).invariantProblems(records: written.match.records)
                for problem in problems { printError("error: invariant broken: \(problem)\n") }
                if !problems.isEmpty { throw ExitCode(1) }
                printError("verify: every record is in exactly one cluster; the plan's invariants hold.\n")
            }
            return replanned
        }
        let written = replanned.written
        keepUntilExit(replanned)
        for diagnostic in written.read.diagnostics { printError("\(diagnostic)\n") }
        let summary = written.header.summary
        let folder = out as NSString
        if json {
            struct Result: Encodable {
                var planId: String
                var policy: String
                var plan: String
                var report: String
                var decisions: String
                var summary: PlanSummary
                /// What changed since the store's last commit (a plan made against a store).
                var sinceLastCommit: PlanChanges?
                /// Decisions carried from the folder's earlier plan, and those dropped with their clusters.
                var carried: [String]
                var dropped: [String]
                var confirmationRemoved: Bool
            }
            let result = Result(
                planId: written.header.planId, policy: written.header.policy,
                plan: folder.appendingPathComponent(Planner.fileNames.plan),
                report: folder.appendingPathComponent(Planner.fileNames.report),
                decisions: folder.appendingPathComponent(Planner.fileNames.decisions), summary: summary,
                sinceLastCommit: written.header.sinceLastCommit, carried: replanned.carried, dropped: replanned.dropped,
                confirmationRemoved: replanned.confirmationRemoved)
            try printJSON(result)
        } else {
            let time = written.timings.map(\.seconds).reduce(0, +)
            let stages = written.timings.map { "\($0.stage) \(String(format: "%.2f", $0.seconds))" }
            printError(
                """
                \(summary.records) records in \(summary.clusters) clients (policy \(written.header.policy)):
                  \(summary.autoMerges) automatic merges, \(summary.review) for review, \
                \(summary.oneSided) on one side only, \(summary.archives) proposed for archive;
                  \(summary.conflicts) with fields that differ; \(summary.quarantined) rows quarantined.
                \(summary.pairsCompared) pairs compared; \(String(format: "%.2f", time)) s \
                (\(stages.joined(separator: ", "))).
                Report:    \(folder.appendingPathComponent(Planner.fileNames.report))
                Decisions: \(folder.appendingPathComponent(Planner.fileNames.decisions))
                Plan:      \(folder.appendingPathComponent(Planner.fileNames.plan))

                """)
            if let changes = written.header.sinceLastCommit { printError(changes.summary + "\n") }
            printError(Self.carriedOver(replanned))
        }
        if written.read.hasErrors { throw ExitCode(1) }
        if autoConfirm, let key { try confirmSmallPractice(written, key: key) }
    }

    /// What became of the folder's earlier decisions and confirmation, in words (nothing when it
    /// held none).
    static func carriedOver(_ replanned: Replanned) -> String {
        var lines: [String] = []
        if !replanned.carried.isEmpty {
            lines.append(
                "Carried over \(replanned.carried.count) decision(s) from the folder's earlier plan: their clusters are unchanged."
            )
        }
        if !replanned.dropped.isEmpty {
            let ids =
                replanned.dropped.prefix(10).joined(separator: ", ") + (replanned.dropped.count > 10 ? ", ..." : "")
            lines.append(
                "Dropped \(replanned.dropped.count) decision(s) of the earlier plan whose clusters changed; decide them again: \(ids)."
            )
        }
        if replanned.confirmationRemoved {
            lines.append("Removed the earlier plan's confirmation.json: confirm the new plan with scr confirm.")
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// The most clients on a side that `--auto-confirm` takes, as Xero did for small practices.
    static let autoConfirmLimit = 10

    /// Accepts every proposal of a small practice's plan and signs it.
    func confirmSmallPractice(_ written: PlanFolder.Written, key: String) throws {
        let hq = written.match.records.count { $0.source == .hq }
        let xpm = written.match.records.count - hq
        guard hq <= Self.autoConfirmLimit && xpm <= Self.autoConfirmLimit else {
            printError(
                "error: --auto-confirm is for practices with \(Self.autoConfirmLimit) clients or fewer on each side; this one has \(hq) in HQ and \(xpm) in XPM: review the plan and run scr confirm\n"
            )
            throw ExitCode(1)
        }
        try exitingOnError {
            try DecisionsFile.acceptUndecided(folder: out)
            let confirmation = try Confirmation.sign(folder: out, key: try AdministratorKey(contentsOf: key))
            try confirmation.write(folder: out)
            printError(
                "Confirmed in one step (\(hq) HQ and \(xpm) XPM clients): every proposal accepted, signed with key \(confirmation.signer.fingerprint).\n"
            )
        }
    }
}

extension ReconcilePolicy: ExpressibleByArgument {}
