import SCRTestSupport
import Testing

@testable import SingleClientRecord

/// Pairs of HQ rows and the levels their comparison must give.
@Suite struct ComparisonTests {
    let folder = TemporaryFolder()
    static let header =
        "Client ID,Name,First Name,Last Name,Business Structure,Email,Phone,Address,City,Postcode,Tax Number,Business Number,Company Number,Date of Birth,Xero Organisation ID,XPM Client UUID"

    /// The comparison vector of the first two rows.
    private func compare(_ rows: String) -> (ComparisonVector, MatchResult) {
        let result = InputReader.read(InputFiles(hq: folder.write("hq.csv", Self.header + "\n" + rows + "\n")))
        #expect(result.diagnostics == [])
        let (normalised, _) = Normaliser.normalise(result.records, defaultCountry: .au)
        let match = Matcher.match(result.records, normalised)
        return (PairComparison.compare(match.features[0], match.features[1]), match)
    }

    private func level(_ rows: String, _ comparison: Comparison) -> String {
        let (vector, _) = compare(rows)
        return comparison.levels[vector[comparison]].name
    }

    @Test func namesAreComparedAsPeopleAndOrganisationsWrite() {
        #expect(level("1,Acme Pty Ltd,,,,,,,,,,,,,,\n2,ACME PTY. LIMITED,,,,,,,,,,,,,,", .name) == "exact")
        #expect(level("1,Harbour Plumbing Pty Ltd,,,,,,,,,,,,,,\n2,Harbour Plumbng,,,,,,,,,,,,,,", .name) == "typo")
        #expect(
            level("1,Harbour Plumbing Pty Ltd,,,,,,,,,,,,,,\n2,Harbour Plumbing Services Pty Ltd,,,,,,,,,,,,,,", .name)
                == "subset")
        #expect(
            level("1,Smith Holdings Pty Ltd,,,,,,,,,,,,,,\n2,Smith Investments Pty Ltd,,,,,,,,,,,,,,", .name)
                == "shared-words")
        #expect(level("1,,Sarah,Brown,Individual,,,,,,,,,,,\n2,\"Brown, Sarah\",,,,,,,,,,,,,,", .name) == "exact")
        #expect(
            level("1,,William,Brown,Individual,,,,,,,,,,,\n2,,Bill,Brown,Individual,,,,,,,,,,,", .name)
                == "given-compatible")
        #expect(
            level("1,,Sarah,Brown,Individual,,,,,,,,,,,\n2,,S,Brown,Individual,,,,,,,,,,,", .name) == "given-compatible"
        )
        #expect(level("1,,Sarah,Brown,Individual,,,,,,,,,,,\n2,,Sarah,Bronw,Individual,,,,,,,,,,,", .name) == "typo")
        #expect(
            level("1,,Sarah,Brown,Individual,,,,,,,,,,,\n2,,James,Brown,Individual,,,,,,,,,,,", .name) == "family-only")
        #expect(
            level("1,,Sarah,Brown,Individual,,,,,,,,,,,\n2,,Brown,Sarah,Individual,,,,,,,,,,,", .name) == "same-words")
        #expect(level("1,Acme Pty Ltd,,,,,,,,,,,,,,\n2,,,,,,,,,,,,,,,", .name) == "missing")
    }

    /// A second typing slip in a person's name counts only with the same date of birth: a
    /// household's "Jack" and "Jake" share everything else.
    @Test func aSecondSlipInAPersonsNameNeedsTheSameDateOfBirth() {
        func row(_ id: Int, _ first: String, _ last: String, _ birth: String) -> String {
            "\(id),,\(first),\(last),Individual,,,,,,,,,\(birth),,"
        }
        let megan = row(1, "Megan", "Moran", "1980-06-02")
        #expect(level(megan + "\n" + row(2, "Msan", "Moran", "1980-06-02"), .name) == "two-slips")
        #expect(level(megan + "\n" + row(2, "Msan", "Moran", ""), .name) == "family-only")
        #expect(level(megan + "\n" + row(2, "Msan", "Moran", "1983-01-20"), .name) == "family-only")
        #expect(level(megan + "\n" + row(2, "Megan", "Mdan", "1980-06-02"), .name) == "two-slips")
        #expect(level(megan + "\n" + row(2, "Megan", "Mdan", ""), .name) == "different")
        // Three slips, or two in a word of three letters, are too many.
        #expect(level(megan + "\n" + row(2, "Msan", "Mora", "1980-06-02"), .name) == "different")
        #expect(
            level(row(1, "Mia", "Cook", "1980-06-02") + "\n" + row(2, "Mia", "Cik", "1980-06-02"), .name)
                == "different")
        #expect(
            level(row(1, "Jack", "Smith", "1980-06-02") + "\n" + row(2, "Jake", "Smith", "1984-11-09"), .name)
                == "family-only")
    }

    /// Given and family names in each other's places and mistyped, or with a short form.
    @Test func swappedNamesWithASlipAreATypo() {
        func row(_ id: Int, _ first: String, _ last: String) -> String {
            "\(id),,\(first),\(last),Individual,,,,,,,,,,,"
        }
        #expect(level(row(1, "Robert", "Wong") + "\n" + row(2, "Wonng", "Robert"), .name) == "typo")
        #expect(level(row(1, "Benjamin", "Davies") + "\n" + row(2, "Davies", "Ben"), .name) == "typo")
        #expect(level(row(1, "Davies", "Ben") + "\n" + row(2, "Benjamin", "Davies"), .name) == "typo")
        #expect(level(row(1, "Sarah", "Brown") + "\n" + row(2, "Brown", "Sarah"), .name) == "same-words")
        // A given name that merely starts the other's family name is not a swap.
        #expect(level(row(1, "Jack", "Scott") + "\n" + row(2, "Scott", "Jackson"), .name) == "different")
        #expect(level(row(1, "J", "Scott") + "\n" + row(2, "Scott", "Jones"), .name) == "different")
    }

    @Test func identifiersDatesAndLinksFollowTheDomainRules() {
        #expect(
            level("1,Acme Pty Ltd,,,,,,,,,,51 824 753 556,,,,\n2,Acme,,,,,,,,,,51824753556,,,,", .businessNumber)
                == "exact")
        #expect(
            level("1,Acme Pty Ltd,,,,,,,,,,51 824 753 556,,,,\n2,Acme,,,,,,,,,,83 914 571 673,,,,", .businessNumber)
                == "different")
        #expect(
            level("1,Acme Pty Ltd,,,,,,,,,,53 004 085 616,,,,\n2,Acme,,,,,,,,,,,004 085 616,,,", .companyNumber)
                == "within-abn")
        #expect(
            level("1,,Sarah,Brown,,,,,,,,,,1978-03-14,,\n2,,Sarah,Brown,,,,,,,,,,14/03/1978,,", .dateOfBirth) == "exact"
        )
        #expect(
            level("1,,Sarah,Brown,,,,,,,,,,1978-03-14,,\n2,,Sarah,Brown,,,,,,,,,,1978-03-15,,", .dateOfBirth) == "close"
        )
        #expect(
            level("1,,Sarah,Brown,,,,,,,,,,1978-03-14,,\n2,,Sarah,Brown,,,,,,,,,,1981-07-02,,", .dateOfBirth)
                == "different")
        #expect(
            level("1,,Sarah,Brown,,,,,,,123 456 782,,,,,\n2,,Sarah,Brown,,,,,,,******782,,,,,", .taxNumber)
                == "last-digits")
        #expect(
            level("1,,Sarah,Brown,,,,,,,123 456 782,,,,,\n2,,Sarah,Brown,,,,,,,******123,,,,,", .taxNumber)
                == "other-digits")
        #expect(level("1,Acme,,,,,,,,,,,,,org-1,\n2,Acme Ltd,,,,,,,,,,,,,ORG-1,", .link) == "same-xero-organisation")
        #expect(
            level("1,Acme,,,,,,,,,,,,,org-1,\n2,Acme Ltd,,,,,,,,,,,,,org-2,", .link) == "different-xero-organisations")
        #expect(level("1,Acme,,,,,,,,,,,,,,uuid-1\n2,Acme Ltd,,,,,,,,,,,,,,UUID-1", .link) == "same-sync-target")
    }

    /// The same wrong digits typed into two systems came from one source: an identifier failing
    /// its checksum is still evidence, by levels of its own; two different valid ones stay a "no".
    @Test func identifiersFailingTheirChecksumsAreStillEvidence() {
        func tax(_ a: String, _ b: String) -> String {
            level("1,,Sarah,Brown,,,,,,,\(a),,,,,\n2,,Sarah,Brown,,,,,,,\(b),,,,,", .taxNumber)
        }
        // 123 456 782 is a valid TFN; 123 456 788, 123 465 782 and 987 654 321 fail the checksum.
        #expect(tax("123 456 788", "123456788") == "exact-unchecked")
        #expect(tax("123 456 782", "123 456 788") == "one-slip")
        #expect(tax("123 456 782", "123 465 782") == "one-slip")
        #expect(tax("123 456 788", "987 654 321") == "different-unchecked")
        #expect(tax("123 456 782", "123 456 782") == "exact")
        #expect(tax("000 000 000", "000 000 000") == "missing")
        #expect(
            level("1,Acme,,,,,,,,,,51 824 753 557,,,,\n2,Acme,,,,,,,,,,51824753557,,,,", .businessNumber)
                == "exact-unchecked")
        // A value too many records hold is a placeholder, never evidence.
        let placeholder = (1...6).map { "\($0),,Sarah,Brown\($0),,,,,,,111 111 111,,,,," }.joined(separator: "\n")
        #expect(level(placeholder, .taxNumber) == "missing")

        let (_, match) = compare(
            "1,,Minh,Nguyen,Individual,,,,,,123 456 788,,,1975-04-03,,\n2,,Michael,Nguyen,Individual,,,,,,123456788,,,1975-04-03,,"
        )
        #expect(
            match.explain(0, 1).reasons.prefix(2) == [
                "same date of birth 1975-04-03", "same tax number (ending 788), though it fails the TFN checksum",
            ])
        // A given name replaced by another is the same person when the tax number ties them.
        #expect(Scorer.isTiedByIdentifier(PairComparison.compare(match.features[0], match.features[1])))
    }

    @Test func aYearOneOffIsACloseDateOfBirthAndAPersonIsNeverAnOrganisation() {
        #expect(
            level("1,,Sarah,Brown,,,,,,,,,,1978-03-14,,\n2,,Sarah,Brown,,,,,,,,,,1979-03-14,,", .dateOfBirth) == "close"
        )
        #expect(
            level("1,,Sarah,Brown,,,,,,,,,,1978-03-14,,\n2,,Sarah,Brown,,,,,,,,,,1980-03-14,,", .dateOfBirth)
                == "different")
        let (company, _) = compare("1,Brown Plumbing Pty Ltd,,,Company,,,,,,,,,,,\n2,,Peter,Brown,,,,,,,,,,,,")
        #expect(company.personAndOrganisation)
        #expect(!Scorer.canMergeAutomatically(company))
        let (trader, _) = compare("1,,Peter,Brown,Sole Trader,,,,,,,,,,,\n2,,Peter,Brown,,,,,,,,,,,,")
        #expect(!trader.personAndOrganisation)
        #expect(Scorer.canMergeAutomatically(trader))
    }

    @Test func contactDetailsAndStructures() {
        #expect(level("1,Acme,,,,a@acme.example,,,,,,,,,,\n2,Acme,,,,A@Acme.Example,,,,,,,,,,", .email) == "exact")
        #expect(
            level("1,Acme,,,,a@acme.example,,,,,,,,,,\n2,Acme,,,,b@acme.example,,,,,,,,,,", .email) == "same-domain")
        #expect(level("1,Acme,,,,a@gmail.com,,,,,,,,,,\n2,Acme,,,,b@gmail.com,,,,,,,,,,", .email) == "different")
        #expect(level("1,Acme,,,,,(02) 5550 1234,,,,,,,,,\n2,Acme,,,,,+61 2 5550 1234,,,,,,,,,", .phone) == "exact")
        #expect(
            level(
                "1,Acme,,,,,,7 Wattle Street,Newtown,2042,,,,,,\n2,Acme,,,,,,7 Wattle St,Newtown,2042,,,,,,", .address)
                == "exact")
        #expect(level("1,Acme,,,Company,,,,,,,,,,,\n2,Acme,,,Trust,,,,,,,,,,,", .structure) == "different")
        #expect(
            level("1,,Sarah,Brown,Individual,,,,,,,,,,,\n2,,Sarah,Brown,Sole Trader,,,,,,,,,,,", .structure)
                == "compatible")
    }

    @Test func reasonsAreInPlainWordsWithTheValues() {
        let (_, match) = compare(
            "1,Acme Pty Ltd,,,Company,,,,,,,51 824 753 556,,,,\n2,ACME,,,Company,,,,,,,51824753556,,,,")
        let explanation = match.explain(0, 1)
        #expect(
            explanation.reasons == [
                "same ABN 51 824 753 556", "names equal once 'Pty Ltd' is set aside",
                "same business structure (company)",
            ])
        #expect(explanation.records == ["hq:1", "hq:2"])
        let total = explanation.priorWeight + explanation.comparisons.map(\.weight).reduce(0, +)
        #expect(abs(total - explanation.weight) < 1e-9)
    }
}
