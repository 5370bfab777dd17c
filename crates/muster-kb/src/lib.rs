//! The knowledge base: reviewed data files under `data/kb/` and `data/sites/`, compiled into the
//! binary and parsed at start. Every entry names its public source; [`KnowledgeBase::validate`] checks
//! the files (run by the tests). Nothing here matches text: that is `muster-extract`'s job.

use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Valid equipment categories (the contract's list).
pub const EQUIPMENT_CATEGORIES: &[&str] = &[
    "main_battle_tank", "infantry_fighting_vehicle", "armoured_personnel_carrier", "armoured_vehicle",
    "self_propelled_artillery", "towed_artillery", "artillery", "multiple_rocket_launcher", "ballistic_missile",
    "cruise_missile", "surface_to_air_missile", "anti_tank_missile", "manpads", "fighter", "bomber",
    "attack_aircraft", "helicopter", "transport_aircraft", "surveillance_aircraft", "drone", "warship",
    "landing_ship", "submarine", "truck", "engineering", "medical", "other",
];
/// Valid actor roles (the contract's list).
pub const ACTOR_ROLES: &[&str] = &[
    "head_of_state", "official", "military", "intelligence", "diplomat", "ministry", "media", "analyst",
    "company", "unknown",
];
/// Valid indicator types (the contract's list).
pub const INDICATOR_TYPES: &[&str] = &[
    "citizens_told_to_leave", "embassy_drawdown", "diplomatic_staff_reduction", "field_hospital",
    "blood_supplies", "night_movement", "amphibious_build_up", "sea_area_closure", "airspace_closure",
    "cyberattack", "pretext_narrative", "false_flag_warning", "reserve_mobilisation", "high_readiness",
    "exercise", "nuclear_signalling", "other",
];
/// Valid military site kinds.
pub const SITE_KINDS: &[&str] =
    &["airfield", "training_ground", "railway_yard", "garrison", "port", "bridge", "camp", "base"];
const ORG_CODES: &[&str] = &["NATO", "EU", "UN", "OSCE"];

/// A specific equipment type (`T-80U`) or a generic term (`tank`).
#[derive(Debug, Clone, Deserialize)]
pub struct EquipmentEntry {
    pub id: String,
    pub name: String,
    pub category: String,
    #[serde(default)]
    pub nuclear_capable: bool,
    #[serde(default)]
    pub operators: Vec<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Aliases that are ordinary words ("Tornado"): accepted only beside a military word.
    #[serde(default)]
    pub context_aliases: Vec<String>,
    #[serde(default)]
    pub source: String,
    /// Filled in at load: true for `[[generic]]` entries.
    #[serde(skip)]
    pub generic: bool,
    /// False for logistics that place forces but are no equipment type an analyst tracks (flatcars,
    /// tents, ammunition): their mentions make observations, and they are left out of the document's
    /// equipment and of its observations' equipment lists.
    #[serde(default = "reported_by_default")]
    pub reported: bool,
}

fn reported_by_default() -> bool {
    true
}

/// A named formation with its echelon and home garrison.
#[derive(Debug, Clone, Deserialize)]
pub struct FormationEntry {
    pub id: String,
    pub name: String,
    pub country: String,
    #[serde(default)]
    pub echelon: String,
    #[serde(default)]
    pub branch: String,
    #[serde(default)]
    pub parent: String,
    #[serde(default)]
    pub garrison: String,
    pub garrison_lat: Option<f64>,
    pub garrison_lon: Option<f64>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub source: String,
}

/// A person or an institution that makes claims.
#[derive(Debug, Clone, Deserialize)]
pub struct ActorEntry {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub country: Option<String>,
    pub role: String,
    #[serde(default)]
    pub title: String,
    /// Aliases usable only after the full name appeared in the same document.
    #[serde(default)]
    pub ambiguous: bool,
    #[serde(default)]
    pub source: String,
    /// Filled in at load: true for `[[person]]` entries.
    #[serde(skip)]
    pub person: bool,
}

/// A country with its names, demonyms and the metonyms that stand for its government.
#[derive(Debug, Clone, Deserialize)]
pub struct CountryEntry {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub demonyms: Vec<String>,
    #[serde(default)]
    pub capital: String,
    #[serde(default)]
    pub capital_aliases: Vec<String>,
    #[serde(default)]
    pub government_metonyms: Vec<String>,
    /// Names that stand for the country only in a story that also names it otherwise ("the North" for
    /// North Korea in a story about the Koreas).
    #[serde(default)]
    pub context_aliases: Vec<String>,
    #[serde(default)]
    pub source: String,
}

/// A military site: airfield, training ground, railway yard...
#[derive(Debug, Clone, Deserialize)]
pub struct SiteEntry {
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub country: String,
    pub controlled_by: Option<String>,
    pub lat: f64,
    pub lon: f64,
    #[serde(default)]
    pub near: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub source: String,
}

/// A warning indicator with the phrases that signal it.
#[derive(Debug, Clone, Deserialize)]
pub struct IndicatorEntry {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub description: String,
    pub triggers: Vec<String>,
    /// When not empty, the sentence must also contain one of these words.
    #[serde(default)]
    pub requires_any: Vec<String>,
    /// The sentence must contain none of these.
    #[serde(default)]
    pub excludes_any: Vec<String>,
    /// When the acting country is one of the theatre's adversaries, report this type instead.
    pub adversary_type: Option<String>,
    #[serde(default)]
    pub source: String,
}

/// Word lists that drive the rules: verbs of speech, activity cues, counted nouns and the like.
/// Kept as data so that a reviewer can read and extend them without reading code.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Lexicon {
    /// Verbs that attribute speech ("said", "told", "warned").
    pub speech_verbs: Vec<String>,
    /// Phrases that introduce a source ("according to").
    pub attribution_phrases: Vec<String>,
    /// Nouns that name a speaking role after a demonym ("officials", "intelligence").
    pub role_nouns: HashMap<String, Vec<String>>,
    /// What a number counts: counted kind -> nouns.
    pub counted_nouns: HashMap<String, Vec<String>>,
    /// Words before a number: qualifier -> phrases.
    pub qualifiers: HashMap<String, Vec<String>>,
    /// Activity -> cue words and phrases.
    pub activities: HashMap<String, Vec<String>>,
    /// Source kind -> cue words.
    pub source_kinds: HashMap<String, Vec<String>>,
    /// Words that signal military forces in a sentence (besides equipment and units).
    pub force_nouns: Vec<String>,
    /// Words before a place that make it an origin ("from").
    pub origin_cues: Vec<String>,
    /// Words before a place that make it a destination ("back to their bases in").
    pub destination_cues: Vec<String>,
    /// Words before a country that make it a reference point, not a location ("near", "towards").
    pub reference_cues: Vec<String>,
    /// Words before a place that make it a venue of talk, not a force location ("press conference in").
    #[serde(default)]
    pub venue_cues: Vec<String>,
    /// Claim topic -> cue phrases.
    pub claim_topics: HashMap<String, Vec<String>>,
    /// Cues that turn a statement into a denial.
    pub denial_cues: Vec<String>,
    /// Cues after a figure saying the text itself takes it for a slip ("a stray zero", "a misprint").
    #[serde(default)]
    pub doubt_cues: Vec<String>,
    /// Population words that, after a comparative, make a figure impossible ("more than the entire
    /// adult population").
    #[serde(default)]
    pub population_cues: Vec<String>,
    /// Words that look like places in some gazetteer but are not places in this prose.
    pub not_places: Vec<String>,
    /// Prefixes written before ships' names ("USS", "BRP"), with the country of the navy each names
    /// ("USS" -> "US"): the name after one is no place, and the ship a unit of that country.
    #[serde(default)]
    pub ship_prefixes: HashMap<String, String>,
    /// Words that after a designation name its kind ("Su-35S fighters", "F-16 jets"), though alone they
    /// are ambiguous ("fighters" are often militants): word -> id of the generic entry they name.
    #[serde(default)]
    pub designation_heads: HashMap<String, String>,
    /// Phrases that contain an equipment word but are not equipment ("think tank", "suicide bomber").
    #[serde(default)]
    pub not_equipment: Vec<String>,
    /// Idioms that contain an activity word but report no activity ("playing with fire").
    #[serde(default)]
    pub not_activity: Vec<String>,
    /// Words that mark a military context for `context_aliases`.
    pub military_context: Vec<String>,
}

/// The theatre a run is about: which country's border matters and who the adversaries are.
#[derive(Debug, Clone, Deserialize)]
pub struct Theatre {
    pub name: String,
    /// ISO alpha-2 of the country of interest (distances are measured to its border).
    pub country_of_interest: String,
    /// `de_facto` or `de_jure`.
    pub border_frame: String,
    /// Countries whose places win ambiguity (besides the country of interest).
    pub countries: Vec<String>,
    /// Forces whose build-up is watched.
    pub adversaries: Vec<String>,
    #[serde(default)]
    pub description: String,
}

/// Everything the extractor knows, loaded and checked.
#[derive(Debug, Clone)]
pub struct KnowledgeBase {
    pub equipment: Vec<EquipmentEntry>,
    pub formations: Vec<FormationEntry>,
    pub actors: Vec<ActorEntry>,
    pub countries: Vec<CountryEntry>,
    pub sites: Vec<SiteEntry>,
    pub indicators: Vec<IndicatorEntry>,
    pub lexicon: Lexicon,
    pub theatre: Theatre,
    /// A short fingerprint of the loaded files, stored with every extraction run.
    pub version: String,
}

/// A data file that could not be read or parsed.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    #[error("{file}: {message}")]
    Parse { file: String, message: String },
    #[error("{file}: {source}")]
    Io { file: String, source: std::io::Error },
}

#[derive(Deserialize)]
struct EquipmentFile {
    #[serde(default)]
    equipment: Vec<EquipmentEntry>,
    #[serde(default)]
    generic: Vec<EquipmentEntry>,
}
#[derive(Deserialize)]
struct FormationFile {
    #[serde(default)]
    formation: Vec<FormationEntry>,
}
#[derive(Deserialize)]
struct ActorFile {
    #[serde(default)]
    person: Vec<ActorEntry>,
    #[serde(default)]
    institution: Vec<ActorEntry>,
}
#[derive(Deserialize)]
struct CountryFile {
    #[serde(default)]
    country: Vec<CountryEntry>,
}
#[derive(Deserialize)]
struct SiteFile {
    #[serde(default)]
    site: Vec<SiteEntry>,
}
#[derive(Deserialize)]
struct IndicatorFile {
    #[serde(default)]
    indicator: Vec<IndicatorEntry>,
}

/// The bundled data files, by name, as compiled into the binary.
pub const BUNDLED: &[(&str, &str)] = &[
    ("kb/equipment.toml", include_str!("../../../data/kb/equipment.toml")),
    ("kb/formations.toml", include_str!("../../../data/kb/formations.toml")),
    ("kb/actors.toml", include_str!("../../../data/kb/actors.toml")),
    ("kb/countries.toml", include_str!("../../../data/kb/countries.toml")),
    ("kb/indicators.toml", include_str!("../../../data/kb/indicators.toml")),
    ("kb/lexicon.toml", include_str!("../../../data/kb/lexicon.toml")),
    ("sites/military_sites.toml", include_str!("../../../data/sites/military_sites.toml")),
];

/// The bundled default theatre (Russia–Ukraine, 2021–22).
pub const DEFAULT_THEATRE: &str = include_str!("../../../config/theatres/ukraine-2021.toml");

fn parse<T: for<'de> Deserialize<'de>>(file: &str, text: &str) -> Result<T, KbError> {
    toml::from_str(text).map_err(|e| KbError::Parse { file: file.to_string(), message: e.to_string() })
}

impl KnowledgeBase {
    /// The knowledge base compiled into the binary, with the default theatre.
    pub fn bundled() -> Result<KnowledgeBase, KbError> {
        let theatre = parse("config/theatres/ukraine-2021.toml", DEFAULT_THEATRE)?;
        Self::from_sources(BUNDLED.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect(), theatre)
    }

    /// Loads a theatre config file (TOML).
    pub fn load_theatre(path: &Path) -> Result<Theatre, KbError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| KbError::Io { file: path.display().to_string(), source })?;
        parse(&path.display().to_string(), &text)
    }

    /// Builds a knowledge base from (file name, contents) pairs named as in [`BUNDLED`].
    pub fn from_sources(files: Vec<(String, String)>, theatre: Theatre) -> Result<KnowledgeBase, KbError> {
        let get = |name: &str| -> &str {
            files.iter().find(|(n, _)| n == name).map(|(_, t)| t.as_str()).unwrap_or("")
        };
        let eq: EquipmentFile = parse("kb/equipment.toml", get("kb/equipment.toml"))?;
        let mut equipment = eq.equipment;
        equipment.extend(eq.generic.into_iter().map(|mut g| {
            g.generic = true;
            g
        }));
        let fm: FormationFile = parse("kb/formations.toml", get("kb/formations.toml"))?;
        let ac: ActorFile = parse("kb/actors.toml", get("kb/actors.toml"))?;
        let mut actors: Vec<ActorEntry> = ac
            .person
            .into_iter()
            .map(|mut p| {
                p.person = true;
                p
            })
            .collect();
        actors.extend(ac.institution);
        let co: CountryFile = parse("kb/countries.toml", get("kb/countries.toml"))?;
        let si: SiteFile = parse("sites/military_sites.toml", get("sites/military_sites.toml"))?;
        let ind: IndicatorFile = parse("kb/indicators.toml", get("kb/indicators.toml"))?;
        let lexicon: Lexicon = parse("kb/lexicon.toml", get("kb/lexicon.toml"))?;
        let version = fingerprint(files.iter().map(|(_, t)| t.as_str()));
        Ok(KnowledgeBase {
            equipment,
            formations: fm.formation,
            actors,
            countries: co.country,
            sites: si.site,
            indicators: ind.indicator,
            lexicon,
            theatre,
            version,
        })
    }

    /// Checks every entry; returns one line per problem (empty when all is well).
    pub fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut ids = HashSet::new();
        for e in &self.equipment {
            if !ids.insert(e.id.clone()) {
                problems.push(format!("equipment: duplicate id {}", e.id));
            }
            if !EQUIPMENT_CATEGORIES.contains(&e.category.as_str()) {
                problems.push(format!("equipment {}: unknown category {}", e.id, e.category));
            }
            if e.aliases.is_empty() && e.context_aliases.is_empty() {
                problems.push(format!("equipment {}: no aliases", e.id));
            }
            if !e.generic && e.source.trim().is_empty() {
                problems.push(format!("equipment {}: no source", e.id));
            }
            // the name is the designation as reporters write it: "J-16", not "Shenyang J-16"; "F-35",
            // not "F-35 Lightning II" (the longer forms are aliases)
            if let Some(a) = e.aliases.iter().find(|a| *a != &e.name && designation_inside(&e.name, a)) {
                problems.push(format!("equipment {}: name {:?} holds the designation {a:?}: name it so", e.id, e.name));
            }
        }
        for (word, id) in &self.lexicon.designation_heads {
            if !self.equipment.iter().any(|e| e.generic && &e.id == id) {
                problems.push(format!("lexicon designation_heads: {word:?} names no generic entry {id:?}"));
            }
        }
        let mut ids = HashSet::new();
        for f in &self.formations {
            if !ids.insert(f.id.clone()) {
                problems.push(format!("formation: duplicate id {}", f.id));
            }
            if f.source.trim().is_empty() {
                problems.push(format!("formation {}: no source", f.id));
            }
            if !is_country_or_org(&f.country) {
                problems.push(format!("formation {}: bad country {}", f.id, f.country));
            }
            if let (Some(la), Some(lo)) = (f.garrison_lat, f.garrison_lon) {
                if !(-90.0..=90.0).contains(&la) || !(-180.0..=180.0).contains(&lo) {
                    problems.push(format!("formation {}: garrison coordinates out of range", f.id));
                }
            }
        }
        for a in &self.actors {
            if !ACTOR_ROLES.contains(&a.role.as_str()) {
                problems.push(format!("actor {}: unknown role {}", a.name, a.role));
            }
            if let Some(c) = &a.country {
                if !is_country_or_org(c) {
                    problems.push(format!("actor {}: bad country {}", a.name, c));
                }
            }
            if a.source.trim().is_empty() {
                problems.push(format!("actor {}: no source", a.name));
            }
        }
        let mut codes = HashSet::new();
        for c in &self.countries {
            if !codes.insert(c.code.clone()) || !is_country_or_org(&c.code) {
                problems.push(format!("country {}: duplicate or bad code", c.code));
            }
        }
        let mut slugs = HashSet::new();
        for s in &self.sites {
            if !slugs.insert(s.slug.clone()) {
                problems.push(format!("site: duplicate slug {}", s.slug));
            }
            if !SITE_KINDS.contains(&s.kind.as_str()) {
                problems.push(format!("site {}: unknown kind {}", s.slug, s.kind));
            }
            if !(-90.0..=90.0).contains(&s.lat) || !(-180.0..=180.0).contains(&s.lon) {
                problems.push(format!("site {}: coordinates out of range", s.slug));
            }
            if s.source.trim().is_empty() {
                problems.push(format!("site {}: no source", s.slug));
            }
        }
        for i in &self.indicators {
            if !INDICATOR_TYPES.contains(&i.kind.as_str()) {
                problems.push(format!("indicator: unknown type {}", i.kind));
            }
            if let Some(t) = &i.adversary_type {
                if !INDICATOR_TYPES.contains(&t.as_str()) {
                    problems.push(format!("indicator {}: unknown adversary_type {}", i.kind, t));
                }
            }
            if i.triggers.is_empty() {
                problems.push(format!("indicator {}: no triggers", i.kind));
            }
            if i.source.trim().is_empty() {
                problems.push(format!("indicator {}: no source", i.kind));
            }
        }
        // a trigger names one warning sign: the same words under two types would count twice
        let mut trigger_type: HashMap<String, &str> = HashMap::new();
        for i in &self.indicators {
            for t in &i.triggers {
                match trigger_type.insert(t.to_lowercase(), i.kind.as_str()) {
                    Some(other) if other != i.kind => problems.push(format!("indicator trigger \"{t}\" is under both {other} and {}", i.kind)),
                    _ => {}
                }
            }
        }
        if !matches!(self.theatre.border_frame.as_str(), "de_facto" | "de_jure") {
            problems.push(format!("theatre: border_frame must be de_facto or de_jure, not {}", self.theatre.border_frame));
        }
        problems
    }

    /// The country entry for an ISO code.
    pub fn country(&self, code: &str) -> Option<&CountryEntry> {
        self.countries.iter().find(|c| c.code == code)
    }
}

fn is_country_or_org(c: &str) -> bool {
    ORG_CODES.contains(&c) || (c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
}

/// FNV-1a over the files' contents: a stable, dependency-free fingerprint.
fn fingerprint<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for t in texts {
        for b in t.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("kb-{:016x}", h)
}

/// Whether a short designation ("J-16": three letters and digits or fewer) stands as a word of a
/// longer name ("Shenyang J-16", "F-16 Fighting Falcon", "Mil Mi-8/Mi-17").
fn designation_inside(name: &str, alias: &str) -> bool {
    let short = alias.chars().filter(|c| c.is_alphanumeric()).count() <= 3;
    short
        && name.len() > alias.len()
        && name.match_indices(alias).any(|(at, _)| {
            let before = name[..at].chars().next_back();
            let after = name[at + alias.len()..].chars().next();
            before.is_none_or(|c| matches!(c, ' ' | '/' | '(')) && after.is_none_or(|c| matches!(c, ' ' | '/' | ')'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_knowledge_base_is_valid() {
        let kb = KnowledgeBase::bundled().expect("bundled files parse");
        let problems = kb.validate();
        assert!(problems.is_empty(), "problems:\n{}", problems.join("\n"));
        assert!(kb.sites.len() >= 60, "at least 60 military sites, found {}", kb.sites.len());
        assert!(kb.equipment.iter().filter(|e| !e.generic).count() >= 100);
        assert!(kb.formations.len() >= 50);
    }

    #[test]
    fn a_designation_inside_a_longer_name_is_found() {
        assert!(designation_inside("Shenyang J-16", "J-16"));
        assert!(designation_inside("F-16 Fighting Falcon", "F-16"));
        assert!(designation_inside("Mil Mi-8/Mi-17", "Mi-8"));
        assert!(!designation_inside("J-16", "J-16"));
        assert!(!designation_inside("Su-30SM", "Su-30"));
        assert!(!designation_inside("9K720 Iskander-M", "9K720 Iskander"));
    }

    #[test]
    fn a_bad_file_names_itself() {
        let theatre: Theatre = toml::from_str(DEFAULT_THEATRE).unwrap();
        let err = KnowledgeBase::from_sources(vec![("kb/equipment.toml".into(), "[[equipment]]\nid = 3".into())], theatre)
            .unwrap_err();
        assert!(err.to_string().starts_with("kb/equipment.toml:"), "{err}");
    }
}
