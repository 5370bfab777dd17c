//! The schema and its migrations, applied in order; `meta.schema_version` records the last one.

use rusqlite::Connection;

const MIGRATIONS: &[&str] = &[
    // 1: documents, runs, facts, full-text index
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
     CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        text_hash TEXT NOT NULL UNIQUE,
        simhash INTEGER NOT NULL,
        cluster INTEGER NOT NULL,
        source TEXT NOT NULL,
        title TEXT,
        published TEXT,
        published_inferred INTEGER NOT NULL DEFAULT 0,
        outlet TEXT,
        url TEXT,
        language TEXT,
        text TEXT NOT NULL,
        ingested_at TEXT NOT NULL
     );
     CREATE INDEX documents_cluster ON documents(cluster);
     CREATE TABLE runs (id INTEGER PRIMARY KEY, kb_version TEXT NOT NULL, started_at TEXT NOT NULL);
     CREATE TABLE facts (
        id INTEGER PRIMARY KEY,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        kind TEXT NOT NULL,
        label TEXT,
        place_id TEXT,
        lat REAL,
        lon REAL,
        side TEXT,
        claimant TEXT,
        claimant_country TEXT,
        date TEXT,
        value REAL,
        start INTEGER,
        end INTEGER,
        quote TEXT,
        json TEXT NOT NULL
     );
     CREATE INDEX facts_doc ON facts(doc_id);
     CREATE INDEX facts_kind ON facts(kind, label);
     CREATE INDEX facts_place ON facts(place_id);
     CREATE INDEX facts_geo ON facts(lat, lon);
     CREATE INDEX facts_date ON facts(date);
     CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, tokenize = 'unicode61 remove_diacritics 2');",
    // 2: MinHash signatures for near-duplicate clusters
    "ALTER TABLE documents ADD COLUMN minhash BLOB;",
    // 3: the full-text index reads the documents table instead of keeping a second copy of every text
    "DROP TABLE documents_fts;
     CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content = 'documents', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2');
     INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');",
    // 4: near-duplicates are found by MinHash alone; the SimHash column is gone
    "ALTER TABLE documents DROP COLUMN simhash;",
    // 5: a fact's sentence is kept once, in the document's text, by its span (facts written before
    //    keep it in their JSON); radius and date queries filter without indexes of their own (every
    //    insert paid for them, and a date range over COALESCE(date, published) cannot use one)
    "ALTER TABLE facts DROP COLUMN quote;
     ALTER TABLE facts ADD COLUMN sentence_start INTEGER;
     ALTER TABLE facts ADD COLUMN sentence_end INTEGER;
     DROP INDEX IF EXISTS facts_geo;
     DROP INDEX IF EXISTS facts_date;",
    // 6: the full-text index moves to a file of its own beside the store (see `search`), written by
    //    its own thread; the store's id tells which store an index file belongs to
    "DROP TABLE IF EXISTS documents_fts;",
];

/// Brings the schema up to date.
pub fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")?;
    let current: i64 = conn
        .query_row("SELECT value FROM meta WHERE key = 'schema_version'", [], |r| r.get::<_, String>(0))
        .map(|v| v.parse().unwrap_or(0))
        .unwrap_or(0);
    for (i, m) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(m)?;
        tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?1)", [(i + 1).to_string()])?;
        tx.commit()?;
    }
    Ok(())
}
