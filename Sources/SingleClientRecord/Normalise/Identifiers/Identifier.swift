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
    var isValid: Bool

    public init(kind: IdentifierKind, value: String, isValid: Bool) {
        self.kind = kind
        self.value = value
        self.isValid = isValid
    }

    var isMasked: Bool { kind == .maskedTaxNumber }

    /// The value grouped the way people write it (`51 824 753 556`), for reasons and reports.
    var display: String {
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

    /// The value without what spreadsheets and people add around it: a label (`TFN`, `ABN:`,
    /// `IRD No.`), Excel's `.0` on a number stored as a float, surrounding spaces.
    static func cleaned(_ raw: String) -> String {
        let trimmed = raw.trimmingSpaces
        // Most values are digits and spaces only: nothing to clean.
        // Labels start with a letter; Excel's ".0" needs a dot.
        guard let first = trimmed.utf8.first,
            (first | 0x20) >= 0x61 && (first | 0x20) <= 0x7A || trimmed.containsByte(UInt8(ascii: "."))
        else { return trimmed }
        var text = Substring(trimmed)
        let labels = [
            "TAX FILE NUMBER", "TAX NUMBER", "TAX NO", "TFN", "IRD NUMBER", "IRD NO", "IRD", "UTR", "ABN", "ACN",
            "NZBN", "VAT NO", "VAT", "CRN", "COMPANY NO", "NO",
        ]
        var changed = true
        while changed {
            changed = false
            let upper = text.uppercased()
            for label in labels where upper.hasPrefix(label) {
                let rest = text.dropFirst(label.count)
                guard let next = rest.first, next == " " || next == ":" || next == "." || next == "#" else { continue }
                text = rest.drop { $0 == " " || $0 == ":" || $0 == "." || $0 == "#" }
                changed = true
                break
            }
        }
        for tail in [".0", ".00"]
        where text.hasSuffix(tail) && text.dropLast(tail.count).allSatisfy({ $0.isNumber || $0 == " " }) {
            text = text.dropLast(tail.count)
        }
        return String(text).trimmingSpaces
    }

    /// True for a number of zeros only: what people type for "unknown".
    static func isPlaceholder(_ digits: String) -> Bool { !digits.isEmpty && digits.utf8.allSatisfy { $0 == 0x30 } }

    /// A `Tax Number`: TFN (AU), IRD number (NZ) or UTR (UK), or XPM's masked form.
    public static func taxNumber(_ raw: String, country: Country?) -> Identifier? {
        var trimmed = cleaned(raw)
        // A UTR is sometimes written with HMRC's trailing K.
        if trimmed.count == 11, trimmed.last == "K" || trimmed.last == "k", trimmed.dropLast().allSatisfy(\.isNumber) {
            trimmed.removeLast()
        }
        if trimmed.isEmpty { return nil }
        if let masked = maskedDigits(trimmed) {
            return Identifier(kind: .maskedTaxNumber, value: masked, isValid: masked.count >= 3)
        }
        let digits = onlyDigits(trimmed)
        let significant = trimmed.utf8.count {
            $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: ".")
        }
        guard !digits.isEmpty, digits.utf8.count == significant else {
            return Identifier(kind: .unrecognised, value: trimmed, isValid: false)
        }
        // The country's own kind first: most numbers are settled without trying the others.
        if country == .au && digits.utf8.count == 9 && !isPlaceholder(digits)
            && AustralianIdentifiers.isValidTFN(digits)
        {
            return Identifier(kind: .tfn, value: digits, isValid: true)
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
        var trimmed = cleaned(raw).uppercased()
        if trimmed.isEmpty { return nil }
        let hadGB = trimmed.hasPrefix("GB")
        if hadGB { trimmed.removeFirst(2) }
        let digits = onlyDigits(trimmed)
        guard !digits.isEmpty, digits.count * 2 >= trimmed.count else {
            return Identifier(kind: .unrecognised, value: raw.trimmingSpaces, isValid: false)
        }
        if !hadGB && country != .nz && country != .gb && digits.utf8.count == 11
            && AustralianIdentifiers.isValidABN(digits)
        {
            return Identifier(kind: .abn, value: digits, isValid: true)
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
        let trimmed = cleaned(raw).uppercased()
        if trimmed.isEmpty { return nil }
        let hasLetters = trimmed.utf8.contains { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
        if country == .gb || hasLetters, let crn = UnitedKingdomIdentifiers.companiesHouseNumber(trimmed),
            country == .gb || !crn.allSatisfy(\.isNumber)
        {
            return Identifier(kind: .companiesHouse, value: crn, isValid: true)
        }
        let digits = onlyDigits(trimmed)
        guard !digits.isEmpty, digits.count * 2 >= trimmed.count else {
            return Identifier(kind: .unrecognised, value: raw.trimmingSpaces, isValid: false)
        }
        if isPlaceholder(digits) {
            let kind: IdentifierKind = country == .nz ? .nzCompanyNumber : (country == .gb ? .companiesHouse : .acn)
            return Identifier(kind: kind, value: digits, isValid: false)
        }
        switch country {
        case .nz:
            return Identifier(kind: .nzCompanyNumber, value: digits, isValid: (4...8).contains(digits.count))
        case .gb:
            let crn = UnitedKingdomIdentifiers.companiesHouseNumber(digits)
            return Identifier(kind: .companiesHouse, value: crn ?? digits, isValid: crn != nil)
        default:
            // Spreadsheets drop an ACN's leading zeros: pad back to nine digits.
            if digits.count >= 7 && digits.count <= 9 {
                let padded = String(repeating: "0", count: 9 - digits.count) + digits
                if digits.count == 9 || AustralianIdentifiers.isValidACN(padded) || country == .au {
                    return Identifier(kind: .acn, value: padded, isValid: AustralianIdentifiers.isValidACN(padded))
                }
            }
            if country == nil, (4...8).contains(digits.count) {
                return Identifier(kind: .nzCompanyNumber, value: digits, isValid: true)
            }
            return Identifier(kind: .acn, value: digits, isValid: false)
        }
    }

    /// With a known country, its own kind only (valid or not); else the valid candidate, or the
    /// first kind flagged invalid. Zeros alone are never valid.
    private static func pick(
        _ candidates: [(IdentifierKind, Bool)], preferred: IdentifierKind?, digits: String,
        normalise: (IdentifierKind) -> String
    ) -> Identifier {
        if isPlaceholder(digits) {
            return Identifier(kind: preferred ?? candidates.first!.0, value: digits, isValid: false)
        }
        if let preferred {
            let valid = candidates.first { $0.0 == preferred }?.1 ?? false
            return Identifier(kind: preferred, value: valid ? normalise(preferred) : digits, isValid: valid)
        }
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
        let bytes = Array(text.utf8)
        func isMask(_ b: UInt8) -> Bool { b == UInt8(ascii: "*") || b == UInt8(ascii: "X") || b == UInt8(ascii: "x") }
        let bullet = bytes.contains(0xE2) && text.unicodeScalars.contains("•")
        guard bytes.contains(where: isMask) || bullet else { return nil }
        var end = bytes.count
        while end > 0 && bytes[end - 1] >= 0x30 && bytes[end - 1] <= 0x39 { end -= 1 }
        let head = text.utf8.count == bytes.count ? String(decoding: bytes[..<end], as: UTF8.self) : ""
        guard head.unicodeScalars.allSatisfy({ "*Xx•- ".unicodeScalars.contains($0) }) else { return nil }
        return String(decoding: bytes[end...], as: UTF8.self)
    }

    static func onlyDigits(_ text: String) -> String {
        String(decoding: text.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }, as: UTF8.self)
    }
}

/// A weighted sum of a string's ASCII digits, with no allocation: `weights[i] * digit[i]` over the
/// first `weights.count` characters. Nil when the string is not `length` ASCII digits.
///
/// - Complexity: O(length).
@inline(__always)
func weightedDigitSum(
    _ digits: String, length: Int, weights: [Int], firstDigitOffset: Int = 0
) -> (sum: Int, last: Int)? {
    guard digits.utf8.count == length else { return nil }
    var sum = 0
    var index = 0
    var last = 0
    for byte in digits.utf8 {
        guard byte >= 0x30 && byte <= 0x39 else { return nil }
        var digit = Int(byte) - 48
        if index == 0 { digit -= firstDigitOffset }
        if index < weights.count { sum += weights[index] * digit }
        last = digit
        index += 1
    }
    return (sum, last)
}

/// The digits of a string as integers (ASCII digits only; anything else gives a value out of 0...9).
@inline(__always)
func digitValues(_ digits: String) -> [Int] {
    var values: [Int] = []
    values.reserveCapacity(digits.utf8.count)
    for byte in digits.utf8 { values.append(Int(byte) - 48) }
    return values
}
