/// Which product a record comes from.
public enum SourceSystem: String, Hashable, Sendable, Codable, CaseIterable {
    case hq
    case xpm
}

/// One record of one export, named as plans, decisions and the store name it: its source and its
/// key (the HQ Client ID, or the XPM UUID, else ID), written `hq:KEY` or `xpm:KEY`.
///
///     let reference = RecordReference(parsing: "xpm:9f6215ff-b498")
///     reference?.reference  // "xpm:9f6215ff-b498"
public struct RecordReference: Codable, Sendable, Equatable, Hashable {
    public var source: SourceSystem
    public var key: String

    public init(source: SourceSystem, key: String) {
        self.source = source
        self.key = key
    }

    /// Reads `source:key` (the source in any case); nil when there is no known source before the
    /// first colon or no key after it.
    public init?(parsing text: some StringProtocol) {
        guard let colon = text.firstIndex(of: ":"),
            let source = SourceSystem(rawValue: String(text[..<colon]).lowercased())
        else { return nil }
        let key = String(text[text.index(after: colon)...])
        guard !key.isEmpty else { return nil }
        self.init(source: source, key: key)
    }

    /// `source:key`.
    public var reference: String { "\(source.rawValue):\(key)" }

    /// HQ before XPM, then by key: the order clusters and members take in a plan.
    var sortKey: String { "\(source == .hq ? 0 : 1)\u{0}\(key)" }
}
