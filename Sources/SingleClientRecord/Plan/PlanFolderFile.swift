/// A file of the plan folder for people (the report, the decisions), rendered from the plan and
/// its members' source records, its bytes handed over in order.
///
///     let html = ReportPage.bytes(plan, records: records)
///     ReportPage.write(plan, records: records, to: file)
public protocol PlanFolderFile {
    static func write(_ plan: PlanDocument, records: [PlanMember: SourceRecord], emit: ([UInt8]) -> Void)
}

extension PlanFolderFile {
    /// The whole file in memory.
    public static func bytes(_ plan: PlanDocument, records: [PlanMember: SourceRecord]) -> [UInt8] {
        var bytes: [UInt8] = []
        write(plan, records: records) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// The file written in large blocks.
    public static func write(_ plan: PlanDocument, records: [PlanMember: SourceRecord], to file: BlockFile) {
        write(plan, records: records) { file.write($0) }
    }
}

/// A file of the plan folder in three parts: the bytes before the clusters, the clusters' bytes a
/// range at a time (rendered on any thread), and the bytes after them. What lets
/// ``Planner/write(_:to:)`` render every file in one pass over the clusters.
///
///     let parts = DecisionsFile.parts(plan, records: records)
///     parts.write(count: plan.clusters.count) { file.write($0) }
struct ClusterFileParts: Sendable {
    var opening: [UInt8]
    /// The bytes of the clusters in a range, in order.
    var clusters: @Sendable (Range<Int>) -> [UInt8]
    var closing: [UInt8]

    /// The whole file's bytes in order, the clusters rendered on every core.
    func write(count: Int, emit: ([UInt8]) -> Void) {
        emit(opening)
        renderInOrder(count: count, clusters, emit: emit)
        emit(closing)
    }
}
