/// A strict RFC 8259 JSON reader over bytes, read value by value: where `JSONDecoder` (about
/// 17 MB/s here) is too slow for a large plan.json. It accepts only what `JSONDecoder` accepts
/// (and is stricter in corners: a byte-order mark, lone surrogates, a number too large for a
/// `Double`), validates every byte it skips, and fails with the offset of the first problem.
///
///     try bytes.withUnsafeBufferPointer { buffer in
///         var json = JSONScanner(buffer)
///         try json.object { json, key in key == "id" ? print(try json.string()) : try json.skipValue() }
///         try json.end()
///     }
///
/// - Complexity: O(n) in the bytes read; no allocation except for the strings asked for.
struct JSONScanner {
    /// What is wrong, and where: a byte offset into the buffer.
    struct Failure: Error, Equatable {
        var offset: Int
        var message: String
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var offset: Int
    /// How deep skipped values may nest before the reader gives up (no stack overflow).
    static let maximumDepth = 512

    init(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    // MARK: Structure

    /// Skips spaces, tabs and line breaks; returns the next byte, if any.
    @inline(__always)
    mutating func peek() -> UInt8? {
        while offset < bytes.count {
            let byte = bytes[offset]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return byte }
            offset += 1
        }
        return nil
    }

    func failure(_ message: String, at offset: Int? = nil) -> Failure {
        Failure(offset: offset ?? self.offset, message: message)
    }

    /// The byte at the reader's position, described for an error message.
    func found() -> String {
        guard offset < bytes.count else { return "the end of the file" }
        let byte = bytes[offset]
        return byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte \(byte)"
    }

    mutating func expect(_ byte: UInt8) throws(Failure) {
        guard peek() == byte else {
            throw failure("expected '\(Character(Unicode.Scalar(byte)))' but found \(found())")
        }
        offset += 1
    }

    /// Only spaces may follow the document.
    mutating func end() throws(Failure) {
        guard peek() == nil else { throw failure("unexpected \(found()) after the end of the document") }
    }

    /// Reads an object, handing `body` each key (its value next); `body` must read or skip it.
    mutating func object(_ body: (inout JSONScanner, String) throws(Failure) -> Void) throws(Failure) {
        try expect(UInt8(ascii: "{"))
        if peek() == UInt8(ascii: "}") {
            offset += 1
            return
        }
        while true {
            guard peek() == UInt8(ascii: "\"") else { throw failure("expected a key but found \(found())") }
            let key = try string()
            try expect(UInt8(ascii: ":"))
            try body(&self, key)
            switch peek() {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "}"):
                offset += 1
                return
            default: throw failure("expected ',' or '}' but found \(found())")
            }
        }
    }

    /// Reads an object of known keys, handing `value` the place in `keys` of each one present
    /// (its value next; `value` must read or skip it). Other keys are skipped; a key given twice,
    /// or a required one (`required(place)`) left out, is a failure.
    @inline(__always)  // inlined into each caller: it runs for every object of a plan
    mutating func object(
        keys: [String], required: (Int) -> Bool, _ value: (inout JSONScanner, Int) throws(Failure) -> Void
    ) throws(Failure) {
        precondition(keys.count <= UInt64.bitWidth, "at most 64 keys are told apart")
        let start = offset
        var seen: UInt64 = 0
        try object { json, key throws(Failure) in
            guard let index = keys.firstIndex(of: key) else {
                try json.skipValue()
                return
            }
            guard seen & (1 << index) == 0 else { throw json.failure("the key '\(key)' is repeated") }
            seen |= 1 << index
            try value(&json, index)
        }
        if let missing = keys.indices.first(where: { required($0) && seen & (1 << $0) == 0 }) {
            throw failure("the key '\(keys[missing])' is missing", at: start)
        }
    }

    /// Reads an array, calling `element` once per element (positioned at it).
    mutating func array(_ element: (inout JSONScanner) throws(Failure) -> Void) throws(Failure) {
        try expect(UInt8(ascii: "["))
        if peek() == UInt8(ascii: "]") {
            offset += 1
            return
        }
        while true {
            try element(&self)
            switch peek() {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "]"):
                offset += 1
                return
            default: throw failure("expected ',' or ']' but found \(found())")
            }
        }
    }

    // MARK: Values

    /// True for `null` (read), false for anything else (left to read).
    mutating func null() throws(Failure) -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    mutating func bool() throws(Failure) -> Bool {
        switch peek() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default: throw failure("expected true or false but found \(found())")
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let start = offset
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count,
            (0..<count).allSatisfy({ bytes[start + $0] == word.utf8Start[$0] })
        else { throw failure("expected \(word) but found \(found())") }
        offset += count
    }

    /// A number, as a `Double`; refused when it is too large for one.
    mutating func double() throws(Failure) -> Double {
        guard let byte = peek(), byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39) else {
            throw failure("expected a number but found \(found())")
        }
        let start = offset
        func digits(_ json: inout JSONScanner) -> Int {
            let first = json.offset
            while json.offset < json.bytes.count, json.bytes[json.offset] >= 0x30, json.bytes[json.offset] <= 0x39 {
                json.offset += 1
            }
            return json.offset - first
        }
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        let integerStart = offset
        let integer = digits(&self)
        guard integer > 0 else { throw failure("expected a digit but found \(found())") }
        guard integer == 1 || bytes[integerStart] != 0x30 else {
            throw failure("a number must not start with 0", at: integerStart)
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard digits(&self) > 0 else { throw failure("expected a digit but found \(found())") }
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") {
                offset += 1
            }
            guard digits(&self) > 0 else { throw failure("expected a digit but found \(found())") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw failure("the number \(text) is too large", at: start)
        }
        return value
    }

    /// A string, its escapes undone; refused when it is not valid UTF-8 or holds a control
    /// character or a lone surrogate.
    mutating func string() throws(Failure) -> String {
        let (start, end, plain) = try stringBytes()
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if plain { return String(decoding: raw, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        var index = 0
        var run = 0
        func flush(_ upTo: Int) {
            if run < upTo {
                scalars.append(
                    contentsOf: String(decoding: UnsafeBufferPointer(rebasing: raw[run..<upTo]), as: UTF8.self)
                        .unicodeScalars)
            }
        }
        while index < raw.count {
            guard raw[index] == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            flush(index)
            let escape = raw[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            default:  // `u`, checked by stringBytes, with its pair
                var value = Self.hex4(raw, index)
                index += 4
                if value >= 0xD800 && value < 0xDC00 {
                    value = 0x10000 + ((value - 0xD800) << 10) + (Self.hex4(raw, index + 2) - 0xDC00)
                    index += 6
                }
                scalars.append(Unicode.Scalar(value)!)
            }
            run = index
        }
        flush(raw.count)
        return String(scalars)
    }

    private static func hex4(_ raw: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32 {
        var value: UInt32 = 0
        for index in at..<(at + 4) { value = value << 4 | UInt32(hexDigit(raw[index])!) }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// Checks the string at the reader's position and steps over it: the bytes between its quotes
    /// and whether it has no escape to undo.
    mutating func stringBytes() throws(Failure) -> (start: Int, end: Int, plain: Bool) {
        guard peek() == UInt8(ascii: "\"") else { throw failure("expected a string but found \(found())") }
        offset += 1
        let start = offset
        var plain = true
        while true {
            guard offset < bytes.count else { throw failure("unterminated string", at: start - 1) }
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                offset += 1
                return (start, offset - 1, plain)
            } else if byte == UInt8(ascii: "\\") {
                plain = false
                guard offset + 1 < bytes.count else { throw failure("unterminated string", at: start - 1) }
                switch bytes[offset + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    offset += 2
                case UInt8(ascii: "u"):
                    let value = try unicodeEscape(at: offset)
                    offset += 6
                    if value >= 0xDC00 && value < 0xE000 { throw failure("a lone low surrogate", at: offset - 6) }
                    if value >= 0xD800 && value < 0xDC00 {
                        guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"),
                            bytes[offset + 1] == UInt8(ascii: "u"),
                            case let low = try unicodeEscape(at: offset), low >= 0xDC00 && low < 0xE000
                        else { throw failure("a high surrogate without its low surrogate", at: offset - 6) }
                        offset += 6
                    }
                default: throw failure("an unknown escape in a string", at: offset)
                }
            } else if byte < 0x20 {
                throw failure("a control character in a string (escape it)")
            } else if byte < 0x80 {
                offset += 1
            } else {
                offset += try utf8Sequence(at: offset)
            }
        }
    }

    private func unicodeEscape(at index: Int) throws(Failure) -> UInt32 {
        guard index + 6 <= bytes.count else { throw failure("unterminated string", at: index) }
        var value: UInt32 = 0
        for digit in (index + 2)..<(index + 6) {
            guard let nibble = Self.hexDigit(bytes[digit]) else {
                throw failure("expected four hexadecimal digits after \\u", at: index)
            }
            value = value << 4 | UInt32(nibble)
        }
        return value
    }

    /// The length of the well-formed UTF-8 sequence at `index` (no overlong forms, surrogates or
    /// values past U+10FFFF).
    private func utf8Sequence(at index: Int) throws(Failure) -> Int {
        let lead = bytes[index]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            high = 0x9F
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            high = 0x8F
        default: throw failure("invalid UTF-8", at: index)
        }
        guard index + length <= bytes.count, bytes[index + 1] >= low, bytes[index + 1] <= high,
            (2..<length).allSatisfy({ bytes[index + $0] & 0xC0 == 0x80 })
        else { throw failure("invalid UTF-8", at: index) }
        return length
    }

    /// Checks the value at the reader's position and steps over it, returning the bytes it spans.
    @discardableResult
    mutating func skipValue(depth: Int = 0) throws(Failure) -> Range<Int> {
        guard depth < Self.maximumDepth else { throw failure("values nested too deeply") }
        guard let byte = peek() else { throw failure("expected a value but found the end of the file") }
        let start = offset
        switch byte {
        case UInt8(ascii: "{"):
            try object { json, _ throws(Failure) in try json.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            try array { json throws(Failure) in try json.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""): _ = try stringBytes()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
        case UInt8(ascii: "n"): _ = try null()
        default: _ = try double()
        }
        return start..<offset
    }

    /// The 1-based line and column of a byte offset.
    static func location(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }
}
