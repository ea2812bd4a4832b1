import Foundation
import SingleClientRecord
import SyntheticPractice

/// A generated practice's exports a month later: the same files with new clients added, some XPM
/// clients renamed or given a new e-mail, and some XPM clients keyed again as a new duplicate.
/// It works on the generator's text (one XPM `<Client>` per line), so every record that did not
/// change keeps its bytes; `truth.csv` gains the new records.
///
///     var month = NextMonth(newClients: 40, seed: 9)
///     month.renames["xpm:9a1f…"] = "Harbour Renamed Pty Ltd"
///     try month.write(from: "practice", to: "next")
public struct NextMonth {
    /// Real clients new this month, from a practice generated with `seed`, keyed apart from the
    /// first month's (`HQ-N…`, XPM IDs starting 9).
    public var newClients: Int
    public var seed: Int
    /// New names, by XPM reference (`xpm:UUID`).
    public var renames: [String: String] = [:]
    /// New client e-mail addresses, by XPM reference.
    public var emails: [String: String] = [:]
    /// XPM references to copy as a new record with a new ID and UUID.
    public var duplicates: [String] = []
    /// New business numbers (ABNs), by XPM reference.
    public var businessNumbers: [String: String] = [:]
    /// XPM references whose records leave the export.
    public var removed: [String] = []

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(newClients: Int, seed: Int) {
        self.newClients = newClients
        self.seed = seed
    }

    /// Writes hq.csv, xpm.xml and truth.csv into `folder`; returns the references of the new
    /// duplicates, in the order of ``duplicates``.
    @discardableResult
    public func write(from month: String, to folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
        let fresh = PracticeGenerator.generate(.init(clients: newClients, seed: UInt64(seed)))
        let freshHQ = String(decoding: fresh.hqCSV, as: UTF8.self)
            .replacingOccurrences(of: "\nHQ-", with: "\nHQ-N")
        let freshXPM = String(decoding: fresh.xpmXML, as: UTF8.self)
            .replacingOccurrences(of: "<Client><ID>", with: "<Client><ID>9")
        let freshTruth = String(decoding: fresh.truthCSV, as: UTF8.self)
            .replacingOccurrences(of: ",HQ-", with: ",HQ-N").replacingOccurrences(of: ",E", with: ",N")

        // HQ: the first month's rows, then the new clients' rows.
        var hq = try text(month + "/hq.csv")
        if !hq.utf8.reversed().starts(with: [UInt8(ascii: "\n")]) { hq += "\r\n" }
        // After the header line (the rows end in CRLF, one Character in Swift: look for the byte).
        if let header = freshHQ.utf8.firstIndex(of: UInt8(ascii: "\n")) {
            hq += freshHQ[freshHQ.utf8.index(after: header)...]
        }

        // XPM: each client line edited as asked, duplicates after the first month's clients.
        var lines = try text(month + "/xpm.xml").split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        func insertBeforeEnd(_ clients: [String]) throws {
            guard let end = lines.lastIndex(where: { $0.hasPrefix("</Clients>") }) else {
                throw Failure(description: "\(month)/xpm.xml: no </Clients> line")
            }
            lines.insert(contentsOf: clients, at: end)
        }
        var truth = try text(month + "/truth.csv")
        let entities = Dictionary(
            truth.split(separator: "\n").dropFirst().map { line -> (String, String) in
                let cells = line.split(separator: ",", maxSplits: 2).map(String.init)
                return ("\(cells[0]):\(cells[1])", cells[2])
            }, uniquingKeysWith: { first, _ in first })
        var copies: [String: String] = [:]
        var added: [String] = []
        for index in lines.indices where lines[index].hasPrefix("<Client>") {
            guard let uuid = Self.element("UUID", in: lines[index], clientOnly: false) else { continue }
            let reference = "xpm:" + uuid.value
            if let name = renames[reference] { lines[index] = Self.replacing("Name", with: name, in: lines[index]) }
            if let email = emails[reference] { lines[index] = Self.replacing("Email", with: email, in: lines[index]) }
            if let number = businessNumbers[reference] {
                if Self.element("BusinessNumber", in: lines[index]) != nil {
                    lines[index] = Self.replacing("BusinessNumber", with: number, in: lines[index])
                } else if let name = lines[index].range(of: "</Name>") {
                    lines[index].insert(contentsOf: "<BusinessNumber>\(number)</BusinessNumber>", at: name.upperBound)
                }
            }
            if duplicates.contains(reference) {
                let number = duplicates.firstIndex(of: reference)!
                let newUUID = String(format: "0000d0b1-0000-4000-8000-%012d", number)
                var copy = Self.replacing("UUID", with: newUUID, in: lines[index], clientOnly: false)
                copy = Self.replacing("ID", with: "8\(String(format: "%07d", number))", in: copy)
                copies[reference] = copy
                truth += "xpm,\(newUUID),\(entities[reference] ?? "")\n"
            }
        }
        for reference in duplicates {
            guard let copy = copies[reference], let uuid = Self.element("UUID", in: copy, clientOnly: false) else {
                throw Failure(description: "\(month)/xpm.xml: no client \(reference) to duplicate")
            }
            added.append("xpm:" + uuid.value)
            try insertBeforeEnd([copy])
        }
        for reference in removed {
            let uuid = reference.dropFirst("xpm:".count)
            guard let index = lines.firstIndex(where: { $0.contains("<UUID>\(uuid)</UUID>") }) else {
                throw Failure(description: "\(month)/xpm.xml: no client \(reference) to remove")
            }
            lines.remove(at: index)
            truth = truth.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("xpm,\(uuid),") }.joined(separator: "\n")
        }
        try insertBeforeEnd(freshXPM.split(separator: "\n").filter { $0.hasPrefix("<Client>") }.map(String.init))
        truth += freshTruth.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n"

        try hq.write(toFile: folder + "/hq.csv", atomically: true, encoding: .utf8)
        try lines.joined(separator: "\n").write(toFile: folder + "/xpm.xml", atomically: true, encoding: .utf8)
        try truth.write(toFile: folder + "/truth.csv", atomically: true, encoding: .utf8)
        return added
    }

    /// The first `<name>` element's text and range in a client's line; with `clientOnly`, only
    /// the client's own elements count, not its contacts' (which come after `<Contacts>`).
    static func element(
        _ name: String, in line: String, clientOnly: Bool = true
    ) -> (value: String, range: Range<String.Index>)? {
        let end = clientOnly ? line.range(of: "<Contacts>")?.lowerBound ?? line.endIndex : line.endIndex
        guard let open = line.range(of: "<\(name)>", range: line.startIndex..<end),
            let close = line.range(of: "</\(name)>", range: open.upperBound..<line.endIndex)
        else { return nil }
        return (String(line[open.upperBound..<close.lowerBound]), open.upperBound..<close.lowerBound)
    }

    /// The line with its first `<name>` element's text replaced (XML-escaped).
    static func replacing(_ name: String, with value: String, in line: String, clientOnly: Bool = true) -> String {
        guard let found = element(name, in: line, clientOnly: clientOnly) else { return line }
        let escaped = value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return line.replacingCharacters(in: found.range, with: escaped)
    }

    /// The `n`th valid ABN from 51 000 000 000 up (11 digits; the first less one, weighted
    /// 10, 1, 3, ..., 19, sums to a multiple of 89), spaced as the ATO writes it.
    public static func validABN(_ n: Int) -> String {
        var candidate = 51_000_000_000 + n * 1_000
        while !isValidABN(String(candidate)) { candidate += 1 }
        let digits = Array(String(candidate))
        return "\(String(digits[0..<2])) \(String(digits[2..<5])) \(String(digits[5..<8])) \(String(digits[8...]))"
    }

    public static func isValidABN(_ text: String) -> Bool {
        let digits = text.compactMap(\.wholeNumberValue)
        guard digits.count == 11, text.allSatisfy({ $0.isNumber || $0 == " " }) else { return false }
        let weights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]
        var sum = (digits[0] - 1) * weights[0]
        for index in 1..<11 { sum += digits[index] * weights[index] }
        return sum % 89 == 0
    }
}
