//! Named formations: knowledge-base names and aliases ("Western Military District", "Royal Marines"),
//! and the ordinal patterns reporters write ("49th zenite rocket brigade", "3rd, 42nd and 150th
//! Motorised Rifle Divisions", "first tank army"), matched to the knowledge base where they can be.

use crate::matcher::Meaning;
use crate::Ctx;
use muster_kb::FormationEntry;
use muster_model::{Span, Unit};
use crate::anchored::{AnchoredRegex, Heads};

/// The compiled formation pattern.
pub struct UnitFinder {
    /// Every formation name and alias that starts with an ordinal: (ordinal, formation index, the stems
    /// of its other words), made on first use from the knowledge base.
    numbered: std::sync::OnceLock<Vec<(u32, usize, Vec<String>)>>,
    pattern: AnchoredRegex,
    /// "the 3rd", "the 150th": a bare ordinal that refers back to a formation named before.
    back_reference: AnchoredRegex,
    /// Per actor of the knowledge base, the formation of the same name (an armed force or group that
    /// speaks and fights: "the IDF", "the YPG", "the RSF"), made on first use.
    actor_formations: std::sync::OnceLock<Vec<Option<usize>>>,
}


const ECHELONS: &[(&str, &str)] = &[
    ("army corps", "corps"), ("army", "army"), ("armies", "army"), ("division", "division"), ("divisions", "division"), ("brigade", "brigade"),
    ("brigades", "brigade"), ("regiment", "regiment"), ("regiments", "regiment"), ("corps", "corps"), ("fleet", "fleet"),
    ("fleets", "fleet"), ("battalion", "battalion"), ("battalions", "battalion"), ("flotilla", "flotilla"),
    ("squadron", "squadron"), ("squadrons", "squadron"), ("wing", "wing"), ("wings", "wing"),
];
/// Words that say what kind a formation is, which alone name none ("Motor Rifle Division").
const TYPE_WORDS: &[&str] = &["Motor", "Motorised", "Motorized", "Rifle", "Tank", "Guards", "Guard", "Airborne", "Air", "Assault",
    "Artillery", "Mechanised", "Mechanized", "Infantry", "Armoured", "Armored", "Marine", "Naval", "Missile", "Engineer", "Engineering",
    "Signal", "Signals", "Logistics", "Support", "Combat", "Heavy", "Light", "Mountain", "Special", "Forces", "Operations", "Army",
    "Brigade", "Division", "Rocket", "Anti-Aircraft", "Aviation", "Cavalry", "Reconnaissance", "Territorial", "Defence", "Defense",
    "Reserve", "Separate", "Independent", "Red", "Banner", "Order", "Expeditionary", "Parachute", "Commando", "Ranger", "Rangers",
    "Royal", "National", "Joint", "Combined", "Border"];

const STOP: &[&str] = &["the", "of", "and", "a", "an", "in", "to", "on", "at", "from", "is", "are", "was", "were", "has", "have", "that", "which", "with", "by", "for", "its", "their", "his", "her", "as", "be", "being"];
const WORD_ORDINALS: &[(&str, u32)] = &[
    ("first", 1), ("second", 2), ("third", 3), ("fourth", 4), ("fifth", 5), ("sixth", 6), ("seventh", 7), ("eighth", 8),
    ("ninth", 9), ("tenth", 10), ("eleventh", 11), ("twelfth", 12), ("twentieth", 20),
];

const BACK_REFERENCE: &str = r"(?-u)(?-u:\b)[Tt]he\s+(?P<o>\d{1,3}(?:st|nd|rd|th))(?-u:\b)";

impl Default for UnitFinder {
    fn default() -> Self {
        Self::new()
    }
}

fn ordinal_suffix(n: u32) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

fn parse_ordinal(s: &str) -> Option<u32> {
    let l = s.to_ascii_lowercase();
    if let Some(&(_, n)) = WORD_ORDINALS.iter().find(|(w, _)| *w == l) {
        return Some(n);
    }
    l.trim_end_matches(|c: char| c.is_alphabetic()).parse().ok()
}

/// The value of a Roman numeral written canonically ("XIV" = 14; "IIII" and "VX" are none).
fn roman(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 8 {
        return None;
    }
    let value = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        _ => None,
    };
    let digits: Vec<u32> = s.chars().map(value).collect::<Option<_>>()?;
    let n: i64 = digits.iter().enumerate().map(|(i, &d)| if digits.get(i + 1).is_some_and(|&next| next > d) { -(d as i64) } else { d as i64 }).sum();
    let n = u32::try_from(n).ok()?;
    // canonical form check
    let mut rest = n;
    let mut canon = String::new();
    for (v, r) in [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while rest >= v {
            canon.push_str(r);
            rest -= v;
        }
    }
    (n > 0 && canon == s).then_some(n)
}

/// The capitalised words (at most `max`, each made of characters `word_char` allows) that end right
/// before byte `at`, nearest first, and where the first of them starts; an article, a possessive or a
/// preposition ends them ("the Iwo Jima Amphibious Ready Group", "the Naga Regiment").
fn name_words_before(text: &str, at: usize, max: usize, word_char: fn(char) -> bool) -> (usize, Vec<&str>) {
    const ENDS: &[&str] = &["The", "A", "An", "This", "That", "Its", "Their", "His", "Her", "Our", "Each", "Every", "In", "On", "At", "Of", "By"];
    let mut start = at;
    let mut words = Vec::new();
    while words.len() < max {
        // the text before the next word to take, without the space that ends it
        let Some(head) = (if start == at { Some(&text[..at]) } else { text[..start].strip_suffix(' ') }) else { break };
        let from = head.rfind(' ').map_or(0, |p| p + 1);
        let word = &head[from..];
        if !word.chars().next().is_some_and(char::is_uppercase) || !word.chars().all(word_char) || ENDS.contains(&word) {
            break;
        }
        words.push(word);
        start = from;
    }
    (start, words)
}

/// Each word of a phrase with a capital first letter, spaces kept (" carrier strike group" -> " Carrier
/// Strike Group").
fn title_words(phrase: &str) -> String {
    phrase.split(' ').map(title_case).collect::<Vec<_>>().join(" ")
}

fn title_case(w: &str) -> String {
    if w.chars().any(|c| c.is_uppercase()) {
        return w.to_string();
    }
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

/// A loose key for comparing type words: lower case, first five letters ("zenite" ~ "zenith",
/// "motorised" ~ "motorized" ~ "motor").
fn stem(w: &str) -> String {
    let l = w.to_ascii_lowercase().replace("motorised", "motor").replace("motorized", "motor").replace("mechanised", "mechanized").replace("armoured", "armored");
    l.chars().take(5).collect()
}

impl UnitFinder {
    pub fn new() -> UnitFinder {
        let ord = r"(?:\d{1,3}(?:st|nd|rd|th)|[Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth|[Ff]ifth|[Ss]ixth|[Ss]eventh|[Ee]ighth|[Nn]inth|[Tt]enth|[Ee]leventh|[Tt]welfth|[Tt]wentieth)";
        let pattern = format!(
            r"(?-u)(?-u:\b)(?P<ords>{ord}(?:(?:,\s*|\s+and\s+|\s*&\s*|,\s+and\s+){ord})*)\s+(?P<mid>(?:\(?[A-Za-z][A-Za-z\-]*\)?\s+){{0,4}}?)(?P<ech>[Aa]rmy\s+[Cc]orps|[Aa]rmy|[Aa]rmies|[Dd]ivisions?|[Bb]rigades?|[Rr]egiments?|[Cc]orps|[Ff]leets?|[Bb]attalions?|[Ff]lotilla|[Ss]quadrons?|[Ww]ings?|Region|Command)(?-u:\b)"
        );
        UnitFinder {
            numbered: std::sync::OnceLock::new(),
            pattern: AnchoredRegex::new(&pattern, Heads::OrdinalsOrDigits, 0, 240),
            // "the 3rd": the digits follow "the" and white space
            back_reference: AnchoredRegex::new(BACK_REFERENCE, Heads::Digits, 16, 16),
            actor_formations: std::sync::OnceLock::new(),
        }
    }

    /// The formation each actor is, where the knowledge base has one by the actor's name (the
    /// formation's name or one of its aliases).
    fn actor_formations(&self, kb: &muster_kb::KnowledgeBase) -> &[Option<usize>] {
        self.actor_formations.get_or_init(|| {
            let mut by_name: rustc_hash::FxHashMap<String, usize> = Default::default();
            for (i, f) in kb.formations.iter().enumerate() {
                for n in std::iter::once(&f.name).chain(&f.aliases) {
                    by_name.entry(n.to_lowercase()).or_insert(i);
                }
            }
            kb.actors.iter().map(|a| by_name.get(&a.name.to_lowercase()).copied()).collect()
        })
    }

    /// Every named formation in the document, merged by identity.
    pub fn find(&self, ctx: &Ctx) -> Vec<Unit> {
        let text = ctx.text;
        let kb = ctx.kb;
        let mut units: Vec<Unit> = Vec::new();
        let add = |units: &mut Vec<Unit>, id: String, name: String, country: Option<String>, echelon: Option<String>, span: Span| {
            if let Some(u) = units.iter_mut().find(|u| u.id == id) {
                if !u.mentions.iter().any(|m| m.start == span.start) {
                    u.mentions.push(muster_model::Mention::from_span(span, text));
                }
            } else {
                units.push(Unit { id, name, country, echelon, mentions: vec![muster_model::Mention::from_span(span, text)] });
            }
        };
        let mut covered: Vec<Span> = Vec::new();
        let actor_formations = self.actor_formations(kb);
        for (span, meanings) in &ctx.hits {
            // (a formation by its own name, or an actor that is one: "the YPG" for the People's
            // Protection Units)
            let formation = meanings.iter().find_map(|m| match m {
                Meaning::Formation(i) => Some(*i),
                _ => None,
            });
            let formation = formation.or_else(|| {
                meanings.iter().find_map(|m| match m {
                    Meaning::Actor(a) => actor_formations[*a],
                    _ => None,
                })
            });
            if let Some(i) = formation {
                let f = &kb.formations[i];
                add(&mut units, format!("unit:{}", f.id), f.name.clone(), Some(f.country.clone()), Some(f.echelon.clone()), *span);
                covered.push(*span);
            }
        }
        // a ship named after its navy's prefix ("USS Carl Vinson", "HMS Diamond"): a unit of that navy
        for (span, meanings) in &ctx.hits {
            if !meanings.iter().any(|m| matches!(m, Meaning::Cue(crate::matcher::Cue::ShipPrefix))) {
                continue;
            }
            let prefix = span.slice(text);
            let Some(country) = kb.lexicon.ship_prefixes.get(prefix) else { continue };
            let name_end = crate::ship_name_end(&text[span.end..]);
            if name_end == 0 {
                continue;
            }
            let whole = Span::new(span.start, span.end + name_end);
            if covered.iter().any(|c| c.start < whole.end && whole.start < c.end) {
                continue;
            }
            let name = whole.slice(text).to_string();
            let slug: String = name.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
            add(&mut units, format!("ship:{slug}"), name, Some(country.clone()), Some("ship".into()), whole);
            covered.push(whole);
        }
        // the countries the document names (made on the first numbered formation)
        let mut named_countries: Option<Vec<&str>> = None;
        for c in self.pattern.captures_iter(text, &ctx.anchors) {
            let whole = c.whole();
            // (a qualifier in brackets is a type word: "7th Guards Air Assault (Mountain) Division")
            let mid: Vec<&str> = c["mid"].split_whitespace().map(|w| w.trim_matches(['(', ')'])).collect();
            if mid.iter().any(|w| STOP.contains(&w.to_ascii_lowercase().as_str())) {
                continue;
            }
            let ech_word = c["ech"].split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_lowercase();
            // (a kind of formation without an echelon keeps its own word: "34th Military Region", "88th Military Command")
            let known_echelon = ECHELONS.iter().find(|(w, _)| *w == ech_word).map(|(_, e)| *e);
            let echelon = known_echelon.unwrap_or("other");
            // ("the 2nd Command" names nothing: a kind of its own needs a type word before it)
            if known_echelon.is_none() && mid.is_empty() {
                continue;
            }
            let ords: Vec<u32> = c["ords"]
                .split(|ch: char| ch == ',' || ch == '&' || ch.is_whitespace())
                .filter(|w| !w.is_empty() && *w != "and")
                .filter_map(parse_ordinal)
                .collect();
            if ords.is_empty() || ords.iter().any(|&n| n == 0 || n > 999) {
                continue;
            }
            let type_words: Vec<String> = mid.iter().map(|w| title_case(w)).collect();
            let ech_title = title_case(known_echelon.unwrap_or(&ech_word));
            for (k, &n) in ords.iter().enumerate() {
                let name = if type_words.is_empty() {
                    format!("{n}{} {ech_title}", ordinal_suffix(n))
                } else {
                    format!("{n}{} {} {ech_title}", ordinal_suffix(n), type_words.join(" "))
                };
                // the span of this ordinal: the ordinal itself for list members, the whole phrase for the last
                let span = if ords.len() == 1 {
                    Span::new(whole.start(), whole.end())
                } else {
                    let o = c.name("ords").unwrap();
                    let mut pos = o.start();
                    let mut found = Span::new(whole.start(), whole.end());
                    let mut count = 0;
                    for part in o.as_str().split_inclusive([',', ' ', '&']) {
                        let w = part.trim_end_matches([',', ' ', '&']);
                        if parse_ordinal(w).is_some() {
                            if count == k {
                                found = if k + 1 == ords.len() { Span::new(pos, whole.end()) } else { Span::new(pos, pos + w.len()) };
                                break;
                            }
                            count += 1;
                        }
                        pos += part.len();
                    }
                    found
                };
                if covered.iter().any(|cv| cv.start <= span.start && span.end <= cv.end) {
                    continue;
                }
                let numbered = self.numbered.get_or_init(|| numbered_names(&kb.formations));
                let named = named_countries.get_or_insert_with(|| story_countries(ctx));
                match best_formation(kb.formations.as_slice(), numbered, n, echelon, &type_words, named) {
                    Some(f) => add(&mut units, format!("unit:{}", f.id), f.name.clone(), Some(f.country.clone()), Some(f.echelon.clone()), span),
                    None => {
                        add(&mut units, pattern_id(&name), name, None, Some(echelon.to_string()), span)
                    }
                }
            }
        }
        // corps numbered in Roman numerals or in bare figures ("IX Corps", "XXXIII Corps", "15 Corps", as
        // the Indian and Pakistani armies write them) that the knowledge base does not name
        for at in memchr::memmem::find_iter(text.as_bytes(), b" Corps") {
            let end = at + " Corps".len();
            if text[end..].chars().next().is_some_and(|c| c.is_alphanumeric()) {
                continue;
            }
            let roman_start = text[..at].rfind(|c: char| !c.is_ascii_uppercase()).map_or(0, |p| p + 1);
            let digits_start = text[..at].rfind(|c: char| !c.is_ascii_digit()).map_or(0, |p| p + 1);
            let start = if digits_start < at { digits_start } else { roman_start };
            let numeral = &text[start..at];
            let Some(n) = roman(numeral).or_else(|| numeral.parse::<u32>().ok().filter(|n| *n > 0)) else { continue };
            if n > 50 || start > 0 && text[..start].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '-') {
                continue;
            }
            let span = Span::new(start, end);
            if already_found(&covered, &units, span, false) {
                continue;
            }
            let name = format!("{numeral} Corps");
            add(&mut units, pattern_id(&name), name, None, Some("corps".to_string()), span);
        }
        // divisions and brigades numbered in bare figures with their type words ("17 Mountain Division",
        // "3 Armoured Brigade", "4 Infantry Division"), as the British, Indian and Pakistani armies write
        // them: one capitalised echelon word, at least one type word, a figure of 1 to 999 before them
        for (word, echelon) in [(" Division", "division"), (" Brigade", "brigade"), (" Regiment", "regiment")] {
            for at in memchr::memmem::find_iter(text.as_bytes(), word.as_bytes()) {
                let end = at + word.len();
                if text[end..].chars().next().is_some_and(|c| c.is_alphanumeric()) {
                    continue;
                }
                let mut start = at;
                let mut type_words: Vec<&str> = Vec::new();
                while type_words.len() < 3 {
                    let head = &text[..start];
                    let Some(sp) = head.rfind(' ') else { break };
                    let w = &head[sp + 1..];
                    if !TYPE_WORDS.contains(&w) {
                        break;
                    }
                    type_words.insert(0, w);
                    start = sp;
                }
                let head = &text[..start];
                let digits_start = head.rfind(|c: char| !c.is_ascii_digit()).map_or(0, |p| p + 1);
                let Ok(n) = head[digits_start..].parse::<u32>() else { continue };
                let before = head[..digits_start].chars().next_back();
                if type_words.is_empty() || !(1..=999).contains(&n) || before.is_some_and(|c| c != ' ' && c != '(' && c != '\n') {
                    continue;
                }
                let span = Span::new(digits_start, end);
                if already_found(&covered, &units, span, false) {
                    continue;
                }
                let numbered = self.numbered.get_or_init(|| numbered_names(&kb.formations));
                let named = named_countries.get_or_insert_with(|| story_countries(ctx));
                let types: Vec<String> = type_words.iter().map(|w| w.to_string()).collect();
                // (a knowledge-base formation only of a country the story names: "4 Infantry Division" in a
                // British story is not the US 4th)
                match best_formation(kb.formations.as_slice(), numbered, n, echelon, &types, named).filter(|f| named.contains(&f.country.as_str())) {
                    Some(f) => add(&mut units, format!("unit:{}", f.id), f.name.clone(), Some(f.country.clone()), Some(f.echelon.clone()), span),
                    None => {
                        let name = span.slice(text).to_string();
                        add(&mut units, pattern_id(&name), name, None, Some(echelon.to_string()), span);
                    }
                }
                covered.push(span);
            }
        }
        // a regional command named by its bearing ("Northern Command", "US Southern Command") that no
        // entry of the knowledge base covers: many armies have one, so whose it is stays open
        for at in memchr::memmem::find_iter(text.as_bytes(), b"ern Command") {
            let end = at + "ern Command".len();
            if text[end..].chars().next().is_some_and(|c| c.is_alphanumeric()) {
                continue;
            }
            let Some(bearing) = ["Northeast", "Northwest", "Southeast", "Southwest", "North", "South", "East", "West"]
                .into_iter()
                .find(|b| text[..at].ends_with(b))
            else {
                continue;
            };
            let mut start = at - bearing.len();
            // ("US Southern Command")
            if let Some(prefix) = ["US ", "U.S. "].iter().find(|p| text[..start].ends_with(*p)) {
                start -= prefix.len();
            }
            if start > 0 && text[..start].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '-') {
                continue;
            }
            let span = Span::new(start, end);
            if already_found(&covered, &units, span, false) {
                continue;
            }
            let name = &text[start..end];
            // (the one command of that name among the countries the story names: "Northern Command" in a
            // story on Israel's border is the IDF's)
            let bare = &text[at - bearing.len()..end];
            let named = |code: &str| {
                ctx.hits.iter().any(|(_, m)| {
                    m.iter().any(|m| matches!(m, Meaning::CountryName(i) | Meaning::Demonym(i) if kb.countries[*i].code == code))
                })
            };
            let mut of_story = kb.formations.iter().filter(|f| f.name.ends_with(bare) && named(&f.country));
            match (of_story.next(), of_story.next()) {
                (Some(f), None) => add(&mut units, format!("unit:{}", f.id), f.name.clone(), Some(f.country.clone()), Some(f.echelon.clone()), span),
                _ => add(&mut units, pattern_id(name), name.to_string(), None, Some("other".to_string()), span),
            }
        }
        // a naval group named by its lead ship ("Abraham Lincoln Carrier Strike Group", "the Iwo Jima
        // Amphibious Ready Group"): up to three capitalised words before the group's kind
        // (and "the USS Ronald Reagan carrier strike group"; "<State> National Guard" likewise: "the Kansas
        // National Guard", "the Puerto Rico National Guard")
        for kind in [" Carrier Strike Group", " carrier strike group", " Amphibious Ready Group", " amphibious ready group", " Expeditionary Strike Group", " Strike Group", " National Guard"] {
            for at in memchr::memmem::find_iter(text.as_bytes(), kind.as_bytes()) {
                let end = at + kind.len();
                if text[end..].chars().next().is_some_and(|c| c.is_alphanumeric()) {
                    continue;
                }
                // (a ship's name may hold initials and figures: "Gerald R. Ford")
                let (start, _) = name_words_before(text, at, 3, |c| c.is_alphanumeric() || c == '.' || c == '-');
                if start == at {
                    continue;
                }
                let span = Span::new(start, end);
                if already_found(&covered, &units, span, true) {
                    continue;
                }
                let name = text[start..end].trim_start_matches("USS ");
                // ("carrier strike group" written small is named as the knowledge base writes groups)
                let name = match name.strip_suffix(kind) {
                    Some(lead) if kind.starts_with(" c") || kind.starts_with(" a") => format!("{lead}{}", title_words(kind)),
                    _ => name.to_string(),
                };
                add(&mut units, pattern_id(&name), name, None, Some("other".to_string()), span);
            }
        }
        // a formation numbered after its kind ("Military Region 4", "Fleet Air Wing 5", "Combined Task
        // Force 150", "Army Area 2"), with the capitalised words that open its name
        for (kind, echelon) in [("Military Region ", "other"), ("Army Region ", "other"), ("Army Area ", "other"), ("Air Wing ", "wing"), ("Task Force ", "other"), ("Naval District ", "other"), ("Military District ", "other")] {
            for at in memchr::memmem::find_iter(text.as_bytes(), kind.as_bytes()) {
                let digits_end = at + kind.len() + text[at + kind.len()..].bytes().take_while(u8::is_ascii_digit).count();
                let digits = &text[at + kind.len()..digits_end];
                if digits.is_empty() || digits.len() > 3 || text[digits_end..].chars().next().is_some_and(|c| c.is_alphanumeric()) || digits.parse::<u32>().map_or(true, |n| n == 0) {
                    continue;
                }
                if at > 0 && text[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric()) {
                    continue;
                }
                let (start, words) = match text[..at].strip_suffix(' ') {
                    Some(head) => name_words_before(text, head.len(), 2, |c| c.is_alphabetic() || c == '-' || c == '.'),
                    None => (at, Vec::new()),
                };
                let start = if words.is_empty() { at } else { start };
                let span = Span::new(start, digits_end);
                if already_found(&covered, &units, span, true) {
                    continue;
                }
                let name = span.slice(text).to_string();
                add(&mut units, pattern_id(&name), name, None, Some(echelon.to_string()), span);
            }
        }
        // a formation named by words, not a number ("the Naga Regiment", "the Armenian Peacekeeping
        // Brigade", "the Philippine Marine Corps", "the Suranaree Task Force", "the Southwestern Air
        // Defense Force", "the Chanthaburi-Trat Border Defence Command"): up to four capitalised words
        // before a capitalised echelon, not all of them type words ("Motor Rifle Division" alone names
        // none), and not after an ordinal or a figure (the numbered pattern's)
        for (kind, echelon) in [(" Regiment", "regiment"), (" Brigade", "brigade"), (" Division", "division"), (" Corps", "corps"), (" Task Force", "other"),
            (" Air Defense Force", "other"), (" Air Defence Force", "other"), (" Defence Command", "other"), (" Defense Command", "other")] {
            for at in memchr::memmem::find_iter(text.as_bytes(), kind.as_bytes()) {
                let end = at + kind.len();
                if text[end..].chars().next().is_some_and(|c| c.is_alphanumeric() || c == '-') {
                    continue;
                }
                // (one numbered after its kind is the pattern's above: "Task Force 61")
                if text[end..].strip_prefix(' ').is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit())) {
                    continue;
                }
                let (start, words) = name_words_before(text, at, 4, |c| c.is_alphabetic() || c == '-');
                let before = text[..start].trim_end();
                let numbered = before.rsplit(' ').next().is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()) || parse_ordinal(w).is_some() || roman(w).is_some());
                // (an acronym alone is an owner, not a name: "the NATO Corps staff")
                let acronym = words.len() == 1 && words[0].chars().all(|c| c.is_uppercase());
                if words.is_empty() || numbered || acronym || words.iter().all(|w| TYPE_WORDS.contains(w)) {
                    continue;
                }
                let span = Span::new(start, end);
                if already_found(&covered, &units, span, true) {
                    continue;
                }
                // (whose it is: a country adjective or name it opens with)
                let country = ctx.hits.iter().find(|(h, _)| h.start == start).and_then(|(_, m)| {
                    m.iter().find_map(|m| match m {
                        Meaning::Demonym(i) | Meaning::CountryName(i) => Some(kb.countries[*i].code.clone()),
                        _ => None,
                    })
                });
                let name = span.slice(text).to_string();
                add(&mut units, pattern_id(&name), name, country, Some(echelon.to_string()), span);
            }
        }
        // formations named together before one plural ("the Northern and Baltic fleets", "the Southern
        // and Western military districts"): each one the knowledge base names
        for plural in [" fleets", " Fleets", " military districts", " Military Districts"] {
            let singular = title_words(plural.trim_end_matches('s'));
            for at in memchr::memmem::find_iter(text.as_bytes(), plural.as_bytes()) {
                let end = at + plural.len();
                if text[end..].chars().next().is_some_and(|c| c.is_alphanumeric()) {
                    continue;
                }
                // capitalised words back from the plural, joined by "and", "or" and commas
                let mut names: Vec<Span> = Vec::new();
                let mut cursor = at;
                loop {
                    let head = &text[..cursor];
                    let from = head.rfind(|c: char| !c.is_alphanumeric() && c != '-').map_or(0, |p| p + 1);
                    let word = &head[from..];
                    if !word.chars().next().is_some_and(char::is_uppercase) {
                        break;
                    }
                    names.push(Span::new(from, cursor));
                    let before = &text[..from];
                    let Some(joined) = [" and ", " or ", ", and ", ", "].iter().find(|j| before.ends_with(*j)) else { break };
                    cursor = from - joined.len();
                }
                if names.len() < 2 {
                    continue;
                }
                for (k, n) in names.iter().enumerate() {
                    let full = format!("{}{singular}", n.slice(text));
                    let Some(f) = kb.formations.iter().find(|f| f.name.eq_ignore_ascii_case(&full) || f.aliases.iter().any(|a| a.eq_ignore_ascii_case(&full))) else { continue };
                    let span = if k == 0 { Span::new(n.start, end) } else { *n };
                    add(&mut units, format!("unit:{}", f.id), f.name.clone(), Some(f.country.clone()), Some(f.echelon.clone()), span);
                }
            }
        }
        // "the 3rd is based at Valuyki": a bare ordinal naming a formation already in the text
        let back_references = if units.is_empty() { Vec::new() } else { self.back_reference.captures_iter(text, &ctx.anchors) };
        for c in back_references {
            let o = c.name("o").unwrap();
            let next_word = text[o.end()..].trim_start().split(|ch: char| !ch.is_alphanumeric()).next().unwrap_or("");
            let echelon_follows = ECHELONS.iter().any(|(w, _)| next_word.eq_ignore_ascii_case(w))
                || next_word.chars().next().is_some_and(|ch| ch.is_uppercase());
            if echelon_follows {
                continue;
            }
            let span = Span::new(o.start(), o.end());
            // the formation with this number named most recently before
            let earlier = units
                .iter()
                .enumerate()
                .filter(|(_, u)| u.name.starts_with(o.as_str()) && u.name[o.as_str().len()..].starts_with(' '))
                .filter_map(|(i, u)| u.mentions.iter().filter(|m| m.end <= span.start).map(|m| m.start).max().map(|p| (p, i)))
                .max();
            if let Some((_, i)) = earlier {
                let u = &mut units[i];
                if !u.mentions.iter().any(|m| m.start <= span.start && span.end <= m.end) {
                    u.mentions.push(muster_model::Mention::from_span(span, text));
                }
            } else if let Some((name, echelon)) = appositive_formation(&text[..c.whole().start()], o.as_str()) {
                // "a new army corps, the 44th, would be based in Karelia"
                add(&mut units, pattern_id(&name), name, None, Some(echelon.to_string()), span);
            }
        }
        units.sort_by_key(|u| u.mentions[0].start);
        units
    }
}

/// Whether `span` lies inside a formation already found (a knowledge-base hit in `covered` or a mention
/// of one of `units`) or, with `or_around`, takes one in whole.
fn already_found(covered: &[Span], units: &[Unit], span: Span, or_around: bool) -> bool {
    let overlaps = |a: usize, b: usize| a <= span.start && span.end <= b || or_around && span.start <= a && b <= span.end;
    covered.iter().map(|c| (c.start, c.end)).chain(units.iter().flat_map(|u| &u.mentions).map(|m| (m.start, m.end))).any(|(a, b)| overlaps(a, b))
}

/// The countries the document names by name, demonym or government, each once.
fn story_countries<'a>(ctx: &Ctx<'a>) -> Vec<&'a str> {
    let kb = ctx.kb;
    let mut codes: Vec<&str> = ctx
        .hits
        .iter()
        .flat_map(|(_, m)| m.iter())
        .filter_map(|m| match m {
            Meaning::CountryName(i) | Meaning::Demonym(i) | Meaning::Metonym(i) => Some(kb.countries[*i].code.as_str()),
            _ => None,
        })
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// The id of a formation found by a pattern, not in the knowledge base: its name, lower case, with
/// dashes for everything but letters and digits ("unit:pattern:ix-corps").
fn pattern_id(name: &str) -> String {
    let slug: String = name.to_ascii_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    format!("unit:pattern:{slug}")
}

/// The formation an ordinal in apposition names ("a new army corps, the 44th"): the echelon words just
/// before the comma, with the ordinal in front ("44th Army Corps").
fn appositive_formation(before: &str, ordinal: &str) -> Option<(String, &'static str)> {
    let head = before.trim_end().strip_suffix(',')?.trim_end();
    let lower = head.to_ascii_lowercase();
    let (words, echelon) = ECHELONS
        .iter()
        .filter(|(w, _)| !w.ends_with('s') || w.ends_with("corps"))
        .find(|(w, _)| lower.ends_with(w) && lower[..lower.len() - w.len()].ends_with(' '))
        .map(|&(w, e)| (&head[head.len() - w.len()..], e))?;
    // (a kind of the echelon may stand before it: "a new motor rifle division, the 3rd")
    let kinds = ["tank", "motor rifle", "infantry", "mechanised", "mechanized", "armoured", "armored", "artillery", "airborne", "air assault", "marine", "naval infantry", "missile"];
    let rest = lower[..lower.len() - words.len()].trim_end();
    let kind = kinds.iter().find(|k| rest.ends_with(*k) && rest[..rest.len() - k.len()].ends_with(' '));
    let title = |w: &str| w.split(' ').map(|x| {
        let mut c = x.chars();
        c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
    }).collect::<Vec<_>>().join(" ");
    let name = match kind {
        Some(k) => format!("{ordinal} {} {}", title(k), title(&words.to_ascii_lowercase())),
        None => format!("{ordinal} {}", title(&words.to_ascii_lowercase())),
    };
    Some((name, echelon))
}

/// The names and aliases of formations that start with an ordinal, with their other words' stems.
fn numbered_names(formations: &[FormationEntry]) -> Vec<(u32, usize, Vec<String>)> {
    let mut out = Vec::new();
    for (i, f) in formations.iter().enumerate() {
        for name in f.aliases.iter().chain([&f.name]) {
            let words: Vec<&str> = name.split_whitespace().collect();
            let Some(n) = words.first().and_then(|w| parse_ordinal(w)) else { continue };
            out.push((n, i, words[1..].iter().map(|w| stem(w)).collect()));
        }
    }
    out
}

/// The knowledge-base formation with this number and echelon whose type words fit best.
fn best_formation<'a>(
    formations: &'a [FormationEntry],
    numbered: &[(u32, usize, Vec<String>)],
    n: u32,
    echelon: &str,
    type_words: &[String],
    named_countries: &[&str],
) -> Option<&'a FormationEntry> {
    let want: Vec<String> = type_words.iter().filter(|w| !w.eq_ignore_ascii_case("guards")).map(|w| stem(w)).collect();
    let mut best: Option<((usize, bool), &FormationEntry)> = None;
    for (_, i, have) in numbered.iter().filter(|(m, i, _)| *m == n && formations[*i].echelon == echelon) {
        let f = &formations[*i];
        let overlap = want.iter().filter(|w| have.contains(w)).count();
        let named = named_countries.contains(&f.country.as_str());
        // every type word the text gives must fit; a bare number and echelon ("the 98th Division") is
        // the formation of a country the document names (Israel's in an Israeli story, not Russia's)
        let fits = want.is_empty() && have.len() <= 2 && named || overlap * 2 >= want.len() && overlap > 0;
        // more type words in common first, then a country the document names
        if fits && best.is_none_or(|(b, _)| (overlap, named) > b) {
            best = Some(((overlap, named), f));
        }
    }
    best.map(|(_, f)| f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals_are_read_only_when_canonical() {
        assert_eq!(roman("XIV"), Some(14));
        assert_eq!(roman("XXXIII"), Some(33));
        assert_eq!(roman("IX"), Some(9));
        assert_eq!(roman("IIII"), None);
        assert_eq!(roman("VX"), None);
        assert_eq!(roman("NATO"), None);
    }

    #[test]
    fn anchored_patterns_find_what_a_full_scan_finds() {
        let texts = crate::anchored::tests::sample_texts();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let f = UnitFinder::new();
        crate::anchored::tests::assert_same_as_full_scan(&f.pattern, &texts);
        crate::anchored::tests::assert_same_as_full_scan(&f.back_reference, &texts);
    }
}
