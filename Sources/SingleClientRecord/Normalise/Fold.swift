/// Text folded for comparison: lower case, accents off (Zoë = zoe, Māori = maori), punctuation and
/// white space as word boundaries, `&` and `+` as the word "and", apostrophes dropped inside words
/// (O'Brien = obrien), and abbreviations closed up: `P/L` = pl, `T/A` = ta, `A.T.F.` = atf.
///
///     Fold.tokens("The Smith & Jones P/L")  // ["the", "smith", "and", "jones", "pl"]
///
/// - Complexity: O(n) in the text's scalars; ASCII takes a table-free fast path.
public enum Fold {
    public static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current: [UInt8] = []
        current.reserveCapacity(16)
        // How the previous token ended: at a slash, or at a dot after a single letter.
        var joinNext = false

        func finish(_ boundary: Unicode.Scalar?) {
            guard !current.isEmpty else {
                if boundary != "." && boundary != "/" { joinNext = false }
                return
            }
            let singleLetter = current.count == 1 && current[0] >= UInt8(ascii: "a") && current[0] <= UInt8(ascii: "z")
            let token = String(decoding: current, as: UTF8.self)
            if joinNext, let last = tokens.last {
                tokens[tokens.count - 1] = last + token
            } else {
                tokens.append(token)
            }
            // A single letter before `/` or `.` joins the next word: P/L, T/A, t/as, A.T.F.
            joinNext = singleLetter && (boundary == "/" || boundary == ".")
            current.removeAll(keepingCapacity: true)
        }

        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                let byte = UInt8(value)
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    current.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    current.append(byte | 0x20)
                case UInt8(ascii: "'"), UInt8(ascii: "`"):
                    continue  // O'Brien, D'Arcy: one word
                case UInt8(ascii: "&"), UInt8(ascii: "+"):
                    finish(nil)
                    joinNext = false
                    tokens.append("and")
                default:
                    finish(scalar)
                }
            } else if let folded = FoldTable.letters[value] {
                current.append(contentsOf: folded.utf8)
            } else if let punctuation = FoldTable.punctuation[value] {
                if punctuation == "'" { continue }
                finish(Unicode.Scalar(punctuation.utf8.first!))
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.append(contentsOf: String(scalar).lowercased().utf8)
            } else if scalar.properties.generalCategory == .nonspacingMark {
                continue  // a combining accent after its letter
            } else {
                finish(scalar)
            }
        }
        finish(nil)
        return tokens
    }

    /// The folded tokens joined by single spaces: the form names and cities are compared in.
    public static func key(_ text: String) -> String { tokens(text).joined(separator: " ") }
}
