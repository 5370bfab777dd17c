//! Geography for muster.
//!
//! * [`Gazetteer`]: GeoNames cities500 (235,000 places with alternate names), countries, first-level
//!   regions, curated regions and seas, and the curated military sites of the knowledge base, all
//!   compiled into the binary.
//! * [`Gazetteer::find_places`]: one pass over a text's tokens finds every place mention (longest
//!   match first), then resolves each ambiguous name from its context.
//! * [`Borders`]: Natural Earth 10m country polygons and land borders; distance from a point to a
//!   country's land border.
//!
//! Pure computation over data loaded once; no I/O after loading.

mod borders;
mod borders_file;
mod gazetteer;
mod names;
mod places_file;
mod resolve;
mod text;

pub use borders::{haversine_km, Borders, Frame};
pub use gazetteer::{EntryId, GeoEntry, Gazetteer};
pub use resolve::{in_dateline, PlaceMention, ResolveOptions};
pub use text::{fold, locating_suffix, scan, tokens, Scan, Token, Word};
pub mod words {
    //! The phrase matcher's reading of words (see [`crate::scan`]).
    pub use crate::text::{lower_hash, non_letter_len, non_word_char_len, word_char_ends_at, word_char_len, word_hash};
}
