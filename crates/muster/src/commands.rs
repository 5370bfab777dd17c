//! The subcommands.

use crate::contract;
use crate::exports;
use crate::pipeline::{self, Outcome};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use muster_store::{Query, SqliteStore, Store};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn extract(paths: &[PathBuf], format: &str, with_text: bool, theatre: Option<&Path>) -> Result<ExitCode> {
    let x = pipeline::extractor(theatre)?;
    let outcomes = pipeline::run(paths, &x, "extracting");
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut read = 0;
    let mut records = Vec::new();
    for o in &outcomes {
        let rec = match o {
            Outcome::Doc(b) => {
                read += 1;
                contract::record(&b.0, &b.1, with_text)
            }
            Outcome::Failed(e) => {
                eprintln!("muster: {e}");
                contract::error_record(&e.source_name, &e.message)
            }
        };
        if format == "json" {
            records.push(rec);
        } else {
            serde_json::to_writer(&mut out, &rec)?;
            out.write_all(b"\n")?;
        }
    }
    if format == "json" {
        serde_json::to_writer_pretty(&mut out, &records)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(if read > 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Ingests inputs into the store. A reader thread reads and extracts a chunk of files at a time (in
/// parallel) while this thread commits the chunk before, one transaction per chunk: an interrupted run
/// keeps what it committed and a re-run skips it. Returns (documents added, already stored, inputs failed).
fn ingest_into(store: &mut SqliteStore, db: &Path, paths: &[PathBuf], x: &muster_extract::Extractor, batch: usize) -> Result<(usize, usize, usize)> {
    use rayon::prelude::*;
    let (files, errors) = muster_ingest::expand_paths(paths);
    for e in &errors {
        eprintln!("muster: {e}");
    }
    // a second connection answers "already stored?" for the reader while the writer commits
    let lookup = SqliteStore::open_reader(db)?;
    let pb = pipeline::progress(pipeline::total_size(&files), "ingesting");
    type Chunk = (Vec<muster_store::Prepared>, usize, usize, u64);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Chunk>>(2);
    let (mut added, mut unchanged, mut failures) = (0, 0, errors.len());
    std::thread::scope(|scope| -> Result<()> {
        let files = &files;
        scope.spawn(move || {
            for chunk in files.chunks(batch.max(1)) {
                let items: Vec<Vec<muster_ingest::Item>> = chunk.par_iter().map(|f| muster_ingest::read_file(f)).collect();
                let (mut docs, mut known, mut failed) = (Vec::new(), 0, 0);
                for it in items.into_iter().flatten() {
                    match it {
                        Ok(d) => match lookup.contains_text(&d.text) {
                            Ok(true) => known += 1,
                            Ok(false) => docs.push(d),
                            Err(e) => {
                                let _ = tx.send(Err(e.into()));
                                return;
                            }
                        },
                        Err(e) => {
                            eprintln!("muster: {e}");
                            failed += 1;
                        }
                    }
                }
                // extraction and the store's preparation (hashes, signature, fact rows) on every core
                let extracted: Vec<_> = match docs.into_par_iter().map(|d| {
                    let ex = pipeline::extract_guarded(x, &d);
                    muster_store::Prepared::new(d, ex)
                }).collect::<Result<Vec<_>, _>>() {
                    Ok(v) => v,
                    Err(e) => {
                        let _ = tx.send(Err(e.into()));
                        return;
                    }
                };
                let bytes = chunk.iter().map(|f| pipeline::file_size(f)).sum();
                if tx.send(Ok((extracted, known, failed, bytes))).is_err() {
                    return; // the writer stopped
                }
            }
        });
        for msg in rx {
            let (extracted, known, failed, bytes) = msg?;
            let s = store.put_prepared(&extracted, &x.kb.version)?;
            added += s.added;
            unchanged += s.unchanged + known;
            failures += failed;
            pb.inc(bytes);
            pb.set_message(format!("ingesting ({added} documents)"));
        }
        Ok(())
    })?;
    pb.finish_and_clear();
    Ok((added, unchanged, failures))
}

pub fn ingest(db: &Path, paths: &[PathBuf], theatre: Option<&Path>, batch: usize) -> Result<ExitCode> {
    let x = pipeline::extractor(theatre)?;
    let mut store = SqliteStore::open(db).with_context(|| format!("opening {}", db.display()))?;
    let (added, unchanged, failures) = ingest_into(&mut store, db, paths, x, batch)?;
    eprintln!("muster: {added} documents added, {unchanged} already stored, {failures} inputs failed ({})", db.display());
    Ok(if failures > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

pub fn reextract(db: &Path, theatre: Option<&Path>) -> Result<ExitCode> {
    let x = pipeline::extractor(theatre)?;
    let mut store = SqliteStore::open(db)?;
    let docs = store.documents()?;
    use rayon::prelude::*;
    let batch: Vec<_> = docs.into_par_iter().map(|d| {
        let ex = x.extract(&d);
        (d, ex)
    }).collect();
    let n = store.replace_facts(&batch, &x.kb.version)?;
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
    let (added, unchanged, failures) = ingest_into(&mut store, &db, &[corpus.clone()], x, 64)?;
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
    let written = exports::write_all(out, &store, &picture, &x)?;
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
