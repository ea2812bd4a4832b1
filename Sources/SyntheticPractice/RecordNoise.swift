import SingleClientRecord

/// How often each kind of difference is written into a record, by noise level.
///
/// Each record (an HQ or XPM copy of a client) draws its own noise, so a client's two copies
/// differ independently. `default` holds the rates below; `low` halves them, `high` doubles them
/// (and adds two-edit typos and swapped first and last names); `none` writes every copy the same,
/// apart from what the layouts themselves differ in (XPM's masked tax number, its date form).
struct NoiseRates {
    var typo = 0.06
    /// The share of typos that make a second edit (`high` only).
    var secondEdit = 0.0
    var caseChange = 0.08
    var legalForm = 0.30
    var thePrefix = 0.25
    var trusteeForm = 0.10
    var lastFirst = 0.10
    var emptyName = 0.10
    var nickname = 0.03
    var swappedNames = 0.0
    var accentsDropped = 0.30
    var missingEmail = 0.15
    var missingPhone = 0.15
    var missingAddress = 0.10
    /// Per record: about 25% of clients in both lists miss the date of birth on one side.
    var missingBirth = 0.146
    /// Per record: about 20% of clients miss the business number on one side.
    var missingBusinessNumber = 0.113
    var missingCompanyNumber = 0.06
    var missingTaxNumber = 0.10
    var phoneFormat = 0.40
    var streetAbbreviation = 0.30
    var emailChanged = 0.05
    var moved = 0.04
    var spacedIdentifier = 0.30
    var emailCase = 0.05
    var regionSpelledOut = 0.20
    var dayFirstDate = 0.30
    var websiteForm = 0.30
    var groupDropped = 0.08
    var countryCode = 0.05

    init(_ level: NoiseLevel) {
        let factor: Double =
            switch level {
            case .none: 0
            case .low: 0.5
            case .default: 1
            case .high: 2
            }
        scale(by: factor)
        if level == .high {
            secondEdit = 0.3
            swappedNames = 0.02
        }
    }

    /// Every rate times `factor`, at most 0.9.
    mutating func scale(by factor: Double) {
        let rates: [WritableKeyPath<NoiseRates, Double>] = [
            \.typo, \.caseChange, \.legalForm, \.thePrefix, \.trusteeForm, \.lastFirst, \.emptyName, \.nickname,
            \.accentsDropped, \.missingEmail, \.missingPhone, \.missingAddress, \.missingBirth,
            \.missingBusinessNumber, \.missingCompanyNumber, \.missingTaxNumber, \.phoneFormat,
            \.streetAbbreviation, \.emailChanged, \.moved, \.spacedIdentifier, \.emailCase, \.regionSpelledOut,
            \.dayFirstDate, \.websiteForm, \.groupDropped, \.countryCode,
        ]
        for rate in rates { self[keyPath: rate] = min(0.9, self[keyPath: rate] * factor) }
    }

    /// A re-keyed duplicate is "lightly different": more typos, gaps and other phone formats.
    var forDuplicate: NoiseRates {
        var rates = self
        rates.typo = min(0.9, typo * 4)
        rates.missingEmail = min(0.9, missingEmail * 2)
        rates.missingPhone = min(0.9, missingPhone * 2)
        rates.missingAddress = min(0.9, missingAddress * 2)
        rates.missingBusinessNumber = min(0.9, missingBusinessNumber * 2)
        rates.missingTaxNumber = min(0.9, missingTaxNumber * 2)
        rates.phoneFormat = min(0.9, phoneFormat * 2)
        return rates
    }
}

/// One record's values as its list writes them.
struct RecordView {
    var name = ""
    var first = ""
    var last = ""
    var structure = ""
    var email = ""
    var phone = ""
    var mobile = ""
    var website = ""
    var address = ""
    var city = ""
    var region = ""
    var postcode = ""
    var country = ""
    var postalAddress = ""
    var postalCity = ""
    var postalRegion = ""
    var postalPostcode = ""
    var postalCountry = ""
    var tax = ""
    var business = ""
    var company = ""
    var birth = ""
    var groups: [Int32] = []
    var archived = false
    var contacts: [PracticePerson] = []
}

/// Misspellings, as people make them: one letter swapped with the next, dropped, doubled or
/// replaced by a keyboard neighbour. Only ASCII letters are edited, so accents stay whole.
enum Typo {
    static func apply(_ text: String, _ random: inout SeededRandom) -> String {
        var bytes = Array(text.utf8)
        var letters: [Int] = []
        for (index, byte) in bytes.enumerated() where isLetter(byte) { letters.append(index) }
        guard letters.count >= 4 else { return text }
        // Not the first letter: people rarely misspell a name's start.
        let i = letters[1 + random.below(letters.count - 1)]
        switch random.below(4) {
        case 0 where i + 1 < bytes.count && isLetter(bytes[i + 1]) && bytes[i] | 0x20 != bytes[i + 1] | 0x20:
            bytes.swapAt(i, i + 1)
        case 1:
            bytes.remove(at: i)
        case 2:
            bytes.insert(bytes[i], at: i)
        default:
            let lower = bytes[i] | 0x20
            let row = neighbours[Int(lower - 0x61)]
            let replacement = row[random.below(row.count)]
            bytes[i] = bytes[i] & 0x20 == 0 ? replacement & ~0x20 : replacement
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    /// Each letter's neighbours on a QWERTY keyboard.
    static let neighbours: [[UInt8]] = [
        "qwsz", "vghn", "xdfv", "serfcx", "wsdr", "drtgvc", "ftyhbv", "gyujnb", "ujko", "huikmn", "jiolm", "kop",
        "njk", "bhjm", "iklp", "ol", "wa", "edft", "awedxz", "rfgy", "yhji", "cfgb", "qase", "zsdc", "tghu", "asx",
    ].map { Array($0.utf8) }
}

extension String {
    /// The accents taken off, case kept (`Zoë` → `Zoe`, `MÜLLER` → `MULLER`).
    var withoutAccents: String {
        guard utf8.contains(where: { $0 >= 0x80 }) else { return self }
        var scalars = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar.value >= 0x80, let ascii = asciiLetter(of: scalar) {
                let upper = scalar.properties.isUppercase
                scalars.append(Unicode.Scalar(upper ? ascii & ~0x20 : ascii))
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Upper-cases the first letter of each dot-separated part of an e-mail's local part
    /// (`sarah.brown@x` → `Sarah.Brown@x`).
    var capitalisedEmail: String {
        var bytes = Array(utf8)
        var start = true
        for index in bytes.indices {
            if bytes[index] == UInt8(ascii: "@") { break }
            if start, bytes[index] >= 0x61 && bytes[index] <= 0x7A { bytes[index] -= 0x20 }
            start = bytes[index] == UInt8(ascii: ".")
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
