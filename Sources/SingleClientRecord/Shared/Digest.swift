import Crypto
import Foundation

/// Lower-case hexadecimal digits of bytes: how digests are written in plans, cluster and client
/// ids, confirmations and key fingerprints.
///
///     hex(SHA256.hash(data: Data("abc".utf8)))  // "ba7816bf8f01cfea…"
///
/// - Complexity: O(n) in the bytes.
func hex<D: Sequence<UInt8>>(_ bytes: D) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.underestimatedCount * 2)
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
}

/// SHA-256 digests of bytes and files, as hex.
public enum Digest {
    /// The SHA-256 of `bytes`, hex.
    public static func sha256<D: DataProtocol>(_ bytes: D) -> String { hex(SHA256.hash(data: bytes)) }

    /// The SHA-256 of a file's bytes, read in 1 MiB blocks, hex.
    ///
    /// - Complexity: O(n) in the file's bytes, in constant memory.
    public static func sha256(ofFile path: String) throws(FileError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileError(
                path: path,
                FileManager.default.fileExists(atPath: path)
                    ? "cannot open the file to hash it" : "no such file: the input is missing")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty { hasher.update(data: block) }
        } catch {
            throw FileError(path: path, "cannot read the file to hash it")
        }
        return hex(hasher.finalize())
    }
}

/// A file that cannot be read or written, named with the reason: `plan/plan.json: error: …`.
public struct FileError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): error: \(message)" }
}
