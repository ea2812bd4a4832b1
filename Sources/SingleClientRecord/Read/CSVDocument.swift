import Foundation

/// A CSV file ready to be read row by row: decoded, its delimiter sniffed, its rows found and its
/// header mapped onto a layout.
///
/// The readers turn rows into records with ``mapRows(_:)``, which splits the rows between both
/// cores and gives each row's fields as strings. Rows that cannot be split are quarantined there.
final class CSVDocument: @unchecked Sendable {
    let text: TextBuffer
    let delimiter: UInt8
    let header: HeaderMap
    let headerRow: CSVRowSpan
    let rows: [CSVRowSpan]
    var path: String { text.path }

    init(
        text: TextBuffer, layout: ColumnLayout, overrides: ColumnOverrides, sink: inout DiagnosticSink
    )
        throws(ReadError)
    {
        self.text = text
        let path = text.path
        let start = text.withBytes { bytes in bytes.firstIndex { !Self.isSpace($0) } }
        guard let start else { throw ReadError(file: path, "the file is empty; expected a CSV header row") }
        if text.withBytes({ $0[start] }) == UInt8(ascii: "<") {
            throw ReadError(
                text.location(ofOffset: start),
                "this is XML, not CSV; pass XPM API responses with --xpm")
        }
        let delimiter = text.withBytes { CSVTokenizer.sniffDelimiter($0) }
        self.delimiter = delimiter
        let rowDelimiters = max(2, text.withBytes { CSVTokenizer.headerDelimiters($0, delimiter: delimiter) })
        var scan = text.withBytes { CSVTokenizer.scanRows($0, delimiter: delimiter, rowDelimiters: rowDelimiters) }
        // Lines of nothing but spaces and delimiters are blank lines, before the header and after.
        text.withBytes { bytes in scan.rows.removeAll { Self.isBlank(bytes, $0, delimiter: delimiter) } }
        guard !scan.rows.isEmpty || !scan.unterminated.isEmpty else {
            throw ReadError(file: path, "the file holds no rows; expected a CSV header row")
        }

        // The header is the first row; an unterminated quote before it makes the file unreadable.
        if let bad = scan.unterminated.first, scan.rows.first.map({ bad.row.line < $0.line }) ?? true {
            throw ReadError(text.location(ofOffset: bad.quoteOffset), "unterminated quoted field in the header row")
        }
        let headerRow = scan.rows.removeFirst()
        self.headerRow = headerRow
        var fields: [CSVFieldSpan] = []
        let (names, locations): ([String], [SourceLocation]) = try text.withBytes { bytes throws(ReadError) in
            do throws(CSVTokenizer.RowProblem) {
                try CSVTokenizer.splitFields(bytes, headerRow, delimiter: delimiter, into: &fields)
            } catch {
                throw ReadError(
                    Self.location(bytes, headerRow, offset: error.offset, path: path),
                    error.message + " in the header row")
            }
            return (
                fields.map { CSVTokenizer.string(bytes, $0) ?? "" },
                Self.locations(bytes, headerRow, offsets: fields.map(\.start), path: path)
            )
        }
        header = try HeaderMap(
            headers: names, locations: locations, layout: layout, overrides: overrides.overrides(for: layout),
            sink: &sink)
        rows = scan.rows
        text.withBytes { bytes in
            for bad in scan.unterminated {
                sink.quarantine(
                    Self.location(bytes, bad.row, offset: bad.quoteOffset, path: path), "unterminated quoted field",
                    text: Self.rawText(bytes, bad.row))
            }
        }
    }

    var delimiterName: String { CSVTokenizer.delimiterName(delimiter) }

    /// One row's fields, handed to a reader's row closure.
    struct Row {
        let bytes: UnsafeBufferPointer<UInt8>
        let span: CSVRowSpan
        let fields: UnsafeBufferPointer<CSVFieldSpan>
        let path: String

        var line: Int { span.line }
        var count: Int { fields.count }

        /// The column's text, nil when empty, only spaces, or absent; without the mark of formula
        /// neutralising (``CSVTokenizer/withoutNeutralisingMark(_:_:)``), as every value is read.
        func value(_ column: Int) -> String? {
            guard column < fields.count, !isBlank(fields[column]) else { return nil }
            return CSVTokenizer.string(bytes, CSVTokenizer.withoutNeutralisingMark(bytes, fields[column]))
        }

        /// True for an empty field or one of spaces and tabs only.
        @inline(__always)
        func isBlank(_ span: CSVFieldSpan) -> Bool {
            var i = span.start
            while i < span.end {
                if bytes[i] != 0x20 && bytes[i] != 0x09 { return false }
                i += 1
            }
            return true
        }

        /// The column's text without spaces at either end, nil when that leaves nothing.
        func trimmedValue(_ column: Int) -> String? {
            guard column < fields.count else { return nil }
            var span = CSVTokenizer.withoutNeutralisingMark(bytes, fields[column])
            while span.start < span.end && (bytes[span.start] == 0x20 || bytes[span.start] == 0x09) { span.start += 1 }
            while span.end > span.start && (bytes[span.end - 1] == 0x20 || bytes[span.end - 1] == 0x09) {
                span.end -= 1
            }
            return CSVTokenizer.string(bytes, span)
        }

        /// True when the column is empty or holds a yes/no word that ``parseBoolean(_:)`` reads.
        func isEmptyOrBoolean(_ column: Int) -> Bool {
            guard column < fields.count else { return true }
            let span = fields[column]
            let length = span.end - span.start
            if length == 0 { return true }
            if length > 12 { return false }
            return value(column).flatMap(parseBoolean) != nil
        }

        /// The column's byte count as written (an upper bound once `""` is unescaped).
        @inline(__always)
        func byteCount(_ column: Int) -> Int {
            column < fields.count ? fields[column].end - fields[column].start : 0
        }

        /// Writes the column's bytes (unescaped, without the mark of formula neutralising) as
        /// `field`, when not empty.
        @inline(__always)
        func write(_ column: Int, as field: Field, to writer: inout FieldValues.Writer) {
            guard column < fields.count else { return }
            if isBlank(fields[column]) { return }
            let span = CSVTokenizer.withoutNeutralisingMark(bytes, fields[column])
            if !span.hasEscapedQuotes {
                writer.write(
                    field, UnsafeBufferPointer(start: bytes.baseAddress! + span.start, count: span.end - span.start))
            } else if var text = CSVTokenizer.string(bytes, span) {
                text.withUTF8 { writer.write(field, $0) }
            }
        }

        func location(ofColumn column: Int) -> SourceLocation {
            let offset = column < fields.count ? fields[column].start : span.start
            return CSVDocument.location(bytes, span, offset: offset, path: path)
        }

        var location: SourceLocation { SourceLocation(file: path, line: span.line, column: 1) }
        var rawText: String { CSVDocument.rawText(bytes, span) }

        /// The places of the fields in `columns` (ascending) that hold a value, in one pass over
        /// the row.
        func places(_ columns: [(column: Int, field: Field)]) -> FieldPlaces {
            var places = FieldPlaces()
            var cursor = RowCursor(span)
            for (column, field) in columns where column < fields.count && !isBlank(fields[column]) {
                cursor.advance(to: fields[column].start, in: bytes)
                places.set(field, line: cursor.line, column: cursor.column)
            }
            return places
        }
    }

    /// What a row closure makes of a row: a value, or a quarantine with its reason and place.
    enum RowOutcome<T> {
        case value(T)
        case skip
        case quarantine(SourceLocation, String)
    }

    /// Runs `transform` over every data row, on both cores, and returns the results in row order.
    ///
    /// Rows whose field count differs from the header's are quarantined before `transform` sees
    /// them (extra empty fields at the end of a row are allowed: spreadsheets write them).
    ///
    /// - Complexity: O(n) in the bytes, split over the available cores.
    func mapRows<T>(
        sink: inout DiagnosticSink, _ transform: @escaping @Sendable (Row, inout DiagnosticSink) -> RowOutcome<T>
    ) -> (values: [T], spans: [CSVRowSpan]) {
        let rows = self.rows
        let delimiter = self.delimiter
        let width = header.targets.count
        let path = self.path
        let chunkCount = rows.count < 4096 ? 1 : ProcessInfo.processInfo.activeProcessorCount * 4
        // Each chunk initialises its own region of one buffer; the regions are then moved (not
        // copied: no reference counting) into the result.
        let valueBuffer = UnsafeMutablePointer<T>.allocate(capacity: max(rows.count, 1))
        let spanBuffer = UnsafeMutablePointer<CSVRowSpan>.allocate(capacity: max(rows.count, 1))
        defer {
            valueBuffer.deallocate()
            spanBuffer.deallocate()
        }
        nonisolated(unsafe) let values = valueBuffer
        nonisolated(unsafe) let spans = spanBuffer
        let results = parallelMap(count: chunkCount) { chunk -> (count: Int, sink: DiagnosticSink) in
            let range = chunkRange(chunk, of: chunkCount, total: rows.count)
            var count = 0
            var localSink = DiagnosticSink()
            var fields: [CSVFieldSpan] = []
            fields.reserveCapacity(width + 4)
            self.text.withBytes { bytes in
                for index in range {
                    let span = rows[index]
                    do throws(CSVTokenizer.RowProblem) {
                        try CSVTokenizer.splitFields(bytes, span, delimiter: delimiter, into: &fields)
                    } catch {
                        localSink.quarantine(
                            Self.location(bytes, span, offset: error.offset, path: path), error.message,
                            text: Self.rawText(bytes, span))
                        continue
                    }
                    if fields.count != width {
                        while fields.count > width, let last = fields.last, last.start == last.end {
                            fields.removeLast()
                        }
                        if fields.count != width {
                            localSink.quarantine(
                                SourceLocation(file: path, line: span.line, column: 1),
                                "row has \(fields.count) fields; the header has \(width)",
                                text: Self.rawText(bytes, span))
                            continue
                        }
                    }
                    let outcome = fields.withUnsafeBufferPointer { fieldSpans in
                        transform(Row(bytes: bytes, span: span, fields: fieldSpans, path: path), &localSink)
                    }
                    switch outcome {
                    case .value(let value):
                        (values + range.lowerBound + count).initialize(to: value)
                        (spans + range.lowerBound + count).initialize(to: span)
                        count += 1
                    case .skip: break
                    case .quarantine(let location, let reason):
                        localSink.quarantine(location, reason, text: Self.rawText(bytes, span))
                    }
                }
            }
            return (count, localSink)
        }
        let regions = results.enumerated().map { chunk, result in
            (start: chunkRange(chunk, of: chunkCount, total: rows.count).lowerBound, count: result.count)
        }
        let collected = Self.gather(regions, from: valueBuffer)
        let collectedSpans = Self.gather(regions, from: spanBuffer)
        for result in results { sink.append(contentsOf: result.sink) }
        return (collected, collectedSpans)
    }

    /// Moves the initialised regions of `buffer` into one array, in order (no copying, so no
    /// reference counting); the regions are left deinitialised.
    static func gather<E>(_ regions: [(start: Int, count: Int)], from buffer: UnsafeMutablePointer<E>) -> [E] {
        let total = regions.reduce(0) { $0 + $1.count }
        return [E](unsafeUninitializedCapacity: total) { destination, initialised in
            var offset = 0
            for region in regions {
                (destination.baseAddress! + offset).moveInitialize(from: buffer + region.start, count: region.count)
                offset += region.count
            }
            initialised = offset
        }
    }

    /// The raw text of a row, for a quarantine entry.
    func rawText(_ row: CSVRowSpan) -> String { text.withBytes { Self.rawText($0, row) } }

    static func rawText(_ bytes: UnsafeBufferPointer<UInt8>, _ row: CSVRowSpan) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[row.start..<row.end]), as: UTF8.self)
    }

    /// The line and character column of a byte offset inside a row (rows may span lines).
    static func location(
        _ bytes: UnsafeBufferPointer<UInt8>, _ row: CSVRowSpan, offset: Int, path: String
    )
        -> SourceLocation
    {
        var line = row.line
        var lineStart = row.start
        var i = row.start
        while i < offset {
            if bytes[i] == CSVTokenizer.lineFeed {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        return SourceLocation(file: path, line: line, column: TextBuffer.characterColumn(bytes, lineStart, offset))
    }

    /// The locations of ascending offsets inside a row, in one pass over it: a header of 100,000
    /// columns is located in linear time, not one scan of the row per column.
    static func locations(
        _ bytes: UnsafeBufferPointer<UInt8>, _ row: CSVRowSpan, offsets: [Int], path: String
    ) -> [SourceLocation] {
        var cursor = RowCursor(row)
        return offsets.map { offset in
            cursor.advance(to: offset, in: bytes)
            return SourceLocation(file: path, line: cursor.line, column: cursor.column)
        }
    }

    /// A line and character column moving forward through a row (rows may span lines).
    struct RowCursor {
        private(set) var offset: Int
        private(set) var line: Int
        private(set) var column = 1

        init(_ row: CSVRowSpan) { self.init(offset: row.start, line: row.line) }

        /// A cursor at `offset`, on `line`, at the line's first column.
        init(offset: Int, line: Int) {
            self.offset = offset
            self.line = line
        }

        /// Moves to `target` (at or after the cursor).
        ///
        /// - Complexity: O(target - offset), eight bytes at a time where they are ASCII without a
        ///   line feed.
        mutating func advance(to target: Int, in bytes: UnsafeBufferPointer<UInt8>) {
            var i = offset
            while i < target {
                if i + 8 <= target {
                    let word = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    let feeds = word ^ 0x0A0A_0A0A_0A0A_0A0A
                    let hasFeed = (feeds &- 0x0101_0101_0101_0101) & ~feeds & 0x8080_8080_8080_8080 != 0
                    if word & 0x8080_8080_8080_8080 == 0 && !hasFeed {
                        column += 8
                        i += 8
                        continue
                    }
                }
                if bytes[i] == CSVTokenizer.lineFeed {
                    line += 1
                    column = 1
                } else if bytes[i] & 0xC0 != 0x80 {
                    column += 1
                }
                i += 1
            }
            offset = max(offset, target)
        }
    }

    /// True for a row of nothing but spaces, tabs and delimiters (spreadsheets write `,,,` rows).
    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ row: CSVRowSpan, delimiter: UInt8) -> Bool {
        var i = row.start
        while i < row.end {
            let byte = bytes[i]
            if byte != 0x20 && byte != 0x09 && byte != delimiter && byte != CSVTokenizer.carriageReturn { return false }
            i += 1
        }
        return true
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
