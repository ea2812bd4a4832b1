import ArgumentParser
import Foundation
import SingleClientRecord

/// `scr log`: the store's journal, every commit and rollback.
struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every commit and rollback in the store: when, who signed (name and key), the plan and counts.")

    @OptionGroup var store: StoreOption

    @Flag(help: "Print the entries as one JSON document on standard output.")
    var json = false

    func run() throws {
        let entries = try exitingOnError { try openStore(store.store, access: .read).journal() }
        if json {
            try printJSON(["entries": entries])
        } else if entries.isEmpty {
            print("No commits yet.")
        } else {
            for entry in entries { print(entry.line) }
        }
    }
}

/// `scr show`: one canonical client's story.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Show one canonical client's history: the commit that created it, every record added or removed and by which commit, every decision about it, and its record as each commit left it."
    )

    @Argument(
        help: ArgumentHelp(
            "The canonical client's id (C-...), as scr export and plan.json give it.", valueName: "client-id"))
    var client: String

    @OptionGroup var store: StoreOption

    @Flag(help: "Print the history as one JSON document on standard output, with the record of every version.")
    var json = false

    func run() throws {
        try exitingOnError {
            let store = try openStore(store.store, access: .read)
            guard let history = try store.history(of: client) else {
                throw StoreError(path: store.location, "no canonical client \(client) in the store")
            }
            if json {
                try printJSON(history)
            } else {
                print(history.text, terminator: "")
            }
        }
    }
}
