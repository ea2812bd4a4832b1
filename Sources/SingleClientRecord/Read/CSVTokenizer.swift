import Foundation

/// A row of a CSV file: its bytes (without the line ending) and the line it starts on.
struct CSVRowSpan: Hashable, Sendable {
    public var start: Int
    public var end: Int
    public var line: Int
}

/// A field of a row: its bytes, without the surrounding quotes.
struct CSVFieldSpan {
    var start: Int
    var end: Int
    /// The field holds `""` pairs that stand for one quote.
    var hasEscapedQuotes: Bool
}

/// An RFC 4180 CSV tokenizer over UTF-8 bytes, in two passes.
///
/// 1. ``scanRows(_:delimiter:)`` finds where rows start and end, following quotes so that quoted
///    fields may hold delimiters, quotes (doubled) and line breaks. It is sequential and cheap.
/// 2. ``splitFields(_:_:delimiter:into:)`` splits one row into fields. Rows are independent, so the
///    readers run this pass over both cores.
///
/// A quote opens a quoted field only at the start of a field; elsewhere it is an ordinary
/// character (`5" floppy` stays as it is). A quoted field that never closes is reported at its
/// opening quote, and reading resumes on the next line, so one stray quote costs one row. So is a
/// quoted field that spans lines and is followed by text after its closing quote: its closing
/// quote was really the opening quote of a later field.
///
/// - Complexity: O(n) in the bytes, plus O(k · 128 KiB) for k unterminated quotes.
enum CSVTokenizer {
    static let quote = UInt8(ascii: "\"")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    /// A quoted field longer than this is taken for an unterminated quote: Excel keeps at most
    /// 32,767 characters in a cell.
    static let maximumQuotedFieldBytes = 131_072

    struct Scan {
        var rows: [CSVRowSpan] = []
        /// Rows that hold an unterminated quoted field, with the quote's byte offset.
        var unterminated: [(row: CSVRowSpan, quoteOffset: Int)] = []
    }

    /// Splits the bytes into rows. Blank lines are not rows.
    ///
    /// `rowDelimiters` is how many delimiters make a line look like a whole row (the header's
    /// count, at least 2): a quoted field whose next line holds that many is taken for an
    /// unterminated quote rather than left to swallow the rows after it.
    static func scanRows(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, rowDelimiters: Int = .max) -> Scan {
        var scan = Scan()
        scan.rows.reserveCapacity(bytes.count / 160)
        let count = bytes.count
        var line = 1
        var rowStart = 0
        var rowLine = 1
        var i = 0

        func endRow(at end: Int) {
            var stop = end
            if stop > rowStart && bytes[stop - 1] == carriageReturn { stop -= 1 }
            if stop > rowStart {
                scan.rows.append(CSVRowSpan(start: rowStart, end: stop, line: rowLine))
            }
        }

        /// Sets the row that holds an unterminated quote aside, up to the end of the quote's line,
        /// and returns the offset where scanning goes on: the next line.
        func recover(quoteOffset: Int, quoteLine: Int) -> Int {
            var lineEnd = quoteOffset
            while lineEnd < count && bytes[lineEnd] != lineFeed { lineEnd += 1 }
            var stop = lineEnd
            if stop > rowStart && bytes[stop - 1] == carriageReturn { stop -= 1 }
            scan.unterminated.append((CSVRowSpan(start: rowStart, end: stop, line: rowLine), quoteOffset))
            line = quoteLine + 1
            rowStart = min(lineEnd + 1, count)
            rowLine = line
            return rowStart
        }

        /// True when the line after the line feed at `lineFeedOffset` holds a row's worth of
        /// delimiters before any quote.
        func looksLikeARow(after lineFeedOffset: Int) -> Bool {
            guard rowDelimiters < .max else { return false }
            var delimiters = 0
            var j = lineFeedOffset + 1
            while j < count, bytes[j] != lineFeed, bytes[j] != quote {
                if bytes[j] == delimiter {
                    delimiters += 1
                    if delimiters >= rowDelimiters { return true }
                }
                j += 1
            }
            return false
        }

        while i < count {
            // At the start of a field.
            if bytes[i] == quote {
                let quoteOffset = i
                let quoteLine = line
                var closed = false
                i += 1
                while i < count {
                    let byte = bytes[i]
                    if byte == quote {
                        if i + 1 < count && bytes[i + 1] == quote {
                            i += 2  // a doubled quote stands for one quote
                            continue
                        }
                        i += 1
                        closed = true
                        break
                    }
                    if byte == lineFeed {
                        line += 1
                        if i - quoteOffset > maximumQuotedFieldBytes { break }
                        if looksLikeARow(after: i) { break }
                    }
                    i += 1
                }
                if !closed {
                    i = recover(quoteOffset: quoteOffset, quoteLine: quoteLine)
                    continue
                }
                if i < count && quoteLine != line {
                    let byte = bytes[i]
                    let endsField =
                        byte == delimiter || byte == lineFeed
                        || (byte == carriageReturn && i + 1 < count && bytes[i + 1] == lineFeed)
                    let before = bytes[i - 2]
                    if !endsField && (before == delimiter || before == lineFeed) {
                        // Text after a "closing" quote that stands where a field starts, lines
                        // later: the opening quote never closed, and this one opened a field
                        // further down. Set the first row aside.
                        i = recover(quoteOffset: quoteOffset, quoteLine: quoteLine)
                        continue
                    }
                }
            }
            // Outside quotes only a line feed, or a quote at the start of a field, matters: skip
            // eight bytes at a time while a word holds neither a quote nor a line feed.
            while i + 8 <= count {
                let word = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
                let hits = swarMatch(word, lineFeed) | swarMatch(word, quote)
                if hits != 0 {
                    i += hits.trailingZeroBitCount >> 3
                    break
                }
                i += 8
            }
            while i < count && bytes[i] != lineFeed && bytes[i] != quote { i += 1 }
            if i == count { break }
            if bytes[i] == quote {
                // A quote opens a quoted field only at the start of a field.
                if i == rowStart || bytes[i - 1] == delimiter { continue }
                i += 1
                continue
            }
            endRow(at: i)
            line += 1
            i += 1
            rowStart = i
            rowLine = line
        }
        if rowStart < count { endRow(at: count) }
        return scan
    }

    /// Marks the bytes of `word` equal to `byte` (the lowest mark is always exact; marks above a
    /// match may be false, which is all the scan needs). Hacker's Delight, 2nd ed., section 6-1.
    @inline(__always)
    static func swarMatch(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// A row that cannot be split into fields.
    struct RowProblem: Error {
        var offset: Int
        var message: String
    }

    /// Splits one row into fields. Throws at text after a closing quote (`"Smith"x,`).
    static func splitFields(
        _ bytes: UnsafeBufferPointer<UInt8>, _ row: CSVRowSpan, delimiter: UInt8,
        into fields: inout [CSVFieldSpan]
    ) throws(RowProblem) {
        fields.removeAll(keepingCapacity: true)
        let end = row.end
        var i = row.start
        while true {
            if i == end {
                fields.append(CSVFieldSpan(start: i, end: i, hasEscapedQuotes: false))
                return
            }
            if bytes[i] == quote {
                var j = i + 1
                var escaped = false
                var close = -1
                while j < end {
                    if bytes[j] == quote {
                        if j + 1 < end && bytes[j + 1] == quote {
                            escaped = true
                            j += 2
                            continue
                        }
                        close = j
                        break
                    }
                    j += 1
                }
                guard close >= 0 else {
                    throw RowProblem(offset: i, message: "unterminated quoted field")
                }
                fields.append(CSVFieldSpan(start: i + 1, end: close, hasEscapedQuotes: escaped))
                let next = close + 1
                if next == end { return }
                guard bytes[next] == delimiter else {
                    throw RowProblem(
                        offset: next,
                        message: "unexpected text after the closing quote of field \(fields.count)")
                }
                i = next + 1
            } else {
                var j = i
                while j + 8 <= end {
                    let word = UnsafeRawPointer(bytes.baseAddress! + j).loadUnaligned(as: UInt64.self)
                    let hits = swarMatch(word, delimiter)
                    if hits != 0 {
                        j += hits.trailingZeroBitCount >> 3
                        break
                    }
                    j += 8
                }
                while j < end && bytes[j] != delimiter { j += 1 }
                fields.append(CSVFieldSpan(start: i, end: j, hasEscapedQuotes: false))
                if j == end { return }
                i = j + 1
            }
        }
    }

    /// The field without the `'` that a formula-neutralising CSV writer (``CSVWriter``, scr's
    /// own exports) puts before a leading `=`, `+`, `-` or `@`: `'+61 2 5550 1234` is read as
    /// `+61 2 5550 1234`. Other fields are returned as they are.
    @inline(__always)
    static func withoutNeutralisingMark(_ bytes: UnsafeBufferPointer<UInt8>, _ field: CSVFieldSpan) -> CSVFieldSpan {
        guard field.end - field.start >= 2, bytes[field.start] == UInt8(ascii: "'") else { return field }
        switch bytes[field.start + 1] {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"):
            var stripped = field
            stripped.start += 1
            return stripped
        default: return field
        }
    }

    /// The field's text, with `""` turned back into `"`; nil for an empty field.
    @inline(__always)
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ field: CSVFieldSpan) -> String? {
        if field.start == field.end { return nil }
        let slice = UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])
        guard field.hasEscapedQuotes else { return String(decoding: slice, as: UTF8.self) }
        var unescaped = [UInt8]()
        unescaped.reserveCapacity(slice.count)
        var k = 0
        while k < slice.count {
            unescaped.append(slice[k])
            k += slice[k] == quote && k + 1 < slice.count && slice[k + 1] == quote ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self)
    }

    /// Picks the delimiter (comma, semicolon or tab) that splits the header row into the most
    /// fields, counting only outside quotes. Ties go to the comma.
    static func sniffDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]
        var counts = [0, 0, 0]
        var inQuotes = false
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == quote {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == lineFeed {
                    if counts != [0, 0, 0] { break }
                } else if let index = candidates.firstIndex(of: byte) {
                    counts[index] += 1
                }
            }
            i += 1
        }
        var best = 0
        for index in 1..<3 where counts[index] > counts[best] { best = index }
        return candidates[best]
    }

    /// How many delimiters the first row holds outside quotes.
    static func headerDelimiters(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8) -> Int {
        var count = 0
        var inQuotes = false
        for byte in bytes {
            if byte == quote {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == lineFeed && count > 0 { break }
                if byte == delimiter { count += 1 }
            }
        }
        return count
    }

    static func delimiterName(_ delimiter: UInt8) -> String {
        switch delimiter {
        case UInt8(ascii: ";"): "semicolon"
        case UInt8(ascii: "\t"): "tab"
        default: "comma"
        }
    }
}
