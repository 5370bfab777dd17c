//! Ingest: turns what analysts collect (files, folders, gzip, HTML pages, plain text, JSONL exports,
//! RSS/Atom feeds, WARC archives) into cleaned [`Document`]s with honest metadata.
//!
//! Reading never aborts a run: every input yields documents and [`IngestError`]s, each error naming
//! the file (and record or line) and the problem.

mod clean;
mod decode;
mod formats;
mod html;

pub use clean::clean_text;
pub use formats::{read_bytes, Format};

use muster_model::Document;
use std::path::{Path, PathBuf};

/// Largest input read from one file or one decompressed stream (a guard against gzip bombs).
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// A problem with one input: which file (and record or line), and what.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{source_name}: {message}")]
pub struct IngestError {
    pub source_name: String,
    pub message: String,
}

impl IngestError {
    pub fn new(source_name: impl Into<String>, message: impl Into<String>) -> IngestError {
        IngestError { source_name: source_name.into(), message: message.into() }
    }
}

/// One document read, or one problem met.
pub type Item = Result<Document, IngestError>;

/// Expands paths: folders become their files, recursively, in sorted order; files stay as given.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<IngestError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        walk(p, &mut files, &mut errors);
    }
    (files, errors)
}

/// Whether an input names an http(s) URL rather than a path.
pub fn is_url(p: &Path) -> bool {
    p.to_str().is_some_and(|s| s.starts_with("http://") || s.starts_with("https://"))
}

fn walk(p: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<IngestError>) {
    if is_url(p) {
        files.push(p.to_path_buf());
        return;
    }
    match std::fs::metadata(p) {
        Ok(m) if m.is_dir() => match std::fs::read_dir(p) {
            Ok(rd) => {
                let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
                entries.sort();
                for e in entries {
                    // hidden files and a folder's own README or LICENSE are not reporting
                    let name = e.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_uppercase();
                    let skip = name.starts_with('.') || name.starts_with("README") || name.starts_with("LICENSE");
                    if !skip {
                        walk(&e, files, errors);
                    }
                }
            }
            Err(e) => errors.push(IngestError::new(p.display().to_string(), format!("cannot read folder: {e}"))),
        },
        Ok(_) => files.push(p.to_path_buf()),
        Err(e) => errors.push(IngestError::new(p.display().to_string(), format!("cannot read: {e}"))),
    }
}

/// Reads one file or URL into its documents (a feed, a JSONL file or a WARC archive hold many).
pub fn read_file(path: &Path) -> Vec<Item> {
    let name = path.display().to_string();
    if is_url(path) {
        return match fetch(&name) {
            Ok(bytes) => {
                let mut items = read_bytes(&name, &bytes);
                for d in items.iter_mut().flatten() {
                    if d.url.is_none() {
                        d.url = Some(name.clone());
                    }
                }
                items
            }
            Err(e) => vec![Err(IngestError::new(name, e))],
        };
    }
    let bytes = match read_capped(path) {
        Ok(b) => b,
        Err(e) => return vec![Err(IngestError::new(name, e))],
    };
    read_bytes(&name, &bytes)
}

/// One input's documents, as cheaply as they can be read up front: a JSONL file's records are only
/// found, to be parsed and cleaned when taken ([`Records::get`]), so that a large export is read on
/// every core a batch at a time without holding all its documents at once; any other input is read
/// whole.
pub enum Records {
    Read(Vec<Item>),
    Jsonl(JsonlRecords),
}

/// The records of a JSONL file, not yet parsed.
pub struct JsonlRecords {
    name: String,
    text: String,
    lines: Vec<formats::JsonlLine>,
}

impl JsonlRecords {
    /// How many records (non-blank lines) the file holds.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The document of record `k`, parsed, cleaned and its language told, as [`read_file`] gives it.
    pub fn get(&self, k: usize) -> Item {
        let l = self.lines[k];
        let mut item = formats::jsonl_record(&self.name, l.number, &self.text[l.start..l.end]);
        formats::with_language(&mut item);
        item
    }
}

/// Reads one file or URL like [`read_file`], leaving a JSONL file's records to be parsed when taken.
pub fn read_records(path: &Path) -> Records {
    if is_url(path) {
        return Records::Read(read_file(path));
    }
    let name = path.display().to_string();
    let bytes = match read_capped(path) {
        Ok(b) => b,
        Err(e) => return Records::Read(vec![Err(IngestError::new(name, e))]),
    };
    if formats::detect(&name, &bytes) != Format::Jsonl {
        return Records::Read(read_bytes(&name, &bytes));
    }
    match formats::decode_owned(bytes) {
        Err(e) => Records::Read(vec![Err(IngestError::new(name, e))]),
        Ok(text) => {
            let lines = formats::jsonl_lines(&text);
            if lines.is_empty() {
                return Records::Read(vec![Err(IngestError::new(name, "no records"))]);
            }
            Records::Jsonl(JsonlRecords { name, text, lines })
        }
    }
}

/// GETs a URL (30 s timeout, size-capped like files).
fn fetch(url: &str) -> Result<Vec<u8>, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(30)))
        .http_status_as_error(false)
        .build()
        .into();
    let mut resp = agent.get(url).header("User-Agent", concat!("muster/", env!("CARGO_PKG_VERSION"))).call().map_err(|e| format!("cannot fetch: {e}"))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(format!("HTTP status {status}"));
    }
    resp.body_mut()
        .with_config()
        .limit(MAX_INPUT_BYTES)
        .read_to_vec()
        .map_err(|e| format!("cannot read the response: {e}"))
}

fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    // (the buffer sized once from the file's length: grown by doubling, a big input is copied and its
    // fresh pages zeroed several times over)
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    if len > MAX_INPUT_BYTES {
        return Err(format!("larger than {} MiB; not read", MAX_INPUT_BYTES / 1024 / 1024));
    }
    let mut buf = Vec::with_capacity(len as usize + 1);
    f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut buf).map_err(|e| format!("cannot read: {e}"))?;
    if buf.len() as u64 > MAX_INPUT_BYTES {
        return Err(format!("larger than {} MiB; not read", MAX_INPUT_BYTES / 1024 / 1024));
    }
    Ok(buf)
}
