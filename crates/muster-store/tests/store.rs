//! The store keeps documents and facts once, clusters near-duplicates, and answers queries.

use muster_model::{Actor, DatePrecision, Document, Extraction, Mention, Observation, Place, PlaceKind, PlaceRole, Quantity, Span};
use muster_store::{Query, SqliteStore, Store};

fn doc(source: &str, text: &str) -> Document {
    Document { source: source.into(), text: text.into(), published: chrono::NaiveDate::from_ymd_opt(2022, 2, 11), ..Default::default() }
}

fn facts(text: &str) -> Extraction {
    let start = text.find("Valuyki").unwrap();
    let place = Place {
        id: "geonames:477192".into(),
        name: "Valuyki".into(),
        lat: 50.2,
        lon: 38.1,
        country: Some("RU".into()),
        kind: PlaceKind::PopulatedPlace,
        site_kind: None,
        border_km: Some(17.0),
        inside_country_of_interest: Some(false),
        mentions: vec![Mention::from_span(Span::new(start, start + 7), text)],
    };
    let sentence = Span::new(0, text.len());
    Extraction {
        places: vec![place],
        observations: vec![Observation {
            place: "geonames:477192".into(),
            role: PlaceRole::Location,
            activity: "present".into(),
            side: Some("RU".into()),
            equipment: vec![],
            units: vec![],
            date: chrono::NaiveDate::from_ymd_opt(2022, 2, 10),
            date_precision: DatePrecision::Day,
            source_kind: None,
            attributed_to: None,
            quote: text.into(),
            sentence,
        }],
        quantities: vec![Quantity {
            value: 7000.0,
            high: None,
            approx: false,
            qualifier: None,
            counted: "troops".into(),
            side: Some("RU".into()),
            claimant: Some(Actor { name: "US officials".into(), country: Some("US".into()), role: "official".into() }),
            date: chrono::NaiveDate::from_ymd_opt(2022, 2, 11),
            implausible: false,
            quote: text.into(),
            span: sentence,
            sentence,
        }],
        ..Default::default()
    }
}

const TEXT: &str = "Russian troops and 7000 more soldiers were seen at Valuyki on Thursday, US officials said, as trains carried tanks and trucks towards the border area through the night while residents watched from the platforms and posted videos of the long columns online.";

#[test]
fn reingesting_is_a_no_op() {
    let mut s = SqliteStore::in_memory().unwrap();
    let batch = vec![(doc("a.txt", TEXT), facts(TEXT))];
    let first = s.put_batch(&batch, "kb-test").unwrap();
    assert_eq!(first.added, 1);
    let before = s.stats().unwrap();
    let again = s.put_batch(&batch, "kb-test").unwrap();
    assert_eq!((again.added, again.unchanged), (0, 1));
    let after = s.stats().unwrap();
    assert_eq!((before.documents, before.observations, before.quantities), (after.documents, after.observations, after.quantities));
    // a run that adds nothing leaves no trace
    assert_eq!((before.runs, after.runs), (1, 1));
}

#[test]
fn a_syndicated_copy_joins_the_cluster() {
    let mut s = SqliteStore::in_memory().unwrap();
    let copy = format!("A different headline for the copy. {TEXT}");
    let other = "The regional council approved a new budget for schools and roads on Tuesday after a long debate about taxes, parking fees and the future of the library in the old town centre, officials said.";
    s.put_batch(&[(doc("a.txt", TEXT), facts(TEXT)), (doc("b.txt", &copy), Extraction::default()), (doc("c.txt", other), Extraction::default())], "kb").unwrap();
    let st = s.stats().unwrap();
    assert_eq!(st.documents, 3);
    assert_eq!(st.clusters, 2);
}

#[test]
fn where_a_batch_ends_changes_no_cluster() {
    let copy = format!("A different headline for the copy. {TEXT}");
    let other = "The regional council approved a new budget for schools and roads on Tuesday after a long debate about taxes, parking fees and the future of the library in the old town centre, officials said.";
    let docs = [(doc("a.txt", TEXT), facts(TEXT)), (doc("b.txt", &copy), Extraction::default()), (doc("c.txt", other), Extraction::default())];
    let dir = tempfile::tempdir().unwrap();
    let clusters = |path: &std::path::Path| -> Vec<(String, i64)> {
        let c = rusqlite::Connection::open(path).unwrap();
        let mut q = c.prepare("SELECT source, cluster FROM documents ORDER BY id").unwrap();
        q.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    let (one, each) = (dir.path().join("one.db"), dir.path().join("each.db"));
    SqliteStore::open(&one).unwrap().put_batch(&docs, "kb").unwrap();
    {
        let mut s = SqliteStore::open(&each).unwrap();
        for d in &docs {
            s.put_batch(std::slice::from_ref(d), "kb").unwrap();
        }
    }
    assert_eq!(clusters(&one), clusters(&each));
    assert_eq!(clusters(&one).iter().filter(|(_, c)| *c == 1).count(), 2, "the copy joins the first document's cluster");
}

#[test]
fn queries_filter_by_kind_place_claimant_and_date() {
    let mut s = SqliteStore::in_memory().unwrap();
    s.put_batch(&[(doc("a.txt", TEXT), facts(TEXT))], "kb").unwrap();
    let near = s.query(&Query { kind: Some("observation".into()), near: Some((50.3, 38.0, 30.0)), ..Default::default() }).unwrap();
    assert_eq!(near.len(), 1);
    assert_eq!(near[0].start, Some(0));
    let far = s.query(&Query { kind: Some("observation".into()), near: Some((55.75, 37.6, 30.0)), ..Default::default() }).unwrap();
    assert!(far.is_empty());
    let us = s.query(&Query { kind: Some("quantity".into()), claimant: Some("US".into()), ..Default::default() }).unwrap();
    assert_eq!(us.len(), 1);
    let late = s.query(&Query { kind: Some("observation".into()), from: chrono::NaiveDate::from_ymd_opt(2022, 3, 1), ..Default::default() }).unwrap();
    assert!(late.is_empty());
    let fts = s.query(&Query { text: Some("valuyki".into()), kind: Some("quantity".into()), ..Default::default() }).unwrap();
    assert_eq!(fts.len(), 1);
    let picture = s.picture().unwrap();
    assert_eq!(picture.places.len(), 1);
    assert_eq!(picture.places[0].first_seen.as_deref(), Some("2022-02-10"));
    assert_eq!(picture.estimates.len(), 1);
}

#[test]
fn a_file_store_survives_reopening_and_passes_integrity_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    {
        let mut s = SqliteStore::open(&path).unwrap();
        s.put_batch(&[(doc("a.txt", TEXT), facts(TEXT))], "kb").unwrap();
    }
    let s = SqliteStore::open(&path).unwrap();
    assert_eq!(s.integrity_check().unwrap(), "ok");
    assert_eq!(s.stats().unwrap().documents, 1);
}

#[test]
fn signatures_of_an_older_scheme_are_made_again_on_opening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    {
        let mut s = SqliteStore::open(&path).unwrap();
        s.put_batch(&[(doc("a.txt", TEXT), facts(TEXT))], "kb").unwrap();
    }
    // a store written by an earlier version: another scheme's signatures (here: garbage of the right size)
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute("UPDATE documents SET minhash = zeroblob(480)", []).unwrap();
        c.execute("UPDATE meta SET value = 'old' WHERE key = 'signature_scheme'", []).unwrap();
    }
    let mut s = SqliteStore::open(&path).unwrap();
    // the copy still finds its original, so the signature was made again from the stored text
    let copy = format!("A different headline for the copy. {TEXT}");
    let st = s.put_batch(&[(doc("b.txt", &copy), Extraction::default())], "kb").unwrap();
    assert_eq!((st.added, st.near_duplicates), (1, 1));
    assert_eq!(s.stats().unwrap().clusters, 1);
    assert_eq!(s.integrity_check().unwrap(), "ok");
}

/// The ids and texts of documents as the full-text index takes them.
fn texts(ids: std::ops::RangeInclusive<i64>) -> Vec<(i64, Option<String>, String)> {
    ids.map(|i| (i, None, format!("report {i} about Valuyki"))).collect()
}

fn indexed_upto(db: &std::path::Path) -> String {
    let c = rusqlite::Connection::open(muster_store::search_index_path(db)).unwrap();
    c.query_row("SELECT value FROM meta WHERE key = 'indexed_upto'", [], |r| r.get(0)).unwrap()
}

#[test]
fn the_full_text_index_is_made_again_when_lost_behind_or_of_another_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let texts_of = |n: usize, extra: &str| -> Vec<(Document, Extraction)> {
        (0..n).map(|i| {
            let t = format!("{TEXT} Report number {i}.{extra}");
            (doc(&format!("r{i}.txt"), &t), facts(&t))
        }).collect()
    };
    let q = Query { text: Some("Valuyki".into()), kind: Some("quantity".into()), ..Default::default() };
    {
        // put_batch does not index: the first text query catches up
        let mut s = SqliteStore::open(&db).unwrap();
        s.put_batch(&texts_of(3, ""), "kb-test").unwrap();
        assert_eq!(indexed_upto(&db), "0");
        assert_eq!(s.query(&q).unwrap().len(), 3);
        assert_eq!(indexed_upto(&db), "3");
    }
    // a lost index is made again
    std::fs::remove_file(muster_store::search_index_path(&db)).unwrap();
    assert_eq!(SqliteStore::open(&db).unwrap().query(&q).unwrap().len(), 3);
    // the index of another store, copied beside this one, is not taken for this store's
    let other = dir.path().join("b.db");
    {
        let mut s = SqliteStore::open(&other).unwrap();
        s.put_batch(&texts_of(5, " Zapad exercise."), "kb-test").unwrap();
        s.query(&q).unwrap();
    }
    std::fs::copy(muster_store::search_index_path(&other), muster_store::search_index_path(&db)).unwrap();
    let zapad = Query { text: Some("Zapad".into()), ..Default::default() };
    assert_eq!(SqliteStore::open(&db).unwrap().query(&zapad).unwrap().len(), 0, "words of the other store's documents");
    assert_eq!(indexed_upto(&db), "3");
    assert_eq!(SqliteStore::open(&db).unwrap().query(&q).unwrap().len(), 3);
}

#[test]
fn the_indexer_leaves_no_gap_and_indexes_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let s = SqliteStore::open(&db).unwrap();
    let mut indexer = s.indexer().unwrap().expect("a store on disk has an index file");
    assert_eq!(indexer.add(texts(1..=2)).unwrap(), 2);
    // sent again: nothing new
    assert_eq!(indexer.add(texts(1..=2)).unwrap(), 0);
    // 3 is missing (another writer's, not sent here): 4 and 5 wait for a catch-up from the store
    assert_eq!(indexer.add(texts(4..=5)).unwrap(), 0);
    assert_eq!(indexed_upto(&db), "2");
    assert_eq!(indexer.add(texts(2..=5)).unwrap(), 3);
    assert_eq!(indexed_upto(&db), "5");
    assert!(SqliteStore::in_memory().unwrap().indexer().unwrap().is_none());
}

#[test]
fn every_fact_has_its_document_and_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    {
        let mut s = SqliteStore::open(&db).unwrap();
        let batch: Vec<(Document, Extraction)> = (0..4).map(|i| {
            let t = format!("{TEXT} Report {i}.");
            (doc(&format!("r{i}.txt"), &t), facts(&t))
        }).collect();
        s.put_batch(&batch, "kb-test").unwrap();
    }
    let c = rusqlite::Connection::open(&db).unwrap();
    let facts: i64 = c.query_row("SELECT count(*) FROM facts", [], |r| r.get(0)).unwrap();
    assert!(facts >= 8);
    let violations: i64 = c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(violations, 0);
}

#[test]
fn the_catch_up_indexes_across_ids_the_store_no_longer_has() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let batch: Vec<(Document, Extraction)> = (0..3).map(|i| {
        let t = format!("{TEXT} Report {i}.");
        (doc(&format!("r{i}.txt"), &t), facts(&t))
    }).collect();
    SqliteStore::open(&db).unwrap().put_batch(&batch, "kb-test").unwrap();
    // a document removed by hand: the store's ids now have a gap the catch-up must step over
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch("DELETE FROM facts WHERE doc_id = 2; DELETE FROM documents WHERE id = 2;").unwrap();
    drop(c);
    let q = Query { text: Some("Valuyki".into()), kind: Some("quantity".into()), ..Default::default() };
    assert_eq!(SqliteStore::open(&db).unwrap().query(&q).unwrap().len(), 2);
    assert_eq!(indexed_upto(&db), "3");
}
