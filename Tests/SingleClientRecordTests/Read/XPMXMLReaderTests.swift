import Foundation
import SCRTestSupport
import Testing

@testable import SingleClientRecord

@Suite struct XPMXMLReaderTests {
    let folder = TemporaryFolder()

    @Test func theRealDetailedListGivesTwelveClientsAndNineteenContacts() throws {
        let path = Fixtures.path("real-world/xpm-api/client-list-when-detailed-true.xml")
        let result = InputReader.read(InputFiles(xpm: [path]))
        #expect(result.diagnostics == [])
        #expect(result.records.count == 12)
        #expect(result.records.reduce(0) { $0 + $1.contacts.count } == 19)
        #expect(result.files.first?.contacts == 19)
        #expect(
            result.records.filter { $0[.name] == "Acmer Pty Ltd" }.map(\.key) == [
                "39a02ce2-f877-4d40-a5a7-d7355e88025b", "fca33011-9be0-474c-bd3e-91ca18f74d81",
            ])
        let names = result.records.compactMap { $0[.name] }
        #expect(names.contains("Practice Ignition - XPM Product & Development Testing Account"))
        #expect(!names.contains { $0.contains("&amp;") })

        let first = result.records[0]
        #expect(first.key == "e349fc1b-d92d-4ba2-b9fc-69fdd516e2a2")
        #expect(
            first.fields.map { "\($0.field.label)=\($0.value)" } == [
                "UUID=e349fc1b-d92d-4ba2-b9fc-69fdd516e2a2", "ID=24097642", "Name=ABC Co", "Archived=No",
            ])
        #expect(
            first.contacts == [
                Contact(id: "14436062", name: "Bob", email: "person1@example.com", isPrimary: "No", line: 1)
            ])
        #expect(
            first.customFields.map(\.name) == [
                "IsProspect", "IsDeleted", "GSTRegistered", "PrepareGST", "SignedTaxAuthority", "AgencyStatus",
                "PrepareActivityStatement", "PrepareTaxReturn", "ActiveAtoClient",
            ])
        let grouped = try #require(result.records.first { !$0.groups.isEmpty })
        #expect(grouped.groups == [ClientGroup(id: "922877", name: "Test Group")])
    }

    @Test func theRealGetResponseGivesOneClient() throws {
        let path = Fixtures.path("real-world/xpm-api/client-get.xml")
        let result = InputReader.read(InputFiles(xpm: [path]))
        #expect(result.diagnostics == [])
        let client = try #require(result.records.first)
        #expect(result.records.count == 1)
        #expect(client.key == "0183f65c-08c6-47b7-af05-3da072e901ae")
        #expect(client[.name] == "Get Client Test")
        #expect(client[.email] == "person17@example.com")
        #expect(client.contacts.map(\.position) == ["0"])
    }

    @Test func theRealSearchAndModifiedSinceResponsesRead() {
        let search = InputReader.read(
            InputFiles(xpm: [Fixtures.path("real-world/xpm-api/client-search-when-detailed-true.xml")]))
        #expect(search.diagnostics == [])
        #expect(search.records.map { $0[.name] } == ["Acmer Pty Ltd", "Acmer Pty Ltd"])
        let since = InputReader.read(
            InputFiles(xpm: [Fixtures.path("real-world/xpm-api/client-list-when-modified-since.xml")]))
        #expect(since.diagnostics == [])
        #expect(since.records.count == 1)
        let brief = InputReader.read(
            InputFiles(xpm: [Fixtures.path("real-world/xpm-api/client-list-when-detailed-false.xml")]))
        #expect(brief.diagnostics == [])
        #expect(brief.records.count == 12)
        #expect(brief.records.allSatisfy { $0.groups.isEmpty && $0.notes.isEmpty })
    }

    @Test func pagesAreReadTogetherAndAClientInTwoPagesIsQuarantinedOnce() {
        let list = Fixtures.path("real-world/xpm-api/client-list-when-detailed-true.xml")
        let search = Fixtures.path("real-world/xpm-api/client-search-when-detailed-true.xml")
        let result = InputReader.read(InputFiles(xpm: [list, search]))
        #expect(result.records.count == 12)
        #expect(result.quarantine.count == 2)
        #expect(
            result.diagnostics.map(\.message) == [
                "duplicate UUID 'fca33011-9be0-474c-bd3e-91ca18f74d81'; first read at \(list):1:3008",
                "duplicate UUID '39a02ce2-f877-4d40-a5a7-d7355e88025b'; first read at \(list):1:2431",
            ])
    }

    @Test func nestedItemsFallbackKeysAndEmptyElements() throws {
        let path = folder.write(
            "xpm.xml",
            """
            <?xml version="1.0" encoding="utf-8"?>
            <Response api-method="List">
              <Status>OK</Status>
              <Clients>
                <Client>
                  <ID>101</ID>
                  <Name>Smith &amp; Jones &lt;Partners&gt;</Name>
                  <FirstName />
                  <DateOfBirth>1970-11-26T00:00:00</DateOfBirth>
                  <TaxNumber>******782</TaxNumber>
                  <AccountManager><ID>7</ID><Name>Pat</Name></AccountManager>
                  <Notes><Note><Title>Call</Title><Text>Rang &#233;t&#233; office</Text></Note></Notes>
                  <Relationships><Relationship><Type>Director</Type><RelatedClient><ID>102</ID><Name>Jo</Name></RelatedClient></Relationship></Relationships>
                  <Contacts><Contact><Name>Jo</Name><IsPrimary>yes</IsPrimary></Contact><Contact /></Contacts>
                  <Groups><Group><ID>5</ID><Name>VIP</Name></Group></Groups>
                </Client>
                <Client><Name>No key at all</Name></Client>
                <Client><UUID>u-3</UUID><Name><![CDATA[Beta & Co]]></Name><IsArchived>maybe</IsArchived></Client>
              </Clients>
            </Response>
            """)
        let result = InputReader.read(InputFiles(xpm: [path]))
        #expect(
            result.diagnostics.map(\.description) == [
                "\(path):17:5: error: client has no 'UUID' or 'ID'",
                "\(path):18:63: warning: 'IsArchived' is not a yes/no value; expected Yes, No, true or false",
            ])
        #expect(result.quarantine.map(\.text) == ["<Client><Name>No key at all</Name></Client>"])
        #expect(result.records.map(\.key) == ["101", "u-3"])
        let smith = result.records[0]
        #expect(smith.location == SourceLocation(file: path, line: 5, column: 5))
        #expect(smith[.name] == "Smith & Jones <Partners>")
        #expect(smith[.firstName] == nil)
        #expect(smith[.dateOfBirth] == "1970-11-26T00:00:00")
        #expect(smith[.taxNumber] == "******782")
        #expect(smith.customFields == [NamedValue("AccountManager/ID", "7"), NamedValue("AccountManager/Name", "Pat")])
        #expect(
            smith.notes == [SubRecord(values: [NamedValue("Title", "Call"), NamedValue("Text", "Rang été office")])])
        #expect(
            smith.relationships == [
                SubRecord(values: [
                    NamedValue("Type", "Director"), NamedValue("RelatedClient/ID", "102"),
                    NamedValue("RelatedClient/Name", "Jo"),
                ])
            ])
        #expect(smith.contacts == [Contact(name: "Jo", isPrimary: "yes", line: 14)])
        #expect(smith.groups == [ClientGroup(id: "5", name: "VIP")])
        #expect(result.records[1][.name] == "Beta & Co")
    }

    @Test func anErrorResponseIsReportedNotReadAsAnEmptyList() {
        let path = folder.write(
            "xpm.xml", "<Response><Status>ERROR</Status><ErrorDescription>Invalid API key</ErrorDescription></Response>"
        )
        let result = InputReader.read(InputFiles(xpm: [path]))
        #expect(
            result.diagnostics.map(\.description) == [
                "\(path):1:1: error: the XPM API answered with status 'ERROR': 'Invalid API key', not a client list"
            ])
        #expect(result.files.first?.unreadable != nil)
    }

    @Test func aLocalFileEntityIsRefusedWithoutReadingTheFile() {
        let secret = folder.write("secret.txt", "TOP-SECRET")
        let path = folder.write(
            "xxe.xml",
            """
            <?xml version="1.0"?>
            <!DOCTYPE Response [ <!ENTITY leak SYSTEM "file://\(secret)"> ]>
            <Response><Status>OK</Status><Clients><Client><UUID>x</UUID><Name>&leak;</Name></Client></Clients></Response>
            """)
        let result = InputReader.read(InputFiles(xpm: [path]))
        #expect(result.records.isEmpty)
        #expect(
            result.diagnostics.map(\.description) == [
                "\(path):2:1: error: refused: the file declares a DOCTYPE; DTDs and entities are never loaded (an XPM API response has none)"
            ])
        #expect(!result.diagnostics.description.contains("TOP-SECRET"))
    }

    @Test func aBillionLaughsBombIsRefusedAtOnce() {
        var entities = "<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            entities += "<!ENTITY lol\(level) \"\(String(repeating: "&\(previous);", count: 10))\">\n"
        }
        let path = folder.write(
            "bomb.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n\(entities)]>\n<Response>&lol9;</Response>\n")
        let result = InputReader.read(InputFiles(xpm: [path]))
        #expect(result.records.isEmpty)
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.message.hasPrefix("refused: the file declares a DOCTYPE") == true)
    }

    @Test func malformedXMLKeepsTheClientsBeforeAndQuarantinesTheRest() {
        let path = folder.write(
            "xpm.xml",
            "<Response><Status>OK</Status><Clients>\n<Client><UUID>a</UUID></Client>\n<Client><UUID>b</UUID><Name>Bad</Nam></Client>\n</Clients></Response>"
        )
        let result = InputReader.read(InputFiles(xpm: [path]))
        #expect(result.records.map(\.key) == ["a"])
        #expect(
            result.diagnostics.map(\.description) == [
                "\(path):3:1: error: the rest of the file could not be read after the XML error at line 3",
                "\(path):3:38: error: malformed XML: opening and ending tag mismatch: Name line 3 and Nam",
            ])
        #expect(result.quarantine.first?.text.hasPrefix("<Client><UUID>b</UUID>") == true)
    }

    @Test func notXMLWrongRootAndUndefinedEntitiesAreClearErrors() {
        let csv = folder.write("a.xml", "Name,Email\nAcme,a@b.example\n")
        let root = folder.write("b.xml", "<Invoices><Invoice/></Invoices>")
        let entity = folder.write(
            "c.xml", "<Response><Status>OK</Status><Clients><Client><UUID>&nope;</UUID></Client></Clients></Response>")
        let result = InputReader.read(InputFiles(xpm: [csv, root, entity]))
        #expect(
            result.diagnostics.map(\.description) == [
                "\(csv):1:1: error: not XML (it does not start with '<'); pass XPM client CSV files with --xpm-csv",
                "\(root):1:1: error: not an XPM API response: the root element is <Invoices>, expected <Response>",
                "\(entity):1:39: error: the rest of the file could not be read after the XML error at line 1",
                "\(entity):1:59: error: malformed XML: entity 'nope' not defined",
            ])
    }
}
