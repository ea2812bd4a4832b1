import SingleClientRecord

/// One real client of a generated practice, as it truly is, before either list writes it down
/// (with its own spelling, gaps and mistakes).
struct PracticeEntity {
    enum Kind: UInt8, CaseIterable {
        case individual, soleTrader, company, trust, partnership, superFund
    }

    var kind: Kind
    /// An organisation's name without its legal words (`Harbour Plumbing`), a sole trader's trading
    /// name, or empty for a person known by their own name.
    var core = ""
    /// The legal words the name ends with as the client writes them (`Pty Ltd`, `Family Trust`).
    var suffix = ""
    /// A trust's or fund's trustee company (an index into the practice's entities), or -1.
    var trustee: Int32 = -1
    /// True when the trust's own name is written `<trustee> ATF <trust>`.
    var namesTrustee = false
    /// `family`, `discretionary` or `unit` for trusts (their XPM structure label).
    var trustLabel = ""
    var first = ""
    var last = ""
    /// The date of birth as yyyymmdd, or 0.
    var birth: Int32 = 0
    var email = ""
    /// The other e-mail one list may hold instead (an address that changed), or empty.
    var alternateEmail = ""
    /// National digits with the trunk 0, or empty.
    var landline = ""
    var mobile = ""
    var website = ""
    var address = PracticeAddress()
    /// A PO Box number for the postal address, or 0.
    var postalBox: Int32 = 0
    var tax = ""
    var business = ""
    var company = ""
    /// Indexes into the practice's group names, ascending.
    var groups: [Int32] = []
    var contacts: [PracticePerson] = []
    var xeroOrganisationID = ""
    /// True when the Xero organisation is named without the legal words.
    var xeroNameIsCore = false
    /// How many records each list holds for this client (0, 1 or 2).
    var hqCopies: UInt8 = 0
    var xpmCopies: UInt8 = 0
    /// A former client: its records are mostly archived.
    var inactive = false
    var prospect = false
    var xpmUUIDs: [String] = []
    var xpmIDs: [Int32] = []

    init(kind: Kind) { self.kind = kind }

    var isPerson: Bool { kind == .individual || kind == .soleTrader }

    /// The organisation's full name as the client writes it.
    var organisationName: String { suffix.isEmpty ? core : core + " " + suffix }

    /// The name Xero HQ and XPM show for the client, before noise.
    func displayName(in entities: [PracticeEntity]) -> String {
        switch kind {
        case .individual: return first + " " + last
        case .soleTrader: return core.isEmpty ? first + " " + last : core
        default:
            if namesTrustee && trustee >= 0 {
                return entities[Int(trustee)].organisationName + " ATF " + organisationName
            }
            return organisationName
        }
    }
}

/// A street address, kept as parts so that each record can write it its own way.
struct PracticeAddress {
    /// The unit, flat or suite number, or 0.
    var unit: Int16 = 0
    /// True for a suite (commercial), false for a unit or flat.
    var suite = false
    /// The floor of an office, or 0.
    var level: Int8 = 0
    var number: Int16 = 0
    var street: Int16 = 0
    var type: Int8 = 0
    var place: Int16 = 0
    var postcode = ""

    var isEmpty: Bool { number == 0 }
}

/// A contact person of an organisation (a director, trustee, partner or an office holder).
struct PracticePerson {
    var first: String
    var last: String
    var mobile: String
    var email: String
    var phone: String
    var position: String
}
