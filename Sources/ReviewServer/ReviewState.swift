import Foundation
import Logging
import SingleClientRecord

/// What the server holds: the board (its decisions behind one lock), the plan's records once
/// read, the key and store it was started with, and the sessions the token was exchanged for.
final class ReviewState: @unchecked Sendable {
    static let bodyLimit = 64 * 1024
    static let cookie = "scr_review"

    /// Readers share the board; a decision, a reload, a confirm or a commit has it alone.
    private let boardLock: UnsafeMutablePointer<pthread_rwlock_t> = {
        let lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
        var attributes = pthread_rwlockattr_t()
        pthread_rwlockattr_init(&attributes)
        // A decision waits for the reads in flight, not for every read that comes after it.
        pthread_rwlockattr_setkind_np(&attributes, Int32(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
        pthread_rwlock_init(lock, &attributes)
        pthread_rwlockattr_destroy(&attributes)
        return lock
    }()
    /// Guards everything else (sessions, the search cache, the port).
    private let lock = NSLock()
    private var board: ReviewBoard
    let key: AdministratorKey?
    let store: String?
    /// The one-time token `scr review` printed; exchanged for a session once.
    let token = ReviewState.randomToken()
    private var tokenUsed = false
    /// Session id to its CSRF token.
    private var sessions: [String: String] = [:]
    private var boundPort = 0
    var port: Int { locked { boundPort } }
    /// The latest searches' flags, by query (newest last), so that paging through a search, or
    /// coming back to it, searches once.
    private var searches: [(query: String, found: [Bool])] = []
    static let searchesKept = 32
    private var records: Task<Result<ReviewRecords, any Error>, Never>?

    init(board: ReviewBoard, key: AdministratorKey?, store: String?) {
        self.board = board
        self.key = key
        self.store = store
    }

    func bound(port: Int) { locked { boundPort = port } }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    deinit {
        pthread_rwlock_destroy(boardLock)
        boardLock.deallocate()
    }

    /// Runs `body` on the board alone, reading decisions.csv again first if it changed behind
    /// the server: what changes decisions, confirms and commits.
    func withBoard<T>(_ body: (inout ReviewBoard) throws -> T) throws -> T {
        pthread_rwlock_wrlock(boardLock)
        defer { pthread_rwlock_unlock(boardLock) }
        try board.reloadIfChanged()
        return try body(&board)
    }

    /// Runs `body` on the board beside other readers (after reading decisions.csv again, alone,
    /// if it changed behind the server).
    func reading<T>(_ body: (ReviewBoard) throws -> T) throws -> T {
        pthread_rwlock_rdlock(boardLock)
        if board.ledger.changedBehind {
            pthread_rwlock_unlock(boardLock)
            try withBoard { _ in }
            pthread_rwlock_rdlock(boardLock)
        }
        defer { pthread_rwlock_unlock(boardLock) }
        return try body(board)
    }

    /// The summary, as the page shows it.
    func summary() throws -> ReviewBoard.Summary {
        try reading { $0.summary(canConfirm: key != nil, canCommit: store != nil) }
    }

    /// A page of rows; a search's flags are kept for the next page of the same search.
    func rows(_ filter: ReviewFilter) throws -> ReviewBoard.Page {
        try reading { board in
            guard !filter.query.isEmpty else { return board.rows(filter) }
            let cached = locked { searches.last { $0.query == filter.query }?.found }
            let found = cached ?? board.searchFlags(filter.query)
            if cached == nil {
                locked {
                    searches.append((filter.query, found))
                    if searches.count > Self.searchesKept { searches.removeFirst() }
                }
            }
            return board.rows(filter, searched: found)
        }
    }

    // MARK: Sessions

    /// Exchanges the one-time token for a new session: its id and CSRF token; nil when the
    /// token is wrong or was used.
    func exchange(_ offered: String) -> (session: String, csrf: String)? {
        locked {
            guard !tokenUsed, Self.same(offered, token) else { return nil }
            tokenUsed = true
            let session = Self.randomToken()
            let csrf = Self.randomToken()
            sessions[session] = csrf
            return (session, csrf)
        }
    }

    /// The CSRF token of session `id`, when it is one.
    func csrf(session id: String) -> String? { locked { sessions[id] } }

    func isToken(_ offered: String) -> Bool { Self.same(offered, token) }

    /// Compares in time that does not depend on where the texts differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(16) }.joined()
    }

    // MARK: Records

    /// Starts what waits until the board answers: the search index, and reading the plan's
    /// inputs, for members side by side.
    func startBackgroundWork() {
        guard
            let (outline, folder) = try? reading({ board in
                board.prepare()
                return (board.outline, board.folder)
            })
        else { return }
        let task = Task.detached(priority: .utility) {
            Result { try ReviewRecords(outline: outline, folder: folder) }
        }
        locked { records = task }
    }

    /// The plan's records, once read (nil, with the reason, when the inputs cannot be read).
    func plannedRecords() async -> (records: ReviewRecords?, problem: String?) {
        guard let records = locked({ records }) else { return (nil, "the inputs are not read yet") }
        switch await records.value {
        case .success(let read): return (read, nil)
        case .failure(let error): return (nil, String(describing: error))
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

extension ReviewServer {
    /// Hummingbird's own logger says nothing: standard output is the URL, and the server's log
    /// lines (``Guard``) name no client data.
    static var quietLogger: Logger {
        var logger = Logger(label: "scr-review", factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .critical
        return logger
    }
}
