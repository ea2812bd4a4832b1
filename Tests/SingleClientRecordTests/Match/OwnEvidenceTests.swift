import SCRTestSupport
import Testing

@testable import SingleClientRecord
@testable import SyntheticPractice

/// Clusters that must not form on a common name or a family's shared contact details, and Xero
/// HQ's own rules as blockers: families and namesakes written by hand into a generated practice
/// (which gives the value frequencies a practice has).
@Suite struct OwnEvidenceTests {
    let folder = TemporaryFolder()

    static let xpmHeader =
        "UUID,Name,First Name,Last Name,Business Structure,Email,Phone,Mobile,Address,City,Postcode,Tax Number,Business Number,Date of Birth"

    /// One HQ row in the generator's layout from the columns given by name.
    private func hqRow(_ fields: [String: String]) -> String {
        ByteSink.hqColumns.map { column in
            let value = fields[column] ?? ""
            return value.contains(",") ? "\"\(value)\"" : value
        }.joined(separator: ",")
    }

    /// Plans a generated practice of 1,500 clients with the rows given added: HQ rows to its
    /// hq.csv, XPM rows as an XPM client CSV (``xpmHeader``). Returns every added record's cluster,
    /// by the record's reference.
    private func plan(
        hq: [[String: String]], xpm: [String]
    ) throws -> (clusters: [String: PlanCluster], warnings: [String]) {
        let practice = PracticeGenerator.generate(PracticeGenerator.Options(clients: 1500, seed: 4))
        let hqPath = folder.write(
            "hq.csv", String(decoding: practice.hqCSV, as: UTF8.self) + hq.map(hqRow).joined(separator: "\r\n") + "\r\n"
        )
        let xmlPath = folder.write("xpm.xml", bytes: practice.xpmXML)
        let csvPath = folder.write("xpm.csv", ([Self.xpmHeader] + xpm).joined(separator: "\n") + "\n")
        let outcome = try Planner.run(InputFiles(hq: hqPath, xpm: [xmlPath], xpmCSV: [csvPath]))
        #expect(outcome.read.diagnostics.filter { $0.severity == .error } == [])

        let added = Set(hq.map { "hq:" + $0["Client ID"]! } + xpm.map { "xpm:" + $0.prefix { $0 != "," } })
        var clusters: [String: PlanCluster] = [:]
        for cluster in outcome.document.clusters {
            for member in cluster.members.map(\.reference) where added.contains(member) { clusters[member] = cluster }
        }
        return (clusters, outcome.read.diagnostics.filter { $0.location.file == csvPath }.map(\.description))
    }

    private func members(_ cluster: PlanCluster?) -> [String] { cluster?.members.map(\.reference) ?? [] }

    /// The Quennevilles: a father and his son of one name at one address, with the family's
    /// trust and company, sharing the office e-mail, landline and street address; two other John
    /// Quennevilles elsewhere. The father's records share his date of birth; the son's HQ record
    /// has none.
    static let family: [String: String] = [
        "Email": "office@quennevillegroup.com.au", "Phone": "02 9876 5400", "Address": "14 Banksia Road",
        "City": "Epping", "Region": "NSW", "Postcode": "2121",
    ]

    static func person(_ id: String, _ first: String, _ last: String, _ extra: [String: String]) -> [String: String] {
        family.merging(["Client ID": id, "First Name": first, "Last Name": last, "Business Structure": "Individual"]) {
            $1
        }.merging(extra) { $1 }
    }

    @Test func aNamesakeOfAFamilyNeverRidesIntoItsClusterOnTheNameAndTheFamilysDetails() throws {
        let hq = [
            Self.person("Q-1", "John", "Quenneville", ["Date of Birth": "1961-03-12"]),
            Self.person("Q-2", "John", "Quenneville", [:]),
            Self.family.merging([
                "Client ID": "Q-3", "Name": "Quenneville Family Trust", "Business Structure": "Trust",
                "Business Number": "95 471 173 493",
            ]) { $1 },
            Self.family.merging([
                "Client ID": "Q-4", "Name": "Quenneville Holdings Pty Ltd", "Business Structure": "Company",
                "Business Number": "25 999 583 278",
            ]) { $1 },
            [
                "Client ID": "Q-5", "First Name": "John", "Last Name": "Quenneville",
                "Business Structure": "Individual",
                "Email": "jq1980@outlook.com", "Mobile": "0411 000 111", "Address": "3 Elm Street", "City": "Ryde",
                "Postcode": "2112", "Date of Birth": "1980-06-01",
            ],
            [
                "Client ID": "Q-6", "First Name": "John", "Last Name": "Quenneville",
                "Business Structure": "Individual",
                "Email": "j.quenneville@gmail.com", "Address": "9 Oak Avenue", "City": "Dubbo", "Postcode": "2830",
                "Date of Birth": "1955-01-20",
            ],
        ]
        let xpm = [
            "xq-1,John Quenneville,John,Quenneville,Individual,office@quennevillegroup.com.au,02 9876 5400,,14 Banksia Road,Epping,2121,,,1961-03-12",
            "xq-3,Quenneville Family Trust,,,Trust,office@quennevillegroup.com.au,02 9876 5400,,14 Banksia Road,Epping,2121,,95471173493,",
            "xq-4,Quenneville Holdings Pty Ltd,,,Company,office@quennevillegroup.com.au,02 9876 5400,,14 Banksia Road,Epping,2121,,25999583278,",
            "xq-5,John Quenneville,John,Quenneville,Individual,jq1980@outlook.com,,0411 000 111,3 Elm Street,Ryde,2112,,,1980-06-01",
        ]
        let (clusters, _) = try plan(hq: hq, xpm: xpm)
        // The father's records join on his date of birth; the trust and the company on their ABNs.
        #expect(members(clusters["hq:Q-1"]) == ["hq:Q-1", "xpm:xq-1"])
        #expect(clusters["hq:Q-1"]?.status == .auto)
        #expect(members(clusters["hq:Q-3"]) == ["hq:Q-3", "xpm:xq-3"])
        #expect(members(clusters["hq:Q-4"]) == ["hq:Q-4", "xpm:xq-4"])
        #expect(members(clusters["hq:Q-5"]) == ["hq:Q-5", "xpm:xq-5"])
        #expect(members(clusters["hq:Q-6"]) == ["hq:Q-6"])
        // The son matches his father by 21.6 bits, past the automatic threshold, but on nothing
        // of his own: he stays apart, for a person, with the values named.
        let shared =
            "match (weight 21.6), but 6.7 without what other clients hold too (the name (6 records hold it), the e-mail address (7 records hold it), the phone number (7 records hold it), the street address (7 records hold it)), short of the 16 a merge without a person needs; a person must decide"
        #expect(members(clusters["hq:Q-2"]) == ["hq:Q-2"])
        #expect(clusters["hq:Q-2"]?.status == .review)
        #expect(
            clusters["hq:Q-2"]?.reasons == [
                "found in HQ only", "hq:Q-1 and hq:Q-2 " + shared, "hq:Q-2 and xpm:xq-1 " + shared,
            ])
    }

    /// Two clients of one name, each matched to its own counterpart by something of its own (the
    /// father's ABN as a sole trader, the son's mobile), sharing the family's e-mail address and
    /// street address: two clusters, never one of four records.
    @Test func twoClientsThatEachHaveTheirCounterpartJoinOnlyOnEvidenceTyingThem() throws {
        let hq = [
            Self.person(
                "Q-1", "Peter", "Quenneville",
                ["Business Structure": "Sole Trader", "Business Number": "31 864 452 323"]),
            Self.person("Q-2", "Peter", "Quenneville", ["Mobile": "0433 222 111"]),
            [
                "Client ID": "Q-5", "First Name": "Peter", "Last Name": "Quenneville",
                "Business Structure": "Individual",
                "Email": "pq@outlook.com", "Address": "3 Elm Street", "City": "Ryde", "Postcode": "2112",
            ],
            [
                "Client ID": "Q-6", "First Name": "Peter", "Last Name": "Quenneville",
                "Business Structure": "Individual",
                "Email": "p.quenneville@gmail.com", "Address": "9 Oak Avenue", "City": "Dubbo", "Postcode": "2830",
            ],
        ]
        let xpm = [
            "xq-1,Peter Quenneville,Peter,Quenneville,Sole Trader,office@quennevillegroup.com.au,02 9876 5400,,14 Banksia Road,Epping,2121,,31864452323,",
            "xq-2,Peter Quenneville,Peter,Quenneville,Individual,office@quennevillegroup.com.au,02 9876 5400,0433 222 111,14 Banksia Road,Epping,2121,,,",
        ]
        let (clusters, _) = try plan(hq: hq, xpm: xpm)
        #expect(members(clusters["hq:Q-1"]) == ["hq:Q-1", "xpm:xq-1"])
        #expect(clusters["hq:Q-1"]?.status == .auto)
        #expect(members(clusters["hq:Q-2"]) == ["hq:Q-2", "xpm:xq-2"])
        #expect(members(clusters["hq:Q-5"]) == ["hq:Q-5"])
        #expect(members(clusters["hq:Q-6"]) == ["hq:Q-6"])
        // The pairs across weigh 20.2 bits, within a few bits of the son's own pair, but without
        // the name that others hold too they fall short: a person looks at the son's cluster.
        let untied =
            " match (weight 20.2), but 15.9 without what other clients hold too (the name (6 records hold it)), short of the 16 a merge without a person needs; a person must decide"
        #expect(clusters["hq:Q-2"]?.status == .review)
        let pairs = ["hq:Q-1 and hq:Q-2", "hq:Q-1 and xpm:xq-2", "hq:Q-2 and xpm:xq-1", "xpm:xq-1 and xpm:xq-2"]
        let reasons: [String] = pairs.map { $0 + untied }
        #expect(clusters["hq:Q-2"].map { Array($0.reasons.suffix(4)) } == reasons)
    }

    /// An identity number failing its checksum, the same in both lists, with the same date of
    /// birth and address, makes one person of "Minh Nguyen" and "Michael Nguyen"; the warning for
    /// the checksum stays.
    @Test func theSameTaxNumberFailingItsChecksumTiesAPersonWhoseGivenNameChanged() throws {
        let hq = [
            [
                "Client ID": "N-1", "First Name": "Minh", "Last Name": "Nguyen", "Business Structure": "Individual",
                "Tax Number": "123 456 788", "Date of Birth": "1975-04-03", "Address": "22 Canley Vale Road",
                "City": "Canley Heights", "Postcode": "2166",
            ]
        ]
        let xpm = [
            "xn-1,Michael Nguyen,Michael,Nguyen,Individual,,,,22 Canley Vale Rd,Canley Heights,2166,123456788,,1975-04-03"
        ]
        let (clusters, warnings) = try plan(hq: hq, xpm: xpm)
        #expect(members(clusters["hq:N-1"]) == ["hq:N-1", "xpm:xn-1"])
        #expect(clusters["hq:N-1"]?.status == .auto)
        #expect(
            clusters["hq:N-1"]?.reasons == [
                "same date of birth 1975-04-03", "same street address",
                "same tax number (ending 788), though it fails the TFN checksum",
                "same business structure (individual)",
                "same family name, different given names",
            ])
        #expect(
            warnings == [
                folder.path
                    + "/xpm.csv:2:88: warning: 'Tax Number' fails the TFN checksum; kept, and compared only as typed"
            ])
    }

    /// What is put to a person alone: two lone records that agree only on a name other clients
    /// hold (two of the practice's four John Quennevilles, at different homes) are no question,
    /// and each stays alone; the same pair under a name nobody else holds goes to review. Two
    /// lone records whose strong pair contradicts itself (everything agrees but the TFN, both
    /// valid) are proposed together for review, the contradiction named.
    @Test func loneRecordsGoToAPersonOnlyOnEvidenceOfTheirOwn() throws {
        func john(_ id: String, _ email: String, _ address: String, _ dateOfBirth: String) -> [String: String] {
            [
                "Client ID": id, "First Name": "John", "Last Name": "Quenneville", "Business Structure": "Individual",
                "Email": email, "Address": address, "City": "Ryde", "Postcode": "2112", "Date of Birth": dateOfBirth,
            ]
        }
        let hq = [
            john("J-1", "jq.ryde@outlook.com", "3 Elm Street", ""),
            john("J-2", "john.q@gmail.com", "41 Pine Road", "1950-02-02"),
            john("J-3", "jquenneville@bigpond.com", "7 Ash Lane", "1990-11-30"),
            [
                "Client ID": "V-1", "First Name": "Hortensia", "Last Name": "Vandersloot",
                "Business Structure": "Individual", "Email": "hortensia@iinet.net.au", "Address": "5 Gum Street",
                "City": "Hobart", "Postcode": "7000",
            ],
            [
                "Client ID": "C-1", "First Name": "Ngaio", "Last Name": "Brightwater",
                "Business Structure": "Individual", "Email": "ngaio.b@outlook.com", "Mobile": "0412 765 431",
                "Address": "12 Rata Street", "City": "Perth", "Postcode": "6000", "Tax Number": "123 456 782",
                "Date of Birth": "1970-01-01",
            ],
        ]
        let xpm = [
            "xj-1,John Quenneville,John,Quenneville,Individual,johnq55@yahoo.com.au,,,88 Bay Road,Ryde,2112,,,",
            "xv-1,Hortensia Vandersloot,Hortensia,Vandersloot,Individual,h.vandersloot@gmail.com,,,19 Wattle Avenue,Hobart,7000,,,",
            "xc-1,Ngaio Brightwater,Ngaio,Brightwater,Individual,ngaio.b@outlook.com,,0412 765 431,12 Rata Street,Perth,6000,876543210,,1970-01-01",
        ]
        let (clusters, _) = try plan(hq: hq, xpm: xpm)
        #expect(members(clusters["hq:J-1"]) == ["hq:J-1"] && clusters["hq:J-1"]?.status == .auto)
        #expect(members(clusters["xpm:xj-1"]) == ["xpm:xj-1"] && clusters["xpm:xj-1"]?.status == .auto)
        #expect(members(clusters["hq:V-1"]) == ["hq:V-1", "xpm:xv-1"])
        #expect(clusters["hq:V-1"]?.status == .review)
        #expect(
            clusters["hq:V-1"]?.reasons == [
                "names equal", "same business structure (individual)", "different e-mail addresses",
                "same postcode or town, different street",
            ])
        #expect(members(clusters["hq:C-1"]) == ["hq:C-1", "xpm:xc-1"])
        #expect(clusters["hq:C-1"]?.status == .review)
        #expect(
            clusters["hq:C-1"]?.reasons.last
                == "hq:C-1 and xpm:xc-1 match strongly (weight 22.0) but contradict each other (different tax numbers, both valid): a person must decide"
        )
    }

    /// Xero HQ's rules are blockers: records linked to different Xero organisations are never
    /// proposed as one client, and a person is never merged with an organisation without a person.
    @Test func xeroHQsMergeRulesAreBlockers() throws {
        let hq = [
            [
                "Client ID": "T-1", "Name": "Tallowood Pty Ltd", "Business Structure": "Company",
                "Business Number": "84 022 765 333", "Email": "accounts@tallowood.com.au",
                "Xero Organisation ID": "org-tallowood-1",
            ],
            [
                "Client ID": "T-2", "Name": "Tallowood Pty Ltd", "Business Structure": "Company",
                "Business Number": "84 022 765 333", "Email": "accounts@tallowood.com.au",
                "Xero Organisation ID": "org-tallowood-2",
            ],
            [
                "Client ID": "P-1", "Name": "Ironbark Plumbing Pty Ltd", "Business Structure": "Company",
                "Business Number": "98 925 810 340", "Email": "ironbarkplumbing@bigpond.com",
            ],
            [
                "Client ID": "P-2", "Name": "Quandong Traders", "Business Number": "66 248 706 668",
                "Email": "quandongtraders@bigpond.com",
            ],
        ]
        let xpm = [
            "xt-1,Tallowood Pty Ltd,,,Company,accounts@tallowood.com.au,,,,,,,84022765333,",
            "xp-1,Peter Ironbark,Peter,Ironbark,,ironbarkplumbing@bigpond.com,,,,,,,98925810340,",
            "xp-2,\"Quandong, Peter\",,,,quandongtraders@bigpond.com,,,,,,,66248706668,",
        ]
        let (clusters, _) = try plan(hq: hq, xpm: xpm)
        // The second HQ record is linked to another Xero organisation: it stays apart, and both
        // clusters go to a person with Xero HQ's rule in words.
        let xero =
            "hq:T-1 and hq:T-2 match strongly but are linked to different Xero organisations, which Xero HQ never merges: a person must decide"
        #expect(members(clusters["hq:T-1"]) == ["hq:T-1", "xpm:xt-1"])
        #expect(members(clusters["hq:T-2"]) == ["hq:T-2"])
        #expect(clusters["hq:T-1"]?.status == .review)
        #expect(clusters["hq:T-2"]?.status == .review)
        #expect(clusters["hq:T-1"]?.reasons.last == xero)
        #expect(clusters["hq:T-2"]?.reasons.last == xero)
        // A company and a person (the XPM record's First and Last Name make it an individual)
        // never merge, whatever the ABN and e-mail address they share: different structures.
        #expect(members(clusters["hq:P-1"]) == ["hq:P-1"])
        #expect(members(clusters["xpm:xp-1"]) == ["xpm:xp-1"])
        // With no business structure on either side, the names' forms tell: the same ABN and
        // e-mail would tie them, but a person and an organisation go to a person, told why.
        #expect(members(clusters["hq:P-2"]) == ["hq:P-2", "xpm:xp-2"])
        #expect(clusters["hq:P-2"]?.status == .review)
        #expect(
            clusters["hq:P-2"]?.reasons == [
                "same ABN 66 248 706 668", "same e-mail address quandongtraders@bigpond.com",
                "the names share some words",
                "hq:P-2 and xpm:xp-2: one is a person and the other an organisation, which Xero HQ never merges: a person must decide",
            ])
    }
}
