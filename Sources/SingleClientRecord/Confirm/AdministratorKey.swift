import Crypto
import Foundation

/// A practice administrator's Ed25519 key pair. The private key lives in a file only its owner
/// can read; the public key is registered in the store.
///
///     let key = AdministratorKey()
///     try key.write(to: "sarah.key")          // 0600, refused if the file exists
///     let again = try AdministratorKey(contentsOf: "sarah.key")
///     again.publicKey.fingerprint             // "SHA256:3f9a…"
public struct AdministratorKey: Sendable {
    let privateKey: Curve25519.Signing.PrivateKey

    /// A new random key pair.
    public init() { privateKey = Curve25519.Signing.PrivateKey() }

    public var publicKey: AdministratorPublicKey { AdministratorPublicKey(privateKey.publicKey.rawRepresentation) }

    static let header = "-----BEGIN SCR ED25519 PRIVATE KEY-----"
    static let footer = "-----END SCR ED25519 PRIVATE KEY-----"

    /// The key file's text: the raw 32-byte key in base64 between two marker lines.
    var fileText: String {
        "\(Self.header)\n\(privateKey.rawRepresentation.base64EncodedString())\n\(Self.footer)\n"
    }

    /// Writes the private key to a new file readable by its owner only; an existing file (or a
    /// link, dangling or not) is never overwritten: it may be somebody's key. The key is written
    /// and synced to a temporary file beside it first and then linked into place, so that a
    /// failure or a kill leaves no file, or a cut one, that would block the next try.
    public func write(to path: String) throws(KeyError) {
        var status = stat()
        if lstat(path, &status) == 0 {
            throw KeyError(path: path, "the file exists; choose a new path for the private key")
        }
        let temporary =
            parentFolder(path) + "/.\(lastPathPart(path)).scr-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw KeyError(path: path, "cannot create the file: \(BlockFile.reason(errno))")
        }
        defer { unlink(temporary) }
        fchmod(descriptor, 0o600)
        let bytes = Array(fileText.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = written == bytes.count && fsync(descriptor) == 0
        let code = errno
        Glibc.close(descriptor)
        guard synced else {
            throw KeyError(path: path, "cannot write the file: \(BlockFile.reason(written < 0 ? code : ENOSPC))")
        }
        if link(temporary, path) != 0 {
            let code = errno
            // A file system without hard links (FAT, some shares): renamed into place instead,
            // once nothing stands there.
            let noLinks = code == EPERM || code == ENOTSUP || code == EOPNOTSUPP
            guard noLinks, lstat(path, &status) != 0, rename(temporary, path) == 0 else {
                throw code == EEXIST || noLinks
                    ? KeyError(path: path, "the file exists; choose a new path for the private key")
                    : KeyError(path: path, "cannot create the file: \(BlockFile.reason(code))")
            }
        }
        BlockFile.syncFolder(of: path)
    }

    /// Reads a key file written by ``write(to:)``. A file that others can read is refused.
    public init(contentsOf path: String) throws(KeyError) {
        var status = stat()
        guard lstat(path, &status) == 0 else { throw KeyError(path: path, "no such key file") }
        guard status.st_mode & S_IFMT != S_IFLNK else {
            throw KeyError(path: path, "the key file is a symbolic link; name the key file itself")
        }
        guard status.st_mode & S_IFMT == S_IFREG, let data = FileManager.default.contents(atPath: path) else {
            throw KeyError(path: path, "not a key file (not a regular file scr can read)")
        }
        let mode = Int(status.st_mode & 0o777)
        if mode & 0o077 != 0 {
            throw KeyError(
                path: path,
                "the private key is open to others than its owner (mode \(String(mode, radix: 8))); run chmod 600 on it"
            )
        }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
        guard lines.count == 3, lines[0] == Self.header, lines[2] == Self.footer,
            let raw = Data(base64Encoded: lines[1]),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else { throw KeyError(path: path, "not an scr private key file") }
        privateKey = key
    }

    /// Signs `message`.
    public func sign(_ message: Data) throws -> Data { try privateKey.signature(for: message) }
}

/// An administrator's public key, as the store keeps it.
public struct AdministratorPublicKey: Sendable, Hashable {
    /// The raw 32 bytes.
    public let raw: Data

    public init(_ raw: Data) { self.raw = raw }

    /// `SHA256:` and the first 16 hex digits of the key's SHA-256: how people tell keys apart.
    public var fingerprint: String {
        "SHA256:" + Digest.sha256(raw).prefix(16)
    }

    /// True when `signature` is this key's signature of `message`.
    public func verifies(_ signature: Data, of message: Data) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}

/// A key file that cannot be written or read.
public struct KeyError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): error: \(message)" }
}
