import Foundation

/// Progress on a terminal: the current stage on one line of standard error, rewritten in place,
/// with the seconds since the run began. Nothing at all when standard error is not a terminal, so
/// scripts and logs stay clean.
///
///     let progress = TerminalProgress.onStandardError()
///     progress?.show("matching 203385 records")
///     progress?.finish()
final class TerminalProgress {
    private let start = Date()
    private var shown = false

    /// A progress line, or nil when standard error is not a terminal.
    static func onStandardError() -> TerminalProgress? {
        isatty(STDERR_FILENO) == 1 ? TerminalProgress() : nil
    }

    func show(_ stage: String) {
        let seconds = String(format: "%.1f", Date().timeIntervalSince(start))
        printError("\r\u{1B}[K\(stage)… (\(seconds) s)")
        shown = true
    }

    /// Clears the line, so that the summary starts on a clean one.
    func finish() {
        if shown { printError("\r\u{1B}[K") }
        shown = false
    }
}
