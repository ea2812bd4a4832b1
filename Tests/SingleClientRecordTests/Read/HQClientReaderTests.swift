import SCRTestSupport
import Testing

@testable import SingleClientRecord

@Suite struct HQClientReaderTests {
    let folder = TemporaryFolder()

    @Test func readsEveryColumnOfTheDocumentedLayout() throws {
        let path = folder.write(
            "hq.csv",
            """
            Client ID,Name,First Name,Last Name,Business Structure,Email,Phone,Mobile,Website,Address,City,Region,Postcode,Country,Postal Address,Postal City,Postal Region,Postal Postcode,Postal Country,Tax Number,Business Number,Company Number,Date of Birth,Groups,Xero Organisation ID,Xero Organisation Name,Archived,XPM Client UUID\r
            HQ-1,Acme Pty Ltd,,,Company,info@acme.example,(02) 9876 5432,,acme.example,"Level 2\r
            10 George St",Sydney,NSW,2000,Australia,PO Box 1,Sydney,NSW,2001,Australia,123456782,51 824 753 556,004 085 616,,Tax; Bookkeeping ;,6b3f0c1e-0000-4000-8000-000000000001,Acme Org,No,0183f65c-08c6-47b7-af05-3da072e901ae\r
            HQ-2,,Sarah,Brown,Individual,sarah@example.net,,0412 345 678,,,,,,,,,,,,,,,26/11/1970,,,,Yes,\r

            """)
        let result = InputReader.read(InputFiles(hq: path))
        #expect(result.diagnostics == [])
        #expect(result.records.count == 2)
        let acme = result.records[0]
        #expect(acme.source == .hq)
        #expect(acme.key == "HQ-1")
        #expect(acme.location == SourceLocation(file: path, line: 2, column: 1))
        #expect(
            acme.fields.map { "\($0.field.label)=\($0.value)" } == [
                "Client ID=HQ-1", "Name=Acme Pty Ltd", "Business Structure=Company", "Email=info@acme.example",
                "Phone=(02) 9876 5432", "Website=acme.example", "Address=Level 2\r\n10 George St", "City=Sydney",
                "Region=NSW", "Postcode=2000", "Country=Australia", "Postal Address=PO Box 1", "Postal City=Sydney",
                "Postal Region=NSW", "Postal Postcode=2001", "Postal Country=Australia", "Tax Number=123456782",
                "Business Number=51 824 753 556", "Company Number=004 085 616",
                "Xero Organisation ID=6b3f0c1e-0000-4000-8000-000000000001", "Xero Organisation Name=Acme Org",
                "Archived=No", "XPM Client UUID=0183f65c-08c6-47b7-af05-3da072e901ae",
            ])
        #expect(acme.groups == [ClientGroup(name: "Tax"), ClientGroup(name: "Bookkeeping")])
        let sarah = result.records[1]
        #expect(sarah.key == "HQ-2")
        #expect(sarah.location.line == 4)
        #expect(sarah[.firstName] == "Sarah")
        #expect(sarah[.lastName] == "Brown")
        #expect(sarah[.name] == nil)
        #expect(sarah[.dateOfBirth] == "26/11/1970")
        #expect(sarah[.archived] == "Yes")
        #expect(result.files.map(\.records) == [2])
        #expect(result.files.first?.groups == 2)
        #expect(result.files.first?.delimiter == "comma")
        #expect(result.files.first?.encoding == "UTF-8")
    }

    @Test func theMarkOfFormulaNeutralisingIsDroppedFromEveryValue() throws {
        // What CSVWriter (scr's exports, decisions.csv) writes for cells a spreadsheet would run.
        let path = folder.write(
            "neutralised.csv",
            """
            Client ID,Name,Phone,Groups,Partner
            '-7,'=Acme,'+61 2 5550 1234,'-Tax; '@Home,'+1
            8,'Tis Ltd,'0412,Tax,x

            """)
        let result = InputReader.read(InputFiles(hq: path))
        #expect(result.records.map(\.key) == ["-7", "8"])
        #expect(result.records.map { $0[.name] } == ["=Acme", "'Tis Ltd"])
        #expect(result.records.map { $0[.phone] } == ["+61 2 5550 1234", "'0412"])
        #expect(result.records[0].groups.map(\.name) == ["-Tax", "'@Home"])
        #expect(result.records[0].customFields == [NamedValue("Partner", "+1")])
    }

    @Test func headersAreMatchedLenientlyWithAliases() throws {
        let path = folder.write(
            "hq.csv",
            "[Client ID];CLIENT NAME;E-mail;Post Code;ABN;DOB;tfn;Surname;Given Name;Favourite Colour\n"
                + "7;Jones & Co;a@b.example;3000;83 914 571 673;1980-02-29;123 456 782;Jones;Ann;teal\n")
        let result = InputReader.read(InputFiles(hq: path))
        #expect(result.diagnostics == [])
        let file = try #require(result.files.first)
        #expect(file.delimiter == "semicolon")
        #expect(
            file.columns.map(\.mappedTo) == [
                "Client ID", "Name", "Email", "Postcode", "Business Number", "Date of Birth", "Tax Number",
                "Last Name", "First Name", "custom field 'Favourite Colour'",
            ])
        #expect(file.unknownColumns == ["Favourite Colour"])
        let record = try #require(result.records.first)
        #expect(record.key == "7")
        #expect(record[.businessNumber] == "83 914 571 673")
        #expect(record.customFields == [NamedValue("Favourite Colour", "teal")])
    }

    @Test func aNearMissGetsASuggestionAndIsKeptAsACustomField() throws {
        let path = folder.write("hq.csv", "Client ID,Name,Emial\n1,Acme,x@y.example\n")
        let result = InputReader.read(InputFiles(hq: path))
        #expect(
            result.diagnostics.map(\.description) == [
                "\(path):1:16: warning: unknown column 'Emial'; did you mean 'Email'? (kept as a custom field)"
            ])
        #expect(result.records.first?.customFields == [NamedValue("Emial", "x@y.example")])
        #expect(!result.hasErrors)
    }

    @Test func aMissingKeyColumnMakesTheFileUnreadable() {
        let nearMiss = folder.write("near.csv", "Cleint ID,Name\n1,Acme\n")
        let none = folder.write("none.csv", "Name,Email\nAcme,x@y.example\n")
        let result = InputReader.read(InputFiles(hq: nearMiss, xpmCSV: []))
        #expect(
            result.diagnostics.map(\.description) == [
                "\(nearMiss):1:1: error: unknown column 'Cleint ID'; did you mean 'Client ID'? (the file needs a 'Client ID' column)"
            ])
        #expect(result.files.first?.unreadable != nil)
        let other = InputReader.read(InputFiles(hq: none))
        #expect(
            other.diagnostics.map(\.description) == [
                "\(none):1:1: error: no 'Client ID' column; add one or map a column to it with --columns"
            ])
    }

    @Test func badRowsAreQuarantinedAndTheRestIsRead() {
        let path = folder.write(
            "hq.csv",
            """
            Client ID,Name,Email
            1,Acme,a@acme.example
            2,"Smith, John
            3,Brown,b@example.net
            ,No Key,c@example.net
            4,Too,many,fields
            5,"Bad"quote,x
            1,Acme again,a2@acme.example
            6,Last,z@example.net,,
            """)
        let result = InputReader.read(InputFiles(hq: path))
        #expect(result.records.map(\.key) == ["1", "3", "6"])
        #expect(
            result.diagnostics.map(\.description) == [
                "\(path):3:3: error: unterminated quoted field",
                "\(path):5:1: error: missing 'Client ID'",
                "\(path):6:1: error: row has 4 fields; the header has 3",
                "\(path):7:8: error: unexpected text after the closing quote of field 2",
                "\(path):8:1: error: duplicate Client ID '1'; first read at line 2",
            ])
        #expect(
            result.quarantine.map(\.text) == [
                "2,\"Smith, John", ",No Key,c@example.net", "4,Too,many,fields", "5,\"Bad\"quote,x",
                "1,Acme again,a2@acme.example",
            ])
        #expect(result.files.first?.quarantined == 5)
        #expect(result.files.first?.records == 3)
    }

    @Test func aYesNoColumnHoldingSomethingElseIsAWarning() {
        let path = folder.write("hq.csv", "Client ID,Name,Archived\n1,Acme,maybe\n2,Beta,TRUE\n")
        let result = InputReader.read(InputFiles(hq: path))
        #expect(
            result.diagnostics.map(\.description) == [
                "\(path):2:8: warning: 'Archived' is not a yes/no value; expected Yes, No, true, false, 1 or 0"
            ])
        #expect(result.records.map { $0[.archived] } == ["maybe", "TRUE"])
    }

    @Test func anXMLFileGivenAsHQIsRefusedWithAHint() {
        let path = folder.write("hq.csv", "  <Response><Status>OK</Status></Response>")
        #expect(
            InputReader.read(InputFiles(hq: path)).diagnostics.map(\.description) == [
                "\(path):1:3: error: this is XML, not CSV; pass XPM API responses with --xpm"
            ])
    }

    @Test func readsManyRowsAcrossBothCoresInOrder() {
        var text = "Client ID,Name,Email\n"
        for n in 0..<20_000 { text += "C\(n),Client \(n),c\(n)@example.com\n" }
        text += "C5,Again,x@example.com\n"
        let path = folder.write("hq.csv", text)
        let result = InputReader.read(InputFiles(hq: path))
        #expect(result.records.count == 20_000)
        #expect(result.records.map(\.key) == (0..<20_000).map { "C\($0)" })
        #expect(result.records[12_345].location.line == 12_347)
        #expect(
            result.diagnostics.map(\.description) == [
                "\(path):20002:1: error: duplicate Client ID 'C5'; first read at line 7"
            ])
    }
}

@Suite struct ColumnOverridesTests {
    let folder = TemporaryFolder()

    @Test func jsonMapsUnknownHeadersByFileKind() throws {
        let columns = folder.write(
            "columns.json", #"{"hq": {"Cust Ref": "Client ID", "Fav": "client.[Favourite]"}, "E-post": "email"}"#)
        let hq = folder.write("hq.csv", "Cust Ref,Name,E-post,Fav\nA1,Acme,a@acme.example,blue\n")
        let result = InputReader.read(InputFiles(hq: hq, columns: columns))
        #expect(result.diagnostics == [])
        let file = try #require(result.files.first)
        #expect(
            file.columns.map { "\($0.mappedTo) (\($0.how))" } == [
                "Client ID (--columns)", "Name (known)", "Email (--columns)", "custom field 'Favourite' (--columns)",
            ])
        #expect(result.records.first?.key == "A1")
        #expect(result.records.first?[.email] == "a@acme.example")
        #expect(result.records.first?.customFields == [NamedValue("Favourite", "blue")])
    }

    @Test func tomlDoesTheSame() throws {
        let columns = folder.write(
            "columns.toml",
            """
            # Practice-specific headers
            "E-post" = "Email"

            [hq]
            "Cust Ref" = "Client ID"   # the practice's own key
            Fav = "client.[Favourite]"
            """)
        let overrides = try ColumnOverrides(contentsOf: columns)
        #expect(
            overrides.overrides(for: .hqClients) == [
                "epost": .field(.email), "custref": .field(.clientID), "fav": .custom("Favourite"),
            ])
        #expect(overrides.overrides(for: .xpmClients) == ["epost": .field(.email)])
    }

    @Test func badMappingFilesAreLocated() {
        let unknown = folder.write("a.toml", "[hq]\n\"Cust Ref\" = \"Cleint ID\"\n")
        #expect(
            throws: ReadError(
                SourceLocation(file: unknown, line: 2, column: 1),
                "unknown column 'Cleint ID' for header 'Cust Ref'; did you mean 'Client ID'?")
        ) {
            try ColumnOverrides(contentsOf: unknown)
        }
        let syntax = folder.write("b.toml", "Ref = Client ID\n")
        #expect(throws: ReadError(SourceLocation(file: syntax, line: 1, column: 7), "expected a quoted string")) {
            try ColumnOverrides(contentsOf: syntax)
        }
        let kind = folder.write("c.toml", "[xero]\n")
        #expect(
            throws: ReadError(
                SourceLocation(file: kind, line: 1, column: 1),
                "unknown file kind 'xero'; expected 'hq', 'hq-contacts' or 'xpm-csv'")
        ) {
            try ColumnOverrides(contentsOf: kind)
        }
        let json = folder.write("d.json", "{\"Ref\": 3}")
        #expect(
            throws: ReadError(SourceLocation(file: json, line: 1, column: 2), "the column for 'Ref' must be a string")
        ) {
            try ColumnOverrides(contentsOf: json)
        }
        let broken = folder.write("e.json", "{\"Ref\": ")
        #expect(throws: ReadError.self) { try ColumnOverrides(contentsOf: broken) }
    }

    @Test func aBrokenMappingFileStopsTheRunBeforeAnyInputIsRead() {
        let columns = folder.write("columns.toml", "[hq]\nRef = \"Nonsense\"\n")
        let hq = folder.write("hq.csv", "Client ID,Name\n1,Acme\n")
        let result = InputReader.read(InputFiles(hq: hq, columns: columns))
        #expect(result.records.isEmpty)
        #expect(
            result.diagnostics.map(\.description) == [
                "\(columns):2:1: error: unknown column 'Nonsense' for header 'Ref'"
            ])
    }
}
