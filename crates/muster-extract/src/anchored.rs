//! Regular expressions tried only around the words every match contains.
//!
//! A full-text scan of each rule pattern costs a few instructions per byte, every document, for
//! patterns that match a few dozen times. Every match of these patterns contains a digit run or one
//! of a few head words ("Monday", "week", "March", "thousands", "third"), so one pass per document
//! ([`Anchors::new`] over the words the phrase matcher splits anyway: the starts of digit runs, and the
//! words looked up by their hash in a small table of head words) finds them, and each pattern is searched only in a short window around each of its
//! heads, left to right, skipping heads inside the previous match. The matches are those of
//! `captures_iter` over the whole text (`tests::assert_same_as_full_scan` checks it for every
//! pattern), provided that no match starts more than the pattern's `before` bytes ahead of its head
//! or ends more than `after` bytes past it, and that head words stand as words or parts of a
//! hyphenated word (not glued to another word: "onMonday").

use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};
use std::sync::OnceLock;

/// The words every match of a pattern contains, besides (or instead of) a digit run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heads {
    /// Only digit runs.
    Digits,
    /// Month names and abbreviations, or digit runs (absolute dates start with one or the other).
    MonthsOrDigits,
    /// Relative dates: "today", weekdays, "morning", "week", "days", months...
    RelativeDates,
    /// "one" to "sixty", "tens", "hundreds", "dozen", "pair"...
    NumberWords,
    /// "first" to "twentieth", or digit runs.
    OrdinalsOrDigits,
}

const MONTHS: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec",
];
/// A word in every relative-date alternative (with the months).
const RELATIVE_DATES: &[&str] = &[
    "today", "tonight", "yesterday", "morning", "afternoon", "evening", "night", "overnight", "tomorrow", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "week", "weeks", "month", "year", "fortnight",
    "days", "day", "weekend",
];
const NUMBER_WORDS: &[&str] = &[
    "tens", "hundreds", "thousands", "dozens", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "dozen",
    "pair", "half", "quarter", "million",
];
const ORDINALS: &[&str] = &[
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
    "twentieth",
];

/// Every head word by the hash the phrase matcher gives words ([`crate::matcher::word_hash`]), with
/// the word itself (lower case) and its sets as bits: 1 months, 2 relative dates, 4 number words, 8
/// ordinals; and a filter of their hashes (one bit of 4096 each), which turns away most other words
/// before the table is asked.
struct HeadWords {
    table: rustc_hash::FxHashMap<u64, (&'static str, u8)>,
    filter: [u64; 64],
}

impl HeadWords {
    fn bit(hash: u64) -> usize {
        (hash >> 52) as usize
    }

    fn get(&self, hash: u64) -> Option<&(&'static str, u8)> {
        let bit = Self::bit(hash);
        if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        self.table.get(&hash)
    }
}

fn head_words() -> &'static HeadWords {
    static TABLE: OnceLock<HeadWords> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = HeadWords { table: Default::default(), filter: [0; 64] };
        for (words, bit) in [(MONTHS, 1u8), (RELATIVE_DATES, 2), (NUMBER_WORDS, 4), (ORDINALS, 8)] {
            for w in words {
                let lower: &'static str = Box::leak(w.to_ascii_lowercase().into_boxed_str());
                let hash = crate::matcher::word_hash(lower.as_bytes(), 0).0;
                t.table.entry(hash).or_insert((lower, 0)).1 |= bit;
                let b = HeadWords::bit(hash);
                t.filter[b / 64] |= 1 << (b % 64);
            }
        }
        t
    })
}

/// The heads of one document, per set, in text order.
pub struct Anchors {
    digits: Vec<usize>,
    months_or_digits: Vec<usize>,
    relative: Vec<usize>,
    numbers: Vec<usize>,
    ordinals_or_digits: Vec<usize>,
}

impl Anchors {
    /// The heads among the text's words (as the phrase matcher splits them: "mid-March" is two).
    pub fn new(text: &str, words: &[crate::matcher::Word]) -> Anchors {
        let bytes = text.as_bytes();
        let table = head_words();
        let mut a = Anchors { digits: Vec::new(), months_or_digits: Vec::new(), relative: Vec::new(), numbers: Vec::new(), ordinals_or_digits: Vec::new() };
        let (mut months, mut ordinals) = (Vec::new(), Vec::new());
        for w in words {
            let word = &bytes[w.start..w.end];
            // a pattern that starts with a digit starts a run of digits: its own word boundary, or the
            // greed of the number pattern before it, rules out the middle of a run
            if w.digits {
                let mut prev_digit = false;
                for (i, b) in word.iter().enumerate() {
                    let d = b.is_ascii_digit();
                    if d && !prev_digit {
                        a.digits.push(w.start + i);
                    }
                    prev_digit = d;
                }
                continue;
            }
            let Some(&(head, bits)) = table.get(w.hash) else { continue };
            if !word.eq_ignore_ascii_case(head.as_bytes()) {
                continue;
            }
            if bits & 1 != 0 {
                months.push(w.start);
            }
            if bits & 3 != 0 {
                a.relative.push(w.start);
            }
            if bits & 4 != 0 {
                a.numbers.push(w.start);
            }
            if bits & 8 != 0 {
                ordinals.push(w.start);
            }
        }
        let merge = |a: &[usize], b: &[usize]| {
            let mut v: Vec<usize> = a.iter().chain(b).copied().collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        a.months_or_digits = merge(&months, &a.digits);
        a.ordinals_or_digits = merge(&ordinals, &a.digits);
        a
    }

    /// [`Anchors::new`] with the text's words made here.
    pub fn of(text: &str) -> Anchors {
        Anchors::new(text, &muster_geo::scan(text).words)
    }

    fn heads(&self, set: Heads) -> &[usize] {
        match set {
            Heads::Digits => &self.digits,
            Heads::MonthsOrDigits => &self.months_or_digits,
            Heads::RelativeDates => &self.relative,
            Heads::NumberWords => &self.numbers,
            Heads::OrdinalsOrDigits => &self.ordinals_or_digits,
        }
    }
}

/// A pattern, the heads its matches contain and how far a match reaches around its head.
pub struct AnchoredRegex {
    /// The pattern as written (tests compare with a full scan of it).
    pattern: String,
    re: Regex,
    heads: Heads,
    /// At most this many bytes from a match's start to its head (0: matches start at their head).
    before: usize,
    /// At most this many bytes from the head to a match's end.
    after: usize,
}

/// A match of one group: its span in the text.
#[derive(Debug, Clone, Copy)]
pub struct Group<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Group<'t> {
    pub fn start(&self) -> usize {
        self.start
    }
    pub fn end(&self) -> usize {
        self.end
    }
    pub fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }
}

/// The groups of one match, by name.
pub struct Caps<'t> {
    caps: Captures,
    text: &'t str,
}

impl<'t> Caps<'t> {
    /// The whole match.
    pub fn whole(&self) -> Group<'t> {
        let m = self.caps.get_match().expect("a match");
        Group { text: self.text, start: m.start(), end: m.end() }
    }
    /// The named group, if it took part in the match.
    pub fn name(&self, name: &str) -> Option<Group<'t>> {
        self.caps.get_group_by_name(name).map(|s| Group { text: self.text, start: s.start, end: s.end })
    }

    /// Group `index` (see [`AnchoredRegex::group`]), if it took part in the match: no look-up by name.
    pub fn at(&self, index: usize) -> Option<Group<'t>> {
        self.caps.get_group(index).map(|s| Group { text: self.text, start: s.start, end: s.end })
    }
}

impl std::ops::Index<&str> for Caps<'_> {
    type Output = str;
    /// The text of a named group that took part in the match (panics otherwise, like `regex`).
    fn index(&self, name: &str) -> &str {
        let s = self.caps.get_group_by_name(name).unwrap_or_else(|| panic!("no group named {name} in this match"));
        &self.text[s.start..s.end]
    }
}

impl AnchoredRegex {
    /// Compiles `pattern`: each of its matches contains one of `heads`, starts at most `before` bytes
    /// ahead of it and ends at most `after` bytes past it.
    pub fn new(pattern: &str, heads: Heads, before: usize, after: usize) -> AnchoredRegex {
        let re = Regex::new(pattern).unwrap_or_else(|e| panic!("pattern {pattern:?}: {e}"));
        AnchoredRegex { pattern: pattern.to_string(), re, heads, before, after }
    }

    /// The index of the group called `name` (panics if the pattern has none: a programming error).
    pub fn group(&self, name: &str) -> usize {
        self.re
            .group_info()
            .to_index(regex_automata::PatternID::ZERO, name)
            .unwrap_or_else(|| panic!("no group {name} in {:?}", self.pattern))
    }

    /// Every match, left to right, not overlapping: the matches of a full scan of `text`, whose
    /// anchors are `anchors`.
    pub fn captures_iter<'t>(&self, text: &'t str, anchors: &Anchors) -> Vec<Caps<'t>> {
        self.captures_where(text, anchors, |_| None)
    }

    /// [`AnchoredRegex::captures_iter`] without the heads that `skip` turns away: for such a head it
    /// returns where the match it would have made surely ends, and heads before that are passed over
    /// too.
    pub fn captures_where<'t>(&self, text: &'t str, anchors: &Anchors, skip: impl Fn(usize) -> Option<usize>) -> Vec<Caps<'t>> {
        let mut out = Vec::new();
        let mut free_from = 0;
        let mut caps = self.re.create_captures();
        for &h in anchors.heads(self.heads) {
            if h < free_from {
                continue;
            }
            if let Some(end) = skip(h) {
                free_from = end.max(h + 1);
                continue;
            }
            let mut from = h.saturating_sub(self.before).max(free_from);
            while !text.is_char_boundary(from) {
                from += 1;
            }
            let mut to = (h + self.after).min(text.len());
            while !text.is_char_boundary(to) {
                to += 1;
            }
            let input = Input::new(text).range(from..to).anchored(if self.before == 0 { Anchored::Yes } else { Anchored::No });
            // in a window, a cheap yes or no first: most heads are in no match (an anchored search that
            // fails, fails as fast)
            if self.before > 0 && self.re.search_half(&input).is_none() {
                continue;
            }
            self.re.search_captures(&input, &mut caps);
            if let Some(m) = caps.get_match() {
                free_from = m.end().max(h + 1);
                out.push(Caps { caps: caps.clone(), text });
            }
        }
        out
    }

    /// The match starting exactly at `at`, if any.
    pub fn captures_at<'t>(&self, text: &'t str, at: usize) -> Option<Caps<'t>> {
        let mut caps = self.re.create_captures();
        self.re.search_captures(&Input::new(text).range(at..).anchored(Anchored::Yes), &mut caps);
        caps.get_match().is_some().then_some(Caps { caps, text })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Checks that `a` finds what a full scan of its pattern finds, group by group, in every text.
    pub fn assert_same_as_full_scan(a: &AnchoredRegex, texts: &[&str]) {
        let full = regex::Regex::new(&a.pattern).unwrap();
        let groups: Vec<&str> = full.capture_names().flatten().collect();
        for text in texts {
            let want: Vec<Vec<Option<(usize, usize)>>> = full
                .captures_iter(text)
                .map(|c| {
                    let mut v = vec![c.get(0).map(|m| (m.start(), m.end()))];
                    v.extend(groups.iter().map(|g| c.name(g).map(|m| (m.start(), m.end()))));
                    v
                })
                .collect();
            let got: Vec<Vec<Option<(usize, usize)>>> = a
                .captures_iter(text, &Anchors::of(text))
                .iter()
                .map(|c| {
                    let w = c.whole();
                    let mut v = vec![Some((w.start(), w.end()))];
                    v.extend(groups.iter().map(|g| c.name(g).map(|m| (m.start(), m.end()))));
                    v
                })
                .collect();
            assert_eq!(got, want, "pattern {:?} in {:?}", a.pattern, &text[..text.len().min(200)]);
        }
    }

    /// Texts to compare on: the demo corpus as raw files, and sentences written for this test.
    pub fn sample_texts() -> Vec<String> {
        let mut out: Vec<String> = [
            "On Monday, 3 days ago and LAST week, 12 day; said  Monday\u{a0}Tuesday; by\tFriday morning.",
            "Troops arrived on 10 December 2021, on Dec. 6 and on 2022-02-10; in early January, late-February, mid March.",
            "Between 169,000 and 190,000 troops; 1.5 million to 2 million; 100-odd thousand; a 130,000-plus force; 3,0o0.",
            "Tens of thousands of troops, a dozen tanks, a pair of jets, two hundred vehicles, fifteen ships.",
            "The 3rd, 42nd and 150th Motorised Rifle Divisions; the first tank army; the 49th zenite rocket brigade; the 3rd.",
            "Some 28 miles from Ukraine, 15 and 42 miles (24 and 68 km) north-east of the border, 200km away from Kyiv.",
            "x1 days 22 days last month; within the past week; in recent days; the day before; overnight; tonight; over the weekend, last weekend.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
        let mut stack = vec![demo];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if let Ok(t) = std::fs::read_to_string(&p) {
                    out.push(t);
                }
            }
        }
        out
    }

    #[test]
    fn digits_and_words_start_matches() {
        let p = r"(?i)(?-u:\b)(?:(?P<n>\d+)\s+(?P<w>days?)|last\s+(?P<u>week|month)|(?P<m>on)?\s*(?P<d>monday))(?-u:\b)";
        // digits are no head of this pattern, but "day(s)" is
        let a = AnchoredRegex::new(p, Heads::RelativeDates, 40, 60);
        let texts = sample_texts();
        assert_same_as_full_scan(&a, &texts.iter().map(String::as_str).collect::<Vec<_>>());
    }

    #[test]
    fn a_missing_start_word_is_caught() {
        // "soon" is no head word: the comparison must fail
        let p = r"(?i)(?-u:\b)soon(?-u:\b)";
        let a = AnchoredRegex::new(p, Heads::RelativeDates, 40, 60);
        let r = std::panic::catch_unwind(|| assert_same_as_full_scan(&a, &["see you soon"]));
        assert!(r.is_err());
    }
}
