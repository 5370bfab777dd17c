//! `muster ingest` end to end: idempotent re-runs, and a `kill -9` at any moment leaves a sound
//! store that a re-run completes to the same counts as an uninterrupted run.

use muster_store::{Query, SqliteStore, Store};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn muster() -> Command {
    Command::new(env!("CARGO_BIN_EXE_muster"))
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn ingest(db: &Path, input: &Path) -> std::process::Output {
    muster().args(["ingest", "--batch", "8", "--db"]).arg(db).arg(input).output().expect("muster runs")
}

#[test]
fn reingesting_the_demo_corpus_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let first = ingest(&db, &repo().join("demo"));
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let a = SqliteStore::open(&db).unwrap().stats().unwrap();
    let second = ingest(&db, &repo().join("demo"));
    assert!(second.status.success());
    assert!(String::from_utf8_lossy(&second.stderr).contains("0 documents added"), "{}", String::from_utf8_lossy(&second.stderr));
    let b = SqliteStore::open(&db).unwrap().stats().unwrap();
    assert_eq!((a.documents, a.observations, a.quantities, a.claims, a.indicators), (b.documents, b.observations, b.quantities, b.claims, b.indicators));
    assert!(a.documents >= 20);
    assert_eq!(a.clusters, a.documents - 1, "the syndicated copy joins its original's cluster");
}

/// A folder `corpus` in `dir` holding `docs` generated reports.
fn generated_corpus(dir: &Path, docs: usize) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    generate(&corpus, docs);
    corpus
}

/// A corpus of generated reports, different from one another (an LCG picks the sentences).
fn generate(dir: &Path, docs: usize) {
    let places = ["Valuyki", "Boguchar", "Klintsy", "Yelnya", "Novoozerne", "Dzhankoi", "Rechitsa", "Mozyr", "Yelsk", "Soloti", "Pogonovo training ground", "Millerovo"];
    let kit = ["T-72B3 tanks", "BMP-3 vehicles", "Iskander launchers", "2S19 Msta-S howitzers", "Pantsir-S1 systems", "field hospitals", "trucks", "Ka-52 helicopters"];
    let who = ["a US official said", "according to Ukraine's defence ministry", "NATO said", "Jens Stoltenberg told reporters", "the Kremlin said"];
    let mut seed: u64 = 42;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    for d in 0..docs {
        let mut text = format!("Report {d}: movements near the border\n\n");
        for s in 0..60 {
            let line = match next(4) {
                0 => format!("Satellite images taken on Monday show {} at {}, {}.", kit[next(kit.len())], places[next(places.len())], who[next(who.len())]),
                1 => format!("About {},{:03} troops are now massed near {}, {}.", 50 + next(150), next(1000), places[next(places.len())], who[next(who.len())]),
                2 => format!("Residents of {} filmed a train carrying {} on Thursday night (item {d}-{s}).", places[next(places.len())], kit[next(kit.len())]),
                _ => format!("Officials said the build-up near {} continued, with {} more {} seen this week.", places[next(places.len())], 2 + next(40), kit[next(kit.len())]),
            };
            text.push_str(&line);
            text.push('\n');
        }
        std::fs::write(dir.join(format!("report-{d:05}.txt")), text).unwrap();
    }
}

/// The documents committed to a store, read without writing to it; `None` while it has no documents table.
fn stored_documents(db: &Path) -> Option<i64> {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    conn.busy_timeout(Duration::from_secs(1)).ok()?;
    conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0)).ok()
}

#[test]
fn kill_minus_nine_leaves_a_sound_store_and_a_rerun_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = generated_corpus(dir.path(), 400);

    // the reference: one uninterrupted run
    let reference_db = dir.path().join("reference.db");
    assert!(ingest(&reference_db, &corpus).status.success());
    let reference = SqliteStore::open(&reference_db).unwrap().stats().unwrap();
    assert_eq!(reference.documents, 400);
    // the full-text index beside the store was written during the ingest, not at the first query
    let index = rusqlite::Connection::open(dir.path().join("reference.db.fts")).unwrap();
    let upto: String = index.query_row("SELECT value FROM meta WHERE key = 'indexed_upto'", [], |r| r.get(0)).unwrap();
    assert_eq!(upto, "400");
    let text_hits = |db: &Path| {
        let q = Query { text: Some("Valuyki AND Iskander".into()), kind: Some("observation".into()), ..Default::default() };
        SqliteStore::open(db).unwrap().query(&q).unwrap().len()
    };
    let reference_hits = text_hits(&reference_db);
    assert!(reference_hits > 0);

    // the interrupted run: killed once some batches are committed
    let db = dir.path().join("killed.db");
    let mut child = muster().args(["ingest", "--batch", "8", "--db"]).arg(&db).arg(&corpus).stderr(Stdio::null()).spawn().unwrap();
    let started = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(20));
        // (read only: a poll that opened the store for writing could race the child's own creation of it)
        let committed = db.exists() && stored_documents(&db).is_some_and(|n| n >= 16);
        if committed || started.elapsed() > Duration::from_secs(60) {
            break;
        }
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    {
        let s = SqliteStore::open(&db).unwrap();
        assert_eq!(s.integrity_check().unwrap(), "ok");
        let partial = s.stats().unwrap();
        assert!(partial.documents > 0 && partial.documents <= 400, "{partial:?}");
    }
    // the re-run completes the rest
    assert!(ingest(&db, &corpus).status.success());
    let s = SqliteStore::open(&db).unwrap();
    assert_eq!(s.integrity_check().unwrap(), "ok");
    let done = s.stats().unwrap();
    assert_eq!(
        (done.documents, done.observations, done.quantities, done.claims, done.indicators, done.places),
        (reference.documents, reference.observations, reference.quantities, reference.claims, reference.indicators, reference.places)
    );
    // and full-text search finds what it finds in the uninterrupted store
    assert_eq!(text_hits(&db), reference_hits);
}

#[test]
fn the_demo_leaves_a_closed_store_and_its_exports() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = muster().args(["demo", "--out"]).arg(&out).output().expect("muster runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    for f in ["muster.db", "muster.db.fts", "observations.geojson", "picture.json", "sitrep.md", "facts.csv"] {
        assert!(out.join(f).exists(), "{f} missing");
    }
    // every connection closed cleanly: the log was copied into the store and removed, so the one
    // file holds everything (an analyst may copy muster.db alone)
    assert!(!out.join("muster.db-wal").exists(), "muster.db-wal left beside the store");
    let s = SqliteStore::open(&out.join("muster.db")).unwrap();
    assert!(s.stats().unwrap().documents >= 20);
}

#[test]
fn reextraction_reads_the_store_a_page_at_a_time_and_keeps_every_document_and_fact() {
    let dir = tempfile::tempdir().unwrap();
    // more documents than one page of re-extraction
    let corpus = generated_corpus(dir.path(), 300);
    let db = dir.path().join("m.db");
    let first = ingest(&db, &corpus);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let store = SqliteStore::open(&db).unwrap();
    let before = store.stats().unwrap();
    let facts_before = store.query(&Query { limit: 1_000_000, ..Default::default() }).unwrap().len();
    // pages cover every document once, in id order
    let (mut ids, mut pages) = (Vec::new(), muster_store::Pages::new(64));
    while let Some(page) = pages.next(&store).unwrap() {
        assert!(page.len() <= 64);
        ids.extend(page.iter().map(|(id, _)| *id));
    }
    assert_eq!(ids.len(), before.documents as usize);
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    drop(store);
    let out = muster().args(["reextract", "--db"]).arg(&db).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("re-extracted {} documents", before.documents)), "{}", String::from_utf8_lossy(&out.stderr));
    let store = SqliteStore::open(&db).unwrap();
    let after_stats = store.stats().unwrap();
    let facts_after = store.query(&Query { limit: 1_000_000, ..Default::default() }).unwrap().len();
    assert_eq!(
        (before.documents, before.observations, before.quantities, before.claims, before.indicators),
        (after_stats.documents, after_stats.observations, after_stats.quantities, after_stats.claims, after_stats.indicators)
    );
    assert!(facts_before > 1000 && facts_after == facts_before, "{facts_before} facts before, {facts_after} after");
}
