/// Text folded for comparison: lower case, accents off (Zoë = zoe, Māori = maori), punctuation and
/// white space as word boundaries, `&` and `+` as the word "and", apostrophes dropped inside words
/// (O'Brien = obrien), and abbreviations closed up: `P/L` = pl, `T/A` = ta, `A.T.F.` = atf.
///
///     Fold.tokens("The Smith & Jones P/L")  // ["the", "smith", "and", "jones", "pl"]
///
/// - Complexity: O(n) in the text's scalars; ASCII takes a table-free fast path.
enum Fold {
    static func tokens(_ text: String) -> [String] { tokens(text, keepingSlashes: false) }

    /// Tokens with each `/` kept as a token of its own (addresses: `4/88`), never joining words.
    static func tokens(_ text: String, keepingSlashes: Bool) -> [String] {
        var text = text
        if let ascii = text.withUTF8({ asciiTokens($0, keepingSlashes: keepingSlashes) }) { return ascii }
        return scalarTokens(text, keepingSlashes: keepingSlashes)
    }

    /// The same rules over ASCII bytes, without decoding scalars; nil when a byte is not ASCII.
    ///
    /// - Complexity: O(n), one small string per token.
    private static func asciiTokens(_ bytes: UnsafeBufferPointer<UInt8>, keepingSlashes: Bool) -> [String]? {
        var buffer: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // 32 bytes of scratch
        return withUnsafeMutableBytes(of: &buffer) { scratch -> [String]? in
            // State lives inside the closure: captured from outside, it would be boxed and every
            // access checked for exclusivity at run time.
            var tokens: [String] = []
            tokens.reserveCapacity(6)
            var length = 0
            var long: [UInt8] = []
            var joinNext = false
            func finish(_ boundary: UInt8) {
                guard length > 0 else {
                    if boundary != UInt8(ascii: ".") && boundary != UInt8(ascii: "/") { joinNext = false }
                    return
                }
                let first = length <= 32 ? scratch[0] : long[0]
                let singleLetter = length == 1 && first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z")
                let token =
                    length <= 32
                    ? String(decoding: UnsafeRawBufferPointer(rebasing: scratch[0..<length]), as: UTF8.self)
                    : String(decoding: long, as: UTF8.self)
                if joinNext, let last = tokens.last {
                    tokens[tokens.count - 1] = last + token
                } else {
                    tokens.append(token)
                }
                joinNext = singleLetter && (boundary == UInt8(ascii: "/") || boundary == UInt8(ascii: "."))
                length = 0
                long.removeAll(keepingCapacity: true)
            }
            func append(_ byte: UInt8) {
                if length < 32 {
                    scratch[length] = byte
                } else {
                    if length == 32 { long = Array(scratch) }
                    long.append(byte)
                }
                length += 1
            }
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                i += 1
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    append(byte | 0x20)
                case UInt8(ascii: "'"), UInt8(ascii: "`"):
                    continue
                case UInt8(ascii: "&"), UInt8(ascii: "+"):
                    finish(0)
                    joinNext = false
                    tokens.append("and")
                case UInt8(ascii: "/") where keepingSlashes:
                    finish(0)
                    joinNext = false
                    tokens.append("/")
                case UInt8(ascii: "-")
                where keepingSlashes && length > 0 && i < bytes.count
                    && (length <= 32 ? scratch[length - 1] : long[length - 1]) >= 0x30
                    && (length <= 32 ? scratch[length - 1] : long[length - 1]) <= 0x39
                    && bytes[i] >= 0x30 && bytes[i] <= 0x39:
                    append(byte)  // a street number range: 12-14
                case 0xC3...0xC9 where i < bytes.count:
                    // Latin-1 Supplement and Latin Extended-A/B letters: two bytes, folded by table.
                    let scalar = (UInt32(byte & 0x1F) << 6) | UInt32(bytes[i] & 0x3F)
                    guard let folded = FoldTable.latin(scalar) else { return nil }
                    for b in folded.utf8 { append(b) }
                    i += 1
                case 0xCC where i < bytes.count && bytes[i] >= 0x80 && bytes[i] <= 0xBF:
                    i += 1  // U+0300-U+033F: a combining accent after its letter
                case 0xCD where i < bytes.count && bytes[i] >= 0x80 && bytes[i] <= 0xAF:
                    i += 1  // U+0340-U+036F
                case 0x80...:
                    return nil
                default:
                    finish(byte)
                }
            }
            finish(0)
            return tokens
        }
    }

    /// The general path, scalar by scalar, folding accents through ``FoldTable``.
    private static func scalarTokens(_ text: String, keepingSlashes: Bool) -> [String] {
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
                case UInt8(ascii: "/") where keepingSlashes:
                    finish(nil)
                    joinNext = false
                    tokens.append("/")
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
