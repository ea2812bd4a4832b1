import CLibXML2
import Foundation

/// Reads XPM API v3 client responses: `client.api/list`, `client.api/search` (clients under
/// `Response/Clients`) and `client.api/get` (one `Client` directly under `Response`).
///
/// Streams the file through libxml2's SAX2 push parser in 1 MiB chunks, in constant memory. DTDs
/// are never loaded and entities never expanded: a `<!DOCTYPE` (and so any `<!ENTITY`) is refused
/// at once, before anything it names could be read. An `ERROR` status is a ``ReadError``, never an
/// empty list.
///
/// Every element is optional and empty ones (`<X></X>`, `<X />`) are missing values. A client's key
/// is its `UUID`, else its `ID`. Elements the engine has no ``Field`` for are kept as custom fields
/// named by their path (`AccountManager/Name`).
///
/// - Complexity: O(n) in the file's bytes.
enum XPMXMLReader {
    static let chunkSize = 1 << 20

    static func read(_ text: TextBuffer, sink: inout DiagnosticSink) throws(ReadError) -> FileRecords {
        let start = text.withBytes { bytes in bytes.firstIndex { !CSVDocument.isSpace($0) } }
        guard let start else { throw ReadError(file: text.path, "the file is empty; expected an XPM API response") }
        guard text.withBytes({ $0[start] }) == UInt8(ascii: "<") else {
            throw ReadError(
                text.location(ofOffset: start),
                "not XML (it does not start with '<'); pass XPM client CSV files with --xpm-csv")
        }
        // The parser's state lives behind a pointer that the C callbacks use directly: a class's
        // properties would pay for a dynamic exclusivity check on every access.
        let state = UnsafeMutablePointer<XPMSAXParser>.allocate(capacity: 1)
        state.initialize(to: XPMSAXParser(text: text))
        defer {
            state.deinitialize(count: 1)
            state.deallocate()
        }
        try XPMSAXParser.parse(state)
        sink.append(contentsOf: state.pointee.sink)
        var result = FileRecords(text: text)
        result.records = state.pointee.records
        result.ranges = state.pointee.ranges
        return result
    }
}

/// The SAX2 state machine behind ``XPMXMLReader``. One instance per file; not thread-safe.
private struct XPMSAXParser {
    enum Kind {
        case response, status, errorDescription, clients, client
        case contacts, contact, groups, group, notes, note, relationships, relationship
        case other
    }

    let text: TextBuffer
    var path: String { text.path }
    var context: xmlParserCtxtPtr?
    var records: [SourceRecord] = []
    var ranges: [Range<Int>] = []
    var sink = DiagnosticSink()
    /// A problem that makes the whole file unreadable (refused DOCTYPE, wrong root, ERROR status).
    var refusal: ReadError?
    /// The first libxml2 error: where the file stopped being readable.
    var parseError: (location: SourceLocation, message: String, offset: Int)?

    // Element names, interned by the pointer libxml2's dictionary gives each distinct name.
    var ids: [UnsafeRawPointer: Int32] = [:]
    var names: [String] = []
    var kinds: [Kind] = []
    var fields: [Field?] = []

    // The open elements.
    var stack: [Int32] = []
    var hadChild: [Bool] = []
    var characters: [UInt8] = []

    var status: String?
    var errorDescription: String?
    var sawResponse = false
    /// True once a `<Clients>` or a `<Client>` element opened: a response without either lists
    /// no clients at all, which is said.
    var sawClients = false
    /// Where the current client's `<IsArchived>` starts, for its warning.
    var archivedPlace: SourceLocation?

    // The client being read, and the nested item inside it.
    var clientDepth = -1
    var client = SourceRecord(source: .xpm, key: "", location: SourceLocation(file: "", line: 0, column: 0))
    var clientStart = 0
    var itemDepth = -1
    var itemKind = Kind.other
    var contact = Contact(line: 0)
    var itemValues: [NamedValue] = []
    /// A `<Client>` found where no client belongs (and everything inside it): set aside whole.
    var strayDepth = -1
    var strayStart = 0
    var strayLocation = SourceLocation(file: "", line: 0, column: 0)

    init(text: TextBuffer) { self.text = text }

    static func parse(_ state: UnsafeMutablePointer<XPMSAXParser>) throws(ReadError) {
        XPMSAXParser.initialiseLibrary
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { userData, localname, _, _, _, _, _, _, _ in
            XPMSAXParser.from(userData).pointee.startElement(localname!)
        }
        handler.endElementNs = { userData, _, _, _ in
            XPMSAXParser.from(userData).pointee.endElement()
        }
        handler.characters = { userData, bytes, length in
            XPMSAXParser.from(userData).pointee.characters.append(
                contentsOf: UnsafeBufferPointer(start: bytes, count: Int(length)))
        }
        handler.cdataBlock = handler.characters
        handler.internalSubset = { userData, _, _, _ in
            XPMSAXParser.from(userData).pointee.refuse("a DOCTYPE")
        }
        handler.externalSubset = { userData, _, _, _ in
            XPMSAXParser.from(userData).pointee.refuse("a DOCTYPE")
        }
        handler.entityDecl = { userData, _, _, _, _, _ in
            XPMSAXParser.from(userData).pointee.refuse("an ENTITY declaration")
        }
        handler.serror = { userData, error in
            guard let error else { return }
            XPMSAXParser.from(userData).pointee.libxmlError(error.pointee)
        }

        let path = state.pointee.path
        let text = state.pointee.text
        guard let context = xmlCreatePushParserCtxt(&handler, UnsafeMutableRawPointer(state), nil, 0, path) else {
            throw ReadError(file: path, "the XML parser could not start")
        }
        state.pointee.context = context
        defer {
            xmlFreeParserCtxt(context)
            state.pointee.context = nil
        }
        // No network, no DTD loading, no entity substitution (none of those options is set), and the
        // bytes are UTF-8 already (TextBuffer decoded them), whatever the declaration says.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_NOCDATA.rawValue)
        xmlCtxtUseOptions(context, options)

        text.withBytes { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                var offset = 0
                while offset < chars.count && state.pointee.refusal == nil && state.pointee.parseError == nil {
                    let length = min(XPMXMLReader.chunkSize, chars.count - offset)
                    xmlParseChunk(context, chars.baseAddress! + offset, Int32(length), 0)
                    offset += length
                }
                if state.pointee.refusal == nil && state.pointee.parseError == nil {
                    xmlParseChunk(context, nil, 0, 1)
                }
            }
        }
        if let refusal = state.pointee.refusal { throw refusal }
        let parser = state.pointee
        if let parseError = parser.parseError {
            guard parser.sawResponse && (!parser.records.isEmpty || parser.clientDepth >= 0) else {
                // Nothing was read before the error: the file as a whole is not a response.
                throw ReadError(parseError.location, parseError.message)
            }
            let start = parser.clientDepth >= 0 ? parser.clientStart : parseError.offset
            let location = parser.clientDepth >= 0 ? parser.client.location : parseError.location
            let rest = text.rawText(start..<text.count, limit: 65_536)
            state.pointee.sink.error(parseError.location, parseError.message)
            state.pointee.sink.quarantine(
                location,
                "the rest of the file could not be read after the XML error at line \(parseError.location.line)",
                text: rest)
        }
        guard parser.sawResponse else {
            throw ReadError(file: path, "no <Response> element; expected an XPM API response")
        }
        if let status = parser.status, status.uppercased() != "OK" {
            let detail = parser.errorDescription.map { ": \(quoted($0))" } ?? ""
            throw ReadError(
                file: path, "the XPM API answered with status \(quoted(status))\(detail), not a client list")
        }
        if parser.status == nil && parser.parseError == nil {
            state.pointee.sink.warning(
                SourceLocation(file: path, line: 1, column: 1), "the response has no <Status>; read as OK")
        }
        if !parser.sawClients && parser.parseError == nil {
            state.pointee.sink.warning(
                SourceLocation(file: path, line: 1, column: 1),
                "the response holds no <Clients> and no <Client>: no clients were read from it")
        }
    }

    static let initialiseLibrary: Void = xmlInitParser()

    static func from(_ userData: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<XPMSAXParser> {
        userData!.assumingMemoryBound(to: XPMSAXParser.self)
    }

    // MARK: Callbacks

    /// The byte offset of the `<` that opened the markup libxml2 has just reported.
    func tagStart() -> Int {
        let consumed = Int(xmlByteConsumed(context))
        return text.withBytes { bytes in
            var i = min(consumed, bytes.count) - 1
            let stop = max(0, i - 4096)
            while i > stop && bytes[i] != UInt8(ascii: "<") { i -= 1 }
            return max(i, 0)
        }
    }

    /// The line and character column of a byte offset at or after the last one asked for.
    ///
    /// The line is libxml2's (corrected for line breaks inside the tag); the column is tracked
    /// forward from the previous answer, so that a whole file costs one pass even when, like the
    /// XPM API's responses, it is a single line.
    mutating func location(ofTagAt offset: Int) -> SourceLocation {
        let consumed = Int(xmlByteConsumed(context))
        var line = Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer(context)))
        let column = text.withBytes { bytes -> Int in
            for i in offset..<min(consumed, bytes.count) where bytes[i] == CSVTokenizer.lineFeed { line -= 1 }
            return columns.column(at: offset, in: bytes)
        }
        return SourceLocation(file: path, line: max(1, line), column: column)
    }

    var columns = ColumnTracker()

    mutating func refuse(_ what: String) {
        if refusal == nil {
            refusal = ReadError(
                location(ofTagAt: tagStart()),
                "refused: the file declares \(what); DTDs and entities are never loaded (an XPM API response has none)")
        }
        xmlStopParser(context)
    }

    mutating func libxmlError(_ error: xmlError) {
        let message =
            error.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "XML error"
        let location = SourceLocation(file: path, line: max(1, Int(error.line)), column: max(1, Int(error.int2)))
        let text = "malformed XML: " + message.prefix(1).lowercased() + message.dropFirst()
        if error.level == XML_ERR_WARNING {
            sink.warning(location, text)
        } else if parseError == nil && refusal == nil {
            parseError = (location, text, Int(xmlByteConsumed(context)))
        }
    }

    private mutating func intern(_ localname: UnsafePointer<xmlChar>) -> Int32 {
        let key = UnsafeRawPointer(localname)
        if let id = ids[key] { return id }
        let name = String(cString: localname)
        let id = Int32(names.count)
        ids[key] = id
        names.append(name)
        kinds.append(Self.kind(of: name))
        fields.append(Self.field(of: name))
        return id
    }

    mutating func startElement(_ localname: UnsafePointer<xmlChar>) {
        let id = intern(localname)
        let depth = stack.count
        if depth > 0 { hadChild[depth - 1] = true }
        stack.append(id)
        hadChild.append(false)
        characters.removeAll(keepingCapacity: true)
        let kind = kinds[Int(id)]
        if kind == .clients || kind == .client { sawClients = true }

        if depth == 0 {
            guard kind == .response else {
                if refusal == nil {
                    refusal = ReadError(
                        location(ofTagAt: tagStart()),
                        "not an XPM API response: the root element is <\(names[Int(id)])>, expected <Response>")
                }
                xmlStopParser(context)
                return
            }
            sawResponse = true
            return
        }
        if strayDepth >= 0 { return }
        if kind == .client {
            let parentKind = kinds[Int(stack[depth - 1])]
            if clientDepth < 0 && (depth == 1 || (depth == 2 && parentKind == .clients)) {
                beginClient(depth: depth)
            } else {
                strayDepth = depth
                strayStart = tagStart()
                strayLocation = location(ofTagAt: strayStart)
            }
            return
        }
        if clientDepth < 0 { return }
        if itemDepth < 0 && depth == clientDepth + 2 {
            let containerKind = kinds[Int(stack[depth - 1])]
            switch (containerKind, kind) {
            case (.contacts, .contact), (.groups, .group), (.notes, .note), (.relationships, .relationship):
                itemDepth = depth
                itemKind = kind
                contact = Contact(line: Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer(context))))
                itemValues.removeAll()
            default: break
            }
        }
    }

    mutating func endElement() {
        guard let id = stack.popLast(), let hadChildren = hadChild.popLast() else { return }
        let depth = stack.count
        if strayDepth >= 0 {
            if depth == strayDepth {
                strayDepth = -1
                let end = Int(xmlByteConsumed(context))
                let place = clientDepth >= 0 ? "inside another <Client>" : "outside <Clients>"
                sink.quarantine(
                    strayLocation, "a <Client> element \(place) was not read as a client",
                    text: text.rawText(strayStart..<end, limit: 65_536))
            }
            return
        }
        if clientDepth < 0 {
            if depth == 1 {
                switch kinds[Int(id)] {
                case .status: status = value()
                case .errorDescription: errorDescription = value()
                default: break
                }
            }
            return
        }
        if depth == clientDepth {
            endClient()
            return
        }
        if depth == itemDepth {
            endItem()
            return
        }
        guard !hadChildren, characters.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else {
            return  // empty, or white space only: a missing value
        }
        if itemDepth < 0 && depth == clientDepth + 1, let field = fields[Int(id)] {
            if !client.fields.contains(field) {
                characters.withUnsafeBufferPointer { client.fields.appendNew(field, $0) }
                if FieldPlaces.keeps(field) {
                    client.places.set(field, leafStartLocation())
                } else if field == .archived {
                    archivedPlace = leafStartLocation()
                }
                return
            }
            // The same element twice in one client: keep both, say so.
            sink.warning(
                leafStartLocation(),
                "<\(names[Int(id)])> appears twice in one client; the second is kept as a custom field")
        }
        let value = String(decoding: characters, as: UTF8.self)
        if itemDepth >= 0 {
            let name = path(from: itemDepth + 1, leaf: id)
            if itemKind == .contact {
                if !setContact(name, value) { contact.customFields.append(NamedValue(name, value)) }
            } else {
                itemValues.append(NamedValue(name, value))
            }
        } else {
            client.customFields.append(NamedValue(path(from: clientDepth + 1, leaf: id), value))
        }
    }

    // MARK: Building records

    private func value() -> String? {
        characters.isEmpty ? nil : String(decoding: characters, as: UTF8.self)
    }

    /// The element names from stack depth `from` down to the element just closed, joined by `/`.
    private func path(from: Int, leaf: Int32) -> String {
        if from >= stack.count { return names[Int(leaf)] }
        return (stack[from...].map { names[Int($0)] } + [names[Int(leaf)]]).joined(separator: "/")
    }

    private mutating func beginClient(depth: Int) {
        clientDepth = depth
        clientStart = tagStart()
        archivedPlace = nil
        client = SourceRecord(source: .xpm, key: "", location: location(ofTagAt: clientStart))
    }

    private mutating func endClient() {
        clientDepth = -1
        let end = Int(xmlByteConsumed(context))
        let key = (client.fields[.uuid] ?? client.fields[.xpmID])?.trimmingWhitespace ?? ""
        guard !key.isEmpty else {
            sink.quarantine(
                client.location, "client has no 'UUID' or 'ID'", text: text.rawText(clientStart..<end, limit: 65_536))
            return
        }
        if let archived = client.fields[.archived], parseBoolean(archived) == nil {
            sink.warning(
                archivedPlace ?? client.location, "'IsArchived' is not a yes/no value; expected Yes, No, true or false")
        }
        client.key = key
        records.append(client)
        ranges.append(clientStart..<end)
    }

    /// Where the leaf element that just ended starts: the `<` before its end tag's (a leaf's text
    /// holds none), located from the end tag (the column tracker only moves forward): the start
    /// tag is the same number of characters before it when no line break lies between.
    private mutating func leafStartLocation() -> SourceLocation {
        let endTag = tagStart()
        let startTag = text.withBytes { bytes in
            var i = endTag - 1
            while i > 0 && bytes[i] != UInt8(ascii: "<") { i -= 1 }
            return max(i, 0)
        }
        var place = location(ofTagAt: endTag)
        text.withBytes { bytes in
            if !bytes[startTag..<endTag].contains(CSVTokenizer.lineFeed) {
                place.column -= ColumnTracker.characters(bytes, startTag, endTag)
            } else {
                var lineStart = startTag
                while lineStart > 0 && bytes[lineStart - 1] != CSVTokenizer.lineFeed { lineStart -= 1 }
                place.line -= bytes[startTag..<endTag].count { $0 == CSVTokenizer.lineFeed }
                place.column = 1 + ColumnTracker.characters(bytes, lineStart, startTag)
            }
        }
        return place
    }

    private mutating func endItem() {
        switch itemKind {
        case .contact:
            if !contact.isEmpty { client.contacts.append(contact) }
        case .group:
            let name = itemValues.first { $0.name == "Name" }?.value
            let id = itemValues.first { $0.name == "ID" }?.value
            if let name = name ?? id { client.groups.append(ClientGroup(id: id, name: name)) }
        case .note:
            if !itemValues.isEmpty { client.notes.append(SubRecord(values: itemValues)) }
        case .relationship:
            if !itemValues.isEmpty { client.relationships.append(SubRecord(values: itemValues)) }
        default: break
        }
        itemDepth = -1
    }

    /// Sets a contact's known part; false for an element the contact has no part for.
    private mutating func setContact(_ name: String, _ value: String) -> Bool {
        func set(_ part: WritableKeyPath<Contact, String?>) -> Bool {
            if contact[keyPath: part] != nil { return false }  // twice: kept as a custom field
            contact[keyPath: part] = value
            return true
        }
        switch name {
        case "ID": return set(\.id)
        case "Name": return set(\.name)
        case "Email": return set(\.email)
        case "Phone": return set(\.phone)
        case "Mobile": return set(\.mobile)
        case "Position": return set(\.position)
        case "Salutation": return set(\.salutation)
        case "Addressee": return set(\.addressee)
        case "IsPrimary": return set(\.isPrimary)
        default: return false
        }
    }

    // MARK: The vocabulary

    static func kind(of name: String) -> Kind {
        switch name {
        case "Response": .response
        case "Status": .status
        case "ErrorDescription": .errorDescription
        case "Clients": .clients
        case "Client": .client
        case "Contacts": .contacts
        case "Contact": .contact
        case "Groups": .groups
        case "Group": .group
        case "Notes": .notes
        case "Note": .note
        case "Relationships": .relationships
        case "Relationship": .relationship
        default: .other
        }
    }

    static func field(of name: String) -> Field? {
        switch name {
        case "UUID": .uuid
        case "ID": .xpmID
        case "Name": .name
        case "FirstName": .firstName
        case "LastName": .lastName
        case "BusinessStructure": .businessStructure
        case "Email": .email
        case "Phone": .phone
        case "Mobile": .mobile
        case "Fax": .fax
        case "Website": .website
        case "Address": .address
        case "City": .city
        case "Region": .region
        case "PostCode": .postcode
        case "Country": .country
        case "PostalAddress": .postalAddress
        case "PostalCity": .postalCity
        case "PostalRegion": .postalRegion
        case "PostalPostCode": .postalPostcode
        case "PostalCountry": .postalCountry
        case "TaxNumber": .taxNumber
        case "BusinessNumber": .businessNumber
        case "CompanyNumber": .companyNumber
        case "DateOfBirth": .dateOfBirth
        case "IsArchived": .archived
        default: nil
        }
    }
}

/// Character columns of increasing byte offsets, in one forward pass over the bytes.
struct ColumnTracker {
    private var offset = 0
    private var column = 1

    /// - Complexity: amortised O(1) per byte of the file; a backward step rescans its line.
    mutating func column(at target: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let target = min(target, bytes.count)
        if target < offset {
            offset = 0
            column = 1
        }
        var i = target - 1
        while i >= offset && bytes[i] != CSVTokenizer.lineFeed { i -= 1 }
        if i >= offset {
            offset = i + 1
            column = 1
        }
        column += Self.characters(bytes, offset, target)
        offset = target
        return column
    }

    /// How many UTF-8 characters start in `bytes[from..<to]`.
    static func characters(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int {
        var count = 0
        var i = from
        let raw = UnsafeRawBufferPointer(bytes)
        while i + 8 <= to {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if word & 0x8080_8080_8080_8080 == 0 {
                count += 8  // eight ASCII characters
            } else {
                for k in i..<i + 8 where bytes[k] & 0xC0 != 0x80 { count += 1 }
            }
            i += 8
        }
        while i < to {
            if bytes[i] & 0xC0 != 0x80 { count += 1 }
            i += 1
        }
        return count
    }
}
