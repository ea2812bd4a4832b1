import Foundation
import SCRTestSupport
import Testing

@testable import SingleClientRecord

/// Inputs that once lost rows or read them wrongly, each pinned to what it must give now.
@Suite struct ReviewedCSVInputTests {
    let folder = TemporaryFolder()

    private func check(_ csv: String, name: String = "hq.csv") -> (ReadResult, String) {
        let path = folder.write(name, csv)
        return (InputReader.read(InputFiles(hq: path)), path)
    }

    @Test func aStrayQuoteCostsItsOwnRowNotTheRowsAfterIt() {
        var csv = "Client ID,Name,Email\n1,\"Acme,a@x.example\n"
        for n in 2...300 { csv += "\(n),Name \(n),e\(n)@x.example\n" }
        let (result, path) = check(csv)
        #expect(result.records.map(\.key) == (2...300).map(String.init))
        #expect(result.diagnostics.map(\.description) == ["\(path):2:3: error: unterminated quoted field"])
        #expect(result.quarantine.map(\.text) == ["1,\"Acme,a@x.example"])
    }

    @Test func aQuoteThatClosesMidFieldLinesLaterQuarantinesTheWholeRowOnce() {
        let (result, path) = check(
            "Client ID,Name,Address\n1,Acme,\"Level 2\n10 George St, Sydney\" NSW,AU\n2,Beta,x\n")
        #expect(result.records.map(\.key) == ["2"])
        #expect(
            result.diagnostics.map(\.description) == [
                "\(path):3:22: error: unexpected text after the closing quote of field 3"
            ])
        #expect(result.quarantine.map(\.text) == ["1,Acme,\"Level 2\n10 George St, Sydney\" NSW,AU"])
    }

    @Test func legitimateMultiLineAddressesStayOneField() {
        let (result, _) = check("Client ID,Name,Address,City\n1,Acme,\"Level 2\n10 George St, Sydney\",Sydney\n")
        #expect(result.diagnostics == [])
        #expect(result.records.first?[.address] == "Level 2\n10 George St, Sydney")
    }

    @Test func carriageReturnOnlyLineEndingsAreLines() {
        let (result, _) = check("Client ID,Name\r1,Acme\r2,Beta\r")
        #expect(result.diagnostics == [])
        #expect(result.records.map { $0[.name] } == ["Acme", "Beta"])
        #expect(result.files.first?.encoding == "UTF-8, CR line endings")
    }

    @Test func blankRowsAndBlankValuesAreNothing() {
        let (result, _) = check("\n   \nClient ID,Name,Email\n1,Acme,   \n,,\n  \t  \n2,Beta,b@x.example\n,,,\n")
        #expect(result.diagnostics == [])
        #expect(result.records.map(\.key) == ["1", "2"])
        #expect(result.records[0][.email] == nil)
        #expect(result.records[0].location.line == 4)
    }

    @Test func filesWithoutRowsAreOneClearError() {
        let (empty, emptyPath) = check("", name: "empty.csv")
        #expect(
            empty.diagnostics.map(\.description) == [
                "\(emptyPath):1:1: error: the file is empty; expected a CSV header row"
            ])
        let (blank, blankPath) = check("\n \n,,\n", name: "blank.csv")
        #expect(
            blank.diagnostics.map(\.description) == [
                "\(blankPath):1:1: error: the file holds no rows; expected a CSV header row"
            ])
        let (headerOnly, _) = check("Client ID,Name\n", name: "header.csv")
        #expect(headerOnly.diagnostics == [])
        #expect(headerOnly.records.isEmpty)
        #expect(headerOnly.files.first?.columns.count == 2)
    }

    @Test func aColumnThatMeansTheSameAsAnEarlierOneIsKeptAsACustomField() {
        let (result, path) = check("Client ID,Email,E-mail Address\n1,a@x.example,b@x.example\n")
        #expect(
            result.diagnostics.map(\.description) == [
                "\(path):1:17: warning: column 'E-mail Address' means the same as column 2 ('Email'); kept as a custom field"
            ])
        #expect(result.records.first?.customFields == [NamedValue("E-mail Address", "b@x.example")])
    }

    @Test func emptyHeadersAreListedByTheNameTheyAreKeptUnder() {
        let (result, _) = check("Client ID,,Name,\n1,x,Acme,y\n")
        #expect(result.files.first?.unknownColumns == ["Column 2", "Column 4"])
        #expect(result.records.first?.customFields == [NamedValue("Column 2", "x"), NamedValue("Column 4", "y")])
    }

    @Test func contactsKeepTheirUnknownColumnsAndNeedAReadableHQExport() {
        let hq = folder.write("hq.csv", "Client ID,Name\nH1,Acme\n")
        let contacts = folder.write("contacts.csv", "Client ID,Name,Email,Favourite Food\nH1,Jane,j@x.example,pizza\n")
        let result = InputReader.read(InputFiles(hq: hq, hqContacts: contacts))
        #expect(result.records.first?.contacts.first?.customFields == [NamedValue("Favourite Food", "pizza")])
        let broken = folder.write("broken.csv", "Name\nAcme\n")
        let orphaned = InputReader.read(InputFiles(hq: broken, hqContacts: contacts))
        #expect(
            orphaned.diagnostics.map(\.description) == [
                "\(broken):1:1: error: no 'Client ID' column; add one or map a column to it with --columns",
                "\(contacts):1:1: error: not read: its contacts cannot be joined, because the HQ export could not be read",
            ])
        let noKey = folder.write("nokey.csv", "Name,Email\nJane,j@x.example\n")
        #expect(
            InputReader.read(InputFiles(hq: hq, hqContacts: noKey)).diagnostics.map(\.description) == [
                "\(noKey):1:1: error: no 'Client ID' column; add one or map a column to it with --columns"
            ])
    }

    @Test func xpmCSVRowsFallBackToClientIDAndDuplicatesAcrossFilesNameTheirKey() {
        let first = folder.write("a.csv", "UUID,ClientID,Name\nu-1,10,Acme\n,11,Beta\n")
        let second = folder.write("b.csv", "UUID,ClientID,Name\n,11,Beta again\nu-1,,Acme again\n")
        let result = InputReader.read(InputFiles(xpmCSV: [first, second]))
        #expect(result.records.map(\.key) == ["u-1", "11"])
        #expect(
            result.diagnostics.map(\.description) == [
                "\(second):2:1: error: duplicate ID '11'; first read at \(first):3:1",
                "\(second):3:1: error: duplicate UUID 'u-1'; first read at \(first):2:1",
            ])
    }

    @Test func invalidJSONColumnsFilesArePlaced() {
        let path = folder.write("columns.json", "{\n  \"a\": \"Email\",\n  \"b\": x\n}")
        #expect(throws: ReadError(SourceLocation(file: path, line: 3, column: 8), "not valid JSON: invalid value")) {
            try ColumnOverrides(contentsOf: path)
        }
        let empty = folder.write("symbols.json", "{\"---\": \"Email\"}")
        #expect(
            throws: ReadError(
                SourceLocation(file: empty, line: 1, column: 2),
                "header '---' has no letters or digits to match a column by")
        ) {
            try ColumnOverrides(contentsOf: empty)
        }
    }
}

@Suite struct ReviewedTextInputTests {
    let folder = TemporaryFolder()

    @Test func utf8WithAStrayWindows1252ByteKeepsItsUTF8() {
        let bytes = Array("Client ID,Name\n1,Zoë\n2,Caf".utf8) + [0xE9] + Array("\n".utf8)
        let path = folder.write("hq.csv", bytes: bytes)
        let result = InputReader.read(InputFiles(hq: path))
        #expect(result.records.map { $0[.name] } == ["Zoë", "Café"])
        #expect(
            result.diagnostics.map(\.description) == [
                "\(path):3:6: warning: a byte that is not UTF-8 in a UTF-8 file; read as Windows-1252"
            ])
        #expect(result.files.first?.encoding == "UTF-8")
    }

    /// Issue 15: one stray byte *before* the first accented letter made the whole file
    /// Windows-1252 ("Zoë" became "ZoÃ«"). A file is Windows-1252 only when it is not UTF-8 as a
    /// whole; every stray byte of a UTF-8 file is a located warning.
    @Test func aStrayByteBeforeTheFirstAccentKeepsTheFileUTF8() {
        let bytes =
            Array("Client ID,Name\n1,Caf".utf8) + [0xE9] + Array("\n2,Zoë\n3,Ren".utf8) + [0xE9]
            + Array("\n4,Chloé\n".utf8)
        let path = folder.write("hq.csv", bytes: bytes)
        let result = InputReader.read(InputFiles(hq: path))
        #expect(result.records.map { $0[.name] } == ["Café", "Zoë", "René", "Chloé"])
        #expect(
            result.diagnostics.map(\.description) == [
                "\(path):2:6: warning: a byte that is not UTF-8 in a UTF-8 file; read as Windows-1252",
                "\(path):4:6: warning: a byte that is not UTF-8 in a UTF-8 file; read as Windows-1252",
            ])
        #expect(result.files.first?.encoding == "UTF-8")
        // Mostly strays: Windows-1252 as a whole, without warnings.
        let windows = folder.write(
            "windows.csv",
            bytes: Array("Client ID,Name\n1,Caf".utf8) + [0xE9, 0x0A] + Array("2,Ren".utf8) + [0xE9, 0x0A])
        let read = InputReader.read(InputFiles(hq: windows))
        #expect(read.records.map { $0[.name] } == ["Café", "René"])
        #expect(read.diagnostics.isEmpty)
        #expect(read.files.first?.encoding == "Windows-1252")
        // Mostly strays but some UTF-8: Windows-1252, and the UTF-8 it garbles is pointed at.
        let mixed = folder.write(
            "mixed.csv",
            bytes: Array("Client ID,Name\n1,Caf".utf8) + [0xE9, 0x0A] + Array("2,Ren".utf8) + [0xE9, 0x0A]
                + Array("3,Zoë\n".utf8))
        #expect(
            InputReader.read(InputFiles(hq: mixed)).diagnostics.map(\.description) == [
                "\(mixed):4:5: warning: read as Windows-1252 (2 bytes are not UTF-8), though 1 UTF-8 sequence(s) like this one are read as two or more characters each"
            ])
        // XML the same: a stray before the first accent leaves "Zoë" as it is.
        let xml = folder.write(
            "xpm.xml",
            bytes: Array("<Response><Status>OK</Status><Clients><Client><UUID>u1</UUID><Name>Caf".utf8) + [0xE9]
                + Array("</Name></Client><Client><UUID>u2</UUID><Name>Zoë</Name></Client></Clients></Response>".utf8))
        let xpm = InputReader.read(InputFiles(xpm: [xml]))
        #expect(xpm.records.map { $0[.name] } == ["Café", "Zoë"])
        #expect(xpm.files.first?.encoding == "UTF-8")
        #expect(xpm.diagnostics.count == 1)
    }

    @Test func utf16ProblemsAreReported() throws {
        func utf16LE(_ units: [UInt16]) -> [UInt8] {
            [0xFF, 0xFE] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        }
        let odd = folder.write("odd.csv", bytes: utf16LE(Array("Client ID,Name\n1,Acme\n".utf16)) + [0x41])
        let oddResult = InputReader.read(InputFiles(hq: odd))
        #expect(oddResult.records.count == 1)
        #expect(
            oddResult.diagnostics.map(\.message) == [
                "the UTF-16 file has an odd number of bytes; the last byte was ignored"
            ])
        let surrogate = folder.write(
            "s.csv", bytes: utf16LE(Array("Client ID,Name\n1,A".utf16) + [0xD800] + Array("\n".utf16)))
        #expect(
            InputReader.read(InputFiles(hq: surrogate)).diagnostics.map(\.message) == [
                "1 unpaired UTF-16 surrogate read as U+FFFD"
            ])
        let nul = folder.write(
            "nul.csv", bytes: utf16LE(Array("Client ID,Name\n1,A".utf16) + [0] + Array("cme\n".utf16)))
        #expect(
            InputReader.read(InputFiles(hq: nul)).diagnostics.map(\.message) == [
                "binary data (a NUL character), not a CSV or XML file"
            ])
        let utf32 = folder.write("u32.csv", bytes: [0xFF, 0xFE, 0, 0, 0x41, 0, 0, 0])
        #expect(
            InputReader.read(InputFiles(hq: utf32)).diagnostics.map(\.message) == [
                "a UTF-32 file; save it as UTF-8 (or UTF-16) and try again"
            ])
    }

    @Test func utf16BigEndianReadsEndToEnd() {
        let text = "Client ID;Name\r\nH1;Zoë Ngata\r\n"
        let path = folder.write(
            "be.csv", bytes: [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        let result = InputReader.read(InputFiles(hq: path))
        #expect(result.diagnostics == [])
        #expect(result.files.first?.encoding == "UTF-16BE")
        #expect(result.records.first?[.name] == "Zoë Ngata")
    }

    @Test func aPipeIsReadLikeAFile() throws {
        let fifo = folder.path + "/pipe.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        DispatchQueue.global().async {
            let handle = FileHandle(forWritingAtPath: fifo)
            handle?.write(Data("Client ID,Name\n1,Acme\n".utf8))
            try? handle?.close()
        }
        let result = InputReader.read(InputFiles(hq: fifo))
        #expect(result.diagnostics == [])
        #expect(result.records.first?.key == "1")
    }
}

@Suite struct ReviewedXMLInputTests {
    let folder = TemporaryFolder()

    private func read(_ xml: String) -> (ReadResult, String) {
        let path = folder.write("xpm.xml", xml)
        return (InputReader.read(InputFiles(xpm: [path])), path)
    }

    @Test func clientsInUnexpectedPlacesAreQuarantinedNotDropped() {
        let (outside, path) = read(
            "<Response><Status>OK</Status><Data><Client><UUID>x</UUID></Client></Data></Response>")
        #expect(outside.records.isEmpty)
        #expect(
            outside.diagnostics.map(\.description) == [
                "\(path):1:36: error: a <Client> element outside <Clients> was not read as a client"
            ])
        #expect(outside.quarantine.map(\.text) == ["<Client><UUID>x</UUID></Client>"])
        let (nested, _) = read(
            "<Response><Status>OK</Status><Clients><Client><UUID>a</UUID><Client><UUID>b</UUID></Client></Client></Clients></Response>"
        )
        #expect(nested.records.map(\.key) == ["a"])
        #expect(nested.records.first?.customFields == [])
        #expect(
            nested.diagnostics.map(\.message) == ["a <Client> element inside another <Client> was not read as a client"]
        )
    }

    @Test func repeatedAndUnknownElementsAreKept() {
        let (result, path) = read(
            """
            <Response><Status>OK</Status><Clients><Client><UUID>
              u1
            </UUID><Name>a</Name><Name>b</Name><Email>   </Email><Contacts><Contact><Name>Jo</Name><Nickname>JJ</Nickname></Contact></Contacts></Client></Clients></Response>
            """)
        #expect(result.records.map(\.key) == ["u1"])
        let client = result.records[0]
        #expect(client[.name] == "a")
        #expect(client[.email] == nil)
        #expect(client.customFields == [NamedValue("Name", "b")])
        #expect(client.contacts.first?.customFields == [NamedValue("Nickname", "JJ")])
        #expect(
            result.diagnostics.map(\.description) == [
                "\(path):3:22: warning: <Name> appears twice in one client; the second is kept as a custom field"
            ])
    }

    @Test func responsesWithoutClientsOrWithoutAResponse() {
        let (empty, emptyPath) = read("<Response/>")
        #expect(empty.records.isEmpty)
        #expect(
            empty.diagnostics.map(\.description) == [
                "\(emptyPath):1:1: warning: the response has no <Status>; read as OK",
                "\(emptyPath):1:1: warning: the response holds no <Clients> and no <Client>: no clients were read from it",
            ])
        let lone = folder.write("lone.xml", "<")
        #expect(InputReader.read(InputFiles(xpm: [lone])).diagnostics.count == 1)
        #expect(InputReader.read(InputFiles(xpm: [lone])).files.first?.unreadable != nil)
    }

    @Test func aDuplicateWithinOneSingleLineResponseNamesItsColumn() {
        let (result, path) = read(
            "<Response><Status>OK</Status><Clients><Client><UUID>x</UUID></Client><Client><UUID>x</UUID></Client></Clients></Response>"
        )
        #expect(result.records.count == 1)
        #expect(
            result.diagnostics.map(\.description) == [
                "\(path):1:70: error: duplicate UUID 'x'; first read at line 1, column 39"
            ])
    }
}
