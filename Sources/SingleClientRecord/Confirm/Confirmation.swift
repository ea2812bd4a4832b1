import Crypto
import Foundation

/// `confirmation.json`: an administrator's signature over a plan and every decision in it. The
/// signed digest covers plan.json's bytes (so the inputs' hashes, the options and every cluster)
/// and each cluster's decision, so that one changed byte, one moved member or one flipped
/// decision breaks it.
///
///     let confirmation = try Confirmation.sign(folder: "plan", key: key)
///     confirmation.verifies()  // true until anything it covers changes
public struct Confirmation: Codable, Sendable, Equatable {
    public static let fileName = "confirmation.json"
    static let currentFormatVersion = 1

    public var formatVersion: Int
    public var planId: String
    /// The SHA-256 of plan.json's bytes.
    public var planSHA256: String
    public var decisions: [ConfirmedDecision]
    /// The SHA-256 of ``signedText``, hex.
    var digest: String
    public var signer: Signer
    /// Ed25519 over the digest's bytes, base64.
    var signature: String
    var signedAt: String

    public struct Signer: Codable, Sendable, Equatable {
        public var fingerprint: String
        /// The raw public key, base64.
        public var publicKey: String
    }

    /// The text the digest is the SHA-256 of: the plan, then one line per cluster in plan order.
    static func signedText(planId: String, planSHA256: String, decisions: [ConfirmedDecision]) -> String {
        var text = "scr confirmation 1\nplan \(planId)\nplan.json \(planSHA256)\n"
        for decision in decisions {
            text += "\(decision.cluster) \(decision.decision.rawValue)"
            if let groups = decision.split {
                text += " " + DecisionRow.splitText(groups)
            }
            if let records = decision.relink {
                text += " " + DecisionRow.splitText([records])
            }
            text += "\n"
        }
        return text
    }

    /// Signs the plan in `folder` with its decisions; refuses while decisions.csv has problems or a
    /// review cluster is undecided.
    public static func sign(folder: String, key: AdministratorKey) throws -> Confirmation {
        let plan = try PlanOutline.read(from: folder)
        let planSHA256 = plan.sha256
        let decisions = try DecisionsFile.read(
            folder: folder, clusters: plan.clusters, columns: DecisionRow.decidedColumns)
        if let problem = decisions.problems.first { throw ConfirmError.decisions(decisions.problems, first: problem) }
        if !decisions.undecided.isEmpty { throw ConfirmError.undecided(decisions.undecided) }
        let confirmed = plan.clusters.map { cluster -> ConfirmedDecision in
            let row = decisions.rows[decisions.byCluster[cluster.id]!]
            let kind = row.decision ?? .accept
            return ConfirmedDecision(
                cluster: cluster.id, decision: kind, split: kind == .split ? row.splitGroups : nil,
                relink: kind == .relink ? row.relinkRecords : nil)
        }
        let text = signedText(planId: plan.planId, planSHA256: planSHA256, decisions: confirmed)
        let digest = Data(SHA256.hash(data: Data(text.utf8)))
        let signature = try key.sign(digest)
        let formatter = ISO8601DateFormatter()
        return Confirmation(
            formatVersion: currentFormatVersion, planId: plan.planId, planSHA256: planSHA256, decisions: confirmed,
            digest: hex(digest),
            signer: Signer(fingerprint: key.publicKey.fingerprint, publicKey: key.publicKey.raw.base64EncodedString()),
            signature: signature.base64EncodedString(), signedAt: formatter.string(from: Date()))
    }

    /// Writes the confirmation into the plan folder, owner-only, the one way (a failure leaves
    /// any earlier confirmation as it was).
    public func write(folder: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let path = (folder as NSString).appendingPathComponent(Self.fileName)
        try BlockFile.write(Array(try encoder.encode(self)) + [0x0A], to: path)
    }

    /// True when the signature is the signer's over this confirmation's own contents.
    public func verifies() -> Bool {
        let text = Self.signedText(planId: planId, planSHA256: planSHA256, decisions: decisions)
        let digest = Data(SHA256.hash(data: Data(text.utf8)))
        guard hex(digest) == self.digest, let key = Data(base64Encoded: signer.publicKey),
            let signature = Data(base64Encoded: signature)
        else { return false }
        return AdministratorPublicKey(key).verifies(signature, of: digest)
    }
}

/// One cluster's decision as confirmed.
public struct ConfirmedDecision: Codable, Sendable, Equatable {
    public var cluster: String
    public var decision: DecisionKind
    /// For a split: the groups kept, by record reference.
    public var split: [[String]]?
    /// For a relink: the records of other clusters joined to this one.
    public var relink: [String]?
}

extension ConfirmedDecision {
    /// True when `row` of decisions.csv holds this decision (an empty decision is accept).
    func holds(in row: DecisionRow) -> Bool {
        (row.decision ?? .accept) == decision
            && (decision != .split || row.splitGroups == split ?? [])
            && (decision != .relink || row.relinkRecords == relink ?? [])
    }
}

/// Why a plan cannot be confirmed yet.
enum ConfirmError: Error, CustomStringConvertible {
    case decisions([Diagnostic], first: Diagnostic)
    case undecided([String])

    public var description: String {
        switch self {
        case .decisions(let all, _): all.map(\.description).joined(separator: "\n")
        case .undecided(let ids):
            "error: \(ids.count) review cluster(s) are undecided: \(ids.prefix(5).joined(separator: ", "))\(ids.count > 5 ? ", ..." : ""); decide them in decisions.csv or with scr decide"
        }
    }
}
