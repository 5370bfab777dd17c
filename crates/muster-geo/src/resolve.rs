//! Finding place mentions in a text and resolving each to one gazetteer entry, from context.

use crate::borders::haversine_km;
use crate::gazetteer::{EntryId, Gazetteer};
use crate::text::{fold, tokens, Token};
use muster_model::PlaceKind;
use std::collections::HashSet;

/// What the resolver needs to know besides the text.
#[derive(Debug, Clone, Default)]
pub struct ResolveOptions {
    /// Countries whose places win ambiguity (the theatre's).
    pub theatre_countries: std::sync::Arc<Vec<String>>,
    /// Byte ranges that are known not to be places (people's names found by the extractor), sorted by start.
    pub blocked: Vec<(usize, usize)>,
    /// Folded single words that are never places in prose (titles, first names, months...).
    pub stopwords: std::sync::Arc<rustc_hash::FxHashSet<String>>,
}

/// One place mention: its byte range and the entry it resolved to.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMention {
    pub start: usize,
    pub end: usize,
    pub entry: EntryId,
    /// Found by a one-edit spelling correction ("Bolgorod").
    pub corrected: bool,
}

const REGION_WORDS: &[&str] = &["region", "regions", "oblast", "oblasts", "province", "krai", "voblast", "district"];
const LOCATIVE_CUES: &[&str] = &[
    "in", "near", "at", "outside", "from", "to", "around", "towards", "toward", "into", "via", "across", "between",
    "of", "through", "nearby", "and", "reach", "reached", "approaching", "north", "south", "east", "west",
];
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "president", "minister", "secretary", "general",
    "gen", "admiral", "adm", "colonel", "col", "captain", "capt", "lieutenant", "lt", "major", "maj", "sgt", "sergeant",
    "mayor", "governor", "senator", "sen", "rep", "ambassador", "chancellor", "king", "queen", "prince", "pope", "st",
];

/// Folded tokens, computed on first use.
struct Folded<'a> {
    text: &'a str,
    toks: &'a [Token],
    cells: Vec<std::cell::OnceCell<String>>,
}

impl Folded<'_> {
    fn get(&self, i: usize) -> &str {
        self.cells[i].get_or_init(|| fold(self.toks[i].text(self.text)))
    }
}

/// The words a text writes in lower case (common words, not names), collected on first use.
struct LowerWords<'a> {
    text: &'a str,
    toks: &'a [Token],
    set: std::cell::OnceCell<rustc_hash::FxHashSet<&'a str>>,
}

impl LowerWords<'_> {
    fn contains(&self, word: &str) -> bool {
        self.set
            .get_or_init(|| {
                self.toks.iter().map(|t| t.text(self.text)).filter(|w| w.as_bytes()[0].is_ascii_lowercase()).collect()
            })
            .contains(word)
    }
}

struct Candidate {
    start: usize,
    end: usize,
    /// Index of the first token and one past the last.
    t0: usize,
    t1: usize,
    entries: Vec<EntryId>,
    corrected: bool,
}

/// Whether [start, end) overlaps a blocked range; `blocked` is sorted by start and its ranges do not nest
/// deeply, so a look at the few ranges starting before `end` suffices.
fn overlaps_blocked(blocked: &[(usize, usize)], start: usize, end: usize) -> bool {
    let i = blocked.partition_point(|&(s, _)| s < end);
    blocked[..i].iter().rev().take(8).any(|&(s, e)| start < e && s < end)
}

fn gap_is_name_joiner(text: &str, a: &Token, b: &Token) -> bool {
    let gap = &text[a.end..b.start];
    !gap.is_empty() && gap.len() <= 2 && gap.chars().all(|c| c == ' ' || c == '-')
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase())
}

fn sentence_start(text: &str, tok: &Token) -> bool {
    let before = text[..tok.start].trim_end_matches([' ', '"', '\'', '‘', '“', '(', '\t']);
    before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':', '—', '–'])
}

impl Gazetteer {
    /// Finds and resolves every place mention in `text`, in text order.
    pub fn find_places(&self, text: &str, opts: &ResolveOptions) -> Vec<PlaceMention> {
        let toks = tokens(text);
        let lower_words = LowerWords { text, toks: &toks, set: std::cell::OnceCell::new() };
        let folded = Folded { text, toks: &toks, cells: (0..toks.len()).map(|_| std::cell::OnceCell::new()).collect() };
        let mut cands: Vec<Candidate> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let first = toks[i].text(text);
            // a word in lower case can only start one of the few curated names written so ("western Russia")
            if !starts_upper(first) && !self.starts_lowercase_name(first) {
                i += 1;
                continue;
            }
            // a capitalised stop word ("The", "March", "Russian", a person's name) can only be a country
            // or the start of a longer name: skip the index otherwise
            if starts_upper(first) && {
                let f = folded.get(i);
                opts.stopwords.contains(f) && !self.starts_multiword(f) && !self.is_country_name(f)
            } {
                i += 1;
                continue;
            }
            match self.match_at(text, &toks, &folded, i, opts, &lower_words) {
                Some(c) => {
                    i = c.t1;
                    cands.push(c);
                }
                None => i += 1,
            }
        }
        self.resolve(text, cands, opts)
    }

    fn match_at(
        &self,
        text: &str,
        toks: &[Token],
        folded: &Folded,
        i: usize,
        opts: &ResolveOptions,
        lower_words: &LowerWords,
    ) -> Option<Candidate> {
        let first = toks[i].text(text);
        let upper = starts_upper(first);
        if overlaps_blocked(&opts.blocked, toks[i].start, toks[i].end) {
            return None;
        }
        // the longest window first; longer windows only where some name starts with this word
        // grow the window while some name of several words starts with it
        let mut max = 1;
        if self.starts_multiword(folded.get(i)) {
            let mut prefix = folded.get(i).to_string();
            let limit = self.max_words.min(toks.len() - i);
            for n in 2..=limit {
                if !gap_is_name_joiner(text, &toks[i + n - 2], &toks[i + n - 1]) {
                    break;
                }
                prefix.push(' ');
                prefix.push_str(folded.get(i + n - 1));
                if !self.starts_multiword_with(&prefix) {
                    break;
                }
                max = n;
            }
        }
        for n in (1..=max).rev() {
            let (start, end) = (toks[i].start, toks[i + n - 1].end);
            let joined;
            let key: &str = if n == 1 {
                folded.get(i)
            } else {
                joined = (i..i + n).map(|k| folded.get(k)).collect::<Vec<_>>().join(" ");
                &joined
            };
            let found = self.lookup(key);
            if found.is_empty() {
                continue;
            }
            if !upper && !self.lowercase_allowed(key) {
                continue;
            }
            let mut entries: Vec<EntryId> = found.to_vec();
            if !upper {
                entries.retain(|&e| self.entry(e).curated);
            }
            if entries.is_empty() {
                continue;
            }
            let mut c = Candidate { start, end, t0: i, t1: i + n, entries, corrected: false };
            self.apply_region_suffix(text, toks, &mut c);
            if self.acceptable(text, toks, folded, &c, opts, lower_words) {
                return Some(c);
            }
        }
        // a misspelt name: only in a clear locative frame, for capitalised unknown words
        if upper && first.len() >= 6 && !opts.stopwords.contains(folded.get(i)) {
            let prev = i.checked_sub(1).map(|k| toks[k].text(text).to_lowercase());
            let cue = prev.as_deref().is_some_and(|p| ["in", "near", "at", "outside"].contains(&p));
            let comma_before = i > 0 && text[toks[i - 1].end..toks[i].start].trim() == ",";
            if cue || comma_before {
                for n in (1..=2.min(toks.len() - i)).rev() {
                    if n > 1 && !gap_is_name_joiner(text, &toks[i], &toks[i + 1]) {
                        continue;
                    }
                    let (start, end) = (toks[i].start, toks[i + n - 1].end);
                    let key = fold(&text[start..end]);
                    if !self.lookup(&key).is_empty() {
                        continue;
                    }
                    let entries = self.lookup_fuzzy(&key);
                    if !entries.is_empty() {
                        let mut c = Candidate { start, end, t0: i, t1: i + n, entries, corrected: true };
                        self.apply_region_suffix(text, toks, &mut c);
                        return Some(c);
                    }
                }
            }
        }
        None
    }

    /// "Belgorod region", "Kherson Oblast": the mention is the region whose seat is the named city.
    fn apply_region_suffix(&self, text: &str, toks: &[Token], c: &mut Candidate) {
        let Some(next) = toks.get(c.t1) else { return };
        if !gap_is_name_joiner(text, &toks[c.t1 - 1], next) {
            return;
        }
        let word = next.text(text);
        let is_region_word = |w: &str| REGION_WORDS.iter().any(|r| r.eq_ignore_ascii_case(w));
        // "Belgorod and Voronezh regions": the first name of a pair shares the plural region word
        let shared = word == "and"
            && toks.get(c.t1 + 2).is_some_and(|t| {
                let w = t.text(text);
                w.ends_with('s') && is_region_word(w)
            });
        if !is_region_word(word) && !shared {
            return;
        }
        let mut regions = Vec::new();
        for &e in &c.entries {
            let g = self.entry(e);
            if matches!(g.feature_code.as_str(), "PPLA" | "PPLC") {
                if let (Some(cc), Some(a1)) = (&g.country, &g.admin1) {
                    if let Some(r) = self.admin_region(cc, a1) {
                        if !regions.contains(&r) {
                            regions.push(r);
                        }
                    }
                }
            } else if g.kind == PlaceKind::AdminRegion {
                regions.push(e);
            }
        }
        if !regions.is_empty() {
            c.entries = regions;
            if !shared {
                c.end = next.end;
                c.t1 += 1;
            }
        }
    }

    fn acceptable(
        &self,
        text: &str,
        toks: &[Token],
        folded: &Folded,
        c: &Candidate,
        opts: &ResolveOptions,
        lower_words: &LowerWords,
    ) -> bool {
        let surface = &text[c.start..c.end];
        let single = c.t1 - c.t0 == 1;
        // a name of several words ends on a capitalised word ("But a" is no place)
        if !single && !starts_upper(toks[c.t1 - 1].text(text)) && !c.entries.iter().any(|&e| self.entry(e).curated) {
            return false;
        }
        let key: std::borrow::Cow<str> = if single { std::borrow::Cow::Borrowed(folded.get(c.t0)) } else { std::borrow::Cow::Owned(fold(surface)) };
        let curated = c.entries.iter().any(|&e| self.entry(e).curated);
        if overlaps_blocked(&opts.blocked, c.start, c.end) {
            return false;
        }
        if let Some(prev) = c.t0.checked_sub(1).map(|k| toks[k].text(text).to_lowercase()) {
            let prev = prev.trim_end_matches('.');
            if TITLES.contains(&prev) {
                return false;
            }
        }
        // a capitalised word followed by another capitalised unknown word is likely a person's name
        if curated {
            return !(single && opts.stopwords.contains(key.as_ref()) && !c.entries.iter().any(|&e| self.entry(e).kind == PlaceKind::Country));
        }
        if single && opts.stopwords.contains(key.as_ref()) {
            return false;
        }
        if single && lower_words.contains(&surface.to_lowercase()) {
            return false; // a common word that happens to be capitalised here
        }
        if surface.len() < 3 || surface.chars().all(|ch| ch.is_uppercase()) {
            return false; // acronyms
        }
        let prev = c.t0.checked_sub(1).map(|k| toks[k].text(text).to_lowercase());
        let cue = prev.as_deref().is_some_and(|p| LOCATIVE_CUES.contains(&p));
        let qualified = toks.get(c.t1).is_some_and(|n| {
            text[c.end..n.start].trim() == "," && starts_upper(n.text(text)) && !self.lookup(folded.get(c.t1)).is_empty()
        });
        let next_upper_unknown = toks.get(c.t1).is_some_and(|n| {
            gap_is_name_joiner(text, &toks[c.t1 - 1], n) && starts_upper(n.text(text)) && self.lookup(folded.get(c.t1)).is_empty()
        });
        if next_upper_unknown && !cue {
            return false; // "Austin Smith"
        }
        // "Michael Jackson": a capitalised word right before, mid-sentence, that is not a place itself
        if single && c.t0 > 0 && !cue {
            let p = &toks[c.t0 - 1];
            let pw = p.text(text);
            if starts_upper(pw) && gap_is_name_joiner(text, p, &toks[c.t0]) && !sentence_start(text, p) && self.lookup(folded.get(c.t0 - 1)).is_empty() {
                return false;
            }
        }
        let best_pop = c.entries.iter().map(|&e| self.entry(e).population).max().unwrap_or(0);
        let capital = c.entries.iter().any(|&e| {
            let g = self.entry(e);
            g.feature_code == "PPLC" || (g.feature_code == "PPLA" && g.population >= 20_000)
        });
        let theatre = c.entries.iter().any(|&e| {
            let g = self.entry(e);
            g.population >= 1000 && g.country.as_ref().is_some_and(|cc| opts.theatre_countries.contains(cc))
        });
        let at_start = sentence_start(text, &toks[c.t0]);
        best_pop >= 100_000
            || capital
            || (theatre && (cue || qualified || !at_start))
            || (at_start && c.entries.iter().any(|&e| {
                let g = self.entry(e);
                g.population >= 10_000 && g.country.as_ref().is_some_and(|cc| opts.theatre_countries.contains(cc))
            }))
            || ((cue || qualified) && best_pop >= 5_000)
    }

    fn resolve(&self, text: &str, cands: Vec<Candidate>, opts: &ResolveOptions) -> Vec<PlaceMention> {
        // anchors: mentions with a single reading (and countries named outright)
        let mut anchors: Vec<(f64, f64)> = Vec::new();
        let mut doc_countries: HashSet<String> = HashSet::new();
        for c in &cands {
            let curated: Vec<EntryId> = c.entries.iter().copied().filter(|&e| self.entry(e).curated).collect();
            let only = if c.entries.len() == 1 { Some(c.entries[0]) } else if curated.len() == 1 { Some(curated[0]) } else { None };
            if let Some(e) = only {
                let g = self.entry(e);
                if let Some(cc) = &g.country {
                    doc_countries.insert(cc.clone());
                }
                // a few dozen distinct anchors are context enough, and keep resolution linear
                if g.kind != PlaceKind::Country && g.radius_km < 400.0 && anchors.len() < 40 && !anchors.contains(&(g.lat, g.lon)) {
                    anchors.push((g.lat, g.lon));
                }
            }
        }
        let mut out = Vec::with_capacity(cands.len());
        for (k, c) in cands.iter().enumerate() {
            // qualifier: "Zamosc, Poland", "Vesela Lopan, Bolgorod", "in Crimea" later in the sentence
            let mut qualifiers: Vec<EntryId> = Vec::new();
            if let Some(next) = cands.get(k + 1) {
                let gap = &text[c.end..next.start];
                if gap.trim() == "," || gap.trim() == "in" || gap.trim() == ", in" || gap.trim().is_empty() {
                    qualifiers.extend(next.entries.iter().copied());
                }
            }
            // a region or country introduced by "in" shortly after ("Novoozerne, in Crimea")
            let sentence_end = text[c.end..].find(['.', '\n']).map(|p| c.end + p).unwrap_or(text.len());
            for n in cands.iter().skip(k + 1).take_while(|n| n.start < sentence_end && n.start - c.end <= 60) {
                let before = text[c.end..n.start].trim_end();
                if before.ends_with(" in") || before.ends_with(", in") || before == "in" {
                    qualifiers.extend(n.entries.iter().copied().filter(|&e| {
                        matches!(self.entry(e).kind, PlaceKind::Country | PlaceKind::AdminRegion)
                    }));
                }
            }
            // a name with one reading needs no scoring; a name with hundreds of villages is scored on its
            // most populous readings and every curated or theatre one (lists are sorted by population)
            if c.entries.len() == 1 {
                out.push(PlaceMention { start: c.start, end: c.end, entry: c.entries[0], corrected: c.corrected });
                continue;
            }
            let best = c
                .entries
                .iter()
                .enumerate()
                .filter(|&(k, &e)| {
                    let g = self.entry(e);
                    k < 12 || g.curated || g.country.as_ref().is_some_and(|cc| opts.theatre_countries.contains(cc))
                })
                .map(|(_, &e)| (self.score(e, opts, &doc_countries, &anchors, &qualifiers), e))
                .max_by(|(sa, a), (sb, b)| {
                    sa.total_cmp(sb).then(self.entry(*a).population.cmp(&self.entry(*b).population)).then(b.cmp(a))
                })
                .map(|(_, e)| e)
                .expect("candidates are never empty");
            out.push(PlaceMention { start: c.start, end: c.end, entry: best, corrected: c.corrected });
        }
        out
    }

    fn score(
        &self,
        e: EntryId,
        opts: &ResolveOptions,
        doc_countries: &HashSet<String>,
        anchors: &[(f64, f64)],
        qualifiers: &[EntryId],
    ) -> f64 {
        let g = self.entry(e);
        let mut s = ((g.population as f64) + 1.0).ln() * 0.5;
        if g.curated {
            s += 8.0;
        }
        s += match g.feature_code.as_str() {
            "PPLC" => 3.0,
            "PPLA" => 1.5,
            "PPLA2" => 0.7,
            _ => 0.0,
        };
        if let Some(cc) = &g.country {
            if opts.theatre_countries.contains(cc) {
                s += 3.0;
            }
            if doc_countries.contains(cc) {
                s += 1.5;
            }
        }
        for &q in qualifiers {
            let qe = self.entry(q);
            let same_country = qe.kind == PlaceKind::Country && qe.country == g.country;
            let same_admin = qe.kind == PlaceKind::AdminRegion
                && (qe.admin1.is_some() && qe.admin1 == g.admin1 && qe.country == g.country
                    || qe.radius_km > 0.0 && haversine_km(qe.lat, qe.lon, g.lat, g.lon) <= qe.radius_km * 1.2);
            let near_place = qe.kind == PlaceKind::PopulatedPlace && haversine_km(qe.lat, qe.lon, g.lat, g.lon) < 150.0;
            if same_country || same_admin || near_place {
                s += 6.0;
                break;
            }
        }
        if g.kind != PlaceKind::Country && !anchors.is_empty() {
            // an equirectangular estimate is precise enough for "within 300 / 1000 km"
            let k = g.lat.to_radians().cos();
            let nearest = anchors
                .iter()
                .map(|&(la, lo)| {
                    let dlon = ((lo - g.lon + 540.0) % 360.0 - 180.0) * k;
                    111.2 * (dlon * dlon + (la - g.lat) * (la - g.lat)).sqrt()
                })
                .fold(f64::INFINITY, f64::min);
            if nearest < 300.0 {
                s += 2.0;
            } else if nearest < 1000.0 {
                s += 1.0;
            }
        }
        s
    }
}
