import ArgumentParser
import Foundation
import PostgresStore

/// `scr`: the Single Client Record engine's command line.
@main
struct SCR: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scr",
        abstract: "Consolidate Xero HQ and XPM client lists into single client records.",
        discussion: """
            Exit status: 0 success; 1 the inputs or the plan have errors (diagnostics are printed \
            as file:line:column: error: message); 2 bad usage.
            """,
        subcommands: [
            Check.self, Plan.self, Explain.self, Review.self, Decide.self, Admin.self, Confirm.self, Commit.self,
            Rollback.self, Log.self, Show.self, Batch.self,
            Export.self,
            Generate.self, Evaluate.self,
        ]
    )

    /// Runs the command, mapping ArgumentParser's usage failures onto exit status 2.
    static func main() {
        PostgresCanonicalStore.register()  // --store postgres://…
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Writes human text to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}

/// Prints one JSON document, keys sorted, on standard output: what `--json` gives scripts (one
/// line, or indented with `pretty`). Every command prints its JSON through here.
func printJSON<T: Encodable>(_ value: T, pretty: Bool = false) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    if pretty { encoder.outputFormatting.insert(.prettyPrinted) }
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Runs a command's work: an error the library explains (it says its file, line and column) is
/// printed as it is and the command exits 1; an ``ExitCode`` the work throws passes through.
func exitingOnError<T>(_ work: () throws -> T) throws -> T {
    do {
        return try work()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        printError("\(error)\n")
        throw ExitCode(1)
    }
}

/// Keeps a value alive until the process ends. Freeing a large plan's records one by one takes
/// seconds (about 0.3 s at 200,000 records, measured with perf), and `scr` ends right after:
/// the operating system takes the memory back at once.
func keepUntilExit(_ value: Any) {
    _ = Unmanaged.passRetained(Kept(value))
}

private final class Kept {
    let value: Any
    init(_ value: Any) { self.value = value }
}
