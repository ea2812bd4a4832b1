import Crypto
import Foundation

/// The text encodings the readers accept.
public enum TextEncoding: String, Sendable, Codable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8 with BOM"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    case windows1252 = "Windows-1252"
}

/// A whole input file as UTF-8 bytes, whatever encoding it was written in.
///
/// UTF-8 files (with or without a byte-order mark) are memory-mapped and used in place; UTF-16
/// files with a byte-order mark and Windows-1252 files (anything that is not valid UTF-8) are
/// transcoded once, so that every reader works over UTF-8 bytes with the same line numbers.
///
///     let text = try TextBuffer(contentsOf: "hq.csv")
///     text.withBytes { bytes in ... }
///
/// - Complexity: O(n) in the file's size; UTF-8 input is validated 8 bytes at a time.
final class TextBuffer: @unchecked Sendable {
    public let path: String
    public let encoding: TextEncoding
    /// The byte count of the file on disk.
    let fileSize: Int
    /// The SHA-256 of the file's bytes as read (hex); nil for text made in memory.
    public private(set) var sha256: String?
    private let storage: Data
    private let start: Int

    /// Problems the decoding worked around (invalid bytes, odd lengths); the text is still read.
    public private(set) var warnings: [Diagnostic] = []
    /// True when the file ended its lines with CR alone (old Mac style) and they were read as LF.
    public private(set) var crLineEndings = false

    /// Loads and decodes `path`. Throws a ``ReadError`` for a missing file, a folder or binary data.
    public init(contentsOf path: String) throws(ReadError) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReadError(file: path, "no such file")
        }
        if isDirectory.boolValue {
            throw ReadError(file: path, "is a folder, not a file")
        }
        let data = try Self.load(path)
        fileSize = data.count
        sha256 = Digest.sha256(data)
        let (encoding, bomLength) = Self.sniffEncoding(data)
        var warnings: [Diagnostic] = []
        var decoded: Data
        var start = 0
        switch encoding {
        case .utf16LE, .utf16BE:
            if data.count >= 4 && data[data.startIndex + 2] == 0 && data[data.startIndex + 3] == 0
                && encoding == .utf16LE
            {
                throw ReadError(file: path, "a UTF-32 file; save it as UTF-8 (or UTF-16) and try again")
            }
            let payload = data.dropFirst(bomLength)
            if payload.count % 2 == 1 {
                warnings.append(
                    .warning(
                        SourceLocation(file: path, line: 1, column: 1),
                        "the UTF-16 file has an odd number of bytes; the last byte was ignored"))
            }
            let (text, repaired) = Self.transcodeUTF16(payload, bigEndian: encoding == .utf16BE)
            decoded = text
            if repaired > 0 {
                warnings.append(
                    .warning(
                        SourceLocation(file: path, line: 1, column: 1),
                        "\(repaired) unpaired UTF-16 surrogate\(repaired == 1 ? "" : "s") read as U+FFFD"))
            }
            self.encoding = encoding
        default:
            let payload = data.dropFirst(bomLength)
            let check = payload.withUnsafeBytes { Self.checkUTF8($0) }
            if check.firstInvalid == nil {
                decoded = data
                start = bomLength
                self.encoding = encoding
            } else if check.multiByteSequences >= check.invalidBytes || encoding == .utf8BOM {
                // UTF-8 with a few stray bytes (no more of them than valid UTF-8 sequences, wherever
                // they stand): keep the UTF-8, read each stray as Windows-1252, and say where.
                decoded = payload.withUnsafeBytes { Self.repairUTF8($0) }
                self.encoding = encoding
                let locations = payload.withUnsafeBytes { raw in
                    Self.locations(ofOffsets: check.invalidOffsets, in: raw.bindMemory(to: UInt8.self), path: path)
                }
                for location in locations {
                    warnings.append(
                        .warning(location, "a byte that is not UTF-8 in a UTF-8 file; read as Windows-1252"))
                }
                if check.invalidBytes > locations.count {
                    warnings.append(
                        .warning(
                            SourceLocation(file: path, line: 1, column: 1),
                            "\(check.invalidBytes - locations.count) more bytes that are not UTF-8, each read as Windows-1252"
                        ))
                }
            } else {
                decoded = Self.transcodeWindows1252(payload)
                self.encoding = .windows1252
                if let first = check.firstMultiByte {
                    let location = payload.withUnsafeBytes { raw in
                        Self.location(ofOffset: first, in: raw.bindMemory(to: UInt8.self), path: path)
                    }
                    warnings.append(
                        .warning(
                            location,
                            "read as Windows-1252 (\(check.invalidBytes) bytes are not UTF-8), though \(check.multiByteSequences) UTF-8 sequence(s) like this one are read as two or more characters each"
                        ))
                }
            }
        }
        if let offset = decoded.withUnsafeBytes({ Self.firstNUL(in: UnsafeRawBufferPointer(rebasing: $0[start...])) }) {
            let location = decoded.withUnsafeBytes { raw in
                Self.location(
                    ofOffset: offset, in: UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[start...]),
                    path: path)
            }
            throw ReadError(location, "binary data (a NUL character), not a CSV or XML file")
        }
        // Old Mac files end lines with CR alone: read them as LF.
        let hasLF = decoded.withUnsafeBytes { raw in memchr(raw.baseAddress! + start, 0x0A, raw.count - start) != nil }
        if !hasLF && decoded.dropFirst(start).contains(0x0D) {
            decoded = Data(decoded.dropFirst(start).map { $0 == 0x0D ? 0x0A : $0 })
            start = 0
            crLineEndings = true
        }
        storage = decoded
        self.start = start
        self.warnings = warnings
    }

    /// Memory-maps a regular file; reads anything else (a pipe, a device) in full.
    private static func load(_ path: String) throws(ReadError) -> Data {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let regular = (attributes?[.type] as? FileAttributeType) == .typeRegular
        do {
            if regular { return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) }
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw ReadError(file: path, "cannot be opened for reading")
            }
            defer { try? handle.close() }
            return try handle.readToEnd() ?? Data()
        } catch let error as ReadError {
            throw error
        } catch {
            throw ReadError(file: path, "cannot be read: \(Self.reason(error))")
        }
    }

    /// Wraps UTF-8 text already in memory (tests, generated data).
    public init(path: String, utf8 text: String) {
        self.path = path
        self.encoding = .utf8
        self.storage = Data(text.utf8)
        self.fileSize = storage.count
        self.start = 0
    }

    /// The decoded UTF-8 bytes, without any byte-order mark.
    func withBytes<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        let result: Result<R, E> = storage.withUnsafeBytes { raw in
            let all = raw.bindMemory(to: UInt8.self)
            do throws(E) {
                return .success(try body(UnsafeBufferPointer(rebasing: all[start...])))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The text of a byte range, ending on a character boundary, at most `limit` bytes.
    func rawText(_ range: Range<Int>, limit: Int = .max) -> String {
        withBytes { bytes in
            var end = min(range.upperBound, bytes.count)
            let start = min(range.lowerBound, end)
            if end - start > limit {
                end = start + limit
                while end > start && bytes[end] & 0xC0 == 0x80 { end -= 1 }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }

    /// The number of decoded UTF-8 bytes.
    public var count: Int { storage.count - start }

    /// The 1-based line and character column of a byte offset into the decoded bytes.
    public func location(ofOffset offset: Int) -> SourceLocation {
        withBytes { bytes in Self.location(ofOffset: offset, in: bytes, path: path) }
    }

    static func location(
        ofOffset offset: Int, in bytes: UnsafeBufferPointer<UInt8>, path: String
    )
        -> SourceLocation
    {
        let end = min(offset, bytes.count)
        var line = 1
        var lineStart = 0
        for i in 0..<end where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return SourceLocation(file: path, line: line, column: characterColumn(bytes, lineStart, end))
    }

    /// 1-based column of `offset` counted in Unicode scalars from `lineStart`.
    static func characterColumn(_ bytes: UnsafeBufferPointer<UInt8>, _ lineStart: Int, _ offset: Int) -> Int {
        var column = 1
        var i = lineStart
        while i < offset && i < bytes.count {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return column
    }

    private static func location(
        ofByte offset: Int, in data: Data, bomLength: Int, path: String
    )
        -> SourceLocation
    {
        data.withUnsafeBytes { raw in
            let all = raw.bindMemory(to: UInt8.self)
            return location(ofOffset: offset, in: UnsafeBufferPointer(rebasing: all[bomLength...]), path: path)
        }
    }

    private static func reason(_ error: Error) -> String {
        let text = (error as NSError).localizedDescription
        return text.isEmpty ? "\(error)" : text.prefix(1).lowercased() + text.dropFirst()
    }

    // MARK: Sniffing

    static func sniffEncoding(_ data: Data) -> (TextEncoding, Int) {
        let head = [UInt8](data.prefix(4))
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8BOM, 3) }
        if head.starts(with: [0xFF, 0xFE]) { return (.utf16LE, 2) }
        if head.starts(with: [0xFE, 0xFF]) { return (.utf16BE, 2) }
        return (.utf8, 0)
    }

    static func firstNUL(in raw: UnsafeRawBufferPointer) -> Int? {
        guard let base = raw.baseAddress, raw.count > 0 else { return nil }
        guard let hit = memchr(base, 0, raw.count) else { return nil }
        return UnsafeRawPointer(hit) - base
    }

    /// Strict UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF), with an
    /// ASCII fast path over 8-byte words.
    static func isValidUTF8(_ raw: UnsafeRawBufferPointer) -> Bool { checkUTF8(raw).firstInvalid == nil }

    /// The bytes that are not UTF-8 (how many, and where the first `keep` of them are) and how many
    /// valid multi-byte sequences the whole text holds: a text with more strays than sequences is
    /// taken for Windows-1252.
    ///
    /// - Complexity: O(n), one pass, whatever the strays.
    static func checkUTF8(
        _ raw: UnsafeRawBufferPointer, keep: Int = 100
    ) -> (
        firstInvalid: Int?, multiByteSequences: Int, invalidBytes: Int, invalidOffsets: [Int], firstMultiByte: Int?
    ) {
        let count = raw.count
        var i = 0
        var multiByte = 0
        var invalid = 0
        var offsets: [Int] = []
        var firstMultiByte: Int?
        while i < count {
            if i + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
            }
            if raw[i] < 0x80 {
                i += 1
                continue
            }
            let length = sequenceLength(raw, at: i)
            if length == 0 {
                if offsets.count < keep { offsets.append(i) }
                invalid += 1
                i += 1
                continue
            }
            if multiByte == 0 { firstMultiByte = i }
            multiByte += 1
            i += length
        }
        return (offsets.first, multiByte, invalid, offsets, firstMultiByte)
    }

    /// The locations of ascending byte offsets, in one pass over the text.
    static func locations(
        ofOffsets offsets: [Int], in bytes: UnsafeBufferPointer<UInt8>, path: String
    )
        -> [SourceLocation]
    {
        var cursor = CSVDocument.RowCursor(offset: 0, line: 1)
        return offsets.map { offset in
            cursor.advance(to: min(offset, bytes.count), in: bytes)
            return SourceLocation(file: path, line: cursor.line, column: cursor.column)
        }
    }

    /// The length of the valid UTF-8 sequence starting at `i` (a non-ASCII lead byte), or 0.
    private static func sequenceLength(_ raw: UnsafeRawBufferPointer, at i: Int) -> Int {
        let b0 = raw[i]
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: return 0
        }
        guard i + length <= raw.count else { return 0 }
        let b1 = raw[i + 1]
        guard b1 >= lower && b1 <= upper else { return 0 }
        for k in 2..<length where raw[i + k] & 0xC0 != 0x80 { return 0 }
        return length
    }

    /// UTF-8 kept as it is, every byte that does not fit read as Windows-1252.
    static func repairUTF8(_ raw: UnsafeRawBufferPointer) -> Data {
        var out = [UInt8]()
        out.reserveCapacity(raw.count + 64)
        var i = 0
        while i < raw.count {
            let byte = raw[i]
            if byte < 0x80 {
                out.append(byte)
                i += 1
                continue
            }
            let length = sequenceLength(raw, at: i)
            if length > 0 {
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[i..<i + length]))
                i += length
            } else {
                appendUTF8(windows1252Scalar(byte), to: &out)
                i += 1
            }
        }
        return Data(out)
    }

    // MARK: Transcoding

    /// UTF-16 to UTF-8; returns how many unpaired surrogates became U+FFFD.
    static func transcodeUTF16(_ data: Data, bigEndian: Bool) -> (Data, repaired: Int) {
        let unitCount = data.count / 2
        var units = [UInt16](repeating: 0, count: unitCount)
        data.withUnsafeBytes { raw in
            for i in 0..<unitCount {
                let a = UInt16(raw[2 * i]), b = UInt16(raw[2 * i + 1])
                units[i] = bigEndian ? (a << 8 | b) : (b << 8 | a)
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(unitCount + unitCount / 4)
        var repaired = 0
        var iterator = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): appendUTF8(scalar.value, to: &out)
            case .emptyInput: break loop
            case .error:
                repaired += 1
                appendUTF8(0xFFFD, to: &out)
            }
        }
        return (Data(out), repaired)
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        if scalar < 0x80 {
            out.append(UInt8(scalar))
        } else if scalar < 0x800 {
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        } else if scalar < 0x10000 {
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (scalar >> 18)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    static func windows1252Scalar(_ byte: UInt8) -> UInt32 {
        byte < 0x80 ? UInt32(byte) : (byte < 0xA0 ? windows1252High[Int(byte - 0x80)] : UInt32(byte))
    }

    /// Windows-1252 as the WHATWG encoding standard defines it (0x80-0x9F are typographic
    /// characters; the five unassigned bytes map to the C1 controls of the same number).
    static func transcodeWindows1252(_ data: Data) -> Data {
        var out = [UInt8]()
        out.reserveCapacity(data.count + data.count / 8)
        for byte in data { appendUTF8(windows1252Scalar(byte), to: &out) }
        return Data(out)
    }

    private static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
