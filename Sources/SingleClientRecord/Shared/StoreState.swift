/// A store's identity and how many commits and rollbacks it has seen.
public struct StoreState: Codable, Sendable, Equatable {
    public var id: String
    public var generation: Int

    public init(id: String, generation: Int) {
        self.id = id
        self.generation = generation
    }
}
