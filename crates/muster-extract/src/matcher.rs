//! One Aho–Corasick automaton over every phrase the knowledge base and the lexicon know; one pass
//! over a document yields all hits, each with every meaning its phrase has.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind, StartKind};
use muster_kb::KnowledgeBase;
use std::collections::HashMap;

/// A cue class from the lexicon.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Cue {
    Speech,
    Attribution,
    RoleNoun(String),
    Counted(String),
    Qualifier(String),
    Activity(String),
    SourceKind(String),
    Force,
    Origin,
    Destination,
    Reference,
    Venue,
    ClaimTopic(String),
    Denial,
    MilitaryContext,
    NotEquipment,
}

/// What a matched phrase means. One phrase can mean several things ("field hospital": equipment and
/// indicator).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Meaning {
    Equipment(usize),
    /// An equipment alias that is an ordinary word: needs a military word nearby.
    EquipmentInContext(usize),
    Formation(usize),
    Actor(usize),
    CountryName(usize),
    Demonym(usize),
    /// A capital or seat standing for a government ("Washington", "the Kremlin").
    Metonym(usize),
    Indicator(usize),
    Cue(Cue),
}

/// A hit: byte range and the meanings of the phrase found there.
#[derive(Debug, Clone)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub pattern: usize,
}

/// The compiled phrase matcher.
pub struct PhraseMatcher {
    ac: AhoCorasick,
    meanings: Vec<Vec<Meaning>>,
    /// Acronyms ("CIT", "AP") must match in exactly this case.
    exact_case: Vec<Option<String>>,
}

impl PhraseMatcher {
    pub fn new(kb: &KnowledgeBase) -> PhraseMatcher {
        let mut table: HashMap<String, Vec<Meaning>> = HashMap::new();
        let mut exact: HashMap<String, String> = HashMap::new();
        let mut add = |phrase: &str, m: Meaning, table: &mut HashMap<String, Vec<Meaning>>| {
            let phrase = phrase.trim();
            if phrase.len() < 2 {
                return;
            }
            for variant in apostrophe_variants(phrase) {
                let key = variant.to_ascii_lowercase();
                let acronym = variant.len() <= 5 && variant.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase())
                    && variant.chars().any(|c| c.is_alphabetic());
                if acronym {
                    exact.insert(key.clone(), variant.clone());
                }
                let v = table.entry(key).or_default();
                if !v.contains(&m) {
                    v.push(m.clone());
                }
            }
        };
        for (i, e) in kb.equipment.iter().enumerate() {
            for a in e.aliases.iter().chain([&e.name]) {
                add(a, Meaning::Equipment(i), &mut table);
                if !e.generic && a.chars().last().is_some_and(|c| c.is_alphanumeric()) {
                    add(&format!("{a}s"), Meaning::Equipment(i), &mut table);
                }
            }
            for a in &e.context_aliases {
                add(a, Meaning::EquipmentInContext(i), &mut table);
                add(&format!("{a}s"), Meaning::EquipmentInContext(i), &mut table);
            }
        }
        for (i, f) in kb.formations.iter().enumerate() {
            for a in f.aliases.iter().chain([&f.name]) {
                add(a, Meaning::Formation(i), &mut table);
            }
        }
        for (i, a) in kb.actors.iter().enumerate() {
            for n in a.aliases.iter().chain([&a.name]) {
                add(n, Meaning::Actor(i), &mut table);
            }
        }
        for (i, c) in kb.countries.iter().enumerate() {
            for n in c.aliases.iter().chain([&c.name]) {
                add(n, Meaning::CountryName(i), &mut table);
            }
            for n in &c.demonyms {
                add(n, Meaning::Demonym(i), &mut table);
            }
            for n in &c.government_metonyms {
                add(n, Meaning::Metonym(i), &mut table);
            }
        }
        for (i, ind) in kb.indicators.iter().enumerate() {
            for t in &ind.triggers {
                add(t, Meaning::Indicator(i), &mut table);
            }
        }
        let lx = &kb.lexicon;
        let cue_lists: Vec<(&Vec<String>, Cue)> = vec![
            (&lx.speech_verbs, Cue::Speech),
            (&lx.attribution_phrases, Cue::Attribution),
            (&lx.force_nouns, Cue::Force),
            (&lx.origin_cues, Cue::Origin),
            (&lx.destination_cues, Cue::Destination),
            (&lx.reference_cues, Cue::Reference),
            (&lx.venue_cues, Cue::Venue),
            (&lx.denial_cues, Cue::Denial),
            (&lx.military_context, Cue::MilitaryContext),
            (&lx.not_equipment, Cue::NotEquipment),
        ];
        for (list, cue) in cue_lists {
            for p in list {
                add(p, Meaning::Cue(cue.clone()), &mut table);
            }
        }
        let maps: Vec<(&HashMap<String, Vec<String>>, fn(String) -> Cue)> = vec![
            (&lx.role_nouns, Cue::RoleNoun),
            (&lx.counted_nouns, Cue::Counted),
            (&lx.qualifiers, Cue::Qualifier),
            (&lx.activities, Cue::Activity),
            (&lx.source_kinds, Cue::SourceKind),
            (&lx.claim_topics, Cue::ClaimTopic),
        ];
        for (map, make) in maps {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            for k in keys {
                for p in &map[k] {
                    add(p, Meaning::Cue(make(k.clone())), &mut table);
                }
            }
        }
        let mut patterns: Vec<(String, Vec<Meaning>)> = table.into_iter().collect();
        patterns.sort_by(|a, b| a.0.cmp(&b.0));
        let exact_case = patterns.iter().map(|(k, _)| exact.get(k).cloned()).collect();
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(false)
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .build(patterns.iter().map(|(k, _)| k.as_str()))
            .expect("phrase automaton builds");
        PhraseMatcher { ac, meanings: patterns.into_iter().map(|(_, m)| m).collect(), exact_case }
    }

    /// Every whole-word hit in `text`, in order.
    ///
    /// Leftmost-longest matching keeps the longest phrase at a position; shorter phrases that overlap a
    /// longer one are found again by scanning inside multi-word hits, so that "Russian" inside
    /// "Russian Defence Ministry" is still seen as a demonym when needed.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        // patterns are lower case; ASCII lower-casing keeps every byte offset
        let lower = text.to_ascii_lowercase();
        let boundary_before = |s: usize| s == 0 || !is_word_byte(bytes[s - 1]) || !is_word_byte(bytes[s]);
        let boundary_after = |e: usize| e >= bytes.len() || !is_word_byte(bytes[e]) || !is_word_byte(bytes[e - 1]);
        for m in self.ac.find_overlapping_iter_safe(&lower) {
            let (s, e) = (m.0, m.1);
            if !boundary_before(s) || !boundary_after(e) {
                continue;
            }
            if let Some(exact) = &self.exact_case[m.2] {
                if &text[s..e] != exact {
                    continue;
                }
            }
            out.push(Hit { start: s, end: e, pattern: m.2 });
        }
        out
    }

    pub fn meanings(&self, hit: &Hit) -> &[Meaning] {
        &self.meanings[hit.pattern]
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

fn apostrophe_variants(p: &str) -> Vec<String> {
    if p.contains('\'') {
        vec![p.to_string(), p.replace('\'', "’")]
    } else if p.contains('’') {
        vec![p.to_string(), p.replace('’', "'")]
    } else {
        vec![p.to_string()]
    }
}

trait OverlappingSafe {
    fn find_overlapping_iter_safe(&self, text: &str) -> Vec<(usize, usize, usize)>;
}

impl OverlappingSafe for AhoCorasick {
    /// Leftmost-longest hits, then a second look inside each hit for the shorter phrases it covers.
    fn find_overlapping_iter_safe(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut pos = 0;
        let bytes = text.as_bytes();
        while pos < text.len() {
            let input = aho_corasick::Input::new(text).range(pos..);
            let Some(m) = self.find(input) else { break };
            let (s, e) = (m.start(), m.end());
            let whole = (s == 0 || !is_word_byte(bytes[s - 1]) || !is_word_byte(bytes[s]))
                && (e >= bytes.len() || !is_word_byte(bytes[e]) || !is_word_byte(bytes[e - 1]));
            if whole {
                out.push((s, e, m.pattern().as_usize()));
                // shorter phrases inside a multi-word hit, starting at each inner word
                if text[s..e].contains(' ') {
                    let mut inner = s;
                    while inner < e {
                        let stop = if inner == s { e - 1 } else { e };
                        let input = aho_corasick::Input::new(text).range(inner..stop).anchored(aho_corasick::Anchored::Yes);
                        if let Some(m2) = self.find(input) {
                            if (m2.start(), m2.end()) != (s, e) {
                                out.push((m2.start(), m2.end(), m2.pattern().as_usize()));
                            }
                        }
                        match text[inner..e].find(' ') {
                            Some(sp) => inner += sp + 1,
                            None => break,
                        }
                    }
                }
                pos = e;
            } else {
                // not a whole word: try again one character later
                pos = s + text[s..].chars().next().map_or(1, |c| c.len_utf8());
            }
        }
        out.sort_by_key(|x| (x.0, std::cmp::Reverse(x.1)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_names_demonyms_and_cues_in_one_pass() {
        let kb = KnowledgeBase::bundled().unwrap();
        let m = PhraseMatcher::new(&kb);
        let text = "Antony Blinken said 150,000 Russian troops now surround Ukraine.";
        let found: Vec<&str> = m.find(text).iter().map(|h| &text[h.start..h.end]).collect();
        for want in ["Antony Blinken", "said", "Russian", "troops", "Ukraine"] {
            assert!(found.contains(&want), "{want} missing from {found:?}");
        }
    }
}
