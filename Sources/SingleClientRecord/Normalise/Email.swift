/// An e-mail address trimmed and lower-cased, with its domain as a feature of its own.
///
/// Free-mail domains (gmail, outlook, bigpond, xtra, ...) are known, so that sharing one says
/// nothing about two records being one client.
///
///     NormalisedEmail(" Info@ACME.example ")  // address "info@acme.example", domain "acme.example"
public struct NormalisedEmail: Hashable, Sendable, Codable {
    public var address: String
    /// Where the `@` is in `address`; nil when there is not exactly one.
    private var at: String.Index?
    var isFreeMail: Bool
    /// One `@`, a non-empty local part and a domain with a dot.
    var isValid: Bool

    public init?(_ raw: String) {
        // Lower case, without a `mailto:` and without the brackets, quotes, spaces and trailing dots
        // around it; from "Name <address>", the address.
        var source = raw.replacingNonBreakingSpaces
        if source.containsByte(UInt8(ascii: "<")), let open = source.lastIndex(of: "<"),
            let close = source[open...].firstIndex(of: ">"),
            source[open..<close].contains("@")
        {
            source = String(source[source.index(after: open)..<close])
        }
        var bytes = Array(source.utf8)
        func isWrapper(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
        }
        for i in bytes.indices where bytes[i] >= 0x41 && bytes[i] <= 0x5A { bytes[i] |= 0x20 }
        var start = 0
        var end = bytes.count
        while start < end && isWrapper(bytes[start]) { start += 1 }
        if bytes[start..<end].starts(with: Self.mailto) { start += 7 }
        while start < end && isWrapper(bytes[start]) { start += 1 }
        while end > start && (isWrapper(bytes[end - 1]) || bytes[end - 1] == UInt8(ascii: ".")) { end -= 1 }
        if start == end { return nil }
        let text = bytes[start..<end]
        let address = String(decoding: text, as: UTF8.self)
        self.address = address
        let atCount = text.count { $0 == UInt8(ascii: "@") }
        let at = atCount == 1 ? address.utf8.firstIndex(of: UInt8(ascii: "@")) : nil
        self.at = at
        let local = at.map { address.utf8[..<$0] }
        let domain = at.map { String(address[address.utf8.index(after: $0)...]) } ?? ""
        let domainBytes = domain.utf8
        isValid =
            atCount == 1 && local?.isEmpty == false && domainBytes.contains(UInt8(ascii: "."))
            && domainBytes.first != UInt8(ascii: ".") && domainBytes.last != UInt8(ascii: ".")
            && !text.contains(0x20)
        isFreeMail = Self.isFreeMail(domain)
    }

    /// A free-mail domain or one of its subdomains (`mail.bigpond.com`).
    static func isFreeMail(_ domain: String) -> Bool {
        if freeMailDomains.contains(domain) { return true }
        // Subdomains: every free-mail domain has one or two dots, so only look past a first label
        // when two or more dots remain after it.
        let bytes = Array(domain.utf8)
        guard bytes.count(where: { $0 == UInt8(ascii: ".") }) >= 2 else { return false }
        var start = 0
        while let dot = bytes[start...].firstIndex(of: UInt8(ascii: ".")) {
            start = dot + 1
            let rest = bytes[start...]
            guard rest.contains(UInt8(ascii: ".")) else { break }
            if freeMailDomains.contains(String(decoding: rest, as: UTF8.self)) { return true }
        }
        return false
    }

    private static let mailto = Array("mailto:".utf8)

    /// The part before the `@` (the whole address when it has no single `@`).
    public var local: String { at.map { String(address[..<$0]) } ?? address }

    /// The part after the `@`, where the mail is served: a feature of its own.
    public var domain: String { at.map { String(address[address.utf8.index(after: $0)...]) } ?? "" }

    private enum CodingKeys: String, CodingKey { case address, local, domain, isFreeMail, isValid }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(address, forKey: .address)
        try container.encode(local, forKey: .local)
        try container.encode(domain, forKey: .domain)
        try container.encode(isFreeMail, forKey: .isFreeMail)
        try container.encode(isValid, forKey: .isValid)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let email = NormalisedEmail(try container.decode(String.self, forKey: .address)) else {
            throw DecodingError.dataCorruptedError(forKey: .address, in: container, debugDescription: "empty address")
        }
        self = email
    }

    /// Every address in a field that may hold several (`a@x.com; b@y.com`).
    public static func all(in raw: String) -> [NormalisedEmail] {
        func isSeparator(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: ";") || byte == UInt8(ascii: ",") || byte == 0x20 || byte == 0x0A || byte == 0x0D
                || byte == 0x09
        }
        if !raw.containsAnyByte({ isSeparator($0) && $0 != 0x20 }) {
            return NormalisedEmail(raw).map { [$0] } ?? []
        }
        return raw.utf8.split(whereSeparator: isSeparator).compactMap {
            NormalisedEmail(String(decoding: $0, as: UTF8.self))
        }
    }

    /// Domains of mail services anyone can sign up to, common in AU, NZ and the UK.
    public static let freeMailDomains: Set<String> = [
        "gmail.com", "googlemail.com", "outlook.com", "outlook.com.au", "hotmail.com", "hotmail.com.au",
        "hotmail.co.uk", "hotmail.co.nz", "live.com", "live.com.au", "live.co.uk", "msn.com", "yahoo.com",
        "yahoo.com.au", "yahoo.co.uk", "yahoo.co.nz", "ymail.com", "icloud.com", "me.com", "mac.com",
        "aol.com", "protonmail.com", "proton.me", "bigpond.com", "bigpond.net.au", "bigpond.com.au",
        "optusnet.com.au", "iinet.net.au", "tpg.com.au", "internode.on.net", "westnet.com.au", "dodo.com.au",
        "ozemail.com.au", "xtra.co.nz", "slingshot.co.nz", "orcon.net.nz", "vodafone.co.nz", "clear.net.nz",
        "paradise.net.nz", "btinternet.com", "sky.com", "virginmedia.com", "talktalk.net", "ntlworld.com",
        "gmx.com", "mail.com", "zoho.com", "fastmail.com",
    ]
}

extension String {
    /// No-break spaces (U+00A0, U+202F) as plain spaces; the string itself when it has none.
    var replacingNonBreakingSpaces: String {
        guard containsAnyByte({ $0 == 0xC2 || $0 == 0xE2 }) else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\u{A0}" || $0 == "\u{202F}" ? " " : $0 }))
    }
}
