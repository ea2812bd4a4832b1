import Foundation
import FuzzSupport
import SingleClientRecord

/// Any bytes as a plan folder's `decisions.csv`, read and checked against the plan (every cluster
/// once, known words, splits naming the cluster's own records), as `scr decide` and `scr confirm`
/// do. The plan is the seed plan in the corpus folder's parent (`FUZZ_PLAN`, a plan folder).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecisions(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let plan = Plan.document else { return 0 }
    _ = Scratch.write("decisions.csv", Scratch.bytes(data, count))
    if let decisions = try? DecisionsFile.read(folder: Scratch.folder, plan: plan) {
        _ = decisions.undecided
        _ = decisions.problems.map(\.description)
    }
    return 0
}

enum Plan {
    /// The plan the decisions are checked against, read once.
    static let document: PlanDocument? = {
        guard let folder = ProcessInfo.processInfo.environment["FUZZ_PLAN"] else {
            FileHandle.standardError.write(Data("FuzzDecisions: set FUZZ_PLAN to a plan folder\n".utf8))
            return nil
        }
        return try? PlanDocument.read(from: folder)
    }()
}
