import Foundation
import SCRTestSupport
import Testing

@testable import SingleClientRecord

/// Administrators' keys and their registration in the store.
@Suite struct AdministratorTests {
    let folder = TemporaryFolder()

    @Test func aKeyFileIsOwnerOnlyNeverOverwrittenAndSignsWhatItsPublicKeyVerifies() throws {
        let key = AdministratorKey()
        let path = folder.path + "/sarah.key"
        try key.write(to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(throws: KeyError(path: path, "the file exists; choose a new path for the private key")) {
            try AdministratorKey().write(to: path)
        }
        let read = try AdministratorKey(contentsOf: path)
        #expect(read.publicKey == key.publicKey)
        let message = Data("plan digest".utf8)
        let signature = try read.sign(message)
        #expect(key.publicKey.verifies(signature, of: message))
        #expect(!key.publicKey.verifies(signature, of: Data("another digest".utf8)))
        #expect(!AdministratorKey().publicKey.verifies(signature, of: message))
        #expect(key.publicKey.fingerprint.hasPrefix("SHA256:") && key.publicKey.fingerprint.count == 23)
    }

    @Test func aKeyFileOthersCanReadOrThatIsNotAKeyIsRefused() throws {
        let path = folder.path + "/open.key"
        try AdministratorKey().write(to: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(
            throws: KeyError(
                path: path, "the private key is open to others than its owner (mode 644); run chmod 600 on it")
        ) { try AdministratorKey(contentsOf: path) }
        // Group access alone (610) is open to others than the owner too; a link is named as one.
        try FileManager.default.setAttributes([.posixPermissions: 0o610], ofItemAtPath: path)
        #expect(
            throws: KeyError(
                path: path, "the private key is open to others than its owner (mode 610); run chmod 600 on it")
        ) { try AdministratorKey(contentsOf: path) }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let link = folder.path + "/link.key"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        #expect(throws: KeyError(path: link, "the key file is a symbolic link; name the key file itself")) {
            try AdministratorKey(contentsOf: link)
        }
        let other = folder.write("other.key", "hello\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: other)
        #expect(throws: KeyError(path: other, "not an scr private key file")) {
            try AdministratorKey(contentsOf: other)
        }
    }

    @Test func theStoreKeepsAdministratorsWithItsRules() throws {
        let path = folder.path + "/store.sqlite"
        #expect(
            throws: StoreError.missing(
                path: path, "no such store; `scr admin add` creates one with its first administrator")
        ) {
            try SQLiteStore(path: path)
        }
        let store = try SQLiteStore(path: path, create: true)
        #expect(
            throws: StoreError(
                path: path, "the store's first administrator must be a master-admin; add one with --role master-admin")
        ) { try store.addAdministrator(name: "Kim", role: .admin, publicKey: AdministratorKey().publicKey) }
        let sarah = AdministratorKey()
        try store.addAdministrator(name: "Sarah", role: .masterAdmin, publicKey: sarah.publicKey)
        try store.addAdministrator(name: "Kim", role: .admin, publicKey: AdministratorKey().publicKey)
        #expect(throws: StoreError(path: path, "an administrator named 'Kim' is already registered")) {
            try store.addAdministrator(name: "Kim", role: .admin, publicKey: AdministratorKey().publicKey)
        }
        #expect(throws: StoreError(path: path, "that public key is already registered")) {
            try store.addAdministrator(name: "Sam", role: .admin, publicKey: sarah.publicKey)
        }
        #expect(
            throws: StoreError(path: path, "'Sarah' is the store's last master-admin; add another master-admin first")
        ) { try store.removeAdministrator(name: "Sarah") }
        try store.removeAdministrator(name: "Kim")
        #expect(throws: StoreError(path: path, "no active administrator named 'Kim'")) {
            try store.removeAdministrator(name: "Kim")
        }
        // Reopened, the store has both, Kim removed; only Sarah's key is an active administrator's.
        let reopened = try SQLiteStore(path: path)
        let all = try reopened.administrators()
        #expect(all.map(\.name) == ["Sarah", "Kim"])
        #expect(all.map(\.isActive) == [true, false])
        #expect(try reopened.activeAdministrator(publicKey: sarah.publicKey)?.name == "Sarah")
        #expect(try reopened.activeAdministrator(publicKey: AdministratorPublicKey(all[1].publicKey)) == nil)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aFileThatIsNotAStoreIsRefused() throws {
        let path = folder.write("not-a-store.sqlite", "Client ID,Name\n1,Acme\n")
        #expect(throws: StoreError.self) { try SQLiteStore(path: path) }
        do {
            _ = try SQLiteStore(path: path)
        } catch {
            #expect(error.description == "\(path): error: not a store: the file is not an SQLite database")
        }
    }
}
