//! The full-text index: SQLite FTS5 in a database file of its own beside the store (`<store>.fts`),
//! so that during an ingest one thread indexes text while another writes documents and facts (a
//! SQLite file has one writer at a time, and the two together were the ingest's critical path).
//!
//! It is derived data, never the record: the index holds no text (contentless FTS5; rows are
//! document ids) and knows the store it indexes and how far (`meta`: `store_id`, `indexed_upto`).
//! Before a text query the store brings it up to date from its documents; an index made for another
//! store, or lost, is made again. Documents are never rewritten, so "how far" is one id.

use crate::Result;
use rusqlite::{params, Connection, OptionalExtension};
use std::path::{Path, PathBuf};

/// The schema name under which a store's connection attaches its index.
pub const SCHEMA: &str = "search";

/// Where the index of the store at `store` lives.
pub fn path_for(store: &Path) -> PathBuf {
    let mut name = store.as_os_str().to_owned();
    name.push(".fts");
    PathBuf::from(name)
}

/// The full-text table in schema `s`: contentless, its rows are document ids.
fn create_index(s: &str) -> String {
    format!("CREATE VIRTUAL TABLE IF NOT EXISTS {s}.documents_fts USING fts5(title, text, content = '', tokenize = 'unicode61 remove_diacritics 2');")
}

/// The index's tables, in schema `s` (created when missing; an index of another store is emptied).
pub fn prepare(conn: &Connection, s: &str, store_id: &str) -> Result<()> {
    conn.execute_batch(&format!("CREATE TABLE IF NOT EXISTS {s}.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); {}", create_index(s)))?;
    let indexed_for: Option<String> =
        conn.query_row(&format!("SELECT value FROM {s}.meta WHERE key = 'store_id'"), [], |r| r.get(0)).optional()?;
    if indexed_for.as_deref() != Some(store_id) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(&format!("DROP TABLE {s}.documents_fts; {} DELETE FROM {s}.meta;", create_index(s)))?;
        tx.execute(&format!("INSERT INTO {s}.meta (key, value) VALUES ('store_id', ?1), ('indexed_upto', '0')"), params![store_id])?;
        tx.commit()?;
    }
    Ok(())
}

/// The highest document id indexed, in schema `s`.
fn indexed_upto(conn: &Connection, s: &str) -> Result<i64> {
    let v: Option<String> = conn.query_row(&format!("SELECT value FROM {s}.meta WHERE key = 'indexed_upto'"), [], |r| r.get(0)).optional()?;
    Ok(v.and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// Indexes documents (id, title, text), ids increasing, in one transaction of schema `s`; returns how
/// many were added. The index covers every stored id up to `indexed_upto`: documents indexed already
/// are skipped. Documents sent by a writer (`from_store` false) must follow on without a gap: a gap
/// may be another writer's documents, committed but not indexed yet, so it ends the batch and the next
/// catch-up indexes from the store, whose ids are the whole truth.
fn add(conn: &Connection, s: &str, docs: impl IntoIterator<Item = (i64, Option<String>, String)>, from_store: bool) -> Result<usize> {
    let tx = conn.unchecked_transaction()?;
    let from = indexed_upto(&tx, s)?;
    let mut last = from;
    let mut n = 0;
    {
        let mut insert = tx.prepare_cached(&format!("INSERT INTO {s}.documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)"))?;
        for (id, title, text) in docs {
            if id <= last {
                continue;
            }
            if id != last + 1 && !from_store {
                break;
            }
            insert.execute(params![id, title, text])?;
            last = id;
            n += 1;
        }
    }
    if last > from {
        tx.execute(&format!("UPDATE {s}.meta SET value = ?1 WHERE key = 'indexed_upto'"), params![last.to_string()])?;
    }
    tx.commit()?;
    Ok(n)
}

/// Brings the index attached to a store's connection up to date with its documents; returns how
/// many documents it indexed.
pub(crate) fn catch_up(conn: &Connection) -> Result<usize> {
    let mut total = 0;
    loop {
        let from = indexed_upto(conn, SCHEMA)?;
        let docs: Vec<(i64, Option<String>, String)> = {
            let mut stmt = conn.prepare_cached("SELECT id, title, text FROM main.documents WHERE id > ?1 ORDER BY id LIMIT 512")?;
            let rows = stmt.query_map(params![from], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        if docs.is_empty() {
            return Ok(total);
        }
        total += add(conn, SCHEMA, docs, true)?;
    }
}

/// A connection of its own to a store's index, for a thread that indexes documents as the store
/// commits them (see [`crate::SqliteStore::indexer`]).
pub struct Indexer {
    conn: Connection,
}

impl Indexer {
    pub(crate) fn open(path: &Path) -> Result<Indexer> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Ok(Indexer { conn })
    }

    /// Indexes committed documents (id, title, text), ids increasing; those indexed already are
    /// skipped, so that a document sent twice, or indexed meanwhile by a catch-up, is indexed once.
    pub fn add(&mut self, docs: impl IntoIterator<Item = (i64, Option<String>, String)>) -> Result<usize> {
        add(&self.conn, "main", docs, false)
    }
}
