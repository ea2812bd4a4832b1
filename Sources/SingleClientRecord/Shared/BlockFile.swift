import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file written in large blocks, so that a plan's files are never whole in memory. Created
/// readable by its owner only: the plan folder holds client data.
///
/// Bytes are gathered into aligned blocks, and each full block is written on a thread of its own
/// while the caller fills the next (at most ``blocksInFlight`` wait), so that rendering on every
/// core does not stop for the disk. On Linux the blocks go to the disk directly (`O_DIRECT`),
/// past the page cache: putting the gigabytes of a large plan through the cache cost more CPU than
/// rendering them on this kind of machine (a buffered 6 GB write took 7.7 s of system time, a
/// direct one 1.3 s), and a plan is read again only once it has been reviewed. Where the file
/// system refuses direct writes, the file is written through the cache as usual.
///
///     guard let file = BlockFile(path: "plan/plan.json") else { ... }
///     file.write(bytes)
///     try file.close()
final class BlockFile: @unchecked Sendable {
    /// Bytes gathered before each write to the file.
    static let bufferSize = 4 << 20
    /// Full blocks handed to the writing thread and not yet written, at most.
    static let blocksInFlight = 3
    /// What direct writes align their memory, lengths and offsets to.
    static let alignment = 4096

    private let descriptor: Int32
    /// The block being filled, and how many bytes it holds.
    private var block: UnsafeMutableRawPointer
    private var filled = 0
    /// Bytes handed over so far: the file's length once every block is written.
    private var length = 0
    /// Blocks written and free to fill again; guarded by ``lock``.
    private var spare: [UnsafeMutableRawPointer] = []
    private let lock = NSLock()
    private let spareBlocks = DispatchSemaphore(value: blocksInFlight)
    /// Writes the blocks in order, one at a time.
    private let writer = DispatchQueue(label: "scr.BlockFile")
    /// True once a write failed, set on ``writer`` only: later writes are dropped and ``close()``
    /// throws.
    private var writeFailed = false
    private var closed = false

    /// Creates (or truncates) the file with mode 0600.
    public init?(path: String) {
        var descriptor: Int32 = -1
        #if os(Linux)
            descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | Self.O_DIRECT, 0o600)
        #endif
        if descriptor < 0 { descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600) }
        guard descriptor >= 0 else { return nil }
        fchmod(descriptor, 0o600)
        self.descriptor = descriptor
        block = Self.allocateBlock()
        for _ in 0..<Self.blocksInFlight { spare.append(Self.allocateBlock()) }
    }

    deinit {
        if !closed { try? close() }
        for block in spare + [block] { free(block) }
    }

    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { source in
            var offset = 0
            while offset < source.count {
                let count = min(Self.bufferSize - filled, source.count - offset)
                (block + filled).copyMemory(from: source.baseAddress! + offset, byteCount: count)
                filled += count
                offset += count
                if filled == Self.bufferSize { handOver() }
            }
        }
    }

    /// Writes what is buffered and waits for every block, then closes the file.
    public func close() throws {
        guard !closed else { return }
        closed = true
        if filled > 0 { handOver() }
        struct WriteFailed: Error {}
        // A direct write's last block is padded to the alignment: the file is cut back to its length.
        let cut = writer.sync { writeFailed || ftruncate(descriptor, off_t(length)) != 0 }
        if Glibc.close(descriptor) != 0 || cut { throw WriteFailed() }
    }

    /// Hands the filled block to the writing thread (its length padded with zeros to the
    /// alignment) and takes a spare one, waiting while every spare block is being written.
    private func handOver() {
        nonisolated(unsafe) let full = block
        let count = filled
        length += count
        let padded = (count + Self.alignment - 1) / Self.alignment * Self.alignment
        (full + count).initializeMemory(as: UInt8.self, repeating: 0, count: padded - count)
        spareBlocks.wait()
        block = lock.withLock { spare.removeLast() }
        filled = 0
        writer.async { [self] in
            defer {
                lock.withLock { spare.append(full) }
                spareBlocks.signal()
            }
            guard !writeFailed else { return }
            writeFailed = !put(full, padded)
        }
    }

    /// Writes a block whole; a file system that refuses the direct write gets it through the cache.
    private func put(_ bytes: UnsafeMutableRawPointer, _ count: Int) -> Bool {
        var done = 0
        while done < count {
            let result = Glibc.write(descriptor, bytes + done, count - done)
            if result > 0 {
                done += result
            } else if result < 0 && errno == EINTR {
                continue
            } else if result < 0 && errno == EINVAL && Self.dropDirect(descriptor) {
                continue
            } else {
                return false
            }
        }
        return true
    }

    /// Turns direct writes off; false when they were not on.
    private static func dropDirect(_ descriptor: Int32) -> Bool {
        #if os(Linux)
            let flags = fcntl(descriptor, F_GETFL)
            if flags >= 0 && flags & O_DIRECT != 0 { return fcntl(descriptor, F_SETFL, flags & ~O_DIRECT) == 0 }
        #endif
        return false
    }

    #if os(Linux)
        /// `O_DIRECT`, which Glibc's module leaves out (it needs `_GNU_SOURCE`).
        #if arch(x86_64) || arch(i386)
            static let O_DIRECT: Int32 = 0o40000
        #else
            static let O_DIRECT: Int32 = 0o200000
        #endif
    #endif

    private static func allocateBlock() -> UnsafeMutableRawPointer {
        var pointer: UnsafeMutableRawPointer?
        guard posix_memalign(&pointer, alignment, bufferSize) == 0, let pointer else {
            fatalError("out of memory for a \(bufferSize)-byte block")
        }
        return pointer
    }
}
