/// plan.json as the ``JSONWriter`` writes it: the same keys `Codable` reads, in ascending order.
/// One cluster per line, so that two plans compare line by line.
extension PlanDocument: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object(lineBreaks: true) { json in
            json.field("clusters", clusters, lineBreaks: true)
            json.field("engineVersion", engineVersion)
            json.field("formatVersion", formatVersion)
            json.field("inputs", inputs, lineBreaks: true)
            json.field("model", model)
            json.field("planId", planId)
            json.field("policy", policy)
            json.field("preferences", preferences)
            json.field("quarantine", quarantine, lineBreaks: true)
            if let sinceLastCommit { json.field("sinceLastCommit", sinceLastCommit) }
            if let store { json.field("store", store) }
            json.field("summary", summary)
        }
    }
}

extension StoreState: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("generation", generation)
            json.field("id", id)
        }
    }
}

extension PlanInput: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            if let fromPlan { json.field("fromPlan", fromPlan) }
            json.field("kind", kind)
            json.field("path", path)
            json.field("quarantined", quarantined)
            json.field("records", records)
            json.field("sha256", sha256)
        }
    }
}

extension PlanSummary: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("archives", archives)
            json.field("auto", auto)
            json.field("autoMerges", autoMerges)
            json.field("clusters", clusters)
            json.field("conflicts", conflicts)
            json.field("merges", merges)
            json.field("oneSided", oneSided)
            json.field("pairsCompared", pairsCompared)
            json.field("quarantined", quarantined)
            json.field("records", records)
            json.field("review", review)
            json.field("singles", singles)
        }
    }
}

extension PlanModel: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("autoThreshold", autoThreshold)
            json.field("comparisons", comparisons)
            json.field("iterations", iterations)
            json.field("prior", prior)
            json.field("priorWeight", priorWeight)
            json.field("reviewThreshold", reviewThreshold)
            json.field("sampledPairs", sampledPairs)
            json.field("weightHistogram", weightHistogram)
        }
    }
}

extension WeightHistogram: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("counts", counts)
            json.field("lowest", lowest)
            json.field("width", width)
        }
    }
}

extension Int: JSONWritable {
    public func write(to json: inout JSONWriter) { json.number(self) }
}

extension PlanComparison: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("levels", levels)
            json.field("name", name)
        }
    }
}

extension PlanLevel: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("label", label)
            json.field("m", m)
            json.field("name", name)
            json.field("u", u)
            json.field("weight", weight)
        }
    }
}

extension PlanCluster: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("action", action)
            if let canonicalIds { json.field("canonicalIds", canonicalIds) }
            if let changes { json.field("changes", changes) }
            json.field("confidence", confidence)
            json.field("conflicts", conflicts)
            json.field("id", id)
            json.field("links", links)
            json.field("members", members)
            json.field("reasons", reasons)
            json.field("record", record)
            json.field("status", status)
        }
    }
}

extension RecordReference: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("key", key)
            json.field("source", source)
        }
    }
}

extension PlanLink: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("members", members)
            json.field("probability", probability)
            json.field("weight", weight)
        }
    }
}

extension PlanQuarantine: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("column", column)
            json.field("file", file)
            json.field("line", line)
            json.field("reason", reason)
        }
    }
}

extension CanonicalRecord: JSONWritable {
    /// What stands under each key of `record`.
    enum Entry {
        case field(Field)
        case addresses, archived, contacts, customFields, emails, groups, notes, phones, relationships
    }

    /// Every key of `record`, sorted: the single fields' keys among the lists'.
    static let sortedKeys: [(key: String, entry: Entry)] =
        (singleFields.map { ($0.key, Entry.field($0)) } + [
            ("addresses", .addresses), ("archived", .archived), ("contacts", .contacts),
            ("customFields", .customFields), ("emails", .emails), ("groups", .groups), ("notes", .notes),
            ("phones", .phones), ("relationships", .relationships),
        ]).sorted { $0.0 < $1.0 }

    public func write(to json: inout JSONWriter) {
        json.object { json in
            for (key, entry) in Self.sortedKeys {
                switch entry {
                case .field(let field):
                    if let value = fields[field] {
                        json.key(named: key)
                        value.write(to: &json)
                    }
                case .addresses: json.field("addresses", addresses)
                case .archived: json.field("archived", archived)
                case .contacts: json.field("contacts", contacts)
                case .customFields: json.field("customFields", customFields)
                case .emails: json.field("emails", emails)
                case .groups: json.field("groups", groups)
                case .notes: json.field("notes", notes)
                case .phones: json.field("phones", phones)
                case .relationships: json.field("relationships", relationships)
                }
            }
        }
    }
}

extension CanonicalValue: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("from", from)
            json.field("kind", kind)
            json.field("primary", primary)
            json.field("rule", rule)
            json.field("value", value)
        }
    }
}

extension CanonicalAddress: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("city", city)
            json.field("country", country)
            json.field("from", from)
            json.field("kind", kind)
            json.field("lines", lines)
            json.field("postcode", postcode)
            json.field("primary", primary)
            json.field("region", region)
        }
    }
}

extension CanonicalContact: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("addressee", addressee)
            json.field("customFields", customFields)
            json.field("email", email)
            json.field("from", from)
            json.field("isPrimary", isPrimary)
            json.field("mobile", mobile)
            json.field("name", name)
            json.field("phone", phone)
            json.field("position", position)
            json.field("salutation", salutation)
        }
    }
}

extension CanonicalGroup: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("from", from)
            json.field("id", id)
            json.field("name", name)
        }
    }
}

extension CarriedItem: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("from", from)
            json.field("values", values)
        }
    }
}

extension NamedValue: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("name", name)
            json.field("value", value)
        }
    }
}

extension FieldConflict: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("field", field)
            json.field("resolution", resolution)
            json.field("values", values)
        }
    }
}

extension ConflictValue: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("from", from)
            json.field("value", value)
        }
    }
}

/// String-valued enums write their raw value.
protocol JSONRawString: JSONWritable, RawRepresentable where RawValue == String {}

extension JSONRawString {
    public func write(to json: inout JSONWriter) { json.string(rawValue) }
}

extension SourceSystem: JSONRawString {}
extension ClusterStatus: JSONRawString {}
extension ClusterAction: JSONRawString {}
extension SurvivorshipRule: JSONRawString {}

extension ClusterChanges: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("changedRecords", changedRecords)
            if let client { json.field("client", client) }
            json.field("fields", fields)
            json.field("joined", joined)
            json.field("missingRecords", missingRecords)
            json.field("newRecords", newRecords)
            json.field("reopened", reopened)
        }
    }
}

extension ChangedRecord: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("fields", fields)
            json.field("record", record)
        }
    }
}

extension FieldChange: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("field", field)
            json.field("new", new)
            json.field("old", old)
        }
    }
}

extension PlanChanges: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("changedRecords", changedRecords)
            json.field("clustersChanged", clustersChanged)
            if let commit { json.field("commit", Int(commit)) }
            if let committedAt { json.field("committedAt", committedAt) }
            json.field("joined", joined)
            json.field("missingClients", missingClients)
            json.field("missingRecords", missingRecords)
            json.field("newRecords", newRecords)
            json.field("recordsChanged", recordsChanged)
            json.field("reopened", reopened)
        }
    }
}

extension PlanChanges.MissingClient: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("id", id)
            json.field("members", members)
            json.field("name", name)
        }
    }
}
