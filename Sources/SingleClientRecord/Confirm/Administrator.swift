import Foundation

/// What an administrator may do: a master-admin confirms plans and manages administrators.
public enum AdministratorRole: String, Sendable, Codable, CaseIterable {
    case masterAdmin = "master-admin"
    case admin
}

/// A practice administrator as the store records them.
public struct Administrator: Sendable, Codable, Equatable {
    public var id: Int64?
    public var name: String
    public var role: AdministratorRole
    public var publicKey: Data
    public var fingerprint: String
    public var addedAt: String
    public var removedAt: String?

    public init(
        id: Int64?, name: String, role: AdministratorRole, publicKey: Data, fingerprint: String, addedAt: String,
        removedAt: String?
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.publicKey = publicKey
        self.fingerprint = fingerprint
        self.addedAt = addedAt
        self.removedAt = removedAt
    }

    var isActive: Bool { removedAt == nil }

    /// Why a name cannot be an administrator's (empty, or holding a control character such as a
    /// line break or an escape, which would forge lines in listings); nil when it can.
    public static func problem(withName name: String) -> String? {
        if name.trimmingCharacters(in: .whitespaces).isEmpty { return "an administrator's name must not be empty" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "an administrator's name must not hold control characters (line breaks, tabs, escapes)"
        }
        return nil
    }
}
