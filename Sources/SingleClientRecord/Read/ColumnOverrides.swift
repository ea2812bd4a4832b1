import Foundation

/// The `--columns FILE` mapping: headers the engine does not know, mapped onto columns it does.
///
/// JSON, either flat (applies to every CSV file) or by file kind:
///
///     {"Cust Ref": "Client ID", "E-post": "Email"}
///     {"hq": {"Cust Ref": "Client ID"}, "xpm-csv": {"Ref": "UUID"}, "hq-contacts": {...}}
///
/// or the same in TOML (`"Cust Ref" = "Client ID"`, with `[hq]`, `[hq-contacts]` or `[xpm-csv]`
/// tables). A target is a known column's name or alias (matched leniently), or `client.[Name]`
/// to keep the column as a custom field called Name.
struct ColumnOverrides: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var header: String
        public var target: String
        public var location: SourceLocation
    }

    /// Entries by file kind; nil holds the flat entries that apply to every kind.
    public private(set) var entries: [ColumnLayout?: [Entry]] = [:]
    /// What the mapping file says twice (a header mapped more than once in one table).
    private(set) var warnings: [Diagnostic] = []

    public init() {}

    /// Reads and checks a mapping file: every target must name a column of some layout.
    public init(contentsOf path: String) throws(ReadError) {
        let text = try TextBuffer(contentsOf: path)
        let string = text.withBytes { String(decoding: $0, as: UTF8.self) }
        let trimmed = string.drop { $0.isWhitespace }
        let second = trimmed.dropFirst().first { !$0.isWhitespace }
        let isJSONArray = trimmed.first == "[" && (second == nil || "{\"[]".contains(second!))
        if trimmed.first == "{" || isJSONArray {
            try self.init(json: string, path: path)
            warnings += text.withBytes { Self.repeatedJSONKeys($0, text: text) }
        } else {
            try self.init(toml: string, path: path)
        }
        try validate()
    }

    init(json: String, path: String) throws(ReadError) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        } catch {
            let description = Self.describe(error)
            throw ReadError(
                Self.jsonErrorLocation(description, text: json, path: path),
                "not valid JSON: \(Self.cleaned(description))")
        }
        guard let top = object as? [String: Any] else {
            throw ReadError(file: path, "expected a JSON object of header to column names")
        }
        for key in top.keys.sorted() {
            let value = top[key]!
            let location = Self.locate(key, in: json, path: path)
            if let target = value as? String {
                entries[nil, default: []].append(Entry(header: key, target: target, location: location))
            } else if let table = value as? [String: Any] {
                guard let layout = ColumnLayout(rawValue: key) else {
                    throw ReadError(
                        location, "unknown file kind \(quoted(key)); expected 'hq', 'hq-contacts' or 'xpm-csv'")
                }
                for header in table.keys.sorted() {
                    guard let target = table[header] as? String else {
                        throw ReadError(
                            Self.locate(header, in: json, path: path),
                            "the column for \(quoted(header)) must be a string")
                    }
                    entries[layout, default: []].append(
                        Entry(header: header, target: target, location: Self.locate(header, in: json, path: path)))
                }
            } else {
                throw ReadError(location, "the column for \(quoted(key)) must be a string")
            }
        }
    }

    /// The TOML this file needs: comments, `[table]` headers and `key = "string"` pairs, with bare
    /// or quoted keys. Anything else is refused with its line and column.
    init(toml: String, path: String) throws(ReadError) {
        var layout: ColumnLayout?
        for (index, rawLine) in toml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            var scanner = TOMLLine(text: Array(rawLine.unicodeScalars), line: lineNumber, path: path)
            scanner.skipSpace()
            if scanner.atEnd || scanner.peek == "#" { continue }
            if scanner.peek == "[" {
                scanner.advance()
                let name = try scanner.key()
                try scanner.expect("]")
                try scanner.expectEnd()
                guard let kind = ColumnLayout(rawValue: name) else {
                    throw ReadError(
                        scanner.location(at: 1),
                        "unknown file kind \(quoted(name)); expected 'hq', 'hq-contacts' or 'xpm-csv'")
                }
                layout = kind
                continue
            }
            let keyLocation = scanner.location
            let header = try scanner.key()
            try scanner.expect("=")
            let target = try scanner.string()
            try scanner.expectEnd()
            let normalised = ColumnLayout.normalise(header)
            if let first = entries[layout]?.firstIndex(where: { ColumnLayout.normalise($0.header) == normalised }) {
                let earlier = entries[layout]!.remove(at: first)
                warnings.append(
                    .warning(
                        keyLocation,
                        "header \(quoted(header)) is mapped twice (first on line \(earlier.location.line)); the later mapping, to \(quoted(target)), is used"
                    ))
            }
            entries[layout, default: []].append(Entry(header: header, target: target, location: keyLocation))
        }
    }

    /// Headers a JSON mapping names twice in one object (as written, or once normalised): JSON
    /// readers keep one of them silently, so each repeat is a warning at its value.
    static func repeatedJSONKeys(_ bytes: UnsafeBufferPointer<UInt8>, text: TextBuffer) -> [Diagnostic] {
        var found: [Diagnostic] = []
        func scan(_ json: inout JSONScanner, nested: Bool) throws(JSONScanner.Failure) {
            var seen: [String: Int] = [:]
            try json.object { json, key throws(JSONScanner.Failure) in
                _ = json.peek()
                let at = text.location(ofOffset: json.offset)
                if !nested && json.peek() == UInt8(ascii: "{") {
                    try scan(&json, nested: true)
                    return
                }
                _ = try json.skipValue()
                let normalised = ColumnLayout.normalise(key)
                if let line = seen[normalised] {
                    found.append(
                        .warning(
                            at,
                            "header \(quoted(key)) is mapped more than once in one object (first on line \(line)); scr keeps only one of them: keep one mapping"
                        ))
                } else {
                    seen[normalised] = at.line
                }
            }
        }
        var json = JSONScanner(bytes)
        try? scan(&json, nested: false)
        return found
    }

    /// Every target must resolve in the layout it is for (flat entries: in at least one layout).
    private func validate() throws(ReadError) {
        for (layout, list) in entries {
            for entry in list {
                if ColumnLayout.normalise(entry.header).isEmpty && ColumnOverrides.customFieldName(entry.header) == nil
                {
                    throw ReadError(
                        entry.location, "header \(quoted(entry.header)) has no letters or digits to match a column by")
                }
                let layouts = layout.map { [$0] } ?? ColumnLayout.allCases
                if layouts.contains(where: { Self.resolve(entry.target, header: entry.header, in: $0) != nil }) {
                    continue
                }
                let normalised = ColumnLayout.normalise(entry.target)
                let suggestion = layouts.lazy.compactMap { $0.suggestion(forNormalised: normalised) }.first
                var message = "unknown column \(quoted(entry.target)) for header \(quoted(entry.header))"
                if let suggestion { message += "; did you mean '\(suggestion.label)'?" }
                throw ReadError(entry.location, message)
            }
        }
    }

    /// The target an override names in a layout, or nil when it names none of its columns.
    static func resolve(_ target: String, header: String, in layout: ColumnLayout) -> ColumnTarget? {
        if let custom = customFieldName(target) { return .custom(custom.isEmpty ? header : custom) }
        return layout.column(forNormalised: ColumnLayout.normalise(target))?.target
    }

    /// The overrides for one layout, by normalised header: kind-specific entries win over flat ones.
    func overrides(for layout: ColumnLayout) -> [String: ColumnTarget] {
        var result: [String: ColumnTarget] = [:]
        for entry in entries[nil] ?? [] {
            if let target = Self.resolve(entry.target, header: entry.header, in: layout) {
                result[ColumnLayout.normalise(entry.header)] = target
            }
        }
        for entry in entries[layout] ?? [] {
            if let target = Self.resolve(entry.target, header: entry.header, in: layout) {
                result[ColumnLayout.normalise(entry.header)] = target
            }
        }
        return result
    }

    /// `client.[Name]` or `client.Name` names a custom field; returns Name.
    static func customFieldName(_ header: String) -> String? {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("client.") else { return nil }
        var name = trimmed.dropFirst("client.".count)
        if name.hasPrefix("[") && name.hasSuffix("]") && name.count >= 2 {
            name = name.dropFirst().dropLast()
        }
        return name.trimmingCharacters(in: .whitespaces)
    }

    private static func locate(_ key: String, in text: String, path: String) -> SourceLocation {
        let needle = "\"\(key)\""
        guard let range = text.range(of: needle) else { return SourceLocation(file: path, line: 1, column: 1) }
        let before = text[..<range.lowerBound]
        let line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        let column = before.reversed().prefix { $0 != "\n" }.count + 1
        return SourceLocation(file: path, line: line, column: column)
    }

    /// Foundation's JSON errors say "around character N" (or "around line L, column C"); point
    /// there when they do.
    private static func jsonErrorLocation(_ description: String, text: String, path: String) -> SourceLocation {
        let numbers = description.components(separatedBy: CharacterSet.decimalDigits.inverted).compactMap { Int($0) }
        if description.contains("line"), numbers.count >= 2 {
            return SourceLocation(file: path, line: numbers[numbers.count - 2], column: numbers[numbers.count - 1])
        }
        if description.contains("character"), let offset = numbers.last {
            let before = text.prefix(offset)
            let line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            let column = before.reversed().prefix { $0 != "\n" }.count + 1
            return SourceLocation(file: path, line: line, column: column)
        }
        return SourceLocation(file: path, line: 1, column: 1)
    }

    /// The message without its place (printed in front already) or final full stop.
    private static func cleaned(_ description: String) -> String {
        var text = description
        if let range = text.range(of: " around ") { text = String(text[..<range.lowerBound]) }
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }

    private static func describe(_ error: Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}

/// A cursor over one line of the TOML subset.
private struct TOMLLine {
    var text: [Unicode.Scalar]
    var line: Int
    var path: String
    var index = 0

    init(text: [Unicode.Scalar], line: Int, path: String) {
        self.text = text.last == "\r" ? Array(text.dropLast()) : text
        self.line = line
        self.path = path
    }

    var atEnd: Bool { index >= text.count }
    var peek: Unicode.Scalar? { atEnd ? nil : text[index] }
    var location: SourceLocation { location(at: index + 1) }

    func location(at column: Int) -> SourceLocation { SourceLocation(file: path, line: line, column: column) }

    mutating func advance() { index += 1 }

    mutating func skipSpace() {
        while let c = peek, c == " " || c == "\t" { advance() }
    }

    mutating func expect(_ c: Unicode.Scalar) throws(ReadError) {
        skipSpace()
        guard peek == c else { throw ReadError(location, "expected '\(c)'") }
        advance()
        skipSpace()
    }

    mutating func expectEnd() throws(ReadError) {
        skipSpace()
        guard atEnd || peek == "#" else { throw ReadError(location, "unexpected text after the value") }
    }

    mutating func key() throws(ReadError) -> String {
        skipSpace()
        if peek == "\"" { return try string() }
        var scalars = String.UnicodeScalarView()
        while let c = peek, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-" || c == "_" {
            scalars.append(c)
            advance()
        }
        guard !scalars.isEmpty else { throw ReadError(location, "expected a key") }
        skipSpace()
        return String(scalars)
    }

    mutating func string() throws(ReadError) -> String {
        skipSpace()
        let start = location
        guard peek == "\"" else { throw ReadError(location, "expected a quoted string") }
        advance()
        var scalars = String.UnicodeScalarView()
        while let c = peek {
            advance()
            if c == "\"" {
                skipSpace()
                return String(scalars)
            }
            if c == "\\" {
                guard let escaped = peek else { break }
                advance()
                switch escaped {
                case "\"": scalars.append("\"")
                case "\\": scalars.append("\\")
                case "t": scalars.append("\t")
                case "n": scalars.append("\n")
                default: throw ReadError(location(at: index), "unknown escape '\\\(escaped)'")
                }
            } else {
                scalars.append(c)
            }
        }
        throw ReadError(start, "unterminated string")
    }
}
