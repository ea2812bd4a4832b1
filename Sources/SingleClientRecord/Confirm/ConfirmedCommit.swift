import Foundation

/// A canonical client a commit writes: its records and its proposed record, as the JSON the store
/// keeps, with its name and archived flag (which the store also keeps in columns).
public struct CommitGroup: Sendable, Equatable {
    public var members: [RecordReference]
    public var record: String
    public var name: String?
    public var archived: Bool

    public init(members: [RecordReference], record: String, name: String?, archived: Bool) {
        self.members = members
        self.record = record
        self.name = name
        self.archived = archived
    }

    /// A group with a record reconciled anew (after a split or a reject).
    init(members: [RecordReference], record: CanonicalRecord) {
        var json = JSONWriter()
        record.write(to: &json)
        self.init(
            members: members, record: String(decoding: json.bytes, as: UTF8.self), name: record.fields[.name]?.value,
            archived: record.archived)
    }
}

/// Why a confirmed plan cannot be committed; the store is left as it was.
public struct CommitCheckError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): error: \(message)" }
}

/// A confirmed plan, checked and decided: what a store applies in one transaction. It says which
/// canonical clients the decisions make (an accepted cluster as proposed; a rejected one as its
/// records, each alone; a split one as its groups, reconciled again from the inputs), which pairs
/// of records stay apart, and who signed.
///
/// ``prepare(folder:)`` checks what needs no store at once (the confirmation reads, its signature
/// holds over what it covers) and starts the checks that read whole files (plan.json's SHA-256,
/// decisions.csv against the confirmed decisions, the inputs' SHA-256) on another core, so that
/// a store writes while they run and commits only once ``verified(signer:store:)`` has passed.
///
///     let commit = try ConfirmedCommit.prepare(folder: "plan")
///     let result = try store.apply(commit)
public struct ConfirmedCommit: Sendable {
    /// The clients the decisions make and the pairs of record references kept apart (each pair
    /// sorted).
    public struct Decided: Sendable {
        public var groups: [CommitGroup]
        public var apart: [(String, String)]
        /// What a person decided: every review cluster, and every automatic cluster not accepted
        /// as proposed. The store's history keeps them by the clients they made.
        public var decisions: [PersonDecision] = []
    }

    /// One cluster's decision as the history keeps it, with the groups (indices into
    /// ``Decided/groups``) it made.
    public struct PersonDecision: Sendable, Equatable {
        public var cluster: String
        public var decision: DecisionKind
        public var status: ClusterStatus
        public var members: [String]
        public var groups: [Int]
    }

    public let planId: String
    /// The confirmation's digest: a store that has applied it once applies it never again.
    let digest: String
    /// The store the plan was made against, as it was then; nil for a plan made without one.
    let madeAgainst: StoreState?
    /// The key that signed; a store checks it is an active master-admin's.
    public let signer: AdministratorPublicKey
    let signerFingerprint: String
    let decided: Result<Decided, any Error>
    let files: Background<FileChecks>
    /// Every input record's fingerprint, by reference, read on another core: what the store keeps
    /// of its members.
    let fingerprints: Background<Result<[String: RecordFingerprint], PlanError>>

    /// What the whole-file checks found, in the order they are reported.
    struct FileChecks: Sendable {
        var plan: CommitCheckError?
        var inputs: CommitCheckError?
    }

    /// Reads and checks the confirmed plan in `folder` and decides its clients.
    public static func prepare(folder: String) throws -> ConfirmedCommit {
        let planPath = (folder as NSString).appendingPathComponent(Planner.fileNames.plan)
        let (plan, planBytes) = try PlanOutline.readUnhashed(from: folder)
        let confirmationPath = (folder as NSString).appendingPathComponent(Confirmation.fileName)
        guard let data = FileManager.default.contents(atPath: confirmationPath) else {
            throw CommitCheckError(
                path: confirmationPath, "the plan is not confirmed; run scr confirm with a master-admin's key")
        }
        let confirmation: Confirmation
        do {
            confirmation = try JSONDecoder().decode(Confirmation.self, from: data)
        } catch {
            throw CommitCheckError(path: confirmationPath, "not a confirmation scr can read; confirm the plan again")
        }
        // The signature, and what it covers.
        guard confirmation.verifies(), let key = Data(base64Encoded: confirmation.signer.publicKey) else {
            throw CommitCheckError(path: folder, "the confirmation's signature does not hold; confirm the plan again")
        }
        guard confirmation.planId == plan.planId else {
            throw CommitCheckError(path: planPath, "the plan has changed since it was confirmed; confirm it again")
        }
        let files = Background { checkFiles(folder: folder, plan: plan, bytes: planBytes, confirmation) }
        let inputs = plan.inputs
        let fingerprints = Background { () -> Result<[String: RecordFingerprint], PlanError> in
            Result { () throws(PlanError) in
                try Self.fingerprints(InputFiles(planInputs: inputs, planFolder: folder, file: planPath))
            }
        }
        let decided = Result { () throws -> Decided in try decide(plan, confirmation, folder: folder, file: planPath) }
        return ConfirmedCommit(
            planId: plan.planId, digest: confirmation.digest, madeAgainst: plan.store,
            signer: AdministratorPublicKey(key), signerFingerprint: confirmation.signer.fingerprint,
            decided: decided, files: files, fingerprints: fingerprints)
    }

    /// Every record's fingerprint in `files`, by reference.
    static func fingerprints(_ files: InputFiles) -> [String: RecordFingerprint] {
        let read = InputReader.read(files)
        var out: [String: RecordFingerprint] = [:]
        out.reserveCapacity(read.records.count)
        for record in read.records { out[record.reference] = RecordFingerprint(record) }
        return out
    }

    /// The fingerprints of the plan's records, once read (an input that cannot be read is the
    /// file checks' problem, reported first).
    func recordFingerprints() throws -> [String: RecordFingerprint] {
        try fingerprints.value.get()
    }

    /// Throws the first problem with the plan, in the order they are documented in: plan.json or
    /// the decisions changed since confirming, then the signer (`signer`, the store's active
    /// administrator of that key, if any, in the store at `store`) not a master-admin, then an
    /// input changed. Waits for the whole-file checks.
    func verified(signer: Administrator?, store: String) throws(CommitCheckError) -> Administrator {
        let found = files.value
        if let problem = found.plan { throw problem }
        guard let signer else {
            throw CommitCheckError(
                path: store,
                "the plan was confirmed with key \(signerFingerprint), which is not an active administrator's in this store"
            )
        }
        guard signer.role == .masterAdmin else {
            throw CommitCheckError(path: store, "\(signer.name) is an admin; a master-admin must confirm the plan")
        }
        if let problem = found.inputs { throw problem }
        return signer
    }

    /// The clients and pairs apart the decisions make, once ``verified(signer:store:)`` has passed
    /// (a problem it finds is the one reported).
    public func decisions(signer: Administrator?, store: String) throws -> Decided {
        do {
            return try decided.get()
        } catch {
            _ = try verified(signer: signer, store: store)
            throw error
        }
    }

    /// The checks that read whole files, in the order they are reported: plan.json's bytes
    /// against the confirmation and decisions.csv against the confirmed decisions (`plan`), then
    /// the inputs against the plan's hashes (`inputs`).
    static func checkFiles(
        folder: String, plan: PlanOutline, bytes: Data, _ confirmation: Confirmation
    ) -> FileChecks {
        let planPath = (folder as NSString).appendingPathComponent(Planner.fileNames.plan)
        guard Digest.sha256(bytes) == confirmation.planSHA256 else {
            return FileChecks(
                plan: CommitCheckError(path: planPath, "the plan has changed since it was confirmed; confirm it again"))
        }
        guard
            let decisions = try? DecisionsFile.read(
                folder: folder, clusters: plan.clusters, columns: DecisionRow.decidedColumns),
            decisions.problems.isEmpty,
            zip(plan.clusters, confirmation.decisions).allSatisfy({ cluster, confirmed in
                guard cluster.id == confirmed.cluster, let index = decisions.byCluster[cluster.id] else { return false }
                return confirmed.holds(in: decisions.rows[index])
            }), plan.clusters.count == confirmation.decisions.count
        else {
            return FileChecks(
                plan: CommitCheckError(
                    path: (folder as NSString).appendingPathComponent(Planner.fileNames.decisions),
                    "the decisions have changed since the plan was confirmed; confirm it again"))
        }
        for input in plan.inputs {
            if let missing = input.missing(planFolder: folder) {
                return FileChecks(inputs: CommitCheckError(path: input.path, missing))
            }
            guard (try? Digest.sha256(ofFile: input.location(planFolder: folder))) == input.sha256 else {
                return FileChecks(
                    inputs: CommitCheckError(
                        path: input.path,
                        "the file has changed since the plan was made (its SHA-256 differs); plan again"
                    ))
            }
        }
        return FileChecks()
    }

    /// The clients the decisions make: an accepted cluster as proposed; a rejected one as its
    /// records, each alone; a split one as its groups; a re-linked one as its records with those
    /// it brings in. A record re-linked into another cluster leaves its own, which keeps its
    /// decision for the records left and keeps them apart from it. Records alone, in split groups,
    /// re-linked or left behind are reconciled again from the inputs (which the file checks find
    /// unchanged), with the plan's own policy and preferences.
    static func decide(
        _ plan: PlanOutline, _ confirmation: Confirmation, folder: String, file: String
    ) throws -> Decided {
        var groups: [CommitGroup] = []
        var apart: [(String, String)] = []
        var pending: [(members: [RecordReference], position: Int)] = []
        var decisions: [PersonDecision] = []
        func keepApart(_ a: RecordReference, _ b: RecordReference) {
            apart.append(([a.reference, b.reference].min()!, [a.reference, b.reference].max()!))
        }
        // Every record a relink moves, by reference, with its record and where it goes.
        var moved: [String: RecordReference] = [:]
        var destination: [String: String] = [:]
        for decided in confirmation.decisions {
            for record in decided.relink ?? [] { destination[record] = decided.cluster }
        }
        let relinked = Set(destination.keys)
        if !relinked.isEmpty {
            for cluster in plan.clusters {
                for member in cluster.members where relinked.contains(member.reference) {
                    moved[member.reference] = member
                }
            }
        }
        for (cluster, decided) in zip(plan.clusters, confirmation.decisions) {
            let first = groups.count
            defer {
                if cluster.status == .review || decided.decision != .accept {
                    decisions.append(
                        PersonDecision(
                            cluster: cluster.id, decision: decided.decision, status: cluster.status,
                            members: cluster.members.map(\.reference), groups: Array(first..<groups.count)))
                }
            }
            let left = moved.isEmpty ? cluster.members : cluster.members.filter { moved[$0.reference] == nil }
            let leaving = cluster.members.filter { moved[$0.reference] != nil }
            for (i, record) in leaving.enumerated() {
                for other in left { keepApart(record, other) }
                // Two records that leave for different clusters are not the same client either.
                for other in leaving[(i + 1)...]
                where destination[other.reference] != destination[record.reference] {
                    keepApart(record, other)
                }
            }
            switch decided.decision {
            case .accept where left.count == cluster.members.count:
                groups.append(
                    CommitGroup(
                        members: cluster.members, record: cluster.record, name: cluster.name, archived: cluster.archived
                    ))
            case .accept, .relink:
                let members = left + (decided.relink ?? []).compactMap { moved[$0] }
                guard !members.isEmpty else { continue }
                pending.append((members, groups.count))
                groups.append(CommitGroup(members: members, record: "", name: nil, archived: false))
            case .reject, .split:
                var parts: [[RecordReference]] = (decided.split ?? []).map { group in
                    group.compactMap { reference in left.first { $0.reference == reference } }
                }.filter { !$0.isEmpty }
                let named = Set(parts.flatMap { $0 })
                parts += left.filter { !named.contains($0) }.map { [$0] }
                for (i, part) in parts.enumerated() {
                    pending.append((part, groups.count))
                    groups.append(CommitGroup(members: part, record: "", name: nil, archived: false))
                    for other in parts[(i + 1)...] {
                        for a in part {
                            for b in other { keepApart(a, b) }
                        }
                    }
                }
            }
        }
        guard !pending.isEmpty else { return Decided(groups: groups, apart: apart, decisions: decisions) }
        let records = try Planner.reconcile(
            pending.map(\.members), inputs: plan.inputs, planFolder: folder, settings: try plan.settings(file: file),
            file: file)
        for ((members, position), record) in zip(pending, records) {
            groups[position] = CommitGroup(members: members, record: record)
        }
        return Decided(groups: groups, apart: apart, decisions: decisions)
    }
}
