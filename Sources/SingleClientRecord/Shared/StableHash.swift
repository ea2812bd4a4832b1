/// A 64-bit hash that is the same in every process and on every machine (Swift's `Hasher` is
/// seeded per process): FNV-1a over the bytes, then a final mix so that the low bits spread.
///
///     StableHash.of("smith") == StableHash.of("smith")  // in every run
///
/// Source: Fowler, Noll and Vo, "FNV hash"; the finaliser is MurmurHash3's fmix64.
///
/// - Complexity: O(n) in the bytes.
enum StableHash {
    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return mix(hash)
    }

    static func of(_ text: String) -> UInt64 {
        var copy = text
        return copy.withUTF8 { of($0) }
    }

    static func of(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBufferPointer { of($0) } }

    /// Two hashes as one, order mattering: `combine(tag, value)` keeps key families apart.
    static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 { mix(a &* 0x9E37_79B9_7F4A_7C15 ^ b) }

    static func mix(_ value: UInt64) -> UInt64 {
        var hash = value
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash &*= 0xC4CE_B9FE_1A85_EC53
        return hash ^ (hash >> 33)
    }
}
