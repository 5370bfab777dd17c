//! The pipeline shared by the commands: expand inputs, read them in parallel, extract, keep order.

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use muster_extract::Extractor;
use muster_ingest::IngestError;
use muster_kb::KnowledgeBase;
use muster_model::{Document, Extraction};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Loads the knowledge base (with an optional theatre file) and builds the extractor. It lives as long
/// as the process: the gazetteer's million names are not worth a quarter second of freeing at exit.
pub fn extractor(theatre: Option<&Path>) -> Result<&'static Extractor> {
    let mut kb = KnowledgeBase::bundled().context("loading the bundled knowledge base")?;
    if let Some(t) = theatre {
        kb.theatre = KnowledgeBase::load_theatre(t)?;
    }
    let problems = kb.validate();
    if !problems.is_empty() {
        anyhow::bail!("knowledge base problems:\n{}", problems.join("\n"));
    }
    Ok(Box::leak(Box::new(Extractor::new(kb))))
}

/// One input's outcome, in input order: a document with its facts, or a problem.
pub enum Outcome {
    Doc(Box<(Document, Extraction)>),
    Failed(IngestError),
}

/// A progress bar on a terminal (bytes read, MB/s, time left); hidden when stderr is not a terminal.
pub fn progress(len: u64, what: &str) -> ProgressBar {
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {bytes}/{total_bytes}, {bytes_per_sec}, eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.set_message(what.to_string());
    pb
}

/// Size of an input on disk (0 for URLs).
pub fn file_size(f: &Path) -> u64 {
    std::fs::metadata(f).map(|m| m.len()).unwrap_or(0)
}

/// Total size of the inputs on disk.
pub fn total_size(files: &[PathBuf]) -> u64 {
    files.iter().map(|f| file_size(f)).sum()
}

/// Extracts one document; a bug that panics on one document costs that document's facts, not the run.
pub fn extract_guarded(x: &Extractor, doc: &Document) -> Extraction {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| x.extract(doc))) {
        Ok(ex) => ex,
        Err(_) => {
            eprintln!("muster: {}: extraction failed on an internal error; no facts kept for this document", doc.source);
            Extraction { diagnostics: vec!["internal error during extraction; no facts kept".into()], ..Default::default() }
        }
    }
}

/// Reads and extracts every input, in parallel, returning outcomes in input order.
pub fn run(paths: &[PathBuf], x: &Extractor, what: &str) -> Vec<Outcome> {
    let (files, errors) = muster_ingest::expand_paths(paths);
    let pb = progress(total_size(&files), what);
    let mut out: Vec<Outcome> = errors.into_iter().map(Outcome::Failed).collect();
    let per_file: Vec<Vec<Outcome>> = files
        .par_iter()
        .map(|f| {
            let items = muster_ingest::read_file(f);
            pb.inc(file_size(f));
            items
                .into_iter()
                .map(|it| match it {
                    Ok(doc) => {
                        let ex = extract_guarded(x, &doc);
                        Outcome::Doc(Box::new((doc, ex)))
                    }
                    Err(e) => Outcome::Failed(e),
                })
                .collect()
        })
        .collect();
    pb.finish_and_clear();
    out.extend(per_file.into_iter().flatten());
    out
}
