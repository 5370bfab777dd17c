//! Fact extraction for muster.
//!
//! [`Extractor::extract`] is a pure, deterministic function of a cleaned [`Document`], the knowledge
//! base and the gazetteer. One Aho–Corasick pass finds every known phrase (equipment, formations,
//! actors, countries, indicator triggers and the cue lexicon); one token pass finds places; a few
//! regular expressions (numbers, dates, formation patterns) each run once over the text. Sentence-level
//! rules then build quantities, observations, claims, indicators and distances. Extraction never
//! fails: odd input yields fewer facts and diagnostics.

mod actors;
mod anchored;
mod coordinates;
mod dates;
mod distances;
mod matcher;
mod observations;
mod quantities;
mod sentences;
mod signals;
mod units;

pub use dates::{dateline, infer_published, DateFinder, DateMention};
use dates::infer_published_from;
pub use sentences::sentences;

use actors::ActorMention;
use chrono::NaiveDate;
use matcher::{Meaning, PhraseMatcher};
use muster_geo::{Borders, Gazetteer, ResolveOptions};
use muster_kb::KnowledgeBase;
use muster_model::{DatePrecision, Document, Equipment, Extraction, Mention, Place, PlaceKind, Span};

/// (lat bits, lon bits, country code) → distance to the country's border (km) and whether inside.
type BorderCache = rustc_hash::FxHashMap<(u64, u64, [u8; 2]), (Option<f64>, Option<bool>)>;

/// Where a place mention points when a position written in the text corrects it.
#[derive(Clone)]
enum Placed {
    /// Another gazetteer entry of the same name, near the position.
    Entry(u32),
    /// The position itself.
    Written(Place),
}

/// Everything extraction needs, built once and shared across threads.
pub struct Extractor {
    pub kb: KnowledgeBase,
    pub gazetteer: Gazetteer,
    pub borders: Borders,
    matcher: PhraseMatcher,
    dates: DateFinder,
    numbers: quantities::NumberFinder,
    units: units::UnitFinder,
    stopwords: std::sync::Arc<rustc_hash::FxHashSet<String>>,
    theatre_countries: std::sync::Arc<Vec<String>>,
    /// The lexicon's designation heads ("fighters") with the index of the generic entry each names.
    designation_heads: rustc_hash::FxHashMap<String, usize>,
    /// The ids ("equipment:railway-flatcar") of the logistics entries that are not reported as equipment.
    unreported_equipment: Vec<String>,
    /// Distance to a country's border and whether the point is inside it, per (point, country):
    /// pure, so computing each once is safe.
    border_cache: std::sync::RwLock<BorderCache>,
}

/// Per-document working state shared by the rule modules.
pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    pub kb: &'a KnowledgeBase,
    pub sentences: Vec<Span>,
    /// Phrase hits, sorted by start, with their meanings.
    pub hits: Vec<(Span, &'a [Meaning])>,
    pub actors: Vec<ActorMention>,
    /// The speakers' turns, if the text is the transcript of a briefing or an interview.
    pub turns: Vec<actors::Turn>,
    pub dates: Vec<DateMention>,
    pub published: Option<NaiveDate>,
    /// Where the rule patterns can start.
    pub anchors: anchored::Anchors,
    /// The countries of the story's theatre: the configured theatre's, or for a military story that
    /// names countries but the country of interest and its adversaries not at all or only in passing
    /// (another theatre's reporting), the other countries it names.
    pub story_theatre: Vec<String>,
}

impl<'a> Ctx<'a> {
    /// The hits that lie inside `s`.
    pub fn hits_in(&self, s: Span) -> &[(Span, &'a [Meaning])] {
        let lo = self.hits.partition_point(|(h, _)| h.start < s.start);
        let hi = self.hits.partition_point(|(h, _)| h.start < s.end);
        let slice = &self.hits[lo..hi];
        let end = slice.iter().rposition(|(h, _)| h.end <= s.end).map_or(0, |p| p + 1);
        &slice[..end]
    }

    /// The actor mentions that lie inside `s` (actors are in text order).
    pub fn actors_in(&self, s: Span) -> &[ActorMention] {
        let lo = self.actors.partition_point(|a| a.span.start < s.start);
        let hi = self.actors.partition_point(|a| a.span.start < s.end);
        let slice = &self.actors[lo..hi];
        let end = slice.iter().rposition(|a| a.span.end <= s.end).map_or(0, |p| p + 1);
        &slice[..end]
    }

    /// The index of the sentence containing byte `pos`.
    pub fn sentence_of(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        (i < self.sentences.len() && self.sentences[i].start <= pos).then_some(i)
    }

    /// The date a sentence speaks of: an explicit date first, then a past relative one.
    pub fn sentence_date(&self, si: usize) -> Option<(NaiveDate, DatePrecision)> {
        let s = self.sentences[si];
        // a date after publication is a plan or a forecast, not when something was seen
        let lo = self.dates.partition_point(|d| d.span.start < s.start);
        let hi = self.dates.partition_point(|d| d.span.start < s.end);
        let in_s: Vec<&DateMention> = self.dates[lo..hi]
            .iter()
            .filter(|d| s.contains(d.span) && d.date.is_some() && !d.future)
            .filter(|d| self.published.is_none_or(|p| d.date.unwrap() <= p))
            .collect();
        in_s.iter()
            .find(|d| d.precision == DatePrecision::Day && (d.absolute || d.month_day.is_some()))
            .or_else(|| in_s.first())
            .map(|d| (d.date.unwrap(), d.precision))
    }
}

/// Whether a possessive ("’s", "'s") follows at `end`: the name before it owns something
/// ("Moscow’s claim") and is no speaker or subject.
pub(crate) fn possessive_after(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    rest.starts_with("’s") || rest.starts_with("'s")
}

/// The names before a plural "fleets" they share ("the Baltic and Northern fleets", "the Black Sea and
/// Pacific Fleets"): fleets, not the seas or regions they are named after.
fn shared_fleet_nouns(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for at in memchr::memmem::find_iter(text.as_bytes(), b"leets") {
        let Some(noun) = at.checked_sub(1) else { continue };
        if !matches!(text.as_bytes()[noun], b'f' | b'F') {
            continue;
        }
        // the words before, back to the article or the start of the clause: capitalised names joined by
        // "and" or commas
        let lead = &text[text.floor_char_boundary(noun.saturating_sub(60))..noun];
        let lead_start = noun - lead.len();
        let mut words: Vec<(usize, usize)> = Vec::new();
        let mut end = lead.len();
        let mut joined = false;
        for w in lead.trim_end().rsplit(' ') {
            let w_end = lead[..end].trim_end().len();
            let w_start = w_end - w.len();
            end = w_start;
            let bare = w.trim_end_matches(',');
            if bare == "and" {
                joined = true;
                continue;
            }
            if !bare.chars().next().is_some_and(char::is_uppercase) || bare.eq_ignore_ascii_case("the") {
                break;
            }
            words.push((lead_start + w_start, lead_start + w_start + bare.len()));
        }
        if joined && words.len() >= 2 {
            out.extend(words);
        }
    }
    out
}

/// Whether `hay` starts with `prefix`, ASCII case ignored.
pub(crate) fn starts_with_ci(hay: &str, prefix: &str) -> bool {
    hay.len() >= prefix.len() && hay.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Whether `hay` ends with `suffix`, ASCII case ignored.
pub(crate) fn ends_with_ci(hay: &str, suffix: &str) -> bool {
    hay.len() >= suffix.len() && hay.as_bytes()[hay.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// Whether `hay` ends with the word or words `w` after a space ("... would reach it by"), case ignored.
pub(crate) fn ends_with_word(hay: &str, w: &str) -> bool {
    hay.len() > w.len() && ends_with_ci(hay, w) && hay.as_bytes()[hay.len() - w.len() - 1] == b' '
}

/// Whether `before` ends with a preposition of place or direction ("in ", "to the ", "from "): a
/// country or capital after it is a place, not an actor or a subject.
pub(crate) fn after_preposition(before: &str) -> bool {
    let b = before.trim_end();
    let b = b.strip_suffix(" the").unwrap_or(b);
    let last = b.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    ["in", "at", "to", "from", "near", "into", "outside", "via", "across", "around", "towards", "toward", "through", "inside", "over", "between", "along", "on"]
        .iter()
        .any(|p| last.eq_ignore_ascii_case(p))
}

/// The bearing word right before a place's name ("southern", "the north-eastern"), with its
/// direction as (north, east) components.
fn bearing_before(text: &str, at: usize) -> Option<(&'static str, f64, f64)> {
    const BEARINGS: &[(&str, f64, f64)] = &[
        ("northern", 1.0, 0.0), ("southern", -1.0, 0.0), ("eastern", 0.0, 1.0), ("western", 0.0, -1.0),
        ("north-eastern", 1.0, 1.0), ("northeastern", 1.0, 1.0), ("north-western", 1.0, -1.0), ("northwestern", 1.0, -1.0),
        ("south-eastern", -1.0, 1.0), ("southeastern", -1.0, 1.0), ("south-western", -1.0, -1.0), ("southwestern", -1.0, -1.0),
    ];
    let before = text[..at].strip_suffix(' ')?;
    let word = before.rsplit([' ', '\n', '(', '"', '\'']).next()?;
    BEARINGS.iter().find(|(w, _, _)| word.eq_ignore_ascii_case(w)).map(|&(w, n, e)| (w, n, e))
}

/// Whether the name at `span` is part of a facility's name ("Camp Doha", "Fort Worth", "Niamey
/// airport", "Kabul Air Base"): a capital there is the place, not its government speaking.
pub(crate) fn in_facility_name(text: &str, span: Span) -> bool {
    const BEFORE: &[&str] = &["Camp ", "Fort ", "Port ", "Naval Station ", "Naval Base ", "Air Base ", "Joint Base "];
    const AFTER: &[&str] = &[" airport", " Airport", " air base", " Air Base", " airbase", " airfield", " Airfield", " International", " port", " harbour", " harbor", " naval base"];
    let before = &text[..span.start];
    let after = &text[span.end..];
    BEFORE.iter().any(|w| before.ends_with(w)) || AFTER.iter().any(|w| after.starts_with(w) && !after[w.len()..].starts_with(|c: char| c.is_alphanumeric()))
}

/// Phrases that name the border between two countries, with the two ISO codes.
fn border_phrases(ctx: &Ctx) -> Vec<(Span, String, String)> {
    let text = ctx.text;
    let kb = ctx.kb;
    let country_at = |k: usize| -> Option<String> {
        ctx.hits[k].1.iter().find_map(|m| match m {
            Meaning::CountryName(i) | Meaning::Demonym(i) => Some(kb.countries[*i].code.clone()),
            _ => None,
        })
    };
    let mut out = Vec::new();
    for k in 0..ctx.hits.len() {
        let Some(a) = country_at(k) else { continue };
        let (sa, _) = ctx.hits[k];
        // the next country after this one, within a few words
        let Some(j) = (k + 1..ctx.hits.len().min(k + 6)).find(|&j| ctx.hits[j].0.start >= sa.end && country_at(j).is_some()) else { continue };
        let b = country_at(j).unwrap();
        let sb = ctx.hits[j].0;
        if a == b || sb.start - sa.end > 24 {
            continue;
        }
        let between = text[sa.end..sb.start].to_ascii_lowercase();
        let after = text[sb.end..].chars().take(10).collect::<String>().to_ascii_lowercase();
        let before: String = text[..sa.start].chars().rev().take(20).collect::<String>().chars().rev().collect::<String>().to_ascii_lowercase();
        let end = |n: usize| Span::new(sa.start, sb.end + n);
        if (between == "-" || between == "–" || between == "/") && after.trim_start().starts_with("border") {
            // "Poland-Belarus border", "Polish-Belarusian border"
            let off = text[sb.end..].find("border").map(|p| p + "border".len()).unwrap_or(0);
            out.push((end(off), a, b));
        } else if between.trim() == "'s border with" || between.trim() == "’s border with" || between.trim() == "border with" {
            out.push((end(0), a, b));
        } else if between.trim() == "and" && before.trim_end().ends_with("border between") {
            out.push((end(0), a, b));
        }
    }
    out
}

/// A loading problem with the bundled data.
pub type LoadError = muster_kb::KbError;

impl Extractor {
    /// Builds the extractor over a knowledge base (loads the gazetteer and borders: about a second).
    pub fn new(kb: KnowledgeBase) -> Extractor {
        let frame = muster_geo::Frame::parse(&kb.theatre.border_frame).unwrap_or(muster_geo::Frame::DeFacto);
        // the gazetteer takes longest: the borders and the phrase automaton are built beside it
        let (gazetteer, (borders, matcher)) = std::thread::scope(|scope| {
            let others = scope.spawn(|| (Borders::bundled_in(frame), PhraseMatcher::new(&kb)));
            let gazetteer = Gazetteer::new(&kb);
            (gazetteer, others.join().expect("borders and phrases load"))
        });
        let mut stopwords: rustc_hash::FxHashSet<String> = kb.lexicon.not_places.iter().map(|w| muster_geo::fold(w)).collect();
        for a in kb.actors.iter().filter(|a| a.person) {
            for n in a.aliases.iter().chain([&a.name]) {
                for w in n.split_whitespace() {
                    stopwords.insert(muster_geo::fold(w));
                }
            }
        }
        for c in &kb.countries {
            for d in &c.demonyms {
                stopwords.insert(muster_geo::fold(d));
            }
        }
        let mut theatre = kb.theatre.countries.clone();
        theatre.push(kb.theatre.country_of_interest.clone());
        let designation_heads = kb
            .lexicon
            .designation_heads
            .iter()
            .filter_map(|(word, id)| Some((word.clone(), kb.equipment.iter().position(|g| g.generic && &g.id == id)?)))
            .collect();
        let unreported_equipment = kb.equipment.iter().filter(|e| !e.reported).map(|e| format!("equipment:{}", e.id)).collect();
        Extractor {
            kb,
            gazetteer,
            borders,
            matcher,
            dates: DateFinder::new(),
            numbers: quantities::NumberFinder::new(),
            units: units::UnitFinder::new(),
            stopwords: std::sync::Arc::new(stopwords),
            theatre_countries: std::sync::Arc::new(theatre),
            designation_heads,
            unreported_equipment,
            border_cache: std::sync::RwLock::new(Default::default()),
        }
    }

    /// Builds the indexes that are otherwise made on first need, so that timings and long runs do
    /// not see them.
    pub fn warm_up(&self) {
        self.gazetteer.warm_up();
    }

    /// The bundled knowledge base and data.
    pub fn bundled() -> Result<Extractor, LoadError> {
        Ok(Extractor::new(KnowledgeBase::bundled()?))
    }

    /// The body whose releases a feed or site carries, when its name says so ("U.S. Central Command -
    /// Press Releases", "Ministry of Defence news releases"): a government, ministry, intelligence or
    /// military body with a country.
    fn releasing_outlet(&self, outlet: &str) -> Option<muster_model::Actor> {
        let lower = outlet.to_ascii_lowercase();
        if outlet.len() > 160 || !["press release", "news release", "statements", "communiqu", "press service", "press office"].iter().any(|w| lower.contains(w)) {
            return None;
        }
        let words = muster_geo::scan(outlet).words;
        self.matcher.find_with_words(outlet, &words).iter().find_map(|h| {
            self.matcher.meanings(h).iter().find_map(|m| match m {
                Meaning::Actor(i) => {
                    let a = &self.kb.actors[*i];
                    (matches!(a.role.as_str(), "ministry" | "intelligence" | "government" | "military") && a.country.is_some())
                        .then(|| muster_model::Actor { name: a.name.clone(), country: a.country.clone(), role: a.role.clone() })
                }
                _ => None,
            })
        })
    }

    /// Extracts every fact from one document.
    pub fn extract(&self, doc: &Document) -> Extraction {
        let text = doc.text.as_str();
        let mut ex = Extraction::default();
        // the publication date: metadata, else a dateline, else inferred from the text
        // the words of the text, both ways, in one pass: the resolver's tokens, the phrase matcher's words
        let scan = muster_geo::scan(text);
        let anchors = anchored::Anchors::new(text, &scan.words);
        let date_scan = self.dates.scan(text, &anchors);
        let mut published = doc.published;
        if published.is_none() {
            if let Some(d) = dateline(text, &self.dates) {
                ex.text_date = Some((d, false));
            } else if let Some(d) = infer_published_from(&date_scan) {
                ex.text_date = Some((d, true));
            }
            published = ex.text_date.map(|(d, _)| d);
        }
        let dates = date_scan.resolve(published);
        drop(date_scan);
        let raw_hits = self.matcher.find_with_words(text, &scan.words);
        // (in the matcher's order: by start, longest first)
        let hits: Vec<(Span, &[Meaning])> = self.matcher.resolved_hits(text, &raw_hits);
        let mut ctx = Ctx { text, kb: &self.kb, sentences: sentences(text), hits, actors: Vec::new(), turns: Vec::new(), dates, published, anchors, story_theatre: Vec::new() };
        ctx.actors = actors::find_actors(&ctx);
        ctx.turns = actors::speaker_turns(&ctx);
        let mut claimants = actors::claimants(&ctx);
        // an official release's own figures are its author's
        if let Some(author) = actors::release_author(&ctx).or_else(|| doc.outlet.as_deref().and_then(|o| self.releasing_outlet(o))) {
            for c in claimants.iter_mut().filter(|c| c.is_none()) {
                *c = Some(author.clone());
            }
        }

        // equipment and units first: a place's name inside a system's ("Nora B-52", "Tor-M2") or inside
        // a formation's "of" ("Princess of Wales's Royal Regiment") is no place
        ex.equipment = self.equipment(&ctx);
        ex.units = self.units.find(&ctx);

        // places
        // (an owner country that opens an institution's name is still a place named: "Britain's
        // Ministry of Defence")
        let mut blocked: Vec<(usize, usize)> = ctx
            .actors
            .iter()
            .filter(|a| a.named)
            .map(|a| {
                let name = a.span.slice(text);
                // where the owner's name ends and the rest begins
                let owner = ["'s ", "’s "].iter().find_map(|p| name.find(p).map(|at| (a.span.start + at, a.span.start + at + p.len())));
                let country_first = owner.is_some_and(|(end, _)| {
                    let k = ctx.hits.partition_point(|(h, _)| h.start < a.span.start);
                    ctx.hits[k..].iter().take_while(|(h, _)| h.start == a.span.start).any(|(h, m)| h.end == end && m.iter().any(|m| matches!(m, Meaning::CountryName(_))))
                });
                match owner {
                    Some((_, rest)) if country_first => (rest, a.span.end),
                    _ => (a.span.start, a.span.end),
                }
            })
            .collect();
        blocked.extend(ex.equipment.iter().filter(|e| !e.generic).flat_map(|e| e.mentions.iter().map(|m| (m.start, m.end))));
        blocked.extend(ex.units.iter().filter(|u| u.name.contains(" of ")).flat_map(|u| u.mentions.iter().filter(|m| m.text.contains(" of ")).map(|m| (m.start, m.end))));
        blocked.extend(ship_names(&ctx));
        blocked.extend(listed_ship_names(&ctx));
        blocked.extend(ex.units.iter().filter(|u| u.name.ends_with("Fleet") || u.name.ends_with("Flotilla")).flat_map(|u| u.mentions.iter().map(|m| (m.start, m.end))));
        blocked.extend(shared_fleet_nouns(text));
        blocked.sort();
        // countries named by name, government or demonym ("Serbia", "Belgrade", "Serbian troops") or
        // through a named speaker's country
        let mut named_countries: Vec<String> = Vec::new();
        let demonyms = ctx.hits.iter().flat_map(|(_, m)| m.iter()).filter_map(|m| match m {
            Meaning::Demonym(i) | Meaning::CountryName(i) | Meaning::Metonym(i) => Some(self.kb.countries[*i].code.as_str()),
            _ => None,
        });
        let speakers = ctx.actors.iter().filter(|a| a.named).filter_map(|a| a.actor.country.as_deref());
        for cc in demonyms.chain(speakers) {
            if !named_countries.iter().any(|c| c == cc) {
                named_countries.push(cc.to_string());
            }
        }
        ctx.story_theatre = self.story_theatre(&ctx, &ex, &named_countries);
        let mut opts = self.resolve_options(blocked, named_countries);
        // (the formations found, by name or by number: "the 138th Separate Motor Rifle Brigade")
        for u in &ex.units {
            let Some(f) = u.id.strip_prefix("unit:").and_then(|id| self.kb.formations.iter().find(|f| f.id == id)) else { continue };
            if let (Some(la), Some(lo)) = (f.garrison_lat, f.garrison_lon) {
                if !opts.garrisons.contains(&(la, lo)) {
                    opts.garrisons.push((la, lo));
                }
            }
        }
        if *ctx.story_theatre != **self.theatre_countries {
            opts.story_countries = ctx.story_theatre.clone();
        }
        let mentions = self.gazetteer.find_places_in(text, &scan, &opts);
        let mut place_index: rustc_hash::FxHashMap<u32, usize> = Default::default();
        let mut written_index: rustc_hash::FxHashMap<String, usize> = Default::default();
        let mut place_mentions: Vec<(Span, usize)> = Vec::new();
        // places too vast to locate forces ("Europe", "the Middle East", "the Indo-Pacific"): named,
        // never observed
        let mut vast: Vec<usize> = Vec::new();
        // positions written in the text win over the gazetteer's reading of the name they follow
        let (retargeted, unanchored) = self.written_positions(&ctx, &mentions);
        let mut add_written = |ex: &mut Extraction, p: Place| -> usize {
            *written_index.entry(p.id.clone()).or_insert_with(|| {
                ex.places.push(p);
                ex.places.len() - 1
            })
        };
        for (k, m) in mentions.iter().enumerate() {
            // a part of a country, region or sea named by its bearing ("southern Belarus", "the southern
            // Red Sea"): a place of its own, toward that side
            let part = if retargeted.get(&k).is_none() { bearing_before(text, m.start).and_then(|(word, north, east)| self.part_toward(&mut ex, m.entry, word, north, east)) } else { None };
            let idx = match (part, retargeted.get(&k)) {
                (Some(i), _) => i,
                (None, Some(Placed::Written(p))) => add_written(&mut ex, p.clone()),
                (None, Some(Placed::Entry(e))) => *place_index.entry(*e).or_insert_with(|| {
                    ex.places.push(self.place(*e));
                    ex.places.len() - 1
                }),
                (None, None) => *place_index.entry(m.entry).or_insert_with(|| {
                    ex.places.push(self.place(m.entry));
                    ex.places.len() - 1
                }),
            };
            ex.places[idx].mentions.push(Mention::from_span(Span::new(m.start, m.end), text));
            place_mentions.push((Span::new(m.start, m.end), idx));
            if retargeted.get(&k).is_none() && self.gazetteer.entry(m.entry).radius_km >= VAST_KM && !vast.contains(&idx) {
                vast.push(idx);
            }
            if m.corrected {
                ex.diagnostics.push(format!("place {:?} read as {} (spelling corrected)", &text[m.start..m.end], ex.places[idx].name));
            }
        }

        for (span, p) in unanchored {
            let idx = add_written(&mut ex, p);
            ex.places[idx].mentions.push(Mention::from_span(span, text));
            place_mentions.push((span, idx));
        }

        // a border between two countries named as a place ("the Poland-Belarus border", "Ukraine's
        // border with Belarus", "the border between Poland and Belarus")
        for (span, a, b) in border_phrases(&ctx) {
            let Some((lat, lon)) = self.borders.border_midpoint(&a, &b) else { continue };
            let (x, y) = if a < b { (a, b) } else { (b, a) };
            let id = format!("border:{x}-{y}");
            let idx = match ex.places.iter().position(|p| p.id == id) {
                Some(i) => i,
                None => {
                    let coi = &self.kb.theatre.country_of_interest;
                    ex.places.push(Place {
                        id,
                        name: format!("{x}–{y} border"),
                        lat,
                        lon,
                        country: None,
                        kind: PlaceKind::Other,
                        site_kind: None,
                        border_km: self.border_distance_km(coi, lat, lon),
                        inside_country_of_interest: None,
                        mentions: Vec::new(),
                    });
                    ex.places.len() - 1
                }
            };
            ex.places[idx].mentions.push(Mention::from_span(span, text));
            place_mentions.push((span, idx));
        }
        place_mentions.sort_by_key(|(s, _)| s.start);

        ex.quantities = quantities::find(&ctx, &self.numbers, &claimants, &ex.units);
        let observable: Vec<(Span, usize)> = place_mentions.iter().filter(|(_, i)| !vast.contains(i)).copied().collect();
        ex.observations = observations::find(&ctx, &ex, &observable, &claimants);
        let (claims, indicators) = signals::find(&ctx, &claimants);
        ex.claims = claims;
        ex.indicators = indicators;
        ex.distances = distances::find(&ctx, self, &ex.places, &place_mentions);
        // logistics that placed forces but are not reported as equipment
        let unreported = |id: &str| self.unreported_equipment.iter().any(|u| u == id);
        if ex.equipment.iter().any(|e| unreported(&e.id)) {
            ex.equipment.retain(|e| !unreported(&e.id));
            for o in &mut ex.observations {
                o.equipment.retain(|id| !unreported(id));
            }
        }
        ex
    }

    /// Positions written in the text ([`coordinates`]): per place mention they follow, the entry of
    /// the same name near the position, or a place at the position itself when the gazetteer's reading
    /// lies too far from it; and the positions that follow no known name, as places of their own.
    fn written_positions(&self, ctx: &Ctx, mentions: &[muster_geo::PlaceMention]) -> (rustc_hash::FxHashMap<usize, Placed>, Vec<(Span, Place)>) {
        let mut retargeted = rustc_hash::FxHashMap::default();
        let mut unanchored = Vec::new();
        let written = coordinates::find(ctx.text, &ctx.anchors);
        if written.is_empty() {
            return (retargeted, unanchored);
        }
        let spans: Vec<Span> = mentions.iter().map(|m| Span::new(m.start, m.end)).collect();
        for w in &written {
            let Some(&sentence) = ctx.sentences.iter().find(|s| s.start <= w.span.start && w.span.start < s.end) else { continue };
            match coordinates::anchor(ctx.text, sentence, w, &spans) {
                coordinates::Anchor::Mention(k) => {
                    let g = self.gazetteer.entry(mentions[k].entry);
                    let tolerance = match g.kind {
                        PlaceKind::Country => continue,
                        PlaceKind::AdminRegion | PlaceKind::WaterBody => 150.0,
                        _ => 30.0,
                    };
                    if muster_geo::haversine_km(g.lat, g.lon, w.lat, w.lon) <= tolerance {
                        continue;
                    }
                    let name = &ctx.text[spans[k].start..spans[k].end];
                    let same_name = self.gazetteer.lookup(&muster_geo::fold(name)).iter().copied().map(|e| {
                        let g = self.gazetteer.entry(e);
                        (muster_geo::haversine_km(g.lat, g.lon, w.lat, w.lon), e)
                    });
                    let nearest = same_name.filter(|(d, _)| *d <= 30.0).min_by(|a, b| a.0.total_cmp(&b.0));
                    let placed = match nearest {
                        Some((_, e)) => Placed::Entry(e),
                        None => {
                            let kind = if g.kind == PlaceKind::AdminRegion { PlaceKind::Other } else { g.kind };
                            Placed::Written(self.written_place(name, kind, w))
                        }
                    };
                    retargeted.insert(k, placed);
                }
                coordinates::Anchor::Name(span) => {
                    unanchored.push((span, self.written_place(&ctx.text[span.start..span.end], PlaceKind::Other, w)));
                }
                coordinates::Anchor::None => {
                    unanchored.push((w.span, self.written_place(&ctx.text[w.span.start..w.span.end], PlaceKind::Other, w)));
                }
            }
        }
        // the other mentions of a corrected name follow it: one name, one place in a document
        let corrected: Vec<(u32, Placed)> = retargeted.iter().map(|(&k, p)| (mentions[k].entry, p.clone())).collect();
        for (k, m) in mentions.iter().enumerate() {
            if let Some((_, p)) = corrected.iter().find(|(e, _)| *e == m.entry) {
                retargeted.entry(k).or_insert_with(|| p.clone());
            }
        }
        (retargeted, unanchored)
    }

    /// A place at a position written in the text, named as the text names it.
    fn written_place(&self, name: &str, kind: PlaceKind, w: &coordinates::Written) -> Place {
        let (border_km, inside) = self.border_facts(&self.kb.theatre.country_of_interest, w.lat, w.lon);
        Place {
            id: format!("coord:{:.4},{:.4}", w.lat, w.lon),
            name: name.split_whitespace().collect::<Vec<_>>().join(" "),
            lat: w.lat,
            lon: w.lon,
            country: self.borders.country_at(w.lat, w.lon).map(str::to_string),
            kind,
            site_kind: None,
            border_km,
            inside_country_of_interest: inside,
            mentions: Vec::new(),
        }
    }

    /// The countries of a story's theatre ([`Ctx::story_theatre`]).
    fn story_theatre(&self, ctx: &Ctx, ex: &Extraction, named_countries: &[String]) -> Vec<String> {
        let theatre = &self.kb.theatre;
        let core = |c: &str| c == theatre.country_of_interest || theatre.adversaries.iter().any(|a| a == c);
        // (a story on forces: one that names a formation or a weapon system, or troops in three
        // sentences; not a business story's "deployment" or "jets")
        const TROOPS: &[&str] = &["troops", "soldiers", "servicemen", "personnel", "paratroopers", "marines", "battalions", "brigades", "divisions", "regiments", "units"];
        let force_sentences = ctx
            .sentences
            .iter()
            .filter(|s| {
                ctx.hits_in(**s).iter().any(|(h, m)| {
                    m.iter().any(|m| matches!(m, Meaning::Cue(matcher::Cue::Force))) && TROOPS.iter().any(|t| h.slice(ctx.text).eq_ignore_ascii_case(t))
                })
            })
            .count();
        let military = !ex.units.is_empty() || ex.equipment.iter().any(|e| !e.generic) || force_sentences >= 3;
        // (the theatre's countries named in passing, "Russian-made jets" in a story on Venezuela, leave
        // it elsewhere: they are named less than a third as often as the country named most)
        let mut mentions: Vec<(&str, usize)> = Vec::new();
        for (_, m) in &ctx.hits {
            if let Some(i) = m.iter().find_map(|m| match m {
                Meaning::Demonym(i) | Meaning::CountryName(i) | Meaning::Metonym(i) => Some(*i),
                _ => None,
            }) {
                let code = self.kb.countries[i].code.as_str();
                match mentions.iter_mut().find(|(c, _)| *c == code) {
                    Some((_, n)) => *n += 1,
                    None => mentions.push((code, 1)),
                }
            }
        }
        let core_named: usize = mentions.iter().filter(|(c, _)| core(c)).map(|(_, n)| n).sum();
        let other_top = mentions.iter().filter(|(c, _)| !core(c)).map(|(_, n)| *n).max().unwrap_or(0);
        let elsewhere = military && !named_countries.is_empty() && (core_named == 0 || core_named * 3 < other_top);
        if elsewhere { named_countries.iter().filter(|c| !core(c)).cloned().collect() } else { self.theatre_countries.to_vec() }
    }

    fn resolve_options(&self, blocked: Vec<(usize, usize)>, named_countries: Vec<String>) -> ResolveOptions {
        ResolveOptions { theatre_countries: self.theatre_countries.clone(), blocked, stopwords: self.stopwords.clone(), named_countries, story_countries: Vec::new(), garrisons: Vec::new() }
    }

    /// Resolves a free-text place name ("Oktyabrskoye airfield, Crimea") to a place.
    pub fn resolve_place(&self, name: &str) -> Option<Place> {
        let opts = self.resolve_options(Vec::new(), Vec::new());
        self.gazetteer.resolve_name(name, &opts).map(|e| self.place(e))
    }

    /// Distance in km (0.1 km precision) from a point to `country`'s border, and whether the point
    /// lies inside the country; computed once per point and country.
    fn border_facts(&self, country: &str, lat: f64, lon: f64) -> (Option<f64>, Option<bool>) {
        let compute = || {
            (
                self.borders.distance_to_border_km(country, None, lat, lon).map(|d| (d * 10.0).round() / 10.0),
                self.borders.inside(country, lat, lon),
            )
        };
        // countries are ISO alpha-2 codes; anything else is computed, not cached
        let Ok(code) = <[u8; 2]>::try_from(country.as_bytes()) else { return compute() };
        let key = (lat.to_bits(), lon.to_bits(), code);
        if let Some(v) = self.border_cache.read().ok().and_then(|c| c.get(&key).copied()) {
            return v;
        }
        let v = compute();
        if let Ok(mut c) = self.border_cache.write() {
            c.insert(key, v);
        }
        v
    }

    /// Distance in km (0.1 km precision) from a point to `country`'s border.
    pub fn border_distance_km(&self, country: &str, lat: f64, lon: f64) -> Option<f64> {
        self.border_facts(country, lat, lon).0
    }

    /// The part of the place of gazetteer entry `entry` that lies toward a bearing: its own place
    /// ("region:red-sea#southern", "southern Red Sea"), found or added: for a country 15 % of its
    /// mainland's extent in from that side, for an area half its radius out from the middle. `None` for
    /// a town or a site, or an area too vast to part.
    fn part_toward(&self, ex: &mut Extraction, entry: u32, word: &str, north: f64, east: f64) -> Option<usize> {
        let g = self.gazetteer.entry(entry);
        if !matches!(g.kind, PlaceKind::Country | PlaceKind::AdminRegion | PlaceKind::WaterBody | PlaceKind::Other) || g.radius_km < 150.0 || g.radius_km >= VAST_KM {
            return None;
        }
        let id = format!("{}#{}", g.id, word);
        if let Some(i) = ex.places.iter().position(|p| p.id == id) {
            return Some(i);
        }
        let base = self.place(entry);
        // (a country's part: 15 % of its mainland's box in from that side; an area's: half its
        // radius out from the middle)
        let mainland = (g.kind == PlaceKind::Country).then(|| base.country.as_deref().and_then(|c| self.borders.mainland_box(c))).flatten();
        let (lat, lon) = match mainland {
            Some((south, north_edge, west, east_edge)) => {
                let lat = if north > 0.0 { north_edge - (north_edge - south) * 0.15 } else if north < 0.0 { south + (north_edge - south) * 0.15 } else { base.lat };
                let lon = if east > 0.0 { east_edge - (east_edge - west) * 0.15 } else if east < 0.0 { west + (east_edge - west) * 0.15 } else { base.lon };
                (lat, lon)
            }
            None => {
                let out_km = g.radius_km * 0.5;
                let norm = (north * north + east * east).sqrt();
                (base.lat + out_km * north / norm / 111.0, base.lon + out_km * east / norm / (111.0 * base.lat.to_radians().cos().max(0.2)))
            }
        };
        let (border_km, inside) = self.border_facts(&self.kb.theatre.country_of_interest, lat, lon);
        let part = Place {
            id,
            name: format!("{word} {}", base.name),
            lat,
            lon,
            country: base.country,
            kind: if base.kind == PlaceKind::Country { PlaceKind::AdminRegion } else { base.kind },
            site_kind: None,
            border_km,
            inside_country_of_interest: inside,
            mentions: Vec::new(),
        };
        ex.places.push(part);
        Some(ex.places.len() - 1)
    }

    /// A place record for a gazetteer entry, with its distance to the theatre's border.
    pub fn place(&self, entry: u32) -> Place {
        let g = self.gazetteer.entry(entry);
        let (border_km, inside) =
            if g.kind == PlaceKind::Country { (None, None) } else { self.border_facts(&self.kb.theatre.country_of_interest, g.lat, g.lon) };
        Place {
            id: g.id.to_string(),
            name: g.name.to_string(),
            lat: g.lat,
            lon: g.lon,
            country: g.country.as_deref().map(str::to_string),
            kind: g.kind,
            site_kind: g.site_kind.clone(),
            border_km,
            inside_country_of_interest: inside,
            mentions: Vec::new(),
        }
    }

    fn equipment(&self, ctx: &Ctx) -> Vec<Equipment> {
        let mut out: Vec<Equipment> = Vec::new();
        // knowledge-base index -> position in `out`
        let mut at: rustc_hash::FxHashMap<usize, usize> = Default::default();
        // a mention of the `i`-th entry: to the entry's record, unless one of its mentions overlaps it
        let add = |out: &mut Vec<Equipment>, at: &mut rustc_hash::FxHashMap<usize, usize>, i: usize, span: Span| match at.get(&i).map(|&k| &mut out[k]) {
            Some(x) => {
                if !x.mentions.iter().any(|m| m.start < span.end && span.start < m.end) {
                    x.mentions.push(Mention::from_span(span, ctx.text))
                }
            }
            None => {
                let e = &self.kb.equipment[i];
                at.insert(i, out.len());
                out.push(Equipment {
                    id: format!("equipment:{}", e.id),
                    name: e.name.clone(),
                    category: e.category.clone(),
                    generic: e.generic,
                    nuclear_capable: e.nuclear_capable,
                    mentions: vec![Mention::from_span(span, ctx.text)],
                });
            }
        };
        for (span, meanings) in &ctx.hits {
            for m in meanings.iter() {
                let (i, needs_context) = match m {
                    Meaning::Equipment(i) => (*i, false),
                    Meaning::EquipmentInContext(i) => (*i, true),
                    _ => continue,
                };
                if needs_context {
                    let Some(si) = ctx.sentence_of(span.start) else { continue };
                    let s = ctx.sentences[si];
                    let ok = ctx.hits_in(s).iter().any(|(h, ms)| {
                        h != span && ms.iter().any(|m| matches!(m, Meaning::Cue(matcher::Cue::MilitaryContext)))
                    });
                    if !ok {
                        continue;
                    }
                }
                // inside a formation's or an actor's name ("1st Guards Tank Army"), a longer equipment
                // name ("Javelin anti-tank missile") or a phrase that is not equipment ("think tank")
                let lo = ctx.hits.partition_point(|(h, _)| h.start + 80 < span.start);
                let hi = ctx.hits.partition_point(|(h, _)| h.start <= span.start);
                // (but the generic head noun of a designation is kept too: "T-72B3 tanks" are tanks,
                // "Javelin anti-tank missiles" anti-tank missiles)
                let generic = self.kb.equipment[i].generic;
                let inside_name = ctx.hits[lo..hi].iter().any(|(h, ms)| {
                    h.contains(*span)
                        && h != span
                        && ms.iter().any(|m| match m {
                            Meaning::Equipment(j) => !(generic && !self.kb.equipment[*j].generic && h.end == span.end),
                            Meaning::Formation(_) | Meaning::Actor(_) | Meaning::Cue(matcher::Cue::NotEquipment) => true,
                            _ => false,
                        })
                });
                if inside_name {
                    continue;
                }
                // a bare "launchers" after a system's name is that system's ("Iskander launchers"), no
                // kind of its own
                let bare_launcher = generic && ["launcher", "launchers"].iter().any(|w| span.slice(ctx.text).eq_ignore_ascii_case(w));
                if bare_launcher
                    && ctx.hits[lo..hi].iter().any(|(h, ms)| {
                        // (after the name, or the end of a name that holds it: "Iskander-M launchers")
                        (h.end + 1 == span.start || h.start < span.start && h.end == span.end)
                            && ms.iter().any(|m| matches!(m, Meaning::Equipment(j) | Meaning::EquipmentInContext(j) if !self.kb.equipment[*j].generic))
                    })
                {
                    continue;
                }
                add(&mut out, &mut at, i, *span);
                break;
            }
        }
        // the word after a designation that names its kind ("Su-35S fighters", "Su-24 and Su-30 jets")
        let mut named: Vec<(usize, Span)> = Vec::new();
        for e in out.iter().filter(|e| !e.generic) {
            for m in &e.mentions {
                let rest = &ctx.text[m.end..];
                let Some(rest) = rest.strip_prefix(' ') else { continue };
                let word_len = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
                let word = &rest[..word_len];
                let Some(&i) = self.designation_heads.get(word) else { continue };
                let start = m.end + 1;
                named.push((i, Span::new(start, start + word_len)));
            }
        }
        for (i, span) in named {
            add(&mut out, &mut at, i, span);
        }
        out
    }
}

/// The extent (km) from which a named area is too vast to place forces in ("Europe", "the Middle East").
const VAST_KM: f64 = 1600.0;

/// Ships listed by name with the article, as English writes a ship's name and not a town's, in a
/// sentence that speaks of vessels or follows one that does ("Three of them, the Korolev, the Minsk
/// and the Kaliningrad, belong to the Baltic Fleet"; "the Korolev, Minsk and Kaliningrad"): three names
/// at least, each "the" (or the first only, or a dash or colon before the first: "landing ships - Korolev,
/// Minsk and Kaliningrad -") and capitalised words, joined by commas or "and", with one comma at least.
fn listed_ship_names(ctx: &Ctx) -> Vec<(usize, usize)> {
    let (text, kb) = (ctx.text, ctx.kb);
    let vessel_in = |s: Span| {
        ctx.hits_in(s).iter().any(|(_, m)| {
            m.iter().any(|m| match m {
                Meaning::Equipment(i) => matches!(kb.equipment[*i].category.as_str(), "warship" | "landing_ship" | "submarine"),
                Meaning::Cue(matcher::Cue::Counted(k)) => k == "ships",
                _ => false,
            })
        })
    };
    let mut out = Vec::new();
    for (si, s) in ctx.sentences.iter().enumerate() {
        let body = s.slice(text);
        let lead_word = ["the ", "The ", " - ", " – ", " — ", ": "].iter().any(|w| body.contains(w));
        if !lead_word || !(vessel_in(*s) || si > 0 && vessel_in(ctx.sentences[si - 1])) {
            continue;
        }
        // each "the" + capitalised words, with what ends it
        let mut items: Vec<(usize, usize, bool)> = Vec::new(); // (start, end, joined to the next)
        let mut articles: Vec<usize> = memchr::memmem::find_iter(body.as_bytes(), b"the ").collect();
        articles.extend(memchr::memmem::find_iter(body.as_bytes(), b"The "));
        articles.sort_unstable();
        // (or after a dash or a colon: "landing ships of the Baltic Fleet - Korolev, Minsk and
        // Kaliningrad - passed")
        let mut leads: Vec<(usize, usize)> = articles.iter().map(|&at| (at, 4)).collect();
        for d in [" - ", " – ", " — ", ": "] {
            leads.extend(memchr::memmem::find_iter(body.as_bytes(), d.as_bytes()).map(|at| (at, d.len())));
        }
        leads.sort_unstable();
        for (at, skip) in leads {
            let article = skip == 4 && body[at..].starts_with(['t', 'T']);
            if article && at > 0 && body.as_bytes()[at - 1].is_ascii_alphanumeric() {
                continue;
            }
            let name_start = at + skip;
            let end = name_start + capitalised_words(&body[name_start..]);
            if end == name_start {
                continue;
            }
            let after = &body[end..];
            let joined = article && (after.starts_with(", the ") || after.starts_with(" and the "));
            if article {
                items.push((s.start + name_start, s.start + end, joined));
            }
            // (or one article for the whole list: "the Korolev, Minsk and Kaliningrad")
            if !joined {
                let mut names = vec![(s.start + name_start, s.start + end)];
                let (mut at, mut comma) = (end, false);
                loop {
                    let rest = &body[at..];
                    let gap = [", and ", ", ", " and "].into_iter().find(|g| rest.starts_with(g));
                    let Some(gap) = gap else { break };
                    let name = capitalised_words(&rest[gap.len()..]);
                    if name == 0 || rest[gap.len()..].starts_with("The ") {
                        break;
                    }
                    comma |= gap.starts_with(',');
                    names.push((s.start + at + gap.len(), s.start + at + gap.len() + name));
                    at += gap.len() + name;
                    if gap != ", " {
                        break;
                    }
                }
                if names.len() >= 3 && comma {
                    out.extend(names);
                }
            }
        }
        // runs of two or more joined items
        let mut k = 0;
        while k < items.len() {
            let mut j = k;
            // (the next item right after the joining words)
            while j + 1 < items.len() && items[j].2 && [", the ", " and the "].iter().any(|g| items[j].1 + g.len() == items[j + 1].0 && text[items[j].1..].starts_with(g)) {
                j += 1;
            }
            // (with a comma between two of them: "between the Baltic and the Black Sea" is two seas)
            let comma = (k..j).any(|i| text[items[i].1..].starts_with(", the "));
            // (three at least: "in the Union Banks, the Philippine Navy said" is a place and a speaker)
            if j >= k + 2 && comma {
                out.extend(items[k..=j].iter().map(|&(a, b, _)| (a, b)));
            }
            k = j + 1;
        }
    }
    out
}

/// Where a ship's name that follows its kind or prefix ends in `rest` (0 for none): one space, then up
/// to four capitalised words (a name may hold initials: "Gerald R. Ford"), as far as the last of them;
/// the group a ship leads is no part of its name ("USS Nimitz Carrier Strike Group").
pub(crate) fn ship_name_end(rest: &str) -> usize {
    const GROUP_WORDS: &[&str] = &["Carrier", "Strike", "Group", "Amphibious", "Ready", "Task", "Force", "Expeditionary", "Battle"];
    if !rest.starts_with(' ') || rest.starts_with("  ") {
        return 0;
    }
    let mut end = 0;
    let mut at = 1;
    for w in rest[1..].split_inclusive(' ').take(4) {
        let word = w.trim_end().trim_end_matches([',', ';', ':', ')', '\'', '’', '"', '”']);
        let word = if word.len() > 2 { word.trim_end_matches('.') } else { word };
        let initial = word.len() == 2 && word.ends_with('.') && word.starts_with(|c: char| c.is_ascii_uppercase());
        if word.is_empty() || !(word.starts_with(|c: char| c.is_uppercase()) || initial) || word.eq_ignore_ascii_case("and") || GROUP_WORDS.contains(&word) {
            break;
        }
        end = at + word.len();
        if w.trim_end().len() != word.len() || !w.ends_with(' ') {
            break;
        }
        at += w.len();
    }
    end
}

/// The length of the capitalised words (letters and hyphens) `s` starts with, one space apart.
fn capitalised_words(s: &str) -> usize {
    let mut end = 0;
    for w in s.split_inclusive(' ') {
        let word = w.trim_end().trim_end_matches([',', '.', ';']);
        if !word.chars().next().is_some_and(char::is_uppercase) || !word.chars().all(|c| c.is_alphabetic() || c == '-') {
            break;
        }
        end += word.len();
        if w.trim_end().len() != word.len() || !w.ends_with(' ') {
            break;
        }
        end += w.len() - word.len();
    }
    s[..end].trim_end().len()
}

/// The names of ships written after their kind or prefix ("the landing ships Korolev and Minsk", "the
/// frigate Admiral Makarov", "BRP Cape San Agustin"), which are no places though they share towns' names.
fn ship_names(ctx: &Ctx) -> Vec<(usize, usize)> {
    let (text, kb) = (ctx.text, ctx.kb);
    let mut out = Vec::new();
    for (h, m) in &ctx.hits {
        let vessel = m.iter().any(|m| match m {
            Meaning::Equipment(i) => matches!(kb.equipment[*i].category.as_str(), "warship" | "landing_ship" | "submarine"),
            Meaning::Cue(matcher::Cue::Counted(k)) => k == "ships",
            Meaning::Cue(matcher::Cue::ShipPrefix) => true,
            _ => false,
        });
        if !vessel {
            continue;
        }
        // capitalised words right after, and after "and" or a comma between names
        let mut at = h.end;
        loop {
            let end = ship_name_end(&text[at..]);
            if end == 0 {
                break;
            }
            out.push((at + 1, at + end));
            at += end;
            let after = &text[at..];
            if let Some(r) = after.strip_prefix(" and").or_else(|| after.strip_prefix(",")) {
                at += after.len() - r.len();
                continue;
            }
            break;
        }
    }
    out
}

