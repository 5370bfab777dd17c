//! The `muster.extract/1` contract: the one place that knows its JSON shape.
//!
//! A record is serialised straight from the extraction (no JSON tree in between): its top-level keys
//! in alphabetical order, the keys of each fact in the order the model declares them.

use muster_model::{Claim, Distance, Document, Equipment, Extraction, Indicator, Observation, Place, Quantity, Unit};
use serde::Serialize;
use serde_json::{json, Value};

pub const SCHEMA: &str = "muster.extract/1";

/// The `doc` object of a record.
#[derive(Serialize)]
struct Doc<'a> {
    language: &'a Option<String>,
    outlet: &'a Option<String>,
    published: Option<String>,
    published_inferred: bool,
    /// The record inside a container file (`L3`, `item2`), when the document is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    record: &'a Option<String>,
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    title: &'a Option<String>,
    url: &'a Option<String>,
}

/// One record: a document and its facts.
#[derive(Serialize)]
pub struct Record<'a> {
    claims: &'a [Claim],
    diagnostics: &'a [String],
    distances: &'a [Distance],
    doc: Doc<'a>,
    equipment: &'a [Equipment],
    indicators: &'a [Indicator],
    observations: &'a [Observation],
    places: &'a [Place],
    quantities: &'a [Quantity],
    schema: &'static str,
    units: &'a [Unit],
}

/// One contract record for a document and its facts.
pub fn record<'a>(doc: &'a Document, ex: &'a Extraction, with_text: bool) -> Record<'a> {
    let (published, inferred) = match (doc.published, ex.text_date) {
        (Some(d), _) => (Some(d), doc.published_inferred),
        (None, Some((d, inferred))) => (Some(d), inferred),
        (None, None) => (None, false),
    };
    let doc = Doc {
        language: &doc.language,
        outlet: &doc.outlet,
        published: published.map(|d| d.format("%Y-%m-%d").to_string()),
        published_inferred: inferred,
        record: &doc.record,
        source: &doc.source,
        text: with_text.then_some(doc.text.as_str()),
        title: &doc.title,
        url: &doc.url,
    };
    Record {
        claims: &ex.claims,
        diagnostics: &ex.diagnostics,
        distances: &ex.distances,
        doc,
        equipment: &ex.equipment,
        indicators: &ex.indicators,
        observations: &ex.observations,
        places: &ex.places,
        quantities: &ex.quantities,
        schema: SCHEMA,
        units: &ex.units,
    }
}

/// The line for a document that could not be read.
pub fn error_record(source: &str, message: &str) -> Value {
    json!({"schema": SCHEMA, "doc": {"source": source}, "error": message})
}
