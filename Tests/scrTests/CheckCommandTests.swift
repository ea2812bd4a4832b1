import Foundation
import SCRTestSupport
import Testing

/// `scr check`, run as a person or a script runs it: the built binary, its output and exit status.
@Suite struct CheckCommandTests {
    let folder = TemporaryFolder()

    @Test func aCleanRunPrintsTheSummaryAndExitsZero() throws {
        let hq = folder.write(
            "hq.csv", "Client ID,Name,Groups,Shoe Size\nHQ-1,Acme Pty Ltd,Tax;Payroll,9\nHQ-2,Beta Ltd,Tax,\n")
        let xpm = Fixtures.path("real-world/xpm-api/client-get.xml")
        let run = try runSCR(["check", "--hq", hq, "--xpm", xpm])
        #expect(run.status == 0)
        #expect(run.stderr == "")
        #expect(
            run.stdout == """
                \(hq): Xero HQ clients (CSV)
                  format: UTF-8, comma-separated
                  records 2, contacts 0, groups 2, quarantined 0, errors 0, warnings 0
                  columns:
                    1. 'Client ID' -> Client ID
                    2. 'Name' -> Name
                    3. 'Groups' -> Groups
                    4. 'Shoe Size' -> custom field 'Shoe Size' (unknown)
                  unknown columns, kept as custom fields: 'Shoe Size'
                \(xpm): XPM API clients (XML)
                  format: UTF-8
                  records 1, contacts 1, groups 0, quarantined 0, errors 0, warnings 0
                read 2 HQ and 1 XPM records; 0 quarantined; 0 errors, 0 warnings

                """)
    }

    @Test func errorsArePrintedWithTheirPlaceAndExitOne() throws {
        let hq = folder.write("hq.csv", "Client ID,Name\nHQ-1,Acme\nHQ-1,Acme again\n,Nobody\n")
        let run = try runSCR(["check", "--hq", hq])
        #expect(run.status == 1)
        #expect(
            run.stderr == """
                \(hq):3:1: error: duplicate Client ID 'HQ-1'; first read at line 2
                \(hq):4:1: error: missing 'Client ID'

                """)
        #expect(run.stdout.hasSuffix("read 1 HQ and 0 XPM records; 2 quarantined; 2 errors, 0 warnings\n"))
    }

    @Test func warningsAloneExitZero() throws {
        let hq = folder.write("hq.csv", "Client ID,Name,Emial\nHQ-1,Acme,a@acme.example\n")
        let run = try runSCR(["check", "--hq", hq])
        #expect(run.status == 0)
        #expect(
            run.stderr
                == "\(hq):1:16: warning: unknown column 'Emial'; did you mean 'Email'? (kept as a custom field)\n")
    }

    @Test func fileThatCannotBeReadIsOneLineAndExitOne() throws {
        let missing = folder.path + "/missing.csv"
        let binary = folder.write("clients.xlsx", bytes: [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00])
        let error = folder.write(
            "error.xml", "<Response><Status>ERROR</Status><ErrorDescription>Unauthorised</ErrorDescription></Response>")
        let csvAsXML = folder.write("clients.csv", "Name,Email\nAcme,a@acme.example\n")
        let cases: [([String], String)] = [
            (["--hq", missing], "\(missing):1:1: error: no such file\n"),
            (["--hq", folder.path], "\(folder.path):1:1: error: is a folder, not a file\n"),
            (["--hq", binary], "\(binary):1:5: error: binary data (a NUL character), not a CSV or XML file\n"),
            (
                ["--xpm", error],
                "\(error):1:1: error: the XPM API answered with status 'ERROR': 'Unauthorised', not a client list\n"
            ),
            (
                ["--xpm", csvAsXML],
                "\(csvAsXML):1:1: error: not XML (it does not start with '<'); pass XPM client CSV files with --xpm-csv\n"
            ),
        ]
        for (arguments, expected) in cases {
            let run = try runSCR(["check"] + arguments)
            #expect(run.status == 1, "\(arguments)")
            #expect(run.stderr == expected)
        }
    }

    @Test func aDoctypeIsRefusedAndNoFileItNamesIsRead() throws {
        let secret = folder.write("secret.txt", "TOP-SECRET")
        let xxe = folder.write(
            "xxe.xml",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file://\(secret)\">]>\n<Response>&x;</Response>\n"
        )
        let run = try runSCR(["check", "--xpm", xxe, "--records"])
        #expect(run.status == 1)
        #expect(run.stdout == "")
        #expect(!run.stderr.contains("TOP-SECRET"))
        #expect(run.stderr.hasPrefix("\(xxe):2:1: error: refused: the file declares a DOCTYPE;"))
    }

    @Test func jsonIsOneDocumentOnStandardOutput() throws {
        let hq = folder.write("hq.csv", "Client ID,Name\nHQ-1,Acme\n\"HQ-2,Beta\n")
        let run = try runSCR(["check", "--hq", hq, "--json"])
        #expect(run.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let totals = try #require(document["totals"] as? [String: Int])
        #expect(totals == ["hqRecords": 1, "xpmRecords": 0, "quarantined": 1, "errors": 1, "warnings": 0])
        let files = try #require(document["files"] as? [[String: Any]])
        #expect(files.count == 1)
        #expect(files[0]["kind"] as? String == "hq-csv")
        #expect(files[0]["records"] as? Int == 1)
        let quarantine = try #require(document["quarantine"] as? [[String: Any]])
        #expect(quarantine.count == 1)
        #expect(quarantine[0]["line"] as? Int == 3)
        #expect(quarantine[0]["column"] as? Int == 1)
        #expect(quarantine[0]["reason"] as? String == "unterminated quoted field")
        #expect(quarantine[0]["text"] as? String == "\"HQ-2,Beta")
        #expect(document["records"] == nil)
    }

    @Test func recordsPrintsOneJSONObjectPerRecord() throws {
        let hq = folder.write(
            "hq.csv", "Client ID,Name,Email,Groups,Colour\nHQ-1,Acme Pty Ltd,info@acme.example,Tax,teal\n")
        let run = try runSCR(["check", "--hq", hq, "--records"])
        #expect(run.status == 0)
        #expect(
            run.stdout == """
                {"contacts":[],"customFields":[{"name":"Colour","value":"teal"}],"fields":{"Client ID":"HQ-1","Email":"info@acme.example","Name":"Acme Pty Ltd"},"file":"\(hq)","groups":[{"name":"Tax"}],"key":"HQ-1","line":2,"normalised":{"contactEmails":[],"contactPhones":[],"emails":[{"address":"info@acme.example","domain":"acme.example","isFreeMail":false,"isValid":true,"local":"info"}],"name":{"formalGiven":[],"given":[],"initials":[],"innerLegalForms":[],"isCouple":false,"kind":"organisation","legalForm":"company","setAside":["Pty Ltd"],"tokens":["acme"]},"phones":[],"structure":"company"},"notes":[],"relationships":[],"source":"hq"}

                """)
        #expect(run.stderr.hasSuffix("read 1 HQ and 0 XPM records; 0 quarantined; 0 errors, 0 warnings\n"))
    }

    @Test func theDemoPracticeReadsWithoutAnyProblem() throws {
        let run = try runSCR([
            "check", "--hq", Fixtures.path("demo/hq.csv"), "--hq-contacts", Fixtures.path("demo/hq-contacts.csv"),
            "--xpm", Fixtures.path("demo/xpm.xml"), "--json",
        ])
        #expect(run.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(
            document["totals"] as? [String: Int] == [
                "hqRecords": 30, "xpmRecords": 35, "quarantined": 0, "errors": 0, "warnings": 0,
            ])
    }

    @Test func badUsageExitsTwoWithAHint() throws {
        let none = try runSCR(["check"])
        #expect(none.status == 2)
        #expect(none.stderr.hasPrefix("Error: Pass at least one export: --hq, --xpm or --xpm-csv.\n"))
        let contactsAlone = try runSCR(["check", "--hq-contacts", "c.csv", "--xpm", "x.xml"])
        #expect(contactsAlone.status == 2)
        #expect(
            contactsAlone.stderr.hasPrefix(
                "Error: --hq-contacts joins contacts to HQ clients: pass the HQ export with --hq too.\n"))
        let unknown = try runSCR(["check", "--hq", "x.csv", "--bogus"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("Error: Unknown option '--bogus'\n"))
        let typo = try runSCR(["chek"])
        #expect(typo.status == 2)
    }

    @Test func helpDescribesEveryOption() throws {
        let run = try runSCR(["check", "--help"])
        #expect(run.status == 0)
        #expect(
            run.stdout == """
                OVERVIEW: Read the exports and report records, contacts, groups, quarantined
                rows and column mappings.

                Exits with status 1 when any error was found (a quarantined row included), 0
                otherwise.

                USAGE: scr check [--hq <file> ...] [--hq-contacts <file> ...] [--xpm <file> ...] [--xpm-csv <file> ...] [--columns <file> ...] [--json] [--records]

                OPTIONS:
                  --hq <file>             The Xero HQ client export (CSV, in the engine's HQ
                                          layout).
                  --hq-contacts <file>    The Xero HQ contacts file (CSV), joined to clients by
                                          Client ID.
                  --xpm <file>            An XPM API client response (XML: client.api/list, get
                                          or search). Repeat it for several pages.
                  --xpm-csv <file>        The XPM client CSV (one row per contact). Repeat it
                                          for several files.
                  --columns <file>        A JSON or TOML file mapping headers the engine does
                                          not know onto its columns.
                  --json                  Print the result as one JSON document on standard
                                          output.
                  --records               Print every source record read and its normalised
                                          form, one JSON object per line (inside the document
                                          with --json).
                  -h, --help              Show help information.


                """)
    }
}

/// The options not covered above, through the built binary.
@Suite struct CheckOptionTests {
    let folder = TemporaryFolder()

    @Test func aSingleFileOptionGivenTwiceOrOneFileGivenTwiceIsBadUsage() throws {
        let hq = folder.write("hq.csv", "Client ID,Name\n1,Acme\n")
        let twice = try runSCR(["check", "--hq", hq, "--hq", hq])
        #expect(twice.status == 2)
        #expect(twice.stderr.hasPrefix("Error: --hq takes one file; it was given 2.\n"))
        let xml = Fixtures.path("real-world/xpm-api/client-get.xml")
        let same = try runSCR(["check", "--xpm", xml, "--xpm", xml])
        #expect(same.status == 2)
        #expect(same.stderr.hasPrefix("Error: '\(xml)' is given twice; pass each file once.\n"))
    }

    @Test func columnsContactsXPMCSVAndRecordsInsideJSON() throws {
        let hq = folder.write("hq.csv", "Cust Ref,Name\nH1,Acme Pty Ltd\n")
        let contacts = folder.write("contacts.csv", "Client ID,Name,Email\nH1,Jane Doe,jane@acme.example\n")
        let columns = folder.write("columns.toml", "[hq]\n\"Cust Ref\" = \"Client ID\"\n")
        let xpm = folder.write("xpm.csv", "UUID,Name,ContactName,client.[Referral]\nu-1,ACME PTY LTD,Jane Doe,Bob\n")
        let run = try runSCR([
            "check", "--hq", hq, "--hq-contacts", contacts, "--xpm-csv", xpm, "--columns", columns, "--json",
            "--records",
        ])
        #expect(run.status == 0)
        #expect(run.stderr == "")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let records = try #require(document["records"] as? [[String: Any]])
        #expect(records.map { $0["key"] as? String } == ["H1", "u-1"])
        #expect((records[0]["contacts"] as? [[String: Any]])?.first?["email"] as? String == "jane@acme.example")
        #expect((records[1]["customFields"] as? [[String: Any]])?.first?["name"] as? String == "Referral")
        let normalised = try #require(records[1]["normalised"] as? [String: Any])
        #expect((normalised["name"] as? [String: Any])?["tokens"] as? [String] == ["acme"])
        let files = try #require(document["files"] as? [[String: Any]])
        #expect((files[0]["columns"] as? [[String: Any]])?.first?["how"] as? String == "--columns")
    }

    @Test func anEntityNamingAPipeIsRefusedWithoutOpeningIt() throws {
        // Reading the pipe would block for ever: a refusal that comes back proves nothing was read.
        let fifo = folder.path + "/secret.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let xxe = folder.write(
            "xxe.xml",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file://\(fifo)\">]>\n<Response>&x;</Response>\n")
        let run = try runSCR(["check", "--xpm", xxe], timeout: 20)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("\(xxe):2:1: error: refused: the file declares a DOCTYPE;"))
    }

    @Test func impossibleDatesAreWarnedAboutAndTheCheckStillPasses() throws {
        let hq = folder.write("hq.csv", "Client ID,First Name,Last Name,Date of Birth\n1,Sarah,Brown,31/04/1980\n")
        let run = try runSCR(["check", "--hq", hq])
        #expect(run.status == 0)
        #expect(run.stderr == "\(hq):2:15: warning: 'Date of Birth' is not a possible date; read as missing\n")
        #expect(run.stdout.contains("records 1, contacts 0, groups 0, quarantined 0, errors 0, warnings 1\n"))
    }
}
