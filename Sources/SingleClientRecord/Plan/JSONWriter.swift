/// Writes JSON straight into bytes, for the plan and the report, where Foundation's `JSONEncoder`
/// is the bottleneck (about 20 MB/s here; see the README's figures).
///
/// Callers give each object's keys in ascending order, as `JSONEncoder`'s `.sortedKeys` would, so
/// the same value is always the same bytes; debug builds check the order. Absent optionals are
/// left out, as synthesised `Encodable` conformances do, so `JSONDecoder` reads the output back.
///
///     var json = JSONWriter()
///     json.object { o in
///         o.field("id", "c-1")
///         o.field("members", 2)
///     }
///     json.bytes  // {"id":"c-1","members":2}
///
/// - Complexity: O(n) in the bytes written.
public struct JSONWriter: Sendable {
    public var bytes: [UInt8] = []
    /// Escapes `<`, `>`, `&` and the JavaScript line separators too, so that the output can sit
    /// inside an HTML `<script>` element.
    public var htmlSafe: Bool
    private var needsComma = false
    #if DEBUG
        private var lastKeys: [String?] = []
    #endif

    public init(htmlSafe: Bool = false, capacity: Int = 0) {
        self.htmlSafe = htmlSafe
        bytes.reserveCapacity(capacity)
    }

    // MARK: Values

    public mutating func string(_ value: String) {
        separate()
        quoted(value)
    }

    public mutating func number(_ value: Double) {
        separate()
        append(value.isFinite ? value.description : "0")
    }

    public mutating func number(_ value: Int) {
        separate()
        append(String(value))
    }

    public mutating func bool(_ value: Bool) {
        separate()
        append(value ? "true" : "false")
    }

    public mutating func value<T: JSONWritable>(_ value: T) { value.write(to: &self) }

    public mutating func array<S: Sequence>(_ items: S, lineBreaks: Bool = false) where S.Element: JSONWritable {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        for item in items {
            if lineBreaks {
                if needsComma { bytes.append(UInt8(ascii: ",")) }
                bytes.append(0x0A)
                needsComma = false
            }
            item.write(to: &self)
        }
        if lineBreaks && needsComma { bytes.append(0x0A) }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// An array whose elements `body` writes, one value call each.
    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Starts a line for the next element of an array written piece by piece: a comma unless it
    /// is the first element, then a line break.
    public mutating func nextLine(first: Bool) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(0x0A)
        needsComma = false
    }

    /// `null`, for a missing element of an array.
    public mutating func null() {
        separate()
        append("null")
    }

    public mutating func object(lineBreaks: Bool = false, _ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        #if DEBUG
            lastKeys.append(nil)
        #endif
        let outer = lineBreaksInObject
        lineBreaksInObject = lineBreaks
        body(&self)
        lineBreaksInObject = outer
        #if DEBUG
            lastKeys.removeLast()
        #endif
        if lineBreaks { bytes.append(0x0A) }
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    private var lineBreaksInObject = false

    // MARK: Keys

    /// Writes a key; the value written next is its value.
    public mutating func key(_ key: String) {
        #if DEBUG
            if let last = lastKeys[lastKeys.count - 1] {
                assert(last < key, "JSONWriter: key '\(key)' after '\(last)': keys must be in ascending order")
            }
            lastKeys[lastKeys.count - 1] = key
        #endif
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        if lineBreaksInObject { bytes.append(0x0A) }
        quoted(key)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func field(_ key: String, _ value: String) {
        self.key(key)
        string(value)
    }

    public mutating func field(_ key: String, _ value: String?) {
        guard let value else { return }
        field(key, value)
    }

    public mutating func field(_ key: String, _ value: Double) {
        self.key(key)
        number(value)
    }

    public mutating func field(_ key: String, _ value: Double?) {
        guard let value else { return }
        field(key, value)
    }

    public mutating func field(_ key: String, _ value: Int) {
        self.key(key)
        number(value)
    }

    public mutating func field(_ key: String, _ value: Bool) {
        self.key(key)
        bool(value)
    }

    public mutating func field(_ key: String, _ value: Bool?) {
        guard let value else { return }
        field(key, value)
    }

    public mutating func field<T: JSONWritable>(_ key: String, _ value: T) {
        self.key(key)
        value.write(to: &self)
    }

    public mutating func field<S: Sequence>(_ key: String, _ items: S, lineBreaks: Bool = false)
    where S.Element: JSONWritable {
        self.key(key)
        array(items, lineBreaks: lineBreaks)
    }

    /// A string-keyed map, keys sorted.
    public mutating func field<T: JSONWritable>(_ key: String, _ map: [String: T]) {
        self.key(key)
        object { json in
            for entry in map.sorted(by: { $0.key < $1.key }) { json.field(entry.key, entry.value) }
        }
    }

    // MARK: Bytes

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// True for a byte that cannot stand as it is inside a JSON string: a quote, a backslash, a
    /// control character, and in HTML-safe mode `<`, `>`, `&` and 0xE2 (which starts U+2028 and
    /// U+2029, checked by the caller).
    @inline(__always)
    private static func mayNeedEscape(_ byte: UInt8, htmlSafe: Bool) -> Bool {
        if byte < 0x20 || byte == 0x22 || byte == 0x5C { return true }
        return htmlSafe && (byte == 0x3C || byte == 0x3E || byte == 0x26 || byte == 0xE2)
    }

    private mutating func quoted(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        // Native strings (every string the engine makes) are contiguous: no copy of their bytes.
        if value.utf8.withContiguousStorageIfAvailable({ escaped($0) }) == nil {
            Array(value.utf8).withUnsafeBufferPointer { escaped($0) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends a string's UTF-8 escaped, in runs: the bytes between two escapes are copied at once.
    private mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        let htmlSafe = htmlSafe
        var start = 0
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            guard Self.mayNeedEscape(byte, htmlSafe: htmlSafe) else {
                index += 1
                continue
            }
            if byte == 0xE2
                && !(index + 2 < utf8.count && utf8[index + 1] == 0x80
                    && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9))
            {
                index += 1
                continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case UInt8(ascii: "<"): append("\\u003c")
            case UInt8(ascii: ">"): append("\\u003e")
            case UInt8(ascii: "&"): append("\\u0026")
            case 0xE2:
                // U+2028 and U+2029 end a line in JavaScript.
                append(utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                index += 2
            default:
                let digits = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8) + [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
            }
            index += 1
            start = index
        }
        if start < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
    }
}

/// A value the ``JSONWriter`` can write.
public protocol JSONWritable {
    func write(to json: inout JSONWriter)
}

extension String: JSONWritable {
    public func write(to json: inout JSONWriter) { json.string(self) }
}
