//! Dates in news prose, absolute ("Feb. 10, 2022", "10 December") and relative ("on Thursday",
//! "yesterday", "last month"), resolved against the publication date.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use muster_model::{DatePrecision, Span};
use crate::anchored::{AnchoredRegex, Anchors, Caps, Heads};

/// A date expression found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    pub span: Span,
    pub date: Option<NaiveDate>,
    pub precision: DatePrecision,
    /// The expression carried its own year (or was a full ISO date).
    pub absolute: bool,
    /// A bare weekday ("on Saturday"), kept for publication-date inference.
    pub weekday: Option<Weekday>,
    /// The month and day when the year was missing ("December 6").
    pub month_day: Option<(u32, u32)>,
    /// Refers to the future ("next week").
    pub future: bool,
}

/// The compiled date patterns.
pub struct DateFinder {
    absolute: AnchoredRegex,
    relative: AnchoredRegex,
    /// No text is published after this day (today, unless set for a test): the bound when a year must
    /// be found from a weekday ("Wednesday, 16 February" with no year anywhere).
    today: NaiveDate,
}


const MONTHS: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)";

fn month_number(m: &str) -> Option<u32> {
    let m = m.trim_end_matches('.').to_ascii_lowercase();
    let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    names.iter().position(|n| m.starts_with(n)).map(|i| i as u32 + 1)
}

fn weekday(s: &str) -> Option<Weekday> {
    Some(match s.to_ascii_lowercase().as_str() {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

impl Default for DateFinder {
    fn default() -> Self {
        Self::new()
    }
}

impl DateFinder {
    pub fn new() -> DateFinder {
        let absolute = format!(
            r"(?x-u)
            (?-u:\b)(?P<iso>(?P<iy>20\d\d|19\d\d)-(?P<im>\d\d)-(?P<id>\d\d))(?-u:\b)
          | (?-u:\b)(?P<dmy>(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{MONTHS})\.?(?:,?\s+(?P<y1>(?:19|20)\d\d))?)(?-u:\b)
          | (?-u:\b)(?P<mdy>(?P<m2>{MONTHS})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:,?\s+(?P<y2>(?:19|20)\d\d)(?-u:\b))?)
          | (?-u:\b)(?P<my>(?P<m3>{MONTHS})\.?,?\s+(?P<y3>(?:19|20)\d\d))(?-u:\b)
        "
        );
        let relative = format!(
            r"(?xi-u)
            (?-u:\b)(?P<day>today|tonight|yesterday|this\s+morning|this\s+afternoon|this\s+evening|last\s+night|overnight|tomorrow)(?-u:\b)
          | (?-u:\b)(?P<wd>(?P<wmod>on|late|early|last|this|next|since|by|until|from)?\s*(?P<wname>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?)(?-u:\b)
          | (?-u:\b)(?P<period>(?P<pmod>last|this|next|earlier\s+this|later\s+this|within\s+the\s+last|within\s+the\s+past|in\s+the\s+past|over\s+the\s+past|in\s+the\s+last)\s+(?P<unit>week|month|year|fortnight|few\s+days|several\s+days|couple\s+of\s+days|days|weeks))(?-u:\b)
          | (?-u:\b)(?P<recent>in\s+recent\s+days|in\s+recent\s+weeks|in\s+the\s+coming\s+days|in\s+the\s+coming\s+weeks|a\s+day\s+later|the\s+day\s+before|over\s+the\s+weekend|at\s+the\s+weekend|last\s+weekend)(?-u:\b)
          | (?-u:\b)(?P<edge>(?:at\s+the\s+)?(?:(?P<emod>end|start|beginning|middle|mid)\s+of\s+|(?P<emod2>early|mid|late)-?\s*)(?P<em>{MONTHS}))(?-u:\b)
          | (?-u:\b)(?P<inm>(?:in|since|during|until|by)\s+(?P<im2>January|February|March|April|June|July|August|September|October|November|December))(?-u:\b)
        "
        );
        DateFinder {
            absolute: AnchoredRegex::new(&absolute, Heads::MonthsOrDigits, 0, 48),
            // "within the last week", "at the beginning of March": the head ends the match
            relative: AnchoredRegex::new(&relative, Heads::RelativeDates, 48, 48),
            today: chrono::Utc::now().date_naive(),
        }
    }

    /// The same finder with another day as today (for tests and for replaying old runs).
    pub fn with_today(mut self, today: NaiveDate) -> DateFinder {
        self.today = today;
        self
    }

    /// Finds every date expression and resolves it against `published` (relative ones need it).
    pub fn find(&self, text: &str, published: Option<NaiveDate>) -> Vec<DateMention> {
        self.scan(text, &Anchors::of(text)).resolve(published)
    }

    /// The date expressions of `text`, not yet resolved.
    pub(crate) fn scan<'t>(&self, text: &'t str, anchors: &Anchors) -> DateScan<'t> {
        DateScan { text, absolute: self.absolute.captures_iter(text, anchors), relative: self.relative.captures_iter(text, anchors), today: self.today }
    }
}

/// The date expressions of one text, found once and resolved against any publication date.
pub(crate) struct DateScan<'t> {
    text: &'t str,
    absolute: Vec<Caps<'t>>,
    relative: Vec<Caps<'t>>,
    today: NaiveDate,
}

impl DateScan<'_> {
    /// Every date expression resolved against `published` (relative ones need it).
    pub fn resolve(&self, published: Option<NaiveDate>) -> Vec<DateMention> {
        let text = self.text;
        let mut out: Vec<DateMention> = Vec::new();
        for c in &self.absolute {
            let m = c.whole();
            let span = Span::new(m.start(), m.end());
            let (y, mo, d, prec) = if c.name("iso").is_some() {
                (c["iy"].parse().ok(), c["im"].parse().ok(), c["id"].parse().ok(), DatePrecision::Day)
            } else if c.name("dmy").is_some() {
                (c.name("y1").and_then(|y| y.as_str().parse().ok()), month_number(&c["m1"]), c["d1"].parse().ok(), DatePrecision::Day)
            } else if c.name("mdy").is_some() {
                (c.name("y2").and_then(|y| y.as_str().parse().ok()), month_number(&c["m2"]), c["d2"].parse().ok(), DatePrecision::Day)
            } else {
                (c["y3"].parse().ok(), month_number(&c["m3"]), Some(1), DatePrecision::Month)
            };
            let (Some(mo), Some(d)) = (mo, d) else { continue };
            // "May" alone is too common a word; "Mar" likewise: require a day or year with them
            let absolute = y.is_some();
            let date = match y {
                Some(y) => NaiveDate::from_ymd_opt(y, mo, d),
                None => published.and_then(|p| nearest_year(p, mo, d)),
            };
            if date.is_none() && absolute {
                continue;
            }
            out.push(DateMention {
                span,
                date,
                precision: prec,
                absolute,
                weekday: None,
                month_day: (!absolute).then_some((mo, d)),
                future: false,
            });
        }
        out.sort_by_key(|d| d.span.start);
        let absolute_spans: Vec<Span> = out.iter().map(|d| d.span).collect();
        for c in &self.relative {
            let m = c.whole();
            let mut span = Span::new(m.start(), m.end());
            let k = absolute_spans.partition_point(|a| a.start < span.end);
            if absolute_spans[..k].iter().rev().take(3).any(|o| o.start < span.end && span.start < o.end) {
                continue; // part of an absolute date ("Friday 10 December 2021")
            }
            let mut dm = DateMention { span, date: None, precision: DatePrecision::Day, absolute: false, weekday: None, month_day: None, future: false };
            if let Some(day) = c.name("day") {
                let w = day.as_str().to_ascii_lowercase();
                let offset = if w == "yesterday" || w == "last night" {
                    -1
                } else if w == "tomorrow" {
                    dm.future = true;
                    1
                } else {
                    0
                };
                dm.date = published.map(|p| p + Duration::days(offset));
            } else if let Some(name) = c.name("wname") {
                let wd = weekday(name.as_str()).unwrap();
                let modifier = c.name("wmod").map(|m| m.as_str().to_ascii_lowercase());
                if let Some(md) = c.name("wmod") {
                    if md.as_str().is_empty() {
                        span.start = name.start();
                    }
                } else {
                    span.start = name.start();
                }
                dm.span = span;
                dm.weekday = Some(wd);
                dm.future = modifier.as_deref() == Some("next") || (modifier.as_deref() != Some("last") && future_context(text, span.start));
                dm.date = published.map(|p| if dm.future { next_weekday(p, wd) } else { last_weekday(p, wd) });
            } else if c.name("period").is_some() {
                let modifier = c["pmod"].to_ascii_lowercase();
                let unit = c["unit"].to_ascii_lowercase();
                let (days, prec) = if unit.starts_with("month") {
                    (30, DatePrecision::Month)
                } else if unit.starts_with("year") {
                    (365, DatePrecision::Year)
                } else {
                    (7, DatePrecision::Week)
                };
                dm.precision = prec;
                dm.future = modifier == "next";
                let offset = if modifier.starts_with("last") || modifier == "in the past" || modifier.starts_with("within") || modifier.starts_with("over") || modifier == "in the last" {
                    if modifier == "last" { -days } else { 0 }
                } else if dm.future {
                    days
                } else {
                    0
                };
                dm.date = published.map(|p| p + Duration::days(offset));
            } else if c.name("recent").is_some() {
                dm.precision = DatePrecision::Week;
                dm.future = m.as_str().to_ascii_lowercase().contains("coming");
                dm.date = published;
            } else if c.name("edge").is_some() {
                let mo = month_number(&c["em"]).unwrap_or(1);
                let modifier = c.name("emod").or(c.name("emod2")).map(|m| m.as_str().to_ascii_lowercase()).unwrap_or_default();
                let day = match modifier.as_str() {
                    "end" => 28,
                    "late" => 25,
                    "middle" | "mid" => 15,
                    _ => 3,
                };
                dm.precision = DatePrecision::Week;
                dm.future = ahead(text, span.start) || joined_to_future(text, out.last(), span);
                dm.date = published.and_then(|p| month_day_near(p, mo, day, dm.future));
            } else if c.name("inm").is_some() {
                let mo = month_number(&c["im2"]).unwrap_or(1);
                dm.precision = DatePrecision::Month;
                dm.future = ahead(text, span.start) || joined_to_future(text, out.last(), span);
                dm.date = published.and_then(|p| month_day_near(p, mo, 1, dm.future));
            }
            out.push(dm);
        }
        out.sort_by_key(|d| d.span.start);
        out
    }
}

/// The most recent `wd` on or before `p`.
fn last_weekday(p: NaiveDate, wd: Weekday) -> NaiveDate {
    let back = (7 + p.weekday().num_days_from_monday() as i64 - wd.num_days_from_monday() as i64) % 7;
    p - Duration::days(back)
}

fn next_weekday(p: NaiveDate, wd: Weekday) -> NaiveDate {
    let fwd = (7 + wd.num_days_from_monday() as i64 - p.weekday().num_days_from_monday() as i64) % 7;
    p + Duration::days(if fwd == 0 { 7 } else { fwd })
}

/// The year that puts month/day closest to `p`, preferring the past (news reports what happened).
fn nearest_year(p: NaiveDate, mo: u32, d: u32) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(p.year(), mo, d)?;
    if this > p + Duration::days(60) {
        NaiveDate::from_ymd_opt(p.year() - 1, mo, d)
    } else if this < p - Duration::days(300) {
        NaiveDate::from_ymd_opt(p.year() + 1, mo, d)
    } else {
        Some(this)
    }
}

/// Whether the words just before a date, in its clause, speak of what is to come ("will", "could",
/// "plans to").
fn future_context(text: &str, at: usize) -> bool {
    let before: String = text[..at].chars().rev().take(40).take_while(|c| !matches!(c, '.' | ';' | '!' | '?' | '\n')).collect::<String>().chars().rev().collect::<String>().to_ascii_lowercase();
    [
        "will ", "would ", "could ", "to invade", "wants to", "plans to", "planning to", "expected", "scheduled", "due to ", "might ",
        "may ", "preparing", "prepare for", "poised to", "ready to", "intends to", "possible ", "likely ",
    ]
        .iter()
        .any(|w| before.contains(w))
}

/// [`future_context`], or a deadline just before the date ("by early February", "until March").
fn ahead(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    future_context(text, at) || ["by", "until", "by the", "until the"].iter().any(|w| crate::ends_with_word(before, w))
}

/// Whether a date is the other end of one that looks ahead ("by the end of January or the beginning
/// of February"): joined to it by "or", "and", "to" or a dash.
fn joined_to_future(text: &str, prev: Option<&DateMention>, span: Span) -> bool {
    prev.is_some_and(|p| {
        p.future
            && p.span.end <= span.start
            && matches!(text[p.span.end..span.start].trim(), "or" | "and" | "to" | "or the" | "and the" | "to the" | "-" | "–" | "—" | "or in")
    })
}

/// A month (and day) without a year: the past one, unless it is a fortnight away at most, or the
/// words before it look ahead (then the coming one).
fn month_day_near(p: NaiveDate, mo: u32, d: u32, future: bool) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(p.year(), mo, d)?;
    if this > p {
        if future || this <= p + Duration::days(14) {
            Some(this)
        } else {
            NaiveDate::from_ymd_opt(p.year() - 1, mo, d)
        }
    } else if future && this + Duration::days(31) < p {
        NaiveDate::from_ymd_opt(p.year() + 1, mo, d)
    } else {
        Some(this)
    }
}

/// A dateline: one of the first lines of the text that is nothing but a date
/// ("Friday 10 December 2021", "February 12, 2022", "Published: 16 Feb 2022").
pub fn dateline(text: &str, finder: &DateFinder) -> Option<NaiveDate> {
    for line in header_lines(text) {
        let mut l = line.trim();
        // a wire dateline may open the first paragraph, cut off by a dash ("TAIPEI, April 9, 2023
        // (Reuters) - China's military ...")
        if l.len() > 60 {
            let head = &l[..l.floor_char_boundary(80)];
            match [" - ", " — ", " – ", " -- "].iter().filter_map(|d| head.find(d)).min() {
                Some(cut) => l = l[..cut].trim_end(),
                None => continue,
            }
        }
        // (the place of writing may carry its country: "GOMA, Democratic Republic of Congo, July 10, 2024 (Wire)")
        if l.is_empty() || l.len() > 90 {
            continue;
        }
        let ds = finder.find(l, None);
        // (a dateline without its year, "KYIV, April 22 (Wire) -", takes the year the text names most)
        let full_or_yearless = |d: &&DateMention| d.precision == DatePrecision::Day && (d.absolute || d.month_day.is_some());
        if let Some(d) = ds.iter().find(full_or_yearless) {
            // a wire dateline opens with the place of writing and may close with the agency
            // ("SEOUL, March 14, 2024", "New Delhi, June 20 (Reuters)")
            let (mut head, mut tail) = (&l[..d.span.start], &l[d.span.end..]);
            // (the weekday may stand between the place and the date: "Cúcuta, Monday 25 February 2019")
            let before_date = head.trim_end().trim_end_matches(',');
            let before_date = match before_date.rsplit_once(' ') {
                Some((lead, last)) if weekday(&last.to_ascii_lowercase()).is_some() => lead,
                _ => head.trim_end(),
            };
            let place = before_date.trim_end().strip_suffix(',').unwrap_or("");
            let place_word = |w: &str| w.chars().next().is_some_and(char::is_uppercase) || matches!(w, "of" | "the" | "and" | "de");
            if !place.is_empty() && place.split([' ', ',']).filter(|w| !w.is_empty()).all(place_word) && place.split_whitespace().count() <= 7 {
                head = "";
            }
            let t = tail.trim();
            if t.starts_with('(') && t.ends_with(')') && t.len() < 30 {
                tail = "";
            }
            let rest: String = format!("{head}{tail}");
            let rest = rest.to_ascii_lowercase();
            let leftovers: Vec<&str> = rest
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .filter(|w| !["published", "updated", "posted", "on", "at", "gmt", "utc", "est", "am", "pm", "bst", "cet", "last", "a", "p", "m",
                    "edt", "pdt", "pst", "cdt", "cst", "mdt", "mst", "ist", "msk", "eet", "eest", "cest", "jst", "kst", "hkt", "sgt", "aest", "z"].contains(w))
                .filter(|w| weekday(w).is_none() && !["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"].contains(w))
                .filter(|w| !w.trim_end_matches("am").trim_end_matches("pm").chars().all(|c| c.is_ascii_digit()))
                .collect();
            if leftovers.is_empty() {
                if d.absolute {
                    return d.date;
                }
                let (month, day) = d.month_day?;
                return NaiveDate::from_ymd_opt(dateline_year(text, finder, l, d, month, day)?, month, day);
            }
        }
    }
    // or a header line of a release ("Ministry of ... - Press release, 24 May 2024"), or a date in
    // figures alone on its line ("20/09/2023", day first unless the second number cannot be a month)
    for line in header_lines(text) {
        let l = line.trim();
        let lower = l.to_ascii_lowercase();
        if l.len() <= 120 && ["press release", "news release", "published", "updated", "update as of", "situation as of", "as at ", "transcript", "broadcast"].iter().any(|w| lower.contains(w)) {
            if let Some(d) = finder.find(l, None).iter().find(|d| d.absolute && d.precision == DatePrecision::Day) {
                return d.date;
            }
        }
        if let Some(d) = numeric_date(l) {
            return Some(d);
        }
        // or one part of a header line set off by bars ("Defence | 12.06.2024, 16:48 | Vilnius",
        // ("Interview | 6 December 2021", "Saturday, 10 May 2025 | Cut-off 20:00"): a part that is a full
        // date, with or without its weekday, and nothing else
        // (or by dashes: "Issue 12 -- Friday, 28 January 2022")
        if l.len() <= 100 && (l.contains('|') || [" -- ", " — ", " – "].iter().any(|d| l.contains(d))) {
            let alone = |part: &str, d: &DateMention| {
                (d.span.end == part.len() || only_a_time(&part[d.span.end..])) && (d.span.start == 0 || weekday_before(part, d.span.start).is_some() && part[..d.span.start].trim_end_matches([' ', ',']).split_whitespace().count() == 1)
            };
            let written = |part: &str| finder.find(part, None).into_iter().find(|d| d.absolute && d.precision == DatePrecision::Day && alone(part, d)).and_then(|d| d.date);
            let parts = l.split('|').flat_map(|p| p.split(" -- ")).flat_map(|p| p.split(" — ")).flat_map(|p| p.split(" – "));
            if let Some(d) = parts.map(str::trim).find_map(|part| numeric_date(part).or_else(|| written(part))) {
                return Some(d);
            }
        }
    }
    // or a closing line that says when the piece was published ("This article was first published on
    // 10 February 2022.")
    for line in text.lines().rev().filter(|l| !l.trim().is_empty()).take(3) {
        let l = line.trim();
        if l.len() > 120 || !l.to_ascii_lowercase().contains("published") {
            continue;
        }
        if let Some(d) = finder.find(l, None).iter().find(|d| d.absolute && d.precision == DatePrecision::Day) {
            return d.date;
        }
    }
    None
}

/// Whether what follows a date is only its time and time zone (", 06:15 CET", " 4:37 PM GMT").
fn only_a_time(rest: &str) -> bool {
    let words: Vec<&str> = rest.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    !words.is_empty()
        && words.len() <= 4
        && words.iter().all(|w| {
            let lower = w.to_ascii_lowercase();
            let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let time = !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || matches!(c, ':' | '.')) && digits.contains([':', '.']);
            time || matches!(lower.as_str(), "am" | "pm" | "a.m." | "p.m." | "gmt" | "utc" | "cet" | "cest" | "bst" | "est" | "edt" | "pst" | "pdt" | "msk" | "eet" | "eest" | "kst" | "jst" | "ist" | "z")
        })
}

/// The lines of a text's header, where a dateline stands: the first four, and up to twelve while no
/// paragraph of body text has begun (a title, a standfirst, a byline and then "Published: 10 Feb 2022").
fn header_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut body = false;
    text.lines().take(12).enumerate().take_while(move |(i, l)| {
        let keep = *i < 4 || !body;
        body |= l.len() > 300;
        keep
    })
    .map(|(_, l)| l)
}

/// A date written in figures, alone on its line or with the words a header sets around it: "Published",
/// "Updated", a time, a time zone, the place of writing ("20/09/2023", "20.09.2023", "09/20/2023",
/// "08.12.2021 17:45, Kyiv", "Published 21.5.2025 at 7.05", "Last updated 2022-02-23T22:47Z").
fn numeric_date(l: &str) -> Option<NaiveDate> {
    let mut l = l.trim();
    for lead in ["Last updated", "Published", "Updated", "Posted", "Date"] {
        if let Some(r) = l.strip_prefix(lead) {
            l = r.trim_start_matches([' ', ':']);
            break;
        }
    }
    // or a label of its own, in any language, before a colon ("Publicado/Published: 29/12/2023",
    // "Datum: 3.4.2023")
    if let Some((label, rest)) = l.split_once(": ") {
        if label.len() <= 30 && label.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '/' | '-')) {
            l = rest.trim_start();
        }
    }
    // or the place of writing before it ("Warsaw, 10.08.2023")
    if let Some((place, rest)) = l.split_once(", ") {
        let words: Vec<&str> = place.split_whitespace().collect();
        if (1..=3).contains(&words.len()) && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)) && rest.starts_with(|c: char| c.is_ascii_digit()) {
            l = rest;
        }
    }
    let (date, rest) = l.split_once(' ').unwrap_or((l, ""));
    let date = date.trim_end_matches(',');
    if !date.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let is_time = |w: &str| {
        let w = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        !w.is_empty() && w.chars().all(|c| c.is_ascii_digit() || c == ':' || c == '.') && w.contains([':', '.'])
    };
    let rest_ok = rest.len() <= 40
        && rest.split([' ', ',']).filter(|w| !w.is_empty()).all(|w| {
            is_time(w) || matches!(w, "at" | "am" | "pm" | "a.m." | "p.m.") || w.chars().next().is_some_and(char::is_uppercase)
        });
    if !rest_ok {
        return None;
    }
    // ISO 8601, with or without its time ("2022-02-23T22:47Z")
    let iso = date.split('T').next().unwrap_or(date);
    if let [y, m, d] = iso.split('-').collect::<Vec<_>>()[..] {
        if y.len() == 4 && m.len() == 2 && d.len() == 2 {
            return NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        }
        return None;
    }
    let parts: Vec<&str> = date.split(['/', '.']).collect();
    let [a, b, y] = parts[..] else { return None };
    if y.len() != 4 || !(1..=2).contains(&a.len()) || !(1..=2).contains(&b.len()) {
        return None;
    }
    let (a, b, y): (u32, u32, i32) = (a.parse().ok()?, b.parse().ok()?, y.parse().ok()?);
    let (day, month) = if b > 12 { (b, a) } else { (a, b) };
    NaiveDate::from_ymd_opt(y, month, day)
}

/// The years a text names, most often named first (ties: the latest first), from four-digit years
/// 1990-2099 standing alone or after a hyphen ("Zapad-2021").
fn years_named(text: &str) -> Vec<i32> {
    let b = text.as_bytes();
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for (i, w) in b.windows(4).enumerate() {
        let digits = w.iter().all(u8::is_ascii_digit);
        // (not a part of "12,2000" or "3.2021")
        let grouped_before = i >= 2 && matches!(b[i - 1], b',' | b'.') && b[i - 2].is_ascii_digit();
        let grouped_after = matches!(b.get(i + 4), Some(b',' | b'.')) && b.get(i + 5).is_some_and(u8::is_ascii_digit);
        let alone = (i == 0 || !b[i - 1].is_ascii_alphanumeric()) && !grouped_before && b.get(i + 4).is_none_or(|c| !c.is_ascii_alphanumeric()) && !grouped_after;
        if !digits || !alone {
            continue;
        }
        let Some(year) = std::str::from_utf8(w).ok().and_then(|y| y.parse::<i32>().ok()) else { continue };
        if (1990..2100).contains(&year) {
            match counts.iter_mut().find(|(y, _)| *y == year) {
                Some((_, n)) => *n += 1,
                None => counts.push((year, 1)),
            }
        }
    }
    counts.sort_by_key(|&(y, n)| std::cmp::Reverse((n, y)));
    counts.into_iter().map(|(y, _)| y).collect()
}

/// The latest year, up to `today`, in which `month`/`day` falls on `wd`.
fn year_by_weekday(today: NaiveDate, month: u32, day: u32, wd: Weekday) -> Option<i32> {
    (today.year() - 30..=today.year()).rev().find(|&y| NaiveDate::from_ymd_opt(y, month, day).is_some_and(|d| d <= today && d.weekday() == wd))
}

/// The year of a dateline without one ("BRUSSELS, Feb 12 (Wire) -", "Monday, August 8"). A weekday on
/// the dateline itself must fit: the most named year of the text in which it does, else the latest such
/// year up to today. Otherwise the lead's weekday ("... said on Tuesday"), the first past weekday the
/// text mentions, is the dateline's day or the day before, as news is written on the day or the morning
/// after: the most named year in which it is, or a weekend before ("on Friday" in Monday's story), else
/// the latest year of the last six in which the lead is the day itself, else the latest in which it is
/// the day or the day before. With no weekday, the year the text names most.
fn dateline_year(text: &str, finder: &DateFinder, line: &str, date: &DateMention, month: u32, day: u32) -> Option<i32> {
    let named = years_named(text);
    let fits = |y: i32, wd: Weekday| NaiveDate::from_ymd_opt(y, month, day).is_some_and(|d| d.weekday() == wd && d <= finder.today);
    if let Some(wd) = weekday_before(line, date.span.start) {
        return named.iter().copied().find(|&y| fits(y, wd)).or_else(|| year_by_weekday(finder.today, month, day, wd));
    }
    let lead = finder.find(text, None).into_iter().filter(|d| !d.future).find_map(|d| d.weekday);
    let Some(lead) = lead else { return named.first().copied() };
    // up to `back` days after the lead's weekday
    let after = |y: i32, back: u32| (0..=back).any(|n| fits(y, (0..n).fold(lead, |w, _| w.succ())));
    // a named year may be a weekend away ("on Friday" in Monday's story)
    let this_year = finder.today.year();
    named.iter().copied().find(|&y| after(y, 3)).or_else(|| {
        // the day itself within six years, as most stories are read within a few years of being written
        // and most wire copy speaks of the day itself; else the latest year of the day or the day after
        (this_year - 6..=this_year).rev().find(|&y| after(y, 0)).or_else(|| (this_year - 30..=this_year).rev().find(|&y| after(y, 1)))
    })
}

/// The weekday written right before a date ("Wednesday, 16 February", "Wed 16 Feb"), if any.
fn weekday_before(text: &str, at: usize) -> Option<Weekday> {
    let before = text[..at].trim_end_matches([' ', ',']);
    let word = before.rsplit(|c: char| !c.is_ascii_alphabetic()).next()?;
    weekday(word).or_else(|| {
        let short = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let w = word.to_ascii_lowercase();
        let w = w.strip_suffix('.').unwrap_or(&w);
        short.iter().position(|s| *s == w).and_then(|i| Weekday::try_from(i as u8).ok())
    })
}

/// Infers a publication date from the text alone. Start from the latest full date the text states;
/// weekdays it mentions ("on Saturday") that no stated date of that week accounts for point to days
/// after it: the most mentioned of those is taken as the day of writing.
pub fn infer_published(text: &str, finder: &DateFinder) -> Option<NaiveDate> {
    infer_published_from(&finder.scan(text, &Anchors::of(text)))
}

/// [`infer_published`] from a scan already made.
pub(crate) fn infer_published_from(scan: &DateScan) -> Option<NaiveDate> {
    let found = scan.resolve(None);
    let mut stated: Vec<NaiveDate> = found.iter().filter(|d| d.absolute && d.precision == DatePrecision::Day).filter_map(|d| d.date).collect();
    // a day written with its weekday and no year ("on Wednesday, 16 February") is of the latest year
    // that fits, where the text names no full date; and as news names the weekday of days this week,
    // the latest of them is the day of writing
    let mut named_days: Vec<NaiveDate> = Vec::new();
    if stated.is_empty() {
        for d in found.iter().filter(|d| d.precision == DatePrecision::Day) {
            let (Some((month, day)), Some(wd)) = (d.month_day, weekday_before(scan.text, d.span.start)) else { continue };
            if let Some(date) = year_by_weekday(scan.today, month, day, wd).and_then(|y| NaiveDate::from_ymd_opt(y, month, day)) {
                named_days.push(date);
            }
        }
        stated.extend(&named_days);
    }
    let latest = *stated.iter().max()?;
    if named_days.contains(&latest) {
        return Some(latest);
    }
    let explained: Vec<Weekday> = stated.iter().filter(|d| **d + Duration::days(6) >= latest).map(|d| d.weekday()).collect();
    let mut counts = [0usize; 7];
    for d in &found {
        if let (Some(wd), false) = (d.weekday, d.future) {
            if !explained.contains(&wd) {
                counts[wd.num_days_from_monday() as usize] += 1;
            }
        }
    }
    let best = (1..7)
        .map(|k| latest + Duration::days(k))
        .map(|d| (counts[d.weekday().num_days_from_monday() as usize], d))
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, d)| (*n, std::cmp::Reverse(*d)));
    Some(best.map(|(_, d)| d).unwrap_or(latest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchored_patterns_find_what_a_full_scan_finds() {
        let texts = crate::anchored::tests::sample_texts();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let f = DateFinder::new();
        crate::anchored::tests::assert_same_as_full_scan(&f.absolute, &texts);
        crate::anchored::tests::assert_same_as_full_scan(&f.relative, &texts);
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn absolute_forms() {
        let f = DateFinder::new();
        let t = "Images from Feb. 10, 2022 and 9 February 2022; the video of December 6 and 2022-02-11.";
        let got: Vec<_> = f.find(t, Some(d(2021, 12, 10))).into_iter().map(|m| m.date.unwrap()).collect();
        assert_eq!(got, vec![d(2022, 2, 10), d(2022, 2, 9), d(2021, 12, 6), d(2022, 2, 11)]);
    }

    #[test]
    fn relative_forms_resolve_against_publication() {
        let f = DateFinder::new();
        let p = d(2022, 2, 16); // a Wednesday
        let t = "Troops left on Tuesday, arrived yesterday, and drills end next Monday. Last month they came.";
        let got: Vec<_> = f.find(t, Some(p)).into_iter().map(|m| (m.date.unwrap(), m.future)).collect();
        assert_eq!(got, vec![(d(2022, 2, 15), false), (d(2022, 2, 15), false), (d(2022, 2, 21), true), (d(2022, 1, 17), false)]);
    }

    #[test]
    fn early_mid_and_late_months() {
        let f = DateFinder::new();
        let got = f.find("troops arrived in mid-January and more in late December", Some(d(2022, 2, 1)));
        let dates: Vec<_> = got.iter().map(|m| m.date.unwrap()).collect();
        assert_eq!(dates, vec![d(2022, 1, 15), d(2021, 12, 25)]);
        // a month ahead: the coming one when the words look ahead or it is days away
        let got = f.find("the force could reach 30,000 by early February; drills began in early March", Some(d(2022, 1, 28)));
        let dates: Vec<_> = got.iter().map(|m| m.date.unwrap()).collect();
        assert_eq!(dates, vec![d(2022, 2, 3), d(2021, 3, 3)]);
        let got = f.find("the exercise will end in January", Some(d(2021, 12, 20)));
        assert_eq!(got[0].date, Some(d(2022, 1, 1)));
        // the other end of a deadline looks ahead too; so do preparations
        // the weekend just past: within the week before writing
        let got = f.find("columns were seen moving over the weekend", Some(d(2022, 2, 14)));
        assert_eq!(got.iter().map(|m| (m.date, m.precision, m.future)).collect::<Vec<_>>(), vec![(Some(d(2022, 2, 14)), DatePrecision::Week, false)]);
        let got = f.find("an attack by the end of January or the beginning of February", Some(d(2021, 11, 21)));
        let dates: Vec<_> = got.iter().map(|m| (m.date.unwrap(), m.future)).collect();
        assert_eq!(dates, vec![(d(2022, 1, 28), true), (d(2022, 2, 3), true)]);
        let got = f.find("Moscow is preparing for an offensive in early February", Some(d(2021, 11, 21)));
        assert_eq!(got[0].date, Some(d(2022, 2, 3)));
        // a month joined to one in the past stays in the past
        let got = f.find("troops came at the end of January and the beginning of February", Some(d(2021, 11, 21)));
        assert!(got.iter().all(|m| !m.future && m.date.unwrap() < d(2021, 11, 21)), "{got:?}");
    }

    #[test]
    fn end_of_a_month_is_in_the_past() {
        let f = DateFinder::new();
        let got = f.find("at the end of October", Some(d(2021, 11, 12)));
        assert_eq!(got[0].date, Some(d(2021, 10, 28)));
        assert_eq!(got[0].precision, DatePrecision::Week);
    }

    #[test]
    fn a_year_found_from_the_weekday_where_the_text_names_none() {
        let f = DateFinder::new().with_today(d(2026, 12, 1));
        // a yearless wire dateline: the latest recent year in which the lead's weekday is the day itself
        // (12 Feb 2022 is a Saturday; in 2023, where it would be the day before, a Sunday)
        let t = "Headline\n\nOSLO, Feb 12 (Wire) - Allies met on Saturday to weigh new steps. Officials said on Friday that more troops had arrived; the talks resume on Saturday evening.\n";
        assert_eq!(dateline(t, &f), Some(d(2022, 2, 12)));
        // the lead's weekday, not the one mentioned most further down; and the day before where no recent
        // year has it on the day (30 Oct is a Tuesday in 2018, a Wednesday in 2024, a Monday in 2023)
        let t = "Headline\n\nSEOUL, Oct 30 (Desk) - The spy agency told lawmakers on Tuesday that 11,000 soldiers had left.\nOn Monday a ship was seen at the port. Drones flew on Monday as well.\n";
        assert_eq!(dateline(t, &f), Some(d(2024, 10, 30)));
        // a weekday on the dateline must fit the year; other weekdays cannot overrule a named year
        let t = "NEWSLETTER\nMonday, August 8\n\nDrills began on Thursday, the biggest since 2022 and 2024 and 2024.\n";
        assert_eq!(dateline(t, &f), Some(d(2022, 8, 8)));
        let t = "NEWSLETTER\nMonday, August 8\n\nDrills began on Thursday.\n";
        assert_eq!(dateline(t, &f), Some(d(2022, 8, 8)));
        let t = "Headline\n\nOSLO, Feb 10 (Wire) - A report published on Friday, before the 2024 vote, showed new roads.\n";
        assert_eq!(dateline(t, &f), Some(d(2024, 2, 10)));
        assert_eq!(dateline("Regional paper\nPublicado/Published: 29/12/2023\n\nText.\n", &f), Some(d(2023, 12, 29)));
        assert_eq!(dateline("NORTHERN FRONT BRIEF\nUpdate as of 16 October 2023\n\n1. Text on Sunday.\n", &f), Some(d(2023, 10, 16)));
        // a dateline whose place carries its country; a transcript's header line
        let t = "Headline\n\nKINDU, Democratic Republic of the Congo, March 3, 2023 (Lakes Agency) – Troops massed on Friday near the town.\n";
        assert_eq!(dateline(t, &f), Some(d(2023, 3, 3)));
        let t = "EVENING NEWS\nTranscript of the programme, Monday 2 October 2023, 20:00 (local time)\n\nANCHOR: Good evening. Last Friday troops moved.\n";
        assert_eq!(dateline(t, &f), Some(d(2023, 10, 2)));
        // with no weekday at all there is nothing to go on
        assert_eq!(dateline("Headline\n\nOSLO, Feb 12 (Wire) - Allies met again.\n", &f), None);
        // a day written with its weekday in a text with no full date: the latest fitting year, and the
        // day of writing even when other weekdays are mentioned
        let t = "Units began moving back by rail, the ministry said on Wednesday, 16 February. On Tuesday the spokesman had announced the end of the drills.";
        assert_eq!(infer_published(t, &f), Some(d(2022, 2, 16)));
        assert_eq!(infer_published("The drills end on Thu 10 Feb, the ministry said.", &f), Some(d(2022, 2, 10)));
        // not beyond today
        let f = DateFinder::new().with_today(d(2022, 2, 1));
        assert_eq!(infer_published("The ministry spoke on Wednesday, 16 February.", &f), Some(d(2011, 2, 16)));
        // a header part set off by bars that is a date written out
        assert_eq!(dateline("DEFENCE MONTHLY\nInterview | 6 December 2021\n\nText.\n", &f), Some(d(2021, 12, 6)));
        assert_eq!(dateline("CRISIS MONITOR - UPDATE No. 4\nSaturday, 10 May 2025 | Cut-off 20:00 IST\n\nText.\n", &f), Some(d(2025, 5, 10)));
        assert_eq!(dateline("CRISIS MONITOR\nSat 10 May 2025 | Desk\n\nText.\n", &f), Some(d(2025, 5, 10)));
        assert_eq!(dateline("CRISIS MONITOR\nTroops seen 10 May 2025 | Desk\n\nText.\n", &f), None);
        // (with its time and time zone after the date: "THE OBSERVER | World | Wednesday 3 November 2021, 06:15 CET")
        assert_eq!(dateline("Title\nTHE OBSERVER | World | Wednesday 3 November 2021, 06:15 CET\n\nText on 9 November.\n", &f), Some(d(2021, 11, 3)));
        assert_eq!(dateline("Title\nTHE OBSERVER | World | 3 November 2021, troops seen\n\nText.\n", &f), None);
        assert_eq!(dateline("RAIL DIGEST\nA weekly digest\nIssue 7 -- Friday, 4 February 2022\n\nText.\n", &f), Some(d(2022, 2, 4)));
        assert_eq!(dateline("RAIL DIGEST\nNo. 7 — 4 February 2022\n\nText.\n", &f), Some(d(2022, 2, 4)));
    }

    #[test]
    fn datelines_and_inference() {
        let f = DateFinder::new();
        assert_eq!(dateline("Wednesday 16 February 2022\n\nHeadline", &f), Some(d(2022, 2, 16)));
        assert_eq!(dateline("Tanks seen on 16 February 2022 near the border\n", &f), None);
        // wire datelines: the place of writing before, the agency after
        assert_eq!(dateline("Headline\nSEOUL, March 14, 2024\n\nText", &f), Some(d(2024, 3, 14)));
        assert_eq!(dateline("Headline\nNew Delhi, June 20, 2020 (Reuters)\n", &f), Some(d(2020, 6, 20)));
        assert_eq!(dateline("troops said, March 14, 2024\n", &f), None);
        // with the weekday between the place and the date
        assert_eq!(dateline("By the Border Desk\nCúcuta, Monday 25 February 2019\n\nText on Saturday.\n", &f), Some(d(2019, 2, 25)));
        // a dateline that opens the first paragraph, cut off by a dash
        assert_eq!(dateline("Headline\n\nTAIPEI, April 9, 2023 (Reuters) - China's military sent 71 aircraft towards the island, the ministry said.\n", &f), Some(d(2023, 4, 9)));
        assert_eq!(dateline("Headline\n\nKYIV, Feb 3 2022 (AP) — Russian troops moved closer to the border on Thursday, officials said.\n", &f), Some(d(2022, 2, 3)));
        // a date inside the sentence before a dash is no dateline
        assert_eq!(dateline("Troops arrived on March 14, 2024 - and more came later, said officials in the region.\n", &f), None);
        // a dateline without its year takes the year the text names most
        let t = "Headline\n\nKYIV/MOSCOW, April 22 (Wire) - Troops began leaving, before the Zapad-2021 drills in September.\nIn 2014 Russia annexed Crimea; the 2021 build-up was larger.\n";
        assert_eq!(dateline(t, &f), Some(d(2021, 4, 22)));
        assert_eq!(dateline("Headline\n\nGEORGETOWN, Feb 10 (Wire) - Troops moved.\n", &f), None);
        assert_eq!(dateline("Headline\n\nGEORGETOWN, Feb 10 (Wire) - Troops moved before the election later in 2024, officials said.\n", &f), Some(d(2024, 2, 10)));
        // a release's header line, a date in figures alone
        assert_eq!(dateline("PLA activity report\nMinistry of National Defense, Taipei - Press release, 24 May 2024\nText.\n", &f), Some(d(2024, 5, 24)));
        assert_eq!(dateline("Intelligence update\n20/09/2023\n1. Text.\n", &f), Some(d(2023, 9, 20)));
        assert_eq!(dateline("Intelligence update\n09/20/2023\n1. Text.\n", &f), Some(d(2023, 9, 20)));
        assert_eq!(dateline("Intelligence update\n1/2/3\n", &f), None);
        // followed by the time and the place of writing; not a figure that opens a sentence
        assert_eq!(dateline("Press service\n\n14.01.2022 09:30, Vilnius\n\nText.\n", &f), Some(d(2022, 1, 14)));
        assert_eq!(dateline("Report\n14.01.2022 troops were seen near the border.\n", &f), None);
        // the place of writing before a date in figures
        assert_eq!(dateline("Ministry of Defence\nBriefing on the border - transcript\nVilnius, 05.03.2024\n\nText.\n", &f), Some(d(2024, 3, 5)));
        assert_eq!(dateline("Report\nIn the end, 05.03.2024 was chosen.\n", &f), None);
        // a part of a header line set off by bars; a weekday cut short
        assert_eq!(dateline("Newswire\nWorld | 03.02.2023, 11:05 | Riga\n\nText.\n", &f), Some(d(2023, 2, 3)));
        assert_eq!(dateline("Title\n\nTue 7 Mar 2023 08.15 GMT\n\nText.\n", &f), Some(d(2023, 3, 7)));
        // a header's words around a date in figures, ISO dates, a time zone after a time
        assert_eq!(dateline("PAPER\nPublished 3.4.2023 at 7.05 | Updated 3.4.2023 at 9.40\n\nText.\n", &f), Some(d(2023, 4, 3)));
        assert_eq!(dateline("LIVE\nTitle\nLast updated 2023-04-03T22:47Z\n\nText.\n", &f), Some(d(2023, 4, 3)));
        assert_eq!(dateline("WIRE\n\nTitle\n\nBy A. Writer\nMarch 3, 2023 at 6:41 p.m. EDT\n\nText.\n", &f), Some(d(2023, 3, 3)));
        assert_eq!(dateline("Report\n2023-04-03 troops moved towards the border.\n", &f), None);
        // below a title, a standfirst and a byline, before the body begins; a time after the date
        let t = "MARITIME NEWS\n\nShips reach the port\n\nA standfirst of a line or two.\n\nBy A. Writer in Varna and B. Writer\nPublished: 3 Mar 2023\n\nBody.\n";
        assert_eq!(dateline(t, &f), Some(d(2023, 3, 3)));
        let t = "PAPER | WORLD\n\nTitle\n\nStandfirst.\n\nJo Bloggs, Defence Correspondent\nThursday 2 March 2023, 6.00pm\n\nBody.\n";
        assert_eq!(dateline(t, &f), Some(d(2023, 3, 2)));
        let body = "Troops moved towards the frontier over the weekend as officials in the capital said the exercises would continue. ".repeat(4);
        let t = format!("Title\n\nStandfirst.\n\n{body}\n\n3 March 2023\n");
        assert_eq!(dateline(&t, &f), None, "a date line after the body has begun");
        // a closing line with the publication date
        assert_eq!(dateline("Headline\n\nTroops moved on Monday.\n\nThis article was first published on 10 February 2022.\n", &f), Some(d(2022, 2, 10)));
        assert_eq!(dateline("Headline\n\nTroops moved.\n\nThe drills began on 10 February 2022.\n", &f), None);
        // numbers with four digits are no years ("1,2000", "3.2021")
        assert!(years_named("Some 12,2000 men and 3.2021 units").is_empty());
        let t = "Drills began on February 10, 2022. On Saturday the convoy moved. Officials spoke on Saturday and Friday.";
        assert_eq!(infer_published(t, &f), Some(d(2022, 2, 12)));
    }
}
