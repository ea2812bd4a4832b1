import FuzzSupport
import SingleClientRecord

/// Any bytes as a `--columns` mapping file, JSON and TOML, applied to a small HQ export with
/// columns the engine does not know.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzColumns(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = Scratch.bytes(data, count)
    let hq = Array(
        "Client ID,Client Label,Mail,Extra Field,Tax Ref\n1,Acme Pty Ltd,a@acme.example,x,123 456 782\n".utf8)
    let export = hq.withUnsafeBytes { Scratch.write("hq.csv", $0) }
    for name in ["columns.json", "columns.toml"] {
        _ = CheckReport.check(InputFiles(hq: export, columns: Scratch.write(name, bytes)))
    }
    return 0
}
