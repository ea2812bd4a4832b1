import Foundation

/// `report.html`: the decision report a Master Admin reads, as one self-contained page (no
/// network, no external assets; a Content-Security-Policy forbids both).
///
/// The summary, the inputs and the charts (inline SVG: the match-weight histogram with the
/// thresholds, the decisions by kind) are written as HTML. The clusters travel as JSON in a
/// `<script type="application/json">` element and a small script renders them a page at a time,
/// with filters (auto, review, one side only, archive, changed) and a search, so the page stays usable at
/// 100,000 clusters. Every value from an input is escaped: in HTML by ``escape(_:)``, in the JSON
/// by the ``JSONWriter``'s HTML-safe mode, and the script only ever sets `textContent`. The page
/// is written as the clusters are reconciled, so the one count known only after them (clusters
/// with differing fields) travels with the data and the script shows it.
///
/// `#filter=review&page=2&q=acme` in the address opens the page filtered.
///
/// - Complexity: O(n) in the plan's size.
enum ReportPage {
    /// The columns members are shown in, side by side.
    static let columns = [
        "Name", "First name", "Last name", "Business structure", "E-mail", "Phone", "Mobile", "Street address",
        "Postal address", "Tax number", "Business number", "Company number", "Date of birth", "Website",
        "Xero organisation", "Archived", "Contacts", "Groups",
    ]

    /// The page up to its clusters' data: the summary, the charts and the inputs as HTML, then
    /// the opening of the data. `plan` need not hold its clusters; the number of clusters with
    /// differing fields is not known before they are reconciled, so the script shows it from the
    /// data's `conflicts`.
    static func opening(_ plan: PlanDocument, decisions: DecisionCounts) -> [UInt8] {
        Array(header(plan, decisions: decisions).utf8) + Array("{\"clusters\":[".utf8)
    }

    /// The plan's `index`th cluster as the script reads it (see ``ClusterData``); `sources` are
    /// its members' records, in order.
    static func write(_ cluster: PlanCluster, index: Int, sources: [SourceRecord], to json: inout JSONWriter) {
        json.nextLine(first: index == 0)
        json.value(ClusterData(cluster: cluster, sources: sources))
    }

    /// What follows `clusterCount` clusters' data: the change report's counts (a plan made
    /// against a store), the columns, the count of clusters with differing fields, and the script.
    static func closing(clusterCount: Int, conflicts: Int, changes: PlanChanges? = nil) -> [UInt8] {
        var rest = JSONWriter(htmlSafe: true)
        rest.object { json in
            if let changes {
                json.key("changes")
                json.object { json in
                    json.field("changed-records", changes.changedRecords)
                    json.field("clusters-changed", changes.clustersChanged)
                    json.field("joined", changes.joined)
                    json.field("missing-records", changes.missingRecords)
                    json.field("new-records", changes.newRecords)
                    json.field("records-changed", changes.recordsChanged)
                    json.field("reopened", changes.reopened)
                }
            }
            json.field("columns", columns)
            json.field("conflicts", conflicts)
        }
        rest.replace(at: 0, with: UInt8(ascii: ","))  // the object's other keys, after the clusters
        return (clusterCount == 0 ? [] : [0x0A]) + Array("]".utf8) + rest.bytes
            + Array("</script>\n<script>\n\(script)</script>\n</body>\n</html>\n".utf8)
    }

    /// Clusters by what the decisions chart shows them as (disjoint kinds).
    struct DecisionCounts: Sendable, Equatable {
        var merges = 0
        var keeps = 0
        var archives = 0
        var reviews = 0

        init() {}

        /// The matched clusters' counts, each cluster's action as `policy` proposes it.
        init(_ match: MatchResult, policy: ReconcilePolicy) {
            for cluster in match.clusters {
                add(status: cluster.status, action: policy.action(cluster.members.map { match.records[$0].source }))
            }
        }

        mutating func add(status: ClusterStatus, action: ClusterAction) {
            switch (status, action) {
            case (.review, _): reviews += 1
            case (_, .merge): merges += 1
            case (_, .keep): keeps += 1
            case (_, .archive): archives += 1
            }
        }
    }

    /// Escapes the five characters that mean something in HTML.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { [0x26, 0x3C, 0x3E, 0x22, 0x27].contains($0) }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    // MARK: The static part

    static func header(_ plan: PlanDocument, decisions: DecisionCounts) -> String {
        let s = plan.summary
        func count(_ id: String, _ value: Int, _ label: String) -> String {
            "<div class=\"count\"><span class=\"number\" id=\"count-\(id)\">\(value)</span><span class=\"label\">\(label)</span></div>"
        }
        var inputs = ""
        for input in plan.inputs {
            inputs +=
                "<tr><td>\(escape(input.path))</td><td>\(escape(input.kind))</td><td class=\"n\">\(input.records)</td><td class=\"n\">\(input.quarantined)</td><td><code>\(input.sha256.prefix(16))…</code></td></tr>\n"
        }
        var quarantine = ""
        for row in plan.quarantine.prefix(1000) {
            quarantine +=
                "<li><code>\(escape(row.file)):\(row.line):\(row.column)</code> \(escape(row.reason))</li>\n"
        }
        if plan.quarantine.count > 1000 {
            quarantine += "<li>… and \(plan.quarantine.count - 1000) more: see plan.json</li>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>scr decision report \(plan.planId.prefix(12))</title>
            <style>
            \(style)</style>
            </head>
            <body>
            <header>
            <h1>Decision report</h1>
            <p>A dry run: nothing has been changed. Review the clusters below, decide the ones marked <b>review</b> \
            (in <code>decisions.csv</code> or with <code>scr decide</code>), then confirm the plan with <code>scr confirm</code>.</p>
            <p class="meta">Plan <code id="plan-id">\(plan.planId)</code> · policy <b id="policy">\(escape(plan.policy))</b> · \
            scr \(escape(plan.engineVersion)) · plan format \(plan.formatVersion)</p>
            </header>
            <section id="summary">
            <h2>Summary</h2>
            <div class="counts">
            \(count("records", s.records, "records read"))
            \(count("clusters", s.clusters, "clients proposed"))
            \(count("auto-merges", s.autoMerges, "automatic merges"))
            \(count("review", s.review, "for review"))
            \(count("one-sided", s.oneSided, "on one side only"))
            \(count("archives", s.archives, "proposed for archive"))
            <div class="count"><span class="number" id="count-conflicts"></span><span class="label">with differing fields</span></div>
            \(count("quarantined", s.quarantined, "rows quarantined"))
            </div>
            <p class="meta">\(s.pairsCompared) pairs compared; merges need \(format(plan.model.autoThreshold)) bits \
            to be automatic, \(format(plan.model.reviewThreshold)) bits to be proposed at all.</p>
            </section>
            \(changesSection(plan))<section id="charts">
            <h2>Charts</h2>
            <div class="charts">
            <figure>\(histogramSVG(plan))<figcaption>Match weights of every pair compared (log scale). \
            Pairs right of the <b>auto</b> line merge without review; pairs between the lines go to review.</figcaption></figure>
            <figure>\(decisionsSVG(decisions))<figcaption>Decisions by kind.</figcaption></figure>
            </div>
            </section>
            <section id="inputs">
            <h2>Inputs</h2>
            <table class="inputs"><thead><tr><th>File</th><th>Kind</th><th>Records</th><th>Quarantined</th><th>SHA-256</th></tr></thead>
            <tbody>
            \(inputs)</tbody></table>
            \(quarantine.isEmpty ? "" : "<h3>Quarantined rows</h3><ul class=\"quarantine\">\n\(quarantine)</ul>")
            </section>
            <section id="clusters">
            <h2>Clusters</h2>
            <div class="controls">
            <div class="filters" role="group" aria-label="Filter">
            <button data-filter="all">All <span>\(s.clusters)</span></button>
            <button data-filter="auto">Auto <span>\(s.auto)</span></button>
            <button data-filter="review">Review <span>\(s.review)</span></button>
            <button data-filter="one-sided">One side only <span>\(s.oneSided)</span></button>
            <button data-filter="archive">Archive <span>\(s.archives)</span></button>
            \(plan.sinceLastCommit == nil ? "" : "<button data-filter=\"changed\">Changed <span id=\"count-clusters-changed\"></span></button>\n")</div>
            <input id="search" type="search" placeholder="Find a name, key or value" aria-label="Search">
            </div>
            <nav class="pager"><button id="prev">‹ Previous</button> <span id="showing"></span> <button id="next">Next ›</button></nav>
            <div id="cluster-list" data-total="0"></div>
            <nav class="pager"><button id="prev2">‹ Previous</button> <button id="next2">Next ›</button></nav>
            <noscript><p>The clusters are listed by a script; plan.json and decisions.csv hold the same clusters.</p></noscript>
            </section>
            <script type="application/json" id="plan-data">
            """
    }

    /// The change report's section, for a plan made against a store with a commit in force: its
    /// counts (known only once the clusters are reconciled: the script fills them from the data)
    /// and the committed clients none of whose records the exports hold.
    static func changesSection(_ plan: PlanDocument) -> String {
        guard let changes = plan.sinceLastCommit else { return "" }
        func count(_ id: String, _ label: String) -> String {
            "<div class=\"count\"><span class=\"number\" id=\"count-\(id)\"></span><span class=\"label\">\(label)</span></div>"
        }
        let since =
            changes.commit.map {
                "commit \($0)" + (changes.committedAt.map { " (\(escape(String($0.prefix(10)))))" } ?? "")
            }
            ?? "the store was made"
        var missing = ""
        if !changes.missingClients.isEmpty {
            missing =
                "<h3>Committed clients with no record in these exports</h3>\n<p>The commit keeps them as they are.</p>\n<ul class=\"missing\">\n"
            for client in changes.missingClients.prefix(1000) {
                missing +=
                    "<li><code>\(escape(client.id))</code> \(escape(client.name ?? "(no name)")): \(escape(client.members.joined(separator: ", ")))</li>\n"
            }
            if changes.missingClients.count > 1000 {
                missing += "<li>… and \(changes.missingClients.count - 1000) more: see plan.json</li>\n"
            }
            missing += "</ul>\n"
        }
        return """
            <section id="changes">
            <h2>Changes since \(since)</h2>
            <div class="counts">
            \(count("new-records", "new records in new clients"))
            \(count("joined", "new records joining committed clients"))
            \(count("missing-records", "records missing from the exports"))
            \(count("changed-records", "records with changed fields"))
            \(count("reopened", "clusters re-opened for review"))
            \(count("records-changed", "canonical records that would change"))
            </div>
            <p class="meta">The <b>Changed</b> filter below lists the clusters with a change, each with its lines.</p>
            \(missing)</section>

            """
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// The weight histogram, bars coloured by what their weight leads to, thresholds marked.
    static func histogramSVG(_ plan: PlanDocument) -> String {
        let histogram = plan.model.weightHistogram
        let (width, height, left, bottom, top) = (640.0, 240.0, 44.0, 28.0, 24.0)
        let plotWidth = width - left - 12
        let plotHeight = height - bottom - top
        let binWidth = plotWidth / Double(histogram.counts.count)
        let highest = log10(Double((histogram.counts.max() ?? 0) + 1))
        let span = histogram.width * Double(histogram.counts.count)
        func x(_ weight: Double) -> Double { left + (weight - histogram.lowest) / span * plotWidth }
        var svg =
            "<svg id=\"weight-histogram\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Histogram of match weights\">"
        for (bin, count) in histogram.counts.enumerated() where count > 0 {
            let lower = histogram.lowest + Double(bin) * histogram.width
            let barHeight = highest > 0 ? log10(Double(count) + 1) / highest * plotHeight : 0
            let kind =
                lower >= plan.model.autoThreshold ? "auto" : lower >= plan.model.reviewThreshold ? "review" : "apart"
            svg += String(
                format:
                    "<rect class=\"bar %@\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%@ to %@ bits: %d pairs</title></rect>",
                kind, left + Double(bin) * binWidth + 0.5, top + plotHeight - barHeight, binWidth - 1, barHeight,
                format(lower), format(lower + histogram.width), count)
        }
        svg +=
            "<line class=\"axis\" x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(width - 12)\" y2=\"\(top + plotHeight)\"/>"
        var tick = histogram.lowest
        while tick <= histogram.lowest + span {
            svg += String(
                format: "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%@</text>", x(tick),
                top + plotHeight + 16, format(tick))
            tick += 10
        }
        for (name, value) in [("review", plan.model.reviewThreshold), ("auto", plan.model.autoThreshold)] {
            svg += String(
                format:
                    "<line class=\"threshold %@\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/><text class=\"threshold-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%@ %@</text>",
                name, x(value), top - 4, x(value), top + plotHeight, x(value), top - 8, name, format(value))
        }
        svg +=
            "<text class=\"tick\" x=\"\(Int(left + plotWidth / 2))\" y=\"\(Int(height - 2))\" text-anchor=\"middle\">match weight (bits)</text>"
        return svg + "</svg>"
    }

    /// Disjoint kinds: automatic merges, automatic keeps, automatic archives and reviews.
    static func decisionsSVG(_ counts: DecisionCounts) -> String {
        let kinds: [(label: String, kind: String, count: Int)] = [
            ("Automatic merges", "auto", counts.merges), ("Kept as they are", "keep", counts.keeps),
            ("Proposed for archive", "archive", counts.archives), ("For review", "review", counts.reviews),
        ]
        let most = max(1, kinds.map(\.count).max() ?? 1)
        let (width, rowHeight, labelWidth) = (420.0, 34.0, 150.0)
        var svg =
            "<svg id=\"decisions-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(rowHeight * 4 + 8))\" role=\"img\" aria-label=\"Decisions by kind\">"
        for (row, entry) in kinds.enumerated() {
            let y = 4 + Double(row) * rowHeight
            let barWidth = Double(entry.count) / Double(most) * (width - labelWidth - 70)
            svg += String(
                format:
                    "<text class=\"label\" x=\"0\" y=\"%.1f\">%@</text><rect class=\"bar %@\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/><text class=\"value\" data-kind=\"%@\" x=\"%.1f\" y=\"%.1f\">%d</text>",
                y + rowHeight / 2 + 4, entry.label, entry.kind, labelWidth, y + 4, max(barWidth, 1), rowHeight - 10,
                entry.kind, labelWidth + barWidth + 6, y + rowHeight / 2 + 4, entry.count)
        }
        return svg + "</svg>"
    }

    // MARK: The clusters' data

    /// One cluster as the script reads it: `a` action, `c` confidence, `g` its changes since the
    /// last commit (plain lines; absent when none), `i` id, `k` what is carried over, `m` members
    /// ([reference, values by column]), `o` one side only, `p` proposed values by column ([value,
    /// from, rule]), `r` reasons, `s` status, `x` conflicts ([field, text]).
    struct ClusterData: JSONWritable {
        let cluster: PlanCluster
        /// The members' records, in order.
        let sources: [SourceRecord]

        func write(to json: inout JSONWriter) {
            let record = cluster.record
            json.object { json in
                json.field("a", cluster.action)
                json.field("c", cluster.confidence)
                if let changes = cluster.changes { json.field("g", ReportPage.lines(changes)) }
                json.field("i", cluster.id)
                json.field("k", carried(record))
                json.key("m")
                json.array { json in
                    for (member, source) in zip(cluster.members, sources) {
                        json.array { json in
                            ReportPage.write(member, to: &json)
                            ReportPage.writeValues(of: source, to: &json)
                        }
                    }
                }
                json.field("o", cluster.members.allSatisfy { $0.source == cluster.members[0].source })
                json.key("p")
                ReportPage.writeProposed(record, to: &json)
                json.field("r", cluster.reasons)
                json.field("s", cluster.status)
                json.key("x")
                json.array { json in
                    for conflict in cluster.conflicts {
                        json.array { json in
                            json.string(conflict.field)
                            json.string { json in
                                for (position, value) in conflict.values.enumerated() {
                                    if position > 0 { json.part(" · ") }
                                    json.part(value.value)
                                    json.part(" (")
                                    ReportPage.writeParts(of: value.from, to: &json)
                                    json.part(")")
                                }
                                json.part(" — ")
                                json.part(conflict.resolution.words)
                            }
                        }
                    }
                }
            }
        }

        func carried(_ record: CanonicalRecord) -> String {
            var parts: [String] = []
            if !record.contacts.isEmpty { parts.append("\(record.contacts.count) contact(s)") }
            if !record.groups.isEmpty { parts.append("\(record.groups.count) group(s)") }
            let custom = record.customFields.reduce(0) { $0 + $1.values.count }
            if custom > 0 { parts.append("\(custom) custom field(s)") }
            if !record.notes.isEmpty { parts.append("\(record.notes.count) note(s)") }
            if !record.relationships.isEmpty { parts.append("\(record.relationships.count) relationship(s)") }
            return parts.isEmpty ? "" : "Carried over: " + parts.joined(separator: ", ") + "."
        }
    }

    /// A cluster's changes since the last commit, one plain line each, as the report lists them.
    static func lines(_ changes: ClusterChanges) -> [String] {
        var lines: [String] = []
        if !changes.newRecords.isEmpty { lines.append("New: " + changes.newRecords.joined(separator: ", ")) }
        if !changes.joined.isEmpty {
            lines.append("New, joining a committed client: " + changes.joined.joined(separator: ", "))
        }
        if !changes.missingRecords.isEmpty {
            lines.append("Missing from the exports: " + changes.missingRecords.joined(separator: ", "))
        }
        for record in changes.changedRecords {
            lines.append("Changed since committed: \(record.record) (\(record.fields.joined(separator: ", ")))")
        }
        lines += changes.reopened.map { "Re-opened: " + $0.dropFirst("re-opened: ".count) }
        if let client = changes.client {
            lines += changes.fields.map { "\(client) would change: \($0.text)" }
        }
        return lines
    }

    /// A member's reference (`hq:C-1`), as ``RecordReference/reference`` spells it, as a JSON string.
    static func write(_ member: RecordReference, to json: inout JSONWriter) {
        json.string { json in writeParts(of: member, to: &json) }
    }

    /// A member's reference, inside a string being written in parts.
    static func writeParts(of member: RecordReference, to json: inout JSONWriter) {
        json.part(member.source.rawValue)
        json.part(":")
        json.part(member.key)
    }

    /// A member's values in ``columns`` order, as an array (null where there is none), written
    /// piece by piece: no joined strings are made.
    ///
    /// - Complexity: O(n) in the record's size.
    static func writeValues(of record: SourceRecord, to json: inout JSONWriter) {
        json.array { json in
            let v = record.fields.byField
            func field(_ f: Field) {
                if let value = v[Int(f.rawValue)] { json.string(value) } else { json.null() }
            }
            /// The fields that hold a non-empty value, joined by `, `.
            func joined(_ fields: [Field]) {
                let parts = fields.lazy.compactMap { v[Int($0.rawValue)] }.filter { !$0.isEmpty }
                if parts.isEmpty { json.null() } else { json.string(joining: parts, separator: ", ") }
            }
            field(.name)
            field(.firstName)
            field(.lastName)
            field(.businessStructure)
            field(.email)
            field(.phone)
            field(.mobile)
            joined([.address, .city, .region, .postcode, .country])
            joined([.postalAddress, .postalCity, .postalRegion, .postalPostcode, .postalCountry])
            field(.taxNumber)
            field(.businessNumber)
            field(.companyNumber)
            field(.dateOfBirth)
            field(.website)
            joined([.xeroOrganisationName, .xeroOrganisationID])
            field(.archived)
            let contacts = record.contacts.lazy.compactMap { $0.name ?? $0.email }
            if contacts.isEmpty { json.null() } else { json.string(joining: contacts, separator: "; ") }
            if record.groups.isEmpty {
                json.null()
            } else {
                json.string(joining: record.groups.lazy.map(\.name), separator: "; ")
            }
        }
    }

    /// The canonical record's values in ``columns`` order, as an array of [value, source, rule in
    /// words] (null where there is none), written piece by piece: no joined strings are made.
    ///
    /// - Complexity: O(n) in the record's size.
    static func writeProposed(_ record: CanonicalRecord, to json: inout JSONWriter) {
        json.array { json in
            /// One column: `value` writes the value, then the source (empty if none) and the rule.
            func entry(from member: RecordReference?, rule: String, _ value: (inout JSONWriter) -> Void) {
                json.array { json in
                    value(&json)
                    if let member { write(member, to: &json) } else { json.string("") }
                    json.string(rule)
                }
            }
            func single(_ field: Field) {
                guard let chosen = record.fields[field] else { return json.null() }
                entry(from: chosen.from, rule: chosen.rule.words) { $0.string(chosen.value) }
            }
            func list<C: Collection<CanonicalValue>>(_ values: C, separator: String = "; ") {
                guard let first = values.first else { return json.null() }
                entry(from: first.from, rule: first.rule.words) {
                    $0.string(joining: values.lazy.map(\.value), separator: separator)
                }
            }
            func address(_ kind: String) {
                let kept = record.addresses.lazy.filter { $0.kind == kind }
                guard let first = kept.first else { return json.null() }
                let rule = kept.dropFirst().isEmpty ? "" : "every distinct value kept, primary first"
                entry(from: first.from, rule: rule) { json in
                    // Each address as ``CanonicalAddress/display`` spells it, joined by `; `.
                    json.string { json in
                        for (position, a) in kept.enumerated() {
                            if position > 0 { json.part("; ") }
                            var firstLine = true
                            let lines = [a.lines, a.city, a.region, a.postcode, a.country]
                            for line in lines {
                                guard let line else { continue }
                                if !firstLine { json.part(", ") }
                                firstLine = false
                                json.part(line)
                            }
                        }
                    }
                }
            }
            single(.name)
            single(.firstName)
            single(.lastName)
            single(.businessStructure)
            list(record.emails)
            list(record.phones.lazy.filter { $0.kind == Field.phone.key })
            list(record.phones.lazy.filter { $0.kind != Field.phone.key })
            address("street")
            address("postal")
            single(.taxNumber)
            single(.businessNumber)
            single(.companyNumber)
            single(.dateOfBirth)
            single(.website)
            let xero = [record.fields[.xeroOrganisationName], record.fields[.xeroOrganisationID]].compactMap { $0 }
            list(xero, separator: ", ")
            entry(from: nil, rule: "archived only when every member is") { $0.string(record.archived ? "Yes" : "No") }
            let contacts = record.contacts.lazy.compactMap { $0.name ?? $0.email }
            if contacts.isEmpty {
                json.null()
            } else {
                entry(from: nil, rule: "every member's, one per e-mail or name") {
                    $0.string(joining: contacts, separator: "; ")
                }
            }
            if record.groups.isEmpty {
                json.null()
            } else {
                entry(from: nil, rule: "every member's") {
                    $0.string(joining: record.groups.lazy.map(\.name), separator: "; ")
                }
            }
        }
    }
}
