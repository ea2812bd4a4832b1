import Foundation
import Hummingbird

/// Every request passes here first: the `Host` must be this server's own address (a page on
/// another name that resolves here, DNS rebinding, is refused), the request must hold the
/// session cookie or the token as `Authorization: Bearer`, and a request that changes state with
/// the cookie must carry the session's CSRF token and a same-origin `Origin`. Every answer gets
/// the security headers, and one log line on standard error: method, path, status, time.
struct Guard: RouterMiddleware {
    typealias Context = ReviewContext
    let state: ReviewState

    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    func handle(
        _ request: Request, context: ReviewContext, next: (Request, ReviewContext) async throws -> Response
    ) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        var response: Response
        do {
            response = try await checked(request, context: context, next: next)
        } catch let error as HTTPError {
            response = Answer.error(error.status, error.body ?? error.status.reasonPhrase)
        } catch {
            response = Answer.error(.internalServerError, "the server failed: \(type(of: error))")
        }
        Self.secure(&response.headers)
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        // The path only: a query may hold a search (client data) or the token.
        FileHandle.standardError.write(
            Data(
                "\(request.method.rawValue) \(request.uri.path) \(response.status.code) \(String(format: "%.1f", milliseconds)) ms\n"
                    .utf8))
        return response
    }

    private func checked(
        _ request: Request, context: ReviewContext, next: (Request, ReviewContext) async throws -> Response
    ) async throws -> Response {
        let port = state.port
        guard let host = request.head.authority, Self.ownHosts(port).contains(host.lowercased()) else {
            return Answer.error(.forbidden, "this server answers only to 127.0.0.1:\(port)")
        }
        var context = context
        let path = request.uri.path
        // Opening the printed URL: the one-time token is exchanged for a session cookie.
        if request.method == .get && path == "/", let offered = request.query("token") {
            if let (session, _) = state.exchange(offered) {
                var response = Response(status: .seeOther, headers: [.location: "/"])
                response.headers[.setCookie] = "\(ReviewState.cookie)=\(session); Path=/; HttpOnly; SameSite=Strict"
                return response
            }
            if let session = Self.session(request), state.csrf(session: session) != nil {
                return Response(status: .seeOther, headers: [.location: "/"])
            }
            return Answer.page(
                .unauthorized,
                "This link has been used. Go back to the window it opened, or stop scr review and start it again for a new link."
            )
        }
        if let session = Self.session(request), let csrf = state.csrf(session: session) {
            context.session = session
            if request.method != .get && request.method != .head {
                let origin = request.headers[.origin]?.lowercased()
                guard let origin, Self.ownHosts(port).contains(where: { "http://\($0)" == origin }) else {
                    return Answer.error(.forbidden, "a change must come from the board's own page (Origin)")
                }
                guard let sent = request.headers[.init("X-CSRF-Token")!],
                    ReviewState.same(sent, csrf)
                else {
                    return Answer.error(.forbidden, "a change needs the page's CSRF token")
                }
            }
        } else if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer "),
            state.isToken(String(authorization.dropFirst("Bearer ".count)))
        {
            if let origin = request.headers[.origin]?.lowercased(),
                !Self.ownHosts(port).contains(where: { "http://\($0)" == origin })
            {
                return Answer.error(.forbidden, "a change must come from the board's own page (Origin)")
            }
        } else {
            if path == "/" || !path.hasPrefix("/api/") {
                return Answer.page(.unauthorized, "Open the address scr review printed (it holds the token).")
            }
            return Answer.error(.unauthorized, "open the address scr review printed, or send Authorization: Bearer")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > ReviewState.bodyLimit {
            return Answer.error(.contentTooLarge, "the request body is larger than \(ReviewState.bodyLimit) bytes")
        }
        return try await next(request, context)
    }

    /// The `Host` values this server answers to.
    static func ownHosts(_ port: Int) -> [String] { ["127.0.0.1:\(port)", "localhost:\(port)"] }

    static func session(_ request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for part in header.split(separator: ";") {
                let pair = part.trimmingCharacters(in: .whitespaces)
                if pair.hasPrefix(ReviewState.cookie + "=") {
                    return String(pair.dropFirst(ReviewState.cookie.count + 1))
                }
            }
        }
        return nil
    }

    /// The headers every answer carries.
    static func secure(_ headers: inout HTTPFields) {
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("X-Frame-Options")!] = "DENY"
        headers[.init("Referrer-Policy")!] = "no-referrer"
        headers[.init("Cross-Origin-Opener-Policy")!] = "same-origin"
        headers[.init("Cross-Origin-Resource-Policy")!] = "same-origin"
        headers[.cacheControl] = "no-store"
    }
}

extension Request {
    /// A query parameter, percent-decoded by Hummingbird (the first when it is given twice).
    func query(_ name: String) -> String? { uri.queryParameters[name[...]].map(String.init) }
}
