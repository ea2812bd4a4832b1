import Foundation

/// What a run of the built `scr` printed and how it exited.
public struct SCRRun: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs the built `scr` binary (the one `swift build` put beside the test bundle).
///
///     let run = try runSCR(["check", "--hq", path])
///     #expect(run.status == 0)
///
/// With `timeout`, a run still going after that many seconds is killed and reported with status -1.
public func runSCR(_ arguments: [String], currentDirectory: String? = nil, timeout: Double? = nil) throws -> SCRRun {
    try runProgram(scrExecutable, arguments, currentDirectory: currentDirectory, timeout: timeout)
}

/// Starts the built `scr` with `arguments`, its output discarded, and kills it with SIGKILL
/// after `seconds` (it may have finished by then); returns once it has ended.
public func runSCRKilled(_ arguments: [String], after seconds: Double) throws {
    let process = Process()
    process.executableURL = scrExecutable
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    usleep(UInt32(max(0, seconds) * 1_000_000))
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
}

/// Runs any program as ``runSCR(_:currentDirectory:timeout:)`` runs `scr`.
public func runProgram(
    _ executable: URL, _ arguments: [String], currentDirectory: String? = nil, timeout: Double? = nil,
    environment: [String: String]? = nil
) throws -> SCRRun {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    if let timeout {
        nonisolated(unsafe) let running = process
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
            if running.isRunning { running.terminate() }
        }
    }
    // Read both pipes while the process runs, so a large output cannot fill a pipe and block it.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    let killed = process.terminationReason == .uncaughtSignal
    return SCRRun(
        status: killed ? -1 : process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// The `scr` executable in the build folder the tests run from.
public let scrExecutable: URL = {
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    // XCTest runs `…/debug/scrPackageTests.xctest`; Swift Testing may run from inside it.
    for _ in 0..<4 {
        let candidate = folder.appendingPathComponent("scr")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        folder.deleteLastPathComponent()
    }
    return Fixtures.root.deletingLastPathComponent().appendingPathComponent(".build/debug/scr")
}()
