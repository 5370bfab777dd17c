//! Finding place mentions in a text and resolving each to one gazetteer entry, from context.

use crate::borders::haversine_km;
use crate::gazetteer::{Brief, EntryId, Gazetteer, GeoEntry};
use crate::text::{fold, fold_token_into, lower_hash, scan, word_hash, Scan, Token};
use muster_model::PlaceKind;

/// What the resolver needs to know besides the text.
#[derive(Debug, Clone, Default)]
pub struct ResolveOptions {
    /// Countries whose places win ambiguity (the theatre's).
    pub theatre_countries: std::sync::Arc<Vec<String>>,
    /// Byte ranges that are known not to be places (people's names found by the extractor), sorted by start.
    pub blocked: Vec<(usize, usize)>,
    /// Folded single words that are never places in prose (titles, first names, months...).
    pub stopwords: std::sync::Arc<rustc_hash::FxHashSet<String>>,
    /// Countries the document names other than as places, by demonym ("Serbian troops") or as a
    /// speaker: context as much as the countries among its places.
    pub named_countries: Vec<String>,
    /// The countries of another theatre a military story is about (empty for the configured theatre's
    /// stories): their smaller towns are places after a locative word, as the theatre's are.
    pub story_countries: Vec<String>,
    /// The home garrisons of the formations the document names: a reading of an ambiguous name there
    /// wins ("Kamenka, home to the 138th brigade" is the Kamenka by Vyborg).
    pub garrisons: Vec<(f64, f64)>,
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

const REGION_WORDS: &[&str] = &["region", "regions", "oblast", "oblasts", "province", "provinces", "krai", "voblast", "district", "state", "governorate", "prefecture", "voivodeship"];
/// Whether a word names a kind of region ("region", "Oblast", "province").
fn is_region_word(w: &str) -> bool {
    REGION_WORDS.iter().any(|r| r.eq_ignore_ascii_case(w))
}

/// Words for a facility that carries a place's name ("Leh airbase", "Kursk garrison").
const FACILITIES: &[&str] = &["airbase", "airfield", "airport", "garrison", "barracks", "depot", "port", "harbour", "harbor", "range", "polygon"];

const LOCATIVE_CUES: &[&str] = &[
    "in", "near", "at", "outside", "from", "to", "around", "towards", "toward", "into", "via", "across", "between",
    "of", "off", "through", "nearby", "and", "reach", "reached", "approaching", "north", "south", "east", "west",
    "above", "below", "beyond", "overlooking", "along", "inside", "within", "on", "over", "past", "behind",
    // verbs of moving to, from or against a place ("left Ishigaki", "entered Sumy", "shelled Kharkiv")
    "left", "leaving", "entered", "entering", "reaching", "departed", "departing", "captured", "seized", "shelled", "encircled",
];
/// Words that put something at the place itself.
const CLOSE: &[&str] = &["in", "near", "at", "outside", "around", "into", "towards", "toward", "above", "overlooking", "inside", "within", "on"];
/// Words before a place's name that make an unknown capitalised word worth a spelling correction.
const MISSPELLING_CUES: &[&str] = &["in", "near", "at", "outside"];
/// Words for a settlement that name it after "of" ("the town of Raska", "the village of Banjska").
const SETTLEMENTS: &[&str] = &["town", "village", "city", "settlement", "hamlet", "port", "towns", "villages"];
/// Words before "of <place>" that give a bearing or a distance from it.
const BEARINGS: &[&str] = &[
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east", "north-west",
    "south-east", "south-west", "km", "kms", "kilometres", "kilometers", "miles", "mi",
];
const DIRECTIONS: &[&str] = &["northern", "southern", "eastern", "western", "central", "north-eastern", "north-western", "south-eastern", "south-western"];
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "president", "minister", "secretary", "general",
    "gen", "admiral", "adm", "colonel", "col", "captain", "capt", "lieutenant", "lt", "major", "maj", "sgt", "sergeant",
    "mayor", "governor", "senator", "sen", "rep", "ambassador", "chancellor", "king", "queen", "prince", "pope", "st",
];

/// Every token folded. The text is folded byte for byte once (ASCII letters lower-cased, every other
/// byte a space), so that the fold of a plain token (ASCII, no apostrophe) and of a run of plain tokens
/// one byte apart is a slice of it; the few other tokens are folded when first asked for (most
/// tokens of a text in another script never are: only capitalised words and their neighbours are).
struct Folded<'t> {
    text: &'t str,
    /// The text, byte for byte: lower-case letters and digits, spaces for everything else.
    lower: String,
    /// The tokens that are not plain: their fold, once made, and their span in the text.
    special: Vec<(std::cell::OnceCell<String>, u32, u32)>,
    /// Per token: (start, end) in `lower`, or the index in `special` when the top bit of start is set.
    spans: Vec<(u32, u32)>,
}

const SPECIAL: u32 = 1 << 31;

impl<'t> Folded<'t> {
    fn new(text: &'t str, toks: &[Token]) -> Folded<'t> {
        // ASCII letters lower-cased and digits kept; every other byte (hyphens, apostrophes, bytes of
        // non-ASCII characters) a space (branch-free, so the loop vectorises)
        let bytes = text.as_bytes();
        let mut lower = vec![b' '; bytes.len()];
        for (o, &b) in lower.iter_mut().zip(bytes) {
            let l = b | 0x20;
            let alpha = l.wrapping_sub(b'a') < 26;
            let digit = b.wrapping_sub(b'0') < 10;
            *o = if alpha { l } else if digit { b } else { b' ' };
        }
        let lower = String::from_utf8(lower).expect("folded text is ASCII");
        let mut special = Vec::new();
        let mut spans = Vec::with_capacity(toks.len());
        for t in toks {
            if t.plain {
                spans.push((t.start as u32, t.end as u32));
                continue;
            }
            spans.push((special.len() as u32 | SPECIAL, 0));
            special.push((std::cell::OnceCell::new(), t.start as u32, t.end as u32));
        }
        Folded { text, lower, special, spans }
    }

    /// The folded token `i`.
    fn get(&self, i: usize) -> &str {
        let (s, e) = self.spans[i];
        if s & SPECIAL != 0 {
            let (fold, start, end) = &self.special[(s & !SPECIAL) as usize];
            fold.get_or_init(|| {
                let mut out = String::new();
                fold_token_into(&self.text[*start as usize..*end as usize], &mut out);
                out
            })
        } else {
            &self.lower[s as usize..e as usize]
        }
    }

    /// The folded tokens `i..i + n` joined by single spaces.
    fn run(&self, i: usize, n: usize) -> std::borrow::Cow<'_, str> {
        let spans = &self.spans[i..i + n];
        let contiguous = spans.iter().all(|&(s, _)| s & SPECIAL == 0) && spans.windows(2).all(|w| w[1].0 == w[0].1 + 1);
        if contiguous {
            return std::borrow::Cow::Borrowed(&self.lower[spans[0].0 as usize..spans[n - 1].1 as usize]);
        }
        let mut key = String::new();
        for k in i..i + n {
            if k > i {
                key.push(' ');
            }
            key.push_str(self.get(k));
        }
        std::borrow::Cow::Owned(key)
    }
}

/// Which lower-case words a text holds: a filter of the hashes the scan gave its words that start
/// in lower case (about eight bits per word, made on the first question), which answers most
/// questions with a no; a search confirms each yes.
struct LowerWords<'a> {
    text: &'a str,
    scan: &'a Scan,
    bits: std::cell::OnceCell<Vec<u64>>,
}

impl<'a> LowerWords<'a> {
    fn new(text: &'a str, scan: &'a Scan) -> LowerWords<'a> {
        LowerWords { text, scan, bits: std::cell::OnceCell::new() }
    }

    fn bit(hash: u64, bits: &[u64]) -> usize {
        (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & (bits.len() * 64 - 1)
    }

    /// Whether some token of the text is exactly `word`.
    fn contains(&self, word: &str) -> bool {
        let bytes = self.text.as_bytes();
        let Some(&first) = word.as_bytes().first() else { return false };
        if !first.is_ascii_lowercase() {
            return false;
        }
        // a token of one word is a word of the scan, with the same hash ("well-known" is two)
        let (hash, end) = word_hash(word.as_bytes(), 0);
        if end == word.len() {
            let bits = self.bits.get_or_init(|| {
                let words = &self.scan.words;
                let mut bits = vec![0u64; (words.len() / 8).next_power_of_two().clamp(16, 1 << 12)];
                for w in words {
                    if bytes[w.start].is_ascii_lowercase() {
                        let b = Self::bit(w.hash, &bits);
                        bits[b / 64] |= 1 << (b % 64);
                    }
                }
                bits
            });
            let b = Self::bit(hash, bits);
            if bits[b / 64] & (1 << (b % 64)) == 0 {
                return false;
            }
        }
        // a substring search, then: is some occurrence a whole token, and a word of prose, not a part
        // of a link or a handle ("vk.com/valuyki_live", "@kursk_spotter")?
        let toks = &self.scan.tokens;
        let in_link = |start: usize, end: usize| {
            let before = start.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(end).copied();
            matches!(before, Some(b'/' | b'@' | b'_' | b'.')) || matches!(after, Some(b'/' | b'_' | b'@'))
                || after == Some(b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric)
        };
        memchr::memmem::find_iter(bytes, word.as_bytes()).any(|p| {
            let k = toks.partition_point(|t| t.start < p);
            toks.get(k).is_some_and(|t| t.start == p && t.end == p + word.len()) && !in_link(p, p + word.len())
        })
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
    /// A small town in a place's frame: kept only if the document names its country.
    weak: bool,
    /// Weak, and accepted as a town of the story's theatre ([`Acceptance::IfStoryTown`]).
    story_town: bool,
}

/// What a candidate's readings hold (see [`Gazetteer::readings`]).
#[derive(Default, Clone, Copy)]
struct Readings {
    /// Some reading is curated.
    curated: bool,
    /// Some reading is a country.
    country: bool,
    /// The largest population of a reading.
    best_pop: u64,
    /// Some reading is a national capital, or a regional seat of 20,000 or more.
    capital: bool,
    /// The largest population of a reading in a theatre country.
    theatre_pop: u64,
    /// The largest population of a reading in a country of the story's theatre.
    story_pop: u64,
}

/// What [`Gazetteer::acceptable`] says of a candidate.
#[derive(PartialEq)]
enum Acceptance {
    No,
    Yes,
    /// Only where the document names the country of one of its readings ("near Metula" in a story
    /// that names Israel).
    IfCountryNamed,
    /// The same, or without other places near where one reading alone lies in the story's theatre
    /// ("posts at Lethem" in a story on Guyana).
    IfStoryTown,
}

/// The words around a candidate name that make it a place's name.
struct Frame {
    /// After a locative word ("in", "near", "from", "of").
    locative: bool,
    /// After a word that puts something at the place itself ("in", "near", "at", "into").
    close: bool,
    /// After a direction ("northern").
    direction: bool,
    /// Before ", <known place>" ("Zamosc, Poland").
    qualified: bool,
    /// After "<known place>, " ("Norfolk, Virginia").
    after_known: bool,
    /// Before a facility that carries its name ("Leh air base").
    facility: bool,
}

impl Frame {
    /// Whether the name stands where a place's name does ("to Khuzestan", "in Punjab, Pakistan",
    /// "Norfolk, Virginia").
    fn place(&self) -> bool {
        self.locative || self.direction || self.qualified || self.after_known
    }

    /// Whether a word before or after the name marks it as a place's.
    fn cue(&self) -> bool {
        self.facility || self.locative
    }
}

/// The common English words that name no place of note (`data/geo/common_words.txt`, made by
/// `scripts/build_common_words.py` from the wamerican word list and the gazetteer).
/// Words that say what kind of place a name is ("Kharkov Region", "Kherson Oblast").
const PLACE_KIND_WORDS: &[&str] = &[
    "oblast", "region", "raion", "rayon", "krai", "kray", "province", "governorate", "district", "county", "city", "town",
    "state", "republic", "island", "islands", "airport", "airfield", "airbase", "base", "port", "harbour", "harbor", "bay",
    "river", "valley", "mountains", "hills", "sea", "lake", "strait", "peninsula", "range", "station", "junction",
];

fn common_words() -> &'static rustc_hash::FxHashSet<&'static str> {
    static WORDS: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("../../../data/geo/common_words.txt").lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
    })
}

/// Whether [start, end) overlaps a blocked range; `blocked` is sorted by start and its ranges do not nest
/// deeply, so a look at the few ranges starting before `end` suffices.
fn overlaps_blocked(blocked: &[(usize, usize)], start: usize, end: usize) -> bool {
    blocked_meeting(blocked, start, end).next().is_some()
}

/// Whether every blocked span that meets `start..end` lies inside it, with text of the name before it.
fn covers_blocked(blocked: &[(usize, usize)], start: usize, end: usize) -> bool {
    blocked_meeting(blocked, start, end).all(|&(s, e)| start < s && e <= end)
}

/// The blocked spans (sorted by start) that meet `start..end`, looking back at most eight.
fn blocked_meeting(blocked: &[(usize, usize)], start: usize, end: usize) -> impl Iterator<Item = &(usize, usize)> {
    let i = blocked.partition_point(|&(s, _)| s < end);
    blocked[..i].iter().rev().take(8).filter(move |&&(s, e)| start < e && s < end)
}

/// A two-letter country code as a number, for cheap comparisons.
pub(crate) fn country_code(cc: &str) -> u16 {
    let b = cc.as_bytes();
    match b {
        [x, y] => u16::from_be_bytes([*x, *y]),
        _ => b.iter().fold(0u16, |h, &c| h.wrapping_mul(31).wrapping_add(u16::from(c))) | 0x8000,
    }
}

/// The lists a word next to a candidate name is looked up in, as bits of [`word_class`].
mod class {
    pub const LOCATIVE: u8 = 1;
    pub const CLOSE: u8 = 2;
    pub const DIRECTION: u8 = 4;
    pub const TITLE: u8 = 8;
    pub const FACILITY: u8 = 16;
    pub const MISSPELLING_CUE: u8 = 32;
    pub const BEARING: u8 = 64;
    pub const SETTLEMENT: u8 = 128;
}

/// The cue lists a word beside a candidate name is looked up in, with their bits.
const CUE_LISTS: [(&[&str], u8); 8] = [
    (LOCATIVE_CUES, class::LOCATIVE),
    (CLOSE, class::CLOSE),
    (DIRECTIONS, class::DIRECTION),
    (TITLES, class::TITLE),
    (FACILITIES, class::FACILITY),
    (MISSPELLING_CUES, class::MISSPELLING_CUE),
    (BEARINGS, class::BEARING),
    (SETTLEMENTS, class::SETTLEMENT),
];

/// Which of the [`CUE_LISTS`] hold `word`, in any case: one hash look-up for all of them.
fn word_class(word: &str) -> u8 {
    static TABLE: std::sync::OnceLock<rustc_hash::FxHashMap<u64, (&'static str, u8)>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t: rustc_hash::FxHashMap<u64, (&'static str, u8)> = Default::default();
        for (list, bit) in CUE_LISTS {
            for w in list {
                t.entry(lower_hash(w.as_bytes())).or_insert((w, 0)).1 |= bit;
            }
        }
        t
    });
    match table.get(&lower_hash(word.as_bytes())) {
        Some(&(w, bits)) if w.eq_ignore_ascii_case(word) => bits,
        _ => 0,
    }
}

/// A longitude difference brought into [-180, 180].
fn wrap_degrees(d: f64) -> f64 {
    if d > 180.0 {
        d - 360.0
    } else if d < -180.0 {
        d + 360.0
    } else {
        d
    }
}

fn gap_is_name_joiner(text: &str, a: &Token, b: &Token) -> bool {
    let gap = &text[a.end..b.start];
    !gap.is_empty() && gap.len() <= 2 && gap.chars().all(|c| c == ' ' || c == '-')
}

/// Whether `start..end` heads its line: only a list number before it ("3. ", "4) ") and a bracket, a
/// colon or the line's end after it (not a comma: a wire's dateline, "SEOUL, Oct 30", is where it was
/// written).
fn heads_line(text: &str, start: usize, end: usize) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
    let lead = text[line_start..start].trim();
    let numbered = lead.is_empty() || lead.trim_end_matches(['.', ')']).chars().all(|c| c.is_ascii_digit());
    let after = &text[end..];
    numbered && (after.starts_with(" (") || after.starts_with(':') || after.starts_with('\n') || after.is_empty())
}

/// Whether `start..end` is a place of a wire dateline, written in capitals at the head of the story's
/// first lines and cut off by a comma, a dash or a bracket ("KYIV -", "WASHINGTON/WARSAW, Feb 22
/// (Wire) -", "BELGRADE/PRISTINA -").
pub fn in_dateline(text: &str, start: usize, end: usize) -> bool {
    if start > 1200 {
        return false;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
    let lead = &text[line_start..start];
    // (a place before this one on the dateline, joined by a slash)
    let lead_ok = lead.trim().is_empty() || lead.ends_with('/') && lead.chars().all(|c| c.is_uppercase() || matches!(c, ' ' | '/' | '-' | '.' | '\''));
    let after = &text[end..];
    let cut = [", ", " - ", " -- ", " — ", " – ", "—", "–", "/", " ("].iter().any(|c| after.starts_with(c));
    lead_ok && cut && text[start..end].chars().all(|c| !c.is_lowercase())
}

/// Words that after a country's name make an organisation's or a title's name, not a person's ("Russia
/// Today", "Ukraine Crisis Media Center", "Georgia Tech"): the country stays a place there.
const ORGANISATION_WORDS: &[&str] = &[
    "Today", "Crisis", "Defence", "Defense", "Air", "Airlines", "Airways", "Times", "Post", "News", "Media", "Institute", "Council",
    "Group", "Forum", "Platform", "Tech", "University", "Army", "Navy", "Railways", "Railway", "Telecom", "Energy", "Oil", "Gas",
    "Bank", "Fund", "Centre", "Center", "Command", "Force", "Forces", "Guard", "Police", "Service", "Committee", "Mission",
    "Company", "Corporation", "Radio", "Television", "Channel", "Herald", "Weekly", "Daily", "Review", "Monitor", "Watch",
    "Insider", "Observer", "Embassy", "Consulate", "Office", "Ministry", "Parliament", "Senate", "Congress", "Republic",
];

/// Whether a folded surface is a place's own name, or a spelling of it that differs only in vowels
/// and doubled letters ("Tal Abyad" for Tall Abyaḑ, "Tell Abiad"): the way Arabic, Persian and
/// Turkic names are transliterated. Short names must match outright ("Ber" is no "Bar").
fn own_name_or_variant(name: &str, surface: &str) -> bool {
    let own = fold(name);
    if own == surface {
        return true;
    }
    let skeleton = |s: &str| {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if c == ' ' {
                out.push(' ');
            } else if !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'h') && !out.ends_with(c) {
                out.push(c);
            }
        }
        out
    };
    let k = skeleton(surface);
    k.bytes().filter(|&b| b != b' ').count() >= 4 && k == skeleton(&own)
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
        self.find_places_in(text, &scan(text), opts)
    }

    /// [`Gazetteer::find_places`] over the text's [`scan`], already made.
    pub fn find_places_in(&self, text: &str, scan: &Scan, opts: &ResolveOptions) -> Vec<PlaceMention> {
        let toks = &scan.tokens[..];
        let lower_words = LowerWords::new(text, scan);
        let folded = Folded::new(text, toks);
        let mut cands: Vec<Candidate> = Vec::new();
        let mut i = 0;
        let bytes = text.as_bytes();
        while i < toks.len() {
            // most words are in lower case and ASCII: told by their first byte
            let b0 = bytes[toks[i].start];
            let upper = if b0 < 0x80 { b0.is_ascii_uppercase() } else { starts_upper(toks[i].text(text)) };
            // a word in lower case can only start one of the few curated names written so ("western Russia")
            if !upper && !(self.may_start_lowercase_name(b0) && self.starts_lowercase_name(toks[i].text(text))) {
                i += 1;
                continue;
            }
            // a capitalised stop word ("The", "March", "Russian", a person's name) can only be a country
            // or the start of a longer name: skip the index otherwise
            if upper && {
                let f = folded.get(i);
                opts.stopwords.contains(f) && !self.starts_multiword(f) && !self.is_country_name(f) && !self.great_city_in_frame(text, toks, &folded, i)
            } {
                i += 1;
                continue;
            }
            match self.match_at(text, toks, &folded, i, opts, &lower_words) {
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
            let limit = self.max_words.min(toks.len() - i);
            for n in 2..=limit {
                if !gap_is_name_joiner(text, &toks[i + n - 2], &toks[i + n - 1]) {
                    break;
                }
                if !self.starts_multiword_with(&folded.run(i, n)) {
                    break;
                }
                max = n;
            }
        }
        for n in (1..=max).rev() {
            let (start, end) = (toks[i].start, toks[i + n - 1].end);
            let key = folded.run(i, n);
            let found = self.lookup(&key);
            if found.is_empty() {
                continue;
            }
            if !upper && !self.lowercase_allowed(&key) {
                continue;
            }
            let mut entries: Vec<EntryId> = found.to_vec();
            if !upper {
                entries.retain(|&e| self.entry(e).curated);
            }
            if entries.is_empty() {
                continue;
            }
            let mut c = Candidate { start, end, t0: i, t1: i + n, entries, corrected: false, weak: false, story_town: false };
            self.apply_region_suffix(text, toks, &mut c);
            let frame = self.frame(text, toks, folded, c.t0, c.t1);
            if n == 1 && c.t1 == i + 1 && !frame.place() {
                // a one-word region name is a region in a place's frame only ("to Khuzestan", "in
                // Punjab, Pakistan"): "Meta said", "Unity is..." are no regions
                c.entries.retain(|&e| {
                    let g = self.entry(e);
                    g.curated || g.kind != PlaceKind::AdminRegion
                });
                if c.entries.is_empty() {
                    continue;
                }
            }
            match self.acceptable(text, toks, folded, &c, &frame, opts, lower_words) {
                Acceptance::Yes => return Some(c),
                Acceptance::IfCountryNamed => return Some(Candidate { weak: true, ..c }),
                Acceptance::IfStoryTown => return Some(Candidate { weak: true, story_town: true, ..c }),
                Acceptance::No => {}
            }
        }
        // a range named by the Russian adjective of its town ("the Borisovsky range" by Borisov, "the
        // Mulinsky training ground" by Mulino): the town, where the theatre has it
        if upper {
            if let Some(c) = self.adjective_of_town(text, toks, folded, i, opts) {
                return Some(c);
            }
        }
        // a misspelt name: only in a clear locative frame, for capitalised unknown words
        if upper && first.len() >= 6 && !opts.stopwords.contains(folded.get(i)) {
            let prev = i.checked_sub(1).map(|k| toks[k].text(text));
            let cue = prev.is_some_and(|p| word_class(p) & class::MISSPELLING_CUE != 0);
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
                        let mut c = Candidate { start, end, t0: i, t1: i + n, entries, corrected: true, weak: false, story_town: false };
                        self.apply_region_suffix(text, toks, &mut c);
                        return Some(c);
                    }
                }
            }
        }
        None
    }

    /// A town named by its Russian adjective before a range's word ("Borisovsky range", "Mulinsky
    /// training ground"), read as the town where one reading lies in the theatre.
    fn adjective_of_town(&self, text: &str, toks: &[Token], folded: &Folded, i: usize, opts: &ResolveOptions) -> Option<Candidate> {
        let word = folded.get(i);
        if !(word.ends_with("sky") || word.ends_with("skiy")) || !self.lookup(word).is_empty() {
            return None;
        }
        let next = toks.get(i + 1)?;
        let range_word = ["range", "polygon", "training", "proving", "firing"].iter().any(|w| next.text(text).eq_ignore_ascii_case(w));
        if !range_word || !gap_is_name_joiner(text, &toks[i], next) {
            return None;
        }
        // -insky -> -ino (Mulino), -ovsky/-evsky -> -ov/-ev (Borisov), -sky -> the rest (Brest)
        let stems: Vec<String> = [("insky", "ino"), ("inskiy", "ino"), ("ovsky", "ov"), ("ovskiy", "ov"), ("evsky", "ev"), ("evskiy", "ev"), ("sky", ""), ("skiy", "")]
            .iter()
            .filter_map(|(suffix, with)| word.strip_suffix(suffix).map(|stem| format!("{stem}{with}")))
            .filter(|k| k.len() >= 4)
            .collect();
        let theatre: Vec<u16> = opts.theatre_countries.iter().map(|c| country_code(c)).collect();
        for key in stems {
            let entries: Vec<EntryId> = self.lookup(&key).iter().copied().filter(|&e| {
                let b = self.brief(e);
                theatre.contains(&b.country) && b.population >= 1000 && self.entry(e).kind == PlaceKind::PopulatedPlace
            }).collect();
            if !entries.is_empty() {
                return Some(Candidate { start: toks[i].start, end: toks[i].end, t0: i, t1: i + 1, entries, corrected: false, weak: false, story_town: false });
            }
        }
        None
    }

    /// A stop word that is also the name of a city of a million or more ("Alexandria", beside the
    /// given name) is that city after a locative preposition or before a named country or region
    /// ("near Alexandria", "Alexandria, Egypt").
    fn great_city_in_frame(&self, text: &str, toks: &[Token], folded: &Folded, i: usize) -> bool {
        let great = self.lookup(folded.get(i)).iter().any(|&e| {
            let g = self.entry(e);
            g.kind == PlaceKind::PopulatedPlace && g.population >= 1_000_000
        });
        great && {
            let frame = self.frame(text, toks, folded, i, i + 1);
            frame.locative || frame.close || frame.direction || frame.qualified
        }
    }

    /// The words around the name at tokens `t0..t1` that make it a place's name.
    fn frame(&self, text: &str, toks: &[Token], folded: &Folded, t0: usize, t1: usize) -> Frame {
        // (a word of the sentence before is no cue: "heading east. One fuel seller")
        let prev = t0.checked_sub(1).filter(|&k| !text[toks[k].end..toks[t0].start].contains(['.', '!', '?', ';', '\n'])).map(|k| toks[k].text(text));
        let known = |k: usize, gap: &str| gap.trim() == "," && starts_upper(toks[k].text(text)) && !self.lookup(folded.get(k)).is_empty();
        let next = toks.get(t1);
        // a facility named after the place ("the Leh air base", "Millerovo airfield")
        let facility = next.is_some_and(|n| {
            gap_is_name_joiner(text, &toks[t1 - 1], n) && {
                let w = n.text(text);
                word_class(w) & class::FACILITY != 0
                    || toks.get(t1 + 1).is_some_and(|m| {
                        let pair = (w.to_ascii_lowercase(), m.text(text).to_ascii_lowercase());
                        matches!((pair.0.as_str(), pair.1.as_str()), ("air" | "naval" | "military" | "army", "base") | ("training", "ground") | ("railway" | "rail", "station" | "yard"))
                    })
            }
        });
        let before = prev.map_or(0, word_class);
        // a bearing or a distance from the place ("east of Metula", "10 km south of Izium") puts
        // something right by it, as "near" does; so does the settlement it names ("the town of Raska")
        let bearing = prev.is_some_and(|p| p.eq_ignore_ascii_case("of"))
            && t0.checked_sub(2).is_some_and(|k| {
                let w = toks[k].text(text);
                word_class(w) & (class::BEARING | class::SETTLEMENT) != 0 && gap_is_name_joiner(text, &toks[k], &toks[t0 - 1])
            });
        Frame {
            locative: before & class::LOCATIVE != 0,
            close: before & class::CLOSE != 0 || bearing,
            direction: before & class::DIRECTION != 0,
            qualified: next.is_some_and(|n| known(t1, &text[toks[t1 - 1].end..n.start])),
            after_known: t0.checked_sub(1).is_some_and(|k| known(k, &text[toks[k].end..toks[t0].start])),
            facility,
        }
    }

    /// "Belgorod region", "Kherson Oblast": the mention is the region whose seat is the named city.
    fn apply_region_suffix(&self, text: &str, toks: &[Token], c: &mut Candidate) {
        let Some(next) = toks.get(c.t1) else { return };
        if !gap_is_name_joiner(text, &toks[c.t1 - 1], next) {
            return;
        }
        let word = next.text(text);
        // "Belgorod and Voronezh regions": the first name of a pair shares the plural region word
        let shared = word == "and"
            && toks.get(c.t1 + 2).is_some_and(|t| {
                let w = t.text(text);
                w.ends_with('s') && is_region_word(w)
            });
        if !is_region_word(word) && !shared {
            return;
        }
        // "Boise State", "Penn State" are universities: a capitalised "State" names only a region
        // already known by that name ("Osun State", "Rakhine State")
        if word == "State" && !c.entries.iter().any(|&e| self.entry(e).kind == PlaceKind::AdminRegion) {
            return;
        }
        // (the entries of that very name first: "Gali district" is Gali's in Georgia, not the region of
        // Galle, Sri Lanka, which GeoNames also spells "gali"; a town of the name that seats no region
        // is meant itself)
        let surface = fold(&text[c.start..c.end]);
        let own_named: Vec<u32> = c.entries.iter().copied().filter(|&e| fold(&self.entry(e).name) == surface).collect();
        let seats = |e: u32| {
            let g = self.entry(e);
            matches!(g.feature_code.as_ref(), "PPLA" | "PPLC") || g.kind == PlaceKind::AdminRegion
        };
        if !own_named.is_empty() && !own_named.iter().any(|&e| seats(e)) && self.admin_named(&surface).is_empty() {
            c.entries = own_named;
            return;
        }
        let considered: Vec<u32> = if own_named.is_empty() { c.entries.clone() } else { own_named };
        let mut regions = Vec::new();
        for &e in &considered {
            let g = self.entry(e);
            if matches!(g.feature_code.as_ref(), "PPLA" | "PPLC") {
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
        // a region that bears the name itself is meant before the region of a city of that name
        // ("Sucre state" is Venezuela's state, not the Bolivian region whose seat is Sucre)
        // (a curated region of the name stays: "Crimea region" is Crimea)
        let curated = c.entries.iter().any(|&e| self.brief(e).has(Brief::CURATED));
        let own = if curated { Vec::new() } else { self.admin_named(&fold(&text[c.start..c.end])).to_vec() };
        if !own.is_empty() {
            regions = own;
        }
        if !regions.is_empty() {
            c.entries = regions;
            if !shared {
                c.end = next.end;
                c.t1 += 1;
            }
        }
    }

    /// What a candidate's readings hold, in one pass over them.
    fn readings(&self, entries: &[EntryId], opts: &ResolveOptions) -> Readings {
        let in_theatre = |code: u16| opts.theatre_countries.iter().any(|t| country_code(t) == code);
        let in_story = |code: u16| opts.story_countries.iter().any(|t| country_code(t) == code);
        let mut r = Readings::default();
        for &e in entries {
            let b = self.brief(e);
            let population = u64::from(b.population);
            r.curated |= b.has(Brief::CURATED);
            r.country |= b.has(Brief::COUNTRY);
            r.capital |= b.has(Brief::CAPITAL);
            r.best_pop = r.best_pop.max(population);
            if population > r.theatre_pop && b.country != 0 && in_theatre(b.country) {
                r.theatre_pop = population;
            }
            if population > r.story_pop && b.country != 0 && in_story(b.country) {
                r.story_pop = population;
            }
        }
        r
    }

    fn acceptable(
        &self,
        text: &str,
        toks: &[Token],
        folded: &Folded,
        c: &Candidate,
        frame: &Frame,
        opts: &ResolveOptions,
        lower_words: &LowerWords,
    ) -> Acceptance {
        let surface = &text[c.start..c.end];
        let single = c.t1 - c.t0 == 1;
        // a name of several words ends on a capitalised word ("But a" is no place) or names a region
        // ("Khuzestan province")
        let last = toks[c.t1 - 1].text(text);
        let readings = self.readings(&c.entries, opts);
        let curated = readings.curated;
        if !single && !starts_upper(last) && !is_region_word(last) && !curated {
            return Acceptance::No;
        }
        let key: std::borrow::Cow<str> = if single { std::borrow::Cow::Borrowed(folded.get(c.t0)) } else { std::borrow::Cow::Owned(fold(surface)) };
        // (a curated name that takes in a blocked span whole stays: "BRP Sierra Madre", the shoal's
        // grounded outpost, is a name of the shoal though a ship's name follows the prefix)
        if overlaps_blocked(&opts.blocked, c.start, c.end) && !(curated && covers_blocked(&opts.blocked, c.start, c.end)) {
            return Acceptance::No;
        }
        // a title right before the candidate, or (for one word) before one or two capitalised words
        // before it, makes it (the end of) a person's name ("General Haftar", "Rear Admiral Roy Vincent
        // Trinidad", "Gen. Mark Milley")
        let mut k = c.t0;
        while k > 0 {
            let p = &toks[k - 1];
            let gap = &text[p.end..toks[k].start];
            let pw = p.text(text).trim_end_matches('.');
            if word_class(pw) & class::TITLE != 0 && (k == c.t0 || gap == " " || gap == ". ") {
                return Acceptance::No;
            }
            if !single || c.t0 - k == 2 || !starts_upper(pw) || !gap_is_name_joiner(text, p, &toks[k]) || sentence_start(text, p) {
                break;
            }
            k -= 1;
        }
        // a capitalised word followed by another capitalised unknown word is likely a person's name
        if curated {
            let stop = single && opts.stopwords.contains(key.as_ref()) && !readings.country;
            // a country's name before a surname is a given name ("Chad Smith", "Israel Katz"): a
            // title-case word right after that names no place of note and is no common word
            let given_name = single && readings.country && toks.get(c.t1).is_some_and(|n| {
                let w = n.text(text);
                let mut chars = w.chars();
                gap_is_name_joiner(text, &toks[c.t1 - 1], n)
                    && text[toks[c.t1 - 1].end..n.start] == *" "
                    && chars.next().is_some_and(char::is_uppercase)
                    && w.len() >= 3
                    && chars.all(char::is_lowercase)
                    && self.lookup(folded.get(c.t1)).iter().all(|&e| !self.brief(e).has(Brief::CURATED) && self.brief(e).population < 100_000)
                    && !ORGANISATION_WORDS.contains(&w)
                    && !lower_words.contains(&w.to_lowercase())
            });
            return if stop || given_name { Acceptance::No } else { Acceptance::Yes };
        }
        if single && opts.stopwords.contains(key.as_ref()) && !self.great_city_in_frame(text, toks, folded, c.t0) {
            return Acceptance::No;
        }
        if single && lower_words.contains(&surface.to_lowercase()) {
            return Acceptance::No; // a common word that happens to be capitalised here
        }
        // acronyms, but not a name in capitals that heads a line or a list item before its details
        // ("3. VALUYKI (Belgorod oblast, ...)", "KURSK: trains seen")
        if surface.len() < 3 || surface.chars().all(|ch| ch.is_uppercase()) && !(surface.len() >= 4 && (heads_line(text, c.start, c.end) || in_dateline(text, c.start, c.end))) {
            return Acceptance::No;
        }
        // contractions ("I’ve", "We’ll") are no names
        let lower = surface.to_lowercase();
        if ["'ve", "’ve", "'ll", "’ll", "'re", "’re", "'m", "’m", "'d", "’d", "n't", "n’t"].iter().any(|c| lower.ends_with(c)) {
            return Acceptance::No;
        }
        let (cue, qualified) = (frame.cue(), frame.qualified);
        // a common English word that names no place of note ("Desk" of "(Pacific Desk)", "Human") is a
        // place only with a place's cue ("in Desk", "the village of Desk")
        if single && !cue && common_words().contains(key.as_ref()) {
            return Acceptance::No;
        }
        let next_upper_unknown = toks.get(c.t1).is_some_and(|n| {
            gap_is_name_joiner(text, &toks[c.t1 - 1], n) && starts_upper(n.text(text)) && self.lookup(folded.get(c.t1)).is_empty()
        });
        if next_upper_unknown && !cue {
            return Acceptance::No; // "Austin Smith"
        }
        // the first word of a longer name the gazetteer lacks ("through Puerto Ordaz") is no place of
        // its own when only another name of some place matches it (El Puerto de Santa María's
        // "Puerto"); a kind of place or a common word after it does not make a longer name ("Kharkov
        // Region")
        if next_upper_unknown && single {
            let next = toks[c.t1].text(text).to_lowercase();
            let own_name = c.entries.iter().any(|&e| fold(&self.entry(e).name) == key.as_ref());
            if !own_name && !common_words().contains(next.as_str()) && !PLACE_KIND_WORDS.contains(&next.as_str()) {
                return Acceptance::No;
            }
        }
        // "Michael Jackson": a capitalised word right before, mid-sentence, that is not a place itself
        if single && c.t0 > 0 && !cue {
            let p = &toks[c.t0 - 1];
            let pw = p.text(text);
            // ("in The Hague": the article of a name that has one is no first name)
            let article = pw == "The" && c.entries.iter().any(|&e| self.entry(e).name.starts_with("The "));
            if starts_upper(pw) && !article && gap_is_name_joiner(text, p, &toks[c.t0]) && !sentence_start(text, p) && self.lookup(folded.get(c.t0 - 1)).is_empty() {
                return Acceptance::No;
            }
        }
        let Readings { best_pop, capital, theatre_pop, story_pop, .. } = readings;
        // (a name beside another capitalised word is likely a person's: "and Bernie Sanders", "Sen.
        // Cory Booker")
        let beside_names = story_pop > 0 && {
            let next_upper = toks.get(c.t1).is_some_and(|n| gap_is_name_joiner(text, &toks[c.t1 - 1], n) && starts_upper(n.text(text)));
            let prev_upper = c.t0 > 0 && {
                let p = &toks[c.t0 - 1];
                starts_upper(p.text(text)) && gap_is_name_joiner(text, p, &toks[c.t0]) && !sentence_start(text, p)
            };
            next_upper || prev_upper
        };
        let at_start = sentence_start(text, &toks[c.t0]);
        let yes = best_pop >= 100_000
            || capital
            || (theatre_pop >= 1000 && (cue || qualified || !at_start))
            || (at_start && theatre_pop >= 10_000)
            || ((cue || qualified) && best_pop >= 5_000);
        if yes {
            Acceptance::Yes
        } else if story_pop >= 1_000 && (frame.locative || frame.after_known) && !beside_names
            || at_start && story_pop >= 10_000
            // (a town of note in the story's country needs no cue mid-sentence: "the RSF holds Kutum")
            || !at_start && story_pop >= 20_000 && !beside_names
        {
            Acceptance::IfStoryTown
        } else if best_pop >= 1_000 && (frame.facility || frame.close) {
            Acceptance::IfCountryNamed
        } else {
            Acceptance::No
        }
    }

    fn resolve(&self, text: &str, cands: Vec<Candidate>, opts: &ResolveOptions) -> Vec<PlaceMention> {
        // anchors: mentions with a single reading (and countries named outright)
        let mut anchors: Vec<(f64, f64)> = Vec::new();
        let theatre: Vec<u16> = opts.theatre_countries.iter().map(|c| country_code(c)).collect();
        let mut doc_countries: Vec<u16> = opts.named_countries.iter().map(|c| country_code(c)).collect();
        // (a misspelling read as some place is no evidence of where the story is)
        for c in cands.iter().filter(|c| !c.weak && !c.corrected) {
            let curated: Vec<EntryId> = c.entries.iter().copied().filter(|&e| self.brief(e).has(Brief::CURATED)).collect();
            let only = if c.entries.len() == 1 { Some(c.entries[0]) } else if curated.len() == 1 { Some(curated[0]) } else { None };
            if let Some(e) = only {
                let g = self.entry(e);
                if let Some(cc) = &g.country {
                    let cc = country_code(cc);
                    if !doc_countries.contains(&cc) {
                        doc_countries.push(cc);
                    }
                }
                // a few dozen distinct anchors are context enough, and keep resolution linear; a
                // first-level region found by its name ("Texas") is too large to be one
                let large = g.kind == PlaceKind::Country || g.kind == PlaceKind::AdminRegion && !g.curated;
                if !large && g.radius_km < 400.0 && anchors.len() < 40 && !anchors.contains(&(g.lat, g.lon)) {
                    anchors.push((g.lat, g.lon));
                }
            }
        }
        // a story that names countries but none of the theatre's is about another theatre: the theatre's
        // places win no ambiguity there (Novi Pazar in Serbia, not Bulgaria's, beside Kosovo)
        let theatre = if doc_countries.is_empty() || doc_countries.iter().any(|c| theatre.contains(c)) { theatre } else { Vec::new() };
        // a small town in a place's frame stays where the document names its country, by its own name,
        // near another place of the document, as that reading
        // (or by any of its names in the country or region it is said to lie in: "Sadarak, in Nakhchivan")
        let lies_in: Vec<Vec<EntryId>> = (0..cands.len()).map(|k| if cands[k].weak { Self::lies_in(text, &cands, k).to_vec() } else { Vec::new() }).collect();
        // a name right after another place's name, one space between, is the second word of a longer
        // name the gazetteer lacks when none of its readings lies where the story is ("Harar Meda air
        // base" in Ethiopia holds no Italian Meda)
        let second_word: Vec<bool> = (0..cands.len()).map(|k| k > 0 && cands[k - 1].t1 == cands[k].t0 && &text[cands[k - 1].end..cands[k].start] == " ").collect();
        let cands: Vec<Candidate> = cands
            .into_iter()
            .zip(lies_in)
            .zip(second_word)
            .filter_map(|((mut c, lies_in), second_word)| {
                // a misspelling is read as a place of the story's countries or its theatre, not as some
                // other country's town that one of its other names is near ("Chumar" in Ladakh is no
                // "Chugmar", Turkey's Hakkâri)
                let in_story_or_theatre = |e: EntryId| {
                    let b = self.brief(e);
                    b.country != 0 && (doc_countries.contains(&b.country) || theatre.contains(&b.country))
                };
                if c.corrected {
                    c.entries.retain(|&e| in_story_or_theatre(e));
                }
                if second_word && !doc_countries.is_empty() && c.entries.iter().all(|&e| !in_story_or_theatre(e) && !self.brief(e).has(Brief::CURATED)) {
                    return None;
                }
                // a word that only other names of places abroad match is none of them ("Ber" in a story
                // on Mali is not Greece's Véroia, one of whose other names it is)
                if c.t1 - c.t0 == 1 && !doc_countries.is_empty() && {
                    let surface = fold(&text[c.start..c.end]);
                    c.entries.iter().all(|&e| !in_story_or_theatre(e) && !self.brief(e).has(Brief::CURATED) && fold(&self.entry(e).name) != surface)
                } {
                    return None;
                }
                if c.weak {
                    // by its own name, not an alternate one ("Ford" is no town's name in a US story)
                    let surface = fold(&text[c.start..c.end]);
                    // (in another theatre's story, the one town of that name in its countries needs no
                    // other place near it: "posts at Lethem" in a story on Guyana)
                    let in_story = |e: EntryId| {
                        let g = self.entry(e);
                        self.brief(e).population >= 1000
                            && g.country.as_deref().is_some_and(|cc| opts.story_countries.iter().any(|s| s == cc))
                            && own_name_or_variant(&g.name, &surface)
                    };
                    let story_only = c.story_town && c.entries.iter().filter(|&&e| in_story(e)).count() == 1;
                    c.entries.retain(|&e| {
                        let g = self.entry(e);
                        let placed = lies_in.iter().any(|&q| self.fits_qualifier(g, q));
                        story_only && in_story(e)
                            || self.brief(e).population >= 1000
                                && g.country.as_deref().is_some_and(|cc| doc_countries.contains(&country_code(cc)))
                                && (placed || own_name_or_variant(&g.name, &surface))
                                && (placed || anchors.iter().any(|&(la, lo)| haversine_km(la, lo, g.lat, g.lon) < 150.0))
                    });
                }
                (!c.entries.is_empty()).then_some(c)
            })
            .collect();
        let mut out = Vec::with_capacity(cands.len());
        // a name mentioned again with the same qualifiers resolves as before (anchors are per document)
        let mut resolved: rustc_hash::FxHashMap<(&[EntryId], Vec<EntryId>), EntryId> = Default::default();
        for (k, c) in cands.iter().enumerate() {
            // qualifier: "Zamosc, Poland", "Vesela Lopan, Bolgorod", "Kamenka, near Vyborg", "in Crimea"
            // later in the sentence
            let mut qualifiers: Vec<EntryId> = Vec::new();
            if let Some(next) = cands.get(k + 1) {
                let gap = text[c.end..next.start].trim();
                if matches!(gap, "," | "in" | ", in" | "" | ", near" | "near" | ", outside" | "outside") {
                    qualifiers.extend(next.entries.iter().copied());
                }
            }
            let lies_in = Self::lies_in(text, &cands, k);
            // a region or country introduced by "in" shortly after ("Novoozerne, in Crimea")
            let sentence_end = memchr::memchr2(b'.', b'\n', &text.as_bytes()[c.end..]).map(|p| c.end + p).unwrap_or(text.len());
            for n in cands.iter().skip(k + 1).take_while(|n| n.start < sentence_end && n.start - c.end <= 60) {
                let before = text[c.end..n.start].trim_end();
                if before.ends_with(" in") || before.ends_with(", in") || before == "in" {
                    qualifiers.extend(n.entries.iter().copied().filter(|&e| {
                        matches!(self.entry(e).kind, PlaceKind::Country | PlaceKind::AdminRegion)
                    }));
                }
            }
            // a town or site put in a country or region where none of its readings lies is another
            // place, missing from the gazetteer ("the village of Banjska, in northern Kosovo" is not
            // Bulgaria's Bansko, one of whose other names it shares)
            let regional = |e: EntryId| matches!(self.entry(e).kind, PlaceKind::Country | PlaceKind::AdminRegion | PlaceKind::Other);
            let local = |e: EntryId| matches!(self.entry(e).kind, PlaceKind::PopulatedPlace | PlaceKind::MilitarySite);
            if !lies_in.is_empty()
                && lies_in.iter().all(|&q| regional(q))
                && c.entries.iter().all(|&e| local(e))
                && !c.entries.iter().any(|&e| lies_in.iter().any(|&q| self.fits_qualifier(self.entry(e), q)))
            {
                continue;
            }
            // a name with one reading needs no scoring; a name with hundreds of villages is scored on its
            // most populous readings and every curated or theatre one (lists are sorted by population)
            if c.entries.len() == 1 {
                out.push(PlaceMention { start: c.start, end: c.end, entry: c.entries[0], corrected: c.corrected });
                continue;
            }
            let best = *resolved.entry((c.entries.as_slice(), qualifiers)).or_insert_with_key(|(_, qualifiers)| {
                // the theatre does not win a name's ambiguity over a reading in a country the story names
                // from outside the theatre: its readings elsewhere get no bonus then ("Jermuk" in a story
                // about Armenia is Armenia's, not Turkey's Çermik; "Voronezh" beside "the Ukrainian
                // border" stays Russia's city, Ukraine being a theatre country)
                let in_story = |e: EntryId| {
                    let b = self.brief(e);
                    b.country != 0 && doc_countries.contains(&b.country)
                };
                let some_in_story = c.entries.iter().any(|&e| {
                    let b = self.brief(e);
                    in_story(e) && !theatre.contains(&b.country)
                });
                let theatre_for = |e: EntryId| if some_in_story && !in_story(e) { &[][..] } else { &theatre[..] };
                // a reading named so outright beats one that only has it among its other names ("Goris"
                // is Armenia's Goris, not Georgia's Gori, one of whose other names it is)
                // (among the gazetteer's own readings: a curated one, "Gaza" for the Strip, was chosen
                // by a person already)
                let surface = fold(&text[c.start..c.end]);
                let curated = c.entries.iter().any(|&e| self.brief(e).has(Brief::CURATED));
                let own_name = |e: EntryId| if !curated && fold(&self.entry(e).name) == surface { 1.0 } else { 0.0 };
                c.entries
                    .iter()
                    .enumerate()
                    .filter(|&(k, &e)| {
                        let b = self.brief(e);
                        k < 12 || b.has(Brief::CURATED) || b.country != 0 && theatre.contains(&b.country)
                    })
                    .map(|(_, &e)| (self.score(e, theatre_for(e), &doc_countries, &anchors, qualifiers) + self.garrison_bonus(e, &opts.garrisons) + own_name(e), e))
                    .max_by(|(sa, a), (sb, b)| {
                        sa.total_cmp(sb).then(self.entry(*a).population.cmp(&self.entry(*b).population)).then(b.cmp(a))
                    })
                    .map(|(_, e)| e)
                    .expect("candidates are never empty")
            });
            out.push(PlaceMention { start: c.start, end: c.end, entry: best, corrected: c.corrected });
        }
        out
    }

    /// The readings of the name right after candidate `k` that say where it lies ("X, in Y", "X in Y").
    fn lies_in<'c>(text: &str, cands: &'c [Candidate], k: usize) -> &'c [EntryId] {
        match cands.get(k + 1) {
            Some(next) if matches!(text[cands[k].end..next.start].trim(), "in" | ", in") => &next.entries,
            _ => &[],
        }
    }

    /// Whether a reading lies in a qualifying country or region, or near a qualifying town.
    fn fits_qualifier(&self, g: &GeoEntry, q: EntryId) -> bool {
        let qe = self.entry(q);
        let same_country = qe.kind == PlaceKind::Country && qe.country == g.country;
        let same_admin = matches!(qe.kind, PlaceKind::AdminRegion | PlaceKind::Other)
            && (qe.admin1.is_some() && qe.admin1 == g.admin1 && qe.country == g.country
                || qe.radius_km > 0.0 && haversine_km(qe.lat, qe.lon, g.lat, g.lon) <= qe.radius_km * 1.2);
        let near_place = qe.kind == PlaceKind::PopulatedPlace && haversine_km(qe.lat, qe.lon, g.lat, g.lon) < 150.0;
        same_country || same_admin || near_place
    }

    /// A bonus for a reading at the home garrison of a formation the document names.
    fn garrison_bonus(&self, e: EntryId, garrisons: &[(f64, f64)]) -> f64 {
        let g = self.entry(e);
        if g.kind == PlaceKind::Country || g.kind == PlaceKind::AdminRegion {
            return 0.0;
        }
        if garrisons.iter().any(|&(la, lo)| haversine_km(la, lo, g.lat, g.lon) < 30.0) { 4.0 } else { 0.0 }
    }

    fn score(
        &self,
        e: EntryId,
        theatre: &[u16],
        doc_countries: &[u16],
        anchors: &[(f64, f64)],
        qualifiers: &[EntryId],
    ) -> f64 {
        let g = self.entry(e);
        let mut s = ((g.population as f64) + 1.0).ln() * 0.5;
        if g.curated {
            s += 8.0;
        }
        s += match g.feature_code.as_ref() {
            "PPLC" => 3.0,
            "PPLA" => 1.5,
            "PPLA2" => 0.7,
            _ => 0.0,
        };
        if let Some(cc) = &g.country {
            let cc = country_code(cc);
            if theatre.contains(&cc) {
                s += 3.0;
            }
            if doc_countries.contains(&cc) {
                s += 1.5;
            }
        }
        if qualifiers.iter().any(|&q| self.fits_qualifier(g, q)) {
            s += 6.0;
        }
        if g.kind != PlaceKind::Country && !anchors.is_empty() {
            // an equirectangular estimate is precise enough for "within 300 / 1000 km"
            let k = g.lat.to_radians().cos();
            let nearest = anchors
                .iter()
                .map(|&(la, lo)| {
                    let dlon = wrap_degrees(lo - g.lon) * k;
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

#[cfg(test)]
mod tests {
    #[test]
    fn transliteration_variants_differ_in_vowels_and_doubled_letters_only() {
        use super::own_name_or_variant as v;
        assert!(v("Tall Abyaḑ", "tal abyad"));
        assert!(v("Tall Abyaḑ", "tell abiad"));
        assert!(v("Ceylanpınar", "ceylanpinar"));
        assert!(!v("Tall Abyaḑ", "tal tamr"));
        assert!(!v("Bar", "ber"), "short names match outright");
        assert!(!v("Mosul", "mosel"));
    }

    #[test]
    fn the_common_words_file_is_sorted_lower_case_words() {
        let lines: Vec<&str> = include_str!("../../../data/geo/common_words.txt").lines().filter(|l| !l.starts_with('#')).collect();
        assert!(lines.len() > 1000);
        assert!(lines.iter().all(|w| w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase())), "a line that is no lower-case word");
        assert!(lines.windows(2).all(|p| p[0] < p[1]), "unsorted or repeated");
        assert!(super::common_words().contains("desk") && !super::common_words().contains("acre"));
    }

    use super::*;

    #[test]
    fn folded_tokens_and_runs_equal_the_fold_of_their_text() {
        let s = "Near Rostov-on-Don, O'Neill met L’viv's Zamość  Kyiv - Lviv T-72B3 Воронеж ‘Kharkiv’ end";
        let toks = scan(s).tokens;
        let f = Folded::new(s, &toks);
        for (i, t) in toks.iter().enumerate() {
            assert_eq!(f.get(i), fold(t.text(s)), "token {:?}", t.text(s));
        }
        for n in 2..4 {
            for i in 0..=toks.len() - n {
                let joined: Vec<String> = toks[i..i + n].iter().map(|t| fold(t.text(s))).collect();
                assert_eq!(f.run(i, n), joined.join(" "), "run of {n} from {:?}", toks[i].text(s));
            }
        }
    }

    #[test]
    fn a_word_has_the_class_of_every_cue_list_that_holds_it_in_any_case() {
        for (list, _) in CUE_LISTS {
            for w in list {
                for form in [w.to_string(), w.to_ascii_uppercase(), w[..1].to_ascii_uppercase() + &w[1..]] {
                    let want = CUE_LISTS.iter().filter(|(l, _)| l.contains(w)).fold(0, |b, (_, bit)| b | bit);
                    assert_eq!(word_class(&form), want, "{form}");
                }
            }
        }
        assert_eq!(word_class("Near") & class::CLOSE, class::CLOSE);
        assert_eq!(word_class("nearer"), 0);
        assert_eq!(word_class(""), 0);
        assert_eq!(word_class("Воронеж"), 0);
    }

    #[test]
    fn lower_words_are_whole_tokens_in_lower_case() {
        let s = "The marks of the Marksman; marksmen mark it, a well-known mark’s well-worn ‘mark’.";
        let sc = scan(s);
        let w = LowerWords::new(s, &sc);
        assert!(w.contains("marks"));
        assert!(w.contains("mark"));
        assert!(!w.contains("marksman"), "only written capitalised");
        assert!(!w.contains("ark"), "inside a word");
        // tokens of several words ("well-known") are found whole, not by their parts
        assert!(w.contains("well-known") && w.contains("well-worn"));
        assert!(!w.contains("well") && !w.contains("known"));
        assert!(!w.contains("Marks"), "lower case only");
        // a first token of another case does not hide a later one in this case
        let s = "An iPhone, an IPHONE, an iphone.";
        let sc = scan(s);
        assert!(LowerWords::new(s, &sc).contains("iphone"));
        let s = "An iPhone.";
        let sc = scan(s);
        assert!(!LowerWords::new(s, &sc).contains("iphone"));
        // nor the words of links and handles
        let s = "Valuyki, see vk.com/valuyki_live and @rossosh_news or t.me/millerovo/12; kursk.example.org";
        let sc = scan(s);
        let w = LowerWords::new(s, &sc);
        for word in ["valuyki", "rossosh", "millerovo", "kursk"] {
            assert!(!w.contains(word), "{word}");
        }
        assert!(w.contains("see") && w.contains("or"));
    }
}
