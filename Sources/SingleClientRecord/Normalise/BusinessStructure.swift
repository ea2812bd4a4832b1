/// One vocabulary for what kind of entity a client is, across Xero HQ's values, XPM's free text
/// ("Pty Ltd Company", "Family Trust") and Xero organisation types (`SOLE_TRADER`,
/// `SELF_MANAGED_SUPERANNUATION_FUND`, ...).
///
///     BusinessStructure("Pty Ltd Company")  // .company
///     BusinessStructure("SOLE_TRADER")      // .soleTrader
public enum BusinessStructure: String, Sendable, Codable, CaseIterable {
    case individual
    case soleTrader = "sole-trader"
    case company
    case trust
    case partnership
    case superFund = "super-fund"
    case nonProfit = "non-profit"

    /// Nil for text that names no structure the engine knows (the raw value is kept).
    public init?(_ text: String) {
        let words = Fold.tokens(String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "_" ? " " : $0 })))
        let joined = words.joined(separator: " ")
        func has(_ word: String) -> Bool { words.contains(word) }
        if joined.isEmpty { return nil }
        // Words that name a structure outright come first; generic company words last.
        let wordSet = Set(words)
        func any(_ list: String...) -> Bool { list.contains { wordSet.contains($0) } }
        if joined.contains("trustee company") || joined.contains("corporate trustee") {
            self = .company
        } else if any("super", "superannuation", "smsf") {
            self = .superFund
        } else if any("trust", "trustee", "estate") {
            self = .trust
        } else if any("partnership", "partners", "lp") {
            self = .partnership
        } else if joined.contains("sole trader") || joined.contains("sole proprietor") || has("soletrader") {
            self = .soleTrader
        } else if any("individual", "person", "personal") {
            self = .individual
        } else if any("charity", "charitable", "club", "society", "association", "nfp", "nonprofit", "church")
            || joined.contains("not for profit") || joined.contains("non profit")
        {
            self = .nonProfit
        } else if any("company", "pty", "ltd", "limited", "corporation", "ltc", "plc", "llp", "inc", "incorporated") {
            self = .company
        } else {
            return nil
        }
    }

    /// True for the structures that are people rather than organisations.
    public var isPerson: Bool { self == .individual || self == .soleTrader }
}
