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
    let text = raw.replace("\r\n", "\n").replace('\r', "\n").replace('\u{a0}', " ").replace('\u{200b}', "");
    let mut out: Vec<String> = Vec::new();
    let mut last_key: Option<String> = None;
    let mut blank = false;
    for line in text.lines() {
        let l = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if l.is_empty() {
            blank = true;
            continue;
        }
        if script_line().is_match(&l) && !looks_like_prose(&l) {
            continue;
        }
        let key = loose_key(&l);
        if last_key.as_deref() == Some(key.as_str()) && key.len() > 20 {
            continue;
        }
        if blank && !out.is_empty() {
            out.push(String::new());
        }
        blank = false;
        out.push(l);
        last_key = Some(key);
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
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
    fn leftover_script_lines_are_dropped() {
        let t = "Headline\n<!–\n(function (src, d, tag){\nvar s = d.createElement(tag), prev = d.getElementsByTagName(tag)[0];\ns.src = src;\nprev.parentNode.insertBefore(s, prev);\n}(“https://x.example/a.js”, document, “script”));\nDM.loadCSS(“https://x.example/b.css”);\nThe body text starts here and goes on for a while as prose does.\n";
        assert_eq!(clean_text(t), "Headline\nThe body text starts here and goes on for a while as prose does.\n");
    }
}
