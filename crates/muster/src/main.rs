//! `muster`: the command line. Thin glue over the pipeline crates: ingest → extract → store →
//! present.

mod commands;
mod contract;
mod exports;
mod pipeline;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc: the pipeline allocates many small, short-lived values on every core at once, where it
/// spends markedly less time than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns open-source reporting about a military build-up into a force picture you can trust.
#[derive(Parser)]
#[command(name = "muster", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print one muster.extract/1 JSON object per document (files, folders, feeds, JSONL, WARC, .gz).
    Extract {
        /// Output format (jsonl: one object per line; json: a pretty array).
        #[arg(long, default_value = "jsonl")]
        format: String,
        /// Add doc.text, the cleaned text all byte offsets point into.
        #[arg(long)]
        with_text: bool,
        /// A theatre config (TOML) instead of the bundled Russia–Ukraine 2021–22 one.
        #[arg(long)]
        theatre: Option<PathBuf>,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Read, extract and store documents (re-ingesting the same input is a no-op).
    Ingest {
        #[arg(long, env = "MUSTER_DB", default_value = "muster.db")]
        db: PathBuf,
        #[arg(long)]
        theatre: Option<PathBuf>,
        /// Documents per transaction.
        #[arg(long, default_value_t = 256)]
        batch: usize,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Re-run extraction over every stored document (after the knowledge base changed).
    Reextract {
        #[arg(long, env = "MUSTER_DB", default_value = "muster.db")]
        db: PathBuf,
        #[arg(long)]
        theatre: Option<PathBuf>,
    },
    /// Counts of documents, clusters and facts in the store.
    Stats {
        #[arg(long, env = "MUSTER_DB", default_value = "muster.db")]
        db: PathBuf,
        /// table or json
        #[arg(long, default_value = "table")]
        format: String,
    },
    /// Search documents and filter facts.
    Query {
        #[arg(long, env = "MUSTER_DB", default_value = "muster.db")]
        db: PathBuf,
        /// Full-text search over documents (SQLite FTS5 syntax).
        #[arg(long)]
        text: Option<String>,
        /// observation, quantity, claim, indicator, equipment, unit, place or distance
        #[arg(long)]
        kind: Option<String>,
        /// Facts within --radius km of this place (resolved with the gazetteer) ...
        #[arg(long)]
        place: Option<String>,
        /// ... or of these coordinates, "LAT,LON".
        #[arg(long)]
        near: Option<String>,
        #[arg(long, default_value_t = 50.0)]
        radius: f64,
        /// Equipment, unit, counted kind, indicator type or claim topic.
        #[arg(long)]
        label: Option<String>,
        /// Claimant name or country code.
        #[arg(long)]
        claimant: Option<String>,
        /// Side of the forces (ISO code).
        #[arg(long)]
        side: Option<String>,
        /// From this date (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Up to this date (YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: usize,
        /// table, json or csv
        #[arg(long, default_value = "table")]
        format: String,
    },
    /// The current force picture from the store.
    Picture {
        #[arg(long, env = "MUSTER_DB", default_value = "muster.db")]
        db: PathBuf,
        /// json or text
        #[arg(long, default_value = "json")]
        format: String,
    },
    /// The main job on the bundled demo corpus: ingest into an embedded store, print the picture,
    /// write exports.
    Demo {
        /// The demo corpus (default: the repository's demo/ folder).
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// Where the store and the exports go.
        #[arg(long, default_value = "muster-demo")]
        out: PathBuf,
    },
    /// Gazetteer and border tools.
    Geo {
        /// A theatre config (TOML): its country of interest and border frame.
        #[arg(long, global = true)]
        theatre: Option<PathBuf>,
        #[command(subcommand)]
        command: GeoCommand,
    },
}

#[derive(Subcommand)]
enum GeoCommand {
    /// Resolve a place name ("Oktyabrskoye airfield, Crimea").
    Resolve { name: String },
    /// Distance from a place to the theatre's border (or another country's).
    Distance {
        place: String,
        /// ISO code of the country whose land border is meant (default: the theatre's).
        #[arg(long)]
        border: Option<String>,
    },
}

fn main() -> ExitCode {
    // `muster query ... | head` ends quietly, as Unix tools do
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract { format, with_text, theatre, paths } => commands::extract(&paths, &format, with_text, theatre.as_deref()),
        Command::Ingest { db, theatre, batch, paths } => commands::ingest(&db, &paths, theatre.as_deref(), batch),
        Command::Reextract { db, theatre } => commands::reextract(&db, theatre.as_deref()),
        Command::Stats { db, format } => commands::stats(&db, &format),
        Command::Query { db, text, kind, place, near, radius, label, claimant, side, from, to, limit, format } => {
            commands::query(&db, commands::QueryArgs { text, kind, place, near, radius, label, claimant, side, from, to, limit, format })
        }
        Command::Picture { db, format } => commands::picture(&db, &format),
        Command::Demo { corpus, out } => commands::demo(corpus, &out),
        Command::Geo { theatre, command: GeoCommand::Resolve { name } } => commands::geo_resolve(&name, theatre.as_deref()),
        Command::Geo { theatre, command: GeoCommand::Distance { place, border } } => commands::geo_distance(&place, border.as_deref(), theatre.as_deref()),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("muster: {e:#}");
            ExitCode::from(2)
        }
    }
}
