import Foundation

/// Runs `body` for 0..<count on every core and returns the results in index order.
///
///     let sums = parallelMap(count: 4) { chunk in chunkRange(chunk, of: 4, total: n).reduce(0, +) }
func parallelMap<T>(count: Int, _ body: @Sendable (Int) -> T) -> [T] {
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
