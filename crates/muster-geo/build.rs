//! Turns the bundled GeoNames places (`data/geo/places.tsv.gz`, the reviewed source) into the compact
//! form the gazetteer loads at start-up (see `src/places_file.rs`): decompressing, splitting and
//! folding a million names happens here once per build, not in every run. The same for the borders
//! (`data/geo/borders-10m*.json.gz`, see `src/borders_file.rs`).

#[allow(dead_code)]
#[path = "src/text.rs"]
mod text;

#[path = "src/places_file.rs"]
mod places_file;

#[path = "src/borders_file.rs"]
mod borders_file;

use std::io::Read;

fn out_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
}

fn gunzip(source: &str) -> String {
    println!("cargo::rerun-if-changed={source}");
    let gz = std::fs::read(source).unwrap_or_else(|e| panic!("reading {source}: {e}"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(gz.as_slice()).read_to_string(&mut text).unwrap_or_else(|e| panic!("decompressing {source}: {e}"));
    text
}

fn main() {
    println!("cargo::rerun-if-changed=src/borders_file.rs");
    for (source, out) in [("../../data/geo/borders-10m.json.gz", "borders-de-facto.bin"), ("../../data/geo/borders-10m-dejure.json.gz", "borders-de-jure.bin")] {
        let file: borders_file::BorderFile = serde_json::from_str(&gunzip(source)).unwrap_or_else(|e| panic!("parsing {source}: {e}"));
        let out = out_dir().join(out);
        std::fs::write(&out, borders_file::encode(&file)).unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
    }
    let source = "../../data/geo/places.tsv.gz";
    println!("cargo::rerun-if-changed=src/places_file.rs");
    println!("cargo::rerun-if-changed=src/text.rs");
    let rows = places_file::parse_tsv(&gunzip(source));
    let out = out_dir().join("places.bin");
    std::fs::write(&out, places_file::encode(&rows)).unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
}
