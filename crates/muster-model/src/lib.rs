//! The data model shared by every stage of muster: a cleaned [`Document`], byte [`Span`]s into its
//! text, and the facts extracted from it ([`Extraction`]). Plain, serialisable types; no I/O, no logic
//! beyond small helpers.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's cleaned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }
    /// The text this span covers.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// One occurrence of an entity in the text: its span and the surface text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Mention {
    pub fn from_span(span: Span, text: &str) -> Mention {
        Mention { start: span.start, end: span.end, text: span.slice(text).to_string() }
    }
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// A document after ingest and cleaning: the text all offsets point into, plus metadata.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Document {
    /// The path or URL exactly as given on the command line or found in a folder; for a record inside
    /// a container file, the container's.
    pub source: String,
    /// The record inside a container: `L3` (the line of a JSONL file), `item2` (of a feed), a WARC
    /// record's target URI. `None` for a file that is one document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    pub title: Option<String>,
    /// Publication date, stated or inferred (see `published_inferred`).
    pub published: Option<NaiveDate>,
    pub published_inferred: bool,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    /// The cleaned text: every byte offset of every fact points into this string.
    pub text: String,
}

impl Document {
    /// Where the document is, one string per document: `source`, then `#record` for a record inside a
    /// container (`wire.jsonl#L3`).
    pub fn locator(&self) -> String {
        match &self.record {
            Some(r) => format!("{}#{r}", self.source),
            None => self.source.clone(),
        }
    }
}

/// What sort of place a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    PopulatedPlace,
    MilitarySite,
    AdminRegion,
    Country,
    WaterBody,
    Other,
}

/// A resolved place with all its mentions in one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// `geonames:<id>`, `site:<slug>`, `country:<iso>`, `admin1:<cc>.<code>`, `region:<slug>`.
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166-1 alpha-2 of the country the place lies in.
    pub country: Option<String>,
    pub kind: PlaceKind,
    /// Site kind for military sites (`airfield`, `training_ground`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_kind: Option<String>,
    /// Distance in km to the theatre's border of interest.
    pub border_km: Option<f64>,
    /// Whether the point lies inside the theatre's country of interest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inside_country_of_interest: Option<bool>,
    pub mentions: Vec<Mention>,
}

/// An equipment type mentioned in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Equipment {
    pub id: String,
    pub name: String,
    pub category: String,
    pub generic: bool,
    pub nuclear_capable: bool,
    pub mentions: Vec<Mention>,
}

/// A named military formation mentioned in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub country: Option<String>,
    pub echelon: Option<String>,
    pub mentions: Vec<Mention>,
}

/// Who said something: a person, an institution or a group.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    /// ISO alpha-2, or `NATO`, `EU`, `UN`, `OSCE`.
    pub country: Option<String>,
    pub role: String,
}

/// A date with how precise it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateValue {
    pub date: NaiveDate,
    pub precision: DatePrecision,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Day,
    Week,
    Month,
    Year,
    Unknown,
}

/// A force number: troops, battalions, tanks, tents...
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub value: f64,
    pub high: Option<f64>,
    pub approx: bool,
    pub qualifier: Option<String>,
    pub counted: String,
    pub side: Option<String>,
    pub claimant: Option<Actor>,
    pub date: Option<NaiveDate>,
    pub implausible: bool,
    pub quote: String,
    /// The figure's own span and the sentence it came from.
    pub span: Span,
    pub sentence: Span,
}

/// Where a place stands in a movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceRole {
    /// Forces are (or were seen) there.
    Location,
    /// Forces came from there.
    Origin,
    /// Forces are said to be going there.
    Destination,
}

/// Reported military presence, movement or activity at a place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    /// The `id` of an entry in the document's places.
    pub place: String,
    pub role: PlaceRole,
    pub activity: String,
    pub side: Option<String>,
    pub equipment: Vec<String>,
    pub units: Vec<String>,
    pub date: Option<NaiveDate>,
    pub date_precision: DatePrecision,
    pub source_kind: Option<String>,
    pub attributed_to: Option<String>,
    pub quote: String,
    pub sentence: Span,
}

/// A statement attributed to someone, with its stance on a topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub claimant: Option<Actor>,
    pub stance: String,
    pub topic: String,
    pub date: Option<NaiveDate>,
    pub quote: String,
    pub sentence: Span,
}

/// A warning indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    #[serde(rename = "type")]
    pub kind: String,
    pub actor: Option<String>,
    pub date: Option<NaiveDate>,
    pub quote: String,
    pub sentence: Span,
}

/// A reported distance from a place to a border, checked against geography.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Distance {
    pub place: String,
    pub reported_km: f64,
    pub reported_value: f64,
    pub reported_unit: String,
    /// Which border: ISO alpha-2 of the country whose border is meant.
    pub border_of: Option<String>,
    pub computed_km: Option<f64>,
    /// Set when reported and computed disagree, with the likely cause.
    pub mismatch: Option<String>,
    pub quote: String,
    pub sentence: Span,
}

/// Everything extracted from one document. Extraction never fails: odd input yields diagnostics.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub places: Vec<Place>,
    pub equipment: Vec<Equipment>,
    pub units: Vec<Unit>,
    pub quantities: Vec<Quantity>,
    pub observations: Vec<Observation>,
    pub claims: Vec<Claim>,
    pub indicators: Vec<Indicator>,
    pub distances: Vec<Distance>,
    /// The publication date found in the text (a dateline) or inferred from it, for documents whose
    /// metadata has none; `true` when inferred.
    pub text_date: Option<(NaiveDate, bool)>,
    pub diagnostics: Vec<String>,
}
