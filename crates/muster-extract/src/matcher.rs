//! One Aho–Corasick automaton over every phrase the knowledge base and the lexicon know; one pass
//! over a document yields all hits, each with every meaning its phrase has.

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, MatchKind};
use muster_kb::KnowledgeBase;
use std::collections::HashMap;
pub use muster_geo::words::word_hash;
use muster_geo::words::{non_word_char_len, word_char_ends_at, word_char_len};
pub use muster_geo::Word;

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
    /// The text takes a figure for a slip ("a stray zero").
    Doubt,
    /// A whole population ("the entire adult population"): a figure larger than it is impossible.
    Population,
    MilitaryContext,
    NotEquipment,
    /// An idiom with an activity word in it ("playing with fire").
    NotActivity,
    /// A prefix written before a ship's name ("USS", "BRP", "HMS").
    ShipPrefix,
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
    /// A name that stands for the country only where the story names it otherwise ("the North"); the
    /// extractor turns it into [`Meaning::CountryName`] there and drops it elsewhere.
    CountryInContext(usize),
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
    /// Non-word bytes some phrase starts with, as a table and as a list.
    first_byte: [bool; 256],
    lead_bytes: Vec<u8>,
    /// A bit per hash of every one-word phrase and per hash of the first two words of every longer
    /// phrase: a word of the text whose bits are clear starts no phrase, and the automaton (large, and
    /// slow to touch) is not walked there.
    first_words: Vec<u64>,
    meanings: Vec<Vec<Meaning>>,
    /// Acronyms ("CIT", "AP") and two-letter names ("Xi") must match in exactly this case.
    exact_case: Vec<Option<String>>,
    /// Per country, the meaning a context alias takes where the story names the country.
    country_names: Vec<[Meaning; 1]>,
}

impl PhraseMatcher {
    pub fn new(kb: &KnowledgeBase) -> PhraseMatcher {
        let mut table: HashMap<String, Vec<Meaning>> = HashMap::new();
        let mut exact: HashMap<String, String> = HashMap::new();
        // phrases some entry spells in mixed case ("Kfor"): an acronym of another entry ("KFOR") does
        // not make them case-exact
        let mut caseless: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut add = |phrase: &str, m: Meaning, table: &mut HashMap<String, Vec<Meaning>>| {
            let phrase = phrase.trim();
            // (one letter is no phrase; one sign, "%", is)
            if phrase.len() < 2 && phrase.chars().all(char::is_alphanumeric) {
                return;
            }
            for variant in spelling_variants(phrase) {
                let key = variant.to_ascii_lowercase();
                let acronym = is_acronym(&variant);
                // a name of two letters ("Xi") is a syllable or a numeral in other cases ("XI", "xi")
                let two_letter_name = matches!(m, Meaning::Actor(_) | Meaning::Formation(_) | Meaning::Equipment(_))
                    && variant.chars().count() == 2
                    && variant.chars().any(|c| c.is_lowercase());
                if acronym || two_letter_name {
                    exact.insert(key.clone(), variant.clone());
                } else if variant.chars().any(char::is_uppercase)
                    && variant.chars().any(char::is_lowercase)
                    && variant.chars().filter(|c| c.is_alphabetic()).count() >= 4
                    && !variant.contains(' ')
                {
                    caseless.insert(key.clone());
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
            for n in &c.context_aliases {
                add(n, Meaning::CountryInContext(i), &mut table);
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
            (&lx.doubt_cues, Cue::Doubt),
            (&lx.population_cues, Cue::Population),
            (&lx.military_context, Cue::MilitaryContext),
            (&lx.not_equipment, Cue::NotEquipment),
            (&lx.not_activity, Cue::NotActivity),
        ];
        for (list, cue) in cue_lists {
            for p in list {
                add(p, Meaning::Cue(cue.clone()), &mut table);
            }
        }
        let mut ship_prefixes: Vec<&String> = lx.ship_prefixes.keys().collect();
        ship_prefixes.sort();
        for p in ship_prefixes {
            add(p, Meaning::Cue(Cue::ShipPrefix), &mut table);
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
        let exact_case = patterns.iter().map(|(k, _)| exact.get(k).filter(|_| !caseless.contains(k)).cloned()).collect();
        // anchored walks only: every match state is a phrase that starts where the walk started (or a
        // suffix of it, which `whole_word_hits` drops)
        let dfa = aho_corasick::nfa::contiguous::NFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(patterns.iter().map(|(k, _)| k.as_str()))
            .expect("phrase automaton builds");
        let mut first_byte = [false; 256];
        let mut first_words = vec![0u64; FIRST_WORD_BITS / 64];
        for (k, _) in &patterns {
            let p = k.as_bytes();
            if word_char_len(p, 0) > 0 {
                let bit = match first_two_words(p) {
                    (h, None) => single_bit(h),
                    (h, Some(h2)) => pair_bit(h, h2),
                };
                first_words[bit / 64] |= 1 << (bit % 64);
            } else {
                first_byte[p[0] as usize] = true;
            }
        }
        let country_names = (0..kb.countries.len()).map(|i| [Meaning::CountryName(i)]).collect();
        let lead_bytes = (0..=255u8).filter(|&b| first_byte[b as usize]).collect();
        PhraseMatcher {
            dfa,
            first_byte,
            lead_bytes,
            first_words,
            meanings: patterns.into_iter().map(|(_, m)| m).collect(),
            exact_case,
            country_names,
        }
    }

    /// Every whole-word hit in `text`, in order.
    ///
    /// One left-to-right pass: wherever a phrase can start (a word start, or a phrase's leading
    /// punctuation), the automaton is walked anchored there and every whole-word phrase ending on the
    /// way is noted. Then the longest phrase at the leftmost free position wins; shorter phrases that
    /// start at one of the words of a multi-word hit are kept too, so that "Russian" inside "Russian
    /// Defence Ministry" is still seen as a demonym when needed, and so is a longer phrase that starts
    /// at one of its words and runs past its end ("North Korean army" across "The North").
    #[cfg(test)]
    pub fn find(&self, text: &str) -> Vec<Hit> {
        self.find_with_words(text, &muster_geo::scan(text).words)
    }

    /// [`PhraseMatcher::find`] over the text's [`words`], already made.
    pub fn find_with_words(&self, text: &str, words: &[Word]) -> Vec<Hit> {
        let all = self.whole_word_hits(text.as_bytes(), words);
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
                let mut hit = all[j - 1].clone();
                let mut group = (i, j);
                loop {
                    out.push(hit.clone());
                    let mut crossing = None;
                    if bytes[hit.start..hit.end].contains(&b' ') {
                        // the next shorter phrase at the same start, then the longest phrase at each inner word
                        if group.1 - 1 > group.0 {
                            out.push(all[group.1 - 2].clone());
                        }
                        let mut k = group.1;
                        while k < all.len() && all[k].start < hit.end {
                            let g = group_end(k);
                            if bytes[all[k].start - 1] == b' ' {
                                if let Some(h) = all[k..g].iter().rev().find(|h| h.end <= hit.end) {
                                    out.push(h.clone());
                                }
                                // a longer phrase that starts inside this one and runs past its end
                                // ("the North" | "North Korean army")
                                let longest = &all[g - 1];
                                // (not the same name again: "GAZ Tigr" | "Tigr armoured vehicles")
                                let same = self.meanings(longest).iter().any(|m| self.meanings(&hit).contains(m));
                                if crossing.is_none() && longest.end > hit.end && longest.end - longest.start > hit.end - hit.start && !same {
                                    crossing = Some((k, g));
                                }
                            }
                            k = g;
                        }
                    }
                    free_from = hit.end;
                    let Some((k, g)) = crossing else { break };
                    hit = all[g - 1].clone();
                    group = (k, g);
                }
            }
            i = j;
        }
        out.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        out.dedup_by(|a, b| a.start == b.start && a.end == b.end);
        out
    }

    /// Every phrase occurrence with a word boundary at both ends (and in exact case where the phrase
    /// demands it), by start, then by end.
    fn whole_word_hits(&self, bytes: &[u8], words: &[Word]) -> Vec<Hit> {
        let mut all: Vec<Hit> = Vec::new();
        let Ok(anchored_start) = self.dfa.start_state(Anchored::Yes) else { return all };
        let (dfa, n) = (&self.dfa, bytes.len());
        // the non-word characters that start a phrase (rare), then the words that may
        let mut starts: Vec<usize> = Vec::new();
        // (ASCII punctuation, "-strong", "%", is never inside a word: every occurrence is a start)
        match self.lead_bytes[..] {
            [] => {}
            [a] if a.is_ascii() => starts.extend(memchr::memchr_iter(a, bytes)),
            [a, b] if a.is_ascii() && b.is_ascii() => starts.extend(memchr::memchr2_iter(a, b, bytes)),
            [a, b, c] if a.is_ascii() && b.is_ascii() && c.is_ascii() => starts.extend(memchr::memchr3_iter(a, b, c, bytes)),
            _ => {
                let mut i = 0;
                for (start, end) in words.iter().map(|w| (w.start, w.end)).chain([(n, n)]) {
                    while i < start {
                        if self.first_byte[bytes[i] as usize] {
                            starts.push(i);
                        }
                        i += non_word_char_len(bytes, i);
                    }
                    i = end;
                }
            }
        }
        // a phrase starts at a word whose own bit (a phrase of one word) or whose bit with the next
        // word (the first two words of a phrase) is set
        let mut word_starts: Vec<usize> = Vec::with_capacity(words.len() / 2);
        for (w, &Word { start, hash: h, .. }) in words.iter().enumerate() {
            let next = words.get(w + 1).map_or(0, |w2| w2.hash);
            if self.filter_has(single_bit(h)) || self.filter_has(pair_bit(h, next)) {
                word_starts.push(start);
            }
        }
        // both lists are in text order and never share a position (one starts on a word, the other not)
        if !starts.is_empty() {
            let punctuation = std::mem::take(&mut starts);
            let (mut a, mut b) = (punctuation.into_iter().peekable(), word_starts.into_iter().peekable());
            while let (Some(&x), Some(&y)) = (a.peek(), b.peek()) {
                starts.push(if x < y { a.next() } else { b.next() }.expect("peeked"));
            }
            starts.extend(a);
            starts.extend(b);
        } else {
            starts = word_starts;
        }
        for s in starts {
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
                if !dfa.is_match(sid) || (end < n && word_char_len(bytes, end) > 0 && word_char_ends_at(bytes, end)) {
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

    fn filter_has(&self, bit: usize) -> bool {
        self.first_words[bit / 64] & (1 << (bit % 64)) != 0
    }

    pub fn meanings(&self, hit: &Hit) -> &[Meaning] {
        &self.meanings[hit.pattern]
    }

    /// The hits with their meanings, context aliases resolved: a country's ("the North", capitalised)
    /// where the story names that country by a name or demonym, none elsewhere.
    pub fn resolved_hits(&self, text: &str, raw: &[Hit]) -> Vec<(muster_model::Span, &[Meaning])> {
        let named: Vec<usize> = raw
            .iter()
            .flat_map(|h| self.meanings(h))
            .filter_map(|m| match m {
                Meaning::CountryName(i) | Meaning::Demonym(i) => Some(*i),
                _ => None,
            })
            .collect();
        raw.iter()
            .filter_map(|h| {
                let span = muster_model::Span::new(h.start, h.end);
                let m = self.meanings(h);
                match m {
                    [Meaning::CountryInContext(i)] => {
                        // written as a name: its last word capitalised ("the North", not "the north")
                        let last = text[h.start..h.end].rsplit(' ').next().unwrap_or("");
                        let capitalised = last.chars().next().is_some_and(char::is_uppercase);
                        (capitalised && named.contains(i)).then(|| (span, &self.country_names[*i][..]))
                    }
                    _ => Some((span, m)),
                }
            })
            .collect()
    }
}

const FIRST_WORD_BITS: usize = 1 << 19;

fn single_bit(h: u64) -> usize {
    (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40) as usize % FIRST_WORD_BITS
}

fn pair_bit(h: u64, next: u64) -> usize {
    ((h.rotate_left(23) ^ next).wrapping_mul(0xc2b2_ae3d_27d4_eb4f) >> 40) as usize % FIRST_WORD_BITS
}

/// The word characters of a phrase: the first word's hash and the second word's, if any.
fn first_two_words(p: &[u8]) -> (u64, Option<u64>) {
    let (h, end) = word_hash(p, 0);
    let mut i = end;
    while i < p.len() && word_char_len(p, i) == 0 {
        i += non_word_char_len(p, i);
    }
    (h, (i < p.len()).then(|| word_hash(p, i).0))
}

/// An acronym ("CIT", "AP", "MİT"): five bytes at most, some letters, every letter a capital.
fn is_acronym(s: &str) -> bool {
    s.len() <= 5 && s.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase()) && s.chars().any(|c| c.is_alphabetic())
}

/// The spellings a phrase is matched in: as written, with the other apostrophe, and without diacritics
/// ("Błaszczak" also as "Blaszczak", "Yaşar Güler" as "Yasar Guler"), as reporters often write them.
fn spelling_variants(p: &str) -> Vec<String> {
    let mut out = if p.contains('\'') {
        vec![p.to_string(), p.replace('\'', "’")]
    } else if p.contains('’') {
        vec![p.to_string(), p.replace('’', "'")]
    } else {
        vec![p.to_string()]
    };
    let latin_letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_ascii() || ('\u{00C0}'..='\u{024F}').contains(&c));
    // not for acronyms: "MİT" (Turkish intelligence) must not become "MIT"
    if !p.is_ascii() && latin_letters(p) && !is_acronym(p) {
        for v in out.clone() {
            let plain = deunicode::deunicode(&v);
            if plain != v && !out.contains(&plain) {
                out.push(plain);
            }
        }
    }
    out
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
        // names with diacritics also without them
        assert!(found("A statement from the Auswartiges Amt followed.").contains(&"Auswartiges Amt"));
        assert!(found("A statement from the Auswärtiges Amt followed.").contains(&"Auswärtiges Amt"));
        assert!(!found("Researchers at MIT said so.").contains(&"MIT"), "an acronym keeps its letters");
        // two-letter names only as written: "Xi" the surname, not the numeral in "Pius XI"
        assert!(found("Xi said the drills were routine.").contains(&"Xi"));
        assert!(!found("Pope Pius XI wrote it.").contains(&"XI"));
        // any case for ordinary phrases, offsets into the original text
        let text = "SATELLITE IMAGES show T-72B3 tanks";
        let hits = m.find(text);
        assert!(hits.iter().any(|h| &text[h.start..h.end] == "SATELLITE IMAGES"));
        assert!(hits.iter().any(|h| &text[h.start..h.end] == "T-72B3"));
        assert!(hits.windows(2).all(|w| (w[0].start, std::cmp::Reverse(w[0].end)) <= (w[1].start, std::cmp::Reverse(w[1].end))));
        // a longer phrase that starts inside the winner and runs past it is kept too ("The North" is
        // the North in context; "North Korean army" the KPA), with its own shorter phrase at its start
        let f = found("The North Korean army laid mines. The North Korean Navy sailed.");
        assert!(f.contains(&"North Korean army") && f.contains(&"North Korean Navy"), "{f:?}");
        assert!(f.contains(&"North Korean") && f.contains(&"army"), "{f:?}");
        assert!(!found("The North said nothing.").contains(&"North said"));
        // but not the same name again ("GAZ Tigr" and its alias "Tigr armoured vehicles")
        let f = found("Photos show GAZ Tigr armoured vehicles and Kamaz lorries.");
        assert!(f.contains(&"GAZ Tigr") && f.contains(&"armoured vehicles") && !f.contains(&"Tigr armoured vehicles"), "{f:?}");
    }
}
