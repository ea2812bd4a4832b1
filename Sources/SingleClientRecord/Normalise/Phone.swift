/// What a phone number is for.
public enum PhoneKind: String, Sendable, Codable {
    case mobile
    case landline
    /// 13, 1300, 1800 (AU), 0800 (NZ, UK) and similar numbers.
    case service
    case unknown
}

/// A phone number reduced to digits and, where the country's plan allows, to E.164.
///
/// `+61 2 9876 5432`, `(02) 9876 5432` and `02 9876 5432` are one number: `+61298765432`. The
/// country comes from the number's own prefix (`+64`, `0064`), else from the record's country,
/// else from the practice's default.
///
/// ``isShared`` is set afterwards by ``Normaliser`` when several records hold the number (a
/// practice's own number, a family landline): sharing one then says less.
public struct NormalisedPhone: Hashable, Sendable, Codable {
    /// `+61298765432`, or nil when the number cannot be placed in a numbering plan.
    public var e164: String?
    /// The digits as written (after a leading `+`, kept as `+`).
    public var digits: String
    public var kind: PhoneKind
    public var country: Country?
    public var isShared = false

    /// The form two numbers are compared in: E.164 when known, else the digits.
    public var key: String { e164 ?? digits }

    public init?(_ raw: String, country fallback: Country?) {
        // The digits before any extension (`ext`, `x`, `#`), and whether a `+` leads.
        var digitBytes: [UInt8] = []
        digitBytes.reserveCapacity(16)
        var plus = false
        var previous: UInt8 = 0x20
        for byte in raw.utf8 {
            if byte >= 0x30 && byte <= 0x39 {
                digitBytes.append(byte)
            } else if byte == UInt8(ascii: "+") && digitBytes.isEmpty {
                plus = true
            } else if byte == UInt8(ascii: "#")
                || ((byte | 0x20) == UInt8(ascii: "x") && !digitBytes.isEmpty
                    && (previous == 0x20 || previous == UInt8(ascii: "."))
                    || ((byte | 0x20) == UInt8(ascii: "e") && !digitBytes.isEmpty))
            {
                break  // an extension, or "ext"
            }
            previous = byte
        }
        let digits = String(decoding: digitBytes, as: UTF8.self)
        guard digits.count >= 6 else { return nil }
        self.digits = (plus ? "+" : "") + digits

        // International form: +CC or 00CC.
        var national: String
        var country: Country?
        let international = plus ? digits : (digits.hasPrefix("00") ? String(digits.dropFirst(2)) : nil)
        if let international {
            country = Country.allCases.first { international.hasPrefix($0.callingCode) }
            guard let known = country else {
                e164 = "+" + international
                kind = .unknown
                self.country = nil
                return
            }
            national = "0" + international.dropFirst(known.callingCode.count)
            if national.hasPrefix("00") { national.removeFirst() }  // +61 (0)2 ...
        } else {
            national = digits
            country = fallback ?? .au
        }
        self.country = country
        let (kind, valid) = Self.classify(national, country!)
        self.kind = kind
        e164 = valid ? "+" + country!.callingCode + national.dropFirst() : nil
    }

    /// The kind of a national number (with its trunk 0) and whether it is a full number.
    static func classify(_ national: String, _ country: Country) -> (PhoneKind, Bool) {
        let n = national.count
        switch country {
        case .au:
            if national.hasPrefix("04") || national.hasPrefix("05") { return (.mobile, n == 10) }
            if national.hasPrefix("02") || national.hasPrefix("03") || national.hasPrefix("07")
                || national.hasPrefix("08")
            {
                return (.landline, n == 10)
            }
            if national.hasPrefix("13") || national.hasPrefix("18") { return (.service, false) }
            return (.unknown, false)
        case .nz:
            if national.hasPrefix("02") && !national.hasPrefix("024") { return (.mobile, n >= 9 && n <= 11) }
            if national.hasPrefix("0800") || national.hasPrefix("0508") { return (.service, false) }
            if ["03", "04", "06", "07", "09"].contains(where: national.hasPrefix) { return (.landline, n == 9) }
            return (.unknown, false)
        case .gb:
            if national.hasPrefix("07") && !national.hasPrefix("070") && !national.hasPrefix("076") {
                return (.mobile, n == 11)
            }
            if national.hasPrefix("01") || national.hasPrefix("02") || national.hasPrefix("03") {
                return (.landline, n == 10 || n == 11)
            }
            if national.hasPrefix("08") { return (.service, false) }
            return (.unknown, false)
        }
    }
}
