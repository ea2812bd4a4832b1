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
public final class TextBuffer: @unchecked Sendable {
    public let path: String
    public let encoding: TextEncoding
    /// The byte count of the file on disk.
    public let fileSize: Int
    private let storage: Data
    private let start: Int

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
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw ReadError(file: path, "cannot be read: \(Self.reason(error))")
        }
        fileSize = data.count
        let (encoding, bomLength) = Self.sniffEncoding(data)
        switch encoding {
        case .utf16LE, .utf16BE:
            storage = Self.transcodeUTF16(data.dropFirst(bomLength), bigEndian: encoding == .utf16BE)
            start = 0
            self.encoding = encoding
        default:
            let payload = data.dropFirst(bomLength)
            if let offset = payload.withUnsafeBytes({ Self.firstNUL(in: $0) }) {
                let location = Self.location(ofByte: offset, in: data, bomLength: bomLength, path: path)
                throw ReadError(location, "binary data (a NUL byte), not a CSV or XML file")
            }
            if payload.withUnsafeBytes({ Self.isValidUTF8($0) }) {
                storage = data
                start = bomLength
                self.encoding = encoding
            } else {
                storage = Self.transcodeWindows1252(payload)
                start = 0
                self.encoding = .windows1252
            }
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
    public func withBytes<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
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
    static func isValidUTF8(_ raw: UnsafeRawBufferPointer) -> Bool {
        let count = raw.count
        var i = 0
        while i < count {
            if i + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
            }
            let b0 = raw[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
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
            default: return false
            }
            guard i + length <= count else { return false }
            let b1 = raw[i + 1]
            guard b1 >= lower && b1 <= upper else { return false }
            for k in 2..<length where raw[i + k] & 0xC0 != 0x80 { return false }
            i += length
        }
        return true
    }

    // MARK: Transcoding

    static func transcodeUTF16(_ data: Data, bigEndian: Bool) -> Data {
        let unitCount = data.count / 2
        var units = [UInt16](repeating: 0, count: unitCount)
        data.withUnsafeBytes { raw in
            for i in 0..<unitCount {
                let a = UInt16(raw[2 * i]), b = UInt16(raw[2 * i + 1])
                units[i] = bigEndian ? (a << 8 | b) : (b << 8 | a)
            }
        }
        let text = units.withUnsafeBufferPointer { String(decoding: $0, as: UTF16.self) }
        return Data(text.utf8)
    }

    /// Windows-1252 as the WHATWG encoding standard defines it (0x80-0x9F are typographic
    /// characters; the five unassigned bytes map to the C1 controls of the same number).
    static func transcodeWindows1252(_ data: Data) -> Data {
        var out = [UInt8]()
        out.reserveCapacity(data.count + data.count / 8)
        for byte in data {
            let scalar: UInt32 =
                byte < 0x80 ? UInt32(byte) : (byte < 0xA0 ? windows1252High[Int(byte - 0x80)] : UInt32(byte))
            if scalar < 0x80 {
                out.append(UInt8(scalar))
            } else if scalar < 0x800 {
                out.append(UInt8(0xC0 | (scalar >> 6)))
                out.append(UInt8(0x80 | (scalar & 0x3F)))
            } else {
                out.append(UInt8(0xE0 | (scalar >> 12)))
                out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (scalar & 0x3F)))
            }
        }
        return Data(out)
    }

    private static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
