import Foundation
import SingleClientRecord

/// A generated practice taken through the built `scr`: generated, a store with a master-admin,
/// planned against the store and, when `decide` is given, every review cluster decided that way
/// and the plan confirmed.
///
///     let practice = try PlannedPractice(in: folder.path, clients: 2000, seed: 3, decide: .reject)
///     runSCR(["commit", practice.plan, "--store", practice.store])
public struct PlannedPractice {
    public let folder: String
    public var plan: String { folder + "/plan" }
    /// The store: an SQLite file in the folder, or the location given.
    public let store: String
    public var key: String { folder + "/master.key" }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(
        in folder: String, clients: Int, seed: Int, noise: String = "default", store: String? = nil,
        decide decision: DecisionKind?
    ) throws {
        self.folder = folder
        self.store = store ?? folder + "/store.sqlite"
        let store = self.store
        func run(_ arguments: [String]) throws {
            let result = try runSCR(arguments)
            guard result.status == 0 else {
                throw Failure(description: "scr \(arguments.joined(separator: " ")): \(result.stderr)")
            }
        }
        let practice = folder + "/practice"
        try run(["generate", "--clients", String(clients), "--seed", String(seed), "--noise", noise, "--out", practice])
        try run(["admin", "add", "--name", "Master", "--role", "master-admin", "--store", store, "--key-out", key])
        try run([
            "plan", "--hq", practice + "/hq.csv", "--xpm", practice + "/xpm.xml", "--store", store, "--out", plan,
        ])
        guard let decision else { return }
        for id in try DecisionsFile.read(folder: plan, plan: try PlanDocument.read(from: plan)).undecided {
            try run(["decide", plan, id, decision.rawValue])
        }
        try run(["confirm", plan, "--key", key])
    }
}
