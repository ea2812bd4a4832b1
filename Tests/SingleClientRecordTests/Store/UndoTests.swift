import Foundation
import Testing

@testable import SingleClientRecord

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
            priorMembers: [StoredMember(source: "hq", key: "K:1", clientId: "C-1", commitId: 3)],
            createdClients: ["C-9"], touchedMembers: ["hq:K:1", "xpm:é"])
        let decoded = try JSONDecoder().decode(Undo.self, from: Data(undo.json()))
        #expect(decoded.priorClients == undo.priorClients)
        #expect(decoded.priorMembers == undo.priorMembers)
        #expect(decoded.createdClients == undo.createdClients)
        #expect(decoded.touchedMembers == undo.touchedMembers)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(undo.json() == Array(try encoder.encode(undo)))
    }
}
