import Foundation

/// One comparison of a pair, in plain words: its level, the weight it added, and why.
struct ComparisonExplanation: Sendable, Codable, Equatable {
    /// The comparison's title: `name`, `date of birth`, ...
    var comparison: String
    /// The level's short name: `exact`, `typo`, `missing`, ...
    public var level: String
    /// What was seen, with the values where they help: "same ABN 51 824 753 556".
    public var reason: String
    /// Bits added to the match weight.
    public var weight: Double
    /// The model's m and u for the level, or nil where a domain rule fixes the weight.
    var m: Double?
    public var u: Double?
}

/// Every comparison of a pair and the total.
public struct PairExplanation: Sendable, Codable, Equatable {
    public var records: [String]
    var comparisons: [ComparisonExplanation]
    var priorWeight: Double
    public var weight: Double
    var probability: Double

    /// The reasons worth a person's time: every comparison that moved the weight, strongest
    /// evidence for first, then the evidence against.
    /// Comparisons that add less than this (bits, either way) give no reason.
    static let movedWeight = 0.05

    public var reasons: [String] { Self.reasons(comparisons) }

    /// The reasons given by `comparisons`, as ``reasons`` orders them.
    static func reasons(_ comparisons: [ComparisonExplanation]) -> [String] {
        let moved = comparisons.filter { abs($0.weight) >= Self.movedWeight }
        return moved.filter { $0.weight > 0 }.sorted { $0.weight > $1.weight }.map(\.reason)
            + moved.filter { $0.weight < 0 }.sorted { $0.weight < $1.weight }.map(\.reason)
    }
}

extension MatchResult {
    /// Explains the pair of records `a` and `b` (indices into ``records``).
    public func explain(_ a: Int, _ b: Int) -> PairExplanation { explain(a, b, vector: nil, movedOnly: false) }

    /// The pair's ``PairExplanation/reasons``, from its scored comparisons: what a plan's cluster says.
    /// (The pair's total weight is not needed for them, so it is not worked out.)
    public func reasons(_ pair: ScoredPair) -> [String] {
        PairExplanation.reasons(comparisons(pair.a, pair.b, vector: pair.vector, movedOnly: true))
    }

    /// `movedOnly` leaves out the comparisons that did not move the weight (no reason is worded
    /// for them), as ``PairExplanation/reasons`` does.
    func explain(_ a: Int, _ b: Int, vector known: ComparisonVector?, movedOnly: Bool) -> PairExplanation {
        let scorer = Scorer(model: model, features: features, frequencies: frequencies)
        let vector = known ?? PairComparison.compare(features[a], features[b])
        let total = scorer.weight(a, b, vector)
        return PairExplanation(
            records: [records[a].reference, records[b].reference],
            comparisons: comparisons(a, b, vector: vector, movedOnly: movedOnly), priorWeight: model.priorWeight,
            weight: total, probability: MatchModel.probability(total))
    }

    /// Every comparison of the pair in words, with its weight, and the contact details' overlap.
    func comparisons(_ a: Int, _ b: Int, vector: ComparisonVector, movedOnly: Bool) -> [ComparisonExplanation] {
        let adjustments = frequencies.sharedValues(features[a], features[b], vector)
        var comparisons: [ComparisonExplanation] = []
        for comparison in Comparison.allCases {
            let level = vector[comparison]
            let spec = comparison.levels[level]
            var weight = model.weight(comparison, level)
            var common: Int?
            if let shared = adjustments.first(where: { $0.comparison == comparison }) {
                let adjustment = frequencies.adjustment(u: model.u[comparison.rawValue][level], count: shared.count)
                if adjustment < 0 {
                    weight += adjustment
                    common = shared.count
                }
            }
            if movedOnly && abs(weight) < PairExplanation.movedWeight { continue }
            // The records are read through pointers: a subscript, even an unsafe buffer's, copied
            // them (two fifths of the reasons' time).
            var reason = normalised.withUnsafeBufferPointer { records in
                Explain.reason(comparison, level, records.baseAddress! + a, records.baseAddress! + b, vector)
            }
            if let common { reason += " (a common value: \(common) records hold it)" }
            comparisons.append(
                ComparisonExplanation(
                    comparison: comparison.title, level: spec.name, reason: reason, weight: weight,
                    m: spec.rule == nil ? model.m[comparison.rawValue][level] : nil,
                    u: spec.rule == nil ? model.u[comparison.rawValue][level] : nil))
        }
        let overlap = Scorer.contactOverlap(
            model.weight(.email, vector[.email]), model.weight(.phone, vector[.phone]),
            model.weight(.address, vector[.address]))
        if overlap < 0 {
            comparisons.append(
                ComparisonExplanation(
                    comparison: "contact details", level: "overlap",
                    reason: "e-mail, phone and address counted as one piece of evidence: related clients share them",
                    weight: overlap, m: nil, u: nil))
        }
        return comparisons
    }
}

/// The plain words for each comparison level, with the values a person needs to check it.
enum Explain {
    /// The words for one comparison's level; `a` and `b` point at the pair's normalised records,
    /// read in place (copying one retains every value it holds).
    static func reason(
        _ comparison: Comparison, _ level: Int, _ a: UnsafePointer<NormalisedRecord>,
        _ b: UnsafePointer<NormalisedRecord>, _ vector: ComparisonVector
    ) -> String {
        let label = comparison.levels[level].label
        switch comparison {
        case .name:
            guard level == Comparison.NameLevel.exact.rawValue else { return label }
            let (i, j) = vector.nameReadings
            let aside = Set(setAside(a, reading: i)).symmetricDifference(setAside(b, reading: j))
            let words = aside.sorted().map { "'\($0)'" }.joined(separator: " and ")
            let base = i == 0 && j == 0 ? label : "names equal, reading the other name of one of them"
            return words.isEmpty ? base : "\(base) once \(words) \(aside.count == 1 ? "is" : "are") set aside"
        case .businessNumber, .companyNumber, .taxNumber:
            let pick: (UnsafePointer<NormalisedRecord>) -> Identifier? =
                comparison == .businessNumber
                ? { $0.pointee.businessNumber }
                : comparison == .companyNumber ? { $0.pointee.companyNumber } : { $0.pointee.taxNumber }
            guard let x = pick(a), let y = pick(b) else {
                if comparison == .companyNumber, level == Comparison.CompanyLevel.withinABN.rawValue,
                    let acn = a.pointee.companyNumber ?? b.pointee.companyNumber,
                    let abn = a.pointee.businessNumber ?? b.pointee.businessNumber
                {
                    return "ACN \(acn.display) is ABN \(abn.display) without its check digits"
                }
                return label
            }
            let kind = x.kind == y.kind ? x.kind.rawValue : "\(x.kind.rawValue) and \(y.kind.rawValue)"
            // Levels 1 and 2 are the same value (valid, or failing its checksum) in all three.
            let exact = Comparison.IdentifierLevel.exact.rawValue
            let exactUnchecked = Comparison.IdentifierLevel.exactUnchecked.rawValue
            let different =
                switch comparison {
                case .businessNumber: Comparison.IdentifierLevel.different.rawValue
                case .companyNumber: Comparison.CompanyLevel.different.rawValue
                default: Comparison.TaxLevel.different.rawValue
                }
            // A tax number is shown by its last three digits only.
            switch (comparison, level) {
            case (.taxNumber, exact): return "same \(kind) (ending \(x.value.suffix(3)))"
            case (.taxNumber, exactUnchecked):
                return "same tax number (ending \(x.value.suffix(3))), though it fails the \(x.kind.rawValue) checksum"
            case (.taxNumber, Comparison.TaxLevel.lastDigits.rawValue):
                return "tax numbers end in the same three digits (\(x.value.suffix(3)))"
            case (.taxNumber, _): return label
            case (_, exact): return "same \(kind) \(x.display)"
            case (_, exactUnchecked): return "same \(kind) \(x.display), though it fails its checksum"
            case (_, Comparison.IdentifierLevel.oneSlip.rawValue) where comparison == .businessNumber,
                (_, Comparison.CompanyLevel.oneSlip.rawValue) where comparison == .companyNumber:
                return "\(kind)s \(x.display) and \(y.display) one typing slip apart, one failing its checksum"
            case (_, different): return "different \(kind)s \(x.display) and \(y.display), both valid"
            default: return label
            }
        case .dateOfBirth:
            guard let x = a.pointee.dateOfBirth, let y = b.pointee.dateOfBirth else { return label }
            return level == Comparison.DateLevel.exact.rawValue ? "same date of birth \(x)" : "\(label) (\(x) and \(y))"
        case .email:
            if level == Comparison.EmailLevel.exact.rawValue,
                let shared = a.pointee.emails.first(where: { e in
                    b.pointee.emails.contains { $0.address == e.address }
                })
            {
                return "same e-mail address \(shared.address)"
            }
            if level == Comparison.EmailLevel.sameDomain.rawValue,
                let shared = a.pointee.emails.first(where: { e in
                    b.pointee.emails.contains { $0.domain == e.domain }
                })
            {
                return "e-mail addresses at the same business domain \(shared.domain)"
            }
            return label
        case .phone:
            if level != Comparison.PhoneLevel.different.rawValue && level != 0,
                let shared = a.pointee.phones.first(where: { p in
                    b.pointee.phones.contains { $0.key == p.key }
                })
            {
                return level == Comparison.PhoneLevel.exact.rawValue
                    ? "same phone \(shared.key)" : "same phone \(shared.key), one that several clients share"
            }
            return label
        case .structure:
            guard let x = a.pointee.structure, let y = b.pointee.structure else { return label }
            return level == Comparison.StructureLevel.same.rawValue
                ? "same business structure (\(x.rawValue))" : "\(label): \(x.rawValue) and \(y.rawValue)"
        case .address, .link:
            return label
        }
    }

    /// The words set aside from a record's `index`th name reading: its name, then the other name
    /// of a person (a sole trader's business name), as ``MatchFeatures`` reads them.
    static func setAside(_ record: UnsafePointer<NormalisedRecord>, reading index: Int) -> [String] {
        switch index {
        case 0: record.pointee.name?.setAside ?? []
        case 1 where record.pointee.name?.kind == .person: record.pointee.otherName?.setAside ?? []
        default: []
        }
    }
}
