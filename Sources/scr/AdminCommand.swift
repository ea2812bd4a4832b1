import ArgumentParser
import Foundation
import SingleClientRecord

/// `scr admin`: the practice's administrators, whose signatures confirm plans.
struct Admin: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add, list and remove the administrators who may confirm plans.",
        subcommands: [AdminAdd.self, AdminList.self, AdminRemove.self]
    )
}

/// The store option the admin subcommands share.
struct StoreOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The canonical record store: an SQLite file, or postgres://USER@HOST:PORT/DB?practice=NAME.",
            valueName: "store"))
    var store: String
}

extension AdministratorRole: ExpressibleByArgument {}

struct AdminAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Create an Ed25519 key pair for an administrator and register the public key in the store.",
        discussion: """
            The private key is written to --key-out, readable by its owner only; keep it to yourself. \
            The store is created if it does not exist; its first administrator must be a master-admin.
            """
    )

    @Option(help: ArgumentHelp("The administrator's name, as it will appear on confirmations.", valueName: "name"))
    var name: String

    @Option(help: ArgumentHelp("master-admin (confirms plans, manages administrators) or admin.", valueName: "role"))
    var role: AdministratorRole

    @OptionGroup var store: StoreOption

    @Option(help: ArgumentHelp("Where to write the new private key; the file must not exist.", valueName: "file"))
    var keyOut: String

    func validate() throws {
        if name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--name must not be empty.") }
    }

    func run() throws {
        let administrator = try exitingOnError {
            try enrolAdministrator(name: name, role: role, store: store.store, keyOut: keyOut)
        }
        printError(
            "Added \(administrator.name) (\(administrator.role.rawValue)), key \(administrator.fingerprint); the private key is in \(keyOut).\n"
        )
    }
}

struct AdminList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the store's administrators, active and removed.")

    @OptionGroup var store: StoreOption

    @Flag(help: "Print the administrators as one JSON document on standard output.")
    var json = false

    func run() throws {
        let administrators = try exitingOnError { try openStore(store.store, access: .read).administrators() }
        if json {
            struct Entry: Encodable {
                var name: String
                var role: String
                var fingerprint: String
                var addedAt: String
                var removedAt: String?
            }
            try printJSON(
                administrators.map {
                    Entry(
                        name: $0.name, role: $0.role.rawValue, fingerprint: $0.fingerprint, addedAt: $0.addedAt,
                        removedAt: $0.removedAt)
                })
            return
        }
        for administrator in administrators {
            let state = administrator.removedAt.map { "removed \($0)" } ?? "active"
            print(
                "\(administrator.name)\t\(administrator.role.rawValue)\t\(administrator.fingerprint)\tadded \(administrator.addedAt)\t\(state)"
            )
        }
    }
}

struct AdminRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove an administrator: their key no longer confirms plans (the record is kept).")

    @Option(help: ArgumentHelp("The administrator's name.", valueName: "name"))
    var name: String

    @OptionGroup var store: StoreOption

    func run() throws {
        try exitingOnError {
            let removed = try openStore(store.store).removeAdministrator(name: name)
            printError("Removed \(removed.name) (\(removed.role.rawValue)), key \(removed.fingerprint).\n")
        }
    }
}
