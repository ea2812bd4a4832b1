import ArgumentParser
import SingleClientRecord

/// The input files, shared by `check` and `plan`.
struct InputOptions: ParsableArguments {
    @Option(name: .customLong("hq"), help: "The Xero HQ client export (CSV, in the engine's HQ layout).")
    var hq: String?

    @Option(name: .customLong("hq-contacts"), help: "The Xero HQ contacts file (CSV), joined to clients by Client ID.")
    var hqContacts: String?

    @Option(
        name: .customLong("xpm"),
        help: "An XPM API client response (XML: client.api/list, get or search). Repeat it for several pages.")
    var xpm: [String] = []

    @Option(
        name: .customLong("xpm-csv"), help: "The XPM client CSV (one row per contact). Repeat it for several files.")
    var xpmCSV: [String] = []

    @Option(
        name: .customLong("columns"),
        help: "A JSON or TOML file mapping headers the engine does not know onto its columns.")
    var columns: String?

    func validate() throws {
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
