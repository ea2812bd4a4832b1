import ArgumentParser
import SingleClientRecord

/// The input files, shared by `check` and `plan`.
struct InputOptions: ParsableArguments {
    // Single files are declared as arrays so that a repeated option is refused instead of the last
    // one silently winning.
    @Option(
        name: .customLong("hq"),
        help: ArgumentHelp("The Xero HQ client export (CSV, in the engine's HQ layout).", valueName: "file"))
    var hqFiles: [String] = []

    @Option(
        name: .customLong("hq-contacts"),
        help: ArgumentHelp("The Xero HQ contacts file (CSV), joined to clients by Client ID.", valueName: "file"))
    var hqContactFiles: [String] = []

    @Option(
        name: .customLong("xpm"),
        help: ArgumentHelp(
            "An XPM API client response (XML: client.api/list, get or search). Repeat it for several pages.",
            valueName: "file"))
    var xpm: [String] = []

    @Option(
        name: .customLong("xpm-csv"),
        help: ArgumentHelp("The XPM client CSV (one row per contact). Repeat it for several files.", valueName: "file"))
    var xpmCSV: [String] = []

    @Option(
        name: .customLong("columns"),
        help: ArgumentHelp(
            "A JSON or TOML file mapping headers the engine does not know onto its columns.", valueName: "file"))
    var columnFiles: [String] = []

    var hq: String? { hqFiles.first }
    var hqContacts: String? { hqContactFiles.first }
    var columns: String? { columnFiles.first }

    func validate() throws {
        for (option, values) in [("--hq", hqFiles), ("--hq-contacts", hqContactFiles), ("--columns", columnFiles)]
        where values.count > 1 {
            throw ValidationError("\(option) takes one file; it was given \(values.count).")
        }
        let paths = hqFiles + hqContactFiles + xpm + xpmCSV
        if let twice = paths.first(where: { path in paths.filter { $0 == path }.count > 1 }) {
            throw ValidationError("'\(twice)' is given twice; pass each file once.")
        }
        if hq == nil && xpm.isEmpty && xpmCSV.isEmpty {
            throw ValidationError("Pass at least one export: --hq, --xpm or --xpm-csv.")
        }
        if hqContacts != nil && hq == nil {
            throw ValidationError("--hq-contacts joins contacts to HQ clients: pass the HQ export with --hq too.")
        }
    }

    var files: InputFiles {
        InputFiles(hq: hq, hqContacts: hqContacts, xpm: xpm, xpmCSV: xpmCSV, columns: columns)
    }
}
