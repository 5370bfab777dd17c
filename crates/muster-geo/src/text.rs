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

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits text into word tokens (letters and digits, joined by inner hyphens, apostrophes, dots of
/// abbreviations like "D.C." are not joined). A trailing possessive "'s" is not part of the token.
pub fn tokens(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_word_char(c) {
            continue;
        }
        let start = i;
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if is_word_char(d) {
                end = j + d.len_utf8();
                chars.next();
            } else if d == '-' || d == '\'' || d == '’' {
                // joiner: keep only when followed by a word character
                let mut look = chars.clone();
                look.next();
                match look.peek() {
                    Some(&(_, e)) if is_word_char(e) => {
                        chars.next();
                    }
                    _ => break,
                }
            } else {
                break;
            }
        }
        let word = &s[start..end];
        // strip possessive
        for suf in ["'s", "’s", "'S"] {
            if word.len() > suf.len() + 1 && word.ends_with(suf) {
                end -= suf.len();
                break;
            }
        }
        out.push(Token { start, end });
    }
    out
}

/// The lookup key of a name: ASCII-folded, lower case, words separated by single spaces
/// ("Rostov-on-Don" and "rostov on don" fold alike; "Zamość" folds to "zamosc").
pub fn fold(name: &str) -> String {
    let ascii: std::borrow::Cow<str> = if name.is_ascii() { std::borrow::Cow::Borrowed(name) } else { std::borrow::Cow::Owned(deunicode::deunicode(name)) };
    let mut out = String::with_capacity(ascii.len());
    let mut space = true;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            space = false;
        } else if c == '\'' || c == '`' || c == '.' {
            // apostrophes and dots vanish: "L'viv" ~ "Lviv", "D.C." ~ "DC"
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
