import SingleClientRecord

/// Australian suburbs, streets, phone ranges and e-mail providers for the independent practice.
enum IndependentPlaces {
    struct Suburb {
        var name: String
        var state: Int  // index into `states`
        var postcode: String
    }

    /// (abbreviation, full name, area code, first digits of local numbers).
    static let states: [(short: String, full: String, area: String, leads: [UInt8])] = [
        ("NSW", "New South Wales", "02", [9, 8, 4]), ("VIC", "Victoria", "03", [9, 8, 5]),
        ("QLD", "Queensland", "07", [3, 5]), ("WA", "Western Australia", "08", [9, 6]),
        ("SA", "South Australia", "08", [8, 7]), ("TAS", "Tasmania", "03", [6]),
        ("ACT", "Australian Capital Territory", "02", [6]), ("NT", "Northern Territory", "08", [8]),
    ]

    static let suburbs: [Suburb] = {
        let table: [(Int, String, String)] = [
            (0, "Parramatta", "2150"), (0, "Blacktown", "2148"), (0, "Castle Hill", "2154"),
            (0, "Baulkham Hills", "2153"), (0, "Penrith", "2750"), (0, "Liverpool", "2170"), (0, "Cabramatta", "2166"),
            (0, "Fairfield", "2165"), (0, "Bankstown", "2200"), (0, "Hurstville", "2220"), (0, "Chatswood", "2067"),
            (0, "Hornsby", "2077"), (0, "Epping", "2121"), (0, "Ryde", "2112"), (0, "Strathfield", "2135"),
            (0, "Burwood", "2134"), (0, "Auburn", "2144"), (0, "Merrylands", "2160"), (0, "Campbelltown", "2560"),
            (0, "Kellyville", "2155"), (0, "Bella Vista", "2153"), (0, "Marrickville", "2204"), (0, "Newtown", "2042"),
            (0, "Bondi", "2026"), (0, "Manly", "2095"), (0, "Dee Why", "2099"), (0, "Cronulla", "2230"),
            (0, "Sutherland", "2232"), (0, "Wollongong", "2500"), (0, "Newcastle", "2300"), (0, "Gosford", "2250"),
            (0, "Cherrybrook", "2126"), (0, "Carlingford", "2118"), (0, "Granville", "2142"),
            (0, "Wentworthville", "2145"), (0, "Seven Hills", "2147"), (0, "Rooty Hill", "2766"),
            (0, "St Marys", "2760"), (0, "Mount Druitt", "2770"), (0, "Rouse Hill", "2155"),
            (1, "Melbourne", "3000"), (1, "Richmond", "3121"), (1, "Footscray", "3011"), (1, "Box Hill", "3128"),
            (1, "Doncaster", "3108"), (1, "Glen Waverley", "3150"), (1, "Clayton", "3168"), (1, "Dandenong", "3175"),
            (1, "Springvale", "3171"), (1, "Sunshine", "3020"), (1, "St Albans", "3021"), (1, "Werribee", "3030"),
            (1, "Frankston", "3199"), (1, "Geelong", "3220"), (1, "Ballarat", "3350"), (1, "Bendigo", "3550"),
            (1, "Brunswick", "3056"), (1, "Preston", "3072"), (1, "Reservoir", "3073"), (1, "Hawthorn", "3122"),
            (1, "Camberwell", "3124"), (1, "Oakleigh", "3166"), (2, "Brisbane City", "4000"),
            (2, "Sunnybank", "4109"), (2, "Chermside", "4032"), (2, "Indooroopilly", "4068"), (2, "Toowong", "4066"),
            (2, "Southport", "4215"), (2, "Robina", "4226"), (2, "Maroochydore", "4558"), (2, "Toowoomba", "4350"),
            (2, "Cairns", "4870"), (2, "Townsville", "4810"), (2, "Ipswich", "4305"), (2, "Springwood", "4127"),
            (3, "Perth", "6000"), (3, "Fremantle", "6160"), (3, "Joondalup", "6027"), (3, "Rockingham", "6168"),
            (3, "Mandurah", "6210"), (3, "Subiaco", "6008"), (3, "Morley", "6062"), (3, "Cannington", "6107"),
            (4, "Adelaide", "5000"), (4, "Glenelg", "5045"), (4, "Norwood", "5067"), (4, "Salisbury", "5108"),
            (4, "Prospect", "5082"), (4, "Mount Barker", "5251"), (5, "Hobart", "7000"), (5, "Launceston", "7250"),
            (6, "Belconnen", "2617"), (6, "Tuggeranong", "2900"), (7, "Darwin", "0800"), (7, "Palmerston", "0830"),
        ]
        return table.map { Suburb(name: $0.1, state: $0.0, postcode: $0.2) }
    }()

    static let streets = [
        "George", "King", "Queen", "Church", "High", "Victoria", "Elizabeth", "William", "Main", "Station", "Park",
        "Railway", "Bridge", "Smith", "Wattle", "Acacia", "Banksia", "Waratah", "Jacaranda", "Bottlebrush",
        "Kurrajong", "Boronia", "Grevillea", "Hill", "Ocean", "Beach", "Marine", "Anzac", "Pacific", "Military",
        "Canterbury", "Windsor", "Oxford", "Cambridge", "Darling", "Macquarie", "Phillip", "Hunter", "Bligh",
        "Hume", "Sturt", "Flinders", "Burke", "Lawson", "Banks", "Cook", "Forbes", "Wentworth", "Bathurst",
        "Goulburn", "Argyle", "Albert", "Alfred", "Edward", "Charles", "Henry", "James", "John", "Mary", "Ann",
        "Short", "Long", "Cross", "North", "South", "East", "West", "Bay", "Lake", "River", "Forest", "Valley",
        "Ridge", "Mountain", "Spring", "Orchard", "Vineyard", "Mill", "Quarry", "Ferry", "Wharf", "Dock",
        "Cedar", "Myrtle", "Pine", "Oak", "Elm", "Willow", "Magnolia", "Camellia", "Rose", "Lavender", "Orchid",
        "Lilly Pilly", "Coral", "Pearl", "Emerald", "Sapphire", "Opal", "Amber", "Jasper", "Kingsford Smith",
        "Melrose", "Carrington", "Stanley", "Wellington", "Nelson", "Raglan", "Balaclava", "Gallipoli", "Kokoda",
        "Lyons", "Curtin", "Chifley", "Menzies", "Barton", "Deakin", "Fisher", "Hughes", "Scullin", "Holt",
    ]

    /// Street types: the full word and the abbreviation Australia Post uses.
    static let streetTypes: [(full: String, short: String)] = [
        ("Street", "St"), ("Road", "Rd"), ("Avenue", "Ave"), ("Crescent", "Cres"), ("Parade", "Pde"),
        ("Place", "Pl"), ("Court", "Ct"), ("Drive", "Dr"), ("Close", "Cl"), ("Lane", "La"), ("Way", "Way"),
        ("Terrace", "Tce"), ("Highway", "Hwy"), ("Boulevard", "Blvd"), ("Circuit", "Cct"), ("Grove", "Gr"),
        ("Esplanade", "Esp"), ("Square", "Sq"),
    ]

    /// How often each street type is used (streets far outnumber squares).
    static let streetTypeTable = ZipfTable(count: streetTypes.count, offset: 0.3, exponent: 1.3)

    /// Personal e-mail providers, most used first.
    static let providers = [
        "gmail.com", "bigpond.com", "hotmail.com", "outlook.com", "yahoo.com.au", "icloud.com", "optusnet.com.au",
        "iinet.net.au", "bigpond.net.au", "live.com.au", "tpg.com.au", "hotmail.com.au", "internode.on.net",
        "me.com", "outlook.com.au", "y7mail.com", "westnet.com.au", "dodo.com.au",
    ]

    /// What a slip of the finger makes of a provider's domain.
    static let providerSlips: [String: String] = [
        "gmail.com": "gmial.com", "bigpond.com": "bigpond.com.au", "hotmail.com": "hotmial.com",
        "outlook.com": "outlok.com", "yahoo.com.au": "yahoo.com", "icloud.com": "iclod.com",
        "optusnet.com.au": "optusnet.com", "iinet.net.au": "iinet.com.au", "bigpond.net.au": "bigpond.com",
        "live.com.au": "live.com", "tpg.com.au": "tpg.com", "hotmail.com.au": "hotmail.com",
    ]

    /// Contacts' positions: 0 director, 3 trustee, 6 partner, 7 bookkeeper.
    static let positions = [
        "Director", "Secretary", "Public Officer", "Trustee", "Shareholder", "Accountant", "Partner", "Bookkeeper",
    ]
}
