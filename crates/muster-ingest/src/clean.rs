//! Text cleaning shared by every format: line endings, leftover script and comment text, captions
//! printed twice, runs of blank lines.

use regex::Regex;
use std::sync::OnceLock;

fn script_line() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r#"(?x)^\s*(?:
                <!(?:--|–|—).*                                  # an HTML comment opener, even with a typographic dash
              | (?:-->|–>)\s*$
              | \(?function\s*\(.*                              # an inline script
              | (?:var|let|const)\s+\w+\s*=.*;?\s*$
              | [\w.]+\s*\(.*\)\s*;\s*$                         # a bare call: DM.loadCSS("...");
              | \}\s*\(.*\)\)?\s*;?\s*$                         # the end of an IIFE
              | [\w.\[\]]+\s*=\s*[^=].*;\s*$                    # an assignment statement
              | [\w.]+\.\w+\(.*\)\s*;?\s*$                      # method calls
              | \}\s*;?\s*$ | \{\s*$
              | window\.\w+.* | document\.\w+.*
            )"#,
        )
        .expect("script regex")
    })
}

/// Cleans extracted or plain text: normalises line endings and white space, drops lines that are
/// leftover script or comment text, and drops a paragraph that repeats the paragraph just before it
/// (news sites print each caption twice), comparing them loosely (quotes and spacing aside).
pub fn clean_text(raw: &str) -> String {
    let owned;
    // carriage returns, no-break and zero-width spaces: found by byte search, not decoded characters
    let b = raw.as_bytes();
    let special = memchr::memchr(b'\r', b).is_some() || memchr::memmem::find(b, "\u{a0}".as_bytes()).is_some() || memchr::memmem::find(b, "\u{200b}".as_bytes()).is_some();
    let text = if special {
        owned = raw.replace("\r\n", "\n").replace('\r', "\n").replace('\u{a0}', " ").replace('\u{200b}', "");
        owned.as_str()
    } else {
        raw
    };
    let mut out = String::with_capacity(text.len() + 1);
    // the loose ends and place in `out` of the last line kept
    let mut last: Option<((char, char), std::ops::Range<usize>)> = None;
    let mut blank = false;
    let mut joined = String::new();
    for line in text.lines() {
        // white space runs become one space (most lines need no copy for that)
        let l: &str = if needs_spacing(line) {
            joined.clear();
            for (i, w) in line.split_whitespace().enumerate() {
                if i > 0 {
                    joined.push(' ');
                }
                joined.push_str(w);
            }
            &joined
        } else {
            line
        };
        if l.is_empty() {
            blank = true;
            continue;
        }
        if may_be_script(l) && script_line().is_match(l) && !looks_like_prose(l) {
            continue;
        }
        let ends = loose_ends(l);
        if let (Some(ends), Some((last_ends, r))) = (ends, &last) {
            if ends == *last_ends {
                let ((hash, len), (last_hash, last_len)) = (loose_hash(l), loose_hash(&out[r.clone()]));
                if len > 20 && hash == last_hash && len == last_len && loose_key(&out[r.clone()]) == loose_key(l) {
                    continue;
                }
            }
        }
        if !out.is_empty() {
            out.push('\n');
            if blank {
                out.push('\n');
            }
        }
        blank = false;
        let start = out.len();
        out.push_str(l);
        last = ends.map(|e| (e, start..out.len()));
    }
    out.push('\n');
    out
}

/// Whether a line may match [`script_line`]: every script form has one of these bytes or starts with
/// `window.` or `document.` (a quick test that spares most prose lines the pattern).
fn may_be_script(line: &str) -> bool {
    let t = line.trim_start();
    let b = line.as_bytes();
    t.starts_with("window.")
        || t.starts_with("document.")
        || memchr::memchr3(b'(', b'=', b'<', b).is_some()
        || memchr::memchr3(b'>', b';', b'{', b).is_some()
        || memchr::memchr(b'}', b).is_some()
}

/// Whether a line has white space other than single spaces between words (byte searches, most
/// lines being plain ASCII prose).
fn needs_spacing(line: &str) -> bool {
    let b = line.as_bytes();
    b.first().is_some_and(|c| c.is_ascii_whitespace())
        || b.last().is_some_and(|c| c.is_ascii_whitespace())
        || memchr::memmem::find(b, b"  ").is_some()
        || memchr::memchr3(b'\t', 0x0b, 0x0c, b).is_some()
        || (!line.is_ascii() && has_unicode_space(b))
}

/// Whether UTF-8 text holds a white-space character beyond ASCII (U+0085, U+00A0, U+1680, U+2000 to
/// U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), found by their lead bytes rather than by decoding
/// every character (curly quotes make most news lines non-ASCII).
fn has_unicode_space(b: &[u8]) -> bool {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    memchr::memchr3_iter(0xC2, 0xE1, 0xE2, b).any(|i| match b[i] {
        0xC2 => matches!(at(i + 1), 0x85 | 0xA0),
        0xE1 => at(i + 1) == 0x9A && at(i + 2) == 0x80,
        _ => match at(i + 1) {
            0x80 => matches!(at(i + 2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
            0x81 => at(i + 2) == 0x9F,
            _ => false,
        },
    }) || memchr::memmem::find(b, "\u{3000}".as_bytes()).is_some()
}

/// The first and last characters of the loose key of a line ([`loose_key`]), found from its ends:
/// lines whose loose keys differ there cannot repeat each other, which spares most lines the hash.
fn loose_ends(l: &str) -> Option<(char, char)> {
    let first = l.chars().find(|c| c.is_alphanumeric())?.to_lowercase().next()?;
    let last = l.chars().rev().find(|c| c.is_alphanumeric())?.to_lowercase().last()?;
    Some((first, last))
}

/// A hash and the length in bytes of the loose key of a line ([`loose_key`] without the string).
fn loose_hash(l: &str) -> (u64, usize) {
    let (mut h, mut n) = (0xcbf2_9ce4_8422_2325u64, 0usize);
    let mut add = |c: char| {
        h = (h ^ c as u64).wrapping_mul(0x0000_0100_0000_01b3);
        n += c.len_utf8();
    };
    let bytes = l.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                add((b | 0x20) as char);
            }
            i += 1;
        } else {
            let c = l[i..].chars().next().expect("a character starts here");
            if c.is_alphanumeric() {
                c.to_lowercase().for_each(&mut add);
            }
            i += c.len_utf8();
        }
    }
    (h, n)
}

fn looks_like_prose(l: &str) -> bool {
    let words = l.split_whitespace().count();
    let punct = l.chars().filter(|c| matches!(c, '{' | '}' | ';' | '=' | '(' | ')')).count();
    words >= 8 && punct * 6 < words
}

fn loose_key(l: &str) -> String {
    l.chars().filter(|c| c.is_alphanumeric()).flat_map(|c| c.to_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::clean_text;

    #[test]
    fn repeated_captions_are_kept_once() {
        let t = "Tanks at the depot on Friday, officials said\n\nTanks at the depot on Friday, officials said \n\nNext paragraph.";
        assert_eq!(clean_text(t), "Tanks at the depot on Friday, officials said\n\nNext paragraph.\n");
    }

    #[test]
    fn typographic_quotes_do_not_hide_a_repeat() {
        let t = "Troops train near the 'border' today\nTroops train near the ‘border’ today\n";
        assert_eq!(clean_text(t), "Troops train near the 'border' today\n");
    }

    #[test]
    fn loose_ends_are_the_ends_of_the_loose_key() {
        for l in ["«Tanks» at the depot, officials said…", "  ‘İstanbul’ — 12 ships ", "ДЕСАНТ на побережье!", "—", "x"] {
            let key = super::loose_key(l);
            assert_eq!(super::loose_ends(l), key.chars().next().zip(key.chars().last()), "{l:?}");
        }
    }

    #[test]
    fn unicode_spaces_are_found_by_their_bytes_as_by_their_characters() {
        for c in (0u32..0x3100).filter_map(char::from_u32) {
            let line = format!("a “quote” {c} end");
            assert_eq!(super::has_unicode_space(line.as_bytes()), c.is_whitespace() && !c.is_ascii(), "{:?}", c);
        }
    }

    #[test]
    fn leftover_script_lines_are_dropped() {
        let t = "Headline\n<!–\n(function (src, d, tag){\nvar s = d.createElement(tag), prev = d.getElementsByTagName(tag)[0];\ns.src = src;\nprev.parentNode.insertBefore(s, prev);\n}(“https://x.example/a.js”, document, “script”));\nDM.loadCSS(“https://x.example/b.css”);\nThe body text starts here and goes on for a while as prose does.\n";
        assert_eq!(clean_text(t), "Headline\nThe body text starts here and goes on for a while as prose does.\n");
    }
}
