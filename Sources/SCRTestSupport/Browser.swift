import Foundation

/// Headless Chromium (Debian's `chromium-headless-shell`, which `Scripts/setup` installs), for
/// testing `report.html` in a real browser.
public enum Browser {
    /// The browser's path, or nil when none is installed.
    public static let executable: String? = [
        "/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
    ].first { FileManager.default.isExecutableFile(atPath: $0) }

    public enum Failure: Error, CustomStringConvertible {
        case notInstalled
        case failed(String)

        public var description: String {
            switch self {
            case .notInstalled: "no headless Chromium: run Scripts/setup (it installs chromium-headless-shell)"
            case .failed(let message): "the browser failed: \(message)"
            }
        }
    }

    /// The page's DOM after its scripts ran, serialised as HTML; with `settle`, after that many
    /// milliseconds of the page's own time too (a page that fetches what it shows, as the review
    /// board does).
    public static func dumpDOM(_ url: String, settle milliseconds: Int? = nil) throws -> String {
        try run((milliseconds.map { ["--virtual-time-budget=\($0)"] } ?? []) + ["--dump-dom", url]).stdout
    }

    /// Takes a screenshot of the page (PNG) at the given window size.
    public static func screenshot(_ url: String, to path: String, width: Int = 1280, height: Int = 2000) throws {
        _ = try run(["--screenshot=\(path)", "--window-size=\(width),\(height)", "--hide-scrollbars", url])
    }

    static func run(_ arguments: [String]) throws -> (stdout: String, stderr: String) {
        guard let executable else { throw Failure.notInstalled }
        // No sandbox: CI runs as root. No network is needed: the report loads nothing.
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("scr-browser-\(UUID().uuidString)")
        let run = try runProgram(
            URL(fileURLWithPath: executable),
            ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions"] + arguments,
            environment: ["HOME": home.path, "PATH": "/usr/bin:/bin"])
        try? FileManager.default.removeItem(at: home)
        guard run.status == 0 else { throw Failure.failed(String(run.stderr.suffix(2000))) }
        return (run.stdout, run.stderr)
    }
}
