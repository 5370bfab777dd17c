//! The pipeline shared by the commands: expand inputs, read them in parallel, extract, keep order.

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use muster_extract::Extractor;
use muster_ingest::{IngestError, JsonlRecords, Records};
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
            eprintln!("muster: {}: extraction failed on an internal error; no facts kept for this document", doc.locator());
            Extraction { diagnostics: vec!["internal error during extraction; no facts kept".into()], ..Default::default() }
        }
    }
}

/// Inputs per chunk of work: small, so that the last chunk leaves the consumer little to finish alone.
const CHUNK_FILES: usize = 32;
/// Chunks in flight: enough that the cores never wait for one chunk's last document before starting
/// the next, few enough to bound memory whatever the size of the corpus.
const CHUNKS_AHEAD: usize = 8;

/// Documents extracted together before their results are handed on: a large file's results go out
/// as they come instead of all at its end.
const DOCS_PER_BATCH: usize = 64;

/// A document of a chunk still to be handed to the work: read already, or a JSONL record to parse.
enum Pending {
    Read(Result<Document, IngestError>),
    Record(std::sync::Arc<JsonlRecords>, usize),
}

impl Pending {
    fn take(self) -> Result<Document, IngestError> {
        match self {
            Pending::Read(item) => item,
            Pending::Record(records, k) => records.get(k),
        }
    }
}

/// What a chunk's job sends, in order: batches of results, then `None` when the chunk is done.
type Sent<T> = Result<Option<Vec<T>>>;

/// The results of [`in_order`], batch by batch in input order.
pub struct InOrder<T> {
    chunks: std::sync::mpsc::Receiver<std::sync::mpsc::Receiver<Sent<T>>>,
    /// The chunk whose batches come next.
    current: Option<std::sync::mpsc::Receiver<Sent<T>>>,
}

/// What [`InOrder::try_next`] found.
pub enum Ready<T> {
    Batch(Vec<T>),
    /// The next batch is still being made.
    NotYet,
    /// Every batch has been handed on.
    Done,
}

impl<T> InOrder<T> {
    /// The next batch, waiting for it; none when every batch has been handed on.
    pub fn next(&mut self) -> Result<Option<Vec<T>>> {
        loop {
            let chunk = match &self.current {
                Some(c) => c,
                None => match self.chunks.recv() {
                    Ok(c) => self.current.insert(c),
                    Err(_) => return Ok(None),
                },
            };
            match chunk.recv() {
                Ok(Ok(Some(batch))) => return Ok(Some(batch)),
                Ok(Ok(None)) => self.current = None,
                Ok(Err(e)) => return Err(e),
                Err(_) => anyhow::bail!("a worker stopped without finishing its chunk"),
            }
        }
    }

    /// The next batch if it is ready, without waiting.
    pub fn try_next(&mut self) -> Result<Ready<T>> {
        use std::sync::mpsc::TryRecvError;
        loop {
            let chunk = match &self.current {
                Some(c) => c,
                None => match self.chunks.try_recv() {
                    Ok(c) => self.current.insert(c),
                    Err(TryRecvError::Empty) => return Ok(Ready::NotYet),
                    Err(TryRecvError::Disconnected) => return Ok(Ready::Done),
                },
            };
            match chunk.try_recv() {
                Ok(Ok(Some(batch))) => return Ok(Ready::Batch(batch)),
                Ok(Ok(None)) => self.current = None,
                Ok(Err(e)) => return Err(e),
                Err(TryRecvError::Empty) => return Ok(Ready::NotYet),
                Err(TryRecvError::Disconnected) => anyhow::bail!("a worker stopped without finishing its chunk"),
            }
        }
    }
}

/// Reads every input and turns each of its documents (or reading problems) into a `T` by `work` on
/// every core, a chunk of inputs at a time and several chunks ahead, while `consume` takes the
/// results on this thread, batch by batch in input order. The extractor is built by `extractor` on a
/// thread of its own, so that the caller can get ready meanwhile. Documents are dropped as soon as
/// they are done and results handed on a batch at a time, so memory stays bounded; the documents of
/// one large file (a JSONL export, a WARC archive) are shared out among the cores like those of many
/// small ones. When `consume` returns, the work still in flight is finished and dropped.
pub fn in_order<T: Send, R>(
    files: &[PathBuf],
    extractor: impl FnOnce() -> Result<&'static Extractor> + Send,
    pb: &ProgressBar,
    work: impl Fn(&Extractor, Result<Document, IngestError>) -> T + Sync,
    consume: impl FnOnce(&mut InOrder<T>) -> Result<R>,
) -> Result<R> {
    use std::sync::mpsc::{channel, sync_channel};
    let (order_tx, order_rx) = sync_channel(CHUNKS_AHEAD);
    let work = &work;
    std::thread::scope(|threads| -> Result<R> {
        threads.spawn(move || {
            let x = match extractor() {
                Ok(x) => x,
                Err(e) => {
                    let (done_tx, done_rx) = channel::<Sent<T>>();
                    let _ = done_tx.send(Err(e));
                    let _ = order_tx.send(done_rx);
                    return;
                }
            };
            rayon::in_place_scope(|jobs| {
                for chunk in files.chunks(CHUNK_FILES) {
                    // not bounded: a job never waits on the consumer (that could hold every core while
                    // the consumer waits on an earlier chunk); the chunks ahead bound what is in flight
                    let (done_tx, done_rx) = channel::<Sent<T>>();
                    if order_tx.send(done_rx).is_err() {
                        return; // the consumer stopped
                    }
                    jobs.spawn(move |_| {
                        let job = std::panic::AssertUnwindSafe(|| {
                            let read: Vec<Records> = chunk
                                .par_iter()
                                .map(|f| {
                                    let records = muster_ingest::read_records(f);
                                    pb.inc(file_size(f));
                                    records
                                })
                                .collect();
                            // a JSONL file's records are parsed in the batch's own parallel work
                            let mut items = read.into_iter().flat_map(|r| -> Box<dyn Iterator<Item = Pending>> {
                                match r {
                                    Records::Read(items) => Box::new(items.into_iter().map(Pending::Read)),
                                    Records::Jsonl(j) => {
                                        let j = std::sync::Arc::new(j);
                                        Box::new((0..j.len()).map(move |k| Pending::Record(j.clone(), k)))
                                    }
                                }
                            });
                            loop {
                                let batch: Vec<Pending> = items.by_ref().take(DOCS_PER_BATCH).collect();
                                if batch.is_empty() {
                                    return true;
                                }
                                let results = batch.into_par_iter().map(|p| work(x, p.take())).collect::<Vec<T>>();
                                if done_tx.send(Ok(Some(results))).is_err() {
                                    return false; // the consumer stopped
                                }
                            }
                        });
                        let _ = match std::panic::catch_unwind(job) {
                            Ok(true) => done_tx.send(Ok(None)),
                            Ok(false) => Ok(()),
                            Err(_) => done_tx.send(Err(anyhow::anyhow!("reading {} failed on an internal error", chunk[0].display()))),
                        };
                    });
                }
            });
        });
        // owned here, so that whichever way `consume` ends the queue closes and the dispatcher stops
        let mut results = InOrder { chunks: order_rx, current: None };
        consume(&mut results)
    })
}
