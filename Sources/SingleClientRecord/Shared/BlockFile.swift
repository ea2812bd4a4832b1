import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file written the one way scr writes files: never through a symbolic link, to a temporary
/// file in the same folder (owner-only: files hold client data and keys), synced, then renamed
/// over the file, so that a failure or a kill at any moment leaves the old file exactly as it was.
/// A failure says the file and the reason in one line.
///
/// Bytes are written in large blocks, so that a plan's files are never whole in memory.
///
/// Bytes are gathered into aligned blocks, and each full block is written on a thread of its own
/// while the caller fills the next (at most ``blocksInFlight`` wait), so that rendering on every
/// core does not stop for the disk. On Linux the blocks go to the disk directly (`O_DIRECT`),
/// past the page cache: putting the gigabytes of a large plan through the cache cost more CPU than
/// rendering them on this kind of machine (a buffered 6 GB write took 7.7 s of system time, a
/// direct one 1.3 s), and a plan is read again only once it has been reviewed. Where the file
/// system refuses direct writes, the file is written through the cache as usual.
///
///     let file = try BlockFile(path: "plan/plan.json")
///     file.write(bytes)
///     try file.close()  // plan.json is the new file now; until then it was the old one
///
/// A file dropped without ``close()`` (an error on the way) is discarded: its temporary file is
/// removed and the old file stays.
package final class BlockFile: @unchecked Sendable {
    /// Bytes gathered before each write to the file.
    static let bufferSize = 4 << 20
    /// Full blocks handed to the writing thread and not yet written, at most.
    static let blocksInFlight = 3
    /// What direct writes align their memory, lengths and offsets to.
    static let alignment = 4096

    private let descriptor: Int32
    /// The file to replace, and the temporary file written until then.
    let path: String
    private let temporary: String
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
    /// The `errno` of the first write that failed, set on ``writer`` only: later writes are
    /// dropped and ``close()`` throws.
    private var writeFailed: Int32 = 0
    private var closed = false
    /// True once ``finish()`` has synced the temporary file, and once ``commit()`` has renamed it.
    private var finished = false
    private var committed = false

    /// Starts writing the file at `path`: refuses a path that is a symbolic link (dangling or
    /// not) or a folder, and creates a new temporary file beside it, mode 0600.
    package init(path: String) throws(FileError) {
        try Self.refuseLink(path)
        let folder = parentFolder(path)
        let name = lastPathPart(path)
        var descriptor: Int32 = -1
        var temporary = ""
        for attempt in 0..<100 {
            temporary = folder + "/.\(name).scr-\(getpid())-\(attempt).tmp"
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw FileError(path: path, "cannot create the file: \(Self.reason(errno))") }
        fchmod(descriptor, 0o600)
        // Direct writes where the file system takes them (turned on after the file exists: a
        // file system that refuses them refuses the flag, and the file is written through the cache).
        #if os(Linux)
            let flags = fcntl(descriptor, F_GETFL)
            if flags >= 0 { _ = fcntl(descriptor, F_SETFL, flags | Self.O_DIRECT) }
        #endif
        self.descriptor = descriptor
        self.path = path
        self.temporary = temporary
        block = Self.allocateBlock()
        for _ in 0..<Self.blocksInFlight { spare.append(Self.allocateBlock()) }
    }

    deinit {
        // Discarded without waiting on the writer: every block it was handed held this file, so
        // none is pending now (and this may run on the writer's own thread).
        if !closed {
            Glibc.close(descriptor)
            unlink(temporary)
        } else if finished && !committed {
            unlink(temporary)
        }
        for block in spare + [block] { free(block) }
    }

    package func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    package func write(_ source: UnsafeRawBufferPointer) {
        precondition(!closed, "a BlockFile is written to after it was closed")
        var offset = 0
        while offset < source.count {
            let count = min(Self.bufferSize - filled, source.count - offset)
            (block + filled).copyMemory(from: source.baseAddress! + offset, byteCount: count)
            filled += count
            offset += count
            if filled == Self.bufferSize { handOver() }
        }
    }

    /// Writes what is buffered and waits for every block, syncs the file to the disk and renames
    /// it over ``path``. On failure the temporary file is removed and the old file left as it was.
    package func close() throws(FileError) {
        try finish()
        try commit()
    }

    /// The temporary file, which ``commit()`` renames to ``path`` (a rename keeps its inode, size
    /// and modification time).
    package var temporaryPath: String { temporary }

    /// Puts the finished file in place of ``path`` (see ``finish()``): several files finished
    /// first are replaced together, one rename each.
    package func commit() throws(FileError) {
        guard finished && !committed else { return }
        committed = true
        do throws(FileError) {
            try Self.refuseLink(path)  // a link made while the file was written
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let failure = errno
            unlink(temporary)
            throw FileError(path: path, "cannot write the file: \(Self.reason(failure))")
        }
        Self.syncFolder(of: path)
    }

    /// Writes what is buffered, waits for every block and syncs the temporary file to the disk,
    /// without putting it in place yet. On failure the temporary file is removed.
    package func finish() throws(FileError) {
        guard !closed else { return }
        closed = true
        if filled > 0 { handOver() }
        // A direct write's last block is padded to the alignment: the file is cut back to its length.
        var failure = writer.sync { () -> Int32 in
            if writeFailed != 0 { return writeFailed }
            return ftruncate(descriptor, off_t(length)) == 0 && fsync(descriptor) == 0 ? 0 : errno
        }
        if Glibc.close(descriptor) != 0 && failure == 0 && errno != EINTR { failure = errno }
        guard failure == 0 else {
            unlink(temporary)
            throw FileError(path: path, "cannot write the file: \(Self.reason(failure))")
        }
        finished = true
    }

    /// Stops writing and removes the temporary file: the old file stays as it was.
    package func discard() {
        guard !closed else { return }
        closed = true
        writer.sync {}
        Glibc.close(descriptor)
        unlink(temporary)
    }

    /// Writes `bytes` as the whole file at `path`, the one way (see ``BlockFile``).
    package static func write(_ bytes: [UInt8], to path: String) throws(FileError) {
        let file = try BlockFile(path: path)
        file.write(bytes)
        try file.close()
    }

    /// Throws when `path` is a symbolic link or a folder: scr never writes through a link.
    static func refuseLink(_ path: String) throws(FileError) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        if status.st_mode & S_IFMT == S_IFLNK {
            throw FileError(
                path: path,
                "the file is a symbolic link; scr never writes through one: remove it or choose another path")
        }
        if status.st_mode & S_IFMT == S_IFDIR {
            throw FileError(path: path, "a folder stands where the file goes; choose another path")
        }
    }

    /// Syncs the folder that holds `path`, so that a rename survives a crash.
    static func syncFolder(of path: String) {
        let descriptor = open(parentFolder(path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        Glibc.close(descriptor)
    }

    /// The system's words for an `errno`, lower-cased as diagnostics are ("no space left on device").
    static func reason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
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
            guard writeFailed == 0 else { return }
            if !put(full, padded) { writeFailed = errno == 0 ? EIO : errno }
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
