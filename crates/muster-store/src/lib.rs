//! The store: documents and every extracted fact with its provenance (document, byte span,
//! sentence), in one embedded SQLite file by default. The store never re-derives facts; it keeps
//! what extraction produced and answers queries over it.
//!
//! Invariants: one transaction per batch (a crash loses at most the batch in flight and never
//! leaves half a document); a document is identified by the hash of its cleaned text, so re-ingesting
//! the same input is a no-op; near-duplicates (syndicated copies) share a cluster id.

mod schema;
mod search;
mod signature;

pub use search::{path_for as search_index_path, Indexer};

pub use signature::{band_keys, estimated_resemblance, minhash, resemblance, shingles};

use chrono::NaiveDate;
use muster_model::{Document, Extraction};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A store error: what failed, with SQLite's word for it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("store: {0}")]
    Json(#[from] serde_json::Error),
    #[error("store: {0}")]
    Other(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Jaccard resemblance of word 3-shingles (estimated by MinHash) above which two documents are copies
/// of one story.
pub const NEAR_DUPLICATE_RESEMBLANCE: f64 = 0.5;

/// What a batch did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PutStats {
    pub added: usize,
    pub unchanged: usize,
    pub near_duplicates: usize,
}

/// Counts over the whole store.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub documents: i64,
    pub clusters: i64,
    pub places: i64,
    pub equipment: i64,
    pub units: i64,
    pub observations: i64,
    pub quantities: i64,
    pub claims: i64,
    pub indicators: i64,
    pub distances: i64,
    pub runs: i64,
}

/// Filters for [`Store::query`].
#[derive(Debug, Default, Clone)]
pub struct Query {
    /// Full-text search over documents (FTS5 syntax).
    pub text: Option<String>,
    /// Fact kind: `observation`, `quantity`, `claim`, `indicator`, `equipment`, `unit`, `place`, `distance`.
    pub kind: Option<String>,
    /// Centre and radius in km.
    pub near: Option<(f64, f64, f64)>,
    /// Equipment name or category, unit name, counted kind, indicator type or claim topic (substring).
    pub label: Option<String>,
    pub claimant: Option<String>,
    pub side: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub limit: usize,
}

/// One fact as stored, with its provenance.
#[derive(Debug, Clone, Serialize)]
pub struct FactRow {
    pub kind: String,
    pub document: String,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub cluster: i64,
    pub label: Option<String>,
    pub place: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub side: Option<String>,
    pub claimant: Option<String>,
    pub claimant_country: Option<String>,
    pub date: Option<String>,
    pub value: Option<f64>,
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub quote: Option<String>,
    pub fact: serde_json::Value,
}

/// A place of the force picture.
#[derive(Debug, Clone, Serialize)]
pub struct PicturePlace {
    pub place: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub country: Option<String>,
    pub kind: String,
    pub border_km: Option<f64>,
    pub observations: i64,
    /// Independent sources: distinct near-duplicate clusters reporting forces here.
    pub sources: i64,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub sides: Vec<String>,
    pub equipment: Vec<String>,
    pub units: Vec<String>,
    pub activities: Vec<String>,
    pub latest: Vec<FactRow>,
}

/// A force estimate in the picture.
#[derive(Debug, Clone, Serialize)]
pub struct Estimate {
    pub claimant: String,
    pub claimant_country: Option<String>,
    pub date: Option<String>,
    pub value: f64,
    pub high: Option<f64>,
    pub qualifier: Option<String>,
    pub counted: String,
    pub side: Option<String>,
    pub quote: String,
    pub document: String,
}

/// The current force picture.
#[derive(Debug, Clone, Serialize)]
pub struct Picture {
    pub places: Vec<PicturePlace>,
    pub estimates: Vec<Estimate>,
    pub indicators: Vec<FactRow>,
    pub contradictions: Vec<FactRow>,
}

/// What every store offers; SQLite is the embedded default.
pub trait Store {
    /// Stores a batch of documents with their facts in one transaction.
    fn put_batch(&mut self, batch: &[(Document, Extraction)], kb_version: &str) -> Result<PutStats>;
    /// Whether a document with this cleaned text is already stored.
    fn contains_text(&self, text: &str) -> Result<bool>;
    fn stats(&self) -> Result<Stats>;
    fn query(&self, q: &Query) -> Result<Vec<FactRow>>;
    fn picture(&self) -> Result<Picture>;
    /// Up to `limit` stored documents with their ids, the next after id `after` in id order: a whole
    /// store read a page at a time ([`Pages`]) without holding it all in memory.
    fn documents_after(&self, after: i64, limit: usize) -> Result<Vec<(i64, Document)>>;
    /// Replaces the facts of stored documents (after the knowledge base changed).
    fn replace_facts(&mut self, batch: &[(Document, Extraction)], kb_version: &str) -> Result<usize>;
}

/// Where a walk through every stored document is: each [`Pages::next`] reads the next page, so that
/// the store may be written between pages (re-extraction replaces a page's facts, then reads on).
pub struct Pages {
    after: i64,
    size: usize,
}

impl Pages {
    /// A walk from the first document, `size` documents a page.
    pub fn new(size: usize) -> Pages {
        Pages { after: 0, size }
    }

    /// The next page of documents with their ids; none after the last.
    pub fn next(&mut self, store: &impl Store) -> Result<Option<Vec<(i64, Document)>>> {
        let page = store.documents_after(self.after, self.size)?;
        let Some(&(last, _)) = page.last() else { return Ok(None) };
        self.after = last;
        Ok(Some(page))
    }
}

/// The embedded SQLite store.
pub struct SqliteStore {
    conn: Connection,
    /// LSH index of the stored documents' MinHash signatures: band key -> rows of `signatures`.
    lsh: std::collections::HashMap<u64, Vec<usize>>,
    /// (signature, cluster) of every stored document.
    signatures: Vec<(Vec<u64>, i64)>,
    /// The extraction run this handle records its facts under (one per knowledge-base version), made
    /// with the first batch.
    run: Option<(i64, String)>,
    /// The file, for a store on disk (its full-text index lives beside it).
    path: Option<PathBuf>,
}

/// This store's id (made once, at random, and kept in `meta`): a full-text index file names the
/// store it indexes, so that one copied beside another store is not taken for that store's.
fn store_id(conn: &Connection) -> Result<String> {
    if let Some(id) = conn.query_row("SELECT value FROM meta WHERE key = 'store_id'", [], |r| r.get(0)).optional()? {
        return Ok(id);
    }
    let mut h = Sha256::new();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    h.update(format!("{now} {} {:p}", std::process::id(), conn).as_bytes());
    let id: String = h.finalize().iter().take(12).map(|b| format!("{b:02x}")).collect();
    conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('store_id', ?1)", params![id])?;
    // another process may have made one first
    Ok(conn.query_row("SELECT value FROM meta WHERE key = 'store_id'", [], |r| r.get(0))?)
}

/// Attaches the full-text index (the file beside the store, or one in memory) as schema `search`.
fn attach_search(conn: &Connection, file: Option<&Path>) -> Result<()> {
    let id = store_id(conn)?;
    let target = match file {
        Some(f) => f.to_str().ok_or_else(|| StoreError::Other(format!("{} is not a UTF-8 path", f.display())))?.to_string(),
        None => ":memory:".to_string(),
    };
    conn.execute("ATTACH DATABASE ?1 AS search", params![target])?;
    if file.is_some() {
        conn.pragma_update(Some(search::SCHEMA), "page_size", 16384)?;
        conn.pragma_update(Some(search::SCHEMA), "journal_mode", "WAL")?;
        conn.pragma_update(Some(search::SCHEMA), "synchronous", "NORMAL")?;
    }
    search::prepare(conn, search::SCHEMA, &id)
}

/// The hash that identifies a document: SHA-256 of its cleaned text.
pub fn text_hash(text: &str) -> String {
    let mut h = Sha256::new();
    h.update(text.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// WAL bytes after which a checkpoint copies the log into the store.
const WAL_CHECKPOINT_BYTES: u64 = 32 << 20;

/// Checkpoints after [`WAL_CHECKPOINT_BYTES`] of WAL, in pages of this store's size.
fn set_autocheckpoint(conn: &Connection) -> Result<()> {
    let page: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    conn.pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_BYTES as i64 / page.max(512))?;
    Ok(())
}

/// Checkpoints a store's WAL from a connection and thread of their own, while another connection
/// writes: the writer then never waits for a checkpoint's copy and sync (on a bulk ingest, an idle
/// core for a tenth of the time). See [`SqliteStore::checkpointer`].
pub struct Checkpointer {
    conn: Connection,
    wal: PathBuf,
}

impl Checkpointer {
    /// Checkpoints whenever the WAL has grown past the threshold, until `stop` is set.
    pub fn run(&self, stop: &std::sync::atomic::AtomicBool) -> Result<()> {
        use std::sync::atomic::Ordering;
        while !stop.load(Ordering::Relaxed) {
            let size = std::fs::metadata(&self.wal).map(|m| m.len()).unwrap_or(0);
            if size >= WAL_CHECKPOINT_BYTES {
                // PASSIVE: copies what no reader needs, never blocks the writer
                self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Ok(())
    }
}

impl SqliteStore {
    /// A [`Checkpointer`] for this store, which stops checkpointing on its own meanwhile (until
    /// [`SqliteStore::checkpoint_here`]); none for a store in memory.
    pub fn checkpointer(&self) -> Result<Option<Checkpointer>> {
        let Some(path) = &self.path else { return Ok(None) };
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        Ok(Some(Checkpointer { conn, wal: PathBuf::from(wal) }))
    }

    /// Checkpoints on this connection again (after a [`Checkpointer`] is done).
    pub fn checkpoint_here(&self) -> Result<()> {
        set_autocheckpoint(&self.conn)
    }

    /// Opens (creating and migrating as needed) the store at `path`.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // 16 KiB pages for a new store (an existing one keeps its own): a bulk ingest writes a quarter of
        // the pages, frames and checksums of the 4 KiB default. It must come before WAL mode.
        conn.pragma_update(None, "page_size", 16384)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // a 64 MiB page cache and checkpoints every 32 MiB of WAL: bulk ingest writes each page less often
        conn.pragma_update(None, "cache_size", -65536)?;
        set_autocheckpoint(&conn)?;
        schema::migrate(&conn)?;
        attach_search(&conn, Some(&search::path_for(path)))?;
        let mut store = SqliteStore { conn, lsh: Default::default(), signatures: Vec::new(), run: None, path: Some(path.to_path_buf()) };
        store.load_signatures()?;
        Ok(store)
    }

    /// A connection of its own to this store's full-text index, for a thread that indexes what this
    /// handle commits (see [`search`]); none for a store in memory, whose index catches up by itself
    /// before each text query.
    pub fn indexer(&self) -> Result<Option<Indexer>> {
        self.path.as_deref().map(|p| Indexer::open(&search::path_for(p))).transpose()
    }

    /// Loads every stored signature into the LSH index; signatures of an older scheme (or none) are
    /// made again from the stored text and written back, once.
    fn load_signatures(&mut self) -> Result<()> {
        let current = signature::SIGNATURE_SCHEME;
        let scheme: Option<String> =
            self.conn.query_row("SELECT value FROM meta WHERE key = 'signature_scheme'", [], |r| r.get(0)).optional()?;
        if scheme.as_deref() != Some(current) {
            let tx = self.conn.transaction()?;
            {
                let mut read = tx.prepare("SELECT id, text FROM documents")?;
                let mut write = tx.prepare("UPDATE documents SET minhash = ?1 WHERE id = ?2")?;
                let mut q = read.query([])?;
                while let Some(r) = q.next()? {
                    let (id, text): (i64, String) = (r.get(0)?, r.get(1)?);
                    let blob: Vec<u8> = minhash(&text).iter().flat_map(|v| v.to_le_bytes()).collect();
                    write.execute(params![blob, id])?;
                }
            }
            tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('signature_scheme', ?1)", params![current])?;
            tx.commit()?;
        }
        let mut rows: Vec<(Vec<u64>, i64)> = Vec::new();
        {
            let mut stmt = self.conn.prepare("SELECT minhash, cluster FROM documents ORDER BY id")?;
            let mut q = stmt.query([])?;
            while let Some(r) = q.next()? {
                let blob: Vec<u8> = r.get(0)?;
                if blob.len() != signature::MINHASH_LEN * 8 {
                    return Err(StoreError::Other(format!("a stored signature has {} bytes, not {}", blob.len(), signature::MINHASH_LEN * 8)));
                }
                rows.push((blob.chunks(8).map(|c| u64::from_le_bytes(c.try_into().unwrap())).collect(), r.get(1)?));
            }
        }
        for (sig, cluster) in rows {
            self.index_signature(sig, cluster);
        }
        Ok(())
    }

    fn index_signature(&mut self, sig: Vec<u64>, cluster: i64) {
        let row = self.signatures.len();
        for k in band_keys(&sig) {
            self.lsh.entry(k).or_default().push(row);
        }
        self.signatures.push((sig, cluster));
    }

    /// An in-memory store (tests).
    pub fn in_memory() -> Result<SqliteStore> {
        let conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&conn)?;
        attach_search(&conn, None)?;
        Ok(SqliteStore { conn, lsh: Default::default(), signatures: Vec::new(), run: None, path: None })
    }

    /// The hashes of every stored text (see [`KnownTexts`]).
    pub fn known_texts(&self) -> Result<KnownTexts> {
        let mut stmt = self.conn.prepare("SELECT text_hash FROM documents")?;
        let mut set = std::collections::HashSet::new();
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let h: String = r.get(0)?;
            set.extend(KnownTexts::key(&h));
        }
        Ok(KnownTexts(set))
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// Writes prepared fact rows for a document.
    fn insert_facts(tx: &rusqlite::Transaction, doc_id: i64, run_id: i64, rows: &[NewFact]) -> Result<()> {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO facts (doc_id, run_id, kind, label, place_id, lat, lon, side, claimant, claimant_country, date, value, start, end, sentence_start, sentence_end, json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        )?;
        for f in rows {
            stmt.execute(params![
                doc_id, run_id, f.kind, f.label, f.place, f.lat, f.lon, f.side, f.claimant, f.claimant_country, f.date, f.value, f.start, f.end,
                f.sentence.map(|s| s.start as i64), f.sentence.map(|s| s.end as i64), f.json
            ])?;
        }
        Ok(())
    }

    /// The run of this handle for `kb_version`: the one made by an earlier batch, or a new one.
    fn run_id(run: &Option<(i64, String)>, tx: &rusqlite::Transaction, kb_version: &str) -> Result<i64> {
        if let Some((id, v)) = run {
            if v == kb_version {
                return Ok(*id);
            }
        }
        tx.execute("INSERT INTO runs (kb_version, started_at) VALUES (?1, datetime('now'))", params![kb_version])?;
        Ok(tx.last_insert_rowid())
    }

    fn rows(&self, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Vec<FactRow>> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map(params, |r| {
            Ok(FactRow {
                kind: r.get("kind")?,
                document: r.get("source")?,
                published: r.get("published")?,
                outlet: r.get("outlet")?,
                cluster: r.get("cluster")?,
                label: r.get("label")?,
                place: r.get("place_id")?,
                lat: r.get("lat")?,
                lon: r.get("lon")?,
                side: r.get("side")?,
                claimant: r.get("claimant")?,
                claimant_country: r.get("claimant_country")?,
                date: r.get("date")?,
                value: r.get("value")?,
                start: r.get("start")?,
                end: r.get("end")?,
                quote: r.get("sentence")?,
                fact: serde_json::from_str(&r.get::<_, String>("json")?).unwrap_or(serde_json::Value::Null),
            })
            .map(|mut row| {
                // the sentence is kept once, in the document's text; facts stored before that kept it
                // in their JSON
                match (&row.quote, row.fact.get_mut("quote")) {
                    (Some(q), Some(slot)) => *slot = serde_json::Value::String(q.clone()),
                    (None, Some(slot)) => row.quote = slot.as_str().map(str::to_string),
                    _ => {}
                }
                row
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// A read-only view of the near-duplicate index, usable while a transaction borrows the connection.
struct Index<'a> {
    lsh: &'a std::collections::HashMap<u64, Vec<usize>>,
    signatures: &'a [(Vec<u64>, i64)],
}

impl Index<'_> {
    fn near(&self, sig: &[u64]) -> Option<i64> {
        let mut best: Option<(f64, i64)> = None;
        // the most recent documents of each bucket: a bucket shared by thousands of boilerplate-heavy
        // documents must not make every insert scan all of them
        let mut rows: Vec<usize> = Vec::new();
        for k in band_keys(sig) {
            let bucket = self.lsh.get(&k).map(|v| v.as_slice()).unwrap_or(&[]);
            rows.extend(bucket.iter().rev().take(32));
        }
        rows.sort_unstable();
        rows.dedup();
        for row in rows {
            let (other, cluster) = &self.signatures[row];
            let r = estimated_resemblance(sig, other);
            if r >= NEAR_DUPLICATE_RESEMBLANCE && best.is_none_or(|(b, _)| r > b) {
                best = Some((r, *cluster));
            }
        }
        best.map(|(_, c)| c)
    }
}

/// The columns of a fact row; `sentence` is the fact's sentence cut from the document's text (bytes).
const FACT_COLUMNS: &str = "f.kind, d.source, d.published, d.outlet, d.cluster, f.label, f.place_id, f.lat, f.lon, f.side, f.claimant, f.claimant_country, f.date, f.value, f.start, f.end, f.json,
    CASE WHEN f.sentence_start IS NULL THEN NULL
         ELSE CAST(substr(CAST(d.text AS BLOB), f.sentence_start + 1, f.sentence_end - f.sentence_start) AS TEXT) END AS sentence";

fn km(a_lat: f64, a_lon: f64, b_lat: f64, b_lon: f64) -> f64 {
    let r = 6371.0088_f64;
    let (p1, p2) = (a_lat.to_radians(), b_lat.to_radians());
    let h = ((p2 - p1) / 2.0).sin().powi(2) + p1.cos() * p2.cos() * ((b_lon - a_lon).to_radians() / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().min(1.0).asin()
}

/// One fact as written: its key columns and its JSON. A fact's sentence is not in the JSON: it is
/// the span `sentence` of the document's text, read back from there (see [`SqliteStore::rows`]).
struct NewFact {
    kind: &'static str,
    label: Option<String>,
    place: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    side: Option<String>,
    claimant: Option<String>,
    claimant_country: Option<String>,
    date: Option<String>,
    value: Option<f64>,
    start: Option<i64>,
    end: Option<i64>,
    sentence: Option<muster_model::Span>,
    json: String,
}

impl NewFact {
    fn new(kind: &'static str, json: String) -> NewFact {
        NewFact {
            kind,
            label: None,
            place: None,
            lat: None,
            lon: None,
            side: None,
            claimant: None,
            claimant_country: None,
            date: None,
            value: None,
            start: None,
            end: None,
            sentence: None,
            json,
        }
    }
}

/// A fact serialised without its quote (the sentence, kept once in the document's text).
fn json_without_quote<T: Serialize + Clone>(fact: &T, clear: impl FnOnce(&mut T)) -> Result<String> {
    let mut f = fact.clone();
    clear(&mut f);
    Ok(serde_json::to_string(&f)?)
}

/// The rows of every fact of a document (pure: made on any thread).
fn fact_rows(ex: &Extraction) -> Result<Vec<NewFact>> {
    let mut out = Vec::new();
    let place_of = |id: &str| ex.places.iter().find(|p| p.id == id);
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    for p in &ex.places {
        let first = p.mentions.first();
        out.push(NewFact {
            label: Some(p.name.clone()),
            place: Some(p.id.clone()),
            lat: Some(p.lat),
            lon: Some(p.lon),
            side: p.country.clone(),
            value: p.border_km,
            start: first.map(|m| m.start as i64),
            end: first.map(|m| m.end as i64),
            ..NewFact::new("place", serde_json::to_string(p)?)
        });
    }
    for e in &ex.equipment {
        let first = e.mentions.first();
        out.push(NewFact {
            label: Some(e.name.clone()),
            start: first.map(|m| m.start as i64),
            end: first.map(|m| m.end as i64),
            ..NewFact::new("equipment", serde_json::to_string(e)?)
        });
    }
    for u in &ex.units {
        let first = u.mentions.first();
        out.push(NewFact {
            label: Some(u.name.clone()),
            side: u.country.clone(),
            start: first.map(|m| m.start as i64),
            end: first.map(|m| m.end as i64),
            ..NewFact::new("unit", serde_json::to_string(u)?)
        });
    }
    for q in &ex.quantities {
        out.push(NewFact {
            label: Some(q.counted.clone()),
            side: q.side.clone(),
            claimant: q.claimant.as_ref().map(|c| c.name.clone()),
            claimant_country: q.claimant.as_ref().and_then(|c| c.country.clone()),
            date: date(q.date),
            value: Some(q.value),
            start: Some(q.span.start as i64),
            end: Some(q.span.end as i64),
            sentence: Some(q.sentence),
            ..NewFact::new("quantity", json_without_quote(q, |f| f.quote.clear())?)
        });
    }
    for o in &ex.observations {
        let p = place_of(&o.place);
        out.push(NewFact {
            label: Some(o.activity.clone()),
            place: Some(o.place.clone()),
            lat: p.map(|p| p.lat),
            lon: p.map(|p| p.lon),
            side: o.side.clone(),
            claimant: o.attributed_to.clone(),
            date: date(o.date),
            start: Some(o.sentence.start as i64),
            end: Some(o.sentence.end as i64),
            sentence: Some(o.sentence),
            ..NewFact::new("observation", json_without_quote(o, |f| f.quote.clear())?)
        });
    }
    for c in &ex.claims {
        out.push(NewFact {
            label: Some(format!("{}:{}", c.topic, c.stance)),
            claimant: c.claimant.as_ref().map(|a| a.name.clone()),
            claimant_country: c.claimant.as_ref().and_then(|a| a.country.clone()),
            date: date(c.date),
            start: Some(c.sentence.start as i64),
            end: Some(c.sentence.end as i64),
            sentence: Some(c.sentence),
            ..NewFact::new("claim", json_without_quote(c, |f| f.quote.clear())?)
        });
    }
    for i in &ex.indicators {
        out.push(NewFact {
            label: Some(i.kind.clone()),
            side: i.actor.clone(),
            date: date(i.date),
            start: Some(i.sentence.start as i64),
            end: Some(i.sentence.end as i64),
            sentence: Some(i.sentence),
            ..NewFact::new("indicator", json_without_quote(i, |f| f.quote.clear())?)
        });
    }
    for d in &ex.distances {
        let p = place_of(&d.place);
        out.push(NewFact {
            label: d.mismatch.clone(),
            place: Some(d.place.clone()),
            lat: p.map(|p| p.lat),
            lon: p.map(|p| p.lon),
            side: d.border_of.clone(),
            value: Some(d.reported_km),
            start: Some(d.sentence.start as i64),
            end: Some(d.sentence.end as i64),
            sentence: Some(d.sentence),
            ..NewFact::new("distance", json_without_quote(d, |f| f.quote.clear())?)
        });
    }
    Ok(out)
}

/// A document with its facts made ready for the store: hash, near-duplicate signature and fact rows.
/// Making it is pure and may run on any thread, so that the one writer only writes.
pub struct Prepared {
    pub doc: Document,
    pub ex: Extraction,
    hash: String,
    signature: Vec<u64>,
    rows: Vec<NewFact>,
}

impl Prepared {
    pub fn new(doc: Document, ex: Extraction) -> Result<Prepared> {
        Prepared::with_hash(text_hash(&doc.text), doc, ex)
    }

    /// As [`Prepared::new`], with the [`text_hash`] the caller already made.
    pub fn with_hash(hash: String, doc: Document, ex: Extraction) -> Result<Prepared> {
        Ok(Prepared { hash, signature: minhash(&doc.text), rows: fact_rows(&ex)?, doc, ex })
    }
}

/// The texts a store holds, by hash, in memory: workers skip what is stored without asking the
/// database. A text's key is the first 128 bits of its SHA-256; the writer still checks the whole hash.
#[derive(Debug, Default, Clone)]
pub struct KnownTexts(std::collections::HashSet<u128>);

impl KnownTexts {
    fn key(hash: &str) -> Option<u128> {
        hash.get(..32).and_then(|h| u128::from_str_radix(h, 16).ok())
    }

    /// Whether a text with this [`text_hash`] is stored.
    pub fn contains(&self, hash: &str) -> bool {
        Self::key(hash).is_some_and(|k| self.0.contains(&k))
    }
}

impl SqliteStore {
    /// Stores prepared documents in one transaction (see [`Store::put_batch`]); returns what it did
    /// and, for each document added, its place in `batch` and its id (for the full-text [`Indexer`]).
    pub fn put_prepared(&mut self, batch: &[Prepared], kb_version: &str) -> Result<(PutStats, Vec<(usize, i64)>)> {
        let mut stats = PutStats::default();
        let mut added_ids = Vec::new();
        // documents added earlier in this batch, found the same way as stored ones (so that where a
        // batch ends changes no cluster)
        let mut added_now: Vec<(Vec<u64>, i64)> = Vec::new();
        let mut batch_lsh: std::collections::HashMap<u64, Vec<usize>> = std::collections::HashMap::new();
        let self_index = Index { lsh: &self.lsh, signatures: &self.signatures };
        let tx = self.conn.transaction()?;
        // the run is recorded with its first new document: a re-run that adds nothing leaves no trace
        let mut run_id: Option<i64> = None;
        for (i, Prepared { doc, ex, hash, signature: sig, rows }) in batch.iter().enumerate() {
            // statements prepared once per connection, not once per document
            let exists: Option<i64> =
                tx.prepare_cached("SELECT id FROM documents WHERE text_hash = ?1")?.query_row(params![hash], |r| r.get(0)).optional()?;
            if exists.is_some() {
                stats.unchanged += 1;
                continue;
            }
            // a copy of a stored document, or of one added earlier in this batch
            let cluster = self_index.near(sig).or_else(|| Index { lsh: &batch_lsh, signatures: &added_now }.near(sig));
            let (published, inferred) = match (doc.published, ex.text_date) {
                (Some(d), _) => (Some(d), doc.published_inferred),
                (None, Some((d, i))) => (Some(d), i),
                _ => (None, false),
            };
            // the id is known before the insert (one writer per store), so a document that starts its own
            // cluster is written once, not inserted and then updated
            let id: i64 = tx.prepare_cached("SELECT COALESCE(MAX(id), 0) + 1 FROM documents")?.query_row([], |r| r.get(0))?;
            if cluster.is_some() {
                stats.near_duplicates += 1;
            }
            let blob: Vec<u8> = sig.iter().flat_map(|v| v.to_le_bytes()).collect();
            tx.prepare_cached(
                "INSERT INTO documents (id, text_hash, cluster, minhash, source, title, published, published_inferred, outlet, url, language, text, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, datetime('now'))",
            )?
            .execute(params![id, hash, cluster.unwrap_or(id), blob, doc.locator(), doc.title, published.map(|d| d.to_string()), inferred, doc.outlet, doc.url, doc.language, doc.text],
            )?;
            for k in band_keys(sig) {
                batch_lsh.entry(k).or_default().push(added_now.len());
            }
            added_now.push((sig.clone(), cluster.unwrap_or(id)));
            added_ids.push((i, id));
            let run = match run_id {
                Some(r) => r,
                None => *run_id.insert(Self::run_id(&self.run, &tx, kb_version)?),
            };
            Self::insert_facts(&tx, id, run, rows)?;
            stats.added += 1;
        }
        tx.commit()?;
        if let Some(r) = run_id {
            self.run = Some((r, kb_version.to_string()));
        }
        // only what is committed enters the index
        for (sig, cluster) in added_now {
            self.index_signature(sig, cluster);
        }
        Ok((stats, added_ids))
    }
}

impl Store for SqliteStore {
    fn put_batch(&mut self, batch: &[(Document, Extraction)], kb_version: &str) -> Result<PutStats> {
        let prepared = batch.iter().map(|(d, ex)| Prepared::new(d.clone(), ex.clone())).collect::<Result<Vec<_>>>()?;
        Ok(self.put_prepared(&prepared, kb_version)?.0)
    }

    fn contains_text(&self, text: &str) -> Result<bool> {
        Ok(self.conn.query_row("SELECT count(*) FROM documents WHERE text_hash = ?1", params![text_hash(text)], |r| r.get::<_, i64>(0))? > 0)
    }

    fn stats(&self) -> Result<Stats> {
        let one = |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        let kind = |k: &str| -> Result<i64> { Ok(self.conn.query_row("SELECT count(*) FROM facts WHERE kind = ?1", params![k], |r| r.get(0))?) };
        Ok(Stats {
            documents: one("SELECT count(*) FROM documents")?,
            clusters: one("SELECT count(DISTINCT cluster) FROM documents")?,
            places: one("SELECT count(DISTINCT place_id) FROM facts WHERE kind = 'place'")?,
            equipment: kind("equipment")?,
            units: kind("unit")?,
            observations: kind("observation")?,
            quantities: kind("quantity")?,
            claims: kind("claim")?,
            indicators: kind("indicator")?,
            distances: kind("distance")?,
            runs: one("SELECT count(*) FROM runs")?,
        })
    }

    fn query(&self, q: &Query) -> Result<Vec<FactRow>> {
        let mut sql = format!("SELECT {FACT_COLUMNS} FROM facts f JOIN documents d ON d.id = f.doc_id WHERE 1=1");
        let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
        if let Some(t) = &q.text {
            search::catch_up(&self.conn)?;
            sql.push_str(" AND f.doc_id IN (SELECT rowid FROM search.documents_fts WHERE documents_fts MATCH ?)");
            args.push(Box::new(t.clone()));
        }
        if let Some(k) = &q.kind {
            sql.push_str(" AND f.kind = ?");
            args.push(Box::new(k.clone()));
        }
        if let Some(l) = &q.label {
            sql.push_str(" AND (f.label LIKE ? OR f.json LIKE ?)");
            args.push(Box::new(format!("%{l}%")));
            args.push(Box::new(format!("%\"{l}%")));
        }
        if let Some(c) = &q.claimant {
            sql.push_str(" AND (f.claimant LIKE ? OR f.claimant_country = ?)");
            args.push(Box::new(format!("%{c}%")));
            args.push(Box::new(c.to_uppercase()));
        }
        if let Some(s) = &q.side {
            sql.push_str(" AND f.side = ?");
            args.push(Box::new(s.to_uppercase()));
        }
        if let Some(f) = q.from {
            sql.push_str(" AND COALESCE(f.date, d.published) >= ?");
            args.push(Box::new(f.to_string()));
        }
        if let Some(t) = q.to {
            sql.push_str(" AND COALESCE(f.date, d.published) <= ?");
            args.push(Box::new(t.to_string()));
        }
        if let Some((lat, lon, r)) = q.near {
            // a bounding box in SQL, the exact circle below
            let dlat = r / 111.0;
            let dlon = r / (111.0 * lat.to_radians().cos().max(0.05));
            sql.push_str(" AND f.lat BETWEEN ? AND ? AND f.lon BETWEEN ? AND ?");
            args.push(Box::new(lat - dlat));
            args.push(Box::new(lat + dlat));
            args.push(Box::new(lon - dlon));
            args.push(Box::new(lon + dlon));
        }
        sql.push_str(" ORDER BY COALESCE(f.date, d.published), f.id");
        let refs: Vec<&dyn rusqlite::ToSql> = args.iter().map(|b| b.as_ref()).collect();
        let mut rows = self.rows(&sql, &refs)?;
        if let Some((lat, lon, r)) = q.near {
            rows.retain(|f| matches!((f.lat, f.lon), (Some(a), Some(b)) if km(lat, lon, a, b) <= r));
        }
        if q.limit > 0 {
            rows.truncate(q.limit);
        }
        Ok(rows)
    }

    fn picture(&self) -> Result<Picture> {
        let obs = self.rows(&format!("SELECT {FACT_COLUMNS} FROM facts f JOIN documents d ON d.id = f.doc_id WHERE f.kind = 'observation' ORDER BY COALESCE(f.date, d.published), f.id"), &[])?;
        let mut places: Vec<PicturePlace> = Vec::new();
        let mut place_meta = self.conn.prepare("SELECT json FROM facts WHERE kind = 'place' AND place_id = ?1 LIMIT 1")?;
        for o in &obs {
            let Some(pid) = &o.place else { continue };
            if o.fact.get("role").and_then(|r| r.as_str()) == Some("origin") {
                continue;
            }
            let idx = match places.iter().position(|p| &p.place == pid) {
                Some(i) => i,
                None => {
                    let meta: String = place_meta.query_row(params![pid], |r| r.get(0))?;
                    let m: serde_json::Value = serde_json::from_str(&meta)?;
                    places.push(PicturePlace {
                        place: pid.clone(),
                        name: m["name"].as_str().unwrap_or(pid).to_string(),
                        lat: m["lat"].as_f64().unwrap_or(0.0),
                        lon: m["lon"].as_f64().unwrap_or(0.0),
                        country: m["country"].as_str().map(str::to_string),
                        kind: m["kind"].as_str().unwrap_or("other").to_string(),
                        border_km: m["border_km"].as_f64(),
                        observations: 0,
                        sources: 0,
                        first_seen: None,
                        last_seen: None,
                        sides: Vec::new(),
                        equipment: Vec::new(),
                        units: Vec::new(),
                        activities: Vec::new(),
                        latest: Vec::new(),
                    });
                    places.len() - 1
                }
            };
            let p = &mut places[idx];
            p.observations += 1;
            let when = o.date.clone().or(o.published.clone());
            if let Some(w) = &when {
                if p.first_seen.as_ref().is_none_or(|f| w < f) {
                    p.first_seen = Some(w.clone());
                }
                if p.last_seen.as_ref().is_none_or(|l| w > l) {
                    p.last_seen = Some(w.clone());
                }
            }
            if let Some(s) = &o.side {
                if !p.sides.contains(s) {
                    p.sides.push(s.clone());
                }
            }
            if let Some(a) = &o.label {
                if !p.activities.contains(a) {
                    p.activities.push(a.clone());
                }
            }
            for (key, list) in [("equipment", &mut p.equipment), ("units", &mut p.units)] {
                for v in o.fact[key].as_array().into_iter().flatten().filter_map(|v| v.as_str()) {
                    let name = v.rsplit(':').next().unwrap_or(v).to_string();
                    if !list.contains(&name) {
                        list.push(name);
                    }
                }
            }
            p.latest.push(o.clone());
        }
        for p in places.iter_mut() {
            let mut clusters: Vec<i64> = p.latest.iter().map(|o| o.cluster).collect();
            clusters.sort();
            clusters.dedup();
            p.sources = clusters.len() as i64;
            p.latest.reverse();
            p.latest.truncate(5);
        }
        places.sort_by(|a, b| b.sources.cmp(&a.sources).then(b.observations.cmp(&a.observations)).then(a.name.cmp(&b.name)));
        let qs = self.rows(&format!("SELECT {FACT_COLUMNS} FROM facts f JOIN documents d ON d.id = f.doc_id WHERE f.kind = 'quantity' AND f.label IN ('troops', 'battalion_tactical_groups') AND f.claimant IS NOT NULL ORDER BY COALESCE(f.date, d.published), f.id"), &[])?;
        let estimates = qs
            .iter()
            .filter(|q| !q.fact["implausible"].as_bool().unwrap_or(false))
            .map(|q| Estimate {
                claimant: q.claimant.clone().unwrap_or_default(),
                claimant_country: q.claimant_country.clone(),
                date: q.date.clone().or(q.published.clone()),
                value: q.value.unwrap_or(0.0),
                high: q.fact["high"].as_f64(),
                qualifier: q.fact["qualifier"].as_str().map(str::to_string),
                counted: q.label.clone().unwrap_or_default(),
                side: q.side.clone(),
                quote: q.quote.clone().unwrap_or_default(),
                document: q.document.clone(),
            })
            .collect();
        let indicators = self.rows(&format!("SELECT {FACT_COLUMNS} FROM facts f JOIN documents d ON d.id = f.doc_id WHERE f.kind = 'indicator' ORDER BY COALESCE(f.date, d.published), f.id"), &[])?;
        let contradictions = self.rows(&format!("SELECT {FACT_COLUMNS} FROM facts f JOIN documents d ON d.id = f.doc_id WHERE f.kind = 'claim' AND f.label LIKE 'withdrawal:%' ORDER BY COALESCE(f.date, d.published), f.id"), &[])?;
        Ok(Picture { places, estimates, indicators, contradictions })
    }

    fn documents_after(&self, after: i64, limit: usize) -> Result<Vec<(i64, Document)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, source, title, published, published_inferred, outlet, url, language, text FROM documents WHERE id > ?1 ORDER BY id LIMIT ?2",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![after, limit], |r| {
            let published: Option<String> = r.get(3)?;
            // (the store keeps the locator, `file#record`, as the source)
            let doc = Document {
                source: r.get(1)?,
                record: None,
                title: r.get(2)?,
                published: published.and_then(|p| NaiveDate::parse_from_str(&p, "%Y-%m-%d").ok()),
                published_inferred: r.get(4)?,
                outlet: r.get(5)?,
                url: r.get(6)?,
                language: r.get(7)?,
                text: r.get(8)?,
            };
            Ok((r.get(0)?, doc))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn replace_facts(&mut self, batch: &[(Document, Extraction)], kb_version: &str) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let run_id = Self::run_id(&self.run, &tx, kb_version)?;
        let mut n = 0;
        for (doc, ex) in batch {
            let id: Option<i64> = tx.query_row("SELECT id FROM documents WHERE text_hash = ?1", params![text_hash(&doc.text)], |r| r.get(0)).optional()?;
            let Some(id) = id else { continue };
            tx.execute("DELETE FROM facts WHERE doc_id = ?1", params![id])?;
            Self::insert_facts(&tx, id, run_id, &fact_rows(ex)?)?;
            n += 1;
        }
        tx.commit()?;
        self.run = Some((run_id, kb_version.to_string()));
        Ok(n)
    }
}

