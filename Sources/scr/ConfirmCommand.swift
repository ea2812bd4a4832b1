import ArgumentParser
import Foundation
import SingleClientRecord

/// `scr confirm`: the Master Admin's signature over a decided plan.
struct Confirm: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign a plan and its decisions with your private key, once every review cluster is decided.",
        discussion: """
            Writes confirmation.json into the plan folder. The signature covers plan.json (the \
            inputs' hashes, the options, every cluster) and every decision: changing any of them \
            after confirming invalidates it.
            """
    )

    @Argument(help: ArgumentHelp("The plan folder.", valueName: "plan-dir"))
    var plan: String

    @Option(help: ArgumentHelp("Your private key file (from scr admin add).", valueName: "file"))
    var key: String

    func run() throws {
        try exitingOnError {
            let administratorKey = try AdministratorKey(contentsOf: key)
            let confirmation = try Confirmation.sign(folder: plan, key: administratorKey)
            try confirmation.write(folder: plan)
            let counts = Dictionary(grouping: confirmation.decisions, by: \.decision).mapValues(\.count)
            printError(
                """
                Confirmed plan \(confirmation.planId.prefix(12)) with key \(confirmation.signer.fingerprint): \
                \(counts[.accept] ?? 0) accepted, \(counts[.reject] ?? 0) rejected, \(counts[.split] ?? 0) split, \(counts[.relink] ?? 0) re-linked.
                Confirmation: \((plan as NSString).appendingPathComponent(Confirmation.fileName))

                """)
        }
    }
}
