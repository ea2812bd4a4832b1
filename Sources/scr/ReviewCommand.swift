import ArgumentParser
import Foundation
import ReviewServer
import SingleClientRecord

/// `scr review`: the review board, a local web server for deciding and confirming in a browser.
struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Review, decide, confirm and commit a plan in a browser (a local web server on 127.0.0.1).",
        discussion: """
            The first line on standard output is the address to open; it holds a one-time token. Every \
            decision is written to the plan's decisions.csv as it is made, as scr decide writes it. \
            Stop the server with Ctrl-C.
            """
    )

    @Argument(help: ArgumentHelp("The plan folder.", valueName: "plan-dir"))
    var plan: String

    @Option(help: ArgumentHelp("A master-admin's private key file: enables Confirm.", valueName: "file"))
    var key: String?

    @Option(help: ArgumentHelp("The canonical record store: enables Commit.", valueName: "file"))
    var store: String?

    @Option(help: ArgumentHelp("The port to listen on (a free one when not given).", valueName: "n"))
    var port: Int = 0

    @Flag(help: "Print the address as one JSON line: {\"url\", \"token\", \"port\"}.")
    var json = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port takes 0 to 65535.") }
    }

    func run() throws {
        let server = try exitingOnError { try ReviewServer(folder: plan, key: key, store: store, port: port) }
        let json = self.json
        try waitFor {
            try await server.run { address in
                if json {
                    try? printJSON(address)
                } else {
                    print(address.url)
                }
                fflush(nil)
                printError(
                    "The review board is open at the address above (Ctrl-C stops it; every decision is saved).\n")
            }
        }
    }
}

/// Runs async work from a synchronous command and waits for it.
func waitFor(_ work: @escaping @Sendable () async throws -> Void) throws {
    final class Outcome: @unchecked Sendable { var error: (any Error)? }
    let outcome = Outcome()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { try await work() } catch { outcome.error = error }
        done.signal()
    }
    done.wait()
    if let error = outcome.error { throw error }
}
