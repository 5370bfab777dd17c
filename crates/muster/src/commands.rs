//! The subcommands.

use crate::contract;
use crate::exports;
use crate::pipeline;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use muster_store::{Query, SqliteStore, Store};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn extract(paths: &[PathBuf], format: &str, with_text: bool, theatre: Option<&Path>) -> Result<ExitCode> {
    let pretty = format == "json";
    let x = pipeline::extractor(theatre)?;
    let (files, errors) = muster_ingest::expand_paths(paths);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut read = 0;
    let mut first = true;
    // one record as written: a line of JSONL, or an element of the pretty array (serde_json's layout
    // of the whole array, element by element, so that no record waits for the others)
    let mut put = |rec: &[u8]| -> std::io::Result<()> {
        if !pretty {
            out.write_all(rec)?;
            return out.write_all(b"\n");
        }
        out.write_all(if std::mem::take(&mut first) { b"[\n" } else { b",\n" })?;
        for (i, line) in rec.split(|&b| b == b'\n').enumerate() {
            out.write_all(if i == 0 { b"  " } else { b"\n  " })?;
            out.write_all(line)?;
        }
        Ok(())
    };
    fn encode(rec: &impl serde::Serialize, pretty: bool) -> serde_json::Result<Vec<u8>> {
        if pretty {
            serde_json::to_vec_pretty(rec)
        } else {
            serde_json::to_vec(rec)
        }
    }
    for e in &errors {
        eprintln!("muster: {e}");
        put(&encode(&contract::error_record(&e.source_name, &e.message), pretty)?)?;
    }
    let pb = pipeline::progress(pipeline::total_size(&files), "extracting");
    // each document is extracted and encoded on a worker; this thread only writes, in input order
    let work = |x: &muster_extract::Extractor, item: Result<muster_model::Document, muster_ingest::IngestError>| match item {
        Ok(doc) => {
            let ex = pipeline::extract_guarded(x, &doc);
            (None, encode(&contract::record(&doc, &ex, with_text), pretty))
        }
        Err(e) => {
            let rec = encode(&contract::error_record(&e.source_name, &e.message), pretty);
            (Some(e.to_string()), rec)
        }
    };
    pipeline::in_order(&files, || Ok(x), &pb, work, |results| {
        while let Some(batch) = results.next()? {
            for (failed, rec) in batch {
                match failed {
                    Some(why) => eprintln!("muster: {why}"),
                    None => read += 1,
                }
                put(&rec?)?;
            }
        }
        Ok(())
    })?;
    pb.finish_and_clear();
    if pretty {
        out.write_all(if first { b"[]\n" } else { b"\n]\n" })?;
    }
    out.flush()?;
    Ok(if read > 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// What became of one input document on the way to the store.
enum Step {
    Ready(muster_store::Prepared),
    /// Its text is stored already.
    Known,
    Failed(muster_ingest::IngestError),
}

/// Documents ready for one transaction, with the count of those stored already and of inputs failed.
#[derive(Default)]
struct Group {
    prepared: Vec<muster_store::Prepared>,
    known: usize,
    failed: usize,
}

impl Group {
    fn absorb(&mut self, steps: Vec<Result<Step>>) -> Result<()> {
        for s in steps {
            match s? {
                Step::Ready(p) => self.prepared.push(p),
                Step::Known => self.known += 1,
                Step::Failed(e) => {
                    eprintln!("muster: {e}");
                    self.failed += 1;
                }
            }
        }
        Ok(())
    }
}

/// Extracts and prepares one document unless its text is stored already.
fn prepare(x: &muster_extract::Extractor, known: &muster_store::KnownTexts, item: muster_ingest::Item) -> Result<Step> {
    let doc = match item {
        Ok(d) => d,
        Err(e) => return Ok(Step::Failed(e)),
    };
    let hash = muster_store::text_hash(&doc.text);
    if known.contains(&hash) {
        return Ok(Step::Known);
    }
    let ex = pipeline::extract_guarded(x, &doc);
    Ok(Step::Ready(muster_store::Prepared::with_hash(hash, doc, ex)?))
}

/// Ingests inputs into the store. The extractor is built on a thread of its own (while the store
/// opens); then chunks of inputs are read, extracted and prepared on every core, several at once,
/// while this thread commits them in input order, one transaction per `batch` documents at most: an
/// interrupted run keeps what it committed and a re-run skips it. Returns (documents added, already
/// stored, inputs failed).
fn ingest_into(
    store: &mut SqliteStore,
    paths: &[PathBuf],
    extractor: impl FnOnce() -> Result<&'static muster_extract::Extractor> + Send,
    batch: usize,
) -> Result<(usize, usize, usize)> {
    let (files, errors) = muster_ingest::expand_paths(paths);
    for e in &errors {
        eprintln!("muster: {e}");
    }
    let known = store.known_texts()?;
    let pb = pipeline::progress(pipeline::total_size(&files), "ingesting");
    let (mut added, mut unchanged, mut failures) = (0, 0, errors.len());
    // the knowledge base's version, known once the extractor is built (before any document is made)
    let version: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();
    let build = || {
        let x = extractor()?;
        let _ = version.set(&x.kb.version);
        Ok(x)
    };
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| -> Result<()> {
        // the full-text index is written on a thread (and a file) of its own, behind the commits
        let (text_tx, text_rx) = std::sync::mpsc::sync_channel::<Vec<(i64, Option<String>, String)>>(4);
        let indexing = store.indexer()?.map(|mut indexer| {
            scope.spawn(move || -> Result<()> {
                while let Ok(mut docs) = text_rx.recv() {
                    while let Ok(more) = text_rx.try_recv() {
                        docs.extend(more);
                    }
                    indexer.add(docs)?;
                }
                Ok(())
            })
        });
        // the WAL is copied into the store by a thread of its own, so that the writer never waits on it
        let checkpointing = store.checkpointer()?.map(|c| {
            let stop = &stop;
            scope.spawn(move || c.run(stop))
        });
        let work = |x: &muster_extract::Extractor, item| prepare(x, &known, item);
        // this thread writes: the batches that are ready, in input order, up to `batch` documents a transaction
        let written = pipeline::in_order(&files, build, &pb, work, |results| {
            while let Some(first) = results.next()? {
                let mut group = Group::default();
                group.absorb(first)?;
                while group.prepared.len() < batch {
                    match results.try_next()? {
                        pipeline::Ready::Batch(more) => group.absorb(more)?,
                        pipeline::Ready::NotYet | pipeline::Ready::Done => break,
                    }
                }
                let kb_version = version.get().expect("the extractor is built before any document is made");
                let (s, ids) = store.put_prepared(&group.prepared, kb_version)?;
                if indexing.is_some() && !ids.is_empty() {
                    let texts = ids.iter().map(|&(i, id)| {
                        let doc = &mut group.prepared[i].doc;
                        (id, doc.title.take(), std::mem::take(&mut doc.text))
                    });
                    // a stopped indexer leaves the rest to the catch-up before the next text query
                    let _ = text_tx.send(texts.collect());
                }
                added += s.added;
                unchanged += s.unchanged + group.known;
                failures += group.failed;
                pb.set_message(format!("ingesting ({added} documents)"));
            }
            Ok(())
        });
        drop(text_tx);
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(Ok(Err(e))) = checkpointing.map(|h| h.join()) {
            eprintln!("muster: checkpointing the store's log failed ({e}); the next writer does it");
        }
        store.checkpoint_here()?;
        let behind = match indexing.map(|h| h.join()) {
            Some(Ok(Err(e))) => Some(e.to_string()),
            Some(Err(_)) => Some("the indexing thread failed".to_string()),
            _ => None,
        };
        if let Some(why) = behind {
            eprintln!("muster: the full-text index fell behind ({why}); it is brought up to date before the next text query");
        }
        written?;
        Ok(())
    })?;
    pb.finish_and_clear();
    Ok((added, unchanged, failures))
}

pub fn ingest(db: &Path, paths: &[PathBuf], theatre: Option<&Path>, batch: usize) -> Result<ExitCode> {
    let mut store = SqliteStore::open(db).with_context(|| format!("opening {}", db.display()))?;
    let (added, unchanged, failures) = ingest_into(&mut store, paths, || pipeline::extractor(theatre), batch)?;
    eprintln!("muster: {added} documents added, {unchanged} already stored, {failures} inputs failed ({})", db.display());
    Ok(if failures > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// Documents re-extracted together, in one transaction.
const REEXTRACT_PAGE: usize = 256;

/// Re-extracts every stored document a page at a time (extraction on every core, one transaction per
/// page, so memory stays bounded): an interrupted run leaves each document with its old facts or its
/// new ones, never a mix, and a re-run finishes the job.
pub fn reextract(db: &Path, theatre: Option<&Path>) -> Result<ExitCode> {
    use rayon::prelude::*;
    let x = pipeline::extractor(theatre)?;
    let mut store = SqliteStore::open(db)?;
    let (mut pages, mut n) = (muster_store::Pages::new(REEXTRACT_PAGE), 0);
    while let Some(page) = pages.next(&store)? {
        let batch: Vec<_> = page.into_par_iter().map(|(_, d)| {
            let ex = pipeline::extract_guarded(x, &d);
            (d, ex)
        }).collect();
        n += store.replace_facts(&batch, &x.kb.version)?;
    }
    eprintln!("muster: re-extracted {n} documents with {}", x.kb.version);
    Ok(ExitCode::SUCCESS)
}

pub fn stats(db: &Path, format: &str) -> Result<ExitCode> {
    let store = SqliteStore::open(db)?;
    let s = store.stats()?;
    if format == "json" {
        println!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        let v = serde_json::to_value(&s)?;
        for (k, n) in v.as_object().unwrap() {
            println!("{k:14} {n}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub struct QueryArgs {
    pub text: Option<String>,
    pub kind: Option<String>,
    pub place: Option<String>,
    pub near: Option<String>,
    pub radius: f64,
    pub label: Option<String>,
    pub claimant: Option<String>,
    pub side: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: usize,
    pub format: String,
}

fn date_arg(s: &Option<String>) -> Result<Option<NaiveDate>> {
    s.as_deref().map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").with_context(|| format!("{d:?} is not a YYYY-MM-DD date"))).transpose()
}

pub fn query(db: &Path, a: QueryArgs) -> Result<ExitCode> {
    let store = SqliteStore::open(db)?;
    let near = if let Some(p) = &a.place {
        let x = pipeline::extractor(None)?;
        let place = x.resolve_place(p).with_context(|| format!("no place called {p:?}"))?;
        Some((place.lat, place.lon, a.radius))
    } else if let Some(n) = &a.near {
        let (la, lo) = n.split_once(',').context("--near wants LAT,LON")?;
        Some((la.trim().parse()?, lo.trim().parse()?, a.radius))
    } else {
        None
    };
    let q = Query {
        text: a.text,
        kind: a.kind,
        near,
        label: a.label,
        claimant: a.claimant,
        side: a.side,
        from: date_arg(&a.from)?,
        to: date_arg(&a.to)?,
        limit: a.limit,
    };
    let rows = store.query(&q)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match a.format.as_str() {
        "json" => writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?,
        "csv" => exports::facts_csv(&mut out, &rows)?,
        _ => {
            for r in &rows {
                let when = r.date.clone().or(r.published.clone()).unwrap_or_else(|| "????-??-??".into());
                let quote: String = r.quote.clone().unwrap_or_default().chars().take(110).collect();
                writeln!(
                    out,
                    "{when}  {:11} {:24} {:4} {:20} {}  [{}]",
                    r.kind,
                    r.label.clone().unwrap_or_default(),
                    r.side.clone().unwrap_or_default(),
                    r.place.clone().unwrap_or_default(),
                    quote,
                    r.document
                )?;
            }
            writeln!(out, "{} facts", rows.len())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn picture(db: &Path, format: &str) -> Result<ExitCode> {
    let store = SqliteStore::open(db)?;
    let p = store.picture()?;
    if format == "text" {
        let kb = muster_kb::KnowledgeBase::bundled()?;
        print!("{}", exports::picture_text(&p, &kb.theatre.adversaries));
    } else {
        println!("{}", serde_json::to_string_pretty(&p)?);
    }
    Ok(ExitCode::SUCCESS)
}

fn default_corpus() -> PathBuf {
    let here = PathBuf::from("demo");
    if here.is_dir() {
        return here;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo")
}

pub fn demo(corpus: Option<PathBuf>, out: &Path) -> Result<ExitCode> {
    let corpus = corpus.unwrap_or_else(default_corpus);
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let db = out.join("muster.db");
    let x = pipeline::extractor(None)?;
    let mut store = SqliteStore::open(&db)?;
    let (added, unchanged, failures) = ingest_into(&mut store, &[corpus.clone()], || Ok(x), 64)?;
    let stats = store.stats()?;
    let picture = store.picture()?;
    println!("muster demo: {} ({added} new documents, {unchanged} already stored, {failures} inputs failed)", corpus.display());
    println!(
        "store {}: {} documents in {} clusters; {} places, {} observations, {} force figures, {} claims, {} indicators\n",
        db.display(),
        stats.documents,
        stats.clusters,
        stats.places,
        stats.observations,
        stats.quantities,
        stats.claims,
        stats.indicators
    );
    print!("{}", exports::picture_text(&picture, &x.kb.theatre.adversaries));
    let written = exports::write_all(out, &store, &picture, x)?;
    println!("\nexports:");
    for w in written {
        println!("  {}", w.display());
    }
    Ok(if failures > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

pub fn geo_resolve(name: &str, theatre: Option<&Path>) -> Result<ExitCode> {
    let x = pipeline::extractor(theatre)?;
    match x.resolve_place(name) {
        Some(p) => {
            println!("{}", serde_json::to_string_pretty(&p)?);
            Ok(ExitCode::SUCCESS)
        }
        None => {
            eprintln!("muster: no place called {name:?}");
            Ok(ExitCode::FAILURE)
        }
    }
}

pub fn geo_distance(name: &str, border: Option<&str>, theatre: Option<&Path>) -> Result<ExitCode> {
    let x = pipeline::extractor(theatre)?;
    let Some(p) = x.resolve_place(name) else {
        eprintln!("muster: no place called {name:?}");
        return Ok(ExitCode::FAILURE);
    };
    let country = border.map(str::to_uppercase).unwrap_or_else(|| x.kb.theatre.country_of_interest.clone());
    match x.borders.distance_to_border_km(&country, None, p.lat, p.lon) {
        Some(d) => {
            let inside = x.borders.inside(&country, p.lat, p.lon).unwrap_or(false);
            println!(
                "{} ({:.4}, {:.4}, {}): {:.1} km ({:.1} miles) to the land border of {country}, {} ({} frame)",
                p.name,
                p.lat,
                p.lon,
                p.id,
                d,
                d / 1.609344,
                if inside { "inside" } else { "outside" },
                x.kb.theatre.border_frame
            );
            Ok(ExitCode::SUCCESS)
        }
        None => {
            eprintln!("muster: {country} has no land border in the data");
            Ok(ExitCode::FAILURE)
        }
    }
}
