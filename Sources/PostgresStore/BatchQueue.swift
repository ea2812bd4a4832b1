import Foundation
import PostgresNIO
@_spi(StoreBackend) import SingleClientRecord

/// The queue `scr batch --worker` workers share, in the store's database (`batch_job`): one row
/// per practice of a batch. A worker takes the first queued practice no other worker holds
/// (`FOR UPDATE SKIP LOCKED`) and holds its row, in an open transaction, while it plans (and
/// commits) the practice; it marks the row done or failed in the same transaction. A worker
/// killed mid-practice drops its connection, PostgreSQL rolls the transaction back, and the
/// practice is queued again for the next worker: never half-done, never done twice by two
/// workers at once.
///
/// The queue is the bureau's, not one practice's: it holds the manifest's entries (names and
/// file paths, no client data), and its session names no practice; its row-level security
/// policy hides it from every session that names one.
public final class BatchQueue: @unchecked Sendable {
    let session: PostgresSession

    /// A practice taken from the queue, held until ``finish(batch:_:failed:summary:worker:)``.
    /// (The queue keeps its manifest entry too, for the record; each worker reads the practice
    /// through its own manifest.)
    public struct Job: Sendable {
        public var practice: String
    }

    public init(url: String) throws(StoreError) {
        session = try PostgresSession(try PostgresLocation(url).with(practice: nil))
        do {
            try PostgresSchema.migrate(session, apply: true)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: session.location.description, PostgresSession.words(error))
        }
    }

    /// Queues a batch's practices, in order; practices already queued or done (by another
    /// worker, or an earlier run of the same batch) are left as they are, and failed ones are
    /// queued again. Returns how many were new.
    @discardableResult
    public func enqueue(batch: String, practices: [(name: String, spec: String)]) throws(StoreError) -> Int {
        var again = PostgresBindings()
        again.append(batch)
        try session.query("UPDATE batch_job SET state = 'queued' WHERE batch = $1 AND state = 'failed'", again)
        var binds = PostgresBindings()
        binds.append(batch)
        try binds.array(practices.map(\.name))
        try binds.array(practices.indices.map { $0 })
        try binds.array(practices.map(\.spec))
        return try session.execute(
            """
            INSERT INTO batch_job (batch, practice, position, spec, state)
            SELECT $1, u.practice, u.position, u.spec, 'queued' FROM unnest($2::text[], $3::int8[], $4::text[])
            AS u(practice, position, spec)
            ON CONFLICT (batch, practice) DO NOTHING
            """, binds)
    }

    /// Takes the first queued practice of `batch` that no other worker holds, or nil when none is
    /// left. The practice is held until ``finish(batch:_:failed:summary:worker:)``.
    public func take(batch: String) throws(StoreError) -> Job? {
        try session.query("BEGIN")
        var binds = PostgresBindings()
        binds.append(batch)
        do {
            guard
                let row = try session.query(
                    """
                    SELECT practice FROM batch_job WHERE batch = $1 AND state = 'queued'
                    ORDER BY position LIMIT 1 FOR UPDATE SKIP LOCKED
                    """, binds
                ).first
            else {
                try session.query("COMMIT")
                return nil
            }
            return Job(practice: try row.decode(String.self))
        } catch {
            _ = try? session.query("ROLLBACK")
            throw StoreError(path: session.location.description, "cannot take a practice from the queue: \(error)")
        }
    }

    /// How many practices of `batch` are still queued, held by a worker or not.
    public func queued(batch: String) throws(StoreError) -> Int {
        var binds = PostgresBindings()
        binds.append(batch)
        do {
            return Int(
                try session.query("SELECT count(*) FROM batch_job WHERE batch = $1 AND state = 'queued'", binds)
                    .first?.decode(Int64.self) ?? 0)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: session.location.description, PostgresSession.words(error))
        }
    }

    /// Marks a taken practice done or failed, with its summary line, and lets go of it.
    public func finish(batch: String, _ job: Job, failed: Bool, summary: String, worker: String) throws(StoreError) {
        var binds = PostgresBindings()
        binds.append(failed ? "failed" : "done")
        binds.append(summary)
        binds.append(worker)
        binds.append(StoreRows.now())
        binds.append(batch)
        binds.append(job.practice)
        do {
            try session.query(
                """
                UPDATE batch_job SET state = $1, summary = $2, worker = $3, finished_at = $4,
                attempts = attempts + 1 WHERE batch = $5 AND practice = $6
                """, binds)
            try session.query("COMMIT")
        } catch {
            _ = try? session.query("ROLLBACK")
            throw error
        }
    }

    /// Every practice of `batch`: its state, the worker that finished it, how many times it was
    /// finished, and its summary line.
    public func jobs(
        batch: String
    ) throws(StoreError) -> [(
        practice: String, state: String, worker: String?, attempts: Int, summary: String?
    )] {
        var binds = PostgresBindings()
        binds.append(batch)
        do {
            return try session.query(
                "SELECT practice, state, worker, attempts, summary FROM batch_job WHERE batch = $1 ORDER BY position",
                binds
            ).map { row in
                let (practice, state, worker, attempts, summary) = try row.decode(
                    (String, String, String?, Int32, String?).self)
                return (practice, state, worker, Int(attempts), summary)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: session.location.description, PostgresSession.words(error))
        }
    }
}
