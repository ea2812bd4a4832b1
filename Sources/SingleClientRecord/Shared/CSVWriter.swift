/// Writes CSV (RFC 4180: comma-separated, CRLF-free `\n` lines, quotes doubled inside quoted
/// cells) with every cell neutralised against formula injection: a cell that a spreadsheet would
/// run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading
/// `'`, which spreadsheets show as text. Every CSV the engine writes for people goes through it.
///
///     var csv = CSVWriter()
///     csv.row(["name", "note"])
///     csv.row(["=HYPERLINK(\"x\")", "a, b"])
///     csv.text  // "name,note\n\"'=HYPERLINK(\"\"x\"\")\",\"a, b\"\n"
///
/// - Complexity: O(n) in the bytes written.
struct CSVWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func row(_ cells: [String]) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            append(Self.neutralised(cell))
        }
        bytes.append(0x0A)
    }

    /// The cell with a leading `'` when a spreadsheet would read it as a formula.
    static func neutralised(_ cell: String) -> String {
        guard let first = cell.utf8.first else { return cell }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: return "'" + cell
        default: return cell
        }
    }

    private mutating func append(_ cell: String) {
        let needsQuotes = cell.utf8.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
        }
        guard needsQuotes else {
            bytes.append(contentsOf: cell.utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for byte in cell.utf8 {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
