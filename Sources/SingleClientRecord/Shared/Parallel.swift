import Foundation

/// Runs `body` for 0..<count on every core and returns the results in index order.
///
///     let sums = parallelMap(count: 4) { chunk in chunkRange(chunk, of: 4, total: n).reduce(0, +) }
package func parallelMap<T>(count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    if count == 1 { return [body(0)] }
    let results = UnsafeMutablePointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil, count: count)
    defer {
        results.deinitialize(count: count)
        results.deallocate()
    }
    nonisolated(unsafe) let slots = results
    DispatchQueue.concurrentPerform(iterations: count) { index in
        slots[index] = body(index)
    }
    return (0..<count).map { results[$0]! }
}

/// The indices chunk `chunk` of `chunks` covers when 0..<total is split evenly, in order.
func chunkRange(_ chunk: Int, of chunks: Int, total: Int) -> Range<Int> {
    (total * chunk / chunks)..<(total * (chunk + 1) / chunks)
}

/// An array of `count` elements made on every core, each element initialised in place (nothing
/// is copied after): for results too large to gather chunk by chunk.
func parallelArray<T>(count: Int, _ element: @Sendable (Int) -> T) -> [T] {
    let chunks = count < 2048 ? 1 : ProcessInfo.processInfo.activeProcessorCount * 4
    return [T](unsafeUninitializedCapacity: count) { buffer, initialised in
        nonisolated(unsafe) let base = buffer.baseAddress
        _ = parallelMap(count: chunks) { chunk in
            for index in chunkRange(chunk, of: chunks, total: count) { (base! + index).initialize(to: element(index)) }
        }
        initialised = count
    }
}

/// Renders items `0..<count` on every core, a batch at a time, and hands each range's result to
/// `emit` in order, on the calling thread: how the plan's clusters are reconciled and written
/// without holding them all. The next batch is rendered while the last one is handed over, so
/// the cores do not wait for `emit`.
///
/// - Complexity: O(n) work, at most two batches (`batch` items each) of output held at once.
func renderInOrder<T: Sendable>(
    count: Int, batch: Int = 16_384, _ render: @escaping @Sendable (Range<Int>) -> T, emit: (T) -> Void
) {
    let chunks = count < 2048 ? 1 : ProcessInfo.processInfo.activeProcessorCount * 2
    func start(_ base: Int) -> Background<[T]>? {
        guard base < count else { return nil }
        let end = min(count, base + batch)
        return Background {
            parallelMap(count: chunks) { chunk in
                let range = chunkRange(chunk, of: chunks, total: end - base)
                return render((base + range.lowerBound)..<(base + range.upperBound))
            }
        }
    }
    var next = start(0)
    var base = 0
    while let rendering = next {
        let parts = rendering.value
        base += batch
        next = start(base)
        for part in parts { emit(part) }
    }
}

/// Work started on another core now (or when ``start()`` is called) and waited for when its
/// result is needed: how commit checks what it read while it writes, and how the review board
/// builds its search index once it answers.
///
///     let digest = Background { SHA256.hash(data: bytes) }
///     ...  // other work, on this core
///     digest.value  // waits until the work is done
final class Background<T: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: T?
    /// The work until it starts (then let go, with what it holds).
    private var work: (@Sendable () -> T)?
    private let lock = NSLock()

    /// Starts `work` now, or with `deferred`, at ``start()`` or when ``value`` is first asked.
    init(deferred: Bool = false, _ work: @escaping @Sendable () -> T) {
        self.work = work
        if !deferred { start() }
    }

    /// Starts the work, once.
    func start() {
        let work = lock.withLock {
            defer { self.work = nil }
            return self.work
        }
        guard let work else { return }
        DispatchQueue.global().async {
            self.result = work()
            self.done.signal()
        }
    }

    /// The result, once the work is done (waiting for it until then).
    var value: T {
        start()
        done.wait()
        defer { done.signal() }
        return result!
    }
}
