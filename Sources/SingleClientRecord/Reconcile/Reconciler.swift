import Foundation

/// One cluster reconciled: what committing it does, the proposed canonical client, and the fields
/// whose members disagree.
public struct Reconciliation: Sendable, Equatable {
    public var action: ClusterAction
    public var record: CanonicalRecord
    public var conflicts: [FieldConflict]
}

/// Reconciles a cluster's records into one canonical record, field by field, keeping where every
/// value came from.
///
/// - A non-empty value beats an empty one; a valid identifier beats an invalid or masked one;
///   otherwise the preferred source wins (``SourcePreferences``), and within a source an active
///   record before an archived one, then the record with more fields filled.
/// - E-mails, phones and addresses keep every distinct value; the first (preferred) is primary.
/// - Contacts (one per e-mail or name), groups, custom fields, notes and relationships are carried
///   over from every member, never dropped.
/// - The canonical client is archived only when every member is, or when the policy proposes the
///   cluster for archive (``ReconcilePolicy/canonicalSide``).
///
///     let reconciler = Reconciler(policy: .combine, preferences: SourcePreferences(policy: .combine))
///     let result = reconciler.reconcile([0, 5], records: records, normalised: normalised)
///     result.record.fields[.name]?.from  // hq:… or xpm:…
///
/// - Complexity: O(m · f) for m members and f field values.
struct Reconciler: Sendable {
    public var policy: ReconcilePolicy
    public var preferences: SourcePreferences
    /// The country phones without a prefix are read in (the practice's).
    var defaultCountry: Country?

    public init(policy: ReconcilePolicy, preferences: SourcePreferences, defaultCountry: Country? = nil) {
        self.policy = policy
        self.preferences = preferences
        self.defaultCountry = defaultCountry
    }

    /// A member's record with its values decoded once; a class, so that orderings share it.
    final class Member {
        var reference: RecordReference
        var record: SourceRecord
        var normalised: NormalisedRecord
        var values: [String?]
        var archived: Bool
        /// Fields holding a value: a fuller record wins ties within a source.
        let filled: Int

        init(
            reference: RecordReference, record: SourceRecord, normalised: NormalisedRecord, values: [String?],
            archived: Bool
        ) {
            self.reference = reference
            self.record = record
            self.normalised = normalised
            self.values = values
            self.archived = archived
            filled = values.count { $0 != nil }
        }

        subscript(field: Field) -> String? { values[Int(field.rawValue)] }
    }

    public func reconcile(_ indices: [Int], records: [SourceRecord], normalised: [NormalisedRecord]) -> Reconciliation {
        let members = indices.map { index in
            let values = records[index].fields.byField.map { raw -> String? in
                guard let trimmed = raw?.trimmingWhitespace, !trimmed.isEmpty else { return nil }
                return trimmed
            }
            return Member(
                reference: RecordReference(records[index]), record: records[index], normalised: normalised[index],
                values: values, archived: normalised[index].archived == true)
        }
        var work = Work(members: members, preferences: preferences, defaultCountry: defaultCountry)
        for field in CanonicalRecord.singleFields { work.single(field) }
        work.emails()
        work.phones()
        work.addresses()
        work.carryOver()

        let action = policy.action(members.map(\.record.source))
        work.record.archived = action == .archive || members.allSatisfy(\.archived)
        return Reconciliation(action: action, record: work.record, conflicts: work.conflicts)
    }

    /// The record and conflicts being built for one cluster.
    struct Work {
        let members: [Member]
        let preferences: SourcePreferences
        let defaultCountry: Country?
        var record = CanonicalRecord()
        var conflicts: [FieldConflict] = []
        /// The folded names of ``record``'s groups, in order.
        var groupKeys: [String] = []
        /// The members with each source first: active before archived, more fields first.
        let preferringHQ: [Member]
        let preferringXPM: [Member]
        /// The keys contacts are folded by, beside ``record``'s contacts: the e-mail lower-cased,
        /// the name folded.
        var contactKeys: [(email: String?, name: String?)] = []

        init(members: [Member], preferences: SourcePreferences, defaultCountry: Country?) {
            self.members = members
            self.preferences = preferences
            self.defaultCountry = defaultCountry
            func order(_ first: SourceSystem) -> [Member] {
                guard members.count > 1 else { return members }
                return members.indices.sorted { a, b in
                    let (x, y) = (members[a], members[b])
                    let left = (x.record.source == first ? 0 : 1, x.archived ? 1 : 0, -x.filled, a)
                    let right = (y.record.source == first ? 0 : 1, y.archived ? 1 : 0, -y.filled, b)
                    return left < right
                }.map { members[$0] }
            }
            preferringHQ = order(.hq)
            preferringXPM = order(.xpm)
        }

        /// The members in the order they win `field`.
        func ordered(_ field: Field) -> [Member] {
            preferences[field] == .hq ? preferringHQ : preferringXPM
        }

        var isSingle: Bool { members.count == 1 }

        // MARK: Single fields

        mutating func single(_ field: Field) {
            let order = ordered(field)
            guard let start = order.firstIndex(where: { $0[field] != nil }) else { return }
            let first = order[start]
            let value = first[field]!
            // One holder, or byte-equal values (which need no comparison): the preferred member's value.
            var others = 0
            var equal = true
            for member in order[(start + 1)...] {
                guard let other = member[field] else { continue }
                others += 1
                if other != value { equal = false }
            }
            if others == 0 {
                record.fields[field] = CanonicalValue(
                    value: value, from: first.reference, rule: isSingle ? .singleRecord : .onlyValue)
                return
            }
            if equal {
                record.fields[field] = CanonicalValue(value: value, from: first.reference, rule: .agreed)
                return
            }
            let holders = order[start...].filter { $0[field] != nil }
            var candidates = holders
            var rule = SurvivorshipRule.agreed
            if let valid = validIdentifiers(field, holders), valid.count < holders.count, !valid.isEmpty {
                candidates = valid
                rule = .validIdentifier
            }
            var keys = holders.map { comparisonKey(field, $0) }
            // A masked tax number agrees with a full one that ends in its digits.
            for index in holders.indices
            where holders[index].normalised.taxNumber?.isMasked == true && field == .taxNumber {
                if let full = keys.first(where: { $0.count > keys[index].count && $0.hasSuffix(keys[index]) }) {
                    keys[index] = full
                }
            }
            let candidateKeys = Set(
                candidates.map { member in keys[holders.firstIndex { $0.reference == member.reference }!] })
            if candidateKeys.count > 1 { rule = .preferredSource }
            let winner = candidates[0]
            record.fields[field] = CanonicalValue(value: winner[field]!, from: winner.reference, rule: rule)
            if Set(keys).count > 1 {
                conflict(
                    field.key, holders.indices.map { (holders[$0][field]!, holders[$0].reference, keys[$0]) }, rule)
            }
        }

        /// The holders whose identifier is valid, for identifier fields; nil for other fields.
        func validIdentifiers(_ field: Field, _ holders: [Member]) -> [Member]? {
            switch field {
            case .taxNumber: holders.filter { $0.normalised.taxNumber.map { $0.isValid && !$0.isMasked } == true }
            case .businessNumber: holders.filter { $0.normalised.businessNumber?.isValid == true }
            case .companyNumber: holders.filter { $0.normalised.companyNumber?.isValid == true }
            default: nil
            }
        }

        /// The form two values of a field are compared in: spelling, case, spacing and legal
        /// suffixes set aside, identifiers by their digits.
        func comparisonKey(_ field: Field, _ member: Member) -> String {
            let raw = member[field] ?? ""
            switch field {
            case .name:
                let names = [member.normalised.name, member.normalised.otherName].compactMap { $0 }
                return names.map { $0.tokens.sorted().joined(separator: " ") }.joined(separator: " / ")
            case .businessStructure: return BusinessStructure(raw).map { "\($0)" } ?? Fold.key(raw)
            case .taxNumber: return member.normalised.taxNumber?.value ?? Fold.key(raw)
            case .businessNumber: return member.normalised.businessNumber?.value ?? Fold.key(raw)
            case .companyNumber: return member.normalised.companyNumber?.value ?? Fold.key(raw)
            case .dateOfBirth: return member.normalised.dateOfBirth?.description ?? raw
            case .website: return member.normalised.website ?? Fold.key(raw)
            case .xeroOrganisationID: return raw.lowercased()
            default: return Fold.key(raw)
            }
        }

        /// Lists the distinct values (by key) when they come from two members or more.
        mutating func conflict(
            _ field: String, _ values: [(value: String, from: RecordReference, key: String)],
            _ resolution: SurvivorshipRule
        ) {
            // Most fields agree, or come from one member: no sets needed to see that.
            guard values.count > 1, values.contains(where: { $0.key != values[0].key }),
                values.contains(where: { $0.from != values[0].from })
            else { return }
            var seen = SmallIndex<String>()
            var distinct: [ConflictValue] = []
            var sources = SmallIndex<RecordReference>()
            for entry in values where seen.insert(entry.key).inserted {
                distinct.append(ConflictValue(value: entry.value, from: entry.from))
                sources.insert(entry.from)
            }
            guard distinct.count > 1, sources.count > 1 else { return }
            conflicts.append(FieldConflict(field: field, values: distinct, resolution: resolution))
        }

        // MARK: Multi-valued details

        mutating func emails() {
            var seen = SmallIndex<String>()
            var found: [(value: String, from: RecordReference, key: String)] = []
            for member in ordered(.email) {
                guard let raw = member[.email] else { continue }
                let parsed = member.normalised.emails.map(\.address)
                for address in parsed.isEmpty ? [raw] : parsed {
                    let key = address.lowercased()
                    if !isSingle { found.append((address, member.reference, key)) }
                    guard seen.insert(key).inserted else { continue }
                    record.emails.append(
                        CanonicalValue(
                            value: address, from: member.reference, rule: isSingle ? .singleRecord : .everyValue,
                            primary: record.emails.isEmpty))
                }
            }
            conflict(Field.email.key, found, .everyValue)
        }

        mutating func phones() {
            var seen = SmallIndex<String>()
            let fields = [Field.phone, .mobile, .fax]
            var found: [[(value: String, from: RecordReference, key: String)]] = [[], [], []]
            for member in ordered(.phone) {
                let country = member.normalised.country ?? defaultCountry
                for (position, field) in fields.enumerated() {
                    guard let raw = member[field] else { continue }
                    let keys = NormalisedPhone.all(in: raw, country: country).map(\.key)
                    let phoneKeys = keys.isEmpty ? ["raw " + Fold.key(raw)] : keys
                    if !isSingle {
                        found[position].append((raw, member.reference, phoneKeys.joined(separator: " ")))
                    }
                    guard !phoneKeys.contains(where: { seen.contains($0) }) else { continue }
                    for key in phoneKeys { seen.insert(key) }
                    record.phones.append(
                        CanonicalValue(
                            value: raw, from: member.reference, rule: isSingle ? .singleRecord : .everyValue,
                            primary: record.phones.isEmpty, kind: field.key))
                }
            }
            for (position, field) in fields.enumerated() { conflict(field.key, found[position], .everyValue) }
        }

        mutating func addresses() {
            let kinds: [(kind: String, parts: [Field])] = [
                ("street", [.address, .city, .region, .postcode, .country]),
                ("postal", [.postalAddress, .postalCity, .postalRegion, .postalPostcode, .postalCountry]),
            ]
            for (kind, parts) in kinds {
                var seen = SmallIndex<String>()
                var found: [(address: CanonicalAddress, key: String)] = []
                for member in ordered(.address) {
                    let values = parts.map { member[$0] }
                    guard values.contains(where: { $0 != nil }) else { continue }
                    let address = CanonicalAddress(
                        kind: kind, lines: values[0], city: values[1], region: values[2], postcode: values[3],
                        country: values[4], from: member.reference, primary: false)
                    // A record alone has one address of each kind: nothing to tell apart.
                    let key =
                        isSingle
                        ? ""
                        : Self.addressKey(
                            kind == "street" ? member.normalised.address : member.normalised.postalAddress, values)
                    if !isSingle { found.append((address, key)) }
                    guard seen.insert(key).inserted else { continue }
                    var kept = address
                    kept.primary = !record.addresses.contains { $0.primary }
                    record.addresses.append(kept)
                }
                // Addresses are put in words only when they differ.
                guard found.contains(where: { $0.key != found[0].key }) else { continue }
                conflict(
                    kind == "street" ? Field.address.key : Field.postalAddress.key,
                    found.map { ($0.address.display, $0.address.from, $0.key) }, .everyValue)
            }
        }

        /// Street (or PO box), city and postcode as compared: `4/88 parramatta rd|parramatta|2150`.
        static func addressKey(_ normalised: NormalisedAddress?, _ values: [String?]) -> String {
            guard let address = normalised else { return values.map { Fold.key($0 ?? "") }.joined(separator: "|") }
            return [address.poBox ?? address.street, address.city ?? "", address.postcode ?? ""]
                .joined(separator: "|")
        }

        // MARK: Carried over

        mutating func carryOver() {
            let order = ordered(.name)
            for member in order {
                for contact in member.record.contacts where !contact.isEmpty { add(contact, from: member.reference) }
                for group in member.record.groups { add(group, from: member.reference) }
                for item in member.record.notes
                where !record.notes.contains(where: { $0.values == item.values }) {
                    record.notes.append(CarriedItem(values: item.values, from: member.reference))
                }
                for item in member.record.relationships
                where !record.relationships.contains(where: { $0.values == item.values }) {
                    record.relationships.append(CarriedItem(values: item.values, from: member.reference))
                }
            }
            // Custom fields: every distinct (name, value), grouped by the member that first holds it;
            // one name with different values is a conflict.
            var names = SmallIndex<String>()
            var byName: [[(value: String, from: RecordReference, key: String)]] = []
            var carried = SmallIndex<NamedValue>()
            for member in order {
                var values: [NamedValue] = []
                for custom in member.record.customFields {
                    let value = custom.value.trimmingWhitespace
                    guard !value.isEmpty else { continue }
                    let name = custom.name
                    if !isSingle {
                        let (new, position) = names.insert(name)
                        if new { byName.append([]) }
                        byName[position].append((value, member.reference, value))
                    }
                    if carried.insert(NamedValue(name, value)).inserted { values.append(NamedValue(name, value)) }
                }
                if !values.isEmpty { record.customFields.append(CarriedItem(values: values, from: member.reference)) }
            }
            for (name, values) in zip(names.keys, byName) { conflict(name, values, .everyValue) }
        }

        /// Adds a contact, or folds it into one with the same e-mail or name.
        mutating func add(_ contact: Contact, from member: RecordReference) {
            let email = contact.email.map { $0.trimmingWhitespace.lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
            let name = contact.name.map(Fold.key).flatMap { $0.isEmpty ? nil : $0 }
            let same = contactKeys.firstIndex { existing in
                (email != nil && existing.email == email) || (name != nil && existing.name == name)
            }
            func clean(_ value: String?) -> String? {
                value.map(\.trimmingWhitespace).flatMap { $0.isEmpty ? nil : $0 }
            }
            guard let index = same else {
                record.contacts.append(
                    CanonicalContact(
                        name: clean(contact.name), email: clean(contact.email), phone: clean(contact.phone),
                        mobile: clean(contact.mobile), position: clean(contact.position),
                        salutation: clean(contact.salutation), addressee: clean(contact.addressee),
                        isPrimary: contact.isPrimaryFlag, customFields: contact.customFields, from: [member]))
                // The keys of the contact as kept: its e-mail trimmed is the one looked up, and
                // folding a name sets spaces aside.
                contactKeys.append((email, name))
                return
            }
            var merged = record.contacts[index]
            merged.name = merged.name ?? clean(contact.name)
            merged.email = merged.email ?? clean(contact.email)
            merged.phone = merged.phone ?? clean(contact.phone)
            merged.mobile = merged.mobile ?? clean(contact.mobile)
            merged.position = merged.position ?? clean(contact.position)
            merged.salutation = merged.salutation ?? clean(contact.salutation)
            merged.addressee = merged.addressee ?? clean(contact.addressee)
            merged.isPrimary = merged.isPrimary ?? contact.isPrimaryFlag
            for custom in contact.customFields where !merged.customFields.contains(custom) {
                merged.customFields.append(custom)
            }
            if !merged.from.contains(member) { merged.from.append(member) }
            record.contacts[index] = merged
            contactKeys[index] = Self.keys(of: merged)
        }

        /// What a contact is folded by: its e-mail lower-cased, its name folded.
        static func keys(of contact: CanonicalContact) -> (email: String?, name: String?) {
            (contact.email?.lowercased(), contact.name.map(Fold.key))
        }

        mutating func add(_ group: ClientGroup, from member: RecordReference) {
            let key = Fold.key(group.name)
            guard !key.isEmpty else { return }
            if let index = groupKeys.firstIndex(of: key) {
                if record.groups[index].id == nil { record.groups[index].id = group.id }
                if !record.groups[index].from.contains(member) { record.groups[index].from.append(member) }
            } else {
                record.groups.append(CanonicalGroup(id: group.id, name: group.name, from: [member]))
                groupKeys.append(key)
            }
        }
    }
}
