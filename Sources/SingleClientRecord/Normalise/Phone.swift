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
    var e164: String?
    /// The digits as written (after a leading `+`, kept as `+`).
    public var digits: String
    public var kind: PhoneKind
    public var country: Country?
    var isShared = false

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
            } else if !digitBytes.isEmpty
                && (byte == UInt8(ascii: "#") || (byte | 0x20) == UInt8(ascii: "x")
                    || (byte | 0x20) == UInt8(ascii: "e"))
            {
                break  // an extension: "x123", "ext 12", "#12"
            } else if byte == UInt8(ascii: ".") && previous >= 0x30 && previous <= 0x39 && digitBytes.count >= 6 {
                break  // Excel's ".0" after a number stored as a float
            }
            previous = byte
        }
        let digits = String(decoding: digitBytes, as: UTF8.self)
        guard digits.count >= 6 else { return nil }
        self.digits = (plus ? "+" : "") + digits

        // International form: +CC, 00CC, or a known calling code and a full number without either.
        var national: String
        var country: Country?
        let leadingZeros = digits.utf8.prefix(2).elementsEqual([0x30, 0x30])
        var international = plus ? digits : (leadingZeros ? String(digits.dropFirst(2)) : nil)
        if international == nil, let code = Self.bareInternationalCode(digits) { international = code }
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
            // A spreadsheet that stored the number as a number dropped its trunk 0.
            if !national.hasPrefix("0"), let first = national.utf8.first {
                let restored = "0" + national
                if Self.classify(restored, country!).1 && first != UInt8(ascii: "1") { national = restored }
            }
        }
        self.country = country
        let (kind, valid) = Self.classify(national, country!)
        self.kind = kind
        e164 = valid ? "+" + country!.callingCode + national.dropFirst() : nil
    }

    /// `61 2 9876 5432` written without `+`: the digits when they start with a known calling code
    /// and have an international number's length.
    static func bareInternationalCode(_ digits: String) -> String? {
        var copy = digits
        let isInternational = copy.withUTF8 { d -> Bool in
            guard d.count >= 10 else { return false }
            switch (d[0], d[1]) {
            case (UInt8(ascii: "6"), UInt8(ascii: "1")): return d.count == 11
            case (UInt8(ascii: "6"), UInt8(ascii: "4")): return d.count == 10 || d.count == 11
            case (UInt8(ascii: "4"), UInt8(ascii: "4")):
                return (d.count == 11 || d.count == 12) && d[2] != UInt8(ascii: "0")
            default: return false
            }
        }
        return isInternational ? digits : nil
    }

    /// Every number in a field that may hold several (`0412 345 678 / 02 9876 5432`).
    public static func all(in raw: String, country: Country?) -> [NormalisedPhone] {
        let hasSeparator = raw.containsAnyByte {
            $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "|")
                || $0 == 0x0A
        }
        guard hasSeparator else {
            return NormalisedPhone(raw, country: country).map { [$0] } ?? []
        }
        let parts = raw.split(whereSeparator: { $0 == "/" || $0 == ";" || $0 == "," || $0 == "|" || $0 == "\n" })
        guard parts.count > 1 else { return NormalisedPhone(raw, country: country).map { [$0] } ?? [] }
        let phones = parts.compactMap { NormalisedPhone(String($0), country: country) }
        // "02 9876 5432 / 5433" is one number with a second ending: keep the first reading then.
        return phones.count == parts.count
            ? phones : (NormalisedPhone(String(parts[0]), country: country).map { [$0] } ?? [])
    }

    /// The kind of a national number (with its trunk 0) and whether it is a full number.
    static func classify(_ national: String, _ country: Country) -> (PhoneKind, Bool) {
        var copy = national
        return copy.withUTF8 { classify($0, country) }
    }

    static func classify(_ d: UnsafeBufferPointer<UInt8>, _ country: Country) -> (PhoneKind, Bool) {
        let n = d.count
        // AU's 13, 1300 and 1800 numbers have no trunk 0.
        if country == .au, n >= 6, d[0] == UInt8(ascii: "1"), d[1] == UInt8(ascii: "3") || d[1] == UInt8(ascii: "8") {
            return (.service, false)
        }
        guard n >= 2, d[0] == UInt8(ascii: "0") else { return (.unknown, false) }
        func at(_ i: Int) -> UInt8 { i < n ? d[i] &- 48 : 255 }
        switch country {
        case .au:
            switch at(1) {
            case 4: return (.mobile, n == 10)
            case 2, 3, 7, 8: return (.landline, n == 10)
            default: return (.unknown, false)
            }
        case .nz:
            if at(1) == 2 && at(2) != 4 { return (.mobile, n >= 9 && n <= 11) }
            if (at(1) == 8 && at(2) == 0 && at(3) == 0) || (at(1) == 5 && at(2) == 0 && at(3) == 8) {
                return (.service, false)
            }
            if [3, 4, 6, 7, 9].contains(at(1)) { return (.landline, n == 9) }
            return (.unknown, false)
        case .gb:
            if at(1) == 7 && at(2) != 0 && at(2) != 6 { return (.mobile, n == 11) }
            if at(1) == 1 || at(1) == 2 || at(1) == 3 { return (.landline, n == 10 || n == 11) }
            if at(1) == 8 { return (.service, false) }
            return (.unknown, false)
        }
    }
}
