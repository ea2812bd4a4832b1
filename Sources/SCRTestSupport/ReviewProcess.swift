import Foundation

/// `scr review` run as the built binary, for tests: started with `--json`, its address read from
/// the first line it prints, stopped with SIGTERM.
///
///     let server = try ReviewProcess(["review", plan, "--key", key])
///     let answer = try server.request("GET", "/api/summary", bearer: true)
///     let log = try server.stop()
public final class ReviewProcess: @unchecked Sendable {
    public let process = Process()
    public let url: String
    public let token: String
    public let port: Int
    private let err = Pipe()
    private let out = Pipe()

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(_ arguments: [String]) throws {
        process.executableURL = scrExecutable
        process.arguments = arguments + ["--json"]
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // The first line: {"port":…,"token":…,"url":…}.
        var line = Data()
        while true {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data([0x0A]) { break }
            line += byte
        }
        struct Address: Decodable {
            var url: String
            var token: String
            var port: Int
        }
        guard let address = try? JSONDecoder().decode(Address.self, from: line) else {
            process.terminate()
            process.waitUntilExit()
            let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw Failure(description: "scr review did not start: \(said)")
        }
        url = address.url
        token = address.token
        port = address.port
    }

    deinit { if process.isRunning { process.terminate() } }

    /// Stops the server with SIGTERM and returns its exit status and what it wrote on standard
    /// error (its log).
    public func stop() throws -> (status: Int32, log: String) {
        process.terminate()
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, log)
    }

    /// An HTTP answer.
    public struct Answer: Sendable {
        public var status: Int
        /// Header names lowercased.
        public var headers: [String: String]
        public var body: Data
        public var text: String { String(decoding: body, as: UTF8.self) }
        public func json() throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:]
        }
    }

    /// Sends one request over a new connection, exactly as given: `host` is the `Host` header
    /// (the server's own address unless given), `bearer` adds the token, `headers` anything else.
    public func request(
        _ method: String, _ path: String, host: String? = nil, bearer: Bool = false, headers: [String: String] = [:],
        body: Data? = nil, rawBody: Data? = nil
    ) throws -> Answer {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host ?? "127.0.0.1:\(port)")\r\nConnection: close\r\n"
        if bearer { head += "Authorization: Bearer \(token)\r\n" }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        let raw = try Self.exchange(port: port, Data(head.utf8) + (body ?? rawBody ?? Data()))
        guard let split = raw.range(of: Data("\r\n\r\n".utf8)) else {
            throw Failure(description: "no HTTP answer: \(String(decoding: raw, as: UTF8.self))")
        }
        let lines = String(decoding: raw[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ")[1]) ?? 0
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields[name] = fields[name].map { $0 + ", " + value } ?? value
        }
        var payload = Data(raw[split.upperBound...])
        if fields["transfer-encoding"] == "chunked" { payload = Self.dechunked(payload) }
        return Answer(status: status, headers: fields, body: payload)
    }

    /// Writes `bytes` to 127.0.0.1:`port` and reads until the server closes.
    static func exchange(port: Int, _ bytes: Data) throws -> Data {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect: \(errno)") }
        var sent = 0
        try bytes.withUnsafeBytes { raw in
            while sent < raw.count {
                let n = send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                guard n > 0 else { throw Failure(description: "send: \(errno)") }
                sent += n
            }
        }
        var answer = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            answer += buffer[0..<n]
        }
        return answer
    }

    static func dechunked(_ data: Data) -> Data {
        var result = Data()
        var rest = data[...]
        while let lineEnd = rest.range(of: Data("\r\n".utf8)) {
            let size = Int(String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self), radix: 16) ?? 0
            if size == 0 { break }
            let start = lineEnd.upperBound
            result += rest[start..<(start + size)]
            rest = rest[(start + size + 2)...]
        }
        return result
    }
}
