import Foundation
import GRDB

/// The layouts `scr export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// XPM's client import: one row per contact, files of at most 500 rows.
    case xpmCSV = "xpm-csv"
    /// This engine's HQ layout, which `scr check --hq` reads back to the same records.
    case hqCSV = "hq-csv"
    /// The canonical records with every field's provenance.
    case json
}

extension CanonicalStore {
    /// Writes the store's canonical clients into `folder` in `format` (see
    /// ``ClientExport/write(_:_:to:)``), and returns the files written.
    public func export(_ format: ExportFormat, to folder: String) throws(StoreError) -> [String] {
        try ClientExport.write(try clients(), format, to: folder)
    }
}

/// The canonical clients in the layouts XPM's client import and this engine's HQ reader accept.
enum ClientExport {
    /// XPM imports at most this many rows a file.
    static let xpmRowsPerFile = 500

    /// Writes `clients` into `folder` (created, owner-only) in `format`, and returns the files
    /// written.
    public static func write(
        _ clients: [StoredCanonicalClient], _ format: ExportFormat, to folder: String
    ) throws(StoreError) -> [String] {
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError(path: folder, "cannot create the folder: \(error.localizedDescription)")
        }
        var files: [(name: String, bytes: [UInt8])] = []
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            do {
                files.append(("clients.json", Array(try encoder.encode(clients)) + [0x0A]))
            } catch {
                throw StoreError(path: folder, "cannot encode the clients: \(error)")
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
        var written: [String] = []
        for (name, bytes) in files {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let file = BlockFile(path: path) else { throw StoreError(path: path, "cannot create the file") }
            file.write(bytes)
            do { try file.close() } catch { throw StoreError(path: path, "cannot write the file") }
            written.append(path)
        }
        return written
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
