//! The SQLite index: schema, forward migrations and row mapping.
//!
//! The schema version lives in SQLite's `user_version`. Each migration moves the database one
//! version forward inside a transaction, so a crash mid-migration leaves the previous version
//! intact, and a database from a newer app is refused instead of being damaged.

use rusqlite::{Connection, Transaction, params};

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 2;

/// Migration steps: entry `i` moves the schema from version `i` to `i + 1`.
const MIGRATIONS: [&str; SCHEMA_VERSION as usize] = [
    // 1: the attempt index (history and search).
    "CREATE TABLE attempts (
        uid TEXT PRIMARY KEY,
        id TEXT NOT NULL,
        dir TEXT NOT NULL,
        question_id TEXT NOT NULL,
        question_text TEXT NOT NULL,
        created_unix INTEGER NOT NULL,
        overall INTEGER,
        wpm REAL NOT NULL,
        fillers_per_min REAL NOT NULL,
        duration_s REAL NOT NULL,
        model TEXT NOT NULL,
        app_version TEXT NOT NULL,
        transcript TEXT NOT NULL
    );
    CREATE INDEX attempts_created ON attempts(created_unix);",
    // 2: coach workflow: whose attempt, mock interviews, comments, coach scores, conflicts.
    "ALTER TABLE attempts ADD COLUMN student TEXT NOT NULL DEFAULT '';
    ALTER TABLE attempts ADD COLUMN mock_id TEXT;
    ALTER TABLE attempts ADD COLUMN file_mtime INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX attempts_student ON attempts(student, created_unix);
    CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        attempt_uid TEXT NOT NULL,
        author TEXT NOT NULL,
        at_s REAL NOT NULL,
        word_index INTEGER,
        text TEXT NOT NULL,
        created_unix INTEGER NOT NULL
    );
    CREATE INDEX comments_attempt ON comments(attempt_uid, at_s);
    CREATE TABLE coach_scores (
        attempt_uid TEXT NOT NULL,
        author TEXT NOT NULL,
        dimension TEXT NOT NULL,
        score INTEGER NOT NULL,
        PRIMARY KEY (attempt_uid, author, dimension)
    );
    CREATE TABLE conflicts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        attempt_uid TEXT NOT NULL,
        what TEXT NOT NULL,
        ours TEXT NOT NULL,
        theirs TEXT NOT NULL,
        created_unix INTEGER NOT NULL,
        UNIQUE (attempt_uid, what, theirs)
    );",
];

/// Why the database could not be opened or moved forward.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// Written by a newer version of the app.
    #[error(
        "the attempt index was written by a newer interview-coach (schema {found}, this build knows {SCHEMA_VERSION}); update the app"
    )]
    TooNew {
        /// The version found.
        found: u32,
    },
    /// SQLite failed.
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
}

/// The schema version of an open database.
pub fn version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Moves the database forward to `target` (at most [`SCHEMA_VERSION`]); one transaction per
/// step. Returns the version it started from.
pub fn migrate_to(conn: &mut Connection, target: u32) -> Result<u32, SchemaError> {
    let found = version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(SchemaError::TooNew { found });
    }
    for v in found..target.min(SCHEMA_VERSION) {
        let tx = conn.transaction()?;
        tx.execute_batch(MIGRATIONS[v as usize])?;
        // PRAGMA does not take bound parameters; v is our own integer.
        tx.execute_batch(&format!("PRAGMA user_version = {}", v + 1))?;
        tx.commit()?;
    }
    Ok(found)
}

/// Opens (creating if needed) and migrates the database at `path`.
pub fn open(path: &std::path::Path) -> Result<(Connection, u32), SchemaError> {
    let mut conn = Connection::open(path)?;
    // WAL keeps readers working during writes and survives a crash mid-write; a busy timeout
    // covers the CLI and the window touching the library at the same time.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let from = migrate_to(&mut conn, SCHEMA_VERSION)?;
    Ok((conn, from))
}

/// Whether an error opening the index means it cannot be written here (a full disk, a
/// read-only folder) while it may still be read.
pub fn unwritable(e: &SchemaError) -> bool {
    use rusqlite::ErrorCode as C;
    matches!(
        e,
        SchemaError::Sql(rusqlite::Error::SqliteFailure(f, _))
            if matches!(f.code, C::DiskFull | C::SystemIoFailure | C::ReadOnly | C::CannotOpen)
    )
}

/// Opens an existing database for reading only, touching nothing on disk: SQLite's `immutable`
/// mode takes no locks and needs no `-shm` file, which cannot be created on a full disk. What is
/// read is the index as last checkpointed (SQLite checkpoints when the last writer closes). A
/// database that would need migrating is refused, because migrating writes.
pub fn open_read_only(path: &std::path::Path) -> Result<Connection, SchemaError> {
    use rusqlite::OpenFlags;
    let uri = format!("file:{}?immutable=1", uri_path(path));
    let conn = Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let found = version(&conn)?;
    if found > SCHEMA_VERSION {
        return Err(SchemaError::TooNew { found });
    }
    if found < SCHEMA_VERSION {
        return Err(SchemaError::Sql(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
            Some(
                "the index needs updating, which cannot be done while it cannot be written".into(),
            ),
        )));
    }
    Ok(conn)
}

/// A path percent-encoded for an SQLite `file:` URI (`?`, `#` and `%` would otherwise end or
/// change the path).
fn uri_path(path: &std::path::Path) -> String {
    let mut out = String::new();
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Inserts or replaces an attempt's index row.
pub fn upsert_attempt(tx: &Transaction<'_>, a: &super::Attempt, dir: &str) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO attempts (uid, id, dir, question_id, question_text, created_unix, overall,
            wpm, fillers_per_min, duration_s, model, app_version, transcript, student, mock_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
         ON CONFLICT(uid) DO UPDATE SET id = excluded.id, dir = excluded.dir,
            question_id = excluded.question_id, question_text = excluded.question_text,
            created_unix = excluded.created_unix, overall = excluded.overall, wpm = excluded.wpm,
            fillers_per_min = excluded.fillers_per_min, duration_s = excluded.duration_s,
            model = excluded.model, app_version = excluded.app_version,
            transcript = excluded.transcript, student = excluded.student,
            mock_id = excluded.mock_id",
        params![
            a.uid,
            a.id,
            dir,
            a.question_id,
            a.question_text,
            a.created_unix as i64,
            a.overall().map(i64::from),
            finite(a.report.metrics.wpm),
            finite(a.report.metrics.fillers_per_min),
            finite(a.report.metrics.duration_s),
            a.report.model.name,
            a.app_version,
            a.report.transcript.text,
            a.student.clone().unwrap_or_default(),
            a.mock_id,
        ],
    )?;
    Ok(())
}

fn finite(x: f64) -> f64 {
    if x.is_finite() { x } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_database_reaches_current_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate_to(&mut conn, SCHEMA_VERSION).unwrap(), 0);
        assert_eq!(version(&conn).unwrap(), SCHEMA_VERSION);
        // Running again is a no-op.
        assert_eq!(
            migrate_to(&mut conn, SCHEMA_VERSION).unwrap(),
            SCHEMA_VERSION
        );
    }

    #[test]
    fn version_one_rows_survive_the_move_to_two() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 1).unwrap();
        conn.execute(
            "INSERT INTO attempts VALUES ('u1','i1','attempts/i1','q','Q?',5,70,130.0,2.0,40.0,'tiny.en','0.1.0','hello')",
            [],
        )
        .unwrap();
        migrate_to(&mut conn, SCHEMA_VERSION).unwrap();
        let (student, overall): (String, i64) = conn
            .query_row(
                "SELECT student, overall FROM attempts WHERE uid='u1'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((student.as_str(), overall), ("", 70));
    }

    #[test]
    fn newer_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA user_version = 99").unwrap();
        let e = migrate_to(&mut conn, SCHEMA_VERSION).unwrap_err();
        assert!(e.to_string().contains("newer interview-coach"), "{e}");
    }
}
