/// The folder part of a path (`"."` for a bare name; `"/"` for a file at the root), without
/// Foundation's `deletingLastPathComponent`, which crashes on Linux for a one-letter path.
///
///     parentFolder("plans/june/plan.json")  // "plans/june"
///     parentFolder("k")                      // "."
func parentFolder(_ path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return "." }
    return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
}

/// The last part of a path, as ``parentFolder(_:)`` splits it.
func lastPathPart(_ path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return String(trimmed) }
    return String(trimmed[trimmed.index(after: slash)...])
}
