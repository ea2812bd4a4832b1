/// One column of a CSV header and what the engine made of it.
public struct ColumnMapping: Hashable, Sendable, Codable {
    /// The header as written.
    public var header: String
    /// 1-based column number.
    public var column: Int
    /// The known column's label (`Email`), or `custom field 'Name'`.
    var mappedTo: String
    /// How the header was recognised: `known`, `--columns`, `client.[...]` or `unknown`.
    var how: String
}

/// The header of a CSV file mapped onto a layout's columns.
///
/// Matching is lenient (``ColumnLayout/normalise(_:)``); `--columns` overrides win; `client.[X]`
/// headers are custom fields; anything else is kept as a custom field and listed as unknown, with a
/// "did you mean" warning when it is a near miss of a known column that the file lacks.
struct HeaderMap {
    var targets: [ColumnTarget]
    var mappings: [ColumnMapping]
    var unknownColumns: [String]

    init(
        headers: [String], locations: [SourceLocation], layout: ColumnLayout,
        overrides: [String: ColumnTarget], sink: inout DiagnosticSink
    ) throws(ReadError) {
        targets = []
        mappings = []
        unknownColumns = []
        var firstColumnFor: [ColumnTarget: Int] = [:]
        var unknown: [(index: Int, normalised: String)] = []

        for (index, rawHeader) in headers.enumerated() {
            let header = rawHeader.trimmingCharacters(in: .whitespaces)
            let normalised = ColumnLayout.normalise(header)
            var target: ColumnTarget
            var how: String
            if let override = overrides[normalised] {
                target = override
                how = "--columns"
            } else if let custom = ColumnOverrides.customFieldName(header) {
                target = .custom(custom.isEmpty ? header : custom)
                how = "client.[...]"
            } else if let known = layout.column(forNormalised: normalised) {
                target = known.target
                how = "known"
            } else {
                target = .custom(header.isEmpty ? "Column \(index + 1)" : header)
                how = "unknown"
                unknown.append((index, normalised))
            }
            if case .custom = target {
            } else if let first = firstColumnFor[target] {
                sink.warning(
                    locations[index],
                    "column \(quoted(header)) means the same as column \(first + 1) (\(quoted(headers[first]))); kept as a custom field"
                )
                target = .custom(header)
                how = "duplicate"
            } else {
                firstColumnFor[target] = index
            }
            targets.append(target)
            mappings.append(
                ColumnMapping(
                    header: rawHeader, column: index + 1, mappedTo: Self.describe(target, in: layout), how: how))
        }

        var missingRequired = layout.requiredTargets.filter { firstColumnFor[$0] == nil }
        for (index, normalised) in unknown {
            let header = headers[index].trimmingCharacters(in: .whitespaces)
            unknownColumns.append(header.isEmpty ? "Column \(index + 1)" : header)
            guard let suggestion = layout.suggestion(forNormalised: normalised),
                firstColumnFor[suggestion.target] == nil
            else { continue }
            let message = "unknown column \(quoted(header)); did you mean '\(suggestion.label)'?"
            if let required = missingRequired.firstIndex(of: suggestion.target) {
                missingRequired.remove(at: required)
                throw ReadError(locations[index], message + " (the file needs a '\(suggestion.label)' column)")
            }
            sink.warning(locations[index], message + " (kept as a custom field)")
        }
        if let missing = missingRequired.first {
            let label = Self.describe(missing, in: layout)
            throw ReadError(
                locations.first ?? SourceLocation(file: "", line: 1, column: 1),
                "no '\(label)' column; add one or map a column to it with --columns")
        }
    }

    static func describe(_ target: ColumnTarget, in layout: ColumnLayout) -> String {
        if case .custom(let name) = target { return "custom field \(quoted(name))" }
        return layout.columns.first { $0.target == target }?.label ?? "\(target)"
    }
}
