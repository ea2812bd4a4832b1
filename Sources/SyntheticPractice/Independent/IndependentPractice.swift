import Foundation
import SingleClientRecord

/// A second synthetic practice, written apart from ``PracticeGenerator`` (which the engine was
/// tuned on) from how practices' client lists really go wrong, so that quality measured on it is
/// honest evidence. Australian practices only.
///
/// What it holds: names drawn from long-tailed lists of Australian surnames and given names
/// (Vietnamese, Chinese, Indian, Greek, Italian, Lebanese, Filipino and Korean as well as
/// Anglo-Celtic), so that at 100,000 clients "John Smith" is hundreds of different people;
/// households sharing an address, a landline and often one e-mail, fathers and sons of one name;
/// families' trusts, trustee companies, super funds and businesses sharing a business domain's
/// e-mails, an office and its phone; TFNs and ABNs typed with a slip (sometimes the same slip in
/// both lists, copied from one form); nicknames and English names, middle names used as first
/// names, surnames with a slip or a space ("Mac Donald"), dates of birth with a digit wrong or day
/// and month swapped; "Pty Ltd" spelled eight ways, "The Trustee for", ATF forms, renamed
/// companies; clients in one list only; duplicates in XPM and a few in HQ. See
/// ``IndependentNoise`` for the rates.
///
///     let practice = IndependentPractice.generate(.init(clients: 1000, seed: 1))
///     practice.summary.hqRecords  // about 880
///
/// - Complexity: O(n log n) in the clients (each list is sorted by name, as the products export it).
public enum IndependentPractice {
    /// Writes hq.csv, xpm.xml and truth.csv into `directory` (created, or tightened, owner-only).
    public static func write(
        _ options: PracticeGenerator.Options, to directory: String
    ) throws(GenerateError) -> PracticeGenerator.Summary {
        try check(options)
        do {
            try OutputFolder.prepare(directory)
        } catch {
            throw GenerateError(error)
        }
        return try run(options, into: URL(fileURLWithPath: directory)).summary
    }

    /// The three files' bytes, for tests and benchmarks. The options must pass ``check(_:)``.
    public static func generate(
        _ options: PracticeGenerator.Options
    ) -> (hqCSV: [UInt8], xpmXML: [UInt8], truthCSV: [UInt8], summary: PracticeGenerator.Summary) {
        precondition((try? check(options)) != nil, "the independent practice is Australian, with one client or more")
        // In memory nothing is written, so nothing can fail.
        let output = try! run(options, into: nil)
        return (output.hq, output.xpm, output.truth, output.summary)
    }

    /// Says what to change when the options ask for something this generator does not write.
    public static func check(_ options: PracticeGenerator.Options) throws(GenerateError) {
        guard options.country == .au else {
            throw GenerateError(
                "the independent generator writes Australian practices only; pass --country AU or --generator practice")
        }
        guard options.clients >= 1 else { throw GenerateError("a practice has at least one client") }
    }

    private static func run(
        _ options: PracticeGenerator.Options, into folder: URL?
    ) throws(GenerateError) -> (hq: [UInt8], xpm: [UInt8], truth: [UInt8], summary: PracticeGenerator.Summary) {
        let population = IndependentPopulation.build(count: options.clients, seed: options.seed)
        let copies = IndependentCopies(
            population: population, noise: IndependentNoise(options.noise), seed: options.seed)
        let width = max(6, String(options.clients).count)
        let sides = parallelMap(count: 2) { side -> Result<ListOutput, GenerateError> in
            do throws(GenerateError) {
                var file = ByteSink()
                if let folder {
                    file = try ByteSink(path: folder.appendingPathComponent(side == 0 ? "hq.csv" : "xpm.xml").path)
                }
                var list = ListOutput(entityWidth: width)
                if side == 0 {
                    try writeHQ(copies, to: &file, &list)
                } else {
                    try writeXPM(copies, to: &file, &list)
                }
                try file.close()
                list.bytes = file.bytes
                return .success(list)
            } catch {
                return .failure(error)
            }
        }
        let hq = try sides[0].get()
        let xpm = try sides[1].get()
        var truth = ByteSink()
        if let folder { truth = try ByteSink(path: folder.appendingPathComponent("truth.csv").path) }
        truth.append("source,key,entity\n")
        try truth.append(bytes: hq.truth)
        try truth.append(bytes: xpm.truth)
        try truth.close()
        let summary = PracticeGenerator.Summary(
            entities: options.clients, hqRecords: hq.records, xpmRecords: xpm.records)
        return (hq.bytes, xpm.bytes, truth.bytes, summary)
    }

    private struct ListOutput {
        var bytes: [UInt8] = []
        var truth: [UInt8] = []
        var records = 0
        let entityWidth: Int

        init(entityWidth: Int) { self.entityWidth = entityWidth }

        mutating func truthRow(_ source: String, _ key: String, entity index: Int) {
            truth.append(contentsOf: source.utf8)
            truth.append(0x2C)
            truth.append(contentsOf: key.utf8)
            truth.append(0x2C)
            truth.append(UInt8(ascii: "E"))
            let digits = String(index + 1)
            for _ in digits.utf8.count..<entityWidth { truth.append(0x30) }
            truth.append(contentsOf: digits.utf8)
            truth.append(0x0A)
            records += 1
        }
    }

    /// Every copy of every client in one list, written, in the list's order: by name, as both
    /// products export (case set aside; the key breaks ties).
    private static func sortedCopies(
        _ copies: IndependentCopies, side: IndependentCopies.Side
    ) -> [(client: Int, copy: Int, key: String, record: WrittenClient)] {
        var items: [(client: Int, copy: Int, key: String, record: WrittenClient)] = []
        let population = copies.population
        items.reserveCapacity(population.clients.count)
        for index in population.clients.indices {
            let client = population.clients[index]
            let count = Int(side == .hq ? client.hqCopies : client.xpmCopies)
            for copy in 0..<count {
                let key =
                    side == .hq
                    ? population.hqKeys[Int(client.hqFirst) + copy]
                    : population.xpmKeys[Int(client.xpmFirst) + copy].uuid
                items.append((index, copy, key, copies.written(index, side: side, copy: copy)))
            }
        }
        let sortKeys = items.map { item -> [UInt8] in
            let shown = item.record.name.isEmpty ? item.record.first + " " + item.record.last : item.record.name
            return Array(Slips.lower(shown).utf8) + [0] + Array(item.key.utf8)
        }
        let order = items.indices.sorted { sortKeys[$0].lexicographicallyPrecedes(sortKeys[$1]) }
        return order.map { items[$0] }
    }

    private static func writeHQ(
        _ copies: IndependentCopies, to file: inout ByteSink, _ list: inout ListOutput
    ) throws(GenerateError) {
        let population = copies.population
        file.append(ByteSink.hqColumns.joined(separator: ","))
        file.append("\r\n")
        for item in sortedCopies(copies, side: .hq) {
            let client = population.clients[item.client]
            var random = copies.stream(item.client, 40 + UInt64(item.copy))
            var xero = (id: "", name: "")
            if client.organisation >= 0 && (item.copy == 0 || random.chance(0.5)) {
                let organisation = population.organisations[Int(client.organisation)]
                xero = (organisation.id, organisation.name)
            }
            var link = ""
            if client.syncLink && item.copy == 0 {
                link = population.xpmKeys[Int(client.xpmFirst)].uuid
                // The old sync linked a namesake or a spouse now and then.
                if client.related >= 0 && copies.noise.chance(0.01, &random) {
                    let other = population.clients[Int(client.related)]
                    if other.xpmCopies > 0 { link = population.xpmKeys[Int(other.xpmFirst)].uuid }
                }
            }
            file.hqRow(
                item.record, clientID: item.key, groupNames: population.groupNames, xero: xero, link: link)
            list.truthRow("hq", item.key, entity: item.client)
            try file.flushIfFull()
        }
    }

    private static func writeXPM(
        _ copies: IndependentCopies, to file: inout ByteSink, _ list: inout ListOutput
    ) throws(GenerateError) {
        let population = copies.population
        file.append("<Response api-method=\"List\"><Status>OK</Status><Clients>\n")
        var nextContactID = 14_000_000
        for item in sortedCopies(copies, side: .xpm) {
            let client = population.clients[item.client]
            var random = copies.stream(item.client, 50 + UInt64(item.copy))
            let keys = population.xpmKeys[Int(client.xpmFirst) + item.copy]
            file.independentXPMClient(
                item.record, id: Int(keys.id), uuid: keys.uuid, groupNames: population.groupNames,
                empty: random.chance(0.7) ? .pair : .selfClosing, nextContactID: &nextContactID)
            list.truthRow("xpm", keys.uuid, entity: item.client)
            try file.flushIfFull()
        }
        file.append("</Clients></Response>\n")
    }
}

extension ByteSink {
    /// One HQ row in ``hqColumns`` order, ended by CRLF.
    mutating func hqRow(
        _ record: WrittenClient, clientID: String, groupNames: [String], xero: (id: String, name: String), link: String
    ) {
        let values = [
            clientID, record.name, record.first, record.last, record.structure, record.email, record.phone,
            record.mobile, record.website, record.address, record.city, record.region, record.postcode, record.country,
            record.postalAddress, record.postalCity, record.postalRegion, record.postalPostcode, record.postalCountry,
            record.tax, record.business, record.company, record.birth,
            record.groups.map { groupNames[Int($0)] }.joined(separator: ";"), xero.id,
            xero.name, record.archived ? "Yes" : "No", link,
        ]
        for (offset, value) in values.enumerated() {
            if offset > 0 { append(byte: 0x2C) }
            csvField(value)
        }
        append("\r\n")
    }

    /// One `<Client>` of a `client.api/list?detailed=true` response, elements in the recorded
    /// responses' order (UUID last), on a line of its own.
    mutating func independentXPMClient(
        _ record: WrittenClient, id: Int, uuid: String, groupNames: [String], empty: EmptyStyle,
        nextContactID: inout Int
    ) {
        append("<Client>")
        element("<ID>", "</ID>", number: id)
        element("<Name>", "</Name>", record.name, empty: empty)
        if record.isPerson {
            element("<FirstName>", "</FirstName>", record.first, empty: empty)
            element("<LastName>", "</LastName>", record.last, empty: empty)
            element("<DateOfBirth>", "</DateOfBirth>", record.birth, empty: .omitted)
        }
        element("<Email>", "</Email>", record.email, empty: .omitted)
        element("<Address>", "</Address>", record.address, empty: empty)
        element("<City>", "</City>", record.city, empty: empty)
        element("<Region>", "</Region>", record.region, empty: empty)
        element("<PostCode>", "</PostCode>", record.postcode, empty: empty)
        element("<Country>", "</Country>", record.country, empty: empty)
        element("<PostalAddress>", "</PostalAddress>", record.postalAddress, empty: empty)
        element("<PostalCity>", "</PostalCity>", record.postalCity, empty: empty)
        element("<PostalRegion>", "</PostalRegion>", record.postalRegion, empty: empty)
        element("<PostalPostCode>", "</PostalPostCode>", record.postalPostcode, empty: empty)
        element("<PostalCountry>", "</PostalCountry>", record.postalCountry, empty: empty)
        element("<Phone>", "</Phone>", record.phone, empty: empty)
        element("<Fax>", "</Fax>", "", empty: empty)
        element("<Website>", "</Website>", record.website, empty: empty)
        element("<ReferralSource>", "</ReferralSource>", "", empty: empty)
        element("<ExportCode>", "</ExportCode>", "", empty: empty)
        append("<IsProspect>No</IsProspect>")
        append(record.archived ? "<IsArchived>Yes</IsArchived>" : "<IsArchived>No</IsArchived>")
        append("<IsDeleted>No</IsDeleted>")
        element("<BusinessStructure>", "</BusinessStructure>", record.structure, empty: empty)
        element("<TaxNumber>", "</TaxNumber>", record.tax, empty: empty)
        element("<CompanyNumber>", "</CompanyNumber>", record.company, empty: empty)
        element("<BusinessNumber>", "</BusinessNumber>", record.business, empty: empty)
        element("<BranchNumber>", "</BranchNumber>", "", empty: empty)
        let registered = !record.business.isEmpty
        append(registered ? "<GSTRegistered>Yes</GSTRegistered>" : "<GSTRegistered>No</GSTRegistered>")
        append(registered ? "<PrepareGST>Yes</PrepareGST>" : "<PrepareGST>No</PrepareGST>")
        append("<SignedTaxAuthority>No</SignedTaxAuthority><AgencyStatus>Unlinked</AgencyStatus>")
        append(
            registered
                ? "<PrepareActivityStatement>Yes</PrepareActivityStatement>"
                : "<PrepareActivityStatement>No</PrepareActivityStatement>")
        append(
            record.tax.isEmpty ? "<PrepareTaxReturn>No</PrepareTaxReturn>" : "<PrepareTaxReturn>Yes</PrepareTaxReturn>")
        append("<ActiveAtoClient>No</ActiveAtoClient>")
        if record.contacts.isEmpty {
            append("<Contacts />")
        } else {
            append("<Contacts>")
            for (offset, contact) in record.contacts.enumerated() {
                append("<Contact>")
                element("<ID>", "</ID>", number: nextContactID)
                nextContactID += 1 + nextContactID % 5
                element("<Name>", "</Name>", contact.name, empty: empty)
                element("<Mobile>", "</Mobile>", contact.mobile, empty: empty)
                element("<Email>", "</Email>", contact.email, empty: empty)
                element("<Phone>", "</Phone>", "", empty: empty)
                element("<Position>", "</Position>", contact.position, empty: empty)
                element("<Salutation>", "</Salutation>", "", empty: empty)
                element("<Addressee>", "</Addressee>", "", empty: empty)
                append(offset == 0 ? "<IsPrimary>Yes</IsPrimary></Contact>" : "<IsPrimary>No</IsPrimary></Contact>")
            }
            append("</Contacts>")
        }
        append("<Notes />")
        if record.groups.isEmpty {
            append("<Groups />")
        } else {
            append("<Groups>")
            for group in record.groups {
                append("<Group><ID>")
                decimal(922_000 + Int(group))
                append("</ID>")
                element("<Name>", "</Name>", groupNames[Int(group)], empty: empty)
                append("</Group>")
            }
            append("</Groups>")
        }
        append("<Relationships /><UUID>")
        append(uuid)
        append("</UUID></Client>\n")
    }
}
