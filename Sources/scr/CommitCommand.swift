import ArgumentParser
import Foundation
import SingleClientRecord

/// `scr commit`: applies a confirmed plan to the canonical record store, all or nothing.
struct Commit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply a confirmed plan to the store in one transaction, and journal it.",
        discussion: """
            Refused, with the store untouched, unless the confirmation's signature holds and belongs \
            to an active master-admin of the store, plan.json and the decisions are as they were \
            signed, the inputs still have the plan's hashes, and the store is as the plan found it. \
            Committing the same plan again changes nothing.
            """
    )

    @Argument(help: ArgumentHelp("The confirmed plan folder.", valueName: "plan-dir"))
    var plan: String

    @OptionGroup var store: StoreOption

    @Flag(help: "Print the commit's id and counts as one JSON document on standard output.")
    var json = false

    func run() throws {
        let result = try exitingOnError { try openStore(store.store).commit(folder: plan) }
        if json {
            try printJSON(result)
        } else if result.alreadyCommitted {
            printError(
                "Plan \(result.planId.prefix(12)) is already committed as commit \(result.commitId); nothing changed.\n"
            )
        } else {
            printError(
                """
                Committed plan \(result.planId.prefix(12)) as commit \(result.commitId): \(result.members) records; \
                \(result.clients) canonical clients created or changed (\(result.created) new), \(result.archived) archived; \
                \(result.apart) pair(s) newly kept apart.

                """)
        }
    }
}

/// `scr rollback`: undoes a commit from the store's journal.
struct Rollback: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Undo a commit from the store's journal, in one transaction (the rollback is journalled too).")

    @Argument(help: ArgumentHelp("The commit's id, as scr commit printed it.", valueName: "commit-id"))
    var commit: Int64

    @OptionGroup var store: StoreOption

    @Flag(help: "Print what was restored as one JSON document on standard output.")
    var json = false

    func run() throws {
        let result = try exitingOnError { try openStore(store.store).rollback(commit: commit) }
        if json {
            try printJSON(result)
        } else {
            printError(
                "Rolled back commit \(result.commitId) (journal entry \(result.rollbackId)): \(result.clientsRemoved) clients removed, \(result.clientsRestored) restored, \(result.members) records returned.\n"
            )
        }
    }
}

/// `scr export`: the store's canonical clients in a layout XPM or this engine can import.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Write the store's canonical clients as XPM's client import (xpm-csv), this engine's HQ layout (hq-csv) or JSON.",
        discussion: "xpm-csv has one row per contact, in files of at most 500 rows; a client's rows stay in one file."
    )

    @OptionGroup var store: StoreOption

    @Option(help: ArgumentHelp("xpm-csv, hq-csv or json.", valueName: "format"))
    var format: ExportFormat

    @Option(help: ArgumentHelp("The folder to write into; it is created if missing.", valueName: "dir"))
    var out: String

    func run() throws {
        try exitingOnError {
            let files = try openStore(store.store, access: .read).export(format, to: out)
            var said = "Wrote \(files.written.count) file(s)"
            if !files.written.isEmpty { said += ": \(files.written.joined(separator: ", "))" }
            if !files.removed.isEmpty {
                said += "; removed \(files.removed.count) earlier export file(s) it did not write again: "
                said += files.removed.joined(separator: ", ")
            }
            printError(said + ".\n")
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
