import ArgumentParser
import SingleClientRecord

/// `scr check`: read every export and say what was understood, without planning anything.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read the exports and report records, contacts, groups, quarantined rows and column mappings.",
        discussion: "Exits with status 1 when any error was found (a quarantined row included), 0 otherwise."
    )

    @OptionGroup var inputs: InputOptions

    @Flag(help: "Print the result as one JSON document on standard output.")
    var json = false

    @Flag(
        help:
            "Print every source record read and its normalised form, one JSON object per line (inside the document with --json)."
    )
    var records = false

    func run() throws {
        let (result, normalised) = CheckReport.check(inputs.files)
        for diagnostic in result.diagnostics {
            printError("\(diagnostic)\n")
        }
        if json {
            try printJSON(CheckReport.document(result, normalised: records ? normalised : nil), pretty: true)
        } else {
            if records {
                for (record, form) in zip(result.records, normalised) {
                    try printJSON(CheckReport.record(record, form))
                }
                printError(CheckReport.text(result))
            } else {
                print(CheckReport.text(result), terminator: "")
            }
        }
        if result.hasErrors { throw ExitCode(1) }
    }
}
