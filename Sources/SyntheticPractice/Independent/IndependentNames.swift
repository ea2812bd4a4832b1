import Foundation
import SingleClientRecord

/// Where a family's names come from: Australian practices' client lists hold Anglo-Celtic names
/// beside Vietnamese, Chinese, Indian, Greek, Italian, Lebanese, Filipino and Korean ones.
enum NameOrigin: UInt8, CaseIterable {
    case anglo, vietnamese, chinese, indian, greek, italian, lebanese, filipino, korean

    /// The share of people of this origin whose given name is from the origin's own list (the
    /// rest, born or raised here, carry an Anglo given name: "David Nguyen", "Jessica Patel").
    var ownGivenShare: Double {
        switch self {
        case .anglo: 1
        case .vietnamese: 0.55
        case .chinese: 0.5
        case .indian: 0.75
        case .greek: 0.6
        case .italian: 0.55
        case .lebanese: 0.6
        case .filipino: 0.5
        case .korean: 0.6
        }
    }
}

/// A long-tailed draw over a ranked list: rank r weighs 1 / (r + offset), Zipf-Mandelbrot with
/// exponent one, so the first few names are very common and hundreds are rare.
///
///     let table = ZipfTable(count: 400, offset: 1.5)
///     table.draw(&random)  // 0 about 7.6% of the time
///
/// - Complexity: O(log n) per draw (binary search over the cumulative weights).
struct ZipfTable {
    private let cumulative: [Double]

    init(count: Int, offset: Double, exponent: Double = 1) {
        var total = 0.0
        var cumulative: [Double] = []
        cumulative.reserveCapacity(count)
        for rank in 1...max(1, count) {
            total += 1 / pow(Double(rank) + offset, exponent)
            cumulative.append(total)
        }
        self.cumulative = cumulative.map { $0 / total }
    }

    func draw(_ random: inout SeededRandom) -> Int {
        let u = Double(random.next() >> 11) / Double(1 << 53)
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < u { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// The names the independent practice's people carry, most frequent first.
enum IndependentNames {
    /// Surnames in rough order of frequency in an Australian practice, each with its origin.
    static let surnames: [(name: String, origin: NameOrigin)] = {
        let table: [(NameOrigin, String)] = [
            (.anglo, "Smith"), (.vietnamese, "Nguyen"), (.anglo, "Jones"), (.anglo, "Williams"),
            (.anglo, "Brown"), (.anglo, "Wilson"), (.anglo, "Taylor"), (.anglo, "Johnson"), (.anglo, "White"),
            (.anglo, "Martin"), (.anglo, "Anderson"), (.chinese, "Lee"), (.anglo, "Thompson"), (.vietnamese, "Tran"),
            (.anglo, "Walker"), (.anglo, "Kelly"), (.anglo, "Ryan"), (.indian, "Singh"), (.anglo, "Harris"),
            (.anglo, "King"), (.chinese, "Wang"), (.anglo, "Robinson"), (.anglo, "Wright"), (.anglo, "Thomas"),
            (.indian, "Patel"), (.anglo, "Campbell"), (.vietnamese, "Le"), (.anglo, "Clarke"), (.anglo, "Mitchell"),
            (.chinese, "Chen"), (.anglo, "Hall"), (.anglo, "Scott"), (.anglo, "Young"), (.chinese, "Li"),
            (.anglo, "Green"), (.anglo, "Wood"), (.anglo, "Hughes"), (.chinese, "Zhang"), (.anglo, "Edwards"),
            (.anglo, "Lewis"), (.anglo, "Murphy"), (.vietnamese, "Pham"), (.anglo, "Roberts"), (.anglo, "Evans"),
            (.anglo, "Turner"), (.anglo, "Jackson"), (.anglo, "Stewart"), (.greek, "Papadopoulos"),
            (.anglo, "Baker"), (.anglo, "Walsh"), (.anglo, "Cooper"), (.italian, "Rossi"), (.anglo, "Moore"),
            (.anglo, "Kennedy"), (.chinese, "Wong"), (.anglo, "Hill"), (.indian, "Kumar"), (.anglo, "Morris"),
            (.anglo, "Ward"), (.vietnamese, "Huynh"), (.anglo, "Russell"), (.anglo, "Davies"), (.chinese, "Liu"),
            (.anglo, "MacDonald"), (.anglo, "O'Brien"), (.anglo, "Hunt"), (.anglo, "Harrison"), (.anglo, "Watson"),
            (.chinese, "Wu"), (.anglo, "Bennett"), (.anglo, "Graham"), (.anglo, "Murray"), (.indian, "Sharma"),
            (.anglo, "Phillips"), (.anglo, "Bell"), (.anglo, "Carter"), (.chinese, "Lim"), (.anglo, "Stevens"),
            (.anglo, "Shaw"), (.anglo, "Morgan"), (.vietnamese, "Hoang"), (.anglo, "Ross"), (.anglo, "Mills"),
            (.anglo, "Marshall"), (.italian, "Russo"), (.anglo, "Fraser"), (.anglo, "Simpson"), (.anglo, "Gray"),
            (.chinese, "Chan"), (.anglo, "Cook"), (.anglo, "Collins"), (.lebanese, "Haddad"), (.anglo, "Nicholson"),
            (.anglo, "Webb"), (.anglo, "Ellis"), (.indian, "Kaur"), (.anglo, "Lloyd"), (.anglo, "Reid"),
            (.greek, "Georgiou"), (.anglo, "Burns"), (.anglo, "Cox"), (.chinese, "Yang"), (.anglo, "Fitzgerald"),
            (.anglo, "Hamilton"), (.anglo, "Grant"), (.vietnamese, "Vu"), (.anglo, "Sullivan"), (.anglo, "Davidson"),
            (.anglo, "Matthews"), (.filipino, "Santos"), (.anglo, "O'Connor"), (.anglo, "Hayes"),
            (.italian, "Esposito"), (.anglo, "Richards"), (.chinese, "Huang"), (.anglo, "Dunn"), (.anglo, "Ferguson"),
            (.anglo, "Gibson"), (.indian, "De Silva"), (.anglo, "Spencer"), (.anglo, "Kerr"), (.korean, "Kim"),
            (.anglo, "Black"), (.anglo, "Armstrong"), (.vietnamese, "Dang"), (.anglo, "Mason"), (.chinese, "Tan"),
            (.anglo, "Lane"), (.anglo, "Johnston"), (.chinese, "Ng"), (.greek, "Nikolaidis"), (.anglo, "Hudson"),
            (.anglo, "Payne"), (.anglo, "Stone"), (.italian, "Romano"), (.anglo, "Wallace"), (.vietnamese, "Phan"),
            (.anglo, "Pearce"), (.anglo, "Lynch"), (.indian, "Gupta"), (.anglo, "Hart"), (.anglo, "Rose"),
            (.anglo, "Perry"), (.chinese, "Zhao"), (.anglo, "Barnes"), (.anglo, "Knight"), (.italian, "Ferrari"),
            (.anglo, "Fleming"), (.lebanese, "Khoury"), (.anglo, "Holmes"), (.anglo, "Doyle"), (.anglo, "Boyd"),
            (.vietnamese, "Vo"), (.anglo, "Gordon"), (.anglo, "Burke"), (.greek, "Christodoulou"), (.anglo, "Lawson"),
            (.anglo, "Foster"), (.chinese, "Zhou"), (.anglo, "McKenzie"), (.anglo, "Quinn"), (.italian, "Bianchi"),
            (.anglo, "Day"), (.anglo, "Sutherland"), (.indian, "Shah"), (.anglo, "Chapman"), (.anglo, "Moran"),
            (.anglo, "Van Der Berg"), (.anglo, "Dixon"), (.vietnamese, "Bui"), (.anglo, "Jenkins"), (.chinese, "Xu"),
            (.anglo, "Powell"), (.anglo, "Hogan"), (.italian, "Ricci"), (.anglo, "Price"), (.anglo, "Byrne"),
            (.greek, "Dimitriou"), (.anglo, "Bailey"), (.anglo, "Wells"), (.anglo, "Webster"), (.anglo, "Palmer"),
            (.vietnamese, "Do"), (.anglo, "Rogers"), (.chinese, "Sun"), (.anglo, "Hanson"), (.italian, "Marino"),
            (.anglo, "Reynolds"), (.anglo, "Lowe"), (.indian, "Reddy"), (.anglo, "Norris"), (.anglo, "Carroll"),
            (.lebanese, "Nasser"), (.anglo, "Duncan"), (.anglo, "Crawford"), (.chinese, "Ma"), (.anglo, "Howard"),
            (.italian, "Di Stefano"), (.anglo, "Austin"), (.anglo, "Pollard"), (.vietnamese, "Ngo"),
            (.anglo, "Francis"), (.anglo, "Butler"), (.greek, "Ioannou"), (.anglo, "Oliver"), (.anglo, "Sinclair"),
            (.chinese, "Zhu"), (.anglo, "Griffiths"), (.anglo, "McLean"), (.indian, "Nair"), (.anglo, "Dawson"),
            (.anglo, "Cunningham"), (.italian, "Greco"), (.anglo, "Barker"), (.anglo, "Owen"), (.vietnamese, "Duong"),
            (.anglo, "Jensen"), (.anglo, "Hanna"), (.chinese, "Cheung"), (.anglo, "Hodges"), (.anglo, "Gill"),
            (.filipino, "Reyes"), (.anglo, "Brennan"), (.greek, "Konstantinidis"), (.anglo, "Parker"),
            (.anglo, "Barrett"), (.italian, "Bruno"), (.anglo, "Bradley"), (.chinese, "Hu"), (.anglo, "Rice"),
            (.anglo, "Watts"), (.vietnamese, "Truong"), (.anglo, "Kemp"), (.indian, "D'Souza"), (.anglo, "Bishop"),
            (.anglo, "O'Neill"), (.italian, "Gallo"), (.anglo, "Fox"), (.chinese, "Guo"), (.anglo, "Henderson"),
            (.anglo, "Lambert"), (.lebanese, "Saleh"), (.anglo, "Cameron"), (.greek, "Pappas"), (.anglo, "Hewitt"),
            (.anglo, "Walters"), (.vietnamese, "Ly"), (.anglo, "Mackay"), (.italian, "Conti"), (.anglo, "Newman"),
            (.chinese, "Lam"), (.anglo, "Sharp"), (.indian, "Mehta"), (.anglo, "Berry"), (.anglo, "Blake"),
            (.anglo, "Mac Kenzie"), (.korean, "Park"), (.anglo, "Riley"), (.italian, "De Luca"), (.anglo, "Horton"),
            (.greek, "Karagiannis"), (.anglo, "Schmidt"), (.anglo, "Bates"), (.chinese, "Luo"), (.anglo, "Ball"),
            (.vietnamese, "Ho"), (.anglo, "Coleman"), (.indian, "Joshi"), (.anglo, "Jordan"), (.italian, "Costa"),
            (.anglo, "Sims"), (.chinese, "Lin"), (.anglo, "Frost"), (.filipino, "Cruz"), (.anglo, "McGrath"),
            (.greek, "Vlahos"), (.anglo, "Hopkins"), (.anglo, "Dean"), (.italian, "La Rosa"), (.anglo, "Page"),
            (.lebanese, "Karam"), (.anglo, "Lord"), (.chinese, "Ho"), (.anglo, "Saunders"), (.indian, "Iyer"),
            (.anglo, "Curtis"), (.vietnamese, "Lam"), (.anglo, "Kane"), (.italian, "Giordano"), (.anglo, "Hutchinson"),
            (.greek, "Kyriakou"), (.anglo, "Gardner"), (.anglo, "Van Dyk"), (.chinese, "Cheng"), (.anglo, "Bowen"),
            (.anglo, "Higgins"), (.italian, "Lo Presti"), (.anglo, "Morrison"), (.indian, "Pillai"),
            (.anglo, "Douglas"), (.korean, "Choi"), (.anglo, "St Clair"), (.greek, "Antoniou"), (.anglo, "Porter"),
            (.italian, "Mancini"), (.anglo, "Marsh"), (.chinese, "He"), (.anglo, "Tucker"), (.vietnamese, "Trinh"),
            (.anglo, "McCarthy"), (.lebanese, "Rahme"), (.anglo, "Fisher"), (.italian, "Rizzo"), (.lebanese, "Ahmed"),
            (.greek, "Stavrou"), (.anglo, "Le Roux"), (.indian, "Chopra"), (.anglo, "Tait"), (.filipino, "Dela Cruz"),
            (.italian, "Lombardi"), (.anglo, "Jamieson"), (.chinese, "Yu"), (.anglo, "Daly"), (.greek, "Petrou"),
            (.anglo, "Finch"), (.italian, "Moretti"), (.anglo, "Golding"), (.indian, "Kapoor"), (.anglo, "McIntyre"),
            (.vietnamese, "Luu"), (.anglo, "Hickey"), (.italian, "Barbaro"), (.anglo, "Sheppard"), (.greek, "Vasiliou"),
            (.anglo, "Da Costa"), (.chinese, "Yip"), (.anglo, "Ashton"), (.indian, "Malhotra"), (.anglo, "Whitfield"),
            (.italian, "Di Pietro"), (.anglo, "Gallagher"), (.lebanese, "Issa"), (.anglo, "Hammond"),
            (.korean, "Jung"), (.anglo, "Woodward"), (.greek, "Papageorgiou"), (.anglo, "Bryant"),
            (.italian, "Caruso"), (.anglo, "Nolan"), (.chinese, "Fung"), (.anglo, "Langford"), (.indian, "Desai"),
            (.anglo, "De Vries"), (.vietnamese, "Mai"), (.anglo, "Kavanagh"), (.italian, "Sorrentino"),
            (.anglo, "Pritchard"), (.greek, "Theodorou"), (.anglo, "Whelan"), (.chinese, "Kwok"), (.anglo, "Fowler"),
        ]
        return table.map { (name: $0.1, origin: $0.0) }
    }()

    /// Anglo given names for men, most frequent first (as practices hold them: every generation).
    static let angloMale = [
        "John", "David", "Michael", "Peter", "Paul", "Robert", "Andrew", "Mark", "James", "Stephen",
        "Christopher", "Matthew", "Daniel", "Anthony", "Richard", "William", "Thomas", "Brian", "Ian", "Gregory",
        "Scott", "Jason", "Craig", "Benjamin", "Joshua", "Luke", "Ryan", "Nathan", "Adam", "Simon", "Timothy",
        "Kevin", "Gary", "Wayne", "Shane", "Brett", "Darren", "Glenn", "Geoffrey", "Graham", "Keith", "Kenneth",
        "Ross", "Neil", "Trevor", "Barry", "Colin", "Dean", "Lachlan", "Jack", "Samuel", "Liam", "Noah", "Oliver",
        "Ethan", "Jacob", "Alexander", "Patrick", "Nicholas", "Jonathan", "Edward", "Mitchell", "Cameron", "Jordan",
        "Bradley", "Aaron", "Rhys", "Harrison", "Hamish", "Angus", "Dylan", "Tyler", "Brendan", "Damien", "Troy",
        "Rodney", "Murray", "Malcolm", "Douglas", "Raymond", "Frank", "George", "Henry", "Charles", "Harry",
        "Joseph", "Vincent", "Dominic", "Leonard", "Alan", "Terence", "Phillip", "Russell", "Stuart", "Warren",
        "Dennis", "Lawrence", "Gerald", "Frederick", "Max", "Oscar", "Cooper", "Riley", "Blake", "Jayden",
    ]

    static let angloFemale = [
        "Mary", "Jennifer", "Sarah", "Michelle", "Lisa", "Karen", "Susan", "Jessica", "Emma", "Kylie", "Rebecca",
        "Nicole", "Amanda", "Elizabeth", "Margaret", "Patricia", "Linda", "Julie", "Helen", "Catherine", "Katherine",
        "Anne", "Christine", "Deborah", "Jodie", "Melissa", "Rachel", "Kate", "Emily", "Hannah", "Chloe", "Olivia",
        "Charlotte", "Amelia", "Sophie", "Grace", "Ruby", "Isabella", "Mia", "Lauren", "Megan", "Natalie",
        "Stephanie", "Samantha", "Danielle", "Belinda", "Leanne", "Tracey", "Joanne", "Kerry", "Sharon", "Wendy",
        "Janet", "Carol", "Barbara", "Judith", "Robyn", "Gail", "Denise", "Alison", "Fiona", "Kirsten", "Tanya",
        "Renee", "Bianca", "Jacqueline", "Victoria", "Alexandra", "Caroline", "Louise", "Claire", "Zoe", "Georgia",
        "Madison", "Ella", "Lucy", "Holly", "Jasmine", "Tessa", "Anna", "Kimberley", "Abigail", "Joanna", "Heather",
    ]

    /// Given names by origin and sex (`given[origin][female ? 1 : 0]`), most frequent first.
    static let given: [[[String]]] = NameOrigin.allCases.map { origin in
        [own(origin, female: false), own(origin, female: true)]
    }

    /// The long-tailed draw over each list of `given`.
    static let givenTables: [[ZipfTable]] = given.map { lists in lists.map { ZipfTable(count: $0.count, offset: 1) } }

    /// Each origin's own given names for men and for women, most frequent first.
    static func own(_ origin: NameOrigin, female: Bool) -> [String] {
        switch (origin, female) {
        case (.anglo, false): angloMale
        case (.anglo, true): angloFemale
        case (.vietnamese, false):
            [
                "Minh", "Hung", "Tuan", "Thanh", "Duc", "Quang", "Hieu", "Long", "Nam", "Phuc", "Dung", "Khoa", "Huy",
                "Trung", "Vinh", "Bao", "Hai", "Son", "Thang", "Cuong",
            ]
        case (.vietnamese, true):
            [
                "Linh", "Lan", "Mai", "Huong", "Thuy", "Hoa", "Ngoc", "Trang", "Thao", "Hanh", "Anh", "Phuong", "Nga",
                "Thu", "Tam", "Yen", "Loan", "Hien", "Diep", "Kim",
            ]
        case (.chinese, false):
            [
                "Wei", "Jun", "Hao", "Lei", "Ming", "Jian", "Yong", "Tao", "Bo", "Feng", "Cheng", "Kai", "Jie", "Peng",
                "Xin", "Zhi", "Chun", "Kwok", "Wing", "Ka Ho",
            ]
        case (.chinese, true):
            [
                "Mei", "Ying", "Li", "Xiao", "Hui", "Yan", "Jing", "Ling", "Fang", "Hong", "Yu", "Qing", "Na", "Min",
                "Shu", "Wen", "Siu", "Wai Man",
            ]
        case (.indian, false):
            [
                "Rajesh", "Amit", "Sanjay", "Vikram", "Arjun", "Rahul", "Suresh", "Anil", "Ravi", "Deepak", "Manoj",
                "Ashok", "Pradeep", "Harpreet", "Gurpreet", "Vijay", "Karan", "Rohit", "Nikhil", "Aditya",
            ]
        case (.indian, true):
            [
                "Priya", "Anjali", "Sunita", "Pooja", "Neha", "Kavita", "Deepa", "Anita", "Lakshmi", "Meena", "Shreya",
                "Divya", "Simran", "Harjit", "Manpreet", "Ritu", "Swati", "Nisha", "Rekha", "Asha",
            ]
        case (.greek, false):
            [
                "George", "Nick", "Con", "Peter", "Chris", "Dimitrios", "Konstantinos", "Georgios", "Nikolaos",
                "Ioannis", "Vasilios", "Spiros", "Stavros", "Antonios", "Theo", "Andreas", "Michail", "Angelo",
            ]
        case (.greek, true):
            [
                "Maria", "Eleni", "Anna", "Georgia", "Katerina", "Sophia", "Despina", "Voula", "Angela", "Vasiliki",
                "Christina", "Dimitra", "Irene", "Stella", "Athena", "Paraskevi",
            ]
        case (.italian, false):
            [
                "Giuseppe", "Antonio", "Giovanni", "Salvatore", "Francesco", "Vincenzo", "Luigi", "Marco", "Rocco",
                "Domenico", "Mario", "Carmelo", "Frank", "Tony", "Paolo", "Luca", "Angelo", "Sergio",
            ]
        case (.italian, true):
            [
                "Maria", "Giuseppina", "Rosa", "Anna", "Carmela", "Francesca", "Antonietta", "Lucia", "Teresa",
                "Giulia", "Concetta", "Angela", "Rita", "Sofia", "Elena", "Gina",
            ]
        case (.lebanese, false):
            ["Mohammed", "Ahmad", "Ali", "Omar", "Khaled", "Joseph", "Elias", "Charbel", "Tony", "Sam", "Georges"]
        case (.lebanese, true):
            ["Fatima", "Mariam", "Rania", "Layla", "Nadia", "Rita", "Joumana", "Zeina", "Maha", "Samira"]
        case (.filipino, false):
            ["Jose", "Juan", "Mark", "Ramon", "Rodel", "Arnel", "Jonathan", "Rommel", "Noel", "Ferdinand"]
        case (.filipino, true):
            ["Maria", "Rosario", "Cristina", "Jocelyn", "Marites", "Lourdes", "Maricel", "Divina", "Analyn"]
        case (.korean, false):
            ["Min-jun", "Ji-hoon", "Sung-ho", "Jae-won", "Dong-hyun", "Hyun-woo", "Seung-min", "Young-soo"]
        case (.korean, true):
            ["Ji-yeon", "Soo-jin", "Min-ji", "Hye-jin", "Eun-ji", "Seo-yeon", "Yu-na", "Ha-eun"]
        }
    }

    /// The English name a person of another origin goes by, which one system holds and the
    /// other not ("Minh" -> "Michael", "Giuseppe" -> "Joe", "Dimitrios" -> "Jim").
    static let englishName: [String: [String]] = [
        "Minh": ["Michael"], "Hung": ["Henry"], "Tuan": ["Tony"], "Thanh": ["Tom"], "Duc": ["David"],
        "Quang": ["Kevin"], "Hieu": ["Hugh"], "Long": ["Leon"], "Nam": ["Nathan"], "Phuc": ["Phillip"],
        "Dung": ["Daniel"], "Huy": ["Harry"], "Trung": ["Terry"], "Vinh": ["Vincent"], "Bao": ["Bobby"],
        "Linh": ["Linda"], "Lan": ["Lana"], "Mai": ["May"], "Huong": ["Helen"], "Thuy": ["Tina"], "Hoa": ["Flora"],
        "Ngoc": ["Nancy"], "Trang": ["Tracy"], "Thao": ["Tania"], "Hanh": ["Hannah"], "Anh": ["Annie"],
        "Phuong": ["Fiona"], "Kim": ["Kimberly"], "Wei": ["William", "Wayne"], "Jun": ["John"], "Hao": ["Howard"],
        "Lei": ["Ray"], "Ming": ["Michael"], "Jian": ["James"], "Yong": ["Eric"], "Tao": ["Tom"], "Feng": ["Frank"],
        "Kai": ["Kevin"], "Kwok": ["Kenneth"], "Wing": ["Vincent"], "Ka Ho": ["Kelvin"], "Mei": ["May"],
        "Ying": ["Yvonne"], "Li": ["Lily"], "Xiao": ["Sharon"], "Hui": ["Helen"], "Yan": ["Jenny"],
        "Jing": ["Jenny"], "Ling": ["Linda"], "Fang": ["Fiona"], "Hong": ["Grace"], "Siu": ["Susan"],
        "Wai Man": ["Winnie"], "Rajesh": ["Raj"], "Vikram": ["Vic"], "Harpreet": ["Harry"], "Gurpreet": ["Gary"],
        "Pradeep": ["Peter"], "Suresh": ["Steve"], "Dimitrios": ["Jim", "James"], "Konstantinos": ["Con", "Dean"],
        "Georgios": ["George"], "Nikolaos": ["Nick"], "Ioannis": ["John"], "Vasilios": ["Bill"],
        "Spiros": ["Steve"], "Stavros": ["Steve"], "Antonios": ["Tony"], "Michail": ["Michael"],
        "Vasiliki": ["Vicky", "Bessie"], "Dimitra": ["Demi"], "Despina": ["Debbie"], "Paraskevi": ["Vivian"],
        "Katerina": ["Kathy"], "Eleni": ["Helen"], "Giuseppe": ["Joe", "Joseph"], "Giovanni": ["John"],
        "Salvatore": ["Sam"], "Francesco": ["Frank"], "Vincenzo": ["Vince"], "Antonio": ["Tony"],
        "Domenico": ["Dominic"], "Luigi": ["Lou"], "Rocco": ["Rocky"], "Carmelo": ["Carl"], "Giuseppina": ["Josie"],
        "Antonietta": ["Toni"], "Concetta": ["Connie"], "Carmela": ["Carmel"], "Francesca": ["Fran"],
        "Mohammed": ["Mo"], "Khaled": ["Kal"], "Charbel": ["Charlie"], "Joumana": ["Joanne"],
        "Min-jun": ["Michael"], "Ji-hoon": ["Jason"], "Sung-ho": ["Sam"], "Jae-won": ["James"],
        "Ji-yeon": ["Julie"], "Soo-jin": ["Susan"], "Min-ji": ["Minnie"], "Hye-jin": ["Helen"],
    ]

    /// Short forms people go by, which one system holds instead of the given name.
    static let nicknames: [String: [String]] = [
        "Robert": ["Bob", "Rob", "Robbie"], "William": ["Bill", "Will", "Billy"], "Michael": ["Mike", "Mick"],
        "Christopher": ["Chris"], "Andrew": ["Andy", "Drew"], "Anthony": ["Tony"], "Benjamin": ["Ben"],
        "Daniel": ["Dan", "Danny"], "David": ["Dave"], "James": ["Jim", "Jamie"], "Joseph": ["Joe"],
        "Matthew": ["Matt"], "Nicholas": ["Nick"], "Peter": ["Pete"], "Richard": ["Rick", "Rich"],
        "Stephen": ["Steve"], "Thomas": ["Tom", "Tommy"], "Timothy": ["Tim"], "Gregory": ["Greg"],
        "Samuel": ["Sam"], "Edward": ["Ed", "Ted"], "Alexander": ["Alex"], "Jonathan": ["Jon"], "Kenneth": ["Ken"],
        "Geoffrey": ["Geoff"], "Lawrence": ["Laurie", "Larry"], "Patrick": ["Pat", "Paddy"], "Raymond": ["Ray"],
        "Terence": ["Terry"], "Phillip": ["Phil"], "Douglas": ["Doug"], "Charles": ["Charlie"],
        "Frederick": ["Fred"], "Gerald": ["Gerry"], "Lachlan": ["Lachie"], "Joshua": ["Josh"], "Bradley": ["Brad"],
        "Cameron": ["Cam"], "Mitchell": ["Mitch"], "Leonard": ["Len"], "Vincent": ["Vince"], "Dominic": ["Dom"],
        "Elizabeth": ["Liz", "Beth", "Libby"], "Catherine": ["Cathy", "Kate"], "Katherine": ["Kate", "Kathy", "Katie"],
        "Margaret": ["Marg", "Maggie"], "Jennifer": ["Jenny", "Jen"], "Rebecca": ["Bec", "Becky"],
        "Jessica": ["Jess"], "Samantha": ["Sam"], "Alexandra": ["Alex"], "Victoria": ["Vicky", "Tori"],
        "Deborah": ["Deb", "Debbie"], "Patricia": ["Trish", "Pat"], "Susan": ["Sue"], "Christine": ["Chris"],
        "Stephanie": ["Steph"], "Natalie": ["Nat"], "Jacqueline": ["Jacqui", "Jackie"], "Kimberley": ["Kim"],
        "Nicole": ["Nicky"], "Danielle": ["Dani"], "Amanda": ["Mandy"], "Judith": ["Judy"], "Abigail": ["Abby"],
        "Melissa": ["Mel"], "Belinda": ["Bel"], "Barbara": ["Barb"], "Joanne": ["Jo"], "Joanna": ["Jo"],
        "Isabella": ["Bella", "Izzy"], "Charlotte": ["Charlie"], "Amelia": ["Millie"],
    ]

    /// Names sometimes written with a space, an apostrophe or a capital that the other system
    /// leaves out or adds: "Mac Donald" / "MacDonald", "De Silva" / "Desilva", "O'Brien" / "OBrien".
    static func spacingVariants(_ surname: String) -> [String] {
        switch surname {
        case "MacDonald": ["Mac Donald", "Macdonald", "McDonald"]
        case "McKenzie": ["Mc Kenzie", "Mckenzie", "MacKenzie"]
        case "Mac Kenzie": ["MacKenzie", "Mackenzie"]
        case "McLean": ["Mc Lean", "Mclean", "MacLean"]
        case "McGrath": ["Mc Grath", "Mcgrath"]
        case "McCarthy": ["Mc Carthy", "Mccarthy"]
        case "McIntyre": ["Mc Intyre", "Mcintyre", "MacIntyre"]
        case "O'Brien": ["OBrien", "O Brien", "O'brien"]
        case "O'Connor": ["OConnor", "O Connor", "O'connor"]
        case "O'Neill": ["ONeill", "O Neill", "O'Neil"]
        case "D'Souza": ["DSouza", "D Souza", "Dsouza"]
        case "De Silva": ["Desilva", "DeSilva", "de Silva"]
        case "De Luca": ["Deluca", "DeLuca", "de Luca"]
        case "De Vries": ["Devries", "DeVries", "de Vries"]
        case "Da Costa": ["Dacosta", "DaCosta", "da Costa"]
        case "Di Stefano": ["Distefano", "DiStefano", "Di Steffano"]
        case "Di Pietro": ["Dipietro", "DiPietro"]
        case "La Rosa": ["Larosa", "LaRosa"]
        case "Lo Presti": ["Lopresti", "LoPresti"]
        case "Van Der Berg": ["Van den Berg", "Vandenberg", "van der Berg", "VanDerBerg"]
        case "Van Dyk": ["Vandyk", "van Dyk", "Van Dijk"]
        case "Le Roux": ["Leroux", "LeRoux", "le Roux"]
        case "St Clair": ["St. Clair", "Saint Clair", "Sinclair"]
        case "Dela Cruz": ["Delacruz", "De La Cruz", "dela Cruz"]
        default: []
        }
    }

    /// Business words for trading names that do not carry the family's name.
    static let tradingFirst = [
        "Coastal", "Harbourside", "Southern Cross", "Blue Gum", "Ironbark", "Summit", "Pinnacle", "Redgum", "Seaside",
        "Northside", "Westside", "Eastern", "Golden Wattle", "Silver Oak", "Bayview", "Hillcrest", "Riverside",
        "Sunrise", "Evergreen", "Kookaburra", "Platinum", "Precision", "Elite", "Prime", "Apex", "Allied", "Metro",
        "Outback", "Parkside", "Greenfield", "Lakeside", "Heritage", "Horizon", "Keystone", "Citywide", "Oceanic",
    ]

    static let trades = [
        "Plumbing", "Electrical", "Constructions", "Building Services", "Carpentry", "Landscaping", "Painting",
        "Tiling", "Roofing", "Concreting", "Cleaning Services", "Cafe", "Bakery", "Physiotherapy", "Dental",
        "Medical Centre", "Pharmacy", "Transport", "Logistics", "Removals", "Automotive", "Smash Repairs",
        "Hair Studio", "Beauty", "Fitness", "Consulting", "IT Solutions", "Property Services", "Real Estate",
        "Mortgage Brokers", "Financial Planning", "Legal", "Engineering", "Design", "Joinery", "Air Conditioning",
        "Pest Control", "Fencing", "Earthmoving", "Catering", "Imports", "Trading", "Childcare", "Veterinary",
    ]

    static let familyCompanyWords = ["Holdings", "Investments", "Nominees", "Enterprises", "Group", "Corporation"]
}
