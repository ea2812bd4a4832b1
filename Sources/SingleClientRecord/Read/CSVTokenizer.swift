import Foundation

/// A row of a CSV file: its bytes (without the line ending) and the line it starts on.
public struct CSVRowSpan: Hashable, Sendable {
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

    private enum State {
        case fieldStart, unquoted, quoted, afterQuote
    }

    /// Splits the bytes into rows. Blank lines are not rows.
    static func scanRows(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8) -> Scan {
        var scan = Scan()
        scan.rows.reserveCapacity(bytes.count / 160)
        let count = bytes.count
        var state = State.fieldStart
        var line = 1
        var rowStart = 0
        var rowLine = 1
        var quoteOffset = 0
        var quoteLine = 1
        var i = 0

        func endRow(at end: Int) {
            var stop = end
            if stop > rowStart && bytes[stop - 1] == carriageReturn { stop -= 1 }
            if stop > rowStart {
                scan.rows.append(CSVRowSpan(start: rowStart, end: stop, line: rowLine))
            }
        }

        /// Sets the row that holds the open quote aside, up to the end of the quote's line, and
        /// returns the offset where scanning goes on: the next line.
        func recoverFromUnterminatedQuote() -> Int {
            var lineEnd = quoteOffset
            while lineEnd < count && bytes[lineEnd] != lineFeed { lineEnd += 1 }
            var stop = lineEnd
            if stop > rowStart && bytes[stop - 1] == carriageReturn { stop -= 1 }
            scan.unterminated.append((CSVRowSpan(start: rowStart, end: stop, line: rowLine), quoteOffset))
            line = quoteLine + 1
            rowStart = min(lineEnd + 1, count)
            rowLine = line
            state = .fieldStart
            return rowStart
        }

        while true {
            while i < count {
                let byte = bytes[i]
                if state == .quoted {
                    // Inside quotes only a quote or a line feed matters: jump to the next one.
                    var j = i
                    while j < count && bytes[j] != quote && bytes[j] != lineFeed { j += 1 }
                    if j == count {
                        i = count
                        break
                    }
                    if bytes[j] == quote {
                        state = .afterQuote
                    } else {
                        line += 1
                    }
                    if j - quoteOffset > maximumQuotedFieldBytes {
                        i = recoverFromUnterminatedQuote()
                        continue
                    }
                    i = j + 1
                    continue
                }
                if byte == lineFeed {
                    endRow(at: i)
                    line += 1
                    rowStart = i + 1
                    rowLine = line
                    state = .fieldStart
                } else if byte == delimiter {
                    state = .fieldStart
                } else if byte == quote {
                    if state == .fieldStart {
                        state = .quoted
                        quoteOffset = i
                        quoteLine = line
                    } else if state == .afterQuote {
                        state = .quoted  // a doubled quote inside a quoted field
                    }
                } else if state == .afterQuote && quoteLine != line
                    && !(byte == carriageReturn && i + 1 < count && bytes[i + 1] == lineFeed)
                {
                    // Text after a quote that closed lines later: the opening quote never closed,
                    // and this one opened a field further down. Set the first row aside.
                    i = recoverFromUnterminatedQuote()
                    continue
                } else if state != .unquoted {
                    state = .unquoted
                }
                i += 1
            }
            if state == .quoted {
                i = recoverFromUnterminatedQuote()
                if i < count { continue }
            } else if rowStart < count {
                endRow(at: count)
            }
            return scan
        }
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
                while j < end && bytes[j] != delimiter { j += 1 }
                fields.append(CSVFieldSpan(start: i, end: j, hasEscapedQuotes: false))
                if j == end { return }
                i = j + 1
            }
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

    static func delimiterName(_ delimiter: UInt8) -> String {
        switch delimiter {
        case UInt8(ascii: ";"): "semicolon"
        case UInt8(ascii: "\t"): "tab"
        default: "comma"
        }
    }
}
