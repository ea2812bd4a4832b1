import ArgumentParser
import SingleClientRecord
import SyntheticPractice

/// `scr generate`: a synthetic practice with its truth, for trying the engine and measuring it.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic practice: an HQ export, an XPM client list and the truth behind them.",
        discussion: """
            Writes hq.csv (the engine's HQ layout), xpm.xml (an XPM API client.api/list?detailed=true \
            response) and truth.csv (source,key,entity: the real client behind every record) into the \
            folder. The same options always give byte-identical files.
            """
    )

    @Option(help: "The number of real clients in the practice; each list holds about 88% of them.")
    var clients: Int

    @Option(help: "The seed of the random generator: the same seed gives the same practice.")
    var seed: UInt64

    @Option(
        help: ArgumentHelp(
            "The folder to write hq.csv, xpm.xml and truth.csv into (created if missing).", valueName: "dir"))
    var out: String

    @Option(help: "The practice's country, for identifiers, phone numbers and addresses.")
    var country: CountryArgument = .au

    @Option(help: "How much the two lists' copies of a client differ (typos, gaps, formats).")
    var noise: NoiseLevel = .default

    @Option(
        help: ArgumentHelp(
            "Which generator writes the practice: 'practice' (the one the engine was tuned on) or 'independent' (written apart from the engine, Australian only).",
            valueName: "name"))
    var generator: GeneratorArgument = .practice

    func validate() throws {
        if clients < 1 {
            throw ValidationError("--clients must be 1 or more; pass the number of clients to generate.")
        }
        if clients > PracticeGenerator.maximumClients {
            throw ValidationError(
                "--clients must be at most \(PracticeGenerator.maximumClients.formatted()) (about a million records a side); generate larger practices in parts."
            )
        }
        if generator == .independent && country != .au {
            throw ValidationError(
                "--generator independent writes Australian practices only; pass --country AU or --generator practice.")
        }
    }

    func run() throws {
        let options = PracticeGenerator.Options(
            clients: clients, seed: seed, country: country.country, noise: noise)
        let summary: PracticeGenerator.Summary
        do {
            switch generator {
            case .practice: summary = try PracticeGenerator.write(options, to: out)
            case .independent: summary = try IndependentPractice.write(options, to: out)
            }
        } catch let error as GenerateError {
            printError("\(error)\n")
            throw ExitCode(1)
        }
        printError(
            "generated \(summary.entities) clients (\(country.rawValue), seed \(seed), \(noise.rawValue) noise"
                + (generator == .independent ? ", independent generator" : "") + "): "
                + "\(summary.hqRecords) HQ and \(summary.xpmRecords) XPM records, "
                + "\(summary.hqRecords + summary.xpmRecords) truth rows, in \(out)\n")
    }
}

/// The generators `--generator` names.
enum GeneratorArgument: String, ExpressibleByArgument, CaseIterable {
    case practice
    case independent
}

/// The countries `--country` accepts, as people write them.
enum CountryArgument: String, ExpressibleByArgument, CaseIterable {
    case au = "AU"
    case nz = "NZ"
    case uk = "UK"

    init?(argument: String) {
        switch argument.uppercased() {
        case "AU": self = .au
        case "NZ": self = .nz
        case "UK", "GB": self = .uk
        default: return nil
        }
    }

    var country: Country {
        switch self {
        case .au: .au
        case .nz: .nz
        case .uk: .gb
        }
    }
}

extension NoiseLevel: ExpressibleByArgument {}
