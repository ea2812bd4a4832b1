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
        if has("super") || has("superannuation") || has("smsf") {
            self = .superFund
        } else if has("trust") || has("trustee") {
            self = .trust
        } else if has("partnership") || has("partners") || has("lp") {
            self = .partnership
        } else if joined.contains("sole trader") || joined.contains("sole proprietor") || has("soletrader") {
            self = .soleTrader
        } else if has("individual") || has("person") || has("personal") {
            self = .individual
        } else if has("company") || has("pty") || has("ltd") || has("limited") || has("corporation")
            || has("ltc") || has("plc") || has("llp") || has("inc") || has("incorporated") && !has("association")
        {
            self = .company
        } else if has("charity") || has("club") || has("society") || has("association")
            || joined.contains("not for profit")
            || has("nfp") || has("church")
        {
            self = .nonProfit
        } else {
            return nil
        }
    }

    /// True for the structures that are people rather than organisations.
    public var isPerson: Bool { self == .individual || self == .soleTrader }
}
