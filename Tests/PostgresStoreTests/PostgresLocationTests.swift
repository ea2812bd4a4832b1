import Foundation
import SCRTestSupport
import SingleClientRecord
import Testing

@testable import PostgresStore

/// The store's PostgreSQL location and where its password comes from.
@Suite struct PostgresLocationTests {
    let folder = TemporaryFolder()

    @Test func aLocationNamesUserHostPortDatabaseAndPractice() throws {
        let location = try PostgresLocation("postgres://scr@db.example:6543/bureau?practice=smith-and_co.2")
        #expect(location.user == "scr")
        #expect(location.host == "db.example")
        #expect(location.port == 6543)
        #expect(location.database == "bureau")
        #expect(location.practice == "smith-and_co.2")
        #expect(location.description == "postgres://scr@db.example:6543/bureau?practice=smith-and_co.2")
        let plain = try PostgresLocation("postgresql://scr@localhost/bureau")
        #expect(plain.port == 5432 && plain.practice == nil)
        #expect(plain.with(practice: "a").description == "postgres://scr@localhost:5432/bureau?practice=a")
    }

    @Test func aLocationItCannotUseIsRefusedWithTheReason() {
        func refusal(_ location: String) -> String? {
            do {
                _ = try PostgresLocation(location)
                return nil
            } catch {
                return error.description
            }
        }
        #expect(
            refusal("postgres://scr:hunter2@db/bureau?practice=a")
                == "postgres://scr@db/bureau?practice=a: error: a password is never written in the store's location (it would be kept in plans and messages); set PGPASSWORD or use a .pgpass file"
        )
        #expect(refusal("postgres://db/bureau")?.hasSuffix("error: the location names no user (USER@)") == true)
        #expect(
            refusal("postgres://scr@db/")?.hasSuffix(
                "error: the location names no database (/DB after the host and port)")
                == true)
        #expect(
            refusal("postgres://scr@db/bureau?practice=a&sslmode=require")?.hasSuffix(
                "error: unknown parameter 'sslmode'; the only one is practice=NAME") == true)
        #expect(
            refusal("postgres://scr@db/bureau?practice=a/b")?.hasSuffix(
                "error: the practice's name may hold only letters, digits, '.', '_' and '-'") == true)
        #expect(refusal("mysql://scr@db/bureau")?.contains("not a PostgreSQL location") == true)
    }

    @Test func thePasswordComesFromTheEnvironmentOrAnOwnerOnlyPasswordFile() throws {
        let location = try PostgresLocation("postgres://scr@db.example:6543/bureau?practice=a")
        #expect(location.password(environment: ["PGPASSWORD": "from-env"]) == "from-env")
        let file = folder.write(
            "pgpass",
            """
            # host:port:database:user:password
            other.example:*:*:*:wrong
            db.example:6543:bureau:someone:wrong
            db.example:*:bureau:scr:pa\\:ss\\\\word
            *:*:*:*:fallback

            """)
        chmod(file, 0o600)
        #expect(location.password(environment: ["PGPASSFILE": file]) == "pa:ss\\word")
        #expect(
            try PostgresLocation("postgres://x@elsewhere/db").password(environment: ["PGPASSFILE": file]) == "fallback")
        // A file others can read is not used, as libpq does not use it.
        chmod(file, 0o644)
        #expect(location.password(environment: ["PGPASSFILE": file]) == nil)
        #expect(location.password(environment: ["HOME": folder.path + "/nowhere"]) == nil)
    }
}
