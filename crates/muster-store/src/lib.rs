//! The store: documents and every extracted fact with its provenance (document, byte span,
//! sentence), in one embedded SQLite file by default. The store never re-derives facts; it keeps
//! what extraction produced and answers queries over it.
//!
//! Invariants: one transaction per batch (a crash loses at most the batch in flight and never
//! leaves half a document); a document is identified by the hash of its cleaned text, so re-ingesting
//! the same input is a no-op; near-duplicates (syndicated copies) share a cluster id.

mod schema;
mod simhash;

pub use simhash::{band_keys, estimated_resemblance, hamming, minhash, resemblance, shingles, simhash};

use chrono::NaiveDate;
use muster_model::{Document, Extraction};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::Path;

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
    /// Every stored document, for re-extraction.
    fn documents(&self) -> Result<Vec<Document>>;
    /// Replaces the facts of stored documents (after the knowledge base changed).
    fn replace_facts(&mut self, batch: &[(Document, Extraction)], kb_version: &str) -> Result<usize>;
}

/// The embedded SQLite store.
pub struct SqliteStore {
    conn: Connection,
    /// LSH index of the stored documents' MinHash signatures: band key -> rows of `signatures`.
    lsh: std::collections::HashMap<u64, Vec<usize>>,
    /// (signature, cluster) of every stored document.
    signatures: Vec<(Vec<u64>, i64)>,
}

/// The hash that identifies a document: SHA-256 of its cleaned text.
pub fn text_hash(text: &str) -> String {
    let mut h = Sha256::new();
    h.update(text.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

impl SqliteStore {
    /// Opens (creating and migrating as needed) the store at `path`.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // a 64 MiB page cache and checkpoints every 32 MiB of WAL: bulk ingest writes each page less often
        conn.pragma_update(None, "cache_size", -65536)?;
        conn.pragma_update(None, "wal_autocheckpoint", 8192)?;
        schema::migrate(&conn)?;
        let mut store = SqliteStore { conn, lsh: Default::default(), signatures: Vec::new() };
        store.load_signatures()?;
        Ok(store)
    }

    fn load_signatures(&mut self) -> Result<()> {
        let mut rows: Vec<(Vec<u64>, i64)> = Vec::new();
        {
            let mut stmt = self.conn.prepare("SELECT minhash, cluster, text FROM documents ORDER BY id")?;
            let mut q = stmt.query([])?;
            while let Some(r) = q.next()? {
                let blob: Option<Vec<u8>> = r.get(0)?;
                let sig = match blob {
                    Some(b) if b.len() == simhash::MINHASH_LEN * 8 => b.chunks(8).map(|c| u64::from_le_bytes(c.try_into().unwrap())).collect(),
                    _ => minhash(&r.get::<_, String>(2)?),
                };
                rows.push((sig, r.get(1)?));
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

    /// A second connection to an existing store for lookups while another connection writes; it
    /// does not load the near-duplicate index.
    pub fn open_reader(path: &Path) -> Result<SqliteStore> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        Ok(SqliteStore { conn, lsh: Default::default(), signatures: Vec::new() })
    }

    /// An in-memory store (tests).
    pub fn in_memory() -> Result<SqliteStore> {
        let conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&conn)?;
        Ok(SqliteStore { conn, lsh: Default::default(), signatures: Vec::new() })
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    fn insert_facts(tx: &rusqlite::Transaction, doc_id: i64, run_id: i64, ex: &Extraction) -> Result<()> {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO facts (doc_id, run_id, kind, label, place_id, lat, lon, side, claimant, claimant_country, date, value, start, end, quote, json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )?;
        let place_of = |id: &str| ex.places.iter().find(|p| p.id == id);
        for p in &ex.places {
            let first = p.mentions.first();
            stmt.execute(params![doc_id, run_id, "place", p.name, p.id, p.lat, p.lon, p.country, None::<String>, None::<String>, None::<String>, p.border_km,
                first.map(|m| m.start as i64), first.map(|m| m.end as i64), None::<String>, serde_json::to_string(p)?])?;
        }
        for e in &ex.equipment {
            let first = e.mentions.first();
            stmt.execute(params![doc_id, run_id, "equipment", e.name, None::<String>, None::<f64>, None::<f64>, None::<String>, None::<String>, None::<String>, None::<String>, None::<f64>,
                first.map(|m| m.start as i64), first.map(|m| m.end as i64), None::<String>, serde_json::to_string(e)?])?;
        }
        for u in &ex.units {
            let first = u.mentions.first();
            stmt.execute(params![doc_id, run_id, "unit", u.name, None::<String>, None::<f64>, None::<f64>, u.country, None::<String>, None::<String>, None::<String>, None::<f64>,
                first.map(|m| m.start as i64), first.map(|m| m.end as i64), None::<String>, serde_json::to_string(u)?])?;
        }
        for q in &ex.quantities {
            stmt.execute(params![doc_id, run_id, "quantity", q.counted, None::<String>, None::<f64>, None::<f64>, q.side, q.claimant.as_ref().map(|c| c.name.clone()),
                q.claimant.as_ref().and_then(|c| c.country.clone()), q.date.map(|d| d.to_string()), q.value, q.span.start as i64, q.span.end as i64, q.quote, serde_json::to_string(q)?])?;
        }
        for o in &ex.observations {
            let p = place_of(&o.place);
            stmt.execute(params![doc_id, run_id, "observation", o.activity, o.place, p.map(|p| p.lat), p.map(|p| p.lon), o.side, o.attributed_to, None::<String>,
                o.date.map(|d| d.to_string()), None::<f64>, o.sentence.start as i64, o.sentence.end as i64, o.quote, serde_json::to_string(o)?])?;
        }
        for c in &ex.claims {
            stmt.execute(params![doc_id, run_id, "claim", format!("{}:{}", c.topic, c.stance), None::<String>, None::<f64>, None::<f64>, None::<String>,
                c.claimant.as_ref().map(|a| a.name.clone()), c.claimant.as_ref().and_then(|a| a.country.clone()), c.date.map(|d| d.to_string()), None::<f64>,
                c.sentence.start as i64, c.sentence.end as i64, c.quote, serde_json::to_string(c)?])?;
        }
        for i in &ex.indicators {
            stmt.execute(params![doc_id, run_id, "indicator", i.kind, None::<String>, None::<f64>, None::<f64>, i.actor, None::<String>, None::<String>,
                i.date.map(|d| d.to_string()), None::<f64>, i.sentence.start as i64, i.sentence.end as i64, i.quote, serde_json::to_string(i)?])?;
        }
        for d in &ex.distances {
            let p = place_of(&d.place);
            stmt.execute(params![doc_id, run_id, "distance", d.mismatch, d.place, p.map(|p| p.lat), p.map(|p| p.lon), d.border_of, None::<String>, None::<String>,
                None::<String>, d.reported_km, d.sentence.start as i64, d.sentence.end as i64, d.quote, serde_json::to_string(d)?])?;
        }
        Ok(())
    }

    fn new_run(tx: &rusqlite::Transaction, kb_version: &str) -> Result<i64> {
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
                quote: r.get("quote")?,
                fact: serde_json::from_str(&r.get::<_, String>("json")?).unwrap_or(serde_json::Value::Null),
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
        let mut seen = std::collections::HashSet::new();
        for k in band_keys(sig) {
            // the most recent documents of a bucket: a bucket shared by thousands of boilerplate-heavy
            // documents must not make every insert scan all of them
            let bucket = self.lsh.get(&k).map(|v| v.as_slice()).unwrap_or(&[]);
            for &row in bucket.iter().rev().take(64) {
                if !seen.insert(row) {
                    continue;
                }
                let (other, cluster) = &self.signatures[row];
                let r = estimated_resemblance(sig, other);
                if r >= NEAR_DUPLICATE_RESEMBLANCE && best.is_none_or(|(b, _)| r > b) {
                    best = Some((r, *cluster));
                }
            }
        }
        best.map(|(_, c)| c)
    }
}

const FACT_COLUMNS: &str = "f.kind, d.source, d.published, d.outlet, d.cluster, f.label, f.place_id, f.lat, f.lon, f.side, f.claimant, f.claimant_country, f.date, f.value, f.start, f.end, f.quote, f.json";

fn km(a_lat: f64, a_lon: f64, b_lat: f64, b_lon: f64) -> f64 {
    let r = 6371.0088_f64;
    let (p1, p2) = (a_lat.to_radians(), b_lat.to_radians());
    let h = ((p2 - p1) / 2.0).sin().powi(2) + p1.cos() * p2.cos() * ((b_lon - a_lon).to_radians() / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().min(1.0).asin()
}

impl Store for SqliteStore {
    fn put_batch(&mut self, batch: &[(Document, Extraction)], kb_version: &str) -> Result<PutStats> {
        let mut stats = PutStats::default();
        // clusters are computed before the transaction so that reads do not hold the write lock long
        let mut added_now: Vec<(Vec<u64>, i64)> = Vec::new();
        let self_index = Index { lsh: &self.lsh, signatures: &self.signatures };
        let tx = self.conn.transaction()?;
        let run_id = Self::new_run(&tx, kb_version)?;
        for (doc, ex) in batch {
            let hash = text_hash(&doc.text);
            let exists: Option<i64> = tx.query_row("SELECT id FROM documents WHERE text_hash = ?1", params![hash], |r| r.get(0)).optional()?;
            if exists.is_some() {
                stats.unchanged += 1;
                continue;
            }
            let words = simhash::word_hashes(&doc.text);
            let sig = simhash::minhash_of_words(&words);
            let sh = simhash::simhash_of_words(&words);
            // a copy of a stored document, or of one added earlier in this batch
            let cluster = self_index.near(&sig).or_else(|| {
                added_now.iter().filter(|(s, _)| estimated_resemblance(&sig, s) >= NEAR_DUPLICATE_RESEMBLANCE).map(|(_, c)| *c).next()
            });
            let (published, inferred) = match (doc.published, ex.text_date) {
                (Some(d), _) => (Some(d), doc.published_inferred),
                (None, Some((d, i))) => (Some(d), i),
                _ => (None, false),
            };
            // the id is known before the insert (one writer per store), so a document that starts its own
            // cluster is written once, not inserted and then updated
            let id: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM documents", [], |r| r.get(0))?;
            if cluster.is_some() {
                stats.near_duplicates += 1;
            }
            let blob: Vec<u8> = sig.iter().flat_map(|v| v.to_le_bytes()).collect();
            tx.execute(
                "INSERT INTO documents (id, text_hash, simhash, cluster, minhash, source, title, published, published_inferred, outlet, url, language, text, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, datetime('now'))",
                params![id, hash, sh as i64, cluster.unwrap_or(id), blob, doc.source, doc.title, published.map(|d| d.to_string()), inferred, doc.outlet, doc.url, doc.language, doc.text],
            )?;
            added_now.push((sig, cluster.unwrap_or(id)));
            tx.execute("INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)", params![id, doc.title, doc.text])?;
            Self::insert_facts(&tx, id, run_id, ex)?;
            stats.added += 1;
        }
        tx.commit()?;
        // only what is committed enters the index
        for (sig, cluster) in added_now {
            self.index_signature(sig, cluster);
        }
        Ok(stats)
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
            sql.push_str(" AND f.doc_id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)");
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

    fn documents(&self) -> Result<Vec<Document>> {
        let mut stmt = self.conn.prepare("SELECT source, title, published, published_inferred, outlet, url, language, text FROM documents ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            let published: Option<String> = r.get(2)?;
            Ok(Document {
                source: r.get(0)?,
                title: r.get(1)?,
                published: published.and_then(|p| NaiveDate::parse_from_str(&p, "%Y-%m-%d").ok()),
                published_inferred: r.get(3)?,
                outlet: r.get(4)?,
                url: r.get(5)?,
                language: r.get(6)?,
                text: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn replace_facts(&mut self, batch: &[(Document, Extraction)], kb_version: &str) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let run_id = Self::new_run(&tx, kb_version)?;
        let mut n = 0;
        for (doc, ex) in batch {
            let id: Option<i64> = tx.query_row("SELECT id FROM documents WHERE text_hash = ?1", params![text_hash(&doc.text)], |r| r.get(0)).optional()?;
            let Some(id) = id else { continue };
            tx.execute("DELETE FROM facts WHERE doc_id = ?1", params![id])?;
            Self::insert_facts(&tx, id, run_id, ex)?;
            n += 1;
        }
        tx.commit()?;
        Ok(n)
    }
}

