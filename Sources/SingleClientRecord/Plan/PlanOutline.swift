import Crypto
import Foundation

/// What confirm and commit need of plan.json, read straight from its bytes: the plan's header and,
/// per cluster, its id, status, action, members and the exact bytes of its proposed record.
/// Everything else is checked (a plan `JSONDecoder` would refuse is refused) but not built.
///
///     let outline = try PlanOutline.read(from: "plan")
///     outline.clusters[0].record  // {"addresses":[],...}: the bytes plan.json holds
///
/// - Complexity: O(n) in plan.json's bytes, the clusters read on every core; a plan laid out
///   otherwise than scr writes it (one cluster per line) is read on one core.
public struct PlanOutline: Sendable {
    public var formatVersion: Int
    public var planId: String
    public var policy: String
    public var preferences: [String: SourceSystem]
    public var inputs: [PlanInput]
    public var store: StoreState?
    public var clusters: [Cluster]
    /// The SHA-256 of the bytes read, hex.
    public var sha256: String

    public struct Cluster: Sendable, Equatable {
        public var id: String
        public var status: ClusterStatus
        public var action: ClusterAction
        public var members: [RecordReference]
        /// The cluster's `record` object as plan.json holds it: what the store keeps (empty when
        /// read for ``Detail/board``, which reads it from ``recordSpan``).
        public var record: String
        /// The record's `name` value and `archived` flag, which the store also keeps in columns.
        public var name: String?
        public var archived: Bool
        public var confidence: Double = 0
        /// Where the cluster's object, and its record, stand in plan.json's bytes.
        public var span: Range<Int> = 0..<0
        public var recordSpan: Range<Int> = 0..<0
        /// The record's Xero organisation name, if it has one.
        public var organisation: String?
        /// The plain reasons, and the fields whose members differ (read only when asked for
        /// ``Detail/board``).
        public var reasons: [String] = []
        public var differs: [String] = []
        /// True when the cluster reports changes since the store's last commit.
        public var changed = false
    }

    /// How much of each cluster is read: what confirm and commit need, or also what the review
    /// board shows.
    public enum Detail: Sendable {
        case commit, board
    }
}

extension PlanOutline {
    /// Reads the plan in `path` (plan.json, or a plan folder). A plan the fast reader refuses is
    /// given to `JSONDecoder`, which says what is wrong (or reads it, when only the fast reader's
    /// extra strictness refused it).
    public static func read(from path: String, detail: Detail = .commit) throws -> PlanOutline {
        let (outline, bytes) = try readUnhashed(from: path, detail: detail)
        var hashed = outline
        hashed.sha256 = Digest.sha256(bytes)
        return hashed
    }

    /// Reads the plan as ``read(from:)`` does but leaves ``sha256`` empty, and gives back the
    /// bytes read, so that the caller can hash them on another core.
    static func readUnhashed(
        from path: String, detail: Detail = .commit
    ) throws -> (outline: PlanOutline, bytes: Data) {
        let file = PlanDocument.file(path)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw PlanError.unreadable(path: file, reason: "no such file")
        }
        do {
            let outline = try read(data, sha256: "", detail: detail)
            _ = try outline.settings(file: file, bytes: data)
            return (outline, data)
        } catch let failure as JSONScanner.Failure {
            let plan = try PlanDocument.decode(data, file: file, failure: failure)
            guard detail == .commit else {
                throw PlanError.unreadable(path: file, reason: "not laid out as scr writes a plan; plan again")
            }
            return (PlanOutline(plan, sha256: ""), data)
        }
    }

    /// The plan's policy and preferences, parsed (a plan read by ``read(from:)`` has been checked
    /// to parse); `bytes` locate a problem in `file`.
    func settings(file: String = Planner.fileNames.plan, bytes: Data? = nil) throws(PlanError) -> PlanSettings {
        try PlanSettings(policy: policy, preferences: preferences, file: file, bytes: bytes)
    }

    /// The outline of a decoded plan (for a plan only `JSONDecoder` reads): each record as the
    /// ``JSONWriter`` writes it.
    init(_ plan: PlanDocument, sha256: String) {
        formatVersion = plan.formatVersion
        planId = plan.planId
        policy = plan.policy
        preferences = plan.preferences
        inputs = plan.inputs
        store = plan.store
        self.sha256 = sha256
        clusters = plan.clusters.map { cluster in
            var json = JSONWriter()
            cluster.record.write(to: &json)
            return Cluster(
                id: cluster.id, status: cluster.status, action: cluster.action, members: cluster.members,
                record: String(decoding: json.bytes, as: UTF8.self), name: cluster.record.fields[.name]?.value,
                archived: cluster.record.archived)
        }
    }

    /// Reads plan.json's bytes; throws a ``JSONScanner/Failure`` at the first problem.
    static func read(_ data: Data, sha256: String, detail: Detail = .commit) throws -> PlanOutline {
        try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var json = JSONScanner(bytes)
            var formatVersion: Int?
            var header: [String: Range<Int>] = [:]
            var clusters: [Cluster]?
            try json.object { json, key throws(JSONScanner.Failure) in
                if key == "clusters" {
                    guard clusters == nil else { throw json.failure("the key 'clusters' is repeated") }
                    clusters = try readClusters(&json, detail: detail)
                    return
                }
                guard header[key] == nil else { throw json.failure("the key '\(key)' is repeated") }
                let start = json.offset
                header[key] = try json.skipValue()
                if key == "formatVersion" {
                    var number = JSONScanner(bytes, offset: start)
                    let value = try number.double()
                    guard let whole = Int(exactly: value) else {
                        throw json.failure("formatVersion is not a whole number")
                    }
                    formatVersion = whole
                }
            }
            try json.end()
            // A newer format is refused before anything else is asked of it.
            guard let formatVersion else { throw json.failure("the key 'formatVersion' is missing", at: 0) }
            guard formatVersion <= PlanDocument.currentFormatVersion else {
                throw json.failure("a newer format", at: 0)
            }
            guard let clusters else { throw json.failure("the key 'clusters' is missing", at: 0) }
            // The header is small: JSONDecoder reads it, with every key the document requires.
            var spans = Array(header)
            spans.append(("clusters", 0..<0))
            var text: [UInt8] = [UInt8(ascii: "{")]
            for (index, (key, span)) in spans.enumerated() {
                var quoted = JSONWriter()
                quoted.string(key)
                text += (index == 0 ? [] : [UInt8(ascii: ",")]) + quoted.bytes + [UInt8(ascii: ":")]
                text += span.isEmpty ? Array("[]".utf8) : Array(bytes[span])
            }
            text.append(UInt8(ascii: "}"))
            let plan: PlanDocument
            do {
                plan = try JSONDecoder().decode(PlanDocument.self, from: Data(text))
            } catch {
                throw json.failure("the plan's header does not decode", at: 0)
            }
            return PlanOutline(
                formatVersion: formatVersion, planId: plan.planId, policy: plan.policy, preferences: plan.preferences,
                inputs: plan.inputs, store: plan.store, clusters: clusters, sha256: sha256)
        }
    }

    /// The `clusters` array: on every core when it is laid out one cluster per line, as scr writes
    /// it, else in one pass.
    static func readClusters(
        _ json: inout JSONScanner, detail: Detail = .commit
    ) throws(JSONScanner.Failure) -> [Cluster] {
        let bytes = json.bytes
        let open = json.offset
        // `[` then a line break, and the array's end is the first line that starts with `]`.
        let layout =
            open + 1 < bytes.count && bytes[open] == UInt8(ascii: "[") && bytes[open + 1] == 0x0A
            ? clusterLines(in: bytes, from: open + 2) : nil
        if let layout {
            let (lines, close) = layout
            let chunks = lines.count < 2048 ? 1 : ProcessInfo.processInfo.activeProcessorCount * 4
            nonisolated(unsafe) let shared = bytes
            let parts = parallelMap(count: chunks) {
                chunk -> Result<(clusters: [Cluster], comma: Bool), JSONScanner.Failure> in
                let range = chunkRange(chunk, of: chunks, total: lines.count)
                let end = range.upperBound < lines.count ? lines[range.upperBound] : close
                var part = JSONScanner(shared, offset: range.isEmpty ? end : lines[range.lowerBound])
                var clusters: [Cluster] = []
                clusters.reserveCapacity(range.count)
                var comma = false
                do throws(JSONScanner.Failure) {
                    while part.peek() != nil && part.offset < end {
                        if !clusters.isEmpty && !comma { throw part.failure("expected ','") }
                        clusters.append(try readCluster(&part, detail: detail))
                        comma = part.peek() == UInt8(ascii: ",")
                        if comma { part.offset += 1 }
                    }
                    guard part.offset <= end else { throw part.failure("a cluster runs past its line") }
                } catch {
                    return .failure(error)
                }
                return .success((clusters, comma))
            }
            var clusters: [Cluster] = []
            clusters.reserveCapacity(lines.count)
            var comma = false
            for part in parts {
                // Laid out otherwise, or broken: read the array in one pass, which says where.
                guard case .success(let part) = part, part.clusters.isEmpty || clusters.isEmpty || comma else {
                    json.offset = open
                    return try readClustersInOnePass(&json, detail: detail)
                }
                if !part.clusters.isEmpty {
                    clusters += part.clusters
                    comma = part.comma
                }
            }
            guard !comma && !clusters.isEmpty else {
                json.offset = open
                return try readClustersInOnePass(&json, detail: detail)
            }
            json.offset = close + 1
            return clusters
        }
        return try readClustersInOnePass(&json, detail: detail)
    }

    static func readClustersInOnePass(
        _ json: inout JSONScanner, detail: Detail = .commit
    ) throws(JSONScanner.Failure) -> [Cluster] {
        var clusters: [Cluster] = []
        try json.array { json throws(JSONScanner.Failure) in clusters.append(try readCluster(&json, detail: detail)) }
        return clusters
    }

    /// The offsets of the lines from `from` on, up to the first line that starts with `]`, and
    /// that line's offset (nil when there is none).
    static func clusterLines(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> (starts: [Int], close: Int)? {
        var starts: [Int] = []
        var index = from
        let base = bytes.baseAddress!
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "]") { return (starts, index) }
            starts.append(index)
            guard let next = memchr(base + index, 0x0A, bytes.count - index) else { break }
            index = base.distance(to: next.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return nil
    }

    static let clusterKeys = [
        "action", "confidence", "conflicts", "id", "links", "members", "reasons", "record", "status", "changes",
    ]

    /// One cluster object: what is used is read, the rest checked against its shape.
    static func readCluster(_ json: inout JSONScanner, detail: Detail = .commit) throws(JSONScanner.Failure) -> Cluster
    {
        _ = json.peek()
        let start = json.offset
        var confidence = 0.0
        var organisation: String?
        var reasons: [String] = []
        var differs: [String] = []
        var id = ""
        var status = ClusterStatus.auto
        var action = ClusterAction.keep
        var members: [RecordReference] = []
        var record = ""
        var recordSpan = 0..<0
        var name: String?
        var archived = false
        var changed = false
        try json.object(keys: clusterKeys, required: { clusterKeys[$0] != "changes" }) {
            json, index throws(JSONScanner.Failure) in
            switch clusterKeys[index] {
            case "changes":
                changed = true
                try json.skipValue()
            case "action": action = try json.enumValue()
            case "confidence": confidence = try json.double()
            case "conflicts":
                let from = json.offset
                try JSONShape.array(.conflict).check(&json)
                guard detail == .board else { return }
                var again = JSONScanner(json.bytes, offset: from)
                try again.array { json throws(JSONScanner.Failure) in
                    try json.object { json, key throws(JSONScanner.Failure) in
                        if key == "field" { differs.append(try json.string()) } else { try json.skipValue() }
                    }
                }
            case "id": id = try json.string()
            case "links": try JSONShape.array(.link).check(&json)
            case "members": try json.array { json throws(JSONScanner.Failure) in members.append(try json.member()) }
            case "reasons":
                guard detail == .board else { return try JSONShape.array(.string).check(&json) }
                try json.array { json throws(JSONScanner.Failure) in reasons.append(try json.string()) }
            case "record":
                _ = json.peek()
                let from = json.offset
                (name, archived, organisation) = try readRecord(&json)
                recordSpan = from..<json.offset
                // The board reads the record's bytes where they stand (a copy of each would be
                // most of plan.json again).
                guard detail != .board else { return }
                record = String(decoding: UnsafeBufferPointer(rebasing: json.bytes[from..<json.offset]), as: UTF8.self)
            default: status = try json.enumValue()
            }
        }
        return Cluster(
            id: id, status: status, action: action, members: members, record: record, name: name, archived: archived,
            confidence: confidence, span: start..<json.offset, recordSpan: recordSpan, organisation: organisation,
            reasons: reasons, differs: differs, changed: changed)
    }

    /// A record, checked against ``JSONShape/record``, giving its name, whether it is archived
    /// and its Xero organisation's name.
    static func readRecord(
        _ json: inout JSONScanner
    ) throws(JSONScanner.Failure) -> (name: String?, archived: Bool, organisation: String?) {
        guard case .keyed(let shapes) = JSONShape.record else { preconditionFailure("a record is an object") }
        let keys = shapes.entries
        var name: String?
        var organisation: String?
        var archived = false
        try json.object(keys: shapes.names, required: { keys[$0].required }) {
            json, index throws(JSONScanner.Failure) in
            switch keys[index].key {
            case "archived": archived = try json.bool()
            case Field.name.key, Field.xeroOrganisationName.key:
                if try json.null() { return }
                let valueStart = json.offset
                try keys[index].shape.check(&json)
                var again = JSONScanner(json.bytes, offset: valueStart)
                var value: String?
                try again.object { json, key throws(JSONScanner.Failure) in
                    if key == "value" { value = try json.string() } else { try json.skipValue() }
                }
                if keys[index].key == Field.name.key { name = value } else { organisation = value }
            default: try JSONShape.checkValue(of: keys[index], &json)
            }
        }
        return (name, archived, organisation)
    }
}

extension JSONScanner {
    /// A string-valued enum's case.
    mutating func enumValue<T: RawRepresentable>() throws(Failure) -> T where T.RawValue == String {
        let start = offset
        let text = try string()
        guard let value = T(rawValue: text) else { throw failure("unknown value '\(text)'", at: start) }
        return value
    }

    /// A `{"key": ..., "source": ...}` object.
    mutating func member() throws(Failure) -> RecordReference {
        let start = offset
        var key: String?
        var source: SourceSystem?
        try object { json, name throws(Failure) in
            switch name {
            case "key":
                guard key == nil else { throw json.failure("the key 'key' is repeated") }
                key = try json.string()
            case "source":
                guard source == nil else { throw json.failure("the key 'source' is repeated") }
                source = try json.enumValue()
            default: try json.skipValue()
            }
        }
        guard let key, let source else { throw failure("a member needs a key and a source", at: start) }
        return RecordReference(source: source, key: key)
    }
}
