import Foundation

/// Wall-clock laps: how long each stage of a run took.
///
///     var clock = Clock()
///     read()
///     let seconds = clock.lap()  // since the clock started
struct Clock {
    private var start = Date()

    /// Seconds since the clock started or since the last lap.
    mutating func lap() -> Double {
        let now = Date()
        defer { start = now }
        return now.timeIntervalSince(start)
    }
}
