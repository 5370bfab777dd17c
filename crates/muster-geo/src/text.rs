//! Tokens and name folding shared by the gazetteer and the resolver.

/// A word of the text with its byte offsets. Hyphens and apostrophes inside a word stay in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

impl Token {
    pub fn text<'a>(&self, s: &'a str) -> &'a str {
        &s[self.start..self.end]
    }
}

/// ASCII letters and digits (bytes of 0x80 and above are decided char by char).
const ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 128 {
        t[c] = (c as u8).is_ascii_alphanumeric();
        c += 1;
    }
    t
};

/// Bytes that can be skipped between words: ASCII other than letters and digits.
const ASCII_GAP: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 128 {
        t[c] = !(c as u8).is_ascii_alphanumeric();
        c += 1;
    }
    t
};

/// The length of the word character (a Unicode letter or digit) at byte `i`, or 0.
#[inline]
fn word_char_len(s: &str, i: usize) -> usize {
    let b = s.as_bytes();
    let c = b[i];
    if c < 0x80 {
        return usize::from(ASCII_WORD[c as usize]);
    }
    // U+2000..U+203F (dashes, curly quotes, spaces) are never letters: the common case, decided early
    if c == 0xE2 && b.get(i + 1) == Some(&0x80) {
        return 0;
    }
    match s[i..].chars().next() {
        Some(ch) if is_letter_or_digit(ch) => ch.len_utf8(),
        _ => 0,
    }
}

/// Blocks of letters only, in the scripts of much reporting besides Latin (Latin-1 and Latin Extended,
/// Greek, Cyrillic, Arabic, kana, CJK ideographs, Hangul): decided by range, where the standard
/// library searches its tables (checked over every character of every block by a test).
const LETTER_BLOCKS: [(u32, u32); 14] = [
    (0x00C0, 0x00D6),
    (0x00D8, 0x00F6),
    (0x00F8, 0x024F),
    (0x0388, 0x038A),
    (0x0391, 0x03A1),
    (0x03A3, 0x03CE),
    (0x0400, 0x0481),
    (0x048A, 0x052F),
    (0x0621, 0x063A),
    (0x0641, 0x064A),
    (0x3041, 0x3096),
    (0x30A1, 0x30FA),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7A3),
];

/// `char::is_alphanumeric`, with [`LETTER_BLOCKS`] answered first.
#[inline]
pub fn is_letter_or_digit(ch: char) -> bool {
    let c = ch as u32;
    LETTER_BLOCKS.iter().any(|&(lo, hi)| lo <= c && c <= hi) || ch.is_alphanumeric()
}

/// The length of the character at byte `i` (a char boundary).
#[inline]
fn char_len(b: &[u8], i: usize) -> usize {
    match b[i] {
        0..=0xBF => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

const CURLY_APOSTROPHE: &[u8] = "’".as_bytes();

/// Splits text into word tokens (letters and digits, joined by inner hyphens, apostrophes, dots of
/// abbreviations like "D.C." are not joined). A trailing possessive "'s" is not part of the token.
pub fn tokens(s: &str) -> Vec<Token> {
    let b = s.as_bytes();
    let n = b.len();
    let mut out = Vec::with_capacity(n / 5);
    let mut i = 0;
    while i < n {
        if ASCII_GAP[b[i] as usize] {
            i += 1;
            continue;
        }
        // an ASCII byte that is no gap is a letter or digit
        let w = if b[i] < 0x80 { 1 } else { word_char_len(s, i) };
        if w == 0 {
            i += char_len(b, i);
            continue;
        }
        let start = i;
        i += w;
        loop {
            while i < n && ASCII_WORD[b[i] as usize] {
                i += 1;
            }
            if i >= n {
                break;
            }
            let c = b[i];
            if c >= 0x80 {
                let w = word_char_len(s, i);
                if w > 0 {
                    i += w;
                    continue;
                }
            }
            // a joiner stays only when a word character follows it
            let joiner = match c {
                b'-' | b'\'' => 1,
                0xE2 if b[i..].starts_with(CURLY_APOSTROPHE) => 3,
                _ => 0,
            };
            if joiner > 0 && i + joiner < n && word_char_len(s, i + joiner) > 0 {
                i += joiner;
            } else {
                break;
            }
        }
        // a trailing possessive ('s, ’s, 'S) is not part of the word
        let len = i - start;
        let end = match b[i - 1] {
            b's' if len > 3 && b[i - 2] == b'\'' => i - 2,
            b's' if len > 5 && &b[i - 4..i - 1] == CURLY_APOSTROPHE => i - 4,
            b'S' if len > 3 && b[i - 2] == b'\'' => i - 2,
            _ => i,
        };
        out.push(Token { start, end });
    }
    out
}

/// The lookup key of a name: ASCII-folded, lower case, words separated by single spaces
/// ("Rostov-on-Don" and "rostov on don" fold alike; "Zamość" folds to "zamosc").
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    fold_into(name, &mut out);
    out
}

/// [`fold`] of one token (letters and digits joined by hyphens and apostrophes, as [`tokens`] makes
/// them) appended to `out`: ASCII tokens take a fast path.
pub fn fold_token_into(token: &str, out: &mut String) {
    if !token.is_ascii() {
        return fold_into(token, out);
    }
    out.reserve(token.len());
    for &c in token.as_bytes() {
        match c {
            b'A'..=b'Z' => out.push((c + 32) as char),
            b'a'..=b'z' | b'0'..=b'9' => out.push(c as char),
            b'\'' | b'`' | b'.' => {}
            _ => out.push(' '),
        }
    }
}

/// [`fold`] appended to `out`. Characters outside ASCII are transliterated one by one (deunicode's
/// table; an unknown one as "[?]"), which after folding equals transliterating the whole name first:
/// the transliterator's only context rule drops a space before a space, and folding merges spaces.
pub fn fold_into(name: &str, out: &mut String) {
    let base = out.len();
    let mut space = true;
    let mut feed = |c: u8, out: &mut String| {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase() as char);
            space = false;
        } else if c == b'\'' || c == b'`' || c == b'.' {
            // apostrophes and dots vanish: "L'viv" ~ "Lviv", "D.C." ~ "DC"
        } else if !space {
            out.push(' ');
            space = true;
        }
    };
    if name.is_ascii() {
        for &c in name.as_bytes() {
            feed(c, out);
        }
    } else {
        for ch in name.chars() {
            // below DEL as the transliterator's own fast path counts ASCII
            if (ch as u32) < 0x7F {
                feed(ch as u8, out);
            } else {
                for &c in deunicode::deunicode_char(ch).unwrap_or("[?]").as_bytes() {
                    feed(c, out);
                }
            }
        }
    }
    while out.len() > base && out.ends_with(' ') {
        out.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_letter_blocks_hold_letters_only() {
        for &(lo, hi) in &LETTER_BLOCKS {
            for c in (lo..=hi).filter_map(char::from_u32) {
                assert!(c.is_alphanumeric(), "{c:?} U+{:04X}", c as u32);
            }
        }
        for c in ['×', '÷', '«', '»', '—', '№', '҂', '、', '。', '؟'] {
            assert!(!is_letter_or_digit(c), "{c:?}");
        }
        for c in ['é', 'Ж', 'ї', 'Ω', 'ب', 'か', '中', '한', '٣', 'ǅ'] {
            assert!(is_letter_or_digit(c), "{c:?}");
        }
    }

    /// The first implementation: the whole name transliterated, then folded (the ASCII path).
    fn fold_reference(name: &str) -> String {
        let mut out = String::new();
        fold_into(&deunicode::deunicode(name), &mut out);
        out
    }

    #[test]
    fn folding_char_by_char_equals_folding_the_transliterated_name() {
        for name in [
            "Zamość", "Воронеж", "Ростов-на-Дону", "北京市", "東京 都", "서울특별시", "القاهرة", "Αθήνα", "Takht-e Āzādī",
            "Boneh-ye ‘Alvān", "Æbeltoft", "Straße", "L’viv", "São Paulo", "Đà Nẵng", "İstanbul", "Ñuñoa", "Kraków — Nowa Huta",
            "a\u{0301}b", "🐶 town", "\u{7f}x", "x\u{fffd}y", "Łódź", "Þingvellir", "ﬁeld", "Ⅻ", "Москва́",
        ] {
            let mut ours = String::new();
            fold_into(name, &mut ours);
            assert_eq!(ours, fold_reference(name), "{name:?}");
        }
    }

    #[test]
    fn tokens_keep_hyphenated_names_and_drop_possessives() {
        let s = "Near Rostov-on-Don, Ukraine's border — 'quoted'";
        let t: Vec<&str> = tokens(s).iter().map(|t| t.text(s)).collect();
        assert_eq!(t, vec!["Near", "Rostov-on-Don", "Ukraine", "border", "quoted"]);
    }

    #[test]
    fn folding_ignores_case_diacritics_and_joiners() {
        assert_eq!(fold("Zamość"), "zamosc");
        assert_eq!(fold("Rostov-on-Don"), "rostov on don");
        assert_eq!(fold("L'viv"), "lviv");
        assert_eq!(fold("Воронеж"), "voronezh");
    }

    #[test]
    fn token_folding_matches_folding() {
        let s = "Rostov-on-Don L'viv Zamość Ukraine’s Voronezh's T-72B3 Воронеж O'Neill";
        for t in tokens(s) {
            let mut out = String::new();
            fold_token_into(t.text(s), &mut out);
            assert_eq!(out, fold(t.text(s)), "{}", t.text(s));
        }
    }
}
