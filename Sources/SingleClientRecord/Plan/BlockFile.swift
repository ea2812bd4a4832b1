import Foundation

/// A file written in large blocks, so that a plan's files are never whole in memory. Created
/// readable by its owner only: the plan folder holds client data.
///
/// Full blocks are written on a thread of their own while the caller goes on filling the next one
/// (at most ``blocksInFlight`` wait), so that rendering on every core does not stop for the disk.
///
///     guard let file = BlockFile(path: "plan/plan.json") else { ... }
///     file.write(bytes)
///     try file.close()
public final class BlockFile: @unchecked Sendable {
    /// Bytes gathered before each write to the file.
    public static let bufferSize = 4 << 20
    /// Full blocks handed to the writing thread and not yet written, at most.
    static let blocksInFlight = 4
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// Writes the blocks in order, one at a time.
    private let writer = DispatchQueue(label: "scr.BlockFile")
    private let slots = DispatchSemaphore(value: blocksInFlight)
    /// True once a write failed, set on ``writer`` only; later writes are dropped.
    private var writeFailed = false

    /// True once a write failed (waiting for the blocks handed over); ``close()`` then throws.
    public var failed: Bool { writer.sync { writeFailed } }

    /// Creates (or truncates) the file with mode 0600.
    public init?(path: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { return nil }
        fchmod(descriptor, 0o600)
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        buffer.reserveCapacity(Self.bufferSize)
    }

    public func write(_ bytes: [UInt8]) {
        if buffer.count + bytes.count > Self.bufferSize { flush() }
        if bytes.count >= Self.bufferSize {
            hand(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Writes what is buffered and waits for every block, then closes the file.
    public func close() throws {
        flush()
        struct WriteFailed: Error {}
        if failed { throw WriteFailed() }
        try handle.close()
    }

    private func flush() {
        guard !buffer.isEmpty else { return }
        hand(buffer)
        buffer = []
        buffer.reserveCapacity(Self.bufferSize)
    }

    /// Hands a block to the writing thread, waiting while ``blocksInFlight`` are already there.
    private func hand(_ bytes: [UInt8]) {
        slots.wait()
        writer.async { [self] in
            defer { slots.signal() }
            guard !writeFailed else { return }
            do { try handle.write(contentsOf: bytes) } catch { writeFailed = true }
        }
    }
}
