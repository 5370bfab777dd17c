//! Shared test helpers: one extractor per test binary.
// each test binary uses some of the helpers, not all
#![allow(dead_code)]

use chrono::NaiveDate;
use muster_extract::Extractor;
use muster_model::{Document, Extraction};
use std::sync::OnceLock;

pub fn extractor() -> &'static Extractor {
    static X: OnceLock<Extractor> = OnceLock::new();
    X.get_or_init(|| Extractor::bundled().expect("bundled knowledge base loads"))
}

pub fn extract_on(text: &str, published: Option<(i32, u32, u32)>) -> Extraction {
    let doc = Document {
        source: "test.txt".into(),
        text: text.to_string(),
        published: published.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
        ..Default::default()
    };
    extractor().extract(&doc)
}

pub fn extract(text: &str) -> Extraction {
    extract_on(text, Some((2022, 2, 16)))
}

/// The place a mention with this surface text resolved to: (name, country, lat, lon).
pub fn place_of(ex: &Extraction, surface: &str) -> Option<(String, Option<String>, f64, f64)> {
    ex.places
        .iter()
        .find(|p| p.mentions.iter().any(|m| m.text == surface))
        .map(|p| (p.name.clone(), p.country.clone(), p.lat, p.lon))
}

pub fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    muster_geo::haversine_km(a.0, a.1, b.0, b.1)
}
