/// Distinct keys in the order they were first seen, each with its position: a plain array while
/// there are few, a dictionary beside it beyond ``linearLimit``.
///
/// Reconciling a cluster sets a handful of values apart (its e-mails, phones, custom fields), and
/// comparing a handful of strings costs less than hashing them: hashing was a sixth of
/// reconciling. A record with thousands of values still costs O(1) a key.
///
///     var seen = SmallIndex<String>()
///     seen.insert("a@b.example").inserted  // true, then false
struct SmallIndex<Key: Hashable> {
    /// Keys looked up by comparing them one by one, up to this many.
    static var linearLimit: Int { 16 }

    /// The distinct keys, in the order they were first inserted.
    private(set) var keys: [Key] = []
    /// Every key's position, once there are more than ``linearLimit``.
    private var positions: [Key: Int]?

    var count: Int { keys.count }

    func position(of key: Key) -> Int? {
        if let positions { return positions[key] }
        return keys.firstIndex(of: key)
    }

    func contains(_ key: Key) -> Bool { position(of: key) != nil }

    /// Adds the key when it is new; gives its position either way.
    @discardableResult
    mutating func insert(_ key: Key) -> (inserted: Bool, position: Int) {
        if let position = position(of: key) { return (false, position) }
        keys.append(key)
        if positions != nil {
            positions![key] = keys.count - 1
        } else if keys.count > Self.linearLimit {
            positions = Dictionary(uniqueKeysWithValues: zip(keys, keys.indices))
        }
        return (true, keys.count - 1)
    }
}
