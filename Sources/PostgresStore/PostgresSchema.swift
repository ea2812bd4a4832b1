import Foundation
import PostgresNIO
import SingleClientRecord

/// The store's tables in PostgreSQL, one database for many practices. Every practice's table has
/// a `practice` column that defaults to the session's `scr.practice`, and a row-level security
/// policy, forced on the tables' owner too, that lets a session see and write only the rows of
/// its practice. Statements therefore never name the practice: the database keeps it.
///
/// Migrations are versioned and never edited once they have shipped; a database with a
/// migration this scr does not know was written by a newer scr and is refused.
enum PostgresSchema {
    /// The practice tables, each isolated by the same policy.
    static let practiceTables = [
        "practice", "administrator", "journal", "client", "member", "apart", "client_version", "decision",
    ]

    static let practiceColumn = "practice text NOT NULL DEFAULT current_setting('scr.practice')"

    static let migrations: [(id: String, sql: String)] = [
        (
            "pg1 practices, canonical clients, history and the batch queue",
            """
            CREATE TABLE practice (
                \(practiceColumn) PRIMARY KEY,
                store_id text NOT NULL,
                generation bigint NOT NULL);
            CREATE TABLE administrator (
                \(practiceColumn),
                id bigint NOT NULL,
                name text NOT NULL,
                role text NOT NULL CHECK (role IN ('master-admin', 'admin')),
                public_key bytea NOT NULL,
                fingerprint text NOT NULL,
                added_at text NOT NULL,
                removed_at text,
                PRIMARY KEY (practice, id),
                UNIQUE (practice, public_key));
            CREATE UNIQUE INDEX administrator_active_name ON administrator (practice, name) WHERE removed_at IS NULL;
            CREATE TABLE journal (
                \(practiceColumn),
                id bigint NOT NULL,
                kind text NOT NULL CHECK (kind IN ('commit', 'rollback')),
                plan_id text NOT NULL,
                digest text NOT NULL,
                administrator text NOT NULL,
                fingerprint text NOT NULL,
                at text NOT NULL,
                summary text NOT NULL,
                undo text NOT NULL,
                undone_by bigint,
                PRIMARY KEY (practice, id));
            CREATE TABLE client (
                \(practiceColumn),
                id text NOT NULL,
                name text,
                archived boolean NOT NULL,
                record text NOT NULL,
                commit_id bigint NOT NULL,
                record_hash bigint NOT NULL,
                PRIMARY KEY (practice, id));
            CREATE TABLE member (
                \(practiceColumn),
                source text NOT NULL,
                key text NOT NULL,
                client_id text NOT NULL,
                commit_id bigint NOT NULL,
                fingerprint bytea,
                missing_since bigint,
                PRIMARY KEY (practice, source, key));
            CREATE INDEX member_client ON member (practice, client_id);
            CREATE TABLE apart (
                \(practiceColumn),
                a text NOT NULL,
                b text NOT NULL,
                commit_id bigint NOT NULL,
                PRIMARY KEY (practice, a, b));
            CREATE INDEX apart_b ON apart (practice, b);
            CREATE TABLE client_version (
                \(practiceColumn),
                client_id text NOT NULL,
                commit_id bigint NOT NULL,
                archived boolean NOT NULL,
                record text,
                members text NOT NULL,
                PRIMARY KEY (practice, client_id, commit_id));
            CREATE TABLE decision (
                \(practiceColumn),
                client_id text NOT NULL,
                commit_id bigint NOT NULL,
                cluster text NOT NULL,
                decision text NOT NULL,
                status text NOT NULL,
                members text NOT NULL,
                PRIMARY KEY (practice, client_id, commit_id, cluster));
            CREATE TABLE batch_job (
                batch text NOT NULL,
                practice text NOT NULL,
                position integer NOT NULL,
                spec text NOT NULL,
                state text NOT NULL CHECK (state IN ('queued', 'done', 'failed')),
                attempts integer NOT NULL DEFAULT 0,
                worker text,
                finished_at text,
                summary text,
                PRIMARY KEY (batch, practice));
            CREATE INDEX batch_job_queued ON batch_job (batch, position) WHERE state = 'queued';
            ALTER TABLE batch_job ENABLE ROW LEVEL SECURITY;
            ALTER TABLE batch_job FORCE ROW LEVEL SECURITY;
            CREATE POLICY bureau_only ON batch_job
                USING (coalesce(current_setting('scr.practice', true), '') = '')
                WITH CHECK (coalesce(current_setting('scr.practice', true), '') = '');
            """
                + practiceTables.map { table in
                    """

                    ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY;
                    ALTER TABLE \(table) FORCE ROW LEVEL SECURITY;
                    CREATE POLICY practice_only ON \(table)
                        USING (practice = current_setting('scr.practice', true))
                        WITH CHECK (practice = current_setting('scr.practice', true));
                    """
                }.joined()
        )
    ]

    /// Applies the migrations this database lacks, one session at a time (an advisory lock), or
    /// only checks them (`apply` false: a store opened to read). Refuses a database a newer scr
    /// wrote.
    static func migrate(_ session: PostgresSession, apply: Bool) throws {
        try session.transaction {
            try session.query("SELECT pg_advisory_xact_lock(7263540)")
            if apply {
                try session.query(
                    "CREATE TABLE IF NOT EXISTS scr_migration (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
                )
            } else if try session.query("SELECT to_regclass('scr_migration') IS NULL").first?.decode(Bool.self) ?? true
            {
                throw StoreError.missing(
                    path: session.location.description,
                    "no scr store in this database; `scr admin add` creates one with its first administrator")
            }
            let applied = try session.query("SELECT id FROM scr_migration").map { try $0.decode(String.self) }
            let known = Set(migrations.map(\.id))
            if let newer = applied.first(where: { !known.contains($0) }) {
                throw StoreError(
                    path: session.location.description,
                    "the store was written by a newer scr (it has migration '\(newer)'); use a newer scr")
            }
            for migration in migrations where !applied.contains(migration.id) {
                guard apply else {
                    throw StoreError(
                        path: session.location.description,
                        "the store needs migration '\(migration.id)'; open it once to write (scr admin list does not)")
                }
                // One statement at a time: the extended protocol runs no more in one request.
                for statement in migration.sql.split(separator: ";") {
                    let text = statement.trimmingCharacters(in: .whitespacesAndNewlines)
                    if !text.isEmpty { try session.query(text) }
                }
                var binds = PostgresBindings()
                binds.append(migration.id)
                try session.query("INSERT INTO scr_migration (id) VALUES ($1)", binds)
            }
        }
    }
}
