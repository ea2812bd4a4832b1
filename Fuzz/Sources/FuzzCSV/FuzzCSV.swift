import FuzzSupport
import SingleClientRecord

/// Any bytes as an HQ client CSV, an XPM client CSV and an HQ contacts file: read and normalised
/// as `scr check` does. A crash, a hang or a sanitizer report is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let path = Scratch.write("input.csv", Scratch.bytes(data, count))
    _ = CheckReport.check(InputFiles(hq: path))
    _ = CheckReport.check(InputFiles(xpmCSV: [path]))
    let hq = Scratch.write("hq.csv", UnsafeRawBufferPointer(start: nil, count: 0))  // contacts need an HQ file
    _ = CheckReport.check(InputFiles(hq: hq, hqContacts: path))
    return 0
}
