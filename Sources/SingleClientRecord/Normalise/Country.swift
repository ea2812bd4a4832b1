/// The countries whose identifiers, phone numbers and postcodes the engine knows.
public enum Country: String, Sendable, Codable, CaseIterable {
    case au = "AU"
    case nz = "NZ"
    case gb = "GB"

    /// Reads a country as exports write it: `Australia`, `AU`, `AUS`, `New Zealand`, `NZ`,
    /// `Aotearoa`, `United Kingdom`, `UK`, `GB`, `England`, ... Nil for anything else.
    static func named(_ text: String) -> Country? {
        if let common = commonSpellings[text] { return common }
        return switch Fold.key(text) {
        case "au", "aus", "australia", "commonwealth of australia": .au
        case "nz", "nzl", "new zealand", "aotearoa", "aotearoa new zealand", "new zealand aotearoa": .nz
        case "gb", "gbr", "uk", "united kingdom", "great britain", "england", "scotland", "wales", "northern ireland",
            "united kingdom of great britain and northern ireland":
            .gb
        default: nil
        }
    }

    /// Spellings met on most records, looked up before any folding.
    private static let commonSpellings: [String: Country] = [
        "Australia": .au, "AU": .au, "AUS": .au, "australia": .au, "AUSTRALIA": .au,
        "New Zealand": .nz, "NZ": .nz, "new zealand": .nz, "NEW ZEALAND": .nz,
        "United Kingdom": .gb, "UK": .gb, "GB": .gb, "England": .gb,
    ]

    /// The international dialling code.
    var callingCode: String {
        switch self {
        case .au: "61"
        case .nz: "64"
        case .gb: "44"
        }
    }
}
