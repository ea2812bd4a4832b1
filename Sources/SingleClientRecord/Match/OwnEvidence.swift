/// A value a pair agrees on that records outside its cluster hold too: a common name, a family's
/// e-mail address, landline or street address. Such a value is evidence that the records belong
/// to one family or one namesake group, not that they are one client.
public struct SharedValue: Sendable, Equatable {
    var comparison: Comparison
    /// The comparison's level the pair is at.
    var level: Int
    /// How many records hold the value in all (0 where the level says it is shared without a count:
    /// a phone several clients share, an e-mail reached through a contact, a postcode).
    var count: Int

    /// Plain words: "the name (692 records hold it)".
    var words: String {
        let what: String
        switch (comparison, level) {
        case (.name, _): what = "the name"
        case (.email, Comparison.EmailLevel.sameDomain.rawValue): what = "the e-mail domain"
        case (.email, Comparison.EmailLevel.throughContact.rawValue): what = "an e-mail address of a contact"
        case (.email, _): what = "the e-mail address"
        case (.phone, _): what = "the phone number"
        case (.address, Comparison.AddressLevel.locality.rawValue): what = "the postcode or town"
        case (.address, _): what = "the street address"
        default: what = "the \(comparison.title)"
        }
        return count > 0 ? "\(what) (\(count) records hold it)" : "\(what) (other clients hold it too)"
    }
}

/// A pair's evidence about its own records, in a cluster of given members: its weight with the
/// values other clients share counted as they should be when a cluster grows. A common name is no
/// evidence past ``weakPieceBits``; the e-mail addresses, phones and street addresses that records
/// outside the cluster hold too count together as one weak piece of ``weakPieceBits`` at most. The
/// rest (identifiers, date of birth, links, the structure, contact details the cluster's records
/// alone hold) counts as it does in the pair's weight.
///
///     let own = scorer.ownEvidence(pair, members: [a, b, c])
///     own.weight >= thresholds.auto  // may c join a and b without a person?
public struct OwnEvidence: Sendable {
    public var weight: Double
    /// The values shared with records outside the cluster, whose weight was cut.
    var shared: [SharedValue]
    /// True when some evidence for the pair is about its records alone: a name few others hold,
    /// an identifier, a date of birth, a link, a contact detail no record outside holds. A pair
    /// without it is held together only by values other clients hold too.
    var hasOwnPiece: Bool

    /// The most one shared piece of evidence weighs (bits): a common name, or a family's
    /// contact details together.
    static let weakPieceBits = 4.0
    /// A name that at least this many records outside the cluster hold (namesakes: another
    /// client at least) is common: no evidence past ``weakPieceBits``.
    static let commonNameOthers = 2
    /// The least a piece of evidence weighs (bits) to count as one about the records alone.
    static let ownPieceBits = 1.0
}

extension Scorer {
    /// The pair's ``OwnEvidence`` in a cluster of `members` (which hold the pair's records).
    ///
    /// - Complexity: O(m) for m members.
    func ownEvidence(_ pair: ScoredPair, members: [Int]) -> OwnEvidence {
        let vector = pair.vector
        var own = pair.weight
        var shared: [SharedValue] = []
        var hasOwnPiece = false
        table.withPair(pair.a, pair.b) { a, b in
            /// Records of the cluster holding `value` among the values `of` gives.
            func holders(_ value: UInt64, _ of: (MatchFeatures) -> [UInt64]) -> Int {
                members.count { of(features[$0]).contains(value) }
            }
            /// How many records outside the cluster hold `value` too, and how many hold it in all.
            func outside(_ value: UInt64, _ of: (MatchFeatures) -> [UInt64]) -> (others: Int, count: Int) {
                let count = frequencies.count(of: value)
                return (count - holders(value, of), count)
            }
            // Every adjustment the pair's weight took, by comparison.
            var adjusted = [Double](repeating: 0, count: Comparison.allCases.count)
            frequencies.forEachSharedValue(a, b, vector) { comparison, count in
                adjusted[comparison.rawValue] += frequencies.adjustment(
                    u: model.u[comparison.rawValue][vector[comparison]], count: count)
            }
            func bits(_ comparison: Comparison) -> Double {
                model.weight(comparison, vector[comparison]) + adjusted[comparison.rawValue]
            }

            // Evidence about the records alone, whatever else they share.
            for comparison in [Comparison.dateOfBirth, .businessNumber, .companyNumber, .taxNumber, .link]
            where bits(comparison) >= OwnEvidence.ownPieceBits {
                hasOwnPiece = true
            }

            // The name.
            var nameIsShared = false
            if vector[.name] == Comparison.NameLevel.exact.rawValue {
                let key = a.names[vector.nameReadings.0].keyHash
                let (others, count) = outside(key) { $0.names.first.map { [$0.keyHash] } ?? [] }
                let weight = bits(.name)
                if others >= OwnEvidence.commonNameOthers {
                    nameIsShared = true
                    shared.append(SharedValue(comparison: .name, level: vector[.name], count: count))
                    if weight > OwnEvidence.weakPieceBits { own -= weight - OwnEvidence.weakPieceBits }
                }
            }
            if !nameIsShared && bits(.name) >= OwnEvidence.ownPieceBits { hasOwnPiece = true }

            // The contact details: each piece is the pair's own or shared with other records.
            var pieces = [bits(.email), bits(.phone), bits(.address)]
            let before =
                pieces.reduce(0, +)
                + Self.contactOverlap(
                    model.weight(.email, vector[.email]), model.weight(.phone, vector[.phone]),
                    model.weight(.address, vector[.address]))
            var sharedPieces: [Int] = []
            func note(_ piece: Int, _ comparison: Comparison, count: Int) {
                sharedPieces.append(piece)
                shared.append(SharedValue(comparison: comparison, level: vector[comparison], count: count))
            }
            /// The piece is shared when every value the two hold in common is held outside too
            /// (a family's landline beside the son's own mobile is his own evidence).
            func noteIfShared(
                _ piece: Int, _ comparison: Comparison, _ mine: [UInt64], _ theirs: [UInt64],
                _ of: (MatchFeatures) -> [UInt64]
            ) {
                var first = 0
                for value in mine where theirs.contains(value) {
                    let (others, count) = outside(value, of)
                    if others <= 0 { return }
                    if first == 0 { first = count }
                }
                if first > 0 { note(piece, comparison, count: first) }
            }
            switch Comparison.EmailLevel(rawValue: vector[.email]) {
            case .exact: noteIfShared(0, .email, a.emails, b.emails) { $0.emails }
            case .sameDomain: noteIfShared(0, .email, a.domains, b.domains) { $0.domains }
            case .throughContact: note(0, .email, count: 0)
            default: break
            }
            switch Comparison.PhoneLevel(rawValue: vector[.phone]) {
            case .exact: noteIfShared(1, .phone, a.phones, b.phones) { $0.phones + $0.sharedPhones }
            case .shared:
                let value = a.sharedPhones.first(where: { b.sharedPhones.contains($0) })
                note(1, .phone, count: value.map { frequencies.count(of: $0) } ?? 0)
            default: break
            }
            switch Comparison.AddressLevel(rawValue: vector[.address]) {
            case .exact:
                let (others, count) = outside(a.street) { [$0.street] }
                if others > 0 { note(2, .address, count: count) }
            case .locality: note(2, .address, count: 0)
            default: break
            }
            for piece in pieces.indices where !sharedPieces.contains(piece) && pieces[piece] >= OwnEvidence.ownPieceBits
            {
                hasOwnPiece = true
            }
            guard !sharedPieces.isEmpty else { return }
            // The shared pieces together: one weak piece, the strongest of them, capped.
            let strongest = sharedPieces.max { pieces[$0] < pieces[$1] }!
            let weak = min(pieces[strongest], OwnEvidence.weakPieceBits)
            for piece in sharedPieces { pieces[piece] = 0 }
            pieces[strongest] = weak
            let after = pieces.reduce(0, +) + Self.contactOverlap(pieces[0], pieces[1], pieces[2])
            own += after - before
        }
        return OwnEvidence(weight: own, shared: shared, hasOwnPiece: hasOwnPiece)
    }
}
