// Benchmarks: generates a large HQ CSV and XPM XML from a seed and times reading them; times
// normalising a million records; times refusing XML entity bombs; times candidates and scoring on
// a generated practice; measures the plans of generated practices against their truth.
//
//   SCRBench generate --out DIR [--mb 100] [--seed 1]
//   SCRBench read FILE --kind hq-csv|xpm-xml [--runs 3]
//   SCRBench normalise [--records 1000000] [--seed 1] [--runs 3]
//   SCRBench refuse [--out DIR]
//   SCRBench match [--clients 100000] [--seed 1] [--runs 3]
//   SCRBench quality [--clients 5000]
//
// Scripts/bench runs each read in its own process, so the peak memory printed is that file's.
import Foundation
import SingleClientRecord
import SyntheticPractice

let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String, default value: String? = nil) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return value }
    return arguments[index + 1]
}

func peakResidentMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // Linux reports kilobytes
}

func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

// MARK: Generating

let givenNames = [
    "Sarah", "James", "Olivia", "William", "Zoë", "Liam", "Charlotte", "Noah", "Amelia", "Jack",
    "Isla", "Thomas", "Mia", "Oliver", "Grace", "Lachlan", "Chloé", "Henry", "Ruby", "Aroha",
]
let familyNames = [
    "Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Nguyen", "O'Brien", "Martin",
    "Anderson", "Thompson", "Walker", "Ngata", "Kelly", "Harris", "Lee", "Patel", "Robinson", "Wright", "Müller",
]
let businessWords = [
    "Harbour", "Coastal", "Summit", "Ironbark", "Wattle", "Southern", "Blue Gum", "Riverside",
    "Pacific", "Kauri", "Golden", "Redgum", "Bayside", "Northern", "Highland", "Acacia",
]
let businessKinds = [
    "Plumbing", "Holdings", "Investments", "Consulting", "Electrical", "Building", "Cafe",
    "Logistics", "Dental", "Legal", "Design", "Motors", "Farming", "Imports",
]
let suffixes = [
    "Pty Ltd", "Pty. Ltd.", "PTY LTD", "Limited", "Ltd", "Family Trust", "Unit Trust", "Partnership",
    "Super Fund",
]
let streets = [
    "George St", "High Street", "Queen St", "Victoria Road", "Church St", "King William St",
    "Beach Rd", "Main Road", "Station St", "Park Avenue",
]
let cities = [
    ("Sydney", "NSW", "2000"), ("Melbourne", "VIC", "3000"), ("Brisbane", "QLD", "4000"),
    ("Perth", "WA", "6000"), ("Adelaide", "SA", "5000"), ("Hobart", "TAS", "7000"), ("Auckland", "AUK", "1010"),
    ("Tauranga", "BOP", "3110"),
]
let structures = ["Individual", "Sole Trader", "Company", "Trust", "Partnership", "Superannuation Fund"]

func uuid(_ random: inout SeededRandom) -> String {
    let a = random.next(), b = random.next()
    let hex = String(format: "%016llx%016llx", a, b)
    let c = Array(hex)
    return
        "\(String(c[0..<8]))-\(String(c[8..<12]))-4\(String(c[13..<16]))-a\(String(c[17..<20]))-\(String(c[20..<32]))"
}

func digits(_ count: Int, _ random: inout SeededRandom) -> String {
    String((0..<count).map { _ in Character(String(random.next() % 10)) })
}

/// An ACN with its check digit, and the ABN that holds it (so that identifiers are valid, as most
/// real ones are).
func companyNumbers(_ random: inout SeededRandom) -> (acn: String, abn: String) {
    let body = digits(8, &random)
    let sum = zip(body.utf8.map { Int($0) - 48 }, [8, 7, 6, 5, 4, 3, 2, 1]).reduce(0) { $0 + $1.0 * $1.1 }
    let acn = body + String((10 - sum % 10) % 10)
    for prefix in 10...99 where AustralianIdentifiers.isValidABN("\(prefix)\(acn)") { return (acn, "\(prefix)\(acn)") }
    return (acn, "")
}

/// A TFN with a valid check digit.
func taxFileNumber(_ random: inout SeededRandom) -> String {
    while true {
        let body = digits(8, &random)
        let sum = zip(body.utf8.map { Int($0) - 48 }, [1, 4, 3, 7, 5, 8, 6, 9]).reduce(0) { $0 + $1.0 * $1.1 }
        // The last weight is 10: 10 * d ≡ -sum (mod 11), and 10 ≡ -1, so d ≡ sum (mod 11).
        let last = sum % 11
        if last < 10 { return body + String(last) }
    }
}

struct FakeClient {
    var name: String
    var first = ""
    var last = ""
    var structure: String
    var email: String
    var phone: String
    var address: String
    var city: (String, String, String)
    var abn = ""
    var acn = ""
    var tfn: String
    var dob = ""

    init(_ random: inout SeededRandom) {
        structure = random.pick(structures)
        city = random.pick(cities)
        if structure == "Individual" || structure == "Sole Trader" {
            first = random.pick(givenNames)
            last = random.pick(familyNames)
            name = structure == "Individual" ? "\(first) \(last)" : "\(first) \(last) \(random.pick(businessKinds))"
            dob = "19\(50 + random.next() % 50)-0\(1 + random.next() % 9)-\(10 + random.next() % 18)"
        } else {
            name = "\(random.pick(businessWords)) \(random.pick(businessKinds)) \(random.pick(suffixes))"
            (acn, abn) = companyNumbers(&random)
        }
        email = "\(name.lowercased().filter { $0.isLetter }.prefix(12))\(random.next() % 1000)@example.com"
        phone = "(0\(2 + random.next() % 7)) \(digits(4, &random)) \(digits(4, &random))"
        address = "\(1 + random.next() % 300) \(random.pick(streets))"
        if random.chance(0.2) { address = "Unit \(1 + random.next() % 20)\n" + address }
        tfn = taxFileNumber(&random)
    }
}

func csvField(_ value: String) -> String {
    value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
}

func xmlEscape(_ value: String) -> String {
    value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;")
}

func generate(out: String, megabytes: Int, seed: UInt64) throws {
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let target = megabytes * 1_000_000
    var random = SeededRandom(seed: seed)

    // HQ CSV: a BOM, CRLF, quoted commas and line breaks, as Excel writes them.
    let csv =
        "\u{FEFF}Client ID,Name,First Name,Last Name,Business Structure,Email,Phone,Mobile,Website,Address,City,Region,Postcode,Country,Postal Address,Postal City,Postal Region,Postal Postcode,Postal Country,Tax Number,Business Number,Company Number,Date of Birth,Groups,Xero Organisation ID,Xero Organisation Name,Archived,XPM Client UUID\r\n"
    var rows = 0
    var chunk = ""
    let csvHandle = try open(out + "/hq.csv")
    csvHandle.write(Data(csv.utf8))
    var written = csv.utf8.count
    while written < target {
        let c = FakeClient(&random)
        let postal = random.chance(0.3) ? "PO Box \(random.next() % 9000)" : ""
        let org = random.chance(0.4) ? uuid(&random) : ""
        let fields = [
            "HQ-\(1_000_000 + rows)", c.first.isEmpty || random.chance(0.5) ? c.name : "", c.first, c.last,
            c.structure, c.email, c.phone,
            random.chance(0.5) ? "04\(digits(2, &random)) \(digits(3, &random)) \(digits(3, &random))" : "",
            random.chance(0.3) ? "www.example.com" : "", c.address, c.city.0, c.city.1, c.city.2, "Australia",
            postal, postal.isEmpty ? "" : c.city.0, postal.isEmpty ? "" : c.city.1, postal.isEmpty ? "" : c.city.2,
            postal.isEmpty ? "" : "Australia", c.tfn, c.abn, c.acn, c.dob, random.chance(0.3) ? "Tax; Payroll" : "",
            org, org.isEmpty ? "" : c.name + ", Xero", random.chance(0.05) ? "Yes" : "No",
            random.chance(0.2) ? uuid(&random) : "",
        ]
        chunk += fields.map(csvField).joined(separator: ",") + "\r\n"
        rows += 1
        if chunk.utf8.count > 1 << 20 {
            written += chunk.utf8.count
            csvHandle.write(Data(chunk.utf8))
            chunk = ""
        }
    }
    csvHandle.write(Data(chunk.utf8))
    written += chunk.utf8.count
    csvHandle.closeFile()
    print("hq.csv: \(rows) rows, \(written / 1_000_000) MB")

    // XPM XML: one line, as the API sends it, every element present, empty ones as <X></X> or <X />.
    let xmlHandle = try open(out + "/xpm.xml")
    var xml = "<Response api-method=\"List\"><Status>OK</Status><Clients>"
    written = 0
    var clients = 0
    while written < target {
        let c = FakeClient(&random)
        var e = "<Client><ID>\(30_000_000 + clients)</ID><Name>\(xmlEscape(c.name))</Name>"
        if !c.first.isEmpty {
            e += "<FirstName>\(xmlEscape(c.first))</FirstName><LastName>\(xmlEscape(c.last))</LastName>"
            e += "<DateOfBirth>\(c.dob)T00:00:00</DateOfBirth>"
        }
        e += "<Email>\(c.email)</Email><Address>\(xmlEscape(c.address))</Address><City>\(c.city.0)</City>"
        e += "<Region>\(c.city.1)</Region><PostCode>\(c.city.2)</PostCode><Country>Australia</Country>"
        e += "<PostalAddress></PostalAddress><PostalCity></PostalCity><PostalRegion></PostalRegion>"
        e += "<PostalPostCode></PostalPostCode><PostalCountry></PostalCountry><Phone>\(c.phone)</Phone><Fax />"
        e += "<Website></Website><ReferralSource></ReferralSource><ExportCode></ExportCode><IsProspect>No</IsProspect>"
        e += "<IsArchived>\(random.chance(0.05) ? "Yes" : "No")</IsArchived><IsDeleted>No</IsDeleted>"
        e += "<BusinessStructure>\(c.structure)</BusinessStructure>"
        e += "<TaxNumber>******\(c.tfn.suffix(3))</TaxNumber><CompanyNumber>\(c.acn)</CompanyNumber>"
        e += "<BusinessNumber>\(c.abn)</BusinessNumber><BranchNumber></BranchNumber><GSTRegistered>No</GSTRegistered>"
        e +=
            "<PrepareGST>No</PrepareGST><SignedTaxAuthority>No</SignedTaxAuthority><AgencyStatus>Unlinked</AgencyStatus>"
        e += "<PrepareActivityStatement>No</PrepareActivityStatement><PrepareTaxReturn>No</PrepareTaxReturn>"
        e += "<ActiveAtoClient>No</ActiveAtoClient><Contacts>"
        for n in 0..<Int(1 + random.next() % 2) {
            let person = "\(random.pick(givenNames)) \(random.pick(familyNames))"
            e += "<Contact><ID>\(14_000_000 + clients * 3 + n)</ID><Name>\(xmlEscape(person))</Name><Mobile></Mobile>"
            e += "<Email>contact\(clients)x\(n)@example.net</Email><Phone></Phone><Position>Director</Position>"
            e +=
                "<Salutation></Salutation><Addressee></Addressee><IsPrimary>\(n == 0 ? "Yes" : "No")</IsPrimary></Contact>"
        }
        e += "</Contacts><Notes /><Groups>"
        if random.chance(0.3) { e += "<Group><ID>922877</ID><Name>Tax</Name></Group>" }
        e += "</Groups><Relationships /><UUID>\(uuid(&random))</UUID></Client>"
        xml += e
        clients += 1
        if xml.utf8.count > 1 << 20 {
            written += xml.utf8.count
            xmlHandle.write(Data(xml.utf8))
            xml = ""
        }
    }
    xml += "</Clients></Response>"
    xmlHandle.write(Data(xml.utf8))
    written += xml.utf8.count
    xmlHandle.closeFile()
    print("xpm.xml: \(clients) clients, \(written / 1_000_000) MB")
}

func open(_ path: String) throws -> FileHandle {
    FileManager.default.createFile(atPath: path, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: path) else {
        throw NSError(domain: "SCRBench", code: 1, userInfo: [NSLocalizedDescriptionKey: "cannot write \(path)"])
    }
    return handle
}

// MARK: Reading

func read(_ path: String, kind: String, runs: Int) {
    let inputs = kind == "xpm-xml" ? InputFiles(xpm: [path]) : InputFiles(hq: path)
    let size = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
    let baseline = peakResidentMB()
    var times: [Double] = []
    var records = 0
    var contacts = 0
    for _ in 0..<runs {
        let start = now()
        let result = InputReader.read(inputs)
        times.append(now() - start)
        records = result.records.count
        contacts = result.records.reduce(0) { $0 + $1.contacts.count }
        if result.hasErrors { print("unexpected errors: \(result.errorCount)") }
    }
    times.sort()
    let median = times[times.count / 2]
    let line = String(
        format:
            "%-8@ %7.1f MB  %9d records %9d contacts  median %6.3f s  best %6.3f s  %6.1f MB/s  peak RSS %6.0f MB (before reading %4.0f MB)",
        kind as NSString, size / 1e6, records, contacts, median, times[0], size / 1e6 / median, peakResidentMB(),
        baseline)
    print(line)
}

// MARK: Normalising

/// Times normalising `count` HQ-like records built in memory from a seed.
func normalise(count: Int, seed: UInt64, runs: Int) {
    var random = SeededRandom(seed: seed)
    var records: [SourceRecord] = []
    records.reserveCapacity(count)
    let location = SourceLocation(file: "generated", line: 1, column: 1)
    for n in 0..<count {
        let c = FakeClient(&random)
        var fields = FieldValues()
        fields[.name] = c.first.isEmpty ? c.name : (random.chance(0.5) ? "\(c.last), \(c.first)" : c.name)
        fields[.firstName] = c.first.isEmpty ? nil : c.first
        fields[.lastName] = c.last.isEmpty ? nil : c.last
        fields[.businessStructure] = c.structure
        fields[.email] = c.email
        fields[.phone] = c.phone
        fields[.mobile] =
            random.chance(0.5) ? "04\(digits(2, &random)) \(digits(3, &random)) \(digits(3, &random))" : nil
        fields[.address] = c.address
        fields[.city] = c.city.0
        fields[.region] = c.city.1
        fields[.postcode] = c.city.2
        fields[.country] = "Australia"
        fields[.taxNumber] = random.chance(0.5) ? c.tfn : "******" + c.tfn.suffix(3)
        fields[.businessNumber] = c.abn.isEmpty ? nil : c.abn
        fields[.companyNumber] = c.acn.isEmpty ? nil : c.acn
        fields[.dateOfBirth] = c.dob.isEmpty ? nil : c.dob
        records.append(SourceRecord(source: n % 2 == 0 ? .hq : .xpm, key: "K\(n)", location: location, fields: fields))
    }
    var times: [Double] = []
    var warnings = 0
    for _ in 0..<runs {
        let start = now()
        let (normalised, diagnostics) = Normaliser.normalise(records)
        times.append(now() - start)
        warnings = diagnostics.count
        precondition(normalised.count == records.count)
    }
    times.sort()
    print(
        String(
            format:
                "normalise %9d records  median %6.3f s  best %6.3f s  %9.0f records/s  %d warnings  peak RSS %6.0f MB",
            count, times[times.count / 2], times[0], Double(count) / times[times.count / 2], warnings, peakResidentMB())
    )
}

// MARK: Refusing entity bombs

/// Times the refusal of XML that declares entities: a "billion laughs" bomb, one that names a local
/// file, and a 10 MB internal subset of declarations.
func refuse(folder: String) throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var laughs = "<!ENTITY lol \"lol\">\n"
    for level in 1...9 {
        let previous = level == 1 ? "lol" : "lol\(level - 1)"
        laughs += "<!ENTITY lol\(level) \"\(String(repeating: "&\(previous);", count: 10))\">\n"
    }
    var big = ""
    while big.utf8.count < 10_000_000 {
        big += "<!ENTITY e\(big.utf8.count) \"\(String(repeating: "x", count: 200))\">\n"
    }
    let cases = [
        ("billion laughs", "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n\(laughs)]>\n<Response>&lol9;</Response>\n"),
        ("local file entity", "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Response>&x;</Response>"),
        ("10 MB of declarations", "<!DOCTYPE r [\n\(big)]><Response/>"),
    ]
    for (name, text) in cases {
        let path = folder + "/bomb.xml"
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        let start = now()
        let result = InputReader.read(InputFiles(xpm: [path]))
        let elapsed = now() - start
        let refused = result.diagnostics.first?.message.hasPrefix("refused:") == true && result.records.isEmpty
        print(
            String(format: "%-22@ %@ in %.1f ms", name as NSString, refused ? "refused" : "NOT REFUSED", elapsed * 1000)
        )
    }
}

// MARK: Matching

/// Times candidates and scoring for a generated practice of `clients` clients (about as many
/// records on each side), reading and normalising first (untimed here: see `read`/`normalise`).
func match(clients: Int, seed: UInt64, runs: Int, folder: String) throws {
    let path = "\(folder)/practice-\(clients)-\(seed)"
    if !FileManager.default.fileExists(atPath: path + "/truth.csv") {
        _ = try PracticeGenerator.write(PracticeGenerator.Options(clients: clients, seed: seed), to: path)
    }
    let files = InputFiles(hq: path + "/hq.csv", xpm: [path + "/xpm.xml"])
    let read = InputReader.read(files)
    let (normalised, _) = Normaliser.normalise(read.records)
    let hq = read.records.count { $0.source == .hq }
    print("practice: \(clients) clients, \(hq) HQ + \(read.records.count - hq) XPM records")
    var rows: [(candidatesAndScoring: Double, total: Double, result: MatchResult)] = []
    for _ in 0..<runs {
        let start = now()
        let result = Matcher.match(read.records, normalised)
        let total = now() - start
        let stages = Dictionary(uniqueKeysWithValues: result.timings.map { ($0.stage, $0.seconds) })
        rows.append(
            (
                stages["features", default: 0] + stages["candidates", default: 0] + stages["scoring", default: 0],
                total, result
            ))
    }
    rows.sort { $0.candidatesAndScoring < $1.candidatesAndScoring }
    let median = rows[rows.count / 2]
    for (stage, seconds) in median.result.timings {
        print(String(format: "  %-12@ %7.3f s", stage as NSString, seconds))
    }
    print(
        String(
            format:
                "match %d records  pairs compared %d  candidates+scoring median %.3f s (best %.3f s)  all matching %.3f s  peak RSS %.0f MB",
            read.records.count, median.result.pairsCompared, median.candidatesAndScoring, rows[0].candidatesAndScoring,
            median.total, peakResidentMB()))
}

/// CPU seconds this process has used, user and system.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Times reconciling and writing the plan folder (plan.json, report.html, decisions.csv) for a
/// generated practice, after reading and matching it once (untimed): the two go together, a batch
/// of clusters at a time. Reconciling alone into a plan in memory is timed once beside it.
func planFolder(clients: Int, seed: UInt64, runs: Int, folder: String) throws {
    let path = "\(folder)/practice-\(clients)-\(seed)"
    if !FileManager.default.fileExists(atPath: path + "/truth.csv") {
        _ = try PracticeGenerator.write(PracticeGenerator.Options(clients: clients, seed: seed), to: path)
    }
    let files = InputFiles(hq: path + "/hq.csv", xpm: [path + "/xpm.xml"])
    let (read, match, _) = Planner.match(files)
    print("practice: \(clients) clients, \(read.records.count) records, \(match.clusters.count) clusters")
    var rows: [(seconds: Double, cpu: Double)] = []
    for _ in 0..<runs {
        let (start, cpu) = (now(), cpuSeconds())
        _ = try PlanFolder.write(files, PlanOptions(), read, match, to: path + "/plan")
        rows.append((now() - start, cpuSeconds() - cpu))
    }
    var start = now()
    _ = try Planner.document(files, PlanOptions(), read, match)
    let reconcile = now() - start
    rows.sort { $0.seconds < $1.seconds }
    let median = rows[rows.count / 2]
    var sizes: [String] = []
    for name in [Planner.fileNames.plan, Planner.fileNames.report, Planner.fileNames.decisions] {
        let size = (try? FileManager.default.attributesOfItem(atPath: path + "/plan/" + name)[.size] as? Int) ?? 0
        sizes.append(String(format: "%@ %.0f MB", name, Double(size ?? 0) / 1e6))
    }
    print(
        String(
            format:
                "plan folder for %d clusters: reconcile and write %.3f s median (best %.3f s), CPU %.2f s; reconcile alone in memory %.3f s; %@",
            match.clusters.count, median.seconds, rows[0].seconds, median.cpu, reconcile,
            sizes.joined(separator: ", ")))
}

/// Times confirming, committing and rolling back a generated practice's plan (every review
/// accepted) in a fresh store: issue 6's budget is 5 s for a 100,000-cluster commit. With `reuse`,
/// the plan, the key and a copy of the fresh store from an earlier run are used again, so that only
/// confirm, commit and rollback run.
func commitBench(clients: Int, seed: UInt64, folder: String, reuse: Bool) throws {
    let path = "\(folder)/practice-\(clients)-\(seed)"
    let work = "\(folder)/commit-\(clients)-\(seed)"
    let files = FileManager.default
    let storePath = work + "/store.sqlite"
    let fresh = work + "/fresh-store.sqlite"
    let keyPath = work + "/bench.key"
    let key: AdministratorKey
    if reuse && files.fileExists(atPath: fresh) && files.fileExists(atPath: keyPath) {
        for suffix in ["", "-wal", "-shm"] { try? files.removeItem(atPath: storePath + suffix) }
        try files.copyItem(atPath: fresh, toPath: storePath)
        try? files.removeItem(atPath: work + "/plan/" + Confirmation.fileName)
        key = try AdministratorKey(contentsOf: keyPath)
    } else {
        if !files.fileExists(atPath: path + "/truth.csv") {
            _ = try PracticeGenerator.write(PracticeGenerator.Options(clients: clients, seed: seed), to: path)
        }
        try? files.removeItem(atPath: work)
        try files.createDirectory(atPath: work, withIntermediateDirectories: true)
        key = AdministratorKey()
        try key.write(to: keyPath)
        var options = PlanOptions()
        do {
            // Closed before it is copied, so that the copy holds everything (no WAL beside it).
            let store = try SQLiteStore(path: storePath, create: true)
            try store.addAdministrator(name: "Bench", role: .masterAdmin, publicKey: key.publicKey)
            options.committed = try store.committedDecisions()
        }
        try files.copyItem(atPath: storePath, toPath: fresh)
        _ = try PlanFolder.plan(
            InputFiles(hq: path + "/hq.csv", xpm: [path + "/xpm.xml"]), options: options, out: work + "/plan")
        let outline = try PlanOutline.read(from: work + "/plan")
        try DecisionsFile.acceptUndecided(DecisionsFile.read(folder: work + "/plan", outline: outline))
    }
    let store = try SQLiteStore(path: storePath)
    var start = now()
    try Confirmation.sign(folder: work + "/plan", key: key).write(folder: work + "/plan")
    let confirm = now() - start
    start = now()
    let result = try store.commit(folder: work + "/plan")
    let commit = now() - start
    start = now()
    _ = try store.rollback(commit: result.commitId)
    let rollback = now() - start
    print(
        String(
            format: "commit %d clients (%d records): confirm %.2f s, commit %.2f s, rollback %.2f s; peak RSS %.0f MB",
            result.clients, result.members, confirm, commit, rollback, peakResidentMB()))
}

/// Plans generated practices for several seeds and noise levels and measures them against the
/// truth: the README's quality table.
func quality(clients: Int, seeds: [UInt64], noises: [NoiseLevel], folder: String) throws {
    print("| noise | seed | records | clusters | review | precision | recall | F1 | auto precision |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for noise in noises {
        for seed in seeds {
            let path = "\(folder)/quality-\(clients)-\(seed)-\(noise.rawValue)"
            _ = try PracticeGenerator.write(
                PracticeGenerator.Options(clients: clients, seed: seed, noise: noise), to: path)
            let outcome = try Planner.run(InputFiles(hq: path + "/hq.csv", xpm: [path + "/xpm.xml"]))
            let e = Evaluation(plan: outcome.document, truth: try Truth.read(from: path + "/truth.csv"))
            print(
                String(
                    format: "| %@ | %d | %d | %d | %.2f%% | %.4f | %.4f | %.4f | %.4f |", noise.rawValue as NSString,
                    seed,
                    e.records, e.clusters, e.reviewShare * 100, e.precision, e.recall, e.f1, e.autoPrecision))
        }
    }
}

switch arguments.first {
case "match":
    try match(
        clients: Int(option("--clients", default: "100000")!) ?? 100_000,
        seed: UInt64(option("--seed", default: "1")!) ?? 1, runs: Int(option("--runs", default: "3")!) ?? 3,
        folder: option("--out", default: "bench-data")!)
case "plan":
    try planFolder(
        clients: Int(option("--clients", default: "114000")!) ?? 114_000,
        seed: UInt64(option("--seed", default: "1")!) ?? 1, runs: Int(option("--runs", default: "3")!) ?? 3,
        folder: option("--out", default: "bench-data")!)
case "commit":
    try commitBench(
        clients: Int(option("--clients", default: "114000")!) ?? 114_000,
        seed: UInt64(option("--seed", default: "1")!) ?? 1, folder: option("--out", default: "bench-data")!,
        reuse: arguments.contains("--reuse"))
case "accept-reviews":
    // For the scale table: every undecided review cluster accepted, as a person might after reading
    // the report, so that `scr confirm` can sign the plan.
    // The plan is read as an outline: decoding a million-client plan whole takes minutes and tens of GB.
    guard arguments.count >= 2 else { fatalError("usage: SCRBench accept-reviews PLAN_DIR") }
    let outline = try PlanOutline.read(from: arguments[1])
    try DecisionsFile.acceptUndecided(DecisionsFile.read(folder: arguments[1], outline: outline))
case "evaluate":
    // `scr evaluate` for the scale table, from the plan's outline: the rows quarantined are the
    // inputs' counts, as the plan records them.
    guard arguments.count >= 3 else { fatalError("usage: SCRBench evaluate PLAN_DIR TRUTH") }
    let outline = try PlanOutline.read(from: arguments[1])
    let evaluation = Evaluation(
        clusters: outline.clusters, quarantined: outline.inputs.reduce(0) { $0 + $1.quarantined },
        truth: try Truth.read(from: arguments[2]))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    print(String(decoding: try encoder.encode(evaluation), as: UTF8.self))
case "quality":
    try quality(
        clients: Int(option("--clients", default: "5000")!) ?? 5000, seeds: [1, 2, 3, 4, 5],
        noises: [.default, .high], folder: option("--out", default: "bench-data")!)
case "generate":
    let out = option("--out", default: "bench-data")!
    try generate(
        out: out, megabytes: Int(option("--mb", default: "100")!) ?? 100,
        seed: UInt64(option("--seed", default: "1")!) ?? 1)
case "read":
    guard arguments.count >= 2 else { fatalError("usage: SCRBench read FILE --kind hq-csv|xpm-xml") }
    read(arguments[1], kind: option("--kind", default: "hq-csv")!, runs: Int(option("--runs", default: "3")!) ?? 3)
case "normalise":
    normalise(
        count: Int(option("--records", default: "1000000")!) ?? 1_000_000,
        seed: UInt64(option("--seed", default: "1")!) ?? 1, runs: Int(option("--runs", default: "3")!) ?? 3)
case "refuse":
    try refuse(folder: option("--out", default: "bench-data")!)
default:
    print(
        "usage: SCRBench generate --out DIR [--mb 100] [--seed 1] | read FILE --kind hq-csv|xpm-xml [--runs 3]"
            + " | normalise [--records N] [--seed S] [--runs R] | refuse [--out DIR]"
            + " | match [--clients N] [--seed S] [--runs R] | plan [--clients N] [--seed S] [--runs R]"
            + " | commit [--clients N] [--reuse] | accept-reviews PLAN_DIR | evaluate PLAN_DIR TRUTH"
            + " | quality [--clients N]")
}
