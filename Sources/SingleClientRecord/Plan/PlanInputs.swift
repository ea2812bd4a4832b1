import Foundation

/// The policy and preferences a plan was made with, parsed. A plan whose policy or preferences do
/// not parse is refused with the place in plan.json, never read as something else.
///
///     let settings = try PlanSettings(policy: "keep-xpm", preferences: ["email": .hq], file: "plan.json")
///     settings.preferences[.email]  // .hq
public struct PlanSettings: Sendable, Equatable {
    public var policy: ReconcilePolicy
    public var preferences: SourcePreferences

    /// Parses the plan's `policy` and `preferences`; `bytes`, plan.json's, locate a problem.
    public init(
        policy text: String, preferences byKey: [String: SourceSystem], file: String, bytes: Data? = nil
    ) throws(PlanError) {
        func refuse(_ key: String, _ reason: String) -> PlanError {
            .unreadable(path: Self.locate(key: key, in: bytes, file: file), reason: reason)
        }
        guard let policy = ReconcilePolicy(rawValue: text) else {
            let known = ReconcilePolicy.allCases.map(\.rawValue).joined(separator: ", ")
            throw refuse("policy", "unknown policy '\(text)'; a plan's policy is one of \(known)")
        }
        var preferences = SourcePreferences(policy: policy)
        for (key, source) in byKey.sorted(by: { $0.key < $1.key }) {
            do {
                try preferences.apply("\(key)=\(source.rawValue)")
            } catch {
                throw refuse("preferences", "the preference '\(key)' does not parse: \(error)")
            }
        }
        self.policy = policy
        self.preferences = preferences
    }

    /// `file:line:column` of the value of the plan's top-level `key` (its last occurrence as a
    /// key: the header follows the clusters), or `file` when it cannot be found.
    static func locate(key: String, in bytes: Data?, file: String) -> String {
        guard let bytes else { return file }
        let needle = Array("\"\(key)\":".utf8)
        return bytes.withUnsafeBytes { raw -> String in
            let all = raw.bindMemory(to: UInt8.self)
            guard all.count >= needle.count else { return file }
            var start = all.count - needle.count
            while start >= 0 {
                if all[start] == needle[0] && needle.indices.allSatisfy({ all[start + $0] == needle[$0] }) {
                    let (line, column) = JSONScanner.location(of: start + needle.count, in: all)
                    return "\(file):\(line):\(column)"
                }
                start -= 1
            }
            return file
        }
    }
}

extension InputFiles {
    /// The files a plan was made from, as its `inputs` list them (`file` is plan.json, which a
    /// kind this engine does not know is reported against).
    /// Each input is looked for where ``PlanInput/location(planFolder:)`` says.
    public init(planInputs inputs: [PlanInput], planFolder: String?, file: String) throws(PlanError) {
        self.init(hq: nil, hqContacts: nil, xpm: [], xpmCSV: [], columns: nil)
        for input in inputs {
            let path = input.location(planFolder: planFolder)
            switch input.kind {
            case InputKind.hqCSV.rawValue: hq = path
            case InputKind.hqContacts.rawValue: hqContacts = path
            case InputKind.xpmXML.rawValue: xpm.append(path)
            case InputKind.xpmCSV.rawValue: xpmCSV.append(path)
            case PlanInput.columnsKind: columns = path
            default: throw .unreadable(path: file, reason: "an input of unknown kind '\(input.kind)'")
            }
        }
    }
}

extension PlanInput {
    /// The kind of a `--columns` mapping file among a plan's inputs.
    static let columnsKind = "columns"

    /// Where the input is now for the plan in `folder`: beside the plan as the plan recorded it
    /// (``fromPlan``), so that any working folder finds it, else the path as typed.
    public func location(planFolder folder: String?) -> String {
        if let fromPlan, let folder {
            let beside = (folder as NSString).appendingPathComponent(fromPlan)
            if FileManager.default.fileExists(atPath: beside) { return beside }
        }
        return path
    }

    /// Why the input cannot be found, naming every place looked at; nil when it is there.
    public func missing(planFolder folder: String?) -> String? {
        let found = location(planFolder: folder)
        guard !FileManager.default.fileExists(atPath: found) else { return nil }
        var places = "'\(path)'"
        if let fromPlan, let folder { places += " or '\((folder as NSString).appendingPathComponent(fromPlan))'" }
        return "the input is missing (it is not at \(places)); put it back, or plan again"
    }
}

/// `path` written relative to the folder `base` (both made absolute first): how a plan records
/// where its inputs are from its own folder.
///
///     relativePath("data/hq.csv", from: "plans/june")  // "../../data/hq.csv"
func relativePath(_ path: String, from base: String) -> String {
    func components(_ path: String) -> [String] {
        // Links resolved where the path exists, as the system resolves `..` through them.
        var absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        if let resolved = realpath(path, nil) {
            absolute = String(cString: resolved)
            free(resolved)
        }
        var parts: [String] = []
        for part in absolute.split(separator: "/") where part != "." {
            if part == ".." { if !parts.isEmpty { parts.removeLast() } } else { parts.append(String(part)) }
        }
        return parts
    }
    let (target, folder) = (components(path), components(base))
    var common = 0
    while common < min(target.count, folder.count) && target[common] == folder[common] { common += 1 }
    let up = Array(repeating: "..", count: folder.count - common)
    return (up + target[common...]).joined(separator: "/")
}

extension Planner {
    /// Reconciles groups of a plan's records again from its inputs, with the plan's own policy
    /// and preferences: the canonical record of each group a person's split or reject made.
    /// The caller has checked that the inputs are the ones the plan was made from.
    ///
    /// - Complexity: reads and normalises the inputs once, then O(m) in the groups' records.
    public static func reconcile(
        _ groups: [[RecordReference]], inputs: [PlanInput], planFolder: String?, settings: PlanSettings, file: String
    ) throws(PlanError) -> [CanonicalRecord] {
        guard !groups.isEmpty else { return [] }
        let read = InputReader.read(try InputFiles(planInputs: inputs, planFolder: planFolder, file: file))
        let (normalised, _) = Normaliser.normalise(read.records)
        let index = Dictionary(
            read.records.indices.map { (read.records[$0].reference, $0) }, uniquingKeysWith: { a, _ in a })
        let reconciler = Reconciler(
            policy: settings.policy, preferences: settings.preferences,
            defaultCountry: Normaliser.practiceCountry(read.records))
        var records: [CanonicalRecord] = []
        records.reserveCapacity(groups.count)
        for members in groups {
            let indices = members.compactMap { index[$0.reference] }
            guard indices.count == members.count else {
                throw .recordMissing(path: inputs.first?.path ?? file)
            }
            records.append(reconciler.reconcile(indices, records: read.records, normalised: normalised).record)
        }
        return records
    }
}
