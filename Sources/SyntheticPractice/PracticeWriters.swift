import Foundation
import SingleClientRecord

/// Bytes of one output file as they are produced: kept in memory, or written out to a file every
/// few megabytes so that a million clients need no more memory than a thousand.
///
///     var sink = ByteSink()
///     sink.csvField("Smith, John")  // "\"Smith, John\""
struct ByteSink {
    private(set) var bytes: [UInt8] = []
    private var file: BlockFile?

    init() {}

    /// A sink that writes to `path` the one way files are written (``BlockFile``: never through a
    /// link; the old file stays until the new one is whole).
    init(path: String) throws(GenerateError) {
        do {
            file = try BlockFile(path: path)
        } catch {
            throw GenerateError(error)
        }
        bytes.reserveCapacity(Self.flushSize + 65_536)
    }

    static let flushSize = 4 << 20

    /// Writes the bytes out when the sink has a file and holds more than ``flushSize``.
    @inline(__always)
    mutating func flushIfFull() throws(GenerateError) {
        if file != nil && bytes.count >= Self.flushSize { try flush() }
    }

    mutating func flush() throws(GenerateError) {
        guard let file, !bytes.isEmpty else { return }
        file.write(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Writes what is left and puts the file in place.
    mutating func close() throws(GenerateError) {
        try flush()
        defer { file = nil }
        do {
            try file?.close()
        } catch {
            throw GenerateError(error)
        }
    }

    @inline(__always)
    mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    @inline(__always)
    mutating func append(byte: UInt8) { bytes.append(byte) }

    /// Raw bytes; a large run is written straight out when the sink has a file.
    mutating func append(bytes more: [UInt8]) throws(GenerateError) {
        bytes.append(contentsOf: more)
        try flushIfFull()
    }

    mutating func append(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

    // MARK: CSV

    /// A field, quoted as RFC 4180 asks when it holds a comma, a quote or a line break.
    mutating func csvField(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            var needsQuotes = false
            for byte in utf8 where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D {
                needsQuotes = true
                break
            }
            guard needsQuotes else { return bytes.append(contentsOf: utf8) }
            bytes.append(0x22)
            for byte in utf8 {
                if byte == 0x22 { bytes.append(0x22) }
                bytes.append(byte)
            }
            bytes.append(0x22)
        }
    }

    // MARK: XML

    /// Text content with `&`, `<`, `>` and `"` escaped.
    mutating func xmlText(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                switch byte {
                case 0x26: append("&amp;")
                case 0x3C: append("&lt;")
                case 0x3E: append("&gt;")
                default: append("&quot;")
                }
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
    }

    /// How an XPM response writes an element without a value.
    enum EmptyStyle {
        case pair  // <Fax></Fax>
        case selfClosing  // <Fax />
        case omitted
    }

    /// `<Name>value</Name>` from the whole opening and closing tags, or the empty form.
    @inline(__always)
    mutating func element(_ open: StaticString, _ close: StaticString, _ value: String, empty: EmptyStyle) {
        if value.isEmpty {
            switch empty {
            case .pair:
                append(open)
                append(close)
            case .selfClosing:
                bytes.append(contentsOf: UnsafeBufferPointer(start: open.utf8Start, count: open.utf8CodeUnitCount - 1))
                append(" />")
            case .omitted: break
            }
            return
        }
        append(open)
        xmlText(value)
        append(close)
    }

    /// `<Name>123</Name>`.
    @inline(__always)
    mutating func element(_ open: StaticString, _ close: StaticString, number: Int) {
        append(open)
        decimal(number)
        append(close)
    }

    /// A non-negative integer's decimal digits, without making a `String`.
    mutating func decimal(_ value: Int) {
        var digits = 1
        var scale = 10
        while value >= scale && digits < 19 {
            digits += 1
            scale *= 10
        }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0x30, count: digits))
        var rest = value
        var index = start + digits - 1
        while index >= start {
            bytes[index] = UInt8(0x30 + rest % 10)
            rest /= 10
            index -= 1
        }
    }
}

/// Why a generated practice could not be written.
public struct GenerateError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// The file or folder it is about, when there is one.
    public var path: String?
    public init(_ message: String) { self.message = message }

    init(_ error: FileError) {
        message = error.message
        path = error.path
    }

    public var description: String { "\(path.map { "\($0): " } ?? "")error: \(message)" }
}

extension ByteSink {
    /// The engine's HQ layout (DESIGN.md, "Xero HQ client export"), in column order.
    static let hqColumns = [
        "Client ID", "Name", "First Name", "Last Name", "Business Structure", "Email", "Phone", "Mobile", "Website",
        "Address", "City", "Region", "Postcode", "Country", "Postal Address", "Postal City", "Postal Region",
        "Postal Postcode", "Postal Country", "Tax Number", "Business Number", "Company Number", "Date of Birth",
        "Groups", "Xero Organisation ID", "Xero Organisation Name", "Archived", "XPM Client UUID",
    ]

    /// One HQ client row, ended by CRLF.
    mutating func hqRow(
        _ view: RecordView, clientID: String, groupNames: [String], xeroID: String, xeroName: String, link: String
    ) {
        for value in [clientID, view.name, view.first, view.last, view.structure, view.email, view.phone] {
            csvField(value)
            bytes.append(0x2C)
        }
        csvField(view.mobile)
        bytes.append(0x2C)
        csvField(view.website)
        bytes.append(0x2C)
        csvField(view.address)
        bytes.append(0x2C)
        csvField(view.city)
        bytes.append(0x2C)
        csvField(view.region)
        bytes.append(0x2C)
        csvField(view.postcode)
        bytes.append(0x2C)
        csvField(view.country)
        bytes.append(0x2C)
        csvField(view.postalAddress)
        bytes.append(0x2C)
        csvField(view.postalCity)
        bytes.append(0x2C)
        csvField(view.postalRegion)
        bytes.append(0x2C)
        csvField(view.postalPostcode)
        bytes.append(0x2C)
        csvField(view.postalCountry)
        bytes.append(0x2C)
        csvField(view.tax)
        bytes.append(0x2C)
        csvField(view.business)
        bytes.append(0x2C)
        csvField(view.company)
        bytes.append(0x2C)
        csvField(view.birth)
        bytes.append(0x2C)
        for (offset, group) in view.groups.enumerated() {
            if offset > 0 { bytes.append(UInt8(ascii: ";")) }
            csvField(groupNames[Int(group)])
        }
        bytes.append(0x2C)
        csvField(xeroID)
        bytes.append(0x2C)
        csvField(xeroName)
        bytes.append(0x2C)
        append(view.archived ? "Yes," : "No,")
        csvField(link)
        append("\r\n")
    }

    /// What an XPM client record says besides its view.
    struct XPMClientKeys {
        var id: Int32
        var uuid: String
        var isPerson: Bool
        var prospect: Bool
        var empty: EmptyStyle
        var signedAuthority: Bool
    }

    /// One `<Client>` of a `client.api/list?detailed=true` response, in the recorded responses'
    /// element order (UUID last), on a line of its own.
    mutating func xpmClient(_ view: RecordView, _ keys: XPMClientKeys, groupNames: [String], nextContactID: inout Int) {
        let empty = keys.empty
        append("<Client>")
        element("<ID>", "</ID>", number: Int(keys.id))
        element("<Name>", "</Name>", view.name, empty: empty)
        if keys.isPerson {
            element("<FirstName>", "</FirstName>", view.first, empty: empty)
            element("<LastName>", "</LastName>", view.last, empty: empty)
        }
        element("<Email>", "</Email>", view.email, empty: .omitted)  // the recorded responses leave it out
        if keys.isPerson { element("<DateOfBirth>", "</DateOfBirth>", view.birth, empty: .omitted) }
        element("<Address>", "</Address>", view.address, empty: empty)
        element("<City>", "</City>", view.city, empty: empty)
        element("<Region>", "</Region>", view.region, empty: empty)
        element("<PostCode>", "</PostCode>", view.postcode, empty: empty)
        element("<Country>", "</Country>", view.country, empty: empty)
        element("<PostalAddress>", "</PostalAddress>", view.postalAddress, empty: empty)
        element("<PostalCity>", "</PostalCity>", view.postalCity, empty: empty)
        element("<PostalRegion>", "</PostalRegion>", view.postalRegion, empty: empty)
        element("<PostalPostCode>", "</PostalPostCode>", view.postalPostcode, empty: empty)
        element("<PostalCountry>", "</PostalCountry>", view.postalCountry, empty: empty)
        element("<Phone>", "</Phone>", view.phone, empty: empty)
        element("<Mobile>", "</Mobile>", view.mobile, empty: .omitted)
        switch empty {
        case .pair: append("<Fax></Fax>")
        case .selfClosing: append("<Fax />")
        case .omitted: break
        }
        element("<Website>", "</Website>", view.website, empty: empty)
        switch empty {
        case .pair: append("<ReferralSource></ReferralSource><ExportCode></ExportCode>")
        case .selfClosing: append("<ReferralSource /><ExportCode />")
        case .omitted: break
        }
        append(keys.prospect ? "<IsProspect>Yes</IsProspect>" : "<IsProspect>No</IsProspect>")
        append(view.archived ? "<IsArchived>Yes</IsArchived>" : "<IsArchived>No</IsArchived>")
        append("<IsDeleted>No</IsDeleted>")
        element("<BusinessStructure>", "</BusinessStructure>", view.structure, empty: empty)
        element("<TaxNumber>", "</TaxNumber>", view.tax, empty: empty)
        element("<CompanyNumber>", "</CompanyNumber>", view.company, empty: empty)
        element("<BusinessNumber>", "</BusinessNumber>", view.business, empty: empty)
        switch empty {
        case .pair: append("<BranchNumber></BranchNumber>")
        case .selfClosing: append("<BranchNumber />")
        case .omitted: break
        }
        let business = !view.business.isEmpty
        append(business ? "<GSTRegistered>Yes</GSTRegistered>" : "<GSTRegistered>No</GSTRegistered>")
        append(business ? "<PrepareGST>Yes</PrepareGST>" : "<PrepareGST>No</PrepareGST>")
        if keys.signedAuthority {
            append("<SignedTaxAuthority>Yes</SignedTaxAuthority><AgencyStatus>Linked</AgencyStatus>")
        } else {
            append("<SignedTaxAuthority>No</SignedTaxAuthority><AgencyStatus>Unlinked</AgencyStatus>")
        }
        append(
            business
                ? "<PrepareActivityStatement>Yes</PrepareActivityStatement>"
                : "<PrepareActivityStatement>No</PrepareActivityStatement>")
        append(
            view.tax.isEmpty ? "<PrepareTaxReturn>No</PrepareTaxReturn>" : "<PrepareTaxReturn>Yes</PrepareTaxReturn>")
        append(
            keys.signedAuthority ? "<ActiveAtoClient>Yes</ActiveAtoClient>" : "<ActiveAtoClient>No</ActiveAtoClient>")
        if view.contacts.isEmpty {
            append("<Contacts />")
        } else {
            append("<Contacts>")
            for (index, contact) in view.contacts.enumerated() {
                append("<Contact>")
                element("<ID>", "</ID>", number: nextContactID)
                nextContactID += 1 + nextContactID % 3
                append("<Name>")
                xmlText(contact.first)
                bytes.append(0x20)
                xmlText(contact.last)
                append("</Name>")
                element("<Mobile>", "</Mobile>", contact.mobile, empty: empty)
                element("<Email>", "</Email>", contact.email, empty: empty)
                element("<Phone>", "</Phone>", contact.phone, empty: empty)
                element("<Position>", "</Position>", contact.position, empty: empty)
                element("<Salutation>", "</Salutation>", contact.first, empty: empty)
                append("<Addressee>")
                xmlText(contact.first)
                bytes.append(0x20)
                xmlText(contact.last)
                append("</Addressee>")
                append(index == 0 ? "<IsPrimary>Yes</IsPrimary></Contact>" : "<IsPrimary>No</IsPrimary></Contact>")
            }
            append("</Contacts>")
        }
        append("<Notes />")
        if view.groups.isEmpty {
            append("<Groups />")
        } else {
            append("<Groups>")
            for group in view.groups {
                append("<Group>")
                element("<ID>", "</ID>", number: 922_101 + Int(group))
                element("<Name>", "</Name>", groupNames[Int(group)], empty: empty)
                append("</Group>")
            }
            append("</Groups>")
        }
        append("<Relationships /><UUID>")
        append(keys.uuid)
        append("</UUID></Client>\n")
    }
}
