/// A value from an input as a message quotes it: `'like this'`, on one line, at most `limit`
/// characters (then `…`). Line breaks, tabs and other control or direction characters are written
/// as escapes (`\n`, `\u{202E}`), so that a cell holding a line break never splits a diagnostic
/// into two lines, or forges one.
///
///     quoted("E\nmail")  // 'E\nmail'
///
/// - Complexity: O(min(n, limit)).
func quoted(_ value: some StringProtocol, limit: Int = 100) -> String {
    var out = "'"
    var count = 0
    for character in value {
        if count == limit {
            out += "…"
            break
        }
        count += 1
        for scalar in character.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _
            where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029 || (0x202A...0x202E).contains(scalar.value)
                || (0x2066...0x2069).contains(scalar.value):
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "'"
}
