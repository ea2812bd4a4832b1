import FuzzSupport
import SingleClientRecord

/// Any bytes as `plan.json`, read by the byte-level reader confirm and commit use (which hands
/// what it refuses to JSONDecoder to say why) and decoded whole as decide and explain do.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPlan(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let path = Scratch.write("plan.json", Scratch.bytes(data, count))
    _ = try? PlanOutline.read(from: path)  // its policy and preferences checked too
    _ = try? PlanDocument.read(from: path)
    return 0
}
