import FuzzSupport
import SingleClientRecord

/// Any bytes as an XPM API response (client.api/list, get or search), read and normalised as
/// `scr check --xpm` does: libxml2 with DTDs and entities off, under the address sanitizer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXML(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let path = Scratch.write("input.xml", Scratch.bytes(data, count))
    _ = CheckReport.check(InputFiles(xpm: [path]))
    return 0
}
