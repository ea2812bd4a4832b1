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
    public init(planInputs inputs: [PlanInput], file: String) throws(PlanError) {
        self.init(hq: nil, hqContacts: nil, xpm: [], xpmCSV: [], columns: nil)
        for input in inputs {
            switch input.kind {
            case InputKind.hqCSV.rawValue: hq = input.path
            case InputKind.hqContacts.rawValue: hqContacts = input.path
            case InputKind.xpmXML.rawValue: xpm.append(input.path)
            case InputKind.xpmCSV.rawValue: xpmCSV.append(input.path)
            case PlanInput.columnsKind: columns = input.path
            default: throw .unreadable(path: file, reason: "an input of unknown kind '\(input.kind)'")
            }
        }
    }
}

extension PlanInput {
    /// The kind of a `--columns` mapping file among a plan's inputs.
    static let columnsKind = "columns"
}

extension Planner {
    /// Reconciles groups of a plan's records again from its inputs, with the plan's own policy
    /// and preferences: the canonical record of each group a person's split or reject made.
    /// The caller has checked that the inputs are the ones the plan was made from.
    ///
    /// - Complexity: reads and normalises the inputs once, then O(m) in the groups' records.
    public static func reconcile(
        _ groups: [[RecordReference]], inputs: [PlanInput], settings: PlanSettings, file: String
    ) throws(PlanError) -> [CanonicalRecord] {
        guard !groups.isEmpty else { return [] }
        let read = InputReader.read(try InputFiles(planInputs: inputs, file: file))
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
