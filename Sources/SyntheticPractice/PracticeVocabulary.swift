import SingleClientRecord

/// The word lists a generated practice draws from: people's names (most common first, for a
/// Zipf-like draw), organisation words, streets, and each country's places, phone areas and
/// free-mail domains.
///
/// Every place, name and number is made up or common; lists are arrays, never dictionaries or
/// sets, so that drawing from them is the same on every run.
enum PracticeVocabulary {
    /// Family names, most common first: a Zipf-like draw makes the first ones repeat a lot.
    static let familyNames: [String] = [
        "Smith", "Nguyen", "Williams", "Brown", "Jones", "Wilson", "Taylor", "Singh", "Patel", "Lee",
        "Martin", "Anderson", "Thompson", "White", "Walker", "Harris", "Ryan", "Kelly", "King", "Campbell",
        "Johnson", "Robinson", "Young", "Wright", "Clarke", "Mitchell", "Roberts", "Scott", "Green", "Hall",
        "Wood", "Evans", "Davies", "Turner", "Hughes", "Edwards", "Collins", "Baker", "Stewart", "Morris",
        "Murphy", "Cook", "Chen", "Wang", "Tran", "Le", "Pham", "Huang", "Kumar", "Sharma",
        "O'Brien", "O'Connor", "Cooper", "Morgan", "Bailey", "Reid", "Kennedy", "Watson", "Li", "Zhang",
        "Liu", "Wong", "Chan", "Lim", "Tan", "Ng", "Kaur", "Shah", "Khan", "Ali",
        "Ahmed", "McDonald", "MacKenzie", "McLeod", "O'Neill", "Müller", "Schmidt", "Fischer", "Weber", "Novak",
        "Kowalski", "Nowak", "Rossi", "Russo", "Ferrari", "Romano", "Esposito", "Costa", "Silva", "Santos",
        "Pereira", "Fernandes", "García", "Rodríguez", "López", "Martínez", "González", "Hernández", "Papadopoulos",
        "Georgiou", "Ngata", "Te Whare", "Parata", "Tipene", "Henare", "Karaka", "Rangi", "Tamihana", "Waaka",
        "Van der Berg", "De Silva", "D'Souza", "Fitzgerald", "Sullivan", "Gallagher", "Doyle", "Byrne", "Walsh",
        "Quinn", "Dunn", "Hunt", "Ross", "Fraser", "Grant", "Hamilton", "Graham", "Murray", "Bell",
        "Ward", "Price", "Bennett", "Gray", "James", "Lewis", "Jackson", "Clark", "Allen", "Hill",
        "Adams", "Nelson", "Carter", "Phillips", "Parker", "Shaw", "Lloyd", "Owen", "Jenkins", "Griffiths",
        "Marshall", "Ellis", "Harrison", "Stevens", "Payne", "Dixon", "Hart", "Holmes", "Lane", "Webb",
        "Burke", "Fletcher", "Chapman", "Spencer", "Barker", "Simpson", "Mason", "Russell", "Palmer", "Knight",
        "Fox", "Black", "Mills", "Pearce", "Lawrence", "Dawson", "Hayes", "Walters", "Sutherland", "Hanson",
        "Kerr", "Moore", "Thomas", "Robertson", "Stone", "Brennan", "Nolan", "Hogan", "Lynch", "Moran",
        "Vu", "Hoang", "Phan", "Dang", "Do", "Bui", "Wu", "Zhou", "Xu", "Sun",
        "Gupta", "Mehta", "Reddy", "Iyer", "Joshi", "Chaudhry", "Hussain", "Rahman", "Yilmaz", "Kaya",
        "Haddad", "Khoury", "Nasser", "Jovanović", "Petrović", "Horvat", "Kovač", "Šimić", "Andersson", "Nielsen",
        "Larsen", "Johansson", "Björk", "Dubois", "Lefèvre", "Moreau", "Bernard", "Jansen", "De Vries", "Bakker",
    ]

    /// Given names, most common first.
    static let givenNames: [String] = [
        "James", "Sarah", "David", "Michael", "Emma", "John", "Olivia", "William", "Jessica", "Robert",
        "Charlotte", "Daniel", "Emily", "Thomas", "Chloe", "Matthew", "Sophie", "Andrew", "Elizabeth", "Peter",
        "Jack", "Grace", "Christopher", "Mia", "Benjamin", "Amelia", "Samuel", "Katherine", "Joshua", "Ruby",
        "Liam", "Hannah", "Noah", "Isla", "Oliver", "Lucy", "Ethan", "Zoë", "Lachlan", "Chloé",
        "Nicholas", "Rebecca", "Anthony", "Jennifer", "Richard", "Margaret", "Stephen", "Susan", "Mark", "Karen",
        "Paul", "Michelle", "Steven", "Nicole", "Timothy", "Amanda", "Joseph", "Rachel", "Edward", "Laura",
        "Henry", "Victoria", "Alexander", "Samantha", "Patrick", "Catherine", "Gregory", "Helen", "Kenneth", "Deborah",
        "Raymond", "Patricia", "Jonathan", "Alexandra", "Charles", "Christine", "Scott", "Angela", "Luke", "Kate",
        "Ryan", "Megan", "Adam", "Natalie", "Jason", "Melissa", "Nathan", "Lisa", "Tom", "Julie",
        "Harry", "Ella", "George", "Ava", "Oscar", "Isabella", "Leo", "Harper", "Max", "Matilda",
        "Minh", "Linh", "Duc", "Huong", "Anh", "Thi", "Wei", "Mei", "Jun", "Xin",
        "Raj", "Priya", "Arjun", "Anjali", "Sanjay", "Deepa", "Amit", "Neha", "Mohammed", "Fatima",
        "Ahmed", "Aisha", "Omar", "Layla", "Aroha", "Wiremu", "Mere", "Hēmi", "Anahera", "Nikau",
        "Tama", "Kahu", "Manaia", "Tāne", "Siobhán", "Seán", "Niamh", "Aoife", "Eoin", "Ciarán",
        "José", "María", "Lucía", "Mateo", "Renée", "André", "Noémie", "Anaïs", "Jürgen", "Björn",
        "Søren", "Ingrid", "Elena", "Sofia", "Giulia", "Marco", "Luca", "Giorgos", "Eleni", "Dimitri",
        "Fiona", "Alison", "Gillian", "Graham", "Ian", "Alistair", "Hamish", "Morag", "Callum", "Isobel",
        "Ruth", "Joan", "Barbara", "Dorothy", "Frank", "Arthur", "Walter", "Harold", "Albert", "Beryl",
        "Jade", "Tayla", "Jasmine", "Brooke", "Kayla", "Connor", "Riley", "Cooper", "Hayden", "Jayden",
    ]

    /// Nicknames that stand for a given name of ``givenNames`` (Bill for William): the pairs the
    /// engine's own nickname table knows, looked up by the formal name.
    static let nicknames: [String: [String]] = [
        "William": ["Bill", "Will", "Billy"], "Robert": ["Bob", "Rob", "Bobby"],
        "Elizabeth": ["Liz", "Beth", "Lizzie"],
        "Katherine": ["Kate", "Kath", "Katie"], "Catherine": ["Cath", "Cathy"], "Michael": ["Mike", "Mick"],
        "David": ["Dave"], "James": ["Jim", "Jamie"], "Thomas": ["Tom", "Tommy"], "Christopher": ["Chris"],
        "Samuel": ["Sam"], "Alexander": ["Alex"], "Matthew": ["Matt"], "Nicholas": ["Nick"], "Stephen": ["Steve"],
        "Steven": ["Steve"], "Anthony": ["Tony"], "Andrew": ["Andy", "Drew"], "Daniel": ["Dan", "Danny"],
        "Benjamin": ["Ben"], "Patrick": ["Pat", "Paddy"], "Patricia": ["Pat", "Trish"], "Margaret": ["Maggie", "Meg"],
        "Jennifer": ["Jen", "Jenny"], "Susan": ["Sue"], "Edward": ["Ed", "Ted"], "Henry": ["Harry"],
        "Rebecca": ["Bec", "Becky"], "Amanda": ["Mandy"], "Gregory": ["Greg"], "Joseph": ["Joe"],
        "Richard": ["Rick", "Rich"], "Peter": ["Pete"], "Timothy": ["Tim"], "Victoria": ["Vicky", "Tori"],
        "Jessica": ["Jess"], "Deborah": ["Deb", "Debbie"], "Kenneth": ["Ken"], "Raymond": ["Ray"],
        "Sarah": ["Sally"], "Samantha": ["Sam"], "Alexandra": ["Alex", "Lexi"], "Nicole": ["Nikki"],
        "Jonathan": ["Jon"], "Charles": ["Charlie"], "Christine": ["Chris", "Tina"], "John": ["Jack", "Johnny"],
    ]

    /// Place and nature words for organisation names ("Harbour Plumbing").
    static let placeWords: [String] = [
        "Harbour", "Coastal", "Summit", "Ironbark", "Wattle", "Southern Cross", "Blue Gum", "Riverside", "Pacific",
        "Kauri", "Golden", "Redgum", "Bayside", "Northern", "Highland", "Acacia", "Banksia", "Coral", "Granite",
        "Silver", "Emerald", "Sapphire", "Sunrise", "Sunset", "Mountain Ash", "Lakeside", "Seaside", "Outback",
        "Valley", "Meadow", "Willow", "Cedar", "Oakwood", "Pine", "Maple", "Jarrah", "Karri", "Tui", "Kiwi",
        "Pōhutukawa", "Tōtara", "Rata", "Kōwhai", "Thames", "Pennine", "Cotswold", "Heather", "Thistle", "Ashford",
        "Brookfield", "Greenfield", "Fairview", "Hillcrest", "Westside", "Eastgate", "Northgate", "Parkside",
        "Stonebridge", "Bridgewater", "Clearwater", "Blackwood", "Redwood", "Whitewater", "Kingfisher", "Pelican",
        "Falcon", "Eagle", "Phoenix", "Apex", "Pinnacle", "Horizon", "Compass", "Anchor", "Lighthouse", "Tidal",
        "Ocean", "Reef", "Bluestone", "Sandstone", "Red Earth", "Saltbush", "Magpie", "Lyrebird", "Platypus",
        "Wombat", "Koru", "Ponga", "Kea", "Rimu", "Matai", "Taupō", "Aoraki", "Tasman", "Albion", "Avalon",
        "Crown", "Regent", "Victoria", "Empire", "Heritage", "Pioneer", "Frontier", "True North", "Evergreen",
    ]

    /// Second place words, for longer names ("Blue Gum Valley Landscaping").
    static let secondPlaceWords: [String] = [
        "Valley", "Bay", "Ridge", "Creek", "Park", "Hill", "Coast", "Point", "Star", "Springs", "Heights", "Grove",
        "Vale", "Downs", "Cove", "Island", "Lakes", "Plains", "Gully", "Forest", "Harbour", "Beach", "Gardens",
    ]

    /// Trade words for organisation names.
    static let tradeWords: [String] = [
        "Plumbing", "Electrical", "Building", "Constructions", "Carpentry", "Landscaping", "Cafe", "Bakery",
        "Dental", "Medical", "Physio", "Legal", "Design", "Motors", "Logistics", "Transport", "Farming", "Orchards",
        "Vineyards", "Imports", "Consulting", "Engineering", "Architects", "Property", "Realty", "Fitness",
        "Yoga Studio", "Hair Studio", "Florist", "Catering", "Cleaning", "Painting", "Roofing", "Tiling", "Joinery",
        "Fabrication", "Marine", "Printing", "Media", "Software", "IT Solutions", "Bookkeeping", "Finance",
        "Insurance Brokers", "Travel", "Pharmacy", "Veterinary Clinic", "Optometry", "Childcare", "Tutoring",
        "Signs", "Glass", "Concrete", "Excavations", "Auto Repairs", "Coffee Roasters", "Brewing", "Butchery",
        "Nursery", "Pools", "Solar", "Security", "Surveying", "Plastering", "Flooring", "Kitchens", "Removals",
        "Pet Grooming", "Photography", "Events", "Recruitment", "Dairy", "Livestock", "Wines", "Health",
    ]

    /// Words that turn one company's name into its sibling's ("Harbour Plumbing Services").
    static let siblingWords: [String] = [
        "Services", "Holdings", "Investments", "Group", "Property", "Enterprises", "Management", "Trading",
        "Developments", "Operations",
    ]

    /// A family's companies ("Smith Holdings"), their trustee companies ("Smith Nominees").
    static let familyCompanyWords: [String] = [
        "Holdings", "Investments", "Enterprises", "Property Group", "& Sons", "Family Holdings", "Capital",
        "Ventures", "Properties",
    ]
    static let trusteeWords: [String] = ["Nominees", "Holdings", "Investments", "Custodians", "Management"]
    static let fundTrusteeWords: [String] = ["Super", "Nominees", "Superannuation", "Retirement"]

    static let streetNames: [String] = [
        "George", "King", "Queen", "Victoria", "Elizabeth", "Church", "High", "Station", "Park", "Main", "Wattle",
        "Banksia", "Acacia", "Bay", "Beach", "Ocean", "River", "Hill", "Mill", "Bridge", "Albert", "Edward",
        "William", "Railway", "Pitt", "Collins", "Bourke", "Flinders", "Parramatta", "Pacific", "Great Western",
        "Anzac", "Kingfisher", "Jacaranda", "Gum Tree", "Ironbark", "Kauri", "Rimu", "Tōtara", "Ponsonby", "Cuba",
        "Lambton", "Oxford", "Cambridge", "Windsor", "Mount", "Clifton", "Richmond", "Manor", "Orchard", "Meadow",
        "Willow", "Cedar", "Elm", "Oak", "Ash", "Birch", "Maple", "Chestnut", "Rose", "Lavender", "Heather",
        "Primrose", "Market", "Chapel", "North", "South", "West", "East", "Spring", "Garden", "Forest", "Lake",
        "Harbour", "Marine", "Darling", "Macquarie", "Hunter", "Murray", "Lachlan", "Bligh", "Cook", "Banks",
        "Hobson", "Grey", "Seddon", "Ngata", "Te Atatū", "Kowhai", "Pōhutukawa", "St John's", "Prince's", "Regent",
        "Castle", "Abbey", "Rectory", "Vicarage", "Greenhill", "Woodland", "Sunnyside", "Fairfield", "Belmont",
    ]

    /// Street types, the full word then its abbreviation (as the engine's address table has them).
    static let streetTypes: [(full: String, short: String)] = [
        ("Street", "St"), ("Road", "Rd"), ("Avenue", "Ave"), ("Drive", "Dr"), ("Court", "Ct"), ("Place", "Pl"),
        ("Crescent", "Cres"), ("Parade", "Pde"), ("Lane", "Ln"), ("Terrace", "Tce"), ("Close", "Cl"), ("Way", "Way"),
        ("Grove", "Gr"), ("Highway", "Hwy"), ("Boulevard", "Blvd"), ("Circuit", "Cct"),
    ]

    /// Street types drawn for each street, most common first (indexes into ``streetTypes``).
    static let streetTypeWeights: [Double] = [30, 25, 12, 8, 5, 5, 4, 3, 2, 2, 1.5, 1, 1, 0.5, 0.5, 0.5]

    /// A town or suburb with its region, postcode and phone area.
    struct Place: Sendable {
        var city: String
        /// The region as most records write it (`NSW`), and spelled out (`New South Wales`).
        var region: String
        var regionLong: String
        /// AU and NZ: the postcode. UK: outward codes, one drawn per address.
        var postcodes: [String]
        /// The landline prefix with its trunk 0 (`02`, `0161`).
        var area: String
    }

    static func places(_ country: Country) -> [Place] {
        switch country {
        case .au: australianPlaces
        case .nz: newZealandPlaces
        case .gb: britishPlaces
        }
    }

    private static func au(_ city: String, _ state: String, _ postcode: String) -> Place {
        let (long, area) =
            switch state {
            case "NSW": ("New South Wales", "02")
            case "ACT": ("Australian Capital Territory", "02")
            case "VIC": ("Victoria", "03")
            case "TAS": ("Tasmania", "03")
            case "QLD": ("Queensland", "07")
            case "SA": ("South Australia", "08")
            case "WA": ("Western Australia", "08")
            default: ("Northern Territory", "08")
            }
        return Place(city: city, region: state, regionLong: long, postcodes: [postcode], area: area)
    }

    static let australianPlaces: [Place] = [
        au("Sydney", "NSW", "2000"), au("Parramatta", "NSW", "2150"), au("Newtown", "NSW", "2042"),
        au("Bondi", "NSW", "2026"), au("Manly", "NSW", "2095"), au("Chatswood", "NSW", "2067"),
        au("Castle Hill", "NSW", "2154"), au("Penrith", "NSW", "2750"), au("Liverpool", "NSW", "2170"),
        au("Hornsby", "NSW", "2077"), au("Cronulla", "NSW", "2230"), au("Lane Cove", "NSW", "2066"),
        au("Homebush", "NSW", "2140"), au("Newcastle", "NSW", "2300"), au("Wollongong", "NSW", "2500"),
        au("Gosford", "NSW", "2250"), au("Dubbo", "NSW", "2830"), au("Wagga Wagga", "NSW", "2650"),
        au("Albury", "NSW", "2640"), au("Orange", "NSW", "2800"), au("Port Macquarie", "NSW", "2444"),
        au("Coffs Harbour", "NSW", "2450"), au("Byron Bay", "NSW", "2481"), au("Canberra", "ACT", "2600"),
        au("Belconnen", "ACT", "2617"), au("Melbourne", "VIC", "3000"), au("Richmond", "VIC", "3121"),
        au("St Kilda", "VIC", "3182"), au("Brunswick", "VIC", "3056"), au("Box Hill", "VIC", "3128"),
        au("Frankston", "VIC", "3199"), au("Geelong", "VIC", "3220"), au("Ballarat", "VIC", "3350"),
        au("Bendigo", "VIC", "3550"), au("Braeside", "VIC", "3195"), au("Hobart", "TAS", "7000"),
        au("Launceston", "TAS", "7250"), au("Brisbane", "QLD", "4000"), au("Fortitude Valley", "QLD", "4006"),
        au("Southport", "QLD", "4215"), au("Surfers Paradise", "QLD", "4217"), au("Toowoomba", "QLD", "4350"),
        au("Cairns", "QLD", "4870"), au("Townsville", "QLD", "4810"), au("Noosa Heads", "QLD", "4567"),
        au("Ipswich", "QLD", "4305"), au("Mackay", "QLD", "4740"), au("Adelaide", "SA", "5000"),
        au("Glenelg", "SA", "5045"), au("Mount Gambier", "SA", "5290"), au("Perth", "WA", "6000"),
        au("Fremantle", "WA", "6160"), au("Joondalup", "WA", "6027"), au("Bunbury", "WA", "6230"),
        au("Darwin", "NT", "0800"), au("Alice Springs", "NT", "0870"),
    ]

    private static func nz(_ city: String, _ region: String, _ postcode: String, _ area: String) -> Place {
        Place(city: city, region: region, regionLong: region, postcodes: [postcode], area: area)
    }

    static let newZealandPlaces: [Place] = [
        nz("Auckland", "Auckland", "1010", "09"), nz("Ponsonby", "Auckland", "1011", "09"),
        nz("Parnell", "Auckland", "1052", "09"), nz("Takapuna", "Auckland", "0622", "09"),
        nz("Albany", "Auckland", "0632", "09"), nz("Manukau", "Auckland", "2104", "09"),
        nz("Henderson", "Auckland", "0612", "09"), nz("Whangārei", "Northland", "0110", "09"),
        nz("Hamilton", "Waikato", "3204", "07"), nz("Tauranga", "Bay of Plenty", "3110", "07"),
        nz("Rotorua", "Bay of Plenty", "3010", "07"), nz("Napier", "Hawke's Bay", "4110", "06"),
        nz("Hastings", "Hawke's Bay", "4122", "06"), nz("New Plymouth", "Taranaki", "4310", "06"),
        nz("Palmerston North", "Manawatū-Whanganui", "4410", "06"), nz("Whanganui", "Manawatū-Whanganui", "4500", "06"),
        nz("Gisborne", "Gisborne", "4010", "06"), nz("Wellington", "Wellington", "6011", "04"),
        nz("Lower Hutt", "Wellington", "5010", "04"), nz("Porirua", "Wellington", "5022", "04"),
        nz("Nelson", "Nelson", "7010", "03"), nz("Blenheim", "Marlborough", "7201", "03"),
        nz("Christchurch", "Canterbury", "8011", "03"), nz("Timaru", "Canterbury", "7910", "03"),
        nz("Dunedin", "Otago", "9016", "03"), nz("Queenstown", "Otago", "9300", "03"),
        nz("Invercargill", "Southland", "9810", "03"),
    ]

    private static func gb(
        _ city: String, _ county: String, _ longCounty: String, _ outward: [String], _ area: String
    )
        -> Place
    {
        Place(city: city, region: county, regionLong: longCounty, postcodes: outward, area: area)
    }

    static let britishPlaces: [Place] = [
        gb(
            "London", "London", "Greater London", ["EC1A", "EC2M", "WC2N", "SW1A", "SW11", "SE1", "N1", "E14", "W1D"],
            "020"),
        gb("Manchester", "Manchester", "Greater Manchester", ["M1", "M2", "M4", "M14", "M20"], "0161"),
        gb("Birmingham", "West Midlands", "West Midlands", ["B1", "B3", "B15", "B29"], "0121"),
        gb("Leeds", "West Yorkshire", "West Yorkshire", ["LS1", "LS2", "LS6", "LS17"], "0113"),
        gb("Sheffield", "South Yorkshire", "South Yorkshire", ["S1", "S10", "S11"], "0114"),
        gb("Liverpool", "Merseyside", "Merseyside", ["L1", "L2", "L18"], "0151"),
        gb("Bristol", "Bristol", "City of Bristol", ["BS1", "BS6", "BS8"], "0117"),
        gb("Nottingham", "Notts", "Nottinghamshire", ["NG1", "NG7"], "0115"),
        gb("Leicester", "Leics", "Leicestershire", ["LE1", "LE2"], "0116"),
        gb("Newcastle upon Tyne", "Tyne and Wear", "Tyne and Wear", ["NE1", "NE2"], "0191"),
        gb("Edinburgh", "Midlothian", "City of Edinburgh", ["EH1", "EH3", "EH10"], "0131"),
        gb("Glasgow", "Lanarkshire", "Glasgow City", ["G1", "G2", "G12"], "0141"),
        gb("Cardiff", "South Glamorgan", "South Glamorgan", ["CF10", "CF11", "CF24"], "029"),
        gb("Belfast", "Co Antrim", "County Antrim", ["BT1", "BT7", "BT9"], "028"),
        gb("Oxford", "Oxon", "Oxfordshire", ["OX1", "OX2", "OX4"], "01865"),
        gb("Cambridge", "Cambs", "Cambridgeshire", ["CB1", "CB2", "CB4"], "01223"),
        gb("Brighton", "East Sussex", "East Sussex", ["BN1", "BN2"], "01273"),
        gb("Bath", "Somerset", "Somerset", ["BA1", "BA2"], "01225"),
        gb("York", "North Yorkshire", "North Yorkshire", ["YO1", "YO10"], "01904"),
        gb("Norwich", "Norfolk", "Norfolk", ["NR1", "NR2"], "01603"),
        gb("Exeter", "Devon", "Devon", ["EX1", "EX4"], "01392"),
        gb("Plymouth", "Devon", "Devon", ["PL1", "PL4"], "01752"),
        gb("Southampton", "Hants", "Hampshire", ["SO14", "SO15"], "023"),
        gb("Reading", "Berks", "Berkshire", ["RG1", "RG4"], "0118"),
        gb("Guildford", "Surrey", "Surrey", ["GU1", "GU2"], "01483"),
        gb("Cheltenham", "Glos", "Gloucestershire", ["GL50", "GL52"], "01242"),
        gb("Chester", "Cheshire", "Cheshire", ["CH1", "CH2"], "01244"),
        gb("Aberdeen", "Aberdeenshire", "Aberdeenshire", ["AB10", "AB11"], "01224"),
        gb("Swansea", "West Glamorgan", "West Glamorgan", ["SA1", "SA2"], "01792"),
        gb("Harrogate", "North Yorkshire", "North Yorkshire", ["HG1", "HG2"], "01423"),
        gb("Canterbury", "Kent", "Kent", ["CT1", "CT2"], "01227"),
        gb("Milton Keynes", "Bucks", "Buckinghamshire", ["MK9", "MK10"], "01908"),
    ]

    /// The letters a UK inward code's last two characters are drawn from.
    static let inwardLetters = Array("ABDEFGHJLNPQRSTUWXYZ".utf8)

    static func countryName(_ country: Country) -> String {
        switch country {
        case .au: "Australia"
        case .nz: "New Zealand"
        case .gb: "United Kingdom"
        }
    }

    static func freeMailDomains(_ country: Country) -> [String] {
        switch country {
        case .au:
            [
                "gmail.com", "outlook.com", "bigpond.com", "hotmail.com", "icloud.com", "yahoo.com.au",
                "bigpond.net.au", "optusnet.com.au", "iinet.net.au", "live.com.au",
            ]
        case .nz:
            [
                "gmail.com", "xtra.co.nz", "outlook.com", "hotmail.com", "yahoo.co.nz", "icloud.com", "slingshot.co.nz",
                "vodafone.co.nz",
            ]
        case .gb:
            [
                "gmail.com", "hotmail.co.uk", "outlook.com", "btinternet.com", "yahoo.co.uk", "icloud.com", "sky.com",
                "live.co.uk", "aol.com",
            ]
        }
    }

    static func businessDomainSuffix(_ country: Country) -> String {
        switch country {
        case .au: ".com.au"
        case .nz: ".co.nz"
        case .gb: ".co.uk"
        }
    }

    static let organisationMailboxes = ["info", "admin", "accounts", "office", "hello", "enquiries", "mail"]

    /// The practice's service groups, by country.
    static func serviceGroups(_ country: Country) -> [String] {
        switch country {
        case .au: ["Tax", "Bookkeeping", "Payroll", "BAS", "Advisory", "SMSF", "Audit"]
        case .nz: ["Tax", "Bookkeeping", "Payroll", "GST", "Advisory", "Audit"]
        case .gb: ["Tax", "Bookkeeping", "Payroll", "VAT", "Advisory", "Annual Accounts", "Self Assessment"]
        }
    }

    /// The words of the canonical legal form, and the variants records write instead.
    static func companySuffix(_ country: Country) -> (canonical: String, variants: [String]) {
        switch country {
        case .au:
            ("Pty Ltd", ["Pty. Ltd.", "PTY LTD", "PTY LIMITED", "Pty Limited", "Proprietary Limited", "P/L", ""])
        case .nz: ("Limited", ["Ltd", "LIMITED", "Ltd.", "LTD", ""])
        case .gb: ("Ltd", ["Limited", "LTD", "Ltd.", "LIMITED", ""])
        }
    }

    static func superFundSuffixes(_ country: Country) -> (canonical: [String], variants: [String]) {
        switch country {
        case .au:
            (
                ["Super Fund", "Superannuation Fund"],
                ["Super Fund", "Superannuation Fund", "SMSF", "Self Managed Superannuation Fund"]
            )
        case .nz: (["Superannuation Fund", "Superannuation Plan"], ["Super Fund", "Superannuation Fund"])
        case .gb: (["Superannuation Fund", "Superannuation Plan"], ["Superannuation Fund", "Super Fund"])
        }
    }

    /// Positions of organisations' contacts.
    static let officePositions = ["Office Manager", "Accounts", "Bookkeeper", "Practice Manager", "Administrator"]
}
