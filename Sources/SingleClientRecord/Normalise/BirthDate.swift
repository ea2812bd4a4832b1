import Foundation

/// A date of birth, read from the formats the exports use: `1970-11-26`, `1970-11-26T00:00:00`,
/// `26/11/1970`, `26-11-1970`, `26.11.1970` (day first, as in AU, NZ and the UK), `1970/11/26`,
/// `19701126`, `26 Nov 1970`, and two-digit years (`26/11/70`). An impossible date (30 February,
/// month 13, before 1880, later than this year) is nil.
///
///     BirthDate("26/11/1970")  // BirthDate(year: 1970, month: 11, day: 26)
public struct BirthDate: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1880...Self.currentYear).contains(year), (1...12).contains(month), day >= 1,
            day <= Self.days(in: month, of: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public init?(_ raw: String) {
        let text = raw.trimmingSpaces
        // 19700201
        if text.utf8.count == 8, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(text) {
            self.init(year: number / 10000, month: number / 100 % 100, day: number % 100)
            return
        }
        // "1 February 1970", "01-Feb-1970": a month named in words.
        let hasLetters = text.utf8.contains { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A && $0 != UInt8(ascii: "T") }
        let words =
            hasLetters
            ? text.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "/" || $0 == "." || $0 == "," }) : []
        if words.count == 3, let month = Self.monthNumber(String(words[1])), let day = Int(words[0]),
            let year = Int(words[2])
        {
            self.init(year: Self.fullYear(year, digits: words[2].count), month: month, day: day)
            return
        }
        // Up to three runs of digits, separated by '-', '/' or '.', before any 'T' or space.
        var parts = [0, 0, 0]
        var lengths = [0, 0, 0]
        var part = 0
        var started = false
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39:
                guard part < 3, lengths[part] < 4 else { return nil }
                parts[part] = parts[part] * 10 + Int(byte - 0x30)
                lengths[part] += 1
                started = true
            case UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "."):
                guard started, part < 3, lengths[part] > 0 else { return nil }
                part += 1
            case UInt8(ascii: "T"), 0x20, 0x09:
                if started { break }
                continue
            default:
                return nil
            }
            if byte == UInt8(ascii: "T") || ((byte == 0x20 || byte == 0x09) && started) { break }
        }
        guard part == 2, lengths[2] > 0 else { return nil }
        if lengths[0] == 4 {
            self.init(year: parts[0], month: parts[1], day: parts[2])
        } else {
            self.init(year: Self.fullYear(parts[2], digits: lengths[2]), month: parts[1], day: parts[0])
        }
    }

    /// A two-digit year of birth: in this century when that is not in the future, else the last.
    static func fullYear(_ year: Int, digits: Int) -> Int {
        guard digits == 2 else { return year }
        return 2000 + year <= currentYear ? 2000 + year : 1900 + year
    }

    static func monthNumber(_ word: String) -> Int? {
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let key = word.lowercased()
        guard key.count >= 3, let index = months.firstIndex(where: { key.hasPrefix($0) }) else { return nil }
        return index + 1
    }

    /// This year, by the system clock: a date of birth cannot be after it.
    static let currentYear: Int = {
        let seconds = Int(Date().timeIntervalSince1970)
        return 1970 + seconds / 31_556_952
    }()

    static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    /// Encoded as `YYYY-MM-DD`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = BirthDate(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = date
    }

    public static func < (a: BirthDate, b: BirthDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}
