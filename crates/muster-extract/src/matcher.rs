//! One Aho–Corasick automaton over every phrase the knowledge base and the lexicon know; one pass
//! over a document yields all hits, each with every meaning its phrase has.

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, MatchKind};
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
    /// Every phrase, lower case, matched ASCII-case-insensitively.
    dfa: aho_corasick::nfa::contiguous::NFA,
    /// Non-word bytes some phrase starts with.
    first_byte: [bool; 256],
    /// A bit per hash of the leading word of every phrase: a word of the text whose bit is clear starts
    /// no phrase, and the automaton (large, and slow to touch) is not walked there.
    leading_words: Vec<u64>,
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
        // anchored walks only: every match state is a phrase that starts where the walk started (or a
        // suffix of it, which `whole_word_hits` drops)
        let dfa = aho_corasick::nfa::contiguous::NFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(patterns.iter().map(|(k, _)| k.as_str()))
            .expect("phrase automaton builds");
        let mut first_byte = [false; 256];
        let mut leading_words = vec![0u64; LEADING_WORD_BITS / 64];
        for (k, _) in &patterns {
            let b = k.as_bytes()[0];
            if is_word_byte(b) {
                let bit = leading_word_bit(k.as_bytes(), 0).0;
                leading_words[bit / 64] |= 1 << (bit % 64);
            } else {
                first_byte[b as usize] = true;
            }
        }
        PhraseMatcher { dfa, first_byte, leading_words, meanings: patterns.into_iter().map(|(_, m)| m).collect(), exact_case }
    }

    /// Every whole-word hit in `text`, in order.
    ///
    /// One left-to-right pass: wherever a phrase can start (a word start, or a phrase's leading
    /// punctuation), the automaton is walked anchored there and every whole-word phrase ending on the
    /// way is noted. Then the longest phrase at the leftmost free position wins; shorter phrases that
    /// start at one of the words of a multi-word hit are kept too, so that "Russian" inside "Russian
    /// Defence Ministry" is still seen as a demonym when needed.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let all = self.whole_word_hits(text.as_bytes());
        let bytes = text.as_bytes();
        // hits sharing a start are adjacent, shortest first
        let group_end = |i: usize| {
            let s = all[i].start;
            i + all[i..].iter().take_while(|h| h.start == s).count()
        };
        let mut out = Vec::new();
        let (mut i, mut free_from) = (0, 0);
        while i < all.len() {
            let j = group_end(i);
            if all[i].start >= free_from {
                let hit = all[j - 1].clone();
                out.push(hit.clone());
                if bytes[hit.start..hit.end].contains(&b' ') {
                    // the next shorter phrase at the same start, then the longest phrase at each inner word
                    if j - 1 > i {
                        out.push(all[j - 2].clone());
                    }
                    let mut k = j;
                    while k < all.len() && all[k].start < hit.end {
                        let g = group_end(k);
                        if bytes[all[k].start - 1] == b' ' {
                            if let Some(h) = all[k..g].iter().rev().find(|h| h.end <= hit.end) {
                                out.push(h.clone());
                            }
                        }
                        k = g;
                    }
                }
                free_from = hit.end;
            }
            i = j;
        }
        out
    }

    /// Every phrase occurrence with a word boundary at both ends (and in exact case where the phrase
    /// demands it), by start, then by end.
    fn whole_word_hits(&self, bytes: &[u8]) -> Vec<Hit> {
        let mut all: Vec<Hit> = Vec::new();
        let Ok(anchored_start) = self.dfa.start_state(Anchored::Yes) else { return all };
        let (dfa, n) = (&self.dfa, bytes.len());
        let mut next = 0;
        while next < n {
            // phrases start at a word whose leading-word bit is set, or at a non-word byte that starts one
            let s = next;
            if is_word_byte(bytes[s]) {
                let (bit, end) = leading_word_bit(bytes, s);
                next = end;
                if self.leading_words[bit / 64] & (1 << (bit % 64)) == 0 {
                    continue;
                }
            } else {
                next = s + 1;
                if !self.first_byte[bytes[s] as usize] {
                    continue;
                }
            }
            let mut sid = anchored_start;
            for e in s..n {
                sid = dfa.next_state(Anchored::Yes, sid, bytes[e]);
                if !dfa.is_special(sid) {
                    continue;
                }
                if dfa.is_dead(sid) {
                    break;
                }
                let end = e + 1;
                if !dfa.is_match(sid) || (end < n && is_word_byte(bytes[end]) && is_word_byte(bytes[e])) {
                    continue;
                }
                for k in 0..dfa.match_len(sid) {
                    let pid = dfa.match_pattern(sid, k);
                    // a match state also reports phrases that are suffixes of the walked bytes
                    if dfa.pattern_len(pid) != end - s {
                        continue;
                    }
                    let pattern = pid.as_usize();
                    if self.exact_case[pattern].as_ref().is_some_and(|exact| &bytes[s..end] != exact.as_bytes()) {
                        continue;
                    }
                    all.push(Hit { start: s, end, pattern });
                }
            }
        }
        all
    }

    pub fn meanings(&self, hit: &Hit) -> &[Meaning] {
        &self.meanings[hit.pattern]
    }
}

const LEADING_WORD_BITS: usize = 1 << 18;

/// The bit of the word starting at `start` (ASCII case folded) and the word's end.
#[inline]
fn leading_word_bit(bytes: &[u8], start: usize) -> (usize, usize) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut e = start;
    while e < bytes.len() && is_word_byte(bytes[e]) {
        h = (h ^ u64::from(bytes[e].to_ascii_lowercase())).wrapping_mul(0x0000_0100_0000_01b3);
        e += 1;
    }
    ((h >> 20) as usize % LEADING_WORD_BITS, e)
}

#[inline]
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

    #[test]
    fn whole_words_longest_first_with_inner_words_and_exact_case_acronyms() {
        let kb = KnowledgeBase::bundled().unwrap();
        let m = PhraseMatcher::new(&kb);
        let found = |text: &'static str| -> Vec<&'static str> { m.find(text).iter().map(|h| &text[h.start..h.end]).collect() };
        // never inside a word: "tank" in "tanker", "said" in "unsaid"
        let f = found("The tanker left port; much went unsaid.");
        assert!(!f.contains(&"tank") && !f.contains(&"said"), "{f:?}");
        // the longest phrase wins, the shorter one at its start and the phrases at its inner words stay
        let f = found("According to the Russian Defence Ministry, troops left.");
        assert!(f.contains(&"According to the") && f.contains(&"According to"), "{f:?}");
        assert!(f.contains(&"Russian"), "{f:?}");
        // acronyms only in capitals
        assert!(found("Footage reviewed by CIT showed tanks.").contains(&"CIT"));
        assert!(!found("The cit of the town.").contains(&"cit"));
        // any case for ordinary phrases, offsets into the original text
        let text = "SATELLITE IMAGES show T-72B3 tanks";
        let hits = m.find(text);
        assert!(hits.iter().any(|h| &text[h.start..h.end] == "SATELLITE IMAGES"));
        assert!(hits.iter().any(|h| &text[h.start..h.end] == "T-72B3"));
        assert!(hits.windows(2).all(|w| (w[0].start, std::cmp::Reverse(w[0].end)) <= (w[1].start, std::cmp::Reverse(w[1].end))));
    }
}
