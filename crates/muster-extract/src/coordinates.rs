//! Coordinates written in the text ("near Bure (12.62 N, 42.20 E)", "at 48°35′N 38°00′E",
//! "(51.3850, 39.0471)"): the author's own position for the place they follow, which wins over the
//! gazetteer's reading of the name.

use crate::anchored::{AnchoredRegex, Anchors, Heads};
use muster_model::Span;
use std::sync::LazyLock;

/// A position given in the text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Written {
    pub span: Span,
    pub lat: f64,
    pub lon: f64,
}

// A hemisphere letter after the number ("12.62 N", "48°35′N", "48.5°N"), degrees with optional
// minutes and seconds; or a bare decimal pair with at least three decimals each ("51.3850, 39.0471").
// Both start at a digit run (the pair up to two bytes before it), so they are tried only there.
// (ASCII digits, spaces and word boundaries: a Unicode `\b` would keep the fast engines off text with
// any non-ASCII letter)
static HEMISPHERE: LazyLock<AnchoredRegex> = LazyLock::new(|| {
    let part = |p: &str, h: &str| {
        format!(
            r"(?P<{p}d>[0-9]{{1,3}}(?:\.[0-9]+)?) ?°? ?(?:(?P<{p}m>[0-9]{{1,2}}(?:\.[0-9]+)?) ?['′’] ?(?:(?P<{p}s>[0-9]{{1,2}}(?:\.[0-9]+)?) ?(?:[\x22″”]|''|′′))?)? ?(?P<{p}h>[{h}])(?-u:\b)"
        )
    };
    AnchoredRegex::new(&format!(r"(?-u:\b){} ?,? ?{}", part("a", "NS"), part("o", "EW")), Heads::Digits, 0, 80)
});
static DECIMAL_PAIR: LazyLock<AnchoredRegex> = LazyLock::new(|| {
    AnchoredRegex::new(r"(?:^|[^0-9.\-])(?P<lat>-?[0-9]{1,2}\.[0-9]{3,}), ?(?P<lon>-?[0-9]{1,3}\.[0-9]{3,})(?-u:\b)", Heads::Digits, 2, 40)
});

/// Every position written in `text`, in order (`anchors`: the document's digit runs).
pub fn find(text: &str, anchors: &Anchors) -> Vec<Written> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    // (most texts hold neither form: a hemisphere letter right after a number, "12.6 N", "48°35′N", or
    // a comma between numbers, "51.385, 39.047"; only then are the patterns tried)
    let hemisphere = memchr::memchr2_iter(b'N', b'S', bytes).any(|i| {
        // (a letter alone: "12 N,", not "10 NATO")
        if bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
            return false;
        }
        let before = &bytes[i.saturating_sub(6)..i];
        let tail = before.iter().rposition(|b| !matches!(b, b' ' | b'\'' | b'"' | 0xB0 | 0xC2 | 0xE2 | 0x80 | 0xB2 | 0xB3 | 0x99));
        tail.is_some_and(|k| before[k].is_ascii_digit())
    });
    // (three decimals before the comma: "51.385, ", not "1,500")
    let pair = memchr::memchr_iter(b',', bytes).any(|i| {
        i >= 5 && bytes[i - 3..i].iter().all(u8::is_ascii_digit) && bytes[i.saturating_sub(12)..i - 3].contains(&b'.')
    });
    if !hemisphere && !pair {
        return out;
    }
    let hemisphere_matches = if hemisphere { HEMISPHERE.captures_iter(text, anchors) } else { Vec::new() };
    for c in hemisphere_matches {
        let num = |g: &str| c.name(g).and_then(|m| m.as_str().parse::<f64>().ok());
        let degrees = |p: &str| {
            let (deg, min, sec) = (num(&format!("{p}d"))?, num(&format!("{p}m")).unwrap_or(0.0), num(&format!("{p}s")).unwrap_or(0.0));
            (min < 60.0 && sec < 60.0).then_some(deg + min / 60.0 + sec / 3600.0)
        };
        let (Some(mut lat), Some(mut lon)) = (degrees("a"), degrees("o")) else { continue };
        // a bare "12 N" without degree sign, decimals or minutes is too likely something else
        let whole = c.whole();
        if !whole.as_str().contains(['°', '.', '\'', '′', '’']) {
            continue;
        }
        if &c["ah"] == "S" {
            lat = -lat;
        }
        if &c["oh"] == "W" {
            lon = -lon;
        }
        if lat.abs() <= 90.0 && lon.abs() <= 180.0 {
            out.push(Written { span: Span::new(whole.start(), whole.end()), lat, lon });
        }
    }
    let pair_matches = if pair { DECIMAL_PAIR.captures_iter(text, anchors) } else { Vec::new() };
    for c in pair_matches {
        let (Some(a), Some(b)) = (c.name("lat"), c.name("lon")) else { continue };
        let (Ok(lat), Ok(lon)) = (a.as_str().parse::<f64>(), b.as_str().parse::<f64>()) else { continue };
        // in brackets or after a word that announces a position: "(51.3850, 39.0471)", "coordinates 51.3850, 39.0471"
        let before = text[..a.start()].trim_end();
        let announced = before.ends_with('(')
            || before.ends_with('[')
            || ["coordinates", "coordinates:", "at", "location", "location:", "position", "grid"].iter().any(|w| before.to_ascii_lowercase().ends_with(w));
        if announced && lat.abs() <= 90.0 && lon.abs() <= 180.0 && !out.iter().any(|w: &Written| w.span.start <= a.start() && a.start() < w.span.end) {
            out.push(Written { span: Span::new(a.start(), b.end()), lat, lon });
        }
    }
    out.sort_by_key(|w| w.span.start);
    out
}

/// The name a written position belongs to, as a byte range: the words just before the bracket the
/// position opens ("Bure (12.62 N, ...)", "YELNYA (Smolensk oblast, 54.577 N, ...)"), else the place
/// mention ending closest before it in the same sentence, no further than a short clause away.
///
/// `mentions` are the document's place mentions (sorted by start); the result is an index into them,
/// or, when no mention fits, the span of the capitalised words before the bracket.
pub fn anchor(text: &str, sentence: Span, w: &Written, mentions: &[Span]) -> Anchor {
    let line_start = text[sentence.start..w.span.start].rfind('\n').map_or(sentence.start, |i| sentence.start + i + 1);
    let head = &text[line_start..w.span.start];
    // the bracket the position sits in, if it opened on this line
    let mut depth = 0i32;
    let mut open = None;
    for (i, ch) in head.char_indices().rev() {
        match ch {
            ')' => depth += 1,
            '(' if depth == 0 => {
                open = Some(line_start + i);
                break;
            }
            '(' => depth -= 1,
            _ => {}
        }
    }
    if let Some(open) = open {
        let before = text[..open].trim_end();
        if let Some(k) = mentions.iter().rposition(|m| m.end == before.len() && m.start >= line_start) {
            return Anchor::Mention(k);
        }
        // an unknown name: the capitalised words before the bracket ("Ta Muen Thom (14.35 N, ...)")
        let words = capitalised_run(text, line_start, before.len());
        if let Some(span) = words {
            return Anchor::Name(span);
        }
        return Anchor::None;
    }
    // the nearest mention ending before the position, within about a clause, with no full stop or
    // semicolon between
    match mentions.iter().rposition(|m| m.end <= w.span.start && m.start >= sentence.start) {
        Some(k) if w.span.start - mentions[k].end <= 60 && !text[mentions[k].end..w.span.start].contains([';', '.']) => Anchor::Mention(k),
        _ => Anchor::None,
    }
}

/// What a written position belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Anchor {
    /// The place mention with this index.
    Mention(usize),
    /// Capitalised words the gazetteer does not know.
    Name(Span),
    /// Nothing: the position stands alone.
    None,
}

/// Up to four capitalised words (and joiners like "de", "al-") ending at `end`.
fn capitalised_run(text: &str, floor: usize, end: usize) -> Option<Span> {
    let mut start = end;
    let mut words = 0;
    let mut cut = end;
    while words < 4 {
        let seg = text[floor..cut].trim_end();
        let word_start = seg.rfind(|c: char| c.is_whitespace() || c == ',' || c == ':' || c == '(').map_or(floor, |i| floor + i + 1);
        let word = &text[word_start..floor + seg.len()];
        if word.is_empty() {
            break;
        }
        if !word.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        start = word_start;
        words += 1;
        cut = word_start;
    }
    (words > 0 && start < end).then(|| Span::new(start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<Written> {
        super::find(text, &Anchors::of(text))
    }

    fn one(text: &str) -> (f64, f64, &str) {
        let w = find(text);
        assert_eq!(w.len(), 1, "{text}: {w:?}");
        (w[0].lat, w[0].lon, &text[w[0].span.start..w[0].span.end])
    }

    #[test]
    fn reads_the_written_forms() {
        let (lat, lon, s) = one("a camp near Harbel (6.28 N, 10.35 W), the mayor said");
        assert_eq!((lat, lon, s), (6.28, -10.35, "6.28 N, 10.35 W"));
        let (lat, lon, _) = one("imagery of the depot at 48°35′N 38°00′E shows sheds");
        assert!((lat - 48.5833).abs() < 1e-3 && (lon - 38.0).abs() < 1e-9);
        let (lat, lon, _) = one("the ridge at 33°41'20\"S 70°15'E");
        assert!((lat + 33.6889).abs() < 1e-3 && (lon - 70.25).abs() < 1e-9);
        let (lat, lon, _) = one("vehicles parked at 51.4°N, 39.05°E on 3 March");
        assert_eq!((lat, lon), (51.4, 39.05));
        let (lat, lon, _) = one("the yard (51.3850, 39.0471) filled up");
        assert_eq!((lat, lon), (51.385, 39.0471));
        let (lat, lon, _) = one("coordinates -12.0500, -77.0400 mark the pier");
        assert_eq!((lat, lon), (-12.05, -77.04));
    }

    #[test]
    fn numbers_that_are_no_position() {
        for t in [
            "The 12 N gauge and 40 E rating",
            "turnout rose 1.5, 2.5 and 3.5 per cent",
            "prices of 12.500, 13.250 and 14.000 roubles",
            "a 7.62mm round",
            "Score 3.141, 2.718 overall",
            "latitude 95.5 N, 10.5 E is no place",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }

    #[test]
    fn the_anchored_patterns_find_what_a_full_scan_finds() {
        let mut texts: Vec<String> = crate::anchored::tests::sample_texts();
        texts.extend(
            ["near Bure (12.62 N, 42.20 E) on", "at 48°35′N 38°00′E and 33°41'20\"S 70°15'E", "(51.3850, 39.0471) and -12.0500, -77.0400", "7.62 N, 1.5 E; 12.500, 13.250"]
                .map(String::from),
        );
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        crate::anchored::tests::assert_same_as_full_scan(&HEMISPHERE, &texts);
        crate::anchored::tests::assert_same_as_full_scan(&DECIMAL_PAIR, &texts);
    }

    #[test]
    fn anchors_to_the_name_before_the_bracket() {
        let text = "1. TORVIK (Nordland county, 67.28 N, 14.40 E)\nTrains unloaded.";
        let w = find(text)[0];
        let sentence = Span::new(0, text.len());
        let torvik = Span::new(3, 9);
        let county = Span::new(11, 26);
        assert_eq!(anchor(text, sentence, &w, &[torvik, county]), Anchor::Mention(0));
        // a name the gazetteer lacks: the capitalised words before the bracket
        let text = "Shots were fired near Prasat Ban Khmer (14.35 N, 103.27 E) on Monday.";
        let w = find(text)[0];
        let Anchor::Name(s) = anchor(text, Span::new(0, text.len()), &w, &[]) else { panic!() };
        assert_eq!(&text[s.start..s.end], "Prasat Ban Khmer");
        // no bracket: the nearest mention before, within a clause
        let text = "A camp grew outside Harbel, at roughly 6.28 N, 10.35 W, in June.";
        let w = find(text)[0];
        assert_eq!(anchor(text, Span::new(0, text.len()), &w, &[Span::new(20, 26)]), Anchor::Mention(0));
        let far = "A camp grew outside Harbel. Later the drone was seen at roughly 6.28 N, 10.35 W.";
        let w = find(far)[0];
        assert_eq!(anchor(far, Span::new(28, far.len()), &w, &[Span::new(20, 26)]), Anchor::None);
    }
}
