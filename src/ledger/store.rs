/*!
The SQLite side of the ledger: schema, pragmas, append-only triggers, row reads and writes.
No Merkle logic here; [`super::Ledger`] decides what is written and checks what is read.

Durability: WAL with `synchronous=FULL`, so a committed transaction is on disk when `COMMIT`
returns (one fsync of the WAL per transaction). Append-only: `BEFORE UPDATE`/`BEFORE DELETE`
triggers `RAISE(ABORT)` on every table. An attacker with the file can drop them; the Merkle tree
and the signed checkpoints are what detect that, the triggers only stop accidents and casual edits.
*/
use std::path::Path;
use std::time::Duration;

use rusqlite::types::Type;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Row};

use super::leaf::LeafFields;

/// Bumped when the schema or the leaf encoding changes. v2 (issue 10): UNIQUE request id (of
/// verdicts, ignoring ASCII case) and bundle digest; no unhashed `created_at` on checkpoints or in
/// `meta`. The leaf encoding is unchanged, so a v1 ledger is migrated in place ([`migrate_v1`]).
pub const SCHEMA_VERSION: &str = "airgap-audit/ledger/v2";
/// The previous schema: still read, and migrated by the first read-write open.
pub const SCHEMA_V1: &str = "airgap-audit/ledger/v1";

const SCHEMA: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;
CREATE TABLE entries (
    idx              INTEGER PRIMARY KEY NOT NULL CHECK (idx >= 0),
    kind             TEXT NOT NULL,
    subject          TEXT NOT NULL,
    bundle_sha256    TEXT,
    orchestrator_key TEXT,
    sequence         INTEGER,
    decision         TEXT,
    created_at       TEXT NOT NULL,
    created_unix     INTEGER NOT NULL,
    body             TEXT NOT NULL,
    leaf_hash        BLOB NOT NULL CHECK (length(leaf_hash) = 32)
) STRICT;
CREATE UNIQUE INDEX entries_bundle ON entries(bundle_sha256) WHERE bundle_sha256 IS NOT NULL;
CREATE UNIQUE INDEX entries_request_id ON entries(subject COLLATE NOCASE) WHERE kind = 'verdict';
CREATE INDEX entries_subject  ON entries(kind, subject);
CREATE INDEX entries_sequence ON entries(orchestrator_key, sequence) WHERE orchestrator_key IS NOT NULL;
CREATE INDEX entries_decision ON entries(decision) WHERE decision IS NOT NULL;
CREATE INDEX entries_time     ON entries(created_unix);
CREATE TABLE checkpoints (
    size       INTEGER PRIMARY KEY NOT NULL CHECK (size > 0),
    root       BLOB NOT NULL CHECK (length(root) = 32),
    note       TEXT
) STRICT;
CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
    BEGIN SELECT RAISE(ABORT, 'airgap-audit ledger entries are append-only'); END;
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
    BEGIN SELECT RAISE(ABORT, 'airgap-audit ledger entries are append-only'); END;
CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
    BEGIN SELECT RAISE(ABORT, 'airgap-audit ledger checkpoints are append-only'); END;
CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
    BEGIN SELECT RAISE(ABORT, 'airgap-audit ledger checkpoints are append-only'); END;
"#;

const META_TRIGGERS: &str = r#"
CREATE TRIGGER meta_no_update BEFORE UPDATE ON meta
    BEGIN SELECT RAISE(ABORT, 'airgap-audit ledger metadata is append-only'); END;
CREATE TRIGGER meta_no_delete BEFORE DELETE ON meta
    BEGIN SELECT RAISE(ABORT, 'airgap-audit ledger metadata is append-only'); END;
"#;

/// v1 → v2, in the caller's transaction: the UNIQUE indexes (fails with a constraint error if
/// the ledger already records a request id or a bundle twice: the caller checks that first and
/// names the entries), and the unhashed columns dropped. The meta triggers are re-created
/// exactly as they were.
pub fn migrate_v1(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "DROP INDEX IF EXISTS entries_bundle;
         CREATE UNIQUE INDEX entries_bundle ON entries(bundle_sha256) WHERE bundle_sha256 IS NOT NULL;
         CREATE UNIQUE INDEX entries_request_id ON entries(subject COLLATE NOCASE) WHERE kind = 'verdict';
         ALTER TABLE checkpoints DROP COLUMN created_at;
         DROP TRIGGER meta_no_update;
         DROP TRIGGER meta_no_delete;
         DELETE FROM meta WHERE key = 'created_at';",
    )?;
    conn.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'schema'",
        [SCHEMA_VERSION],
    )?;
    conn.execute_batch(META_TRIGGERS)
}

/// The first pair of entries that record the same thing twice: `(first, second, what)` where
/// `what` names the request id (verdicts, ignoring ASCII case) or the bundle digest. Independent
/// of the UNIQUE indexes, so a copy whose indexes were dropped is caught too.
pub fn first_duplicate(conn: &Connection) -> rusqlite::Result<Option<(i64, i64, String)>> {
    let request: Option<(i64, i64, String)> = conn
        .query_row(
            "SELECT min(idx), max(idx), min(subject) FROM entries WHERE kind = 'verdict' \
             GROUP BY lower(subject) HAVING count(*) > 1 ORDER BY 2 LIMIT 1",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    format!("request id {:?}", r.get::<_, String>(2)?),
                ))
            },
        )
        .optional()?;
    let bundle: Option<(i64, i64, String)> = conn
        .query_row(
            "SELECT min(idx), max(idx), bundle_sha256 FROM entries WHERE bundle_sha256 IS NOT NULL \
             GROUP BY bundle_sha256 HAVING count(*) > 1 ORDER BY 2 LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, format!("bundle {}", r.get::<_, String>(2)?))),
        )
        .optional()?;
    Ok(match (request, bundle) {
        (Some(a), Some(b)) => Some(if a.1 <= b.1 { a } else { b }),
        (a, b) => a.or(b),
    })
}

/// Inside an append transaction: the index of an entry that already records this bundle digest
/// or (for a verdict) this request id, ignoring ASCII case.
pub fn already_recorded(
    conn: &Connection,
    kind: &str,
    subject: &str,
    bundle_sha256: Option<&str>,
) -> rusqlite::Result<Option<(i64, String)>> {
    if let Some(b) = bundle_sha256 {
        let hit: Option<i64> = conn
            .query_row(
                "SELECT idx FROM entries WHERE bundle_sha256 = ?1 LIMIT 1",
                [b],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(i) = hit {
            return Ok(Some((i, format!("bundle {b}"))));
        }
    }
    if kind == "verdict" {
        let hit: Option<i64> = conn
            .query_row(
                "SELECT idx FROM entries WHERE kind = 'verdict' AND subject = ?1 COLLATE NOCASE LIMIT 1",
                [subject],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(i) = hit {
            return Ok(Some((i, format!("request id {subject:?}"))));
        }
    }
    Ok(None)
}

/// Triggers whose absence means someone edited the schema.
pub const TRIGGERS: [&str; 6] = [
    "entries_no_update",
    "entries_no_delete",
    "checkpoints_no_update",
    "checkpoints_no_delete",
    "meta_no_update",
    "meta_no_delete",
];

/// The columns of `entries` in the order [`borrow_row`] and [`created_unix`] expect.
/// `created_unix` is not in the leaf: it is derived from the hashed `created_at`, and every read
/// checks that the two agree (a column outside the hash must not be able to say anything else).
pub const ENTRY_COLUMNS: &str = "idx, kind, subject, bundle_sha256, orchestrator_key, sequence, \
     decision, created_at, body, leaf_hash, created_unix";

/// The derived `created_unix` column of a row selected with [`ENTRY_COLUMNS`].
pub fn created_unix(r: &Row<'_>) -> rusqlite::Result<i64> {
    r.get(10)
}

/// Borrow a row selected with [`ENTRY_COLUMNS`] as leaf fields plus the stored leaf hash,
/// without copying any column out of SQLite's buffers.
pub(super) fn borrow_row<'r>(
    r: &'r Row<'_>,
    index: u64,
) -> rusqlite::Result<(LeafFields<'r>, &'r [u8])> {
    let text = |i: usize| -> rusqlite::Result<&'r str> {
        r.get_ref(i)?
            .as_str()
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
    };
    let opt_text = |i: usize| -> rusqlite::Result<Option<&'r str>> {
        r.get_ref(i)?
            .as_str_or_null()
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
    };
    let sequence = r
        .get_ref(5)?
        .as_i64_or_null()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(5, Type::Integer, Box::new(e)))?;
    let leaf = r
        .get_ref(9)?
        .as_blob()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(9, Type::Blob, Box::new(e)))?;
    Ok((
        LeafFields {
            index,
            kind: text(1)?,
            subject: text(2)?,
            bundle_sha256: opt_text(3)?,
            orchestrator_key: opt_text(4)?,
            sequence,
            decision: opt_text(6)?,
            created_at: text(7)?,
            body: text(8)?,
        },
        leaf,
    ))
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // A second process (e.g. `trust add` during `watch`) waits instead of failing at once.
    conn.busy_timeout(Duration::from_secs(30))?;
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidQuery);
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    harden(conn)
}

/// The file may come from an attacker (a snapshot under audit): schema-defined SQL must not be
/// able to call functions with side effects, and corrupt pages must be detected, not trusted.
fn harden(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "trusted_schema", "OFF")?;
    conn.pragma_update(None, "cell_size_check", "ON")?;
    Ok(())
}

/// Create a fresh ledger file with the schema. The caller has checked that `path` is new.
pub fn create(path: &Path) -> rusqlite::Result<Connection> {
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_NOFOLLOW,
    )?;
    configure(&conn)?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute_batch(SCHEMA)?;
    tx.execute_batch(META_TRIGGERS)?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('schema', ?1)",
        params![SCHEMA_VERSION],
    )?;
    tx.commit()?;
    Ok(conn)
}

/// Open an existing ledger file (never creates one).
pub fn open(path: &Path, read_only: bool) -> rusqlite::Result<Connection> {
    let rw = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
    };
    let conn = Connection::open_with_flags(
        path,
        rw | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_NOFOLLOW,
    )?;
    if read_only {
        conn.busy_timeout(Duration::from_secs(30))?;
        harden(&conn)?;
    } else {
        configure(&conn)?;
    }
    Ok(conn)
}

/// The schema marker, or `None` if the file has no `meta` table (not a ledger).
pub fn schema_version(conn: &Connection) -> rusqlite::Result<Option<String>> {
    let has_meta: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
        [],
        |r| r.get(0),
    )?;
    if !has_meta {
        return Ok(None);
    }
    conn.query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
        r.get(0)
    })
    .optional()
}

/// Names of the append-only triggers that are missing.
pub fn missing_triggers(conn: &Connection) -> rusqlite::Result<Vec<&'static str>> {
    let mut stmt =
        conn.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?1")?;
    let mut missing = Vec::new();
    for t in TRIGGERS {
        let n: i64 = stmt.query_row([t], |r| r.get(0))?;
        if n != 1 {
            missing.push(t);
        }
    }
    Ok(missing)
}

/// A `checkpoints` row.
#[derive(Debug, Clone)]
pub struct CheckpointRow {
    pub size: i64,
    pub root: Vec<u8>,
    pub note: Option<String>,
}

pub fn latest_checkpoint(conn: &Connection) -> rusqlite::Result<Option<CheckpointRow>> {
    conn.query_row(
        "SELECT size, root, note FROM checkpoints ORDER BY size DESC LIMIT 1",
        [],
        |r| {
            Ok(CheckpointRow {
                size: r.get(0)?,
                root: r.get(1)?,
                note: r.get(2)?,
            })
        },
    )
    .optional()
}

pub fn all_checkpoints(conn: &Connection) -> rusqlite::Result<Vec<CheckpointRow>> {
    let mut stmt = conn.prepare("SELECT size, root, note FROM checkpoints ORDER BY size")?;
    let rows = stmt.query_map([], |r| {
        Ok(CheckpointRow {
            size: r.get(0)?,
            root: r.get(1)?,
            note: r.get(2)?,
        })
    })?;
    rows.collect()
}

/// Inserts entry `idx`: its leaf fields as hashed into `leaf_hash` (the caller computed it from
/// exactly these), and `created_unix`, the time filter index derived from `created_at`.
pub fn insert_entry(
    conn: &Connection,
    idx: i64,
    f: &LeafFields<'_>,
    created_unix: i64,
    leaf_hash: &[u8; 32],
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO entries (idx, kind, subject, bundle_sha256, orchestrator_key, sequence, \
         decision, created_at, created_unix, body, leaf_hash) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    stmt.execute(params![
        idx,
        f.kind,
        f.subject,
        f.bundle_sha256,
        f.orchestrator_key,
        f.sequence,
        f.decision,
        f.created_at,
        created_unix,
        f.body,
        &leaf_hash[..],
    ])?;
    Ok(())
}

pub fn insert_checkpoint(
    conn: &Connection,
    size: i64,
    root: &[u8; 32],
    note: Option<&str>,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO checkpoints (size, root, note) VALUES (?1, ?2, ?3)",
        params![size, &root[..], note],
    )?;
    Ok(())
}
