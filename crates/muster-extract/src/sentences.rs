//! Sentence boundaries. Lines are hard boundaries (captions, headlines); inside a line, a sentence ends
//! at `.`, `!` or `?` followed by a space and an upper-case letter or a quote, unless the period ends a
//! known abbreviation or an initial.

use muster_model::Span;

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "rep", "sen", "gov", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs", "etc", "approx", "u.s", "u.k",
    "e.g", "i.e", "d.c", "inc", "corp", "co", "ltd", "jr", "sr", "prof", "mt", "ft", "est", "fig", "vol",
];

/// The sentences of `text` as byte spans, trimmed of surrounding white space.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let base = line_start;
        line_start += line.len();
        let mut start = 0;
        let bytes = line.as_bytes();
        let mut i = 0;
        while let Some(k) = memchr::memchr3(b'.', b'!', b'?', &bytes[i..]) {
            let i0 = i + k;
            let b = bytes[i0];
            // include closing quotes and brackets
            let mut j = i0 + 1;
            while j < bytes.len() && (matches!(bytes[j], b'"' | b'\'' | b')') || line[j..].starts_with('’') || line[j..].starts_with('”')) {
                j += line[j..].chars().next().map_or(1, |c| c.len_utf8());
            }
            let rest = &line[j..];
            let next = rest.trim_start_matches(' ');
            let gap = rest.len() - next.len();
            let starts_new = gap > 0
                && next.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '\'' | '‘' | '“'));
            if starts_new && !(b == b'.' && is_abbreviation(&line[..i0])) {
                push(&mut out, base, line, start, j);
                start = j;
            }
            i = j;
        }
        push(&mut out, base, line, start, line.len());
    }
    out
}

fn is_abbreviation(before: &str) -> bool {
    // the word (letters, digits and dots) that ends right before the period
    let start = before.char_indices().rev().take_while(|&(_, c)| c.is_alphanumeric() || c == '.').last().map_or(before.len(), |(k, _)| k);
    let word = &before[start..];
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_alphabetic(); // an initial
    }
    ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

fn push(out: &mut Vec<Span>, base: usize, line: &str, start: usize, end: usize) {
    let seg = &line[start..end];
    let lead = seg.len() - seg.trim_start().len();
    let trail = seg.len() - seg.trim_end().len();
    if seg.trim().is_empty() {
        return;
    }
    out.push(Span::new(base + start + lead, base + end - trail));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        sentences(t).iter().map(|s| s.slice(t)).collect()
    }

    #[test]
    fn splits_on_terminal_punctuation_and_lines() {
        let t = "Tanks moved at night. Mr. Smith said so.\nA caption line\n\"We saw them,\" he said. Then U.S. officials spoke.";
        assert_eq!(
            split(t),
            vec!["Tanks moved at night.", "Mr. Smith said so.", "A caption line", "\"We saw them,\" he said.", "Then U.S. officials spoke."]
        );
    }

    #[test]
    fn abbreviated_months_do_not_end_sentences() {
        assert_eq!(split("Imagery from Feb. 10, 2022 shows tents."), vec!["Imagery from Feb. 10, 2022 shows tents."]);
    }
}
