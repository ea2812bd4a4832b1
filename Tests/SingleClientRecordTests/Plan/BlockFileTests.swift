import Foundation
import SCRTestSupport
import Testing

@testable import SingleClientRecord

/// Large files written in blocks on a thread of their own, past the page cache: every byte lands
/// in order and the file is cut back to its length.
@Suite struct BlockFileTests {
    let folder = TemporaryFolder()

    /// Writes `pieces` (each a count of seeded bytes) and gives the bytes written.
    private func write(_ pieces: [Int], to path: String, seed: UInt64) throws -> [UInt8] {
        var random = SeededRandom(seed: seed)
        var expected: [UInt8] = []
        let file = try BlockFile(path: path)
        for count in pieces {
            let piece = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            file.write(piece)
            expected += piece
        }
        try file.close()
        return expected
    }

    @Test func everyByteLandsInOrderWhateverTheSizesOfTheWrites() throws {
        let block = BlockFile.bufferSize
        let cases: [[Int]] = [
            [], [0], [1], [4095], [4096], [4097], [block - 1, 2], [block], [block + 1],
            [block * 2 + block / 2],  // one write larger than a block
            [3, block - 3, 4096, 1, block * 3, 17],
            Array(repeating: 123_457, count: 200),  // many blocks in flight
        ]
        for (index, pieces) in cases.enumerated() {
            let path = folder.path + "/file-\(index)"
            let expected = try write(pieces, to: path, seed: UInt64(index))
            let written = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(written.count == expected.count, "\(pieces.prefix(3))")
            #expect(Array(written) == expected, "\(pieces.prefix(3))")
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test func aFileSystemWithoutDirectWritesGetsTheFileThroughTheCache() throws {
        // tmpfs refuses O_DIRECT on older kernels; either way the bytes must be the same.
        guard FileManager.default.fileExists(atPath: "/dev/shm") else { return }
        let path = "/dev/shm/scr-block-file-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let expected = try write([10, BlockFile.bufferSize + 5, 4096], to: path, seed: 9)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == expected)
    }
}
