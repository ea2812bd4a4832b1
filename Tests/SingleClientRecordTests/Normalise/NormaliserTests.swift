import SCRTestSupport
import Testing

@testable import SingleClientRecord

@Suite struct NormaliserTests {
    let folder = TemporaryFolder()

    private func read(_ csv: String) -> ReadResult {
        InputReader.read(InputFiles(hq: folder.write("hq.csv", csv)))
    }

    @Test func individualsCompaniesTrustsAndSoleTradersAreToldApart() throws {
        let result = read(
            """
            Client ID,Name,First Name,Last Name,Business Structure,Business Number,Company Number
            1,,Sarah,Brown,Individual,,
            2,"Brown, Sarah",,,,,
            3,Acme Pty Ltd,,,,53 004 085 616,004 085 616
            4,Smith Holdings Pty Ltd ATF Smith Family Trust,,,Trust,,
            5,Liam O'Connor Plumbing,Liam,O'Connor,Sole Trader,,
            6,Sarah Brown,,,,,

            """)
        let (normalised, diagnostics) = Normaliser.normalise(result.records)
        #expect(diagnostics == [])
        #expect(
            normalised.map { $0.name?.kind } == [
                .person, .person, .organisation, .organisation, .person, .organisation,
            ])
        #expect(normalised.map(\.structure) == [.individual, .individual, .company, .trust, .soleTrader, nil])
        #expect(normalised[0].name?.tokens == ["sarah", "brown"])
        #expect(normalised[1].name?.tokens == ["sarah", "brown"])
        #expect(normalised[2].name?.tokens == ["acme"])
        #expect(normalised[2].acnMatchesABN == true)
        #expect(normalised[3].name?.trustee == "smith holdings")
        #expect(normalised[4].name?.family == "oconnor")
        #expect(normalised[4].otherName?.tokens == ["liam", "oconnor", "plumbing"])
        // With no structure and no legal form, a plain two-word name stays an organisation's words.
        #expect(normalised[5].name?.tokens == ["sarah", "brown"])
    }

    @Test func setAsideValuesAreWarnedAboutWithTheirRecord() {
        let result = read(
            """
            Client ID,Name,Date of Birth,Business Number,Tax Number,Company Number
            1,Acme Pty Ltd,30/02/1980,51 824 753 557,******782,
            2,Beta Pty Ltd,1980-02-29,n/a,123456782,004085617

            """)
        let (normalised, diagnostics) = Normaliser.normalise(result.records)
        let path = result.files[0].path
        #expect(
            diagnostics.map(\.description) == [
                // Each at its value (identifiers are checked before dates; ReadResult.merge sorts).
                "\(path):2:27: warning: 'Business Number' fails the ABN checksum; kept, and compared only as typed",
                "\(path):2:16: warning: 'Date of Birth' is not a possible date; read as missing",
                "\(path):3:27: warning: 'Business Number' is not an identifier the engine knows; kept, but never counted as evidence",
                "\(path):3:41: warning: 'Company Number' fails the ACN checksum; kept, and compared only as typed",
            ])
        #expect(normalised[0].dateOfBirth == nil)
        #expect(normalised[0].businessNumber == Identifier(kind: .abn, value: "51824753557", isValid: false))
        #expect(normalised[0].taxNumber == Identifier(kind: .maskedTaxNumber, value: "782", isValid: true))
        #expect(normalised[1].dateOfBirth?.description == "1980-02-29")
        #expect(normalised[1].taxNumber?.kind == .tfn)
    }

    @Test func phonesOnThreeOrMoreRecordsAreShared() {
        let result = read(
            """
            Client ID,Name,Phone,Mobile,Country
            1,Ann Lee,(02) 5550 1234,0412 345 678,Australia
            2,Bob Lee,+61 2 5550 1234,,Australia
            3,Cat Lee,02 5550 1234,,Australia
            4,Dan Wu,(02) 5550 9999,,Australia

            """)
        let (normalised, _) = Normaliser.normalise(result.records)
        #expect(normalised.map { $0.phones.map(\.isShared) } == [[true, false], [true], [true], [false]])
        #expect(normalised[0].phones.map(\.kind) == [.landline, .mobile])
    }

    @Test func linksFlagsAndWebsites() {
        let result = read(
            """
            Client ID,Name,Archived,Xero Organisation ID,XPM Client UUID,Website,Email,Country
            1,Acme Pty Ltd,Yes,6B3F0C1E-0000-4000-8000-000000000001, 0183F65C-08C6-47B7-AF05-3DA072E901AE ,https://www.Acme.example/about,"a@acme.example; b@gmail.com",NZ

            """)
        let (normalised, _) = Normaliser.normalise(result.records)
        let record = normalised[0]
        #expect(record.archived == true)
        #expect(record.xeroOrganisationID == "6b3f0c1e-0000-4000-8000-000000000001")
        #expect(record.xpmLink == "0183f65c-08c6-47b7-af05-3da072e901ae")
        #expect(record.website == "acme.example")
        #expect(record.emails.map(\.isFreeMail) == [false, true])
        #expect(record.country == .nz)
    }

    @Test func theRealXPMResponsesNormalise() {
        let result = InputReader.read(
            InputFiles(xpm: [Fixtures.path("real-world/xpm-api/client-list-when-detailed-true.xml")]))
        let (normalised, diagnostics) = Normaliser.normalise(result.records)
        #expect(diagnostics == [])
        let acmer = zip(result.records, normalised).filter { $0.0[.name] == "Acmer Pty Ltd" }.map(\.1)
        #expect(acmer.count == 2)
        #expect(acmer.allSatisfy { $0.name?.tokens == ["acmer"] && $0.name?.legalForm == .company })
        #expect(normalised.allSatisfy { $0.xpmUUID != nil })
    }
}
