/// An e-mail address trimmed and lower-cased, with its domain as a feature of its own.
///
/// Free-mail domains (gmail, outlook, bigpond, xtra, ...) are known, so that sharing one says
/// nothing about two records being one client.
///
///     NormalisedEmail(" Info@ACME.example ")  // address "info@acme.example", domain "acme.example"
public struct NormalisedEmail: Hashable, Sendable, Codable {
    public var address: String
    public var local: String
    public var domain: String
    public var isFreeMail: Bool
    /// One `@`, a non-empty local part and a domain with a dot.
    public var isValid: Bool

    public init?(_ raw: String) {
        var text = raw.trimmingSpaces.lowercased()
        if text.hasPrefix("mailto:") { text.removeFirst(7) }
        text = text.trimmingCharacters(in: "<>\"' ")
        if text.isEmpty { return nil }
        address = text
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        local = parts.count == 2 ? String(parts[0]) : text
        domain = parts.count == 2 ? String(parts[1]) : ""
        isValid =
            parts.count == 2 && !local.isEmpty && domain.contains(".") && !domain.hasPrefix(".")
            && !domain.hasSuffix(".") && !text.contains(" ")
        isFreeMail = Self.freeMailDomains.contains(domain)
    }

    /// Every address in a field that may hold several (`a@x.com; b@y.com`).
    public static func all(in raw: String) -> [NormalisedEmail] {
        raw.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == " " || $0 == "\n" }).compactMap {
            NormalisedEmail(String($0))
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
    /// The string without any of `characters` at either end.
    func trimmingCharacters(in characters: String) -> String {
        let set = Set(characters)
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
