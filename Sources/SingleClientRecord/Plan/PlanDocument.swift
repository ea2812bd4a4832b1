import Crypto
import Foundation

/// `plan.json`: the decision report's machine-readable contract, versioned by
/// ``formatVersion``. Other tools read it; fields are only ever added within a version.
///
///     let plan = try PlanDocument.read(from: "plan/plan.json")
///     plan.clusters.filter { $0.status == .review }
public struct PlanDocument: Codable, Sendable, Equatable {
    /// The version this engine writes and the newest it reads.
    static let currentFormatVersion = 1

    public var formatVersion: Int
    /// A digest of the inputs' contents, the options and the engine's version.
    public var planId: String
    var engineVersion: String
    /// `combine`, `keep-xpm` or `keep-hq` (see ``ReconcilePolicy``).
    public var policy: String
    /// The source that wins each field when members differ, by field key.
    public var preferences: [String: SourceSystem]
    public var inputs: [PlanInput]
    public var summary: PlanSummary
    var model: PlanModel
    public var clusters: [PlanCluster]
    public var quarantine: [PlanQuarantine]
    /// The store the plan was made against (`scr plan --store`), as it was then; nil for a plan
    /// made without one, which can only be committed to a store nothing was committed to yet.
    public var store: StoreState?
    /// The change report in sum, for a plan made against a store.
    public var sinceLastCommit: PlanChanges?
}

/// One input file and what was read from it.
public struct PlanInput: Codable, Sendable, Equatable {
    /// The path as it was typed (relative to the folder `scr plan` ran in, or absolute).
    public var path: String
    /// The path relative to the plan folder, so that the plan finds its inputs from any folder
    /// (nil in a plan made in memory, or by an older scr).
    public var fromPlan: String?
    /// `hq-csv`, `hq-contacts`, `xpm-xml`, `xpm-csv`, or `columns` for a mapping file.
    public var kind: String
    public var sha256: String
    public var records: Int
    public var quarantined: Int
}

/// The counts a person reads first.
public struct PlanSummary: Codable, Sendable, Equatable {
    public var records: Int
    public var clusters: Int
    public var auto: Int
    public var review: Int
    /// Clusters of two records or more.
    var merges: Int
    /// Automatic clusters of two records or more.
    public var autoMerges: Int
    /// Clusters of one record.
    var singles: Int
    /// Clusters whose records all come from one side (HQ only or XPM only).
    public var oneSided: Int
    /// Clusters proposed for archive (the policy keeps the other side's clients).
    public var archives: Int
    /// Clusters whose members hold different values for some field.
    public var conflicts: Int
    public var pairsCompared: Int
    public var quarantined: Int
}

/// The fitted model, so that every weight in the plan can be checked.
struct PlanModel: Codable, Sendable, Equatable {
    var prior: Double
    var priorWeight: Double
    var autoThreshold: Double
    var reviewThreshold: Double
    var sampledPairs: Int
    var iterations: Int
    var comparisons: [PlanComparison]
    /// Every compared pair's weight, counted in bins.
    var weightHistogram: WeightHistogram
}

struct PlanComparison: Codable, Sendable, Equatable {
    public var name: String
    var levels: [PlanLevel]
}

struct PlanLevel: Codable, Sendable, Equatable {
    public var name: String
    var label: String
    public var weight: Double
    /// nil where a domain rule fixes the weight.
    var m: Double?
    public var u: Double?
}

/// One proposed client: its records and why they belong together.
public struct PlanCluster: Codable, Sendable, Equatable {
    public var id: String
    public var status: ClusterStatus
    /// `merge` for two records or more, `keep` for a record alone, `archive` when the policy
    /// keeps only the other side's clients.
    public var action: ClusterAction
    public var confidence: Double
    public var members: [RecordReference]
    public var reasons: [String]
    /// The pairs that joined the members, with their weights.
    var links: [PlanLink]
    /// The proposed canonical client, each field with its source and rule.
    public var record: CanonicalRecord
    /// Fields whose members hold different values, and how each was settled.
    public var conflicts: [FieldConflict]
    /// The committed canonical clients whose records the cluster holds, when the plan was made
    /// against a store: the ids the commit keeps.
    public var canonicalIds: [String]?
    /// What changed in the cluster since the store's last commit (a plan made against a store;
    /// absent when nothing did).
    public var changes: ClusterChanges?
}

struct PlanLink: Codable, Sendable, Equatable {
    public var members: [RecordReference]
    public var weight: Double
    var probability: Double
}

public struct PlanQuarantine: Codable, Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var reason: String
}

/// Why a plan cannot be used.
public enum PlanError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case newerFormat(path: String, found: Int, known: Int)
    case inputChanged(path: String)
    case unknownRecord(String)
    case unknownCluster(String)
    /// A record the plan names is not in its inputs any more.
    case recordMissing(path: String)
    /// An input is one of the plan folder's own files.
    case inputAmongOutputs(path: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): error: cannot read the plan: \(reason)"
        case .newerFormat(let path, let found, let known):
            "\(path): error: the plan's formatVersion is \(found), newer than \(known), the newest this scr reads; use a newer scr"
        case .inputChanged(let path):
            "\(path): error: the file has changed since the plan was made (its SHA-256 differs); plan again"
        case .unknownRecord(let reference):
            "error: no record '\(reference)' in the plan; name records as hq:CLIENT_ID or xpm:UUID"
        case .unknownCluster(let id): "error: no cluster '\(id)' in the plan"
        case .recordMissing(let path): "\(path): error: a record of the plan is missing from its inputs; plan again"
        case .inputAmongOutputs(let path):
            "\(path): error: an input cannot be one of the plan folder's own files (planning would overwrite it); move it out of the folder or plan into another"
        }
    }
}

extension PlanDocument {
    /// Reads `plan.json` (or the `plan.json` inside a plan folder), refusing a newer format.
    public static func read(from path: String) throws -> PlanDocument { try readWithDigest(from: path).plan }

    /// Reads the plan and gives the SHA-256 of the very bytes decoded: what a confirmation signs
    /// and a commit checks, with no second read of the file in between.
    ///
    /// - Complexity: one read and one parse of the file (a newer or broken plan is parsed again
    ///   only to say what is wrong with it).
    static func readWithDigest(from path: String) throws -> (plan: PlanDocument, sha256: String) {
        let file = file(path)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw PlanError.unreadable(path: file, reason: "no such file")
        }
        return (try decode(data, file: file), Digest.sha256(data))
    }

    /// plan.json itself: `path`, or the `plan.json` inside `path` when it is a folder.
    /// The plan folder of `path` (a plan folder, or the plan.json inside one).
    public static func folder(_ path: String) -> String {
        parentFolder(file(path))
    }

    static func file(_ path: String) -> String {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
            ? (path as NSString).appendingPathComponent(Planner.fileNames.plan) : path
    }

    /// Decodes plan.json's bytes with `JSONDecoder`, refusing a newer format and saying what is
    /// missing or wrong; `failure`, where the fast reader (``PlanOutline``) stopped, locates a
    /// syntax error.
    static func decode(_ data: Data, file: String, failure: JSONScanner.Failure? = nil) throws -> PlanDocument {
        let plan: PlanDocument
        do {
            plan = try JSONDecoder().decode(PlanDocument.self, from: data)
        } catch {
            // Why it cannot be read: a newer format first, then what is missing or wrong.
            struct Version: Decodable { var formatVersion: Int }
            guard let version = try? JSONDecoder().decode(Version.self, from: data) else {
                if let failure {
                    let (line, column) = data.withUnsafeBytes { raw in
                        JSONScanner.location(of: failure.offset, in: raw.bindMemory(to: UInt8.self))
                    }
                    throw PlanError.unreadable(path: "\(file):\(line):\(column)", reason: failure.message)
                }
                throw PlanError.unreadable(path: file, reason: "not a plan (no formatVersion)")
            }
            if version.formatVersion > currentFormatVersion {
                throw PlanError.newerFormat(path: file, found: version.formatVersion, known: currentFormatVersion)
            }
            // Where: the byte-level reader stops where JSONDecoder does, and knows the place.
            let stop: JSONScanner.Failure?
            if let failure {
                stop = failure
            } else {
                do {
                    _ = try PlanOutline.read(data, sha256: "")
                    stop = nil
                } catch let found as JSONScanner.Failure {
                    stop = found
                } catch {
                    stop = nil
                }
            }
            if let stop {
                let (line, column) = data.withUnsafeBytes { raw in
                    JSONScanner.location(of: stop.offset, in: raw.bindMemory(to: UInt8.self))
                }
                throw PlanError.unreadable(path: "\(file):\(line):\(column)", reason: stop.message)
            }
            throw PlanError.unreadable(path: file, reason: plainWords(error))
        }
        guard plan.formatVersion <= currentFormatVersion else {
            throw PlanError.newerFormat(path: file, found: plan.formatVersion, known: currentFormatVersion)
        }
        _ = try PlanSettings(policy: plan.policy, preferences: plan.preferences, file: file, bytes: data)
        return plan
    }

    /// What JSONDecoder found wrong, in words and by the key's path (`clusters.3.status`).
    static func plainWords(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String { keys.map(\.stringValue).joined(separator: ".") }
        switch error {
        case DecodingError.keyNotFound(let key, let context): return "'\(path(context.codingPath + [key]))' is missing"
        case DecodingError.typeMismatch(let type, let context):
            return "'\(path(context.codingPath))' is not \(type == String.self ? "a string" : "a \(type)")"
        case DecodingError.valueNotFound(_, let context): return "'\(path(context.codingPath))' is null"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "not JSON" : "'\(path(context.codingPath))' does not hold a value this plan can have"
        default: return "not a plan"
        }
    }

    /// The plan as JSON: keys sorted and one cluster per line, so the same plan is the same bytes.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        write { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// The plan's bytes in order, the clusters rendered on every core: exactly what its
    /// ``JSONWritable`` conformance writes, with a line break at the end.
    func write(emit: ([UInt8]) -> Void) {
        emit(Self.opening)
        let clusters = clusters
        renderInOrder(count: clusters.count) { range in
            var json = JSONWriter(capacity: range.count * 4096)
            for index in range { Self.write(clusters[index], index: index, to: &json) }
            return json.bytes
        } emit: {
            emit($0)
        }
        emit(closing(clusterCount: clusters.count))
    }

    /// `plan.json` opens with its clusters (its keys are sorted): they go between the brackets.
    static let opening = Array("{\n\"clusters\":[".utf8)

    /// The plan's `index`th cluster, as its line of `plan.json`.
    static func write(_ cluster: PlanCluster, index: Int, to json: inout JSONWriter) {
        json.nextLine(first: index == 0)
        json.value(cluster)
    }

    /// What follows `clusterCount` clusters in `plan.json`: every other key, the summary last,
    /// and a line break. The document's own clusters are not read: a plan written as it is
    /// reconciled has none in memory.
    func closing(clusterCount: Int) -> [UInt8] {
        var rest = self
        rest.clusters = []
        var json = JSONWriter()
        rest.write(to: &json)
        json.raw(0x0A)
        let bytes = json.bytes
        precondition(bytes.starts(with: Self.opening), "plan.json must open with its clusters")
        return (clusterCount == 0 ? [] : [0x0A]) + bytes[Self.opening.count...]
    }
}
