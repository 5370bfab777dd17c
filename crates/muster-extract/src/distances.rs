//! Reported distances to a border ("some 28 miles from Ukraine", "15 and 42 miles from the Ukrainian
//! border respectively"), converted to km and checked against the geodesic distance to that border.

use crate::matcher::Meaning;
use crate::{Ctx, Extractor};
use muster_model::{Distance, Place, PlaceKind, Span};
use crate::anchored::{AnchoredRegex, Heads};
use std::sync::OnceLock;

const MILE_KM: f64 = 1.609344;

/// A reported distance: figures, a unit, an optional direction, then "from", "of" or "to" (ASCII
/// classes only: a small automaton; the target phrase after "from" is cut by hand).
const DISTANCE: &str = r"(?i-u)\b(?P<n1>[0-9][0-9,]*(?:\.[0-9]+)?)(?:[ \t]+and[ \t]+(?P<n2>[0-9][0-9,]*(?:\.[0-9]+)?))?[ \t]*-?(?P<u>miles|mile|mi|kilometres|kilometers|kilometre|kilometer|km|kms|metres|meters|metre|meter)\b(?:[ \t]*\([0-9A-Za-z ,.]{0,30}\))?(?:[ \t]+(?:[a-z]+[ \t]+)?(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)(?:[ \t]+[a-z]+)?)?[ \t]*(?:away[ \t]+)?(?:from|of|to)[ \t]+";

fn pattern() -> &'static AnchoredRegex {
    static RE: OnceLock<AnchoredRegex> = OnceLock::new();
    RE.get_or_init(|| AnchoredRegex::new(DISTANCE, Heads::Digits, 0, 160))
}

/// Distances written in words ("less than four miles from the border"), with the number words of
/// force figures.
fn words_pattern() -> &'static AnchoredRegex {
    static RE: OnceLock<AnchoredRegex> = OnceLock::new();
    RE.get_or_init(|| {
        // longer words first, so that "a hundred" is not read as "a" and "seventeen" not as "seven"
        let mut words: Vec<&str> = crate::quantities::SMALL.iter().map(|(w, _)| *w).collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let first = DISTANCE.find("(?:[ \\t]+and").expect("the distance pattern has a second figure");
        let pattern = format!(r"(?i-u)\b(?P<n1>{}){}", words.join("|"), &DISTANCE[first..]);
        // "a hundred": the head word is two bytes after the start
        AnchoredRegex::new(&pattern, Heads::NumberWords, 2, 160)
    })
}

/// A figure of the pattern: digits or a number word.
fn figure(s: &str) -> Option<f64> {
    s.replace(',', "").parse().ok().or_else(|| crate::quantities::word_value(s))
}

pub fn find(ctx: &Ctx, x: &Extractor, places: &[Place], mentions: &[(Span, usize)]) -> Vec<Distance> {
    let text = ctx.text;
    let kb = ctx.kb;
    let mut out: Vec<Distance> = Vec::new();
    // "the border" alone: the theatre's, in a story that names its country; else the border of the
    // place's own country ("Kaesong, about 10 km north of the border" in a story about Korea)
    let coi = &kb.theatre.country_of_interest;
    let names_coi = places.iter().any(|p| p.country.as_deref() == Some(coi.as_str()));
    let digits = pattern().captures_iter(text, &ctx.anchors);
    let words = words_pattern().captures_iter(text, &ctx.anchors);
    for c in digits.into_iter().chain(words) {
        let whole = c.whole();
        let Some(si) = ctx.sentence_of(whole.start()) else { continue };
        let s = ctx.sentences[si];
        // the target phrase: up to 70 bytes after "from", to the first clause mark
        let t0 = whole.end();
        let mut t1 = t0;
        for (i, ch) in text[t0..].char_indices() {
            if i >= 70 || matches!(ch, '.' | ';' | ':' | '(' | ')' | '\n') {
                break;
            }
            t1 = t0 + i + ch.len_utf8();
        }
        let target_m = Span::new(t0, t1);
        let target = &text[t0..t1];
        let tl = target.to_lowercase();
        // which country's border: a country or demonym in the target, else the theatre's
        let mut border_of: Option<String> = None;
        for (h, m) in ctx.hits_in(s) {
            if h.start >= target_m.start && h.end <= target_m.end {
                if let Some(code) = m.iter().find_map(|m| match m {
                    Meaning::CountryName(i) | Meaning::Demonym(i) => Some(kb.countries[*i].code.clone()),
                    _ => None,
                }) {
                    border_of = Some(code);
                    break;
                }
            }
        }
        let mentions_border = names_a_border(target, &tl);
        let to_country = border_of.is_some() && tl.split_whitespace().take(3).count() > 0;
        if !mentions_border && !to_country {
            continue;
        }
        let stated_border = border_of;
        let unit = c["u"].to_ascii_lowercase();
        let miles = unit.starts_with("mi");
        let metres = unit.starts_with("met");
        let values: Vec<f64> = [c.name("n1"), c.name("n2")].iter().flatten().filter_map(|m| figure(m.as_str())).collect();
        // the places the figures belong to: point places before the figure, in order, leaving out those
        // that only qualify the place before them ("Zyabrovka airfield in Gomel, Belarus, 15 miles from")
        let in_sentence: Vec<&(Span, usize)> = mentions.iter().filter(|(p, _)| s.contains(*p) && p.end <= whole.start()).collect();
        let mut before: Vec<usize> = Vec::new();
        for (k, (span, i)) in in_sentence.iter().enumerate() {
            let qualifies = k > 0 && {
                let gap = text[in_sentence[k - 1].0.end..span.start].trim();
                gap == "," || gap == "in" || gap == ", in" || gap == "near" || gap == ", near"
            };
            if qualifies || matches!(places[*i].kind, PlaceKind::Country | PlaceKind::Other | PlaceKind::WaterBody | PlaceKind::AdminRegion) {
                continue;
            }
            if !before.contains(i) {
                before.push(*i);
            }
        }
        let respectively = s.slice(text).to_lowercase().contains("respectively");
        for (k, &v) in values.iter().enumerate() {
            let pidx = if values.len() > 1 && respectively && before.len() >= values.len() {
                Some(before[before.len() - values.len() + k])
            } else if values.len() > 1 {
                before.get(k).copied()
            } else {
                before.last().copied()
            };
            let reported_km = if miles { v * MILE_KM } else if metres { v / 1000.0 } else { v };
            let reported_km = if metres { (reported_km * 1000.0).round() / 1000.0 } else { (reported_km * 10.0).round() / 10.0 };
            let border_of = stated_border.clone().unwrap_or_else(|| match pidx.and_then(|i| places[i].country.clone()) {
                Some(own) if !names_coi => own,
                _ => coi.clone(),
            });
            let (place, computed) = match pidx {
                Some(i) => {
                    let p = &places[i];
                    let d = x.border_distance_km(&border_of, p.lat, p.lon);
                    (p.id.clone(), d)
                }
                None => (String::new(), None),
            };
            let mismatch = computed.and_then(|d| diagnose(v, miles, reported_km, d));
            out.push(Distance {
                place,
                reported_km,
                reported_value: v,
                reported_unit: if miles { "mi".into() } else if metres { "m".into() } else { "km".into() },
                border_of: Some(border_of.clone()),
                computed_km: computed,
                mismatch,
                quote: s.slice(text).to_string(),
                sentence: s,
            });
        }
    }
    out
}

/// Explains a reported distance that geography does not bear out.
fn diagnose(value: f64, miles: bool, reported_km: f64, computed_km: f64) -> Option<String> {
    let tolerance = (0.3 * computed_km).max(15.0);
    if (reported_km - computed_km).abs() <= tolerance {
        return None;
    }
    let close = |a: f64| (a - computed_km).abs() <= (0.2 * computed_km).max(10.0);
    Some(if miles && close(value) {
        format!("stated {value} miles ({reported_km} km), geography gives {computed_km} km: likely miles written for kilometres")
    } else if !miles && close(value * MILE_KM) {
        format!("stated {value} km, geography gives {computed_km} km: likely kilometres written for miles")
    } else if reported_km < computed_km {
        format!("stated {reported_km} km, geography gives {computed_km} km to the land border: closer than the map allows (measured over water, or to a nearer front line?)")
    } else {
        format!("stated {reported_km} km, geography gives {computed_km} km to the land border")
    })
}

/// Whether the words after "from" name a border or a line that serves as one ("the frontier", "the
/// LAC", "the Line of Control", "the DMZ", "the MDL", "the administrative boundary line", "the line of contact").
fn names_a_border(target: &str, lower: &str) -> bool {
    const LINES: &[&str] = &[
        "border", "frontier", "front line", "frontline", "boundary", "line of actual control", "line of control",
        "demilitarized zone", "demilitarised zone", "demarcation line", "line of contact", "contact line",
        "administrative line", "northern limit line",
    ];
    const ACRONYMS: &[&str] = &["LAC", "LoC", "LOC", "DMZ", "NLL", "ABL", "MDL"];
    LINES.iter().any(|w| lower.contains(w))
        || target.split(|c: char| !c.is_alphanumeric()).take(4).any(|w| ACRONYMS.contains(&w))
        || named_crossing(target)
}

/// A crossing named by its place ("the Jarinje crossing", "Torkham crossing point"): a border crossing.
fn named_crossing(target: &str) -> bool {
    let t = target.strip_prefix("the ").unwrap_or(target);
    let words: Vec<&str> = t.split_whitespace().take(4).collect();
    let Some(k) = words.iter().position(|w| {
        let w = w.trim_end_matches([',', '.']);
        w.eq_ignore_ascii_case("crossing") || w.eq_ignore_ascii_case("checkpoint")
    }) else {
        return false;
    };
    (1..=2).contains(&k) && words[..k].iter().all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::diagnose;

    #[test]
    fn a_named_crossing_is_on_the_border() {
        for t in ["the Jarinje crossing", "Torkham crossing point", "the Rafah border crossing", "the Hakari Bridge checkpoint"] {
            assert!(super::names_a_border(t, &t.to_lowercase()), "{t}");
        }
        for t in ["the river crossing", "the crossing", "a checkpoint on the road", "the Dnipro River and its crossings"] {
            assert!(!super::names_a_border(t, &t.to_lowercase()), "{t}");
        }
    }

    #[test]
    fn miles_for_kilometres_is_named() {
        let d = diagnose(200.0, true, 321.9, 185.0).unwrap();
        assert!(d.contains("miles written for kilometres"), "{d}");
        assert_eq!(diagnose(150.0, true, 241.4, 246.0), None);
    }
}
