import Foundation
import SCRTestSupport
import Testing

@testable import SingleClientRecord
@testable import SyntheticPractice

/// The fast plan.json reader gives what `JSONDecoder` gives, on generated, demo and real-world
/// plans, laid out as scr writes them or otherwise, and refuses what `JSONDecoder` refuses.
@Suite struct PlanOutlineTests {
    let folder = TemporaryFolder()

    /// Plans of generated practices (two seeds, both noise levels, two policies), the demo practice
    /// and the real-world XPM responses.
    private func plans() throws -> [String] {
        var inputs: [(String, InputFiles, PlanOptions)] = []
        for (seed, noise) in [(UInt64(3), NoiseLevel.default), (11, .high)] {
            let practice = folder.path + "/practice-\(seed)"
            _ = try PracticeGenerator.write(
                PracticeGenerator.Options(clients: 300, seed: seed, noise: noise), to: practice)
            let files = InputFiles(hq: practice + "/hq.csv", xpm: [practice + "/xpm.xml"])
            inputs.append(("generated-\(seed)", files, PlanOptions()))
            inputs.append(("generated-\(seed)-keep-xpm", files, PlanOptions(policy: .keepXPM)))
        }
        inputs.append(
            (
                "demo",
                InputFiles(
                    hq: Fixtures.path("demo/hq.csv"), hqContacts: Fixtures.path("demo/hq-contacts.csv"),
                    xpm: [Fixtures.path("demo/xpm.xml")]), PlanOptions()
            ))
        let real = ["client-get", "client-list-when-detailed-true", "client-search-when-detailed-true"]
        inputs.append(
            (
                "real-world", InputFiles(xpm: real.map { Fixtures.path("real-world/xpm-api/\($0).xml") }), PlanOptions()
            ))
        return try inputs.map { name, files, options in
            let out = folder.path + "/plan-" + name
            _ = try PlanFolder.plan(files, options: options, out: out)
            return out
        }
    }

    /// The outline holds exactly what the decoded plan holds, each record as its exact bytes.
    private func expectSame(_ outline: PlanOutline, _ plan: PlanDocument, exactRecords: Bool = true) throws {
        #expect(outline.formatVersion == plan.formatVersion)
        #expect(outline.planId == plan.planId)
        #expect(outline.policy == plan.policy)
        #expect(outline.preferences == plan.preferences)
        #expect(outline.inputs == plan.inputs)
        #expect(outline.store == plan.store)
        #expect(outline.clusters.count == plan.clusters.count)
        for (read, decoded) in zip(outline.clusters, plan.clusters) {
            #expect(read.id == decoded.id)
            #expect(read.status == decoded.status)
            #expect(read.action == decoded.action)
            #expect(read.members == decoded.members)
            #expect(read.name == decoded.record.fields[.name]?.value)
            #expect(read.archived == decoded.record.archived)
            #expect(try JSONDecoder().decode(CanonicalRecord.self, from: Data(read.record.utf8)) == decoded.record)
            if exactRecords {
                var json = JSONWriter()
                decoded.record.write(to: &json)
                #expect(Array(read.record.utf8) == json.bytes)
            }
        }
    }

    @Test func readsWhatJSONDecoderReads() throws {
        for out in try plans() {
            let data = try Data(contentsOf: URL(fileURLWithPath: out + "/plan.json"))
            let plan = try JSONDecoder().decode(PlanDocument.self, from: data)
            // The fast reader itself, not its fallback to JSONDecoder.
            let outline = try PlanOutline.read(data, sha256: "-")
            try expectSame(outline, plan)
            #expect(try PlanOutline.read(from: out).sha256 == (try PlanDocument.readWithDigest(from: out)).sha256)
        }
    }

    @Test func readsAPlanLaidOutOtherwise() throws {
        let out = try plans()[0]
        let plan = try PlanDocument.read(from: out)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted]
        let pretty = try encoder.encode(plan)
        try expectSame(try PlanOutline.read(pretty, sha256: "-"), plan, exactRecords: false)
        // Escaped keys and strings, and a cluster spread over lines among one-line clusters.
        var text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: out + "/plan.json")), as: UTF8.self)
        text = text.replacingOccurrences(of: "{\"action\":", with: "{\n \"\\u0061ction\" :\r\n\t")
        text = text.replacingOccurrences(of: "\"source\":\"hq\"", with: "\"source\":\"h\\u0071\"")
        try expectSame(try PlanOutline.read(Data(text.utf8), sha256: "-"), plan, exactRecords: false)
    }

    /// Seeded mutations of a small plan: the fast reader never reads what JSONDecoder refuses, and
    /// what it reads is what JSONDecoder reads; through its fallback, it always agrees.
    @Test func refusesWhatJSONDecoderRefuses() throws {
        let out = try plans().first { $0.hasSuffix("demo") }!
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: out + "/plan.json")))
        var random = SeededRandom(seed: 42)
        let alphabet = Array("{}[]\",:0-1.en\\u tfalse".utf8)
        let swaps: [(String, String)] = [
            ("\"auto\"", "\"maybe\""), ("true", "null"), ("false", "0"), ("\"key\"", "\"kee\""),
            ("\"from\"", "\"form\""), ("\"archived\"", "\"archive\""), ("\"rule\":\"", "\"rule\":\"x"),
            ("\"value\":\"", "\"value\":1,\"v\":\""), ("\"primary\":", "\"primary\":null,\"p\":"),
            ("\"members\":[", "\"members\":[1,"), ("\"weight\":", "\"weight\":\"1\",\"w\":"),
            ("\"confidence\":", "\"confidence\":1e999,\"c\":"), ("\"id\":", "\"id\":\"dup\",\"id\":"),
            ("\"reasons\":[", "\"reasons\":[null,"), ("\"record\":{", "\"record\":{\"name\":null,"),
            ("\"lines\":", "\"lines\":null,\"l\":"), ("\"clusters\":[", "\"clusters\":{"),
        ]
        var refused = 0
        for round in 0..<600 {
            var bytes = original
            if round % 2 == 0 {
                let at = Int((random.next() % UInt64(bytes.count)))
                switch round % 6 {
                case 0: bytes.remove(at: at)
                case 2: bytes.insert(alphabet[Int((random.next() % UInt64(alphabet.count)))], at: at)
                default: bytes.removeSubrange(at...)
                }
            } else {
                let (from, to) = swaps[Int((random.next() % UInt64(swaps.count)))]
                let text = String(decoding: bytes, as: UTF8.self)
                let ranges = text.ranges(of: from)
                guard !ranges.isEmpty else { continue }
                let range = ranges[Int((random.next() % UInt64(ranges.count)))]
                bytes = Array(text.replacingCharacters(in: range, with: to).utf8)
            }
            let data = Data(bytes)
            let decoded = try? JSONDecoder().decode(PlanDocument.self, from: data)
            let fast = try? PlanOutline.read(data, sha256: "-")
            if let fast {
                let decoded = try #require(decoded, "round \(round): read what JSONDecoder refuses")
                try expectSame(fast, decoded, exactRecords: false)
            }
            let path = folder.path + "/mutated.json"
            FileManager.default.createFile(atPath: path, contents: data)
            do {
                let read = try PlanOutline.read(from: path)
                let decoded = try #require(decoded, "round \(round): read what JSONDecoder refuses")
                try expectSame(read, decoded, exactRecords: false)
            } catch let error as PlanError {
                // Refused where JSONDecoder refuses, for a newer format, or for a policy or a
                // preference that does not parse (which JSONDecoder reads as any string).
                let settingsParse = decoded.map {
                    (try? PlanSettings(policy: $0.policy, preferences: $0.preferences, file: path)) != nil
                }
                #expect(
                    decoded == nil || decoded!.formatVersion > 1 || settingsParse == false, "round \(round): \(error)")
                refused += 1
            }
        }
        #expect(refused > 200)
    }

    @Test func locatesASyntaxError() throws {
        let out = try plans().first { $0.hasSuffix("demo") }!
        var text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: out + "/plan.json")), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"status\":\"auto\"}", with: "\"status\":\"auto\"]")
        let path = folder.write("broken.json", text)
        #expect(throws: PlanError.self) { try PlanOutline.read(from: path) }
        do {
            _ = try PlanOutline.read(from: path)
        } catch let error as PlanError {
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                $0.contains("\"status\":\"auto\"]")
            }!
            #expect("\(error)".hasPrefix("\(path):\(line + 1):"), "\(error)")
            #expect("\(error)".contains("error: cannot read the plan: expected ',' or '}' but found ']'"), "\(error)")
        }
    }

    @Test func jsonScannerReadsStringsAndNumbersAsJSONDecoderDoes() throws {
        let cases = [
            #""plain""#, #""caf\u00e9 \"q\" \\ \/ \b\f\n\r\t""#, #""\ud83d\ude00 😀 é""#, "\"\u{2028}\"", "-0", "1.5e3",
            "0.000001", "123456789012345678901234567890", "-1E-7",
        ]
        for text in cases {
            let bytes = Array(text.utf8)
            let value: String = try bytes.withUnsafeBufferPointer { buffer in
                var json = JSONScanner(buffer)
                if text.hasPrefix("\"") { return try json.string() }
                return String(try json.double())
            }
            let expected: String =
                text.hasPrefix("\"")
                ? try JSONDecoder().decode(String.self, from: Data(bytes))
                : String(try JSONDecoder().decode(Double.self, from: Data(bytes)))
            #expect(value == expected, "\(text)")
        }
        for bad in [#""\ud83d""#, #""\ude00x""#, "\"a\u{01}\"", #""\x""#, "01", "1.", "-", "1e", "\"abc", "1e999"] {
            #expect(throws: JSONScanner.Failure.self, "\(bad)") {
                try Array(bad.utf8).withUnsafeBufferPointer { buffer in
                    var json = JSONScanner(buffer)
                    _ = try json.skipValue()
                    try json.end()
                }
            }
        }
        // Invalid UTF-8: an overlong form, a surrogate, a lone continuation byte.
        for bad: [UInt8] in [[0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0x80, 0x22]] {
            #expect(throws: JSONScanner.Failure.self) {
                try bad.withUnsafeBufferPointer { buffer in
                    var json = JSONScanner(buffer)
                    _ = try json.skipValue()
                }
            }
        }
    }
}
