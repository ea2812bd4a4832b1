import Foundation
import Testing

@_spi(StoreBackend) @testable import SingleClientRecord

/// The journal's undo entry, written by ``JSONWriter``, reads back through `JSONDecoder` as it was.
@Suite struct UndoTests {
    @Test func undoReadsBackAsWritten() throws {
        let undo = Undo(
            priorClients: [
                StoredClient(
                    id: "C-1", name: "Smith \"Family\" Trust / Ltd\n", archived: true, record: #"{"a":"\u00e9"}"#,
                    commitId: 3),
                StoredClient(id: "C-2", name: nil, archived: false, record: "{}", commitId: 4),
            ],
            priorMembers: [
                StoredMember(source: "hq", key: "K:1", clientId: "C-1", commitId: 3),
                StoredMember(
                    source: "xpm", key: "é", clientId: "C-2", commitId: 4, fingerprint: Data([1, 0xFF, 0, 7, 9]),
                    missingSince: 5),
            ],
            createdClients: ["C-9"], touchedMembers: ["hq:K:1", "xpm:é"],
            priorApart: [StoredApart(a: "hq:K:1", b: "xpm:é", commitId: 2)])
        let decoded = try JSONDecoder().decode(Undo.self, from: Data(undo.json()))
        #expect(decoded.priorClients == undo.priorClients)
        #expect(decoded.priorMembers == undo.priorMembers)
        #expect(decoded.createdClients == undo.createdClients)
        #expect(decoded.touchedMembers == undo.touchedMembers)
        #expect(decoded.priorApart == undo.priorApart && decoded.priorMembers[1].fingerprint?.count == 5)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(undo.json() == Array(try encoder.encode(undo)))
    }

    /// An entry written before pairs kept apart and fingerprints were kept still reads.
    @Test func anEarlierUndoReads() throws {
        let earlier =
            #"{"createdClients":[],"priorClients":[],"priorMembers":[{"clientId":"C-1","commitId":1,"key":"K","source":"hq"}],"touchedMembers":["hq:K"]}"#
        let decoded = try JSONDecoder().decode(Undo.self, from: Data(earlier.utf8))
        #expect(
            decoded.priorApart == nil
                && decoded.priorMembers == [StoredMember(source: "hq", key: "K", clientId: "C-1", commitId: 1)])
    }
}
