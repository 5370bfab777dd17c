//! The `muster.extract/1` contract: the one place that knows its JSON shape.

use muster_model::{Document, Extraction};
use serde_json::{json, Value};

pub const SCHEMA: &str = "muster.extract/1";

/// One contract line for a document and its facts.
pub fn record(doc: &Document, ex: &Extraction, with_text: bool) -> Value {
    let (published, inferred) = match (doc.published, ex.text_date) {
        (Some(d), _) => (Some(d), doc.published_inferred),
        (None, Some((d, inferred))) => (Some(d), inferred),
        (None, None) => (None, false),
    };
    let mut d = json!({
        "source": doc.source,
        "title": doc.title,
        "published": published.map(|d| d.format("%Y-%m-%d").to_string()),
        "published_inferred": inferred,
        "outlet": doc.outlet,
        "url": doc.url,
        "language": doc.language,
    });
    if with_text {
        d["text"] = json!(doc.text);
    }
    let mut v = serde_json::to_value(ex).expect("extraction serialises");
    let obj = v.as_object_mut().expect("object");
    obj.remove("text_date");
    obj.insert("schema".into(), json!(SCHEMA));
    obj.insert("doc".into(), d);
    v
}

/// The line for a document that could not be read.
pub fn error_record(source: &str, message: &str) -> Value {
    json!({"schema": SCHEMA, "doc": {"source": source}, "error": message})
}
