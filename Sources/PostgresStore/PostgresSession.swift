import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import SingleClientRecord

/// Where a PostgreSQL store is: `postgres://USER@HOST:PORT/DB?practice=NAME`. The password is
/// never in the location (plans and messages name it): it comes from `PGPASSWORD` or a
/// `.pgpass`-style file (`PGPASSFILE`, else `~/.pgpass`), as libpq reads them.
public struct PostgresLocation: Sendable, Equatable {
    public var user: String
    public var host: String
    public var port: Int
    public var database: String
    /// The practice whose rows the session may see; nil for a bureau-wide session (a worker).
    public var practice: String?

    /// Parses `location`, refusing what it cannot use with the reason.
    public init(_ location: String) throws(StoreError) {
        func refuse(_ why: String) -> StoreError { StoreError(path: Self.redacted(location), why) }
        guard let components = URLComponents(string: location),
            let scheme = components.scheme?.lowercased(), ["postgres", "postgresql"].contains(scheme)
        else {
            throw refuse("not a PostgreSQL location; write postgres://USER@HOST:PORT/DB?practice=NAME")
        }
        if components.password != nil {
            throw refuse(
                "a password is never written in the store's location (it would be kept in plans and messages); set PGPASSWORD or use a .pgpass file"
            )
        }
        guard let user = components.user, !user.isEmpty else { throw refuse("the location names no user (USER@)") }
        guard let host = components.host, !host.isEmpty else { throw refuse("the location names no host") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw refuse("the location names no database (/DB after the host and port)")
        }
        var practice: String?
        for item in components.queryItems ?? [] {
            guard item.name == "practice" else {
                throw refuse("unknown parameter '\(item.name)'; the only one is practice=NAME")
            }
            guard let value = item.value, let problem = Self.problem(withPractice: value) else {
                practice = item.value
                continue
            }
            throw refuse(problem)
        }
        self.user = user.removingPercentEncoding ?? user
        self.host = host
        self.port = components.port ?? 5432
        self.database = database.removingPercentEncoding ?? database
        self.practice = practice
    }

    /// Why a name cannot be a practice's; nil when it can. Letters, digits, `.`, `_` and `-`, up
    /// to 100 characters: it names the practice in the store and in the batch summary.
    public static func problem(withPractice name: String) -> String? {
        if name.isEmpty { return "the practice's name is empty" }
        if name == "." || name == ".." { return "the practice's name must not be '.' or '..'" }
        if name.count > 100 { return "the practice's name is longer than 100 characters" }
        if !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) {
            return "the practice's name may hold only letters, digits, '.', '_' and '-'"
        }
        return nil
    }

    /// The location as messages name it.
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)" + (practice.map { "?practice=\($0)" } ?? "")
    }

    /// This location for another practice.
    public func with(practice: String?) -> PostgresLocation {
        var location = self
        location.practice = practice
        return location
    }

    /// A location as messages may name it: anything between `//` and `@` dropped.
    static func redacted(_ location: String) -> String {
        guard let start = location.range(of: "://"), let at = location[start.upperBound...].firstIndex(of: "@")
        else { return location }
        let credentials = location[start.upperBound..<at]
        guard credentials.contains(":") else { return location }
        return String(location[..<start.upperBound] + (credentials.split(separator: ":").first ?? "") + location[at...])
    }

    /// The password for this location: `PGPASSWORD`, else the first matching line of the
    /// password file (`host:port:database:user:password`, `*` matching anything, `\` escaping),
    /// read only when no one but its owner can read it.
    func password(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let password = environment["PGPASSWORD"] { return password }
        let path =
            environment["PGPASSFILE"]
            ?? (environment["HOME"].map { ($0 as NSString).appendingPathComponent(".pgpass") })
        guard let path else { return nil }
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_mode & 0o077 == 0,
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        else { return nil }
        let wanted = [host, String(port), database, user]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = Self.passFields(line)
            guard fields.count == 5 else { continue }
            if zip(fields.prefix(4), wanted).allSatisfy({ $0.0 == "*" || $0.0 == $0.1 }) { return fields[4] }
        }
        return nil
    }

    static func passFields(_ line: Substring) -> [String] {
        var fields: [String] = [""]
        var escaped = false
        for character in line {
            if escaped {
                fields[fields.count - 1].append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 5 {
                fields.append("")
            } else {
                fields[fields.count - 1].append(character)
            }
        }
        return fields
    }
}

/// One connection to the database, used from synchronous code: every call blocks until
/// PostgreSQL answers (the connection lives on NIO's own event loop threads, never on the
/// caller's). Calls are serialised, and a transaction holds the connection until it ends.
///
/// A session for a practice sets `scr.practice`, which every table's row-level security policy
/// compares with each row's practice: no statement scr sends in this session can read or write
/// another practice's rows, whatever it says. (It guards against scr's mistakes, not against
/// someone who holds the role's password: they can set `scr.practice` themselves.)
final class PostgresSession: @unchecked Sendable {
    let location: PostgresLocation
    private let connection: PostgresConnection
    private let logger: Logger
    private let lock = NSRecursiveLock()

    init(_ location: PostgresLocation) throws(StoreError) {
        self.location = location
        var logger = Logger(label: "scr.postgres")
        logger.logLevel = .critical  // no client data in logs: queries and binds are never logged
        self.logger = logger
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password(),
            database: location.database, tls: .disable)
        do {
            connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 1, logger: logger
            ).wait()
        } catch {
            throw StoreError(path: location.description, "cannot connect to the store: \(Self.words(error))")
        }
        do {
            let role = try query("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
            if try role.first?.decode(Bool.self) ?? true {
                throw StoreError(
                    path: location.description,
                    "the store's user '\(location.user)' is a superuser or bypasses row-level security, which would not keep practices apart; connect as an ordinary role that owns the database (README: Bureau)"
                )
            }
            var binds = PostgresBindings()
            binds.append(location.practice ?? "")
            _ = try query("SELECT set_config('scr.practice', $1, false)", binds)
        } catch let error as StoreError {
            close()
            throw error
        } catch {
            close()
            throw StoreError(path: location.description, "cannot read the store's role: \(Self.words(error))")
        }
    }

    deinit { try? connection.close().wait() }

    func close() { try? connection.close().wait() }

    /// Runs one statement and collects its rows.
    @discardableResult
    func query(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) throws(StoreError) -> PostgresQueryResult
    {
        lock.lock()
        defer { lock.unlock() }
        do {
            return try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).wait()
        } catch {
            throw StoreError(path: location.description, "the store refused the request: \(Self.words(error))")
        }
    }

    /// How many rows a statement changed.
    func execute(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) throws(StoreError) -> Int {
        try query(sql, binds).metadata.rows ?? 0
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(isolation: String? = nil, _ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        try query(isolation.map { "BEGIN ISOLATION LEVEL \($0)" } ?? "BEGIN")
        do {
            let value = try body()
            try query("COMMIT")
            return value
        } catch {
            _ = try? query("ROLLBACK")
            throw error
        }
    }

    /// What went wrong, in words that name no value: PostgreSQL's primary message and SQLSTATE
    /// (its detail, which may quote a row, is left out), or the connection's failure.
    static func words(_ error: any Error) -> String {
        if let error = error as? StoreError { return error.message }
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                return message + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
            }
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }
}

extension PostgresBindings {
    /// Appends an array bind (`unnest($n::type[])`): one statement writes many rows.
    mutating func array<Element: PostgresArrayEncodable>(_ values: [Element]) throws(StoreError) {
        do {
            try append(values)
        } catch {
            throw StoreError(path: "", "cannot encode a bulk write: \(PostgresSession.words(error))")
        }
    }
}
