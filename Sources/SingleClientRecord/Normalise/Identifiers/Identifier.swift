/// The kinds of tax and company identifier the engine validates.
public enum IdentifierKind: String, Sendable, Codable, CaseIterable {
    case abn = "ABN"
    case acn = "ACN"
    case tfn = "TFN"
    case ird = "IRD number"
    case nzbn = "NZBN"
    case nzCompanyNumber = "NZ company number"
    case utr = "UTR"
    case vat = "VAT number"
    case companiesHouse = "Companies House number"
    /// A masked XPM `TaxNumber` (`******123`): only its last three digits are known.
    case maskedTaxNumber = "masked tax number"
    /// Something in an identifier field that fits no known kind.
    case unrecognised = "unrecognised"
}

/// An identifier as read, in canonical form, with whether its checksum holds.
///
/// An invalid identifier is kept (flagged) so that a person can see it; matching never counts it as
/// strong evidence.
///
///     Identifier.businessNumber("51 824 753 556", country: .au)
///     // Identifier(kind: .abn, value: "51824753556", isValid: true)
public struct Identifier: Hashable, Sendable, Codable {
    public var kind: IdentifierKind
    /// Digits only (UK numbers keep their letter prefix, upper case); for a masked number, the
    /// visible last digits.
    public var value: String
    public var isValid: Bool

    public init(kind: IdentifierKind, value: String, isValid: Bool) {
        self.kind = kind
        self.value = value
        self.isValid = isValid
    }

    public var isMasked: Bool { kind == .maskedTaxNumber }

    /// The value grouped the way people write it (`51 824 753 556`), for reasons and reports.
    public var display: String {
        func grouped(_ sizes: [Int]) -> String {
            var parts: [Substring] = []
            var rest = Substring(value)
            for size in sizes where !rest.isEmpty {
                parts.append(rest.prefix(size))
                rest = rest.dropFirst(size)
            }
            if !rest.isEmpty { parts.append(rest) }
            return parts.joined(separator: " ")
        }
        guard isValid else { return value }
        switch kind {
        case .abn: return grouped([2, 3, 3, 3])
        case .acn, .tfn, .ird: return grouped([3, 3, 3])
        case .vat: return "GB " + grouped([3, 4, 2])
        case .maskedTaxNumber: return "******" + value
        default: return value
        }
    }

    // MARK: Reading the three identifier fields

    /// A `Tax Number`: TFN (AU), IRD number (NZ) or UTR (UK), or XPM's masked form.
    public static func taxNumber(_ raw: String, country: Country?) -> Identifier? {
        let trimmed = raw.trimmingSpaces
        if trimmed.isEmpty { return nil }
        if let masked = maskedDigits(trimmed) {
            return Identifier(kind: .maskedTaxNumber, value: masked, isValid: masked.count >= 3)
        }
        let digits = onlyDigits(trimmed)
        guard !digits.isEmpty, digits.count == trimmed.filter({ !" -.".contains($0) }).count else {
            return Identifier(kind: .unrecognised, value: trimmed, isValid: false)
        }
        let candidates: [(IdentifierKind, Bool)] = [
            (.tfn, digits.count == 9 && AustralianIdentifiers.isValidTFN(digits)),
            (.ird, (digits.count == 8 || digits.count == 9) && NewZealandIdentifiers.isValidIRD(digits)),
            (.utr, digits.count == 10 && UnitedKingdomIdentifiers.isValidUTR(digits)),
        ]
        let value = digits.count == 8 ? "0" + digits : digits
        return pick(
            candidates, preferred: country.map { [.au: IdentifierKind.tfn, .nz: .ird, .gb: .utr][$0]! },
            digits: digits, normalise: { $0 == .ird ? value : digits })
    }

    /// A `Business Number`: ABN (AU), NZBN (NZ) or VAT number (UK).
    public static func businessNumber(_ raw: String, country: Country?) -> Identifier? {
        var trimmed = raw.trimmingSpaces.uppercased()
        if trimmed.isEmpty { return nil }
        let hadGB = trimmed.hasPrefix("GB")
        if hadGB { trimmed.removeFirst(2) }
        let digits = onlyDigits(trimmed)
        guard !digits.isEmpty, digits.count * 2 >= trimmed.count else {
            return Identifier(kind: .unrecognised, value: raw.trimmingSpaces, isValid: false)
        }
        let candidates: [(IdentifierKind, Bool)] = [
            (.abn, digits.count == 11 && AustralianIdentifiers.isValidABN(digits)),
            (.nzbn, digits.count == 13 && NewZealandIdentifiers.isValidNZBN(digits)),
            (.vat, (digits.count == 9 || digits.count == 12) && UnitedKingdomIdentifiers.isValidVAT(digits)),
        ]
        let preferred: IdentifierKind? =
            hadGB ? .vat : country.map { [.au: IdentifierKind.abn, .nz: .nzbn, .gb: .vat][$0]! }
        return pick(candidates, preferred: preferred, digits: digits, normalise: { _ in digits })
    }

    /// A `Company Number`: ACN (AU), NZ company number or UK Companies House number.
    public static func companyNumber(_ raw: String, country: Country?) -> Identifier? {
        let trimmed = raw.trimmingSpaces.uppercased()
        if trimmed.isEmpty { return nil }
        if let crn = UnitedKingdomIdentifiers.companiesHouseNumber(trimmed),
            country == .gb || !crn.allSatisfy(\.isNumber)
        {
            return Identifier(kind: .companiesHouse, value: crn, isValid: true)
        }
        let digits = onlyDigits(trimmed)
        guard !digits.isEmpty, digits.count * 2 >= trimmed.count else {
            return Identifier(kind: .unrecognised, value: raw.trimmingSpaces, isValid: false)
        }
        switch country {
        case .nz:
            return Identifier(kind: .nzCompanyNumber, value: digits, isValid: digits.count <= 8)
        case .gb:
            let crn = UnitedKingdomIdentifiers.companiesHouseNumber(digits)
            return Identifier(kind: .companiesHouse, value: crn ?? digits, isValid: crn != nil)
        default:
            if digits.count == 9 {
                return Identifier(kind: .acn, value: digits, isValid: AustralianIdentifiers.isValidACN(digits))
            }
            if country == nil, digits.count <= 8 {
                return Identifier(kind: .nzCompanyNumber, value: digits, isValid: digits.count >= 5)
            }
            return Identifier(kind: .acn, value: digits, isValid: false)
        }
    }

    /// The valid candidate (the country's own first); else the country's kind, flagged invalid.
    private static func pick(
        _ candidates: [(IdentifierKind, Bool)], preferred: IdentifierKind?, digits: String,
        normalise: (IdentifierKind) -> String
    ) -> Identifier {
        let valid = candidates.filter(\.1).map(\.0)
        if let preferred, valid.contains(preferred) {
            return Identifier(kind: preferred, value: normalise(preferred), isValid: true)
        }
        if let first = valid.first {
            return Identifier(kind: first, value: normalise(first), isValid: true)
        }
        let kind = preferred ?? candidates.first!.0
        return Identifier(kind: kind, value: digits, isValid: false)
    }

    /// `******123`, `***-**-123`, `XXXXXX123`: the visible trailing digits of a masked number.
    static func maskedDigits(_ text: String) -> String? {
        guard text.contains(where: { $0 == "*" || $0 == "X" || $0 == "x" || $0 == "•" }) else { return nil }
        let tail = text.reversed().prefix { $0.isNumber }
        guard text.dropLast(tail.count).allSatisfy({ "*Xx•- ".contains($0) }) else { return nil }
        return String(tail.reversed())
    }

    static func onlyDigits(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x30 && $0.value <= 0x39 }))
    }
}

/// The digits of a string as integers (ASCII digits only).
@inline(__always)
func digitValues(_ digits: String) -> [Int] { digits.utf8.map { Int($0) - 48 } }
