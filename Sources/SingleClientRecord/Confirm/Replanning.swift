import Foundation

/// A plan written into a folder that may have held one: what became of the decisions a person had
/// made there, and of its confirmation.
public struct Replanned: Sendable {
    public var written: PlanFolder.Written
    /// Clusters whose decision a person made in the earlier plan and which the new plan holds
    /// unchanged (the same members): their decisions stand in the new `decisions.csv`.
    public var carried: [String]
    /// Clusters a person had decided that the new plan no longer holds as they were (their members,
    /// status or proposal changed): those decisions are gone and must be made again.
    public var dropped: [String]
    /// True when an earlier `confirmation.json` was removed: it signed the earlier plan.
    public var confirmationRemoved: Bool
}

extension PlanFolder {
    /// Plans into `out` as ``plan(_:options:out:carried:progress:)`` does, keeping what a person
    /// decided there: unless `fresh`, every decision the folder's `decisions.csv` holds that a
    /// person made (a review cluster decided, an automatic one rejected or split) is carried into
    /// the new plan when its cluster is unchanged, and listed as dropped otherwise. An earlier
    /// confirmation is removed once the new plan is written. A `decisions.csv` that cannot be read
    /// is refused (a person's decisions are never overwritten unread): mend it, or plan with
    /// `fresh`.
    public static func plan(
        _ files: InputFiles, options: PlanOptions = PlanOptions(), out folder: String, fresh: Bool,
        progress: Planner.Progress? = nil
    ) throws -> Replanned {
        try refuseInputsAmongOutputs(files, folder: folder)  // before anything is read
        let decisionsPath = (folder as NSString).appendingPathComponent(Planner.fileNames.decisions)
        var personal: [DecisionRow] = []
        if !fresh && FileManager.default.fileExists(atPath: decisionsPath) {
            let (rows, problems, _) = try DecisionsFile.readRows(decisionsPath)
            if let first = problems.first {
                throw ReadError(
                    first.location,
                    "\(first.message): the earlier decisions cannot be carried over; mend decisions.csv, or plan with --fresh to start from none"
                )
            }
            personal = rows.filter(\.madeByPerson)
        }
        var carried: [String: CarriedDecision] = [:]
        for row in personal {
            carried[row.cluster] = CarriedDecision(
                decision: row.decisionText, split: row.splitText, status: row.status, proposal: row.proposal)
        }
        let written = try plan(files, options: options, out: folder, carried: carried, progress: progress)
        let applied = Set(written.carriedOver)
        var kept: [String] = []
        var dropped: [String] = []
        for row in personal {
            if applied.contains(row.cluster) { kept.append(row.cluster) } else { dropped.append(row.cluster) }
        }
        let confirmation = (folder as NSString).appendingPathComponent(Confirmation.fileName)
        var confirmationRemoved = false
        if FileManager.default.fileExists(atPath: confirmation) {
            guard unlink(confirmation) == 0 else {
                throw FileError(
                    path: confirmation, "cannot remove the earlier plan's confirmation: \(BlockFile.reason(errno))")
            }
            BlockFile.syncFolder(of: confirmation)
            confirmationRemoved = true
        }
        return Replanned(written: written, carried: kept, dropped: dropped, confirmationRemoved: confirmationRemoved)
    }
}

extension DecisionRow {
    /// True for a decision a person made rather than the plan's pre-filled one: a review cluster
    /// decided, or an automatic cluster given anything but `accept`.
    var madeByPerson: Bool {
        let decision = decisionText.trimmingSpaces
        guard !decision.isEmpty || !splitText.trimmingSpaces.isEmpty else { return false }
        return status != ClusterStatus.auto.rawValue || decision.lowercased() != DecisionKind.accept.rawValue
            || !splitText.trimmingSpaces.isEmpty
    }
}
