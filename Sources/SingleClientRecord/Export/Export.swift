import Foundation

/// The layouts `scr export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// XPM's client import: one row per contact, files of at most 500 rows.
    case xpmCSV = "xpm-csv"
    /// This engine's HQ layout, which `scr check --hq` reads back to the same records.
    case hqCSV = "hq-csv"
    /// The canonical records with every field's provenance.
    case json

    /// True when an export in this layout writes a file of this name (`xpm-clients-001.csv`,
    /// `hq.csv`, `clients.json`).
    func writes(_ name: String) -> Bool {
        switch self {
        case .json: return name == "clients.json"
        case .hqCSV: return name == "hq.csv"
        case .xpmCSV:
            guard name.hasPrefix("xpm-clients-"), name.hasSuffix(".csv") else { return false }
            let number = name.dropFirst("xpm-clients-".count).dropLast(".csv".count)
            return number.count >= 3 && number.allSatisfy(\.isASCII) && number.allSatisfy(\.isNumber)
        }
    }
}

extension CanonicalStore {
    /// Writes the store's canonical clients into `folder` in `format` (see
    /// ``ClientExport/write(_:_:to:)``), and returns the files written.
    public func export(_ format: ExportFormat, to folder: String) throws -> ClientExport.Written {
        try ClientExport.write(try clients(), format, to: folder)
    }
}

/// The canonical clients in the layouts XPM's client import and this engine's HQ reader accept.
public enum ClientExport {
    /// XPM imports at most this many rows a file.
    static let xpmRowsPerFile = 500

    /// What an export wrote, and the earlier files of the same layout it removed (pages an
    /// earlier, longer export left, which an import would otherwise read again).
    public struct Written: Sendable, Equatable, Codable {
        public var written: [String]
        public var removed: [String]
    }

    /// Writes `clients` into `folder` (created, or tightened, owner-only) in `format`, each file
    /// the one way, then removes the files of that layout an earlier export left there that this
    /// one did not write again. Only names an export of `format` writes are ever removed.
    public static func write(
        _ clients: [StoredCanonicalClient], _ format: ExportFormat, to folder: String
    ) throws(FileError) -> Written {
        try OutputFolder.prepare(folder)
        var files: [(name: String, bytes: [UInt8])] = []
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            do {
                files.append(("clients.json", Array(try encoder.encode(clients)) + [0x0A]))
            } catch {
                throw FileError(path: folder, "cannot encode the clients: \(error)")
            }
        case .hqCSV:
            var csv = CSVWriter()
            csv.row(Self.hqColumns.map(\.label))
            for client in clients { csv.row(Self.hqColumns.map { $0.value(client) }) }
            files.append(("hq.csv", csv.bytes))
        case .xpmCSV:
            var csv = CSVWriter()
            var rows = 0
            func flush() {
                guard rows > 0 else { return }
                files.append((String(format: "xpm-clients-%03d.csv", files.count + 1), csv.bytes))
                csv = CSVWriter()
                rows = 0
            }
            for client in clients {
                let contacts = client.record.contacts.isEmpty ? [nil] : client.record.contacts.map { Optional($0) }
                // A client's rows stay in one file.
                if rows + contacts.count > Self.xpmRowsPerFile { flush() }
                if rows == 0 { csv.row(Self.xpmColumns.map(\.label) + Self.contactLabels) }
                for contact in contacts {
                    csv.row(Self.xpmColumns.map { $0.value(client) } + Self.contactCells(contact))
                    rows += 1
                }
            }
            flush()
        }
        // Every page whole and synced first; then the earlier pages not written again are removed
        // and the new ones put in place, so that a failure while writing leaves the earlier
        // export as it was, never new pages beside old ones.
        var pages: [BlockFile] = []
        for (name, bytes) in files {
            let page = try BlockFile(path: (folder as NSString).appendingPathComponent(name))
            page.write(bytes)
            try page.finish()
            pages.append(page)
        }
        let names = Set(files.map(\.name))
        var removed: [String] = []
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        where !names.contains(name) && format.writes(name) {
            let path = (folder as NSString).appendingPathComponent(name)
            guard unlink(path) == 0 else {
                throw FileError(path: path, "cannot remove an earlier export's file: \(BlockFile.reason(errno))")
            }
            removed.append(path)
        }
        for page in pages { try page.commit() }
        return Written(written: pages.map(\.path), removed: removed)
    }

    /// A column of an export and how a client fills it.
    struct ExportColumn: Sendable {
        var label: String
        var value: @Sendable (StoredCanonicalClient) -> String
    }

    static func field(_ field: Field) -> ExportColumn {
        ExportColumn(label: field.label) { $0.record.fields[field]?.value ?? "" }
    }

    static func phones(_ label: String, kind: Field) -> ExportColumn {
        ExportColumn(label: label) { client in
            client.record.phones.filter { $0.kind == kind.key }.map(\.value).joined(separator: " / ")
        }
    }

    static func address(
        _ kind: String, _ part: @escaping @Sendable (CanonicalAddress) -> String?, _ label: String
    )
        -> ExportColumn
    {
        ExportColumn(label: label) { client in
            let addresses = client.record.addresses.filter { $0.kind == kind }
            return (addresses.first { $0.primary } ?? addresses.first).flatMap(part) ?? ""
        }
    }

    static let identity: [ExportColumn] = [
        field(.name), field(.firstName), field(.lastName), field(.businessStructure),
        ExportColumn(label: Field.email.label) { $0.record.emails.map(\.value).joined(separator: "; ") },
        phones(Field.phone.label, kind: .phone), phones(Field.mobile.label, kind: .mobile),
        phones(Field.fax.label, kind: .fax), field(.website),
        address("street", { $0.lines }, "Address"), address("street", { $0.city }, "City"),
        address("street", { $0.region }, "Region"), address("street", { $0.postcode }, "Postcode"),
        address("street", { $0.country }, "Country"), address("postal", { $0.lines }, "Postal Address"),
        address("postal", { $0.city }, "Postal City"), address("postal", { $0.region }, "Postal Region"),
        address("postal", { $0.postcode }, "Postal Postcode"), address("postal", { $0.country }, "Postal Country"),
        field(.taxNumber), field(.businessNumber), field(.companyNumber), field(.dateOfBirth),
    ]

    static let hqColumns: [ExportColumn] =
        [ExportColumn(label: "Client ID") { $0.id }] + identity + [
            field(.xeroOrganisationID), field(.xeroOrganisationName),
            ExportColumn(label: "Archived") { $0.archived ? "Yes" : "No" },
            ExportColumn(label: "Groups") { $0.record.groups.map(\.name).joined(separator: "; ") },
        ]

    static let xpmColumns: [ExportColumn] =
        [
            // The XPM client this canonical client updates, when it has one.
            ExportColumn(label: "UUID") { client in client.members.first { $0.source == .xpm }?.key ?? "" },
            // The canonical id, so that a client's rows stay together for any reader.
            ExportColumn(label: "ClientID") { $0.id },
        ] + identity + [
            ExportColumn(label: "Group") { $0.record.groups.map(\.name).joined(separator: "; ") }
        ]

    static let contactLabels = ["ContactName", "ContactEmail", "ContactPhone", "ContactMobile", "ContactPosition"]

    static func contactCells(_ contact: CanonicalContact?) -> [String] {
        guard let contact else { return Array(repeating: "", count: contactLabels.count) }
        return [contact.name, contact.email, contact.phone, contact.mobile, contact.position].map { $0 ?? "" }
    }
}
