import Foundation
import SCRTestSupport
import Testing

/// `scr generate`, run as a person or a script runs it.
@Suite struct GenerateCommandTests {
    let folder = TemporaryFolder()

    @Test func writesThePracticeAndSaysWhatItWrote() throws {
        let out = folder.path + "/practice"
        let run = try runSCR(["generate", "--clients", "120", "--seed", "5", "--out", out, "--country", "nz"])
        #expect(run.status == 0)
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("generated 120 clients (NZ, seed 5, default noise): "))
        #expect(run.stderr.hasSuffix(" in \(out)\n"))
        for name in ["hq.csv", "xpm.xml", "truth.csv"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name))
        }
        let check = try runSCR(["check", "--hq", out + "/hq.csv", "--xpm", out + "/xpm.xml"])
        #expect(check.status == 0)
        #expect(check.stderr == "")
    }

    @Test func aOneLetterRelativeFolderIsCreated() throws {
        // Foundation's deletingLastPathComponent crashes on "p" on Linux; the generator must not.
        let run = try runSCR(
            ["generate", "--clients", "10", "--seed", "1", "--out", "p"], currentDirectory: folder.path)
        #expect(run.status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.path + "/p/truth.csv"))
        let nested = try runSCR(
            ["generate", "--clients", "10", "--seed", "1", "--out", "q/r/"], currentDirectory: folder.path)
        #expect(nested.status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.path + "/q/r/hq.csv"))
    }

    @Test func badArgumentsSayWhatToDoAndExitTwo() throws {
        let zero = try runSCR(["generate", "--clients", "0", "--seed", "1", "--out", folder.path])
        #expect(zero.status == 2)
        #expect(zero.stderr.hasPrefix("Error: --clients must be 1 or more; pass the number of clients to generate.\n"))
        let country = try runSCR(["generate", "--clients", "5", "--seed", "1", "--out", folder.path, "--country", "FR"])
        #expect(country.status == 2)
        #expect(country.stderr.contains("'FR'"))
        let noise = try runSCR(["generate", "--clients", "5", "--seed", "1", "--out", folder.path, "--noise", "loud"])
        #expect(noise.status == 2)
        #expect(noise.stderr.contains("'loud'"))
    }

    @Test func aFolderThatCannotBeMadeIsOneLineAndExitOne() throws {
        let file = folder.write("taken", "not a folder")
        let run = try runSCR(["generate", "--clients", "5", "--seed", "1", "--out", file + "/practice"])
        #expect(run.status == 1)
        #expect(run.stderr == "\(file)/practice: error: cannot create the folder: '\(file)' is a file, not a folder\n")
    }
}
