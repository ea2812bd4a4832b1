/// The legal-form words of an organisation's name, kept as a hint of the entity's type rather than
/// simply deleted: "Smith Family Trust" is the name `smith` with the form ``familyTrust``.
public enum LegalForm: String, Sendable, Codable, CaseIterable {
    case company
    case publicCompany = "public-company"
    case llp
    case communityInterestCompany = "cic"
    case lookThroughCompany = "ltc"
    case trust
    case familyTrust = "family-trust"
    case unitTrust = "unit-trust"
    case discretionaryTrust = "discretionary-trust"
    case superFund = "super-fund"
    case partnership

    /// The structure the form implies.
    public var structure: BusinessStructure {
        switch self {
        case .company, .publicCompany, .llp, .communityInterestCompany, .lookThroughCompany: .company
        case .trust, .familyTrust, .unitTrust, .discretionaryTrust: .trust
        case .superFund: .superFund
        case .partnership: .partnership
        }
    }

    /// The folded word sequences that spell each form, longest first so that "pty ltd" wins over
    /// "ltd". Matched at the end of a name.
    static let spellings: [(words: [String], form: LegalForm)] = {
        let list: [([String], LegalForm)] = [
            (["self", "managed", "superannuation", "fund"], .superFund),
            (["superannuation", "fund"], .superFund), (["super", "fund"], .superFund), (["smsf"], .superFund),
            (["staff", "superannuation", "fund"], .superFund), (["superannuation", "plan"], .superFund),
            (["family", "trust"], .familyTrust), (["unit", "trust"], .unitTrust),
            (["discretionary", "trust"], .discretionaryTrust), (["hybrid", "trust"], .trust),
            (["testamentary", "trust"], .trust), (["trust"], .trust),
            (["proprietary", "limited"], .company), (["pty", "limited"], .company), (["pty", "ltd"], .company),
            (["ptyltd"], .company), (["pl"], .company), (["pty"], .company), (["limited"], .company),
            (["ltd"], .company), (["co", "ltd"], .company), (["incorporated"], .company), (["inc"], .company),
            (["plc"], .publicCompany), (["llp"], .llp), (["cic"], .communityInterestCompany),
            (["ltc"], .lookThroughCompany), (["partnership"], .partnership),
        ]
        return list.sorted { $0.0.count > $1.0.count }
    }()

    /// The spellings by their last word, longest first: a name ending otherwise has no legal form.
    static let spellingsByLastWord: [String: [(words: [String], form: LegalForm)]] = Dictionary(
        grouping: spellings, by: { $0.words.last! })

    /// How the form was written, for reasons: `Pty Ltd`, `Family Trust`.
    static func display(_ words: [String]) -> String {
        if let known = displays[words] { return known }
        return makeDisplay(words)
    }

    private static let displays: [[String]: String] = Dictionary(
        spellings.map { ($0.words, makeDisplay($0.words)) }, uniquingKeysWith: { first, _ in first })

    private static func makeDisplay(_ words: [String]) -> String {
        words.map { word in
            switch word {
            case "pl": "P/L"
            case "smsf", "plc", "llp", "cic", "ltc": word.uppercased()
            default: word.prefix(1).uppercased() + word.dropFirst()
            }
        }.joined(separator: " ")
    }
}
