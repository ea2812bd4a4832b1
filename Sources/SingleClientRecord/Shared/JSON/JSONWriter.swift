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
/// The writer owns its buffer (it cannot be copied): every write is a bounds check and a copy
/// into memory reserved ahead, and ``removeAll()`` keeps the memory for the next batch. Keys are
/// `StaticString`s, written as they are (they never need escaping).
///
/// - Complexity: O(n) in the bytes written.
public struct JSONWriter: ~Copyable {
    /// The buffer: `count` bytes written of `capacity` allocated.
    private var base: UnsafeMutablePointer<UInt8>
    public private(set) var count = 0
    private var capacity: Int
    /// Escapes `<`, `>`, `&` and the JavaScript line separators too, so that the output can sit
    /// inside an HTML `<script>` element.
    var htmlSafe: Bool
    private var needsComma = false
    private var lineBreaksInObject = false
    #if DEBUG
        private var lastKeys: [String?] = []
    #endif

    public init(htmlSafe: Bool = false, capacity: Int = 0) {
        self.htmlSafe = htmlSafe
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// A copy of the bytes written.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The bytes written, without a copy.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Forgets what was written, keeping the memory.
    public mutating func removeAll() {
        count = 0
        needsComma = false
        lineBreaksInObject = false
    }

    /// Appends bytes as they are, outside the JSON grammar (a line break, a separator).
    public mutating func raw(_ byte: UInt8) { put(byte) }

    /// Replaces the byte at `offset` (already written).
    mutating func replace(at offset: Int, with byte: UInt8) {
        precondition(offset < count)
        base[offset] = byte
    }

    // MARK: Values

    public mutating func string(_ value: String) {
        separate()
        quoted(value)
    }

    /// One string written in parts between one pair of quotes, each ``part(_:)`` escaped: the
    /// same bytes as `string` of the parts joined (a part is whole UTF-8, so escaping part by part
    /// escapes what the joined string would), without making the joined string.
    ///
    ///     json.string { s in s.part("Acme"); s.part(", "); s.part("Wellington") }  // "Acme, Wellington"
    public mutating func string(_ parts: (inout JSONWriter) -> Void) {
        separate()
        put(UInt8(ascii: "\""))
        parts(&self)
        put(UInt8(ascii: "\""))
    }

    /// `parts` joined by `separator`, as one string (as `string(parts.joined(separator:))`).
    public mutating func string<S: Sequence<String>>(joining parts: S, separator: String) {
        string { json in
            var first = true
            for part in parts {
                if !first { json.part(separator) }
                first = false
                json.part(part)
            }
        }
    }

    /// A piece of a string written in parts (see `string(_ parts:)`), escaped, without quotes.
    public mutating func part(_ value: String) {
        if value.utf8.withContiguousStorageIfAvailable({ part($0) }) == nil {
            Array(value.utf8).withUnsafeBufferPointer { part($0) }
        }
    }

    public mutating func number(_ value: Double) {
        separate()
        guard value.isFinite else { return put(UInt8(ascii: "0")) }
        var text = value.description
        text.withUTF8 { put($0) }
    }

    public mutating func number(_ value: Int) {
        separate()
        digits(value)
    }

    public mutating func bool(_ value: Bool) {
        separate()
        put(value ? "true" : "false")
    }

    public mutating func value<T: JSONWritable>(_ value: T) { value.write(to: &self) }

    public mutating func array<S: Sequence>(_ items: S, lineBreaks: Bool = false) where S.Element: JSONWritable {
        separate()
        put(UInt8(ascii: "["))
        needsComma = false
        for item in items {
            if lineBreaks {
                if needsComma { put(UInt8(ascii: ",")) }
                put(0x0A)
                needsComma = false
            }
            item.write(to: &self)
        }
        if lineBreaks && needsComma { put(0x0A) }
        put(UInt8(ascii: "]"))
        needsComma = true
    }

    /// An array whose elements `body` writes, one value call each.
    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        separate()
        put(UInt8(ascii: "["))
        needsComma = false
        body(&self)
        put(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Starts a line for the next element of an array written piece by piece: a comma unless it
    /// is the first element, then a line break.
    mutating func nextLine(first: Bool) {
        if !first { put(UInt8(ascii: ",")) }
        put(0x0A)
        needsComma = false
    }

    /// `null`, for a missing element of an array.
    public mutating func null() {
        separate()
        put("null")
    }

    public mutating func object(lineBreaks: Bool = false, _ body: (inout JSONWriter) -> Void) {
        separate()
        put(UInt8(ascii: "{"))
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
        if lineBreaks { put(0x0A) }
        put(UInt8(ascii: "}"))
        needsComma = true
    }

    // MARK: Keys

    /// Writes a key, as it is (a key in the source never needs escaping); the value written next
    /// is its value.
    @inline(__always)
    public mutating func key(_ key: StaticString) {
        #if DEBUG
            checkOrder(key.description)
            assert(
                key.description.utf8.allSatisfy { !Self.mayNeedEscape($0, htmlSafe: true) },
                "JSONWriter: key '\(key)' needs escaping")
        #endif
        startKey()
        put(UInt8(ascii: "\""))
        put(UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        put("\":")
        needsComma = false
    }

    /// Writes a key made at run time, escaped like any string.
    public mutating func key(named key: String) {
        #if DEBUG
            checkOrder(key)
        #endif
        startKey()
        quoted(key)
        put(UInt8(ascii: ":"))
        needsComma = false
    }

    #if DEBUG
        private mutating func checkOrder(_ key: String) {
            if let last = lastKeys[lastKeys.count - 1] {
                assert(last < key, "JSONWriter: key '\(key)' after '\(last)': keys must be in ascending order")
            }
            lastKeys[lastKeys.count - 1] = key
        }
    #endif

    @inline(__always)
    private mutating func startKey() {
        if needsComma { put(UInt8(ascii: ",")) }
        if lineBreaksInObject { put(0x0A) }
    }

    mutating func field(_ key: StaticString, _ value: String) {
        self.key(key)
        string(value)
    }

    mutating func field(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        field(key, value)
    }

    mutating func field(_ key: StaticString, _ value: Double) {
        self.key(key)
        number(value)
    }

    mutating func field(_ key: StaticString, _ value: Double?) {
        guard let value else { return }
        field(key, value)
    }

    mutating func field(_ key: StaticString, _ value: Int) {
        self.key(key)
        number(value)
    }

    mutating func field(_ key: StaticString, _ value: Bool) {
        self.key(key)
        bool(value)
    }

    mutating func field(_ key: StaticString, _ value: Bool?) {
        guard let value else { return }
        field(key, value)
    }

    mutating func field<T: JSONWritable>(_ key: StaticString, _ value: T) {
        self.key(key)
        value.write(to: &self)
    }

    mutating func field<S: Sequence>(_ key: StaticString, _ items: S, lineBreaks: Bool = false)
    where S.Element: JSONWritable {
        self.key(key)
        array(items, lineBreaks: lineBreaks)
    }

    /// A string-keyed map, keys sorted.
    mutating func field<T: JSONWritable>(_ key: StaticString, _ map: [String: T]) {
        self.key(key)
        object { json in
            for entry in map.sorted(by: { $0.key < $1.key }) {
                json.key(named: entry.key)
                entry.value.write(to: &json)
            }
        }
    }

    // MARK: Bytes

    @inline(__always)
    private mutating func separate() {
        if needsComma { put(UInt8(ascii: ",")) }
        needsComma = true
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(extra) }
    }

    /// Doubles the buffer (at least), rarely: callers reserve what they expect to write.
    private mutating func grow(_ extra: Int) {
        let larger = max(capacity * 2, count + extra)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    private mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// A fixed piece of ASCII: `null`, `true`, an escape.
    @inline(__always)
    private mutating func put(_ text: StaticString) {
        put(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// An integer's decimal digits, as `String(value)` spells them.
    private mutating func digits(_ value: Int) {
        if value < 0 { put(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        reserve(20)  // Int.min has 19 digits
        let first = count
        repeat {
            base[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            count += 1
            magnitude /= 10
        } while magnitude > 0
        var written = UnsafeMutableBufferPointer(start: base + first, count: count - first)
        written.reverse()
    }

    /// True for a byte that cannot stand as it is inside a JSON string: a quote, a backslash, a
    /// control character, and in HTML-safe mode `<`, `>`, `&` and 0xE2 (which starts U+2028 and
    /// U+2029, checked by the caller).
    @inline(__always)
    private static func mayNeedEscape(_ byte: UInt8, htmlSafe: Bool) -> Bool {
        if byte < 0x20 || byte == 0x22 || byte == 0x5C { return true }
        return htmlSafe && (byte == 0x3C || byte == 0x3E || byte == 0x26 || byte == 0xE2)
    }

    /// ``mayNeedEscape(_:htmlSafe:)`` as a table, for the scan every string goes through: 1 for
    /// a byte JSON escapes, 2 for one only HTML-safe mode escapes.
    private static let escapeClasses: [UInt8] = (0...255).map { byte in
        mayNeedEscape(UInt8(byte), htmlSafe: false) ? 1 : mayNeedEscape(UInt8(byte), htmlSafe: true) ? 2 : 0
    }

    private mutating func quoted(_ value: String) {
        // Native strings (every string the engine makes) are contiguous: no copy of their bytes.
        if value.utf8.withContiguousStorageIfAvailable({ quoted($0) }) == nil {
            Array(value.utf8).withUnsafeBufferPointer { quoted($0) }
        }
    }

    /// A string's UTF-8 between quotes: copied whole when nothing in it needs escaping (nearly
    /// every value), else escaped in runs.
    private mutating func quoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        put(UInt8(ascii: "\""))
        part(utf8)
        put(UInt8(ascii: "\""))
    }

    /// A string's UTF-8, escaped where it needs to be, without quotes.
    private mutating func part(_ utf8: UnsafeBufferPointer<UInt8>) {
        let mask: UInt8 = htmlSafe ? 3 : 1
        let escapes = Self.escapeClasses.withUnsafeBufferPointer { table in
            utf8.contains { table[Int($0)] & mask != 0 }
        }
        if escapes {
            escaped(utf8)
        } else {
            put(utf8)
        }
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
            put(UnsafeBufferPointer(rebasing: utf8[start..<index]))
            switch byte {
            case UInt8(ascii: "\""): put("\\\"")
            case UInt8(ascii: "\\"): put("\\\\")
            case 0x0A: put("\\n")
            case 0x0D: put("\\r")
            case 0x09: put("\\t")
            case UInt8(ascii: "<"): put("\\u003c")
            case UInt8(ascii: ">"): put("\\u003e")
            case UInt8(ascii: "&"): put("\\u0026")
            case 0xE2:
                // U+2028 and U+2029 end a line in JavaScript.
                put(utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                index += 2
            default:
                let digits: StaticString = "0123456789abcdef"
                put("\\u00")
                put(digits.utf8Start[Int(byte >> 4)])
                put(digits.utf8Start[Int(byte & 0xF)])
            }
            index += 1
            start = index
        }
        if start < utf8.count { put(UnsafeBufferPointer(rebasing: utf8[start...])) }
    }
}

/// A value the ``JSONWriter`` can write.
public protocol JSONWritable {
    func write(to json: inout JSONWriter)
}

extension String: JSONWritable {
    public func write(to json: inout JSONWriter) { json.string(self) }
}
