/// Where a value, a row or a problem sits in an input file: 1-based line and column.
///
/// Columns count characters (Unicode scalars) from the start of the line, whatever the file's
/// encoding was, so that an editor's "go to line:column" lands on the spot.
///
///     SourceLocation(file: "hq.csv", line: 14, column: 22).description  // "hq.csv:14:22"
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// How bad a problem is. Errors make `scr check` exit with status 1; warnings do not.
public enum Severity: String, Sendable, Codable, Comparable {
    case warning
    case error

    public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
}

/// One problem found in an input, printed `file:line:column: error: message`.
///
/// Messages are lower case, name the field and quote the offending token in single quotes. They
/// never carry a whole record: a token is at most what is needed to find the spot.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    var severity: Severity
    public var location: SourceLocation
    public var message: String

    public init(_ severity: Severity, _ location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    public static func error(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.error, location, message)
    }

    static func warning(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.warning, location, message)
    }

    public var description: String { "\(location): \(severity.rawValue): \(message)" }
}

/// A row or a client that could not be read: kept with its place and reason, never dropped.
///
/// `text` is what the file held there (the row's raw text, or for XML the part of the file that
/// could not be parsed, up to 64 KiB), so that nothing is lost even when a row cannot be understood.
public struct QuarantinedRow: Hashable, Sendable, Codable {
    public var file: String
    public var line: Int
    public var column: Int
    public var reason: String
    public var text: String

    public init(location: SourceLocation, reason: String, text: String) {
        self.file = location.file
        self.line = location.line
        self.column = location.column
        self.reason = reason
        self.text = text
    }

    public var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }
}

/// The per-record problem channel: readers report here and go on reading.
///
/// Every quarantined row is also an error diagnostic, so that a quarantine is never silent.
public struct DiagnosticSink: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []
    public private(set) var quarantine: [QuarantinedRow] = []

    public init() {}

    public mutating func error(_ location: SourceLocation, _ message: String) {
        diagnostics.append(.error(location, message))
    }

    mutating func warning(_ location: SourceLocation, _ message: String) {
        diagnostics.append(.warning(location, message))
    }

    /// Sets a row aside: an error diagnostic plus a quarantine entry holding the row's text.
    public mutating func quarantine(_ location: SourceLocation, _ reason: String, text: String) {
        diagnostics.append(.error(location, reason))
        quarantine.append(QuarantinedRow(location: location, reason: reason, text: text))
    }

    public mutating func append(contentsOf other: DiagnosticSink) {
        diagnostics.append(contentsOf: other.diagnostics)
        quarantine.append(contentsOf: other.quarantine)
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// A problem that makes a whole file unreadable: missing, a folder, not CSV or XML, an XPM error
/// response, a refused DOCTYPE. One clear line; the other files are still read.
public struct ReadError: Error, Hashable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    /// A problem with the file as a whole, located at its start.
    public init(file: String, _ message: String) {
        self.init(SourceLocation(file: file, line: 1, column: 1), message)
    }

    public var diagnostic: Diagnostic { .error(location, message) }
    public var description: String { diagnostic.description }
}
