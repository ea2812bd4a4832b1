import Foundation

/// A file written in large blocks, so that a plan's files are never whole in memory. Created
/// readable by its owner only: the plan folder holds client data.
///
///     guard let file = BlockFile(path: "plan/plan.json") else { ... }
///     file.write(bytes)
///     try file.close()
public final class BlockFile: @unchecked Sendable {
    /// Bytes gathered before each write to the file.
    public static let bufferSize = 4 << 20
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// True once a write failed; later writes are dropped and ``close()`` throws.
    public private(set) var failed = false

    /// Creates (or truncates) the file with mode 0600.
    public init?(path: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { return nil }
        fchmod(descriptor, 0o600)
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        buffer.reserveCapacity(Self.bufferSize)
    }

    public func write(_ bytes: [UInt8]) {
        guard !failed else { return }
        if buffer.count + bytes.count > Self.bufferSize { flush() }
        if bytes.count >= Self.bufferSize {
            put(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Writes what is buffered, then closes the file.
    public func close() throws {
        flush()
        struct WriteFailed: Error {}
        if failed { throw WriteFailed() }
        try handle.close()
    }

    private func flush() {
        put(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func put(_ bytes: [UInt8]) {
        guard !failed, !bytes.isEmpty else { return }
        do { try handle.write(contentsOf: bytes) } catch { failed = true }
    }
}
