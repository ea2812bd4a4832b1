/// What a person must do about a cluster.
public enum ClusterStatus: String, Sendable, Codable {
    /// Confident: nobody needs to look.
    case auto
    /// Uncertain or conflicting: a person decides.
    case review
}

/// Records the engine believes are one client.
public struct Cluster: Sendable {
    /// Indices into the records matched: HQ first, then XPM, each by key.
    public var members: [Int]
    public var status: ClusterStatus
    /// The probability that the proposal is right: the weakest merging pair's match probability
    /// (a pair joined only for a person, contradicting itself or tying nothing, counts as even
    /// odds), or, for a record left alone, one minus the strongest pair refused.
    public var confidence: Double
    /// The pairs that joined the members, strongest first.
    var links: [ScoredPair]
    /// Strong pairs to records outside the cluster that were refused because they contradict a
    /// member: the reason for a review.
    public var conflicts: [ScoredPair]
    /// The committed canonical clients whose records the cluster holds (``MatchConstraints``),
    /// sorted: one for a client kept as it was, two or more when clients join.
    public var canonicalIds: [String] = []
    /// Links and refused pairs that weigh enough but whose evidence is not about their own
    /// records: the reasons for a review.
    var weakPairs: [WeakPair] = []
    /// Decisions of earlier commits about the cluster's records whose grounds have changed.
    var reopened: [Reopened] = []
}

/// A pair that weighs enough to merge without a person, but not on evidence of its own, or
/// whose records contradict each other.
struct WeakPair: Sendable {
    enum Why: Sendable {
        /// Short of the automatic threshold without the values records outside the cluster hold
        /// too (``OwnEvidence``): the values, and the weight without them.
        case sharedValues([SharedValue], own: Double)
        /// A link held together only by values records outside the cluster hold too: nothing in
        /// its evidence is about its own records.
        case onlySharedValues([SharedValue])
        /// The cluster holds, or would hold, two records of one list, and nothing ties them (no
        /// identifier, date of birth or link in common): a duplicate, or a namesake of the family.
        case untiedClients
        /// The records match strongly but a domain rule says they differ (the comparisons).
        case contradiction([Comparison])
    }

    var pair: ScoredPair
    var why: Why
}

/// What earlier commits decided, as constraints on clustering: records a confirmed merge made
/// one client stay together, and pairs a person kept apart (by rejecting or splitting a cluster)
/// never join.
public struct MatchConstraints: Sendable {
    /// Each committed client's records present in the inputs (indices into the records matched).
    var together: [(canonicalId: String, members: [Int])] = []
    /// Pairs of records kept apart, as ``Candidates/pair(_:_:)`` packs them.
    public var apart: Set<UInt64> = []
    /// The decisions themselves, with their history: what the change report and re-opened
    /// decisions read.
    var decisions: CommittedDecisions?
    /// For each record a commit holds, its client's place in `decisions.clients` and its own
    /// among the client's members.
    var memberOf: [Int: (client: Int, member: Int)] = [:]
    /// Each committed client's place in `decisions.clients`, by id.
    var clientPosition: [String: Int] = [:]
    /// Pairs kept apart whose records are both in the inputs, with the commit that kept them so.
    var apartPairs: [(x: Int, y: Int, since: Int64)] = []
    /// For each record, true when a commit holds it and its fields are as they were committed
    /// (``settle(_:)``; empty until then).
    var settled: [Bool] = []

    /// Marks the records whose fields are as they were committed, from every record's fingerprint
    /// now: two such records of different committed clients were seen by the person who
    /// confirmed the commit, and are neither joined nor a conflict until one of them changes.
    mutating func settle(_ fingerprints: [RecordFingerprint]) {
        guard let decisions, !memberOf.isEmpty else { return }
        settled = [Bool](repeating: false, count: fingerprints.count)
        for (record, place) in memberOf {
            if let stored = decisions.clients[place.client].fingerprints[place.member] {
                settled[record] = stored == fingerprints[record]
            }
        }
    }

    public init() {}

    /// Maps the store's decisions, by record reference (`source:key`), onto the records read;
    /// references no longer in the inputs are left out.
    public init(_ decisions: CommittedDecisions, records: [SourceRecord]) {
        let index = Dictionary(
            records.indices.map { (records[$0].reference, $0) }, uniquingKeysWith: { first, _ in first })
        self.decisions = decisions
        for (position, client) in decisions.clients.enumerated() {
            clientPosition[client.id] = position
            var members: [Int] = []
            for (place, reference) in client.members.enumerated() {
                guard let record = index[reference] else { continue }
                members.append(record)
                memberOf[record] = (position, place)
            }
            if !members.isEmpty { together.append((client.id, members)) }
        }
        for ((a, b), since) in zip(decisions.apart, decisions.apartSince) {
            guard let x = index[a], let y = index[b], x != y else { continue }
            apart.insert(Candidates.pair(x, y))
            apartPairs.append((x, y, since))
        }
    }
}

/// Forms clusters from scored pairs so that a wrong merge is much rarer than a missed one.
///
/// Pairs are taken strongest first (Kruskal's order). Two groups join only when every pair
/// across them is consistent: no domain rule says two of their records are different clients
/// (different valid ABNs, dates of birth, given names, Xero organisations), and the pairs across
/// them weighs at least the review threshold. So each HQ record pairs with one XPM
/// client, and a second HQ record joins only as a duplicate of the first. A pair below the
/// automatic grade (lighter than the automatic threshold, or names that merely share a word)
/// joins two records that are each alone, never a group: a group grows only by a pair that
/// could merge on its own, so a weak third record never rides on a strong pair (a family's
/// other trust, a namesake without a date of birth). Committed decisions come first
/// (``MatchConstraints``): a committed client's records start as one group, whatever their
/// size, and a pair kept apart is never joined or reported as a conflict, nor is a pair of
/// records of different committed clients that are both as they were committed. A refused pair strong
/// enough to merge on its own, and nearly as strong as a record's own links, is a conflict (two
/// HQ records wanting one XPM record): the record's group goes to review. So does a group joined
/// by a pair below the automatic threshold, or by names that merely share a word.
///
/// Weight is not enough to grow a group or to stand without a person: the pair's evidence must be
/// about its own records (``OwnEvidence``). A common name, and e-mail addresses, phones and street
/// addresses that records outside the cluster hold too (a family's, a namesake's), count as one
/// weak piece at most: a record joins a group only if its pair still weighs the automatic
/// threshold so, and a cluster held together by such values alone goes to review with them
/// named. A group takes a second record of one list (two HQ records, or two XPM records: a
/// duplicate, or a son of his father's name) only when an identifier, a link or the date of birth
/// ties the two groups. A person and an organisation never merge without a person, and a pair
/// linked to different Xero organisations never merges: refused, it makes both clusters a review
/// when it would have merged otherwise (Xero HQ's own rules). Two lone records are put to a
/// person on a pair below the automatic grade only when it weighs the review threshold without
/// what other clients hold too.
///
/// After the strongest-first pass, what a strong pair left alone is proposed for a person rather
/// than left as lone records naming each other: a record refused by a group only for want of a
/// tie joins it for review, and two lone records whose strong pair contradicts itself are
/// proposed together for review.
///
///     let clusters = Clustering.cluster(records: records, pairs: pairs, scorer: scorer, thresholds: t)
///
/// - Complexity: O(p · s²) for p pairs and groups of at most s records (s ≤ ``maximumSize``).
enum Clustering {
    /// Larger groups are never formed automatically.
    static let maximumSize = 8
    /// A refused pair this many bits weaker than its records' strongest link is no conflict.
    static let conflictMargin = 6.0

    static func cluster(
        records: [SourceRecord], pairs: [ScoredPair], scorer: Scorer, thresholds: MatchThresholds,
        constraints: MatchConstraints = MatchConstraints()
    ) -> [Cluster] {
        var groups = UnionFind(count: records.count)
        // Committed clients, by the root of their group; a committed client may be larger than
        // a group the engine would form.
        var committed: [Int: [String]] = [:]
        for client in constraints.together {
            var root = groups.find(client.members[0])
            for member in client.members.dropFirst() {
                let other = groups.find(member)
                if other != root { root = groups.union(root, other) }
            }
            committed[root, default: []].append(client.canonicalId)
        }
        var links: [Int: [ScoredPair]] = [:]
        var conflicts: [Int: [ScoredPair]] = [:]
        var refusedWeight = [Double](repeating: -.infinity, count: records.count)
        var refused: [ScoredPair] = []
        var weakRefusals: [UInt64: WeakPair.Why] = [:]
        // A pair refused for its Xero organisations weighs, as a conflict, what it would without
        // them: two records Xero HQ will not merge, that would merge otherwise, go to a person.
        func strength(_ pair: ScoredPair) -> Double {
            pair.vector.linkedToDifferentOrganisations
                ? pair.weight - scorer.model.weight(.link, pair.vector[.link]) : pair.weight
        }
        func holds(_ group: [Int], _ source: SourceSystem) -> Bool { group.contains { records[$0].source == source } }
        // Each pair's place in `pairs`, not a copy of it (at a million records a side the copies
        // took 380 MB).
        var known: [UInt64: Int] = [:]
        known.reserveCapacity(pairs.count)
        for (index, pair) in pairs.enumerated() { known[Candidates.pair(pair.a, pair.b)] = index }
        func weighed(_ x: Int, _ y: Int) -> ScoredPair {
            known[Candidates.pair(x, y)].map { pairs[$0] } ?? scorer.compare(x, y)
        }

        /// Joins two groups by their roots, with their links and committed clients.
        func join(_ ra: Int, _ rb: Int, by pair: ScoredPair) {
            let root = groups.union(ra, rb)
            links[root] = (links[ra] ?? []) + (links[rb] ?? []) + [pair]
            if root != ra { links[ra] = nil }
            if root != rb { links[rb] = nil }
            let kept = (committed[ra] ?? []) + (committed[rb] ?? [])
            (committed[ra], committed[rb]) = (nil, nil)
            if !kept.isEmpty { committed[root] = kept }
        }

        /// The pairs across two groups, when none was kept apart, contradicts itself or weighs
        /// less than the review threshold: their total weight, and whether one ties the clients
        /// (an identifier, a link or the date of birth).
        func across(_ left: [Int], _ right: [Int]) -> (total: Double, tied: Bool)? {
            var total = 0.0
            var tied = false
            for x in left {
                for y in right {
                    if constraints.apart.contains(Candidates.pair(x, y)) { return nil }
                    let pair = weighed(x, y)
                    if Scorer.isHardConflict(pair.vector) || pair.weight < thresholds.review { return nil }
                    total += pair.weight
                    if !tied && Scorer.tiesClients(pair.vector) { tied = true }
                }
            }
            return (total, tied)
        }

        // Pairs inside committed clients: they weigh against conflicts as links do.
        var inside: [ScoredPair] = []
        for pair in pairs {
            let (ra, rb) = (groups.find(pair.a), groups.find(pair.b))
            if ra == rb {
                if committed[ra] != nil { inside.append(pair) }
                continue
            }
            // Two committed records, unchanged since: decided, as a pair kept apart is.
            if !constraints.settled.isEmpty && constraints.settled[pair.a] && constraints.settled[pair.b] { continue }
            let left = groups.members(ra)
            let right = groups.members(rb)
            // A committed client may grow past the size limit, one record at a time.
            var consistent =
                left.count + right.count <= maximumSize
                || (min(left.count, right.count) == 1 && (committed[ra] != nil || committed[rb] != nil))
            // A group grows only by a pair that could merge on its own, on evidence of its own
            // about the records it joins: not on a common name or a family's shared contact
            // details.
            let grows = left.count > 1 || right.count > 1
            // Refused as if it weighed less than the review threshold: no conflict, no doubt.
            var beneathReview = false
            if grows {
                if pair.weight < thresholds.auto || !Scorer.canMergeAutomatically(pair.vector) {
                    consistent = false
                } else if consistent {
                    let own = scorer.ownEvidence(pair, members: left + right)
                    if own.weight < thresholds.auto {
                        consistent = false
                        weakRefusals[Candidates.pair(pair.a, pair.b)] = .sharedValues(own.shared, own: own.weight)
                    }
                }
            } else if consistent && pair.weight < thresholds.auto {
                // Two records alone, on a pair below the automatic grade, are put to a person
                // only on evidence about them: a name other clients hold too (two of a
                // practice's many Linda Kings) or a family's contact details are no reason to ask.
                if scorer.ownEvidence(pair, members: left + right).weight < thresholds.review {
                    consistent = false
                    beneathReview = true
                }
            }
            // A group that would hold a second record of one list (a duplicate, or a namesake of
            // the family: a son of his father's name) grows only when an identifier, a link or
            // the date of birth ties the two groups.
            let repeatsAList =
                grows && (holds(left, .hq) && holds(right, .hq) || holds(left, .xpm) && holds(right, .xpm))
            var total = 0.0
            // A pair a person kept apart is no conflict: it was decided.
            let keptApart = constraints.apart.contains(Candidates.pair(pair.a, pair.b))
            if consistent {
                if let found = across(left, right) {
                    total = found.total
                    if repeatsAList && !found.tied {
                        consistent = false
                        weakRefusals[Candidates.pair(pair.a, pair.b)] = .untiedClients
                    }
                } else {
                    consistent = false
                }
            }
            if consistent && total / Double(left.count * right.count) >= thresholds.review {
                join(ra, rb, by: pair)
            } else if !keptApart && !beneathReview {
                refusedWeight[pair.a] = max(refusedWeight[pair.a], pair.weight)
                refusedWeight[pair.b] = max(refusedWeight[pair.b], pair.weight)
                if strength(pair) >= thresholds.auto { refused.append(pair) }
            }
        }
        // The strongest link of each record in the groups the strongest-first pass formed.
        var bestLink = [Double](repeating: -.infinity, count: records.count)
        for link in links.values.joined() + inside {
            bestLink[link.a] = max(bestLink[link.a], link.weight)
            bestLink[link.b] = max(bestLink[link.b], link.weight)
        }
        // Records a strong pair left alone, proposed for a person rather than left pointing at
        // each other: a record that a group refused only because it would be a second record of
        // one list with nothing to tie it (a duplicate with no date of birth or identifier, or a
        // son of his father's name) joins that group for review when nothing there contradicts
        // it; two records alone whose strong pair contradicts itself (two valid TFNs, two dates
        // of birth) and weigh the automatic threshold on evidence of their own are proposed
        // together, for review. A record refused because its evidence is not its own (a common
        // name, a family's contact details) is not joined: it would ride in on them. Strongest
        // first; two committed clients are never joined here. Such a proposal is even odds.
        var forReview: [UInt64: WeakPair.Why] = [:]
        for pair in refused where !pair.vector.linkedToDifferentOrganisations {
            let (ra, rb) = (groups.find(pair.a), groups.find(pair.b))
            guard ra != rb, committed[ra] == nil || committed[rb] == nil else { continue }
            let key = Candidates.pair(pair.a, pair.b)
            let left = groups.members(ra)
            let right = groups.members(rb)
            let why: WeakPair.Why
            if left.count == 1 && right.count == 1 {
                // On evidence of their own: a family's trust and company, or two of its people,
                // sharing its e-mail, landline and address contradict each other as they should.
                guard Scorer.isHardConflict(pair.vector),
                    scorer.ownEvidence(pair, members: [pair.a, pair.b]).weight >= thresholds.auto
                else { continue }
                why = .contradiction(Scorer.hardConflicts(pair.vector))
            } else if case .untiedClients? = weakRefusals[key], min(left.count, right.count) == 1,
                left.count + right.count <= maximumSize, across(left, right) != nil
            {
                why = .untiedClients
            } else {
                continue
            }
            join(ra, rb, by: pair)
            forReview[key] = why
        }
        // A refused strong pair is a conflict when neither record's own links are clearly
        // stronger: two HQ records wanting one XPM record, a duplicate that fits two clusters.
        // A pair joined above for a person is a proposal, not a conflict, and not a link that
        // outweighs the record's other refused pairs.
        for pair in refused where forReview[Candidates.pair(pair.a, pair.b)] == nil {
            let strength = strength(pair)
            if weakRefusals[Candidates.pair(pair.a, pair.b)] != nil || pair.vector.linkedToDifferentOrganisations {
                // Refused for what the pair is, not for a stronger rival: each side whose own
                // links are not clearly stronger (a record left alone always) goes to a person.
                for side in [pair.a, pair.b] where strength > bestLink[side] - conflictMargin {
                    conflicts[groups.find(side), default: []].append(pair)
                }
            } else if strength > max(bestLink[pair.a], bestLink[pair.b]) - conflictMargin {
                conflicts[groups.find(pair.a), default: []].append(pair)
                conflicts[groups.find(pair.b), default: []].append(pair)
            }
        }

        var clusters: [Cluster] = []
        for root in 0..<records.count where groups.find(root) == root {
            var members = groups.members(root)
            members.sort {
                (records[$0].source.rawValue, records[$0].key) < (records[$1].source.rawValue, records[$1].key)
            }
            let joined = links[root] ?? []
            let refused = conflicts[root] ?? []
            // Links strong enough on their weight, but held together only by values other
            // clients hold too (a namesake of a family sharing its e-mail address).
            var weakPairs: [WeakPair] = []
            var weakest = joined.map(\.weight).min()
            for link in joined {
                if let why = forReview[Candidates.pair(link.a, link.b)] {
                    weakPairs.append(WeakPair(pair: link, why: why))
                    weakest = min(weakest ?? 0, 0)
                } else if link.weight >= thresholds.auto && Scorer.canMergeAutomatically(link.vector) {
                    let own = scorer.ownEvidence(link, members: members)
                    if !own.hasOwnPiece {
                        weakPairs.append(WeakPair(pair: link, why: .onlySharedValues(own.shared)))
                        weakest = min(weakest ?? own.weight, own.weight)
                    }
                }
            }
            for pair in refused {
                if let why = weakRefusals[Candidates.pair(pair.a, pair.b)] {
                    weakPairs.append(WeakPair(pair: pair, why: why))
                }
            }
            let canonicalIds = (committed[root] ?? []).sorted()
            let status: ClusterStatus =
                refused.isEmpty && weakPairs.isEmpty && (weakest ?? .infinity) >= thresholds.auto
                    && joined.allSatisfy({ Scorer.canMergeAutomatically($0.vector) }) ? .auto : .review
            let confidence: Double
            if let weakest {
                confidence = MatchModel.probability(weakest)
            } else if !canonicalIds.isEmpty {
                confidence = 1  // as a person confirmed it
            } else {
                let strongest = members.map { refusedWeight[$0] }.max() ?? -.infinity
                confidence = strongest == -.infinity ? 1 : 1 - MatchModel.probability(strongest)
            }
            clusters.append(
                Cluster(
                    members: members, status: status, confidence: confidence,
                    links: joined.sorted { ($0.weight, $1.a, $1.b) > ($1.weight, $0.a, $0.b) }, conflicts: refused,
                    canonicalIds: canonicalIds, weakPairs: weakPairs))
        }
        return clusters
    }
}

/// Disjoint sets with their members, by union by size.
///
/// - Complexity: near O(1) per operation (path halving); `members` is O(size).
struct UnionFind {
    private var parent: [Int]
    private var memberLists: [Int: [Int]] = [:]

    init(count: Int) { parent = Array(0..<count) }

    mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    func members(_ root: Int) -> [Int] { memberLists[root] ?? [root] }

    /// Joins two roots; returns the new root.
    mutating func union(_ a: Int, _ b: Int) -> Int {
        let left = members(a)
        let right = members(b)
        let (root, child) = left.count >= right.count ? (a, b) : (b, a)
        parent[child] = root
        memberLists[root] = left + right
        memberLists[child] = nil
        return root
    }
}
