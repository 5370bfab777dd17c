//! Force numbers: "175,000 troops", "more than 150,000", "up to 175,000 men", "as many as 7000 more",
//! "over 100 battalion tactical groups", "60 per cent of the entire land combat power",
//! "1.5 million to 2 million", "six amphibious assault vessels", "tens of thousands".

use crate::matcher::{Cue, Meaning};
use crate::actors::Speaker;
use crate::{ends_with_word, Ctx};
use muster_model::{Actor, Quantity, Span};
use crate::anchored::{AnchoredRegex, Anchors, Heads};

/// The compiled number patterns.
pub struct NumberFinder {
    number: AnchoredRegex,
    words: AnchoredRegex,
    /// Group indices of `number`: the digits, the multiplier, the suffix.
    n: usize,
    mult: usize,
    suffix: usize,
}

const NUMBER: &str = r"(?i-u)(?P<n>\d(?:[\d,oO]*[\doO])?(?:\.\d+)?)(?:\s*(?P<mult>million|mln|bn|billion|thousand|m(?-u:\b)|k(?-u:\b)))?(?P<suffix>-plus|-odd|-strong|\+)?";
const NUMBER_WORDS: &str = r"(?i-u)(?-u:\b)(?P<vague>tens of thousands|hundreds of thousands|thousands|hundreds|dozens)\s+of(?-u:\b)|(?-u:\b)(?P<w>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|a thousand|a dozen|a pair of|half a million|a quarter of a million|a million)(?:-(?P<wu>one|two|three|four|five|six|seven|eight|nine))?(?-u:\b)(?:\s+(?P<wmult>hundred|thousand|million|dozen))?";

/// A number in the text, before we know what it counts.
#[derive(Debug, Clone)]
struct Figure {
    span: Span,
    value: f64,
    high: Option<f64>,
    /// Where to look for the counted noun.
    tail: usize,
    implausible: bool,
    qualifier: Option<&'static str>,
    vague: bool,
}

/// Numbers written in words, and their values (also read by `distances`).
pub(crate) const SMALL: &[(&str, f64)] = &[
    ("one", 1.0), ("two", 2.0), ("three", 3.0), ("four", 4.0), ("five", 5.0), ("six", 6.0), ("seven", 7.0),
    ("eight", 8.0), ("nine", 9.0), ("ten", 10.0), ("eleven", 11.0), ("twelve", 12.0), ("thirteen", 13.0),
    ("fourteen", 14.0), ("fifteen", 15.0), ("sixteen", 16.0), ("seventeen", 17.0), ("eighteen", 18.0),
    ("nineteen", 19.0), ("twenty", 20.0), ("thirty", 30.0), ("forty", 40.0), ("fifty", 50.0), ("sixty", 60.0),
    ("seventy", 70.0), ("eighty", 80.0), ("ninety", 90.0), ("hundred", 100.0),
    ("a hundred", 100.0), ("a thousand", 1000.0), ("a dozen", 12.0), ("dozen", 12.0), ("a pair of", 2.0),
    ("half a million", 500_000.0), ("a quarter of a million", 250_000.0), ("a million", 1_000_000.0),
];

impl Default for NumberFinder {
    fn default() -> Self {
        Self::new()
    }
}

impl NumberFinder {
    pub fn new() -> NumberFinder {
        let number = AnchoredRegex::new(NUMBER, Heads::Digits, 0, 64);
        NumberFinder {
            n: number.group("n"),
            mult: number.group("mult"),
            suffix: number.group("suffix"),
            number,
            // "a hundred": the head is two bytes after the start
            words: AnchoredRegex::new(NUMBER_WORDS, Heads::NumberWords, 2, 64),
        }
    }

    /// The figures of `text`; digit runs for which `counts_nothing` holds are passed over unread.
    fn figures(&self, text: &str, anchors: &Anchors, counts_nothing: impl Fn(usize) -> bool) -> Vec<Figure> {
        let mut out: Vec<Figure> = Vec::new();
        let bytes = text.as_bytes();
        let mut skip_until = 0;
        // a figure passed over spans at least its run of digits, group marks and decimals
        let skip = |h: usize| {
            counts_nothing(h).then(|| h + bytes[h..].iter().take_while(|b| b.is_ascii_digit() || matches!(b, b',' | b'.' | b'o' | b'O')).count())
        };
        for c in self.number.captures_where(text, anchors, skip) {
            let m = c.whole();
            if m.start() < skip_until {
                continue;
            }
            let n = c.at(self.n).expect("the digits take part in every match");
            // a designation (Su-35, 9K57, T-80U), an ordinal (3rd), a money amount, a part of a word
            let prev = text[..n.start()].chars().next_back();
            let prev2 = text[..n.start()].chars().rev().nth(1);
            if prev.is_some_and(|p| p.is_alphanumeric() || p == '$' || p == '£' || p == '€' || p == '.')
                || (prev == Some('-') && prev2.is_some_and(|p| p.is_alphabetic()))
                || (prev == Some(' ') && prev2.is_some_and(|p| p == '$' || p == '£' || p == '€'))
            {
                continue;
            }
            let raw = n.as_str().trim_end_matches([',', 'o', 'O']);
            let after = n.start() + raw.len();
            let (mult, suffix) = (c.at(self.mult), c.at(self.suffix));
            if mult.is_none() && suffix.is_none() && bytes.get(after).is_some_and(|b| b.is_ascii_alphabetic()) {
                continue; // 3rd, 2S19, 650ft, 1990s
            }
            // a time of day ("at 13:00 local time") counts nothing
            if mult.is_none() && bytes.get(after) == Some(&b':') && bytes.get(after + 1).is_some_and(u8::is_ascii_digit) {
                continue;
            }
            // a calibre ("203 mm shells") counts nothing
            if mult.is_none() && suffix.is_none() && [" mm", "-mm", " millimetre", " millimeter", " cm", "-cm"].iter().any(|u| text[after..].starts_with(u)) {
                continue;
            }
            if !raw.bytes().any(|c| c.is_ascii_digit()) {
                continue;
            }
            let (mut value, implausible) = parse_grouped(raw);
            let Some(v) = value else { continue };
            let factor = mult.map_or(1.0, |m| multiplier(m.as_str()));
            value = Some(v * factor);
            let suffix = suffix.map(|s| s.as_str().to_ascii_lowercase());
            let mut qualifier = match suffix.as_deref() {
                Some("-plus") | Some("+") => Some("more_than"),
                Some("-odd") => Some("about"),
                _ => None,
            };
            let mut tail = m.end();
            // "100-odd thousand"
            if suffix.as_deref() == Some("-odd") {
                let rest = &text[m.end()..];
                if let Some(r) = rest.strip_prefix(" thousand") {
                    value = value.map(|v| v * 1000.0);
                    tail = m.end() + (rest.len() - r.len());
                }
            }
            // a range: "1.5 million to 2 million", "10-15"
            let mut high = None;
            let rest = &text[tail..];
            let sep = ["to ", "- ", "-", "– ", "–", "and "].iter().find_map(|s| {
                let r = rest.trim_start();
                r.strip_prefix(s).map(|r2| (rest.len() - r2.len(), r2))
            });
            if let Some((adv, _)) = sep {
                // the second figure must follow the separator at once
                if let Some(c2) = self.number.captures_at(text, tail + adv) {
                    let m2 = c2.whole();
                    let m2 = (m2.start() - (tail + adv), m2.end() - (tail + adv));
                    // "15 and 42 miles" lists two figures; "between 169,000 and 190,000" is a range
                    let before = text[..n.start()].trim_end().as_bytes();
                    let between = before.len() >= 7 && before[before.len() - 7..].eq_ignore_ascii_case(b"between");
                    // "increased from 36 to 45" is a change of one count: two figures, not a range
                    let change = before.len() >= 5 && before[before.len() - 5..].eq_ignore_ascii_case(b" from") && {
                        let head = std::str::from_utf8(&before[..before.len() - 5]).unwrap_or("");
                        let verb = head.rsplit(' ').next().unwrap_or("");
                        CHANGE_VERBS.iter().any(|v| v.eq_ignore_ascii_case(verb))
                    };
                    if m2.0 == 0 && !change && (!rest.trim_start().starts_with("and ") || between) {
                        let (hv, _) = parse_grouped(c2.at(self.n).expect("digits").as_str());
                        let f2 = c2.at(self.mult).map_or(factor, |m| multiplier(m.as_str()));
                        if let Some(h) = hv {
                            let h = h * f2;
                            if h > value.unwrap_or(0.0) {
                                high = Some(h);
                                tail = tail + adv + m2.1;
                                skip_until = tail;
                            }
                        }
                    }
                }
            }
            if qualifier.is_none() && starts_with_word(&text[tail..], "more") {
                qualifier = Some("increase");
            }
            if let Some(after) = or_so(text, tail) {
                (tail, qualifier) = (after, qualifier.or(Some("about")));
            }
            out.push(Figure { span: Span::new(n.start(), m.end()), value: value.unwrap(), high, tail, implausible, qualifier, vague: false });
        }
        for c in self.words.captures_iter(text, anchors) {
            let m = c.whole();
            if out.iter().any(|f| f.span.start < m.end() && m.start() < f.span.end) {
                continue;
            }
            if let Some(v) = c.name("vague") {
                let (lo, hi) = match v.as_str().to_ascii_lowercase().as_str() {
                    "tens of thousands" => (10_000.0, 90_000.0),
                    "hundreds of thousands" => (100_000.0, 900_000.0),
                    "thousands" => (1_000.0, 9_000.0),
                    "hundreds" => (100.0, 900.0),
                    _ => (24.0, 96.0),
                };
                out.push(Figure { span: Span::new(m.start(), m.end()), value: lo, high: Some(hi), tail: m.end(), implausible: false, qualifier: Some("about"), vague: true });
            } else if let Some(w) = c.name("w") {
                // a word of a compound ("one-way drones", "a two-day drill", "three-star general") counts
                // nothing; "a ten-strong team" does
                let compound = text[m.end()..].strip_prefix('-').is_some_and(|r| r.starts_with(|ch: char| ch.is_alphabetic()) && !r.starts_with("strong"));
                if compound {
                    continue;
                }
                // "twenty-five": tens and units
                let base = word_value(w.as_str()).unwrap_or(0.0) + c.name("wu").and_then(|u| word_value(u.as_str())).unwrap_or(0.0);
                let mult = match c.name("wmult").map(|m| m.as_str().to_ascii_lowercase()).as_deref() {
                    Some("hundred") => 100.0,
                    Some("thousand") => 1000.0,
                    Some("million") => 1e6,
                    Some("dozen") => 12.0,
                    _ => 1.0,
                };
                let qualifier = if starts_with_word(&text[m.end()..], "more") { Some("increase") } else { None };
                let (tail, qualifier) = match or_so(text, m.end()) {
                    Some(after) => (after, qualifier.or(Some("about"))),
                    None => (m.end(), qualifier),
                };
                out.push(Figure { span: Span::new(m.start(), m.end()), value: base * mult, high: None, tail, implausible: false, qualifier, vague: false });
            }
        }
        out.sort_by_key(|f| f.span.start);
        out
    }
}

/// Where a figure's "or so" ends, when one follows it ("two dozen or so soldiers", "50 or so tanks"):
/// the figure is approximate and its noun comes after.
fn or_so(text: &str, tail: usize) -> Option<usize> {
    let rest = text.get(tail..)?;
    let b = rest.as_bytes();
    (b.len() > 6 && b[..6].eq_ignore_ascii_case(b" or so") && !b[6].is_ascii_alphanumeric()).then_some(tail + 6)
}

/// The value of a number written in words ("seventeen", "a dozen").
pub(crate) fn word_value(w: &str) -> Option<f64> {
    SMALL.iter().find(|(k, _)| k.eq_ignore_ascii_case(w)).map(|(_, v)| *v)
}

/// The last `n` characters of `s`.
fn last_chars(s: &str, n: usize) -> &str {
    let start = s.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    &s[start..]
}

/// The first `n` characters of `s`.
fn first_chars(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

/// Whether `rest`, after white space, starts with the word `w` (any case).
fn starts_with_word(rest: &str, w: &str) -> bool {
    let r = rest.trim_start();
    r.len() > w.len() && r.is_char_boundary(w.len()) && r[..w.len()].eq_ignore_ascii_case(w) && !r.as_bytes()[w.len()].is_ascii_alphanumeric()
}

/// The factor of a multiplier word ("million", "bn", "k"...), any case.
fn multiplier(m: &str) -> f64 {
    let is = |w: &str| m.eq_ignore_ascii_case(w);
    if is("million") || is("mln") || is("m") {
        1e6
    } else if is("bn") || is("billion") {
        1e9
    } else if is("thousand") || is("k") {
        1e3
    } else {
        1.0
    }
}

/// Parses "175,000", "7000", "1.5", "3,0o0" (a letter o typed for a zero). The flag is set when the
/// digit grouping is broken ("1750,000"), a sign of a typo.
fn parse_grouped(raw: &str) -> (Option<f64>, bool) {
    if !raw.contains([',', 'o', 'O']) {
        return (raw.parse::<f64>().ok(), false);
    }
    let cleaned: String = raw.chars().map(|c| if c == 'o' || c == 'O' { '0' } else { c }).collect();
    let mut implausible = false;
    if cleaned.contains(',') {
        let groups: Vec<&str> = cleaned.split(',').collect();
        let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
        let rest_ok = groups[1..].iter().all(|g| g.split('.').next().is_some_and(|g| g.len() == 3));
        if !(first_ok && rest_ok) {
            implausible = true;
        }
    }
    (cleaned.replace(',', "").parse::<f64>().ok(), implausible)
}

/// Words that may stand between a figure and what it counts ("7000 more Russian troops").
fn filler_ok(gap: &str) -> bool {
    // abbreviations such as "U.S." are words, not sentence ends
    let g: String = gap
        .split_whitespace()
        .filter(|w| !(w.len() <= 6 && w.ends_with('.') && w.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase())))
        .collect::<Vec<_>>()
        .join(" ");
    let g = g.trim();
    if g.is_empty() {
        return true;
    }
    if g.contains(['.', ',', ';', ':', '(', ')', '‘', '’', '“', '”', '"']) || g.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let words: Vec<&str> = g.split_whitespace().collect();
    // (a plural owner counts the owners: "the two sides' soldiers", "both countries' armies")
    if words.iter().any(|w| w.len() > 2 && w.ends_with("s'")) {
        return false;
    }
    // ("7,000 Belarusian and Russian troops": two peoples' names joined, one force)
    let capitalised = |k: usize| words.get(k).is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
    // (the second name may open the noun's own phrase: "Russian troops")
    let joins_names = |k: usize| k > 0 && capitalised(k - 1) && (capitalised(k + 1) || k + 1 == words.len());
    words.len() <= 3
        && !words.iter().enumerate().any(|(k, w)| {
            let w = w.to_ascii_lowercase();
            matches!(w.as_str(), "to" | "from" | "with" | "for" | "than" | "on" | "at" | "by") || matches!(w.as_str(), "and" | "or") && !joins_names(k)
        })
}

/// Whether the words between a figure and a designation only describe it: none, or one word.
fn describes(gap: &str) -> bool {
    let words: Vec<&str> = gap.split_whitespace().collect();
    match words[..] {
        [] => true,
        // a demonym or any one describing word ("Russian", "more", "hulking"), not a noun phrase of
        // its own ("flatcars carrying")
        [w] => w.chars().all(|c| c.is_alphabetic() || c == '.' || c == '-'),
        _ => false,
    }
}

/// In a sentence of two attributions, the one that closes the figure's own clause ("Ali said X, and
/// Brazil sent 28 vehicles, the defence ministry said"): an actor after the figure followed by a speech
/// verb, when the sentence's claimant is another actor named before the figure.
fn trailing_attribution(ctx: &Ctx, s: Span, after: usize, claimant: Option<&Actor>) -> Option<Actor> {
    let claimant = claimant?;
    let actors = ctx.actors_in(s);
    let before_figure = actors.iter().any(|a| a.span.end <= after && a.actor.name == claimant.name);
    if !before_figure {
        return None;
    }
    let hits = ctx.hits_in(s);
    actors.iter().filter(|a| a.span.start >= after && a.actor.name != claimant.name).find_map(|a| {
        let speaks = hits.iter().any(|(h, m)| {
            h.start >= a.span.end && h.start - a.span.end <= 3 && m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Speech)))
        });
        let lead = ctx.text[after..a.span.start].trim_end();
        (speaks && (lead.ends_with(',') || lead.ends_with(", the") || lead.ends_with(", a"))).then(|| a.actor.clone())
    })
}

/// What a figure counts when it counts systems of one category (`counted` of the contract).
fn counted_as(category: &str) -> &'static str {
    match category {
        "main_battle_tank" => "tanks",
        "infantry_fighting_vehicle" | "armoured_personnel_carrier" | "armoured_vehicle" => "armoured_vehicles",
        "fighter" | "bomber" | "attack_aircraft" | "transport_aircraft" | "surveillance_aircraft" => "aircraft",
        "helicopter" => "helicopters",
        "warship" | "landing_ship" | "submarine" => "ships",
        _ => "other",
    }
}

/// What a hit counts, if it is a counted noun ("troops", "battalion tactical groups").
fn counted_kind(meanings: &[Meaning]) -> Option<&String> {
    meanings.iter().find_map(|m| if let Meaning::Cue(Cue::Counted(k)) = m { Some(k) } else { None })
}

/// Whether a sentence speaks of civilians, whose count a people's name would then be ("some 30,000
/// Americans live in the country").
fn civilian_context(sentence: &str) -> bool {
    let lower = sentence.to_ascii_lowercase();
    ["citizens", " live ", " living ", "residents", "tourists", "expats", "evacuat", "nationals", "students", "workers", "refugees",
        "civilians", " leave", "voters", "fans", "pilgrims", "passengers", "migrants"]
        .iter()
        .any(|w| lower.contains(w))
}

/// Counted nouns that count something military only where the sentence says more ("four rounds of
/// outages", "three rockets" of a space programme).
const AMBIGUOUS_OTHER: &[&str] = &["rounds", "shells", "rockets", "positions"];

/// What "rounds of" counts when it counts no munitions.
const ROUNDS_OF_ELSE: &[&str] = &["of talks", "of negotiations", "of discussions", "of consultations", "of meetings", "of sanctions",
    "of voting", "of elections", "of inspections", "of applause", "of layoffs", "of funding", "of golf"];

const AMBIGUOUS_TROOPS: &[&str] = &["people", "men", "fighters", "strong", "-strong", "troops-strong", "army", "forces", "members", "active members", "strength", "manpower"];

/// Finds every force number with what it counts, whose forces, who claims it and when.
pub fn find(ctx: &Ctx, finder: &NumberFinder, claimants: &[Option<Actor>], units: &[muster_model::Unit]) -> Vec<Quantity> {
    let text = ctx.text;
    let mut out = Vec::new();
    let casualties = CasualtyWords::default();
    for f in finder.figures(text, &ctx.anchors, |h| counts_nothing(ctx, &casualties, h)) {
        // the figure that numbers a formation ("17 Mountain Division", "15 Corps") counts nothing
        if units.iter().flat_map(|u| &u.mentions).any(|m| m.start <= f.span.start && f.span.end <= m.end) {
            continue;
        }
        // the day and year of a date count nothing
        let k = ctx.dates.partition_point(|d| d.span.start <= f.span.start);
        if k > 0 && ctx.dates[k - 1].span.end > f.span.start {
            continue;
        }
        let Some(si) = ctx.sentence_of(f.span.start) else { continue };
        let s = ctx.sentences[si];
        // an age ("reservists up to the age of 60", "men aged 18 to 60") counts nothing
        let lead_words = text[s.start..f.span.start].trim_end();
        if ends_with_word(lead_words, "aged") || ends_with_word(lead_words, "age of") || ends_with_word(lead_words, "ages of") || ends_with_word(lead_words, "ages") {
            continue;
        }
        if is_year(text, s, &f) {
            continue;
        }
        // a number that is part of a name ("Mirage 2000 jets", "Patrol Point 14", "Brigade 45"): a
        // capitalised word right before it, inside the sentence; "no one was killed" counts no one
        let lead = &text[s.start..f.span.start];
        if let Some(word) = lead.strip_suffix(' ').map(|l| l.rsplit([' ', '(', '"', '“']).next().unwrap_or(l)) {
            let inside = word.len() < lead.len() - 1;
            let named = word.len() >= 2 && word.chars().next().is_some_and(char::is_uppercase) && word.chars().all(|c| c.is_alphabetic() || c == '-');
            if inside && named && !NOT_NAME_BEFORE_FIGURE.iter().any(|w| w.eq_ignore_ascii_case(word)) || word.eq_ignore_ascii_case("no") && f.value == 1.0 {
                continue;
            }
        }
        let hits = ctx.hits_in(s);
        // what is counted: the first counted noun after the figure, over at most three filler words
        let mut counted: Option<(String, Span)> = None;
        let tail_end = s.end.max(f.tail).min(f.tail + 160);
        let tail_end = (tail_end..=s.end.max(f.tail)).find(|&e| text.is_char_boundary(e)).unwrap_or(s.end.max(f.tail));
        let figure_text = &text.as_bytes()[f.span.start..f.span.end];
        if figure_text.len() >= 7 && figure_text[figure_text.len() - 7..].eq_ignore_ascii_case(b"-strong") {
            counted = Some(("troops".into(), f.span));
        }
        if counted.is_none() {
            // a designation between the figure and its noun belongs to the noun phrase ("12 T-72 tanks",
            // "24 Su-30 fighters"); with no noun after it, its category says what is counted ("10 BTR-80s")
            let mut gap_from = f.tail;
            // a figure quoted on its own ('"about 100,000" Russian troops') and a part of a whole ("eight
            // of the Iskander-M launchers") count the noun after the quote or the "of the"
            let rest = &text[f.tail..tail_end];
            if let Some(r) = rest.strip_prefix(['"', '”', '’', '\'']) {
                gap_from = f.tail + (rest.len() - r.len());
            }
            let rest = &text[gap_from..tail_end];
            if let Some(r) = [" of the ", " of its ", " of their ", " of those "].iter().find_map(|p| rest.strip_prefix(p)) {
                if f.value < 2.0 {
                    continue; // "one of the largest armies" counts nothing
                }
                gap_from += rest.len() - r.len();
            }
            let mut designation: Option<(usize, Span)> = None;
            for (h, m) in hits.iter().filter(|(h, _)| h.start >= f.tail && h.start - f.tail <= 48) {
                if h.start < gap_from {
                    continue; // inside the designation just passed
                }
                let kind = counted_kind(m).map(String::as_str);
                let equipment = m.iter().find_map(|m| if let Meaning::Equipment(i) = m { Some(*i) } else { None });
                // an inner word of a source's role ("force" of "air force") counts nothing itself
                let inner = kind.is_some()
                    && hits.iter().any(|(o, om)| {
                        o.start < h.start && h.end <= o.end && om.iter().any(|m| matches!(m, Meaning::Cue(Cue::RoleNoun(_))))
                    });
                let kind = kind.filter(|_| !inner);
                // a people's name standing for its soldiers ("almost 11,000 North Koreans were training in
                // Russia"): plural, where this sentence or the one before speaks of forces, and this one
                // not of civilians
                let people = kind.is_none()
                    && m.iter().any(|m| matches!(m, Meaning::Demonym(_)))
                    && h.slice(text).ends_with('s')
                    && filler_ok(&text[gap_from..h.start])
                    && !text[h.end..].starts_with(|c: char| c == '\'' || c == '’')
                    && military_context(ctx, Span::new(ctx.sentences[si.saturating_sub(1)].start, s.end), *h)
                    && !civilian_context(s.slice(text));
                let kind = if people { Some("troops") } else { kind };
                let Some(kind) = kind else {
                    match equipment {
                        Some(i) if designation.is_none() && !ctx.kb.equipment[i].generic => {
                            // right after the figure, or after one describing word ("12 Russian T-72
                            // tanks", "four more Su-35s"); "30 flatcars carrying T-72B3 tanks" count flatcars
                            if !describes(&text[gap_from..h.start]) {
                                break;
                            }
                            designation = Some((i, *h));
                            gap_from = h.end;
                        }
                        _ => {}
                    }
                    continue;
                };
                if !filler_ok(&text[gap_from..h.start]) {
                    break;
                }
                let surface = h.slice(text);
                let ambiguous = kind == "troops" && AMBIGUOUS_TROOPS.iter().any(|a| a.eq_ignore_ascii_case(surface))
                    || kind == "other" && AMBIGUOUS_OTHER.iter().any(|a| a.eq_ignore_ascii_case(surface));
                if ambiguous && !military_context(ctx, s, *h) {
                    break;
                }
                // "a town home to about 2,000 people": its population
                if ["people", "residents", "families"].iter().any(|w| surface.eq_ignore_ascii_case(w)) {
                    let lead = last_chars(&text[s.start..f.span.start], 24).to_ascii_lowercase();
                    if ["home to", "population", "inhabitants", "residents"].iter().any(|w| lead.contains(w)) {
                        break;
                    }
                }
                // companies of troops, not firms: "forty companies of paramilitary forces"
                if surface.eq_ignore_ascii_case("companies") {
                    let after = first_chars(&text[h.end..tail_end.max(h.end)], 48).to_ascii_lowercase();
                    let of_forces = after.starts_with(" of ") && ["troops", "soldiers", "forces", "police", "paratroopers", "marines", "infantry", "reservists", "guards", "rangers"].iter().any(|w| after.contains(w));
                    if !of_forces {
                        break;
                    }
                }
                // "nine rounds of talks between corps commanders"
                if surface.eq_ignore_ascii_case("rounds") && ROUNDS_OF_ELSE.iter().any(|w| starts_with_word(&text[h.end..tail_end.max(h.end)], w)) {
                    break;
                }
                if kind == "percent_of_force" {
                    let after = text[h.end.min(tail_end)..tail_end].to_ascii_lowercase();
                    let window: String = after.chars().take(70).collect();
                    if !(window.trim_start().starts_with("of") && ["force", "power", "army", "troops", "military", "forces", "strength", "units", "battalion", "btg", "brigades", "divisions"].iter().any(|w| window.contains(w))) {
                        break;
                    }
                }
                // "fighters" are aircraft only where the sentence speaks of aircraft ("35,000 fighters
                // in the separatist formations" are troops)
                if surface.eq_ignore_ascii_case("fighters") && kind == "aircraft" && !air_context(ctx, s) {
                    counted = Some(("troops".into(), *h));
                    break;
                }
                counted = Some((kind.to_string(), *h));
                break;
            }
            if counted.is_none() {
                counted = designation.map(|(i, h)| (counted_as(&ctx.kb.equipment[i].category).to_string(), h));
            }
        }
        // the noun before the figure: "an invasion force of 175,000", "troops, estimated to number
        // about 100,000, on the border", "US troops join 1,700 who are already there", "the contingent
        // could reach 30,000 by then"
        if counted.is_none() {
            let after = text[f.tail..s.end.max(f.tail)].trim_start();
            let starts = |w: &str| after.len() >= w.len() && after.as_bytes()[..w.len()].eq_ignore_ascii_case(w.as_bytes());
            let ends_phrase = after.is_empty()
                || after.starts_with([',', '.', ';', ')', '’', '\'', '"', '(', ':'])
                || ["who ", "that ", "already ", "on ", "in ", "at ", "along ", "near ", "are ", "were ", "have ", "had ", "by ", "before "].iter().any(|w| starts(w));
            if ends_phrase {
                let mut window_start = f.span.start.saturating_sub(48).max(s.start);
                while !text.is_char_boundary(window_start) {
                    window_start += 1;
                }
                if let Some((h, _)) = hits.iter().rev().find(|(h, m)| {
                    h.end <= f.span.start
                        && h.start >= window_start
                        && m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Counted(k)) if k == "troops"))
                }) {
                    let between = text[h.end..f.span.start].to_ascii_lowercase();
                    let linked = ["of", "number", "numbering", "estimated", "join", "joined", "joining", "totalling", "totaling", "total", "some", "about", "around", "up to", "as many as", "more than", "over", "nearly", "roughly", "against", "versus", "compared with", "reach", "grow to", "grown to", "swell to", "swelled to", "rise to", "risen to", " at "]
                        .iter()
                        .any(|w| between.split(|c: char| !c.is_alphanumeric()).any(|x| x == *w) || between.contains(w));
                    if linked && !between.chars().any(|c| c.is_ascii_digit()) {
                        counted = Some(("troops".into(), f.span));
                    }
                }
            }
        }
        // "puts Russian forces around Ukraine, including those in Belarus, at about 140,000": the noun
        // after "put" that the figure is put at, however long the phrase between
        if counted.is_none() {
            let lead = text[s.start..f.span.start].trim_end();
            // ("at about 140,000", "at more than 100,000")
            let at_figure = lead.rsplit(' ').take(3).any(|w| w == "at");
            if at_figure {
                let window_start = text.floor_char_boundary(f.span.start.saturating_sub(160).max(s.start));
                counted = hits.iter().filter(|(h, _)| h.start >= window_start && h.end <= f.span.start).find_map(|(h, m)| {
                    let k = m.iter().find_map(|m| if let Meaning::Cue(Cue::Counted(k)) = m { Some(k) } else { None })?;
                    let before = last_chars(&text[s.start..h.start], 40).to_ascii_lowercase();
                    let put = before.split(|c: char| !c.is_alphanumeric()).any(|w| matches!(w, "put" | "puts" | "putting" | "places" | "placed" | "placing"));
                    let between = &text[h.end..f.span.start];
                    (put && !between.chars().any(|c| c.is_ascii_digit())).then(|| (k.clone(), *h))
                });
            }
        }
        // a fact box's line: a label naming what is counted, a colon, the figure and nothing after it
        // ("Troops deployed, eastern sector (official estimate): 50,000")
        if counted.is_none() {
            let line_start = text[..f.span.start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[f.tail..].find('\n').map_or(text.len(), |i| f.tail + i);
            let label = text[line_start..f.span.start].trim_end();
            if line_end - line_start < 160 && label.ends_with(':') && text[f.tail..line_end].trim().trim_end_matches('.').is_empty() {
                counted = hits.iter().filter(|(h, _)| h.start >= line_start && h.end <= f.span.start).find_map(|(h, m)| {
                    m.iter().find_map(|m| if let Meaning::Cue(Cue::Counted(k)) = m { Some((k.clone(), *h)) } else { None })
                });
            }
        }
        // "14,000 have been killed", "fighting has killed over 14,000"
        if counted.is_none() {
            let before = last_chars(&text[s.start..f.span.start], 30);
            let after = first_chars(&text[f.tail..s.end.max(f.tail)], 25);
            let has = |hay: &str, w: &str| hay.as_bytes().windows(w.len()).any(|x| x.eq_ignore_ascii_case(w.as_bytes()));
            if has(before, "killed") || has(before, "death toll") || has(before, "the toll") || has(after, "killed") || has(after, "dead") || has(after, "died") {
                counted = Some(("casualties".into(), f.span));
            }
        }
        // a figure that restates or revises one just given counts what that one counts ("put the
        // figure at more than 100,000", "up from roughly 50", "about 2,500 of them"); "the number of
        // ground troops ... at 90,000" counts the troops
        let mut restates = false;
        if counted.is_none() {
            counted = elided_noun(ctx, s, &f, &out);
            restates = counted.is_some();
        }
        if counted.is_none() {
            counted = breakdown_noun(ctx, s, &f, &out);
            restates = counted.is_some();
        }
        if counted.is_none() {
            counted = coordinated_noun(ctx, s, &f).or_else(|| such_noun(ctx, si, &f));
        }
        if counted.is_none() {
            counted = answered_noun(ctx, s);
        }
        let Some((mut counted, noun)) = counted else { continue };
        // soldiers killed are casualties ("20 Indian soldiers were killed", "four of its soldiers had
        // died", "the clash killed 20 soldiers")
        let people = counted == "troops" || noun.slice(text).eq_ignore_ascii_case("fighters");
        if people {
            let after = first_chars(&text[noun.end.min(s.end)..s.end.max(noun.end)], 28).to_ascii_lowercase();
            let before = last_chars(&text[s.start..f.span.start], 24).to_ascii_lowercase();
            let before = before.trim_end();
            let before = before.strip_suffix(" at least").or_else(|| before.strip_suffix(" some")).unwrap_or(before);
            if CASUALTY_AFTER.iter().any(|w| after.trim_start().starts_with(w)) || CASUALTY_BEFORE.iter().any(|w| crate::ends_with_word(before, w)) {
                counted = "casualties".into();
            }
        }
        if f.vague && counted != "troops" {
            continue;
        }
        // troops, ships and tanks come whole: "3.1 The Guyana Defence Force ..." is a section number
        if f.value.fract() != 0.0 && f.value < 100.0 && counted != "percent_of_force" {
            continue;
        }
        // the qualifier written before the figure
        let mut qualifier = f.qualifier.map(str::to_string);
        if qualifier.is_none() {
            for (_, m) in hits.iter().filter(|(h, _)| h.end <= f.span.start && f.span.start - h.end <= 2) {
                if let Some(q) = m.iter().find_map(|m| if let Meaning::Cue(Cue::Qualifier(q)) = m { Some(q.clone()) } else { None }) {
                    qualifier = Some(q);
                }
            }
        }
        let approx = f.vague || qualifier.as_deref().is_some_and(|q| q != "increase");
        let side = side_of(ctx, s, f.span, noun);
        let implausible = f.implausible || (counted == "troops" && f.value > 5_000_000.0) || (counted == "percent_of_force" && f.value > 100.0);
        // (a figure that restates the one before with no source of its own has that one's: "the
        // total has since risen to 360,000")
        let claimant = trailing_attribution(ctx, s, f.span.end, claimants[si].as_ref()).or_else(|| claimants[si].clone()).or_else(|| {
            let before = out.last().filter(|q: &&Quantity| restates && q.counted == counted && si > 0 && q.sentence.start >= ctx.sentences[si - 1].start);
            before.and_then(|q| q.claimant.clone())
        });
        out.push(Quantity {
            value: f.value,
            high: f.high,
            approx,
            qualifier,
            counted,
            side,
            claimant,
            date: ctx.sentence_date(si).map(|d| d.0).or(ctx.published),
            implausible,
            quote: s.slice(text).to_string(),
            span: Span::new(f.span.start, noun.end.max(f.span.end)),
            sentence: s,
        });
    }
    flag_doubted(ctx, &mut out);
    out
}

/// Flags the figures the text itself takes for a slip: at a doubt cue ("a stray zero", "a misprint",
/// "more than the entire adult population"), the largest figure written before it in its sentence or
/// the one before (a slip that adds zeros makes the largest figure the suspect).
fn flag_doubted(ctx: &Ctx, out: &mut [Quantity]) {
    const COMPARATIVES: &[&str] = &["larger than", "more than", "bigger than", "greater than", "exceeds", "exceeding", "exceeded", "outnumbers", "outnumbering"];
    for (cue, m) in &ctx.hits {
        let doubt = m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Doubt)));
        let population = m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Population)));
        if !doubt && !population {
            continue;
        }
        let Some(si) = ctx.sentence_of(cue.start) else { continue };
        let s = ctx.sentences[si];
        if population {
            let before = last_chars(&ctx.text[s.start..cue.start], 48).to_ascii_lowercase();
            if !COMPARATIVES.iter().any(|c| before.contains(c)) {
                continue;
            }
        }
        let from = if si > 0 { ctx.sentences[si - 1].start } else { s.start };
        let suspect = out
            .iter_mut()
            .filter(|q| q.span.start >= from && q.span.end <= cue.start)
            .max_by(|a, b| a.value.total_cmp(&b.value));
        if let Some(q) = suspect {
            q.implausible = true;
        }
    }
}

/// Verbs before "from A to B" that make it a change of one count rather than a range.
const CHANGE_VERBS: &[&str] = &["increased", "decreased", "risen", "rose", "grown", "grew", "raised", "cut", "reduced", "fell",
    "fallen", "dropped", "climbed", "jumped", "swelled", "expanded", "boosted", "doubled", "tripled", "trebled", "halved",
    "shrunk", "shrank", "lowered", "revised", "increase", "rise", "grow", "reduce", "fall", "drop", "climb"];

/// Words after a count of soldiers that make it a count of casualties.
const CASUALTY_AFTER: &[&str] = &["were killed", "was killed", "killed", "died", "were wounded", "dead", "had died", "have died",
    "had been killed", "have been killed", "were injured", "were wounded", "wounded", "injured"];
/// Words before the figure that do the same ("killed 20 soldiers").
const CASUALTY_BEFORE: &[&str] = &["killed", "killing", "kills", "wounded", "wounding", "injured", "injuring", "lost", "losing",
    "deaths of", "death of", "bodies of"];

/// Capitalised words that may stand right before a figure without making it part of a name.
const NOT_NAME_BEFORE_FIGURE: &[&str] = &["Some", "About", "Around", "Nearly", "Almost", "Over", "Only", "Just", "Roughly",
    "Approximately", "Between", "Somewhere", "Perhaps", "Maybe", "Probably", "Possibly", "Under", "Below", "Close", "Up", "To", "And", "Of", "At", "By", "With", "Than", "The", "All", "Another", "More", "Fewer", "Least",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April",
    "May", "June", "July", "August", "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun",
    "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "US", "UK", "EU", "NATO", "I", "II"];

/// How far before a figure the words that restate a count are looked for, in bytes ("the number of
/// battalion tactical groups (BTGs) in the border areas has been increased from 36").
const RESTATING_REACH: usize = 120;

/// Words that point back from a figure to what an earlier one counted.
const RESTATING: &[&str] = &[
    "the figure", "the true figure", "the real figure", "an initial figure", "a figure", "the number", "their number",
    "its number", "the total", "a total", "the estimate", "an estimate", "up from", "down from", "compared with",
    "referred to", "estimate of", "against", "versus", "compared to", "another",
];

/// A share of a count just given in the same sentence, told by whose it is or by "of whom" ("12,700
/// service members: about 7,200 from Belarus and some 5,500 from Russia, of whom roughly 3,000 ..."):
/// what that count counts.
fn breakdown_noun(ctx: &Ctx, s: Span, f: &Figure, earlier: &[Quantity]) -> Option<(String, Span)> {
    let text = ctx.text;
    let q = earlier.last().filter(|q| q.span.start >= s.start && q.span.end <= f.span.start)?;
    let after = &text[f.tail..s.end.max(f.tail)];
    // ("from Belarus", "from the Russian side")
    let from_country = after.strip_prefix(" from ").is_some_and(|r| {
        let at = f.tail + 6 + if r.starts_with("the ") { 4 } else { 0 };
        ctx.hits_in(Span::new(at, s.end)).iter().take_while(|(h, _)| h.start == at).any(|(_, m)| m.iter().any(|m| matches!(m, Meaning::CountryName(_) | Meaning::Demonym(_))))
    });
    let lead = text[s.start..f.span.start].trim_end().to_ascii_lowercase();
    let lead = ["about", "around", "roughly", "some", "nearly", "more than", "up to", "at least"].iter().fold(lead.as_str(), |l, w| l.strip_suffix(w).map_or(l, str::trim_end));
    let of_whom = lead.ends_with("of whom") || lead.ends_with("of which");
    (from_country || of_whom).then(|| (q.counted.clone(), q.span))
}

/// Words after a figure that make it a part of what was counted before ("2,500 of them").
const PART_OF: &[&str] = &[" of them", " of those", " of its own", " of their own", " of which", " of whom"];

/// The restating words that name the count itself, whose noun may follow ("the number of troops").
const COUNT_WORDS: &[&str] = &["the number", "their number", "its number", "the total", "a total"];

/// The words before "from <figure> to" at the end of `s`, if it ends so.
fn from_to(s: &str) -> Option<&str> {
    let t = s.trim_end().strip_suffix(" to")?;
    let digits = t.trim_end_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '.');
    (digits.len() < t.len()).then_some(())?;
    // ("from around 70 to some 130")
    let mut head = digits.trim_end();
    for q in ["around", "about", "some", "roughly", "nearly", "almost", "approximately", "more than", "over", "under", "fewer than", "less than"] {
        if let Some(h) = head.strip_suffix(q).filter(|h| h.ends_with(' ')) {
            head = h.trim_end();
            break;
        }
    }
    head.strip_suffix(" from")
}

/// Whether restating words stand in `window` before byte `at` ([`RESTATING`]) or a part's "of them",
/// "of those" or "more" after it, in a lower-cased copy on the stack.
fn restating_near(window: &[u8], at: usize) -> bool {
    let mut buf = [0u8; 256];
    let n = window.len().min(buf.len());
    for (b, c) in buf.iter_mut().zip(&window[..n]) {
        *b = c.to_ascii_lowercase();
    }
    let (before, after) = buf[..n].split_at(at.min(n));
    let has = |hay: &[u8], w: &str| memchr::memmem::find(hay, w.as_bytes()).is_some();
    RESTATING.iter().any(|w| has(before, w)) || PART_OF.iter().chain([&" more"]).any(|w| has(after, w))
}

/// Whether some number in `s` (lower case) is a figure, not a distance ("within 200 km of").
fn figure_in(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let end = i + b[i..].iter().take_while(|c| c.is_ascii_digit() || matches!(c, b',' | b'.')).count();
            let unit = s[end..].trim_start_matches([' ', '-']);
            if !["km", "kilomet", "mile"].iter().any(|u| unit.starts_with(u)) {
                return true;
            }
            i = end;
        } else {
            i += 1;
        }
    }
    false
}

/// What a figure without a noun counts when the words before it restate an earlier count, or it is
/// a part of one ("of them").
fn elided_noun(ctx: &Ctx, s: Span, f: &Figure, earlier: &[Quantity]) -> Option<(String, Span)> {
    let text = ctx.text;
    let after = first_chars(&text[f.tail..s.end.max(f.tail)], 12).to_ascii_lowercase();
    // ("roughly 300 more, from the corps, are going to Wiesbaden": more of what was just counted)
    let more = after.strip_prefix(" more").is_some_and(|r| !r.starts_with(|c: char| c.is_ascii_alphanumeric()));
    let part = more || PART_OF.iter().any(|w| after.starts_with(w));
    let lead_start = f.span.start.saturating_sub(RESTATING_REACH).max(s.start);
    let lead_start = (lead_start..=f.span.start).find(|&i| text.is_char_boundary(i)).unwrap_or(f.span.start);
    // (a count to restate must stand before: a figure of this sentence or the one before, or a
    // counted noun of this one; and most figures have none of the words near, told by one look
    // before the exact search)
    let si = ctx.sentence_of(s.start)?;
    let earliest = ctx.sentences[si.saturating_sub(1)].start;
    let earlier_count = earlier.last().is_some_and(|q| q.span.start >= earliest);
    // (a part may take its noun from the sentence before: "Soldiers ... began leaving. About 1,700 of
    // them are headed to Poland.")
    let noun_from = if part { earliest } else { s.start };
    let noun_before = ctx.hits_in(Span::new(noun_from, f.span.start)).iter().any(|(_, m)| m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Counted(_)))));
    if !earlier_count && !noun_before {
        return None;
    }
    let tail_end = (f.tail + 12).min(s.end.max(f.tail));
    let tail_end = (tail_end..=s.end.max(f.tail)).find(|&i| text.is_char_boundary(i)).unwrap_or(f.tail);
    if !restating_near(&text.as_bytes()[lead_start..tail_end], f.span.start - lead_start) {
        return None;
    }
    let lead = text[lead_start..f.span.start].to_ascii_lowercase();
    let phrase = RESTATING.iter().filter_map(|w| lead.rfind(w).map(|at| (at, *w))).max();
    // the restating words and the figure are one phrase: the figure right after them ("up from 50"),
    // or after a linking word ("the figure at", "the total is", "the number of troops ... at"), with
    // no other figure between
    // "the number of ground troops", "the total Russian force": the counted noun between
    let noun_between = |at: usize, w: &str| {
        let from = lead_start + at + w.len();
        ctx.hits_in(s)
            .iter()
            .find(|(h, m)| h.start >= from && h.end <= f.span.start && m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Counted(_)))))
            .copied()
    };
    let linked = |at: usize, w: &str| {
        let between = &lead[at + w.len()..];
        let mut rest = between.trim_end();
        for q in ["more than", "close to", "as many as", "up to", "at least", "about", "around", "roughly", "some", "nearly", "nearer", "closer to", "well over", "over", "under", "fewer than", "less than", "between", "almost", "just", "\"", "“", "the", "an", "a"] {
            if let Some(r) = rest.strip_suffix(q) {
                rest = r.trim_end();
            }
        }
        let short = between.len() <= 32;
        let of_noun = COUNT_WORDS.contains(&w) && noun_between(at, w).is_some();
        // ("cut the number of soldiers from 8,350 to 4,500": both figures count the soldiers)
        let (between, rest) = match from_to(between).or_else(|| from_to(rest)) {
            Some(head) => (head, " to"),
            None => (between, rest),
        };
        !figure_in(between)
            && (rest.is_empty() && matches!(w, "up from" | "down from" | "compared with" | "compared to" | "referred to" | "against" | "versus" | "another")
                // "the upper estimate of 190,000": the words end on their own link
                || rest.is_empty() && w.ends_with(" of")
                // "put the total closer to 100,000": a qualifier alone between
                || rest.is_empty() && !between.trim().is_empty() && short && !w.starts_with("up") && !w.starts_with("down")
                || of_noun && rest.ends_with(" from")
                || (short || of_noun) && [" at", " is", " was", " of", " to", " stands at", " stood at", " as"].iter().any(|l| rest.ends_with(l) || rest == l.trim()))
    };
    let restated = phrase.filter(|&(at, w)| linked(at, w));
    if !part && restated.is_none() {
        return None;
    }
    // "the number of ground troops ... at 90,000": the noun between
    if let Some((at, w)) = restated {
        if COUNT_WORDS.contains(&w) {
            if let Some((h, m)) = noun_between(at, w) {
                let kind = counted_kind(m)?.clone();
                // ("the number of young people in the state": people, not troops)
                // ("the number of electric vehicles for sale": nothing military)
                let civil = ["vehicles", "aircraft", "planes", "jets", "boats", "vessels", "ships"].iter().chain(AMBIGUOUS_OTHER).any(|a| a.eq_ignore_ascii_case(h.slice(text)));
                if kind == "troops" && AMBIGUOUS_TROOPS.iter().any(|a| a.eq_ignore_ascii_case(h.slice(text))) || civil && !military_context(ctx, s, h) {
                    return None;
                }
                return Some((kind, h));
            }
        }
    }
    // else what the last figure of this sentence or the one before counted
    // (people counted where nothing military is said are no troops to restate)
    earlier
        .iter()
        .rev()
        .find(|q| {
            // (not the size of each of them: "83 groups, each of 700 to 900 soldiers, with another 14")
            let each = per_item(&text[..q.span.start]);
            q.span.start >= earliest && q.span.end <= f.span.start && q.counted != "casualties" && plausible_count(&q.counted, f.value) && !each
        })
        .filter(|q| {
            let context = Span::new(ctx.sentences[si.saturating_sub(2)].start.min(q.sentence.start), s.end);
            q.counted != "troops" || military_context(ctx, context, Span::new(q.span.end, q.span.end))
        })
        .map(|q| (q.counted.clone(), f.span))
        // or a part of what the sentence counted before, with no figure of its own ("rows of
        // helicopters: at least 20 of them")
        .or_else(|| {
            // (the last counted noun of this sentence, else the first of the one before, its subject)
            let noun = |(h, m): &(Span, &[Meaning])| counted_kind(m).map(|k| (*h, k.clone()));
            let (h, kind) = ctx.hits_in(Span::new(s.start, f.span.start)).iter().rev().find_map(noun)
                .or_else(|| ctx.hits_in(Span::new(noun_from, s.start)).iter().find_map(noun))?;
            let plain = !(kind == "troops" && AMBIGUOUS_TROOPS.iter().any(|a| a.eq_ignore_ascii_case(h.slice(text))));
            (part && plain && military_context(ctx, Span::new(noun_from, s.end), h)).then_some((kind, h))
        })
}

/// Whether a figure is a year: four digits from 1900 to 2100 without a group mark, after a word that
/// introduces a time ("in 2021", "since 2014", "between 2014 and 2022", "summer 2022"). "A force of
/// 2000 troops" and "after 2000 troops arrived" stay figures.
fn is_year(text: &str, s: Span, f: &Figure) -> bool {
    let raw = &text[f.span.start..f.span.end];
    let year_like = |v: f64, raw: &str| (1900.0..=2100.0).contains(&v) && raw.len() == 4 && raw.bytes().all(|b| b.is_ascii_digit());
    if !year_like(f.value, raw) || f.high.is_some_and(|h| !(1900.0..=2100.0).contains(&h)) {
        return false;
    }
    let before = text[s.start..f.span.start].trim_end().trim_end_matches('-');
    let word = before.rsplit([' ', '(', ',']).next().unwrap_or("").to_ascii_lowercase();
    ["in", "since", "until", "till", "during", "between", "mid", "spring", "summer", "autumn", "fall", "winter", "early", "late", "throughout"]
        .contains(&word.as_str())
}

/// Whether the words before a figure make it the size of each of the things just counted ("83 groups,
/// each of about 800 soldiers").
fn per_item(before: &str) -> bool {
    let mut b = before.trim_end();
    for q in ["about", "around", "some", "roughly", "up to", "at least"] {
        if let Some(r) = b.strip_suffix(q).filter(|r| r.ends_with(' ')) {
            b = r.trim_end();
            break;
        }
    }
    ["each of", "each with", "each"].iter().any(|w| crate::ends_with_word(b, w))
}

/// Whether a figure can count this kind at all: no army fields a thousand battalion tactical groups,
/// brigades or divisions ("put the number at well over 100,000" restates troops, not the 100 groups
/// just named).
fn plausible_count(kind: &str, value: f64) -> bool {
    !matches!(kind, "battalion_tactical_groups" | "battalions" | "brigades" | "divisions" | "regiments") || value <= 1000.0
}

/// What "N such <noun>" counts: the kind of the counted noun named in this sentence or the two before
/// whose last word it repeats ("83 battalion tactical groups ... about 100 such groups").
fn such_noun(ctx: &Ctx, si: usize, f: &Figure) -> Option<(String, Span)> {
    let text = ctx.text;
    let rest = text[f.tail..].strip_prefix(" such ")?;
    let word = &rest[..rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len())];
    if word.is_empty() {
        return None;
    }
    let from = ctx.sentences[si.saturating_sub(2)].start;
    ctx.hits_in(Span::new(from, f.span.start)).iter().rev().find_map(|(h, m)| {
        let kind = counted_kind(m)?.clone();
        let last = h.slice(text).rsplit(' ').next()?;
        last.eq_ignore_ascii_case(word).then_some((kind, *h))
    })
}

/// What a figure without a noun counts when it is joined to a next figure that has one ("about 85
/// American and 175 Armenian soldiers", "12 or 14 tanks"): at most two words between the figure and
/// "and" or "or", the next figure right after, and its noun at most three words on.
fn coordinated_noun(ctx: &Ctx, s: Span, f: &Figure) -> Option<(String, Span)> {
    let text = ctx.text;
    let rest = &text[f.tail..s.end.max(f.tail)];
    let rest = &rest[..rest.floor_char_boundary(80)];
    let mut words = rest.split(' ').filter(|w| !w.is_empty());
    let mut at = None;
    for _ in 0..3 {
        let w = words.next()?;
        if w.contains([',', '.', ';', ':', '(', ')']) {
            return None;
        }
        if w == "and" || w == "or" {
            let next = words.next()?;
            at = next.starts_with(|c: char| c.is_ascii_digit()).then(|| f.tail + next.as_ptr() as usize - rest.as_ptr() as usize + next.len());
            break;
        }
    }
    let second_end = at?;
    let (h, kind) = ctx.hits_in(Span::new(second_end, s.end)).iter().find_map(|(h, m)| {
        counted_kind(m).map(|k| (*h, k.clone()))
    })?;
    let gap = &text[second_end..h.start];
    (!gap.contains([',', '.', ';', ':']) && gap.split_whitespace().count() <= 2).then_some((kind, h))
}

/// What a figure without a noun counts in the first paragraph of an answer to a question that asked
/// for a count ("Q: How many Russian troops are there?" "MR. X: About 90,000."): the last counted noun
/// of the question.
fn answered_noun(ctx: &Ctx, s: Span) -> Option<(String, Span)> {
    let k = ctx.turns.partition_point(|t| t.start <= s.start);
    let (answer, question) = (ctx.turns.get(k.checked_sub(1)?)?, ctx.turns.get(k.checked_sub(2)?)?);
    if answer.speaker == Speaker::Questioner || question.speaker != Speaker::Questioner || s.start >= answer.line_end {
        return None;
    }
    let asked = ctx.hits_in(Span::new(question.start, answer.start));
    // (the whole noun: "battalion tactical groups", not its "battalion")
    asked
        .iter()
        .filter_map(|(h, m)| {
            let kind = counted_kind(m)?.clone();
            let plain = !(kind == "troops" && AMBIGUOUS_TROOPS.iter().any(|a| a.eq_ignore_ascii_case(h.slice(ctx.text))));
            plain.then_some((kind, *h))
        })
        .max_by_key(|(_, h)| (h.end, h.end - h.start))
}

/// Where casualty and strength words start ("strong", "kill", "death", "dead", "died", in any case,
/// also inside longer words), found sentence by sentence on first need: most sentences hold no figure
/// that needs the answer, and no such word runs across a sentence boundary.
#[derive(Default)]
struct CasualtyWords {
    /// Sentence index → the byte offsets of the words' starts in the text.
    by_sentence: std::cell::RefCell<rustc_hash::FxHashMap<usize, Vec<usize>>>,
}

impl CasualtyWords {
    /// Whether one starts in `lo..hi`, inside sentence `si` (spanning `s`) of `text`.
    fn any_in(&self, text: &str, si: usize, s: Span, lo: usize, hi: usize) -> bool {
        let mut cache = self.by_sentence.borrow_mut();
        let starts = cache.entry(si).or_insert_with(|| casualty_starts(text.as_bytes(), s.start, s.end));
        let k = starts.partition_point(|&p| p < lo);
        starts.get(k).is_some_and(|&p| p < hi)
    }
}

/// The starts of "strong", "kill", "death", "dead" and "died" (ASCII case ignored) in `bytes[from..to]`.
/// Eight bytes at a time, the letters d, g and k (any case) are spotted, and the words checked there:
/// d and k start their words, g ends "strong". Starts come out in order; where two words overlap (only
/// in made-up strings such as "deadied") both are kept, where an automaton keeps the first.
fn casualty_starts(bytes: &[u8], from: usize, to: usize) -> Vec<usize> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(LOW) & !x & HIGH;
    let is = |at: usize, word: &[u8]| at + word.len() <= to && bytes[at..at + word.len()].eq_ignore_ascii_case(word);
    let mut out = Vec::new();
    let mut check = |p: usize| match bytes[p] | 0x20 {
        b'd' if is(p, b"death") || is(p, b"dead") || is(p, b"died") => out.push(p),
        b'k' if is(p, b"kill") => out.push(p),
        b'g' if p >= from + 5 && is(p - 5, b"strong") => out.push(p - 5),
        _ => {}
    };
    let mut i = from;
    while i + 8 <= to {
        let w = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes")) | 0x2020_2020_2020_2020;
        let hits = zero_byte(w ^ (LOW * u64::from(b'd'))) | zero_byte(w ^ (LOW * u64::from(b'g'))) | zero_byte(w ^ (LOW * u64::from(b'k')));
        if hits != 0 {
            for j in 0..8 {
                if matches!(bytes[i + j] | 0x20, b'd' | b'g' | b'k') {
                    check(i + j);
                }
            }
        }
        i += 8;
    }
    for (p, &b) in bytes.iter().enumerate().take(to).skip(i) {
        if matches!(b | 0x20, b'd' | b'g' | b'k') {
            check(p);
        }
    }
    out
}

/// Whether a figure starting at `h` surely counts nothing: no counted noun, troops word, "-strong" or
/// casualty word anywhere near it (a generous superset of what `find` looks at), so that most figures
/// of a text (years, times, sums, notes) cost no pattern search.
fn counts_nothing(ctx: &Ctx, casualties: &CasualtyWords, h: usize) -> bool {
    let Some(si) = ctx.sentence_of(h) else { return true };
    let s = ctx.sentences[si];
    let near = |lo: usize, hi: usize| (lo.max(s.start), hi.min(s.end));
    // the figure itself may run on ("1.5 million to 2 million", "130,000-plus"): these windows cover it
    // and the bytes before and after it that `find` reads
    let (lo, hi) = near(h.saturating_sub(56), h + 160);
    // (or a people's name in the plural, which may stand for its soldiers: "11,000 North Koreans")
    let counted = ctx.hits_in(s).iter().any(|(span, m)| {
        span.end >= lo
            && span.start <= hi
            && m.iter().any(|m| match m {
                Meaning::Cue(Cue::Counted(_)) | Meaning::Equipment(_) => true,
                Meaning::Demonym(_) => span.slice(ctx.text).ends_with('s'),
                _ => false,
            })
    });
    if counted {
        return false;
    }
    // (or a noun further back: "puts Russian forces around Ukraine, including ..., at about 140,000", a
    // fact box's "Troops deployed, eastern sector (official estimate): 50,000")
    let lead = ctx.text[s.start..h].trim_end();
    if lead.ends_with(':') || lead.rsplit(' ').take(3).any(|w| w == "at") {
        let lo = h.saturating_sub(160).max(s.start);
        if ctx.hits_in(s).iter().any(|(span, m)| span.start >= lo && span.end <= h && m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Counted(_))))) {
            return false;
        }
    }
    // a figure that may restate an earlier count ("put the figure at", "up from", "3,000 of them")
    let (lo, hi) = near(h.saturating_sub(RESTATING_REACH), h + 40);
    let (lo, hi) = ((lo..=h).find(|&i| ctx.text.is_char_boundary(i)).unwrap_or(h), (hi..=s.end).find(|&i| ctx.text.is_char_boundary(i)).unwrap_or(s.end));
    // (only where this sentence or the two before count something: there is a count to restate, or
    // a restated one to restate again)
    let counts_before = ctx.hits_in(Span::new(ctx.sentences[si.saturating_sub(2)].start, s.end))
        .iter()
        .any(|(_, m)| m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Counted(_)) | Meaning::Equipment(_))));
    if counts_before && restating_near(&ctx.text.as_bytes()[lo..hi], h - lo) {
        return false;
    }
    // (or a share of a count just given: "..., of whom roughly 3,000 ...", "about 7,200 from Belarus")
    if counts_before {
        let lead = last_chars(&ctx.text[s.start..h], 24);
        let run_end = h + ctx.text.as_bytes()[h..].iter().take_while(|b| b.is_ascii_digit() || **b == b',' || **b == b'.').count();
        if lead.contains("of whom") || lead.contains("of which") || ctx.text[run_end..].starts_with(" from ") {
            return false;
        }
    }
    // (or "N such groups", which takes its kind from a noun before)
    if ctx.text[h..].trim_start_matches(|c: char| c.is_ascii_digit() || c == ',').starts_with(" such ") {
        return false;
    }
    // (or an answer to a question that asked for a count)
    if !ctx.turns.is_empty() && answered_noun(ctx, s).is_some() {
        return false;
    }
    let (lo, hi) = near(h.saturating_sub(120), h + 200);
    !casualties.any_in(ctx.text, si, s, lo, hi)
}

/// Whether a sentence speaks of aircraft: an aircraft or air-defence system named, or air words.
fn air_context(ctx: &Ctx, s: Span) -> bool {
    let named = ctx.hits_in(s).iter().any(|(_, m)| {
        m.iter().any(|m| matches!(m, Meaning::Equipment(i) if matches!(ctx.kb.equipment[*i].category.as_str(), "fighter" | "bomber" | "attack_aircraft" | "transport_aircraft" | "surveillance_aircraft")))
    });
    let lower = s.slice(ctx.text).to_ascii_lowercase();
    named || ["jet", "aircraft", "air force", "airfield", "air base", "airbase", "squadron", "sorties", "flew", "flying", "planes", "airspace"].iter().any(|w| lower.contains(w))
}

fn military_context(ctx: &Ctx, s: Span, noun: Span) -> bool {
    ctx.hits_in(s).iter().any(|(h, m)| {
        *h != noun
            && m.iter().any(|m| {
                matches!(m, Meaning::Cue(Cue::MilitaryContext) | Meaning::Cue(Cue::Force) | Meaning::Equipment(_) | Meaning::Formation(_))
                    // (or an armed group or force named as an actor: "some 4,000 Wagner men")
                    || matches!(m, Meaning::Actor(i) if ctx.kb.actors[*i].role == "military" && !ctx.kb.actors[*i].person)
            })
    })
}

/// Whose forces a figure counts: a demonym inside the noun phrase ("150,000 Russian troops"), else the
/// first country named as a subject earlier in the sentence ("Russia has increased ... by 7000").
pub fn side_of(ctx: &Ctx, s: Span, figure: Span, noun: Span) -> Option<String> {
    let kb = ctx.kb;
    let code = |m: &Meaning| match m {
        Meaning::Demonym(i) | Meaning::CountryName(i) => Some(kb.countries[*i].code.clone()),
        _ => None,
    };
    for (h, m) in ctx.hits_in(s) {
        if h.start >= figure.end && h.end <= noun.end {
            if let Some(c) = m.iter().find_map(code) {
                return Some(c);
            }
        }
    }
    let text = ctx.text;
    for (h, m) in ctx.hits_in(s) {
        if h.end > figure.start {
            break;
        }
        if let Some(a) = ctx.actors_in(s).iter().find(|a| a.span.contains(*h) && a.span != *h) {
            // "China's military sent 49 jets": a military actor is the force; "US officials" only speak
            if a.actor.role == "military" {
                if let Some(c) = &a.actor.country {
                    return Some(c.clone());
                }
            }
            continue;
        }
        // the word just before the country: a preposition makes it a place, not the force
        let before = text[s.start..h.start].trim_end().rsplit(' ').next().unwrap_or("");
        if ["along", "on", "near", "to", "in", "from", "into", "of", "with", "against", "invade"].iter().any(|w| before.eq_ignore_ascii_case(w)) {
            continue;
        }
        if let Some(c) = m.iter().find_map(code) {
            return Some(c);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casualty_words_are_found_as_an_automaton_finds_them() {
        let ac = aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build(["strong", "kill", "death", "dead", "died"]).unwrap();
        let texts = [
            "A 40,000-strong force; 14 KILLED, deaths rose, the dead and the died-out; overkill, skills, deadline, Strongholds.",
            "DEATH toll: kills, strong-arm, godkill dg kdk gstrong strongg dieddead",
            "no words here at all, just text",
            "strong",
            "kil dea dies strOng KiLl dEaD",
            "€ 5 killed — ‘dead’ “died” Zamość strong",
        ];
        for t in texts {
            for (from, to) in [(0, t.len()), (2, t.len() - 1)] {
                if !t.is_char_boundary(from) || !t.is_char_boundary(to) {
                    continue;
                }
                let want: Vec<usize> = ac.find_iter(&t[from..to]).map(|m| from + m.start()).collect();
                assert_eq!(casualty_starts(t.as_bytes(), from, to), want, "{t:?} [{from}..{to}]");
            }
        }
    }

    #[test]
    fn anchored_patterns_find_what_a_full_scan_finds() {
        let texts = crate::anchored::tests::sample_texts();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let f = NumberFinder::new();
        crate::anchored::tests::assert_same_as_full_scan(&f.number, &texts);
        crate::anchored::tests::assert_same_as_full_scan(&f.words, &texts);
    }

    #[test]
    fn grouping() {
        assert_eq!(parse_grouped("175,000"), (Some(175000.0), false));
        assert_eq!(parse_grouped("1750,000"), (Some(1750000.0), true));
        assert_eq!(parse_grouped("3,0o0"), (Some(3000.0), false));
        assert_eq!(parse_grouped("7000"), (Some(7000.0), false));
    }

    #[test]
    fn figures_and_ranges() {
        let f = NumberFinder::new();
        let t = "engage 1.5 million to 2 million people; a 130,000-plus force; the Su-35 and 9K57; 100-odd thousand reserves";
        let got: Vec<(f64, Option<f64>, Option<&str>)> = f.figures(t, &Anchors::of(t), |_| false).iter().map(|x| (x.value, x.high, x.qualifier)).collect();
        assert_eq!(got, vec![(1.5e6, Some(2e6), None), (130000.0, None, Some("more_than")), (100000.0, None, Some("about"))]);
    }
}
