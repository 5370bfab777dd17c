//! Turns the bundled GeoNames places (`data/geo/places.tsv.gz`, the reviewed source) into the compact
//! form the gazetteer loads at start-up (see `src/places_file.rs`): decompressing, splitting and
//! folding a million names happens here once per build, not in every run.

#[allow(dead_code)]
#[path = "src/text.rs"]
mod text;

#[path = "src/places_file.rs"]
mod places_file;

use std::io::Read;

fn main() {
    let source = "../../data/geo/places.tsv.gz";
    println!("cargo::rerun-if-changed={source}");
    println!("cargo::rerun-if-changed=src/places_file.rs");
    println!("cargo::rerun-if-changed=src/text.rs");
    let gz = std::fs::read(source).unwrap_or_else(|e| panic!("reading {source}: {e}"));
    let mut tsv = String::new();
    flate2::read::GzDecoder::new(gz.as_slice()).read_to_string(&mut tsv).unwrap_or_else(|e| panic!("decompressing {source}: {e}"));
    let rows = places_file::parse_tsv(&tsv);
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("places.bin");
    std::fs::write(&out, places_file::encode(&rows)).unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
}
