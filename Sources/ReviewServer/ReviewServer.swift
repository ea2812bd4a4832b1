import Foundation
import Hummingbird
import NIOCore
import SingleClientRecord

/// `scr review`'s server: the review board for one plan folder, on 127.0.0.1 only.
///
/// Every request needs the session cookie the one-time token was exchanged for (or the token
/// itself as `Authorization: Bearer`), a `Host` naming this server, and for anything that
/// changes state with the cookie, the session's CSRF token and a same-origin `Origin`. Every
/// answer carries a Content-Security-Policy that forbids anything from outside. Logs hold
/// methods, paths, statuses and timings, never a query or a body.
///
///     let server = try ReviewServer(folder: "plan", key: "master.key", store: nil, port: 0)
///     try await server.run { url in print(url) }
public struct ReviewServer: Sendable {
    let state: ReviewState
    let port: Int

    /// Opens the plan (plan.json and decisions.csv are read and checked now; the inputs, for
    /// showing members, are read in the background).
    public init(folder: String, key: String?, store: String?, port: Int) throws {
        let administratorKey = try key.map { try AdministratorKey(contentsOf: $0) }
        if let store { _ = try openStore(store, access: .read) }  // a store that cannot open is said now
        state = ReviewState(board: try ReviewBoard(folder: folder), key: administratorKey, store: store)
        self.port = port
    }

    /// What `scr review` prints first: where to open the board.
    public struct Address: Codable, Sendable {
        public var url: String
        public var token: String
        public var port: Int
    }

    /// Serves until SIGINT or SIGTERM; `ready` is called once the port is bound.
    public func run(ready: @escaping @Sendable (Address) -> Void) async throws {
        let state = self.state
        let router = Router(context: ReviewContext.self)
        router.add(middleware: Guard(state: state))
        routes(router, state)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                state.bound(port: port)
                // The search index and the members' records, once the board answers (a search and
                // a cluster page wait for them).
                state.startBackgroundWork()
                ready(
                    Address(
                        url: "http://127.0.0.1:\(port)/?token=\(state.token)", token: state.token, port: port))
            },
            logger: Self.quietLogger
        )
        try await app.runService()
    }
}

/// The request context: which way the request was let in.
struct ReviewContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The session the cookie named (nil for a bearer token).
    var session: String?

    init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Bodies are small JSON documents.
    var maxUploadSize: Int { ReviewState.bodyLimit }
}
