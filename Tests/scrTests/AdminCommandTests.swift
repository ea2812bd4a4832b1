import Foundation
import SCRTestSupport
import SingleClientRecord
import Testing

/// `scr admin add|list|remove`, run as the built binary.
@Suite struct AdminCommandTests {
    let folder = TemporaryFolder()

    @Test func administratorsAreAddedListedAndRemoved() throws {
        let store = folder.path + "/practice.sqlite"
        let refused = try runSCR([
            "admin", "add", "--name", "Kim", "--role", "admin", "--store", store, "--key-out", folder.path + "/kim.key",
        ])
        #expect(refused.status == 1)
        #expect(
            refused.stderr
                == "\(store): error: the store's first administrator must be a master-admin; add one with --role master-admin\n"
        )
        #expect(!FileManager.default.fileExists(atPath: store))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/kim.key"))

        let sarahKey = folder.path + "/sarah.key"
        let added = try runSCR([
            "admin", "add", "--name", "Sarah Brown", "--role", "master-admin", "--store", store, "--key-out", sarahKey,
        ])
        #expect(added.status == 0)
        let fingerprint = try AdministratorKey(contentsOf: sarahKey).publicKey.fingerprint
        #expect(
            added.stderr
                == "Added Sarah Brown (master-admin), key \(fingerprint); the private key is in \(sarahKey).\n")
        #expect(
            try FileManager.default.attributesOfItem(atPath: sarahKey)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: store)[.posixPermissions] as? Int == 0o600)

        // A key file that exists is never overwritten, and nothing is registered.
        let again = try runSCR([
            "admin", "add", "--name", "Kim", "--role", "admin", "--store", store, "--key-out", sarahKey,
        ])
        #expect(again.status == 1)
        #expect(again.stderr == "\(sarahKey): error: the file exists; choose a new path for the private key\n")

        #expect(
            try runSCR([
                "admin", "add", "--name", "Kim", "--role", "admin", "--store", store, "--key-out",
                folder.path + "/kim.key",
            ]).status == 0)
        let list = try runSCR(["admin", "list", "--store", store])
        #expect(list.status == 0)
        let lines = list.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(lines.map { $0[0] } == ["Sarah Brown", "Kim"])
        #expect(lines.map { $0[1] } == ["master-admin", "admin"])
        #expect(lines[0][2] == fingerprint)
        #expect(lines.map { $0[4] } == ["active", "active"])

        let lastMaster = try runSCR(["admin", "remove", "--name", "Sarah Brown", "--store", store])
        #expect(lastMaster.status == 1)
        #expect(
            lastMaster.stderr
                == "\(store): error: 'Sarah Brown' is the store's last master-admin; add another master-admin first\n")
        let removed = try runSCR(["admin", "remove", "--name", "Kim", "--store", store])
        #expect(removed.status == 0)
        #expect(removed.stderr.hasPrefix("Removed Kim (admin), key SHA256:"))
        let json = try runSCR(["admin", "list", "--store", store, "--json"])
        let entries = try JSONDecoder().decode([[String: String]].self, from: Data(json.stdout.utf8))
        #expect(entries.map { $0["name"] } == ["Sarah Brown", "Kim"])
        #expect(entries.map { $0["removedAt"] == nil } == [true, false])
    }

    @Test func aMissingStoreIsAnErrorAndABadRoleIsAUsageError() throws {
        let missing = try runSCR(["admin", "list", "--store", folder.path + "/none.sqlite"])
        #expect(missing.status == 1)
        #expect(
            missing.stderr
                == "\(folder.path)/none.sqlite: error: no such store; `scr admin add` creates one with its first administrator\n"
        )
        let role = try runSCR([
            "admin", "add", "--name", "Kim", "--role", "owner", "--store", folder.path + "/s.sqlite", "--key-out",
            folder.path + "/k.key",
        ])
        #expect(role.status == 2)
        #expect(role.stderr.contains("The value 'owner' is invalid for '--role <role>'"))
    }
}
