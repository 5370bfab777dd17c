//! The pipeline shared by the commands: expand inputs, read them in parallel, extract, keep order.

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use muster_extract::Extractor;
use muster_ingest::IngestError;
use muster_kb::KnowledgeBase;
use muster_model::{Document, Extraction};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Loads the knowledge base (with an optional theatre file) and builds the extractor.
pub fn extractor(theatre: Option<&Path>) -> Result<Extractor> {
    let mut kb = KnowledgeBase::bundled().context("loading the bundled knowledge base")?;
    if let Some(t) = theatre {
        kb.theatre = KnowledgeBase::load_theatre(t)?;
    }
    let problems = kb.validate();
    if !problems.is_empty() {
        anyhow::bail!("knowledge base problems:\n{}", problems.join("\n"));
    }
    Ok(Extractor::new(kb))
}

/// One input's outcome, in input order: a document with its facts, or a problem.
pub enum Outcome {
    Doc(Box<(Document, Extraction)>),
    Failed(IngestError),
}

/// A progress bar on a terminal; hidden otherwise.
pub fn progress(len: u64, what: &str) -> ProgressBar {
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} files, {per_sec}, eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.set_message(what.to_string());
    pb
}

/// Reads and extracts every input, in parallel, returning outcomes in input order.
pub fn run(paths: &[PathBuf], x: &Extractor, what: &str) -> Vec<Outcome> {
    let (files, errors) = muster_ingest::expand_paths(paths);
    let pb = progress(files.len() as u64, what);
    let mut out: Vec<Outcome> = errors.into_iter().map(Outcome::Failed).collect();
    let per_file: Vec<Vec<Outcome>> = files
        .par_iter()
        .map(|f| {
            let items = muster_ingest::read_file(f);
            pb.inc(1);
            items
                .into_iter()
                .map(|it| match it {
                    Ok(doc) => {
                        let ex = x.extract(&doc);
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
