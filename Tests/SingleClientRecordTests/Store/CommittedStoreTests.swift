import Foundation
import SCRTestSupport
import Testing

@testable import SingleClientRecord

/// A plan made with `committedFrom` reads the store, whether it is written to a folder or made in
/// memory.
@Suite struct CommittedStoreTests {
    let folder = TemporaryFolder()

    @Test func aPlanInMemoryReadsTheStoreItIsGiven() throws {
        let store = try SQLiteStore(path: folder.path + "/store.sqlite", access: .create)
        var options = PlanOptions()
        options.committedFrom = store
        let files = InputFiles(hq: Fixtures.path("demo/hq.csv"), xpm: [Fixtures.path("demo/xpm.xml")])
        let document = try Planner.run(files, options: options).document
        #expect(document.store == (try store.state()))
        #expect(document.planId != (try Planner.run(files).document.planId))
    }
}
