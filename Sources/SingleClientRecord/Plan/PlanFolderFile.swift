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
