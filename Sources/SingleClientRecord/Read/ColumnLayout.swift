/// What a CSV column feeds.
enum ColumnTarget: Hashable, Sendable {
    case field(Field)
    /// One line of a street address split over columns (`Address1`..`Address3`).
    case addressLine(Int)
    case postalAddressLine(Int)
    case contact(ContactPart)
    /// Client groups: `;`-separated names in HQ's `Groups`, one name per row in XPM's `Group`.
    case groups
    /// Kept as a custom field under this name.
    case custom(String)
}

/// The parts of a contact a CSV column can hold.
enum ContactPart: String, Hashable, Sendable, CaseIterable {
    case id, name, email, phone, mobile, position, salutation, addressee, isPrimary
}

/// A column the engine knows, with the label it prints and the header spellings it accepts.
struct KnownColumn: Sendable {
    var label: String
    var target: ColumnTarget
    /// Normalised spellings (see ``ColumnLayout/normalise(_:)``); the label's own is implied.
    var aliases: [String]
}

/// The kinds of CSV file the engine reads, each with its known columns.
public enum ColumnLayout: String, Sendable, CaseIterable, Codable {
    case hqClients = "hq"
    case hqContacts = "hq-contacts"
    case xpmClients = "xpm-csv"

    /// Header text reduced for lenient matching: lower case, letters and digits only.
    /// `[E-mail Address]`, `email address` and `EMAILADDRESS` are one header.
    public static func normalise(_ header: String) -> String {
        String(
            String.UnicodeScalarView(
                header.lowercased().unicodeScalars.filter {
                    $0.properties.isAlphabetic || ("0"..."9").contains($0)
                }))
    }

    var columns: [KnownColumn] {
        switch self {
        case .hqClients: Self.hqColumns
        case .hqContacts: Self.hqContactColumns
        case .xpmClients: Self.xpmColumns
        }
    }

    /// The column the engine cannot do without, and what to say when it is missing.
    var requiredTargets: [ColumnTarget] {
        switch self {
        case .hqClients, .hqContacts: [.field(.clientID)]
        case .xpmClients: [.field(.name)]
        }
    }

    /// The known column a normalised header names, if any.
    func column(forNormalised header: String) -> KnownColumn? {
        Self.index[self]?[header]
    }

    private static let index: [ColumnLayout: [String: KnownColumn]] = {
        var result: [ColumnLayout: [String: KnownColumn]] = [:]
        for layout in ColumnLayout.allCases {
            var map: [String: KnownColumn] = [:]
            for column in layout.columns {
                for spelling in [normalise(column.label)] + column.aliases where map[spelling] == nil {
                    map[spelling] = column
                }
            }
            result[layout] = map
        }
        return result
    }()

    /// The known column closest to an unknown header, for "did you mean" (at most 2 edits, and
    /// fewer than a third of the header's letters).
    ///
    /// - Complexity: O(k · n) for k known spellings and a header of n bytes: the distance is
    ///   bounded at 2, so a header of 100,000 columns is checked in linear time.
    func suggestion(forNormalised header: String) -> KnownColumn? {
        guard header.count >= 3 else { return nil }
        let bytes = Array(header.utf8)
        var best: (distance: Int, column: KnownColumn)?
        for (spelling, column) in Self.spellings[self] ?? [] {
            let distance = boundedEditDistance(bytes, spelling, limit: 2)
            if distance <= 2 && distance * 3 < header.count && distance < (best?.distance ?? .max) {
                best = (distance, column)
            }
        }
        return best?.column
    }

    /// Every layout's known spellings (labels normalised, then aliases), in the order
    /// ``suggestion(forNormalised:)`` tries them.
    private static let spellings: [ColumnLayout: [(spelling: [UInt8], column: KnownColumn)]] = {
        var result: [ColumnLayout: [(spelling: [UInt8], column: KnownColumn)]] = [:]
        for layout in ColumnLayout.allCases {
            result[layout] = layout.columns.flatMap { column in
                ([normalise(column.label)] + column.aliases).map { (Array($0.utf8), column) }
            }
        }
        return result
    }()

    // MARK: The layouts

    private static let addressColumns: [KnownColumn] = [
        KnownColumn(label: "Address", target: .field(.address), aliases: ["streetaddress", "physicaladdress"]),
        KnownColumn(label: "Address 1", target: .addressLine(1), aliases: ["address1", "addressline1", "street1"]),
        KnownColumn(label: "Address 2", target: .addressLine(2), aliases: ["address2", "addressline2", "street2"]),
        KnownColumn(label: "Address 3", target: .addressLine(3), aliases: ["address3", "addressline3", "street3"]),
        KnownColumn(
            label: "City", target: .field(.city), aliases: ["town", "suburb", "citytown", "suburbtown", "towncity"]),
        KnownColumn(label: "Region", target: .field(.region), aliases: ["state", "province", "county", "stateregion"]),
        KnownColumn(label: "Postcode", target: .field(.postcode), aliases: ["postalcode", "zip", "zipcode"]),
        KnownColumn(label: "Country", target: .field(.country), aliases: []),
        KnownColumn(label: "Postal Address", target: .field(.postalAddress), aliases: ["mailingaddress"]),
        KnownColumn(
            label: "Postal Address 1", target: .postalAddressLine(1), aliases: ["postaladdress1", "postaladdressline1"]),
        KnownColumn(
            label: "Postal Address 2", target: .postalAddressLine(2), aliases: ["postaladdress2", "postaladdressline2"]),
        KnownColumn(
            label: "Postal Address 3", target: .postalAddressLine(3), aliases: ["postaladdress3", "postaladdressline3"]),
        KnownColumn(label: "Postal City", target: .field(.postalCity), aliases: ["postaltown", "postalsuburb"]),
        KnownColumn(label: "Postal Region", target: .field(.postalRegion), aliases: ["postalstate"]),
        KnownColumn(
            label: "Postal Postcode", target: .field(.postalPostcode), aliases: ["postalpostalcode", "postalzip"]),
        KnownColumn(label: "Postal Country", target: .field(.postalCountry), aliases: []),
    ]

    private static let identityColumns: [KnownColumn] = [
        KnownColumn(
            label: "Name", target: .field(.name), aliases: ["clientname", "displayname", "client", "fullname"]),
        KnownColumn(label: "First Name", target: .field(.firstName), aliases: ["givenname", "forename", "firstnames"]),
        KnownColumn(label: "Last Name", target: .field(.lastName), aliases: ["surname", "familyname"]),
        KnownColumn(
            label: "Business Structure", target: .field(.businessStructure),
            aliases: ["structure", "entitytype", "clienttype", "legalstructure", "businesstype"]),
        KnownColumn(label: "Email", target: .field(.email), aliases: ["emailaddress", "clientemail", "mail"]),
        KnownColumn(
            label: "Phone", target: .field(.phone),
            aliases: ["phonenumber", "telephone", "tel", "landline", "businessphone"]),
        KnownColumn(label: "Fax", target: .field(.fax), aliases: ["faxnumber"]),
        KnownColumn(label: "Website", target: .field(.website), aliases: ["web", "url", "www", "webaddress"]),
        KnownColumn(
            label: "Tax Number", target: .field(.taxNumber),
            aliases: ["tfn", "ird", "irdnumber", "utr", "taxfilenumber", "taxid"]),
        KnownColumn(
            label: "Business Number", target: .field(.businessNumber),
            aliases: ["abn", "nzbn", "vat", "vatnumber", "australianbusinessnumber", "gstnumber"]),
        KnownColumn(
            label: "Company Number", target: .field(.companyNumber),
            aliases: ["acn", "companieshousenumber", "crn", "companyregistrationnumber", "registrationnumber"]),
        KnownColumn(
            label: "Date of Birth", target: .field(.dateOfBirth),
            aliases: ["dob", "birthdate", "birthday", "dateofbirthddmmyyyy"]),
        KnownColumn(label: "Archived", target: .field(.archived), aliases: ["isarchived"]),
    ]

    private static let hqColumns: [KnownColumn] =
        [
            KnownColumn(
                label: "Client ID", target: .field(.clientID),
                aliases: ["id", "hqclientid", "hqid", "clientcode", "clientref"])
        ]
        + identityColumns
        + [
            KnownColumn(
                label: "Mobile", target: .field(.mobile), aliases: ["mobilephone", "mobilenumber", "cell", "cellphone"]),
            KnownColumn(label: "Groups", target: .groups, aliases: ["group", "clientgroups"]),
            KnownColumn(
                label: "Xero Organisation ID", target: .field(.xeroOrganisationID),
                aliases: [
                    "xeroorganizationid", "xeroorgid", "organisationid", "organizationid", "xerotenantid", "tenantid",
                ]),
            KnownColumn(
                label: "Xero Organisation Name", target: .field(.xeroOrganisationName),
                aliases: ["xeroorganizationname", "xeroorgname", "organisationname", "organizationname"]),
            KnownColumn(
                label: "XPM Client UUID", target: .field(.xpmClientUUID),
                aliases: ["xpmuuid", "practicemanageruuid", "xpmclientid"]),
        ]
        + addressColumns

    private static let hqContactColumns: [KnownColumn] = [
        KnownColumn(label: "Client ID", target: .field(.clientID), aliases: ["hqclientid", "clientcode", "clientref"]),
        KnownColumn(label: "Name", target: .contact(.name), aliases: ["contactname", "fullname"]),
        KnownColumn(label: "Email", target: .contact(.email), aliases: ["emailaddress", "contactemail"]),
        KnownColumn(label: "Phone", target: .contact(.phone), aliases: ["phonenumber", "telephone", "contactphone"]),
        KnownColumn(
            label: "Mobile", target: .contact(.mobile),
            aliases: ["mobilephone", "mobilenumber", "contactmobile", "cell"]),
        KnownColumn(
            label: "Position", target: .contact(.position), aliases: ["role", "title", "jobtitle", "contactposition"]),
        KnownColumn(label: "Primary", target: .contact(.isPrimary), aliases: ["isprimary", "primarycontact"]),
        KnownColumn(label: "Contact ID", target: .contact(.id), aliases: ["contactid"]),
    ]

    private static let xpmColumns: [KnownColumn] =
        [
            KnownColumn(label: "UUID", target: .field(.uuid), aliases: ["clientuuid", "xpmuuid"]),
            KnownColumn(label: "ClientID", target: .field(.xpmID), aliases: ["id", "xpmid", "xpmclientid"]),
        ]
        + identityColumns
        + addressColumns
        + [
            KnownColumn(label: "Mobile", target: .field(.mobile), aliases: ["mobilephone", "mobilenumber"]),
            KnownColumn(label: "ContactName", target: .contact(.name), aliases: []),
            KnownColumn(label: "ContactEmail", target: .contact(.email), aliases: []),
            KnownColumn(label: "ContactPhone", target: .contact(.phone), aliases: []),
            KnownColumn(label: "ContactMobile", target: .contact(.mobile), aliases: []),
            KnownColumn(label: "ContactPosition", target: .contact(.position), aliases: []),
            KnownColumn(label: "ContactSalutation", target: .contact(.salutation), aliases: []),
            KnownColumn(label: "ContactAddressee", target: .contact(.addressee), aliases: []),
            KnownColumn(label: "ContactIsPrimary", target: .contact(.isPrimary), aliases: ["contactprimary"]),
            KnownColumn(label: "Group", target: .groups, aliases: ["groups", "clientgroup"]),
        ]
}
