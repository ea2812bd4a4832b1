import SCRTestSupport
import Testing

@testable import SingleClientRecord

@Suite struct XPMClientCSVReaderTests {
    let folder = TemporaryFolder()

    @Test func rowsOfOneClientBecomeOneRecordWithItsContactsGroupsAndCustomFields() throws {
        let path = folder.write(
            "xpm.csv",
            """
            UUID,Name,Email,Address1,Address2,City,PostCode,BusinessStructure,BusinessNumber,ContactName,ContactEmail,ContactPosition,Group,client.[Referral Partner]
            u-1,Acme Pty Ltd,info@acme.example,Level 2,10 George St,Sydney,2000,Company,51824753556,Jane Doe,jane@acme.example,Director,Tax,Smith & Co
            u-1,Acme Pty Ltd,info@acme.example,Level 2,10 George St,Sydney,2000,Company,51824753556,John Doe,john@acme.example,Secretary,Payroll,Smith & Co
            u-2,Brown Family Trust,,,,,,Trust,,,,,,

            """)
        let result = InputReader.read(InputFiles(xpmCSV: [path]))
        #expect(result.diagnostics == [])
        #expect(result.records.map(\.key) == ["u-1", "u-2"])
        let acme = result.records[0]
        #expect(acme.source == .xpm)
        #expect(acme[.address] == "Level 2\n10 George St")
        #expect(acme[.postcode] == "2000")
        #expect(
            acme.contacts == [
                Contact(name: "Jane Doe", email: "jane@acme.example", position: "Director", line: 2),
                Contact(name: "John Doe", email: "john@acme.example", position: "Secretary", line: 3),
            ])
        #expect(acme.groups == [ClientGroup(name: "Tax"), ClientGroup(name: "Payroll")])
        #expect(acme.customFields == [NamedValue("Referral Partner", "Smith & Co")])
        #expect(result.records[1].contacts == [])
        let file = try #require(result.files.first)
        #expect(file.records == 2)
        #expect(file.contacts == 2)
        #expect(file.groups == 2)
        #expect(file.columns.last?.mappedTo == "custom field 'Referral Partner'")
        #expect(file.columns.last?.how == "client.[...]")
        #expect(file.unknownColumns == [])
    }

    @Test func aRowThatContradictsItsClientIsQuarantined() {
        let path = folder.write(
            "xpm.csv",
            "ClientID,Name,Email,ContactName\n10,Acme,a@acme.example,Jane\n10,Acme,other@acme.example,John\n")
        let result = InputReader.read(InputFiles(xpmCSV: [path]))
        #expect(
            result.diagnostics.map(\.description) == [
                "\(path):3:1: error: row repeats client '10' (line 2) with a different 'Email'"
            ])
        #expect(result.quarantine.map(\.text) == ["10,Acme,other@acme.example,John"])
        #expect(result.records.first?.contacts.map(\.name) == ["Jane"])
        #expect(result.records.first?.key == "10")
    }

    @Test func withoutAKeyColumnClientsAreGatheredByName() {
        let path = folder.write("xpm.csv", "Name,ContactName\nAcme,Jane\nAcme,John\nBeta,\n")
        let result = InputReader.read(InputFiles(xpmCSV: [path]))
        #expect(
            result.diagnostics.map(\.description) == [
                "\(path):1:1: warning: no 'UUID' or 'ClientID' column; rows are gathered into clients by 'Name'"
            ])
        #expect(result.records.map(\.key) == ["Acme", "Beta"])
        #expect(result.records.first?.contacts.count == 2)
    }
}

@Suite struct HQContactReaderTests {
    let folder = TemporaryFolder()

    @Test func contactsJoinTheirClientsAndStrangersAreQuarantined() throws {
        let hq = folder.write("hq.csv", "Client ID,Name\nHQ-1,Acme\nHQ-2,Beta\n")
        let contacts = folder.write(
            "contacts.csv",
            """
            Client ID,Name,Email,Phone,Mobile,Position,Primary
            HQ-1,Jane Doe,jane@acme.example,,0412 345 678,Director,Yes
            HQ-9,Lost Soul,lost@example.net,,,,No
            HQ-1,John Doe,,,,,perhaps
            HQ-2,,,,,,

            """)
        let result = InputReader.read(InputFiles(hq: hq, hqContacts: contacts))
        #expect(
            result.diagnostics.map(\.description) == [
                "\(contacts):3:1: error: contact for Client ID 'HQ-9', which is not in the HQ export",
                "\(contacts):4:19: warning: 'Primary' is not a yes/no value; expected Yes, No, true, false, 1 or 0",
                "\(contacts):5:1: error: contact row holds nothing but its Client ID",
            ])
        #expect(
            result.records[0].contacts == [
                Contact(
                    name: "Jane Doe", email: "jane@acme.example", mobile: "0412 345 678", position: "Director",
                    isPrimary: "Yes", line: 2),
                Contact(name: "John Doe", isPrimary: "perhaps", line: 4),
            ])
        #expect(result.records[0].contacts.map(\.isPrimaryFlag) == [true, nil])
        #expect(result.files.map(\.contacts) == [2, 2])
        #expect(result.files.map(\.quarantined) == [0, 2])
    }
}
