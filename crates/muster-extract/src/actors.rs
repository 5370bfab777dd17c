//! Who is speaking: actor mentions (people, institutions, "US officials", "Moscow") and the
//! claimant of a sentence (attribution, speech verbs, quotes carried over, pronouns).

use crate::matcher::{Cue, Meaning};
use crate::{ends_with_ci, ends_with_word, possessive_after, starts_with_ci, Ctx};
use muster_model::{Actor, Span};

/// An actor named in the text.
#[derive(Debug, Clone)]
pub struct ActorMention {
    pub span: Span,
    pub actor: Actor,
    /// A named person (pronouns can refer back to them).
    pub person: bool,
    /// A capital standing for its government ("Washington warned").
    pub metonym: bool,
    /// Named in the knowledge base (a person or an institution), not built from "US" + "officials".
    pub named: bool,
}

/// Finds actor mentions from the phrase hits.
pub fn find_actors(ctx: &Ctx) -> Vec<ActorMention> {
    let kb = ctx.kb;
    let text = ctx.text;
    let mut out: Vec<ActorMention> = Vec::new();
    let mut seen_full: Vec<usize> = Vec::new();
    let hits = &ctx.hits;
    for (k, (span, meanings)) in hits.iter().enumerate() {
        // a longer actor hit already covers this one
        if out.iter().rev().take(4).any(|a| a.span.start <= span.start && span.end <= a.span.end) {
            continue;
        }
        let role_after = |end: usize| -> Option<(usize, String)> {
            hits[k + 1..].iter().take(4).find_map(|(s2, m2)| {
                let gap = &text[end..s2.start.max(end)];
                // ("the Iran-backed movement", "a US-made system": a modifier, not the role's owner)
                if s2.start < end || gap.len() > 24 || gap.contains(['.', ',', ';', ':', '\n', '(', '‘', '“']) || gap.starts_with('-') {
                    return None;
                }
                if gap.split_whitespace().count() > 2 {
                    return None;
                }
                m2.iter().find_map(|m| match m {
                    Meaning::Cue(Cue::RoleNoun(r)) => Some((s2.end, r.clone())),
                    _ => None,
                })
            })
        };
        for m in meanings.iter() {
            match m {
                Meaning::Actor(i) => {
                    let a = &kb.actors[*i];
                    let surface = span.slice(text);
                    if a.ambiguous && !same_name(surface, &a.name) && !seen_full.contains(i) {
                        continue;
                    }
                    seen_full.push(*i);
                    let actor = Actor { name: a.name.clone(), country: a.country.clone(), role: a.role.clone() };
                    // "a senior Biden administration official": the official, not Biden
                    if a.person {
                        if let Some((end, role)) = role_after(span.end) {
                            out.push(ActorMention {
                                span: Span::new(span.start, end),
                                actor: Actor { name: text[span.start..end].to_string(), country: a.country.clone(), role },
                                person: false,
                                metonym: false,
                                named: true,
                            });
                            break;
                        }
                    }
                    out.push(ActorMention { span: *span, actor, person: a.person, metonym: false, named: true });
                    break;
                }
                Meaning::Demonym(i) | Meaning::CountryName(i) => {
                    if let Some((end, role)) = role_after(span.end) {
                        let c = &kb.countries[*i];
                        out.push(ActorMention {
                            span: Span::new(span.start, end),
                            actor: Actor { name: text[span.start..end].to_string(), country: Some(c.code.clone()), role },
                            person: false,
                            metonym: false,
                            named: false,
                        });
                        break;
                    }
                }
                Meaning::Metonym(i) => {
                    // a capital on a wire dateline is where the story is filed, not its government
                    // speaking ("KYIV - Russia has moved ..."), nor is one in a facility's name ("Camp Doha")
                    if muster_geo::in_dateline(text, span.start, span.end) || crate::in_facility_name(text, *span) {
                        continue;
                    }
                    // "people in Moscow", "talks in Washington": after a locative preposition the
                    // capital is a place, not its government; but officials, sources or a ministry
                    // "in" a capital are that country's ("two officials in Washington", "the defence
                    // ministry in Kyiv")
                    if crate::after_preposition(&text[..span.start]) {
                        if let Some(role_start) = role_in_capital(ctx, k, span.start) {
                            let c = &kb.countries[*i];
                            out.retain(|a| a.span.start < role_start || a.span.start >= span.end);
                            out.push(ActorMention {
                                span: Span::new(role_start, span.end),
                                actor: Actor { name: text[role_start..span.end].to_string(), country: Some(c.code.clone()), role: "official".into() },
                                person: false,
                                metonym: false,
                                named: false,
                            });
                            break;
                        }
                        continue;
                    }
                    let c = &kb.countries[*i];
                    out.push(ActorMention {
                        span: *span,
                        actor: Actor { name: span.slice(text).to_string(), country: Some(c.code.clone()), role: "official".into() },
                        person: false,
                        metonym: true,
                        named: false,
                    });
                    break;
                }
                _ => {}
            }
        }
    }
    out.extend(introduced_people(ctx, &out));
    let titled = titled_people(ctx, &out);
    out.extend(titled);
    out.extend(later_surnames(text, &out));
    out.sort_by_key(|a| a.span.start);
    out
}

/// A known person named in full is meant by their surname alone later in the text ("Alexander
/// Fomin ... According to Fomin"), whether or not the knowledge base lists the surname.
fn later_surnames(text: &str, found: &[ActorMention]) -> Vec<ActorMention> {
    let mut out: Vec<ActorMention> = Vec::new();
    let mut done: Vec<&str> = Vec::new();
    for a in found.iter().filter(|a| a.person && a.named) {
        let surface = a.span.slice(text);
        let Some((_, surname)) = surface.rsplit_once(' ') else { continue };
        if surname.len() < 3 || !surname.chars().next().is_some_and(char::is_uppercase) || done.contains(&surname) {
            continue;
        }
        done.push(surname);
        for p in memchr::memmem::find_iter(text[a.span.end..].as_bytes(), surname.as_bytes()).map(|p| a.span.end + p) {
            let end = p + surname.len();
            let whole = !text[..p].ends_with(|c: char| c.is_alphanumeric() || c == '-') && !text[end..].starts_with(|c: char| c.is_alphanumeric() || c == '-');
            let covered = |m: &ActorMention| m.span.start < end && p < m.span.end;
            if whole && !found.iter().any(covered) && !out.iter().any(covered) {
                out.push(ActorMention { span: Span::new(p, end), actor: a.actor.clone(), person: true, metonym: false, named: true });
            }
        }
    }
    out
}

/// People the knowledge base does not know, introduced with a country and a role in apposition ("Colin
/// Ashworth, a former British Army intelligence officer", "Jane Roe, the Polish defence analyst"): two or
/// three capitalised words, a comma, an article, and within six words a country's name or adjective and
/// then a role noun. They speak for that country from then on ("ASHWORTH:" in the interview below).
fn introduced_people(ctx: &Ctx, known: &[ActorMention]) -> Vec<ActorMention> {
    let text = ctx.text;
    let mut out = Vec::new();
    for at in memchr::memmem::find_iter(text.as_bytes(), b", ") {
        let article = &text[at + 2..];
        // (or a post without its article: "Jari Hakala, head of assessment at the Finnish Defence Command")
        let post = LEAD_POSTS.iter().any(|p| article.starts_with(p) && article[p.len()..].starts_with(' '));
        if !post && !["a ", "an ", "the "].iter().any(|a| article.starts_with(a)) {
            continue;
        }
        // the name before the comma
        let head = &text[..at];
        let words: Vec<&str> = head.rsplit(' ').take(3).collect();
        let mut n = 0;
        for w in &words {
            let name_word = w.len() >= 2 && w.chars().next().is_some_and(char::is_uppercase) && w.chars().skip(1).all(|c| c.is_lowercase() || c == '-' || c == '\'');
            if !name_word {
                break;
            }
            n += 1;
        }
        if n < 2 {
            continue;
        }
        let name_start = at - words[..n].iter().map(|w| w.len() + 1).sum::<usize>() + 1;
        let name = Span::new(name_start, at);
        // (not a place or a formation: "Voronezh Oblast, a region")
        let hits_from = ctx.hits.partition_point(|(h, _)| h.start < name.start);
        let named_thing = |m: &Meaning| matches!(m, Meaning::Actor(_) | Meaning::Formation(_) | Meaning::Equipment(_) | Meaning::CountryName(_) | Meaning::Demonym(_) | Meaning::Metonym(_));
        if ctx.hits[hits_from..].iter().take_while(|(h, _)| h.start < name.end).any(|(_, m)| m.iter().any(named_thing)) {
            continue;
        }
        // the apposition: a country's word, then a role noun, within six words of the article
        let rest_start = at + text[at..].find(' ').map_or(0, |p| p + 1);
        let window_end = text[rest_start..].char_indices().filter(|(_, c)| *c == ' ').nth(6).map_or(text.len(), |(p, _)| rest_start + p);
        let window_end = window_end.min(text[rest_start..].find([',', '.', ';', '(']).map_or(text.len(), |p| rest_start + p));
        let in_window = |h: &Span| h.start >= rest_start && h.end <= window_end;
        let lo = ctx.hits.partition_point(|(h, _)| h.start < rest_start);
        let window: Vec<&(Span, &[Meaning])> = ctx.hits[lo..].iter().take_while(|(h, _)| h.start < window_end).filter(|(h, _)| in_window(h)).collect();
        let Some((country_at, code)) = window.iter().find_map(|(h, m)| {
            m.iter().find_map(|m| match m {
                Meaning::Demonym(i) | Meaning::CountryName(i) => Some((h.end, ctx.kb.countries[*i].code.clone())),
                Meaning::Actor(i) => ctx.kb.actors[*i].country.clone().map(|c| (h.end, c)),
                _ => None,
            })
        }) else {
            continue;
        };
        // (an apposition that is the subject of its own verb is a new speaker: "... near Pangong Lake, an
        // Indian army officer said")
        if window.iter().any(|(_, m)| m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Speech)))) {
            continue;
        }
        let tail = &text[country_at..window_end];
        // (or a group that monitors or studies: "Belaruski Hajun, the Belarusian monitoring group")
        let group = !post && has_group_word(tail);
        if !post && !group && !has_role_word(tail) {
            continue;
        }
        // (last, as the dearest: no actor the knowledge base knows is named there)
        if known.iter().any(|a| a.span.start < name.end && name.start < a.span.end) {
            continue;
        }
        introduce(text, name, code, tail, !group, &mut out);
    }
    out.extend(introduced_by_career(ctx, known, &out));
    out
}

/// People the knowledge base does not know, named after their title ("Defence Secretary Geoff Hoon",
/// "Ukraine's acting defence minister, Ihor Tenyukh,", "the British ambassador, Jane Roe,", "Ukraine's
/// representative in Crimea, Serhiy Kunitsyn,"): a role noun of an official, a soldier or a diplomat,
/// at most a short phrase of where ("in Crimea"), then two or three capitalised words that name
/// nothing else. They speak for the country the title's words name ("Ukraine's", "British", "Pentagon"), else for
/// the one the paragraph is about, else for the one the story is filed from.
fn titled_people(ctx: &Ctx, known: &[ActorMention]) -> Vec<ActorMention> {
    let text = ctx.text;
    let mut out: Vec<ActorMention> = Vec::new();
    for (k, (h, m)) in ctx.hits.iter().enumerate() {
        let Some(role) = m.iter().find_map(|m| match m {
            Meaning::Cue(Cue::RoleNoun(r)) if matches!(r.as_str(), "official" | "military" | "diplomat") => Some(r),
            _ => None,
        }) else {
            continue;
        };
        // (the longest role phrase at this start only)
        if k > 0 && ctx.hits[k - 1].0.start == h.start {
            continue;
        }
        let mut at = h.end;
        // a short phrase of where, closed by the comma before the name: "in Crimea,", "to the UN,"
        if let Some(prep) = [" in ", " to ", " for ", " at "].iter().find(|p| text[at..].starts_with(**p)) {
            let from = at + prep.len() + if text[at + prep.len()..].starts_with("the ") { 4 } else { 0 };
            let place = crate::capitalised_words(&text[from..]);
            if place > 0 && text[from + place..].starts_with(", ") {
                at = from + place;
            }
        }
        let comma = text[at..].starts_with(", ");
        let name_start = at + if comma { 2 } else { 1 };
        if !comma && !text[at..].starts_with(' ') {
            continue;
        }
        // two or three words of a name, each capitalised ("Ihor", "Sung-jun")
        let (mut end, mut n) = (name_start, 0);
        for w in text[name_start..].split(' ').take(3) {
            let word = w.trim_end_matches([',', '.', ';', ':']);
            let name_word = word.len() >= 2
                && word.split('-').all(|p| p.chars().next().is_some_and(char::is_uppercase) && p.chars().skip(1).all(|c| c.is_lowercase() || c == '\''))
                && !matches!(word, "The" | "A" | "An" | "On" | "In" | "He" | "She" | "It" | "They" | "But" | "And");
            if !name_word {
                break;
            }
            let word_start = if n == 0 { name_start } else { end + 1 };
            end = word_start + word.len();
            n += 1;
            if word.len() != w.len() {
                break;
            }
        }
        if n < 2 {
            continue;
        }
        let name = Span::new(name_start, end);
        // (the name ends the phrase: a comma closes an apposition, a verb follows a title)
        let after = &text[end..];
        if comma && !after.starts_with(',') || !comma && !after.starts_with([' ', ',', '.']) {
            continue;
        }
        if known.iter().chain(&out).any(|a| a.span.start < name.end && name.start < a.span.end) {
            continue;
        }
        let lo = ctx.hits.partition_point(|(x, _)| x.start < name.start);
        if ctx.hits[lo..].iter().take_while(|(x, _)| x.start < name.end).any(|(_, m)| !m.iter().all(|m| matches!(m, Meaning::Cue(_)))) {
            continue;
        }
        // the country the title names, in the four words before the role ("Ukraine's acting defence
        // minister", "the British Defence Secretary")
        let line_start = text[..h.start].rfind(['\n', '.', ';']).map_or(0, |p| p + 1);
        let mut from = h.start;
        for _ in 0..4 {
            match text[line_start..from].trim_end().rfind(' ') {
                Some(p) => from = line_start + p,
                None => {
                    from = line_start;
                    break;
                }
            }
        }
        let title = ctx.hits[..k].iter().rev().take_while(|(x, _)| x.start >= from).find_map(|(x, m)| {
            (x.end <= h.start && !text[x.end..h.start].contains(',')).then(|| {
                m.iter().find_map(|m| match m {
                    Meaning::Demonym(i) | Meaning::CountryName(i) | Meaning::Metonym(i) => Some(ctx.kb.countries[*i].code.clone()),
                    // ("Pentagon press secretary Sabrina Singh")
                    Meaning::Actor(i) => ctx.kb.actors[*i].country.clone(),
                    _ => None,
                })
            })?
        });
        let country = title.or_else(|| paragraph_country(ctx, h.start).map(|(c, _)| c)).or_else(|| filed_from(ctx));
        let Some(country) = country else { continue };
        let actor = Actor { name: name.slice(text).to_string(), country: Some(country), role: if role == "diplomat" { "diplomat".into() } else { "official".into() } };
        out.push(ActorMention { span: name, actor, person: true, metonym: false, named: false });
    }
    out
}

/// Posts that open an apposition without an article ("X, head of ...", "X, spokesman for ...").
const LEAD_POSTS: &[&str] = &["head", "chief", "director", "spokesman", "spokeswoman", "spokesperson", "commander", "deputy", "minister", "secretary", "adviser", "advisor", "ambassador"];

const ROLE_WORDS: &[&str] = &[
    "officer", "analyst", "expert", "researcher", "official", "commander", "general", "diplomat", "adviser", "advisor", "spokesman",
    "spokeswoman", "minister", "lawmaker", "colonel", "veteran", "strategist",
];

/// Nouns of a group that watches or studies a conflict and speaks for itself ("monitoring group",
/// "think tank", "research institute").
const GROUP_WORDS: &[&str] = &["group", "monitor", "monitors", "project", "institute", "centre", "center", "tank", "initiative", "collective", "network", "outlet"];

/// Whether a group noun ([`GROUP_WORDS`]) is among the words of `s`.
fn has_group_word(s: &str) -> bool {
    s.split(|c: char| !c.is_alphanumeric()).any(|w| GROUP_WORDS.contains(&w.to_ascii_lowercase().as_str()))
}

/// Whether a role noun ("officer", "analyst") is among the words of `s`.
fn has_role_word(s: &str) -> bool {
    s.split(|c: char| !c.is_alphanumeric()).any(|w| ROLE_WORDS.contains(&w.to_ascii_lowercase().as_str()))
}

/// Records a person introduced with a country: the full name, and the surname alone wherever it
/// comes later ("Ashworth said").
fn introduce(text: &str, name: Span, country: String, role_text: &str, person: bool, out: &mut Vec<ActorMention>) {
    let role = if !person || ["analyst", "researcher", "expert"].iter().any(|r| role_text.contains(r)) { "analyst" } else { "official" };
    let actor = Actor { name: name.slice(text).to_string(), country: Some(country), role: role.into() };
    let surname = name.slice(text).rsplit(' ').next().unwrap_or_default();
    let later = memchr::memmem::find_iter(text[name.end..].as_bytes(), surname.as_bytes()).map(|p| name.end + p).filter(|&p| {
        let end = p + surname.len();
        !text[..p].ends_with(|c: char| c.is_alphanumeric()) && !text[end..].starts_with(|c: char| c.is_alphanumeric())
    });
    for p in later.collect::<Vec<_>>() {
        out.push(ActorMention { span: Span::new(p, p + surname.len()), actor: actor.clone(), person, metonym: false, named: false });
    }
    out.push(ActorMention { span: name, actor, person, metonym: false, named: false });
}

/// Verbs of a career that open a sentence introducing a person ("Mark Dunn spent twenty years as
/// an officer in the Danish army", "Ana Ruiz served as a Chilean naval attaché").
const CAREER_VERBS: &[&str] = &["spent", "served", "worked", "was", "is", "retired", "headed", "led", "has", "had", "joined"];

/// People introduced by their career at the start of a sentence: two or three capitalised words, a
/// career verb, and within sixteen words a role noun and a country's word that is not what the role
/// studies ("an analyst of Russian ground forces in British defence intelligence": British).
fn introduced_by_career(ctx: &Ctx, known: &[ActorMention], found: &[ActorMention]) -> Vec<ActorMention> {
    let text = ctx.text;
    let mut out = Vec::new();
    for s in &ctx.sentences {
        let sentence = s.slice(text);
        let lead = sentence.len() - sentence.trim_start().len();
        let mut words = sentence[lead..].split(' ');
        let mut name_len = 0;
        let mut n = 0;
        let verb = loop {
            let Some(w) = words.next() else { break None };
            // (each part of a hyphenated title or name capitalised: "Lieutenant-Colonel", "Jean-Pierre")
            let name_word = w.len() >= 2
                && w.split('-').all(|p| p.chars().next().is_some_and(char::is_uppercase) && p.chars().skip(1).all(|c| c.is_lowercase() || c == '\''));
            if name_word && n < 4 {
                name_len += w.len() + usize::from(n > 0);
                n += 1;
                continue;
            }
            break Some(w);
        };
        if n < 2 || !verb.is_some_and(|v| CAREER_VERBS.contains(&v)) {
            continue;
        }
        let name = Span::new(s.start + lead, s.start + lead + name_len);
        if known.iter().chain(found).any(|a| a.span.start < name.end && name.start < a.span.end) {
            continue;
        }
        let hits_from = ctx.hits.partition_point(|(h, _)| h.start < name.start);
        if ctx.hits[hits_from..].iter().take_while(|(h, _)| h.start < name.end).any(|(_, m)| !m.iter().all(|m| matches!(m, Meaning::Cue(_)))) {
            continue;
        }
        let rest = name.end;
        let window_end = text[rest..s.end].char_indices().filter(|(_, c)| *c == ' ').nth(16).map_or(s.end, |(p, _)| rest + p);
        if !has_role_word(&text[rest..window_end]) {
            continue;
        }
        let lo = ctx.hits.partition_point(|(h, _)| h.start < rest);
        let country = ctx.hits[lo..].iter().take_while(|(h, _)| h.end <= window_end).find_map(|(h, m)| {
            let before = text[rest..h.start].trim_end();
            // (what the role studies or faces is no employer: "an analyst of Russian forces")
            if before.ends_with(" of") || before.ends_with(" of the") || before.ends_with(" on") {
                return None;
            }
            m.iter().find_map(|m| match m {
                Meaning::Demonym(i) | Meaning::CountryName(i) => Some(ctx.kb.countries[*i].code.clone()),
                Meaning::Actor(i) => ctx.kb.actors[*i].country.clone(),
                _ => None,
            })
        });
        if let Some(code) = country {
            introduce(text, name, code, &text[rest..window_end], true, &mut out);
        }
    }
    out
}

/// Where a source named by its role starts when "in" and a capital follow it ("officials in
/// Washington", "the defence ministry in Kyiv", "sources in Moscow"): the role noun right before " in ",
/// the `k`-th hit being the capital at `capital`. Diplomats and envoys in a capital are posted there, not
/// its own.
fn role_in_capital(ctx: &Ctx, k: usize, capital: usize) -> Option<usize> {
    let text = ctx.text;
    let before = text[..capital].strip_suffix("in ")?;
    let role_end = before.len() - 1;
    let (h, m) = ctx.hits[..k].iter().rev().take(6).find(|(h, _)| h.end == role_end)?;
    let role = m.iter().find_map(|m| if let Meaning::Cue(Cue::RoleNoun(r)) = m { Some(r.as_str()) } else { None })?;
    (matches!(role, "official" | "ministry" | "military" | "intelligence") && !h.slice(text).eq_ignore_ascii_case("embassy")).then_some(h.start)
}

const PRONOUNS: &[&str] = &["he", "she", "they", "it"];
/// The words that say which ministry one is, and the kind they name.
const MINISTRY_KINDS: &[(&[&str], &str)] = &[
    (&["defence", "defense", "mod"], "defence"),
    (&["foreign", "external affairs"], "foreign"),
    (&["health"], "health"),
    (&["interior", "internal affairs", "home"], "interior"),
    (&["emergenc"], "emergencies"),
];
/// The nouns of an estimate that a country's adjective or name makes its own ("Israeli estimates").
const ESTIMATE_NOUNS: &[&str] = &["estimates", "estimate", "figures", "assessment", "assessments", "tally", "count", "reckoning"];
const COREF_NOUNS: &[&str] = &["the document", "the assessment", "the intelligence assessment", "the report", "the estimate", "the official", "the source", "the officials", "the spokesman", "the spokeswoman", "the minister", "the diplomat", "the president", "the secretary", "the ambassador", "officials", "the official,", "one official", "another official", "a second official", "one of the officials", "the second official"];

/// Resolves the claimant of every sentence: the speaker or the cited source, if any.
pub fn claimants(ctx: &Ctx) -> Vec<Option<Actor>> {
    let text = ctx.text;
    let mut out: Vec<Option<Actor>> = Vec::with_capacity(ctx.sentences.len());
    let mut last_person: Option<Actor> = None;
    let mut quotes = Quotes::new(text);
    let mut last_any: Option<Actor> = None;
    // the last claimant of each role ("ministry", "military"), for "the ministry said" later
    let mut last_by_role: Vec<Actor> = Vec::new();
    // the source of the list being read, if a sentence ending in a colon opened one
    let mut list_source: Option<Actor> = None;
    // the turn of a transcript being read, if the text is one
    let turns = &ctx.turns;
    let mut turn = 0;
    for (si, s) in ctx.sentences.iter().enumerate() {
        let quoted_start = quotes.open_at(s.start);
        let actors: Vec<&ActorMention> = ctx.actors_in(*s).iter().collect();
        let hits = ctx.hits_in(*s);
        let mut found: Option<Actor> = None;
        // 0. a headline's speaker before a colon ("Pentagon: Russia could field 175,000 troops")
        if let Some(a) = actors.first() {
            let lead = text[s.start..a.span.start].trim();
            if lead.is_empty() && text[a.span.end..s.end].starts_with(':') {
                found = Some(a.actor.clone());
            }
        }
        // 1. "according to X", "images provided by X"
        for (h, m) in hits.iter().filter(|_| found.is_none()) {
            if m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Attribution))) {
                // (within the attribution's own phrase: "according to the officials, the PLA has ..." is
                // the officials', not the PLA's)
                if let Some(a) = actors.iter().find(|a| a.span.start >= h.end && a.span.start - h.end <= 40 && !text[h.end..a.span.start].contains([',', ';', ':'])) {
                    found = Some(a.actor.clone());
                    break;
                }
                let after = text[h.end..s.end].trim_start();
                if PRONOUNS.iter().any(|p| starts_with_ci(after, p) && after[p.len()..].starts_with(' ')) || starts_with_ci(after, "him") || starts_with_ci(after, "her") {
                    found = last_person.clone();
                    break;
                }
                // "according to the coast guard": the one of that role named before, or the paragraph's
                if starts_with_ci(after, "the ") {
                    let role_at = h.end + (text[h.end..s.end].len() - after.len()) + 4;
                    if let Some((r, role)) = hits.iter().find_map(|(r, m)| {
                        let role = m.iter().find_map(|m| if let Meaning::Cue(Cue::RoleNoun(x)) = m { Some(x) } else { None })?;
                        (r.start == role_at).then_some((r, role))
                    }) {
                        found = Some(role_source(ctx, *s, *r, role, &last_by_role, last_any.as_ref()));
                        break;
                    }
                }
            }
        }
        // 1b. "by the Israeli military's count", "by Kyiv's estimate"
        if found.is_none() {
            found = actors
                .iter()
                .find(|a| {
                    let after = &text[a.span.end..s.end];
                    let lead = text[s.start..a.span.start].trim_end();
                    let lead = lead.strip_suffix(" the").or_else(|| lead.strip_suffix("the")).unwrap_or(lead).trim_end();
                    (ends_with_word(lead, "by") || lead.eq_ignore_ascii_case("by"))
                        && ["'s ", "’s "].iter().any(|p| {
                            after.strip_prefix(p).is_some_and(|r| ["count", "estimate", "tally", "figures", "reckoning", "assessment"].iter().any(|w| starts_with_ci(r, w)))
                        })
                })
                .map(|a| a.actor.clone());
        }
        // 1c. a country's own estimate ("Israeli estimates of the arsenal range from ...", "by Ukrainian
        // figures", "according to US estimates")
        if found.is_none() {
            found = hits.iter().find_map(|(h, m)| {
                let i = m.iter().find_map(|m| if let Meaning::Demonym(i) | Meaning::CountryName(i) = m { Some(*i) } else { None })?;
                let after = text[h.end..s.end].strip_prefix(' ')?;
                let noun = ESTIMATE_NOUNS.iter().find(|w| starts_with_ci(after, w) && !after[w.len()..].starts_with(|c: char| c.is_alphanumeric()))?;
                let c = &ctx.kb.countries[i];
                Some(Actor { name: text[h.start..h.end + 1 + noun.len()].to_string(), country: Some(c.code.clone()), role: "government".into() })
            });
        }
        // 2. a speech verb with its subject or object
        if found.is_none() {
            let speech: Vec<&Span> = hits
                .iter()
                .filter(|(_, m)| m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Speech))))
                .map(|(h, _)| h)
                .collect();
            'verbs: for v in &speech {
                // subject just before the verb ("Blinken said", "a NATO source said"); a person followed by
                // an appositive ("Michael Carpenter, the US ambassador to the OSCE, said") is the subject
                // (not across a source named by its role right before the verb: "within 48 hours of the
                // Hamas attack, the army said")
                let role_subject = hits.iter().any(|(h, m)| {
                    h.end <= v.start
                        && text[h.end..v.start].trim().is_empty()
                        && m.iter().any(|m| matches!(m, Meaning::Cue(Cue::RoleNoun(_))))
                        && text[s.start..h.start].trim_end().strip_suffix("the").is_some_and(|l| l.trim_end().ends_with(','))
                });
                if let Some(a) = actors.iter().rev().filter(|_| !role_subject).find(|a| a.span.end <= v.start && v.start - a.span.end <= 45) {
                    // "Moscow’s claim": a speech noun owned by an actor is what the sentence reports, not
                    // who speaks in it
                    if possessive_after(text, a.span.end) && text[a.span.end..v.start].trim_start_matches(['’', '\'', 's', ' ']).is_empty() {
                        continue;
                    }
                    let appositive_head = actors.iter().rev().find(|p| {
                        p.person && p.span.end < a.span.start && {
                            let between = &text[p.span.end..v.start];
                            between.trim_start().starts_with(',') && between.trim_end().ends_with(',') && between.len() < 90
                        }
                    });
                    // "the US envoy to the OSCE said": the envoy, not the body he is sent to
                    let sent_to = actors.iter().rev().find(|p| {
                        p.span.end < a.span.start && matches!(&text[p.span.end..a.span.start], " to the " | " to " | " at the " | " at ")
                    });
                    found = Some(appositive_head.or(sent_to).unwrap_or(a).actor.clone());
                    break 'verbs;
                }
                // a country speaking as its government ("Belarus said", "Ukraine has said"; not "the UK
                // has put 1,000 troops on standby", "Russia had added 7,000 troops"), or its forces ("US
                // forces said"; not "Russian troops reported to the range")
                const SAYS: &[&str] = &["said", "says", "say", "told", "claimed", "claims", "insisted", "insists", "announced", "announces", "warned", "warns", "stated", "states", "reported", "reports", "estimated", "estimates", "confirmed", "confirms", "saying", "acknowledged", "acknowledges", "admitted", "admits", "conceded", "concedes"];
                // (not inside a quotation, "'There's what Russia says ...'", nor for a sentence whose later
                // clause has a subject of its own, "Russia has insisted ..., but NATO is alarmed by ...")
                let quoted = quotes.clone().open_at(v.start);
                let says = SAYS.iter().any(|w| v.slice(text).eq_ignore_ascii_case(w)) && !quoted && !text[v.end..s.end].contains(" but ");
                let auxiliary = |gap: &str| matches!(gap, "" | "has" | "have" | "had" | "also" | "has also" | "now" | "has now");
                if let Some((h, country, forces)) = hits.iter().rev().filter(|_| says).find_map(|(h, m)| {
                    let (i, name) = m.iter().find_map(|m| match m {
                        Meaning::CountryName(i) => Some((*i, true)),
                        Meaning::Demonym(i) => Some((*i, false)),
                        _ => None,
                    })?;
                    let gap = text.get(h.end..v.start)?.trim();
                    let forces = ["forces", "troops"].iter().any(|n| gap.strip_prefix(n).is_some_and(|r| r.is_empty() || r.starts_with(' ') && auxiliary(r.trim())))
                        && !v.slice(text).to_ascii_lowercase().starts_with("report");
                    // (a people named with its article speaks for its government: "the Americans have
                    // been saying", "the British say")
                    let people = !name && {
                        let lead = text[s.start..h.start].trim_end();
                        (lead.ends_with(" the") || lead.ends_with(" The") || lead.eq_ignore_ascii_case("the")) && h.slice(text).ends_with(['s', 'h'])
                    };
                    let auxiliary_or_progressive = |gap: &str| auxiliary(gap) || matches!(gap, "have been" | "has been" | "are" | "were" | "had been" | "keep" | "kept");
                    (h.end <= v.start && (forces || name && auxiliary(gap) || people && auxiliary_or_progressive(gap))).then_some((*h, i, forces))
                }) {
                    let c = &ctx.kb.countries[country];
                    found = Some(if forces {
                        let name = text[h.start..v.start].trim_end().to_string();
                        Actor { name, country: Some(c.code.clone()), role: "military".into() }
                    } else {
                        Actor { name: c.name.clone(), country: Some(c.code.clone()), role: "government".into() }
                    });
                    break 'verbs;
                }
                // object after ("said Mr Blaszczak", "said the official")
                // (not the first word of a quote: "he added: ‘Putin ...")
                // (not across a number: "a flight counted two China Coast Guard cutters"; nor after
                // "saying", whose object is the reported clause's subject: "saying Pyongyang had decided")
                let participle = v.slice(text).eq_ignore_ascii_case("saying");
                if let Some(a) = actors.iter().filter(|_| !participle).find(|a| {
                    let gap = &text[v.end..a.span.start.max(v.end)];
                    a.span.start >= v.end
                        && a.span.start - v.end <= 12
                        && !gap.contains([':', '‘', '“', '"', '\''])
                        // (nor the subject of the clause reported: "the ministry said Moscow would send")
                        && !subject_of_a_clause(&text[a.span.end..s.end])
                        && !gap.split_whitespace().any(|w| w.starts_with(|c: char| c.is_ascii_digit()) || crate::quantities::word_value(w).is_some())
                }) {
                    found = Some(a.actor.clone());
                    break 'verbs;
                }
                let before = text[s.start..v.start].trim_end();
                let after = text[v.end..s.end].trim_start();
                // "he said", "…, she said", "‘…,’ they said"
                let pronoun_subject = PRONOUNS.iter().any(|p| {
                    ends_with_ci(before, p) && {
                        let rest = &before[..before.len() - p.len()];
                        rest.is_empty() || rest.ends_with(' ') || rest.ends_with(',')
                    }
                });
                if pronoun_subject && !ends_with_ci(before, "it") {
                    found = last_person.clone().or(last_any.clone());
                    break 'verbs;
                }
                // "It said": the institution that spoke last ("the ministry said ... It said that ...")
                if pronoun_subject && (matches!(before, "It" | "it") || ends_with_word(before, "it")) {
                    if let Some(a) = last_any.as_ref().filter(|a| INSTITUTION_ROLES.contains(&a.role.as_str()) && last_person.as_ref() != Some(a)) {
                        found = Some(a.clone());
                        break 'verbs;
                    }
                }
                let coref = COREF_NOUNS.iter().any(|n| ends_with_ci(before, n) || starts_with_ci(after, n));
                if coref {
                    found = last_any.clone();
                    break 'verbs;
                }
                // a source named by its role and the definite article or an owner, right before the
                // verb ("the ministry said", "the island's defence ministry said"): the one of that role
                // named before, else the source as written; not the speaker of a later verb ("... that
                // Beijing called a warning")
                // (the longest such phrase: "defence ministry", not its "ministry")
                if let Some((h, role)) = hits
                    .iter()
                    .filter_map(|(h, m)| {
                        let role = m.iter().find_map(|m| match m {
                            Meaning::Cue(Cue::RoleNoun(r)) => Some(r),
                            _ => None,
                        })?;
                        // (an acronym in brackets between: "the Joint Chiefs of Staff (JCS) said")
                        // (or an auxiliary: "the movement has announced")
                        let gap = text.get(h.end..v.start).unwrap_or("x").trim();
                        let acronym = gap.len() <= 12 && gap.starts_with('(') && gap.ends_with(')') && gap[1..gap.len() - 1].chars().all(|c| c.is_ascii_uppercase());
                        let auxiliary = matches!(gap, "has" | "have" | "had" | "has also" | "also");
                        // (or its owner after "of": "the General Staff of the Korean People's Army said")
                        let owner = h.end <= v.start && owner_phrase(ctx, h.end).is_some_and(|(end, _)| end <= v.start && text[end..v.start].trim().is_empty());
                        // (or a clause about it between commas: "A regional security official, who asked
                        // not to be named, said")
                        let relative = (gap.starts_with(", who ") || gap.starts_with(", speaking ")) && gap.ends_with(',') && gap.len() < 160;
                        (h.end <= v.start && (gap.is_empty() || acronym || auxiliary || owner || relative)).then_some((h, role))
                    })
                    .min_by_key(|(h, _)| h.start)
                {
                    // a role named by the formation before it ("a Railway Troops commander", "the 58th
                    // Army's commander"): that formation's
                    let formation_before = hits.iter().find_map(|(f, m)| {
                        let gap = text.get(f.end..h.start)?;
                        let i = m.iter().find_map(|m| if let Meaning::Formation(i) = m { Some(*i) } else { None })?;
                        (f.end <= h.start && matches!(gap, " " | "'s " | "’s ")).then_some((*f, i))
                    });
                    if let Some((f, i)) = formation_before {
                        let lead = text[s.start..f.start].trim_end();
                        let article = ["a", "an", "the"].iter().any(|a| lead.eq_ignore_ascii_case(a) || ends_with_word(lead, a));
                        let country = &ctx.kb.formations[i].country;
                        if article && !country.is_empty() {
                            found = Some(Actor { name: text[f.start..h.end].to_string(), country: Some(country.clone()), role: role.clone() });
                            break 'verbs;
                        }
                    }
                    // a role named by the role before it, opening the sentence ("A JCS spokesman", "a
                    // ministry spokeswoman"): the first of them says whose
                    let (mut first, mut first_role) = (h, role);
                    while let Some((h2, role2)) = hits.iter().find_map(|(h2, m)| {
                        let r = m.iter().find_map(|m| if let Meaning::Cue(Cue::RoleNoun(r)) = m { Some(r) } else { None })?;
                        (h2.end < first.start && text[h2.end..first.start] == *" ").then_some((h2, r))
                    }) {
                        (first, first_role) = (h2, role2);
                    }
                    let chain_lead = text[s.start..first.start].trim_end();
                    // (or after the clause it reports: "... had joined by Wednesday, a ministry official said")
                    let after_clause = |l: &str| [", a", ", an"].iter().any(|t| ends_with_ci(l, t));
                    let (h, role) = if chain_lead.eq_ignore_ascii_case("a") || chain_lead.eq_ignore_ascii_case("an") || after_clause(chain_lead) { (first, first_role) } else { (h, role) };
                    let lead = text[s.start..h.start].trim_end();
                    // ("Its defence ministry says": the country the paragraph is about)
                    if ends_with_word(lead, "its") || lead.eq_ignore_ascii_case("its") {
                        found = Some(role_source(ctx, *s, *h, role, &[], last_any.as_ref()));
                        break 'verbs;
                    }
                    let owned = lead.ends_with("'s") || lead.ends_with("’s");
                    // (an indefinite one opening the sentence speaks for the same: "A JCS spokesman told
                    // reporters ...", "A ministry spokeswoman said ...")
                    // (with its describing words: "A regional security official said", "a senior
                    // military source told")
                    let trailing_indefinite = after_clause(lead) || [", a senior", ", a defence", ", a defense", ", a military"].iter().any(|t| ends_with_ci(lead, t));
                    let opening_indefinite = trailing_indefinite || lead.eq_ignore_ascii_case("a") || lead.eq_ignore_ascii_case("an") || {
                        let mut words = lead.split(' ');
                        let article = words.next().is_some_and(|w| w.eq_ignore_ascii_case("a") || w.eq_ignore_ascii_case("an"));
                        let rest: Vec<&str> = words.collect();
                        article && (1..=3).contains(&rest.len()) && rest.iter().all(|w| w.len() > 1 && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
                    };
                    // (or with its describing words: "The U.S.-based firm counted", "the new ministry said")
                    let described = {
                        let mut words = lead.split(' ');
                        let article = words.next().is_some_and(|w| w.eq_ignore_ascii_case("the"));
                        let rest: Vec<&str> = words.collect();
                        article && (1..=2).contains(&rest.len()) && rest.iter().all(|w| w.len() > 1 && (w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') || w.ends_with("-based")))
                    };
                    let definite = ends_with_word(lead, "the") || lead.eq_ignore_ascii_case("the") || owned || opening_indefinite || described;
                    if definite {
                        found = Some(if owned {
                            last_by_role.iter().rev().find(|a| &a.role == role).cloned().unwrap_or_else(|| Actor {
                                name: h.slice(text).to_string(),
                                country: None,
                                role: role.clone(),
                            })
                        } else {
                            role_source(ctx, *s, *h, role, &last_by_role, last_any.as_ref())
                        });
                        break 'verbs;
                    }
                }
            }
            // a subject actor at the start of a reporting sentence ("US intelligence warns ...")
            if found.is_none() && !speech.is_empty() {
                // (not a name inside a quotation: "'... Moscow already has 100,000 troops,' an official said")
                if let Some(a) = actors.iter().filter(|a| !quotes.clone().open_at(a.span.start)).find(|a| !a.metonym || speech.iter().any(|v| v.start >= a.span.end)) {
                    // "Russia’s apparent scale-back is treated with scepticism": an owner is no speaker
                    if a.span.start < speech[0].start && !possessive_after(text, a.span.end) {
                        found = Some(a.actor.clone());
                    }
                }
            }
            // a source named by its role opening a reporting sentence ("The spy agency first went public
            // on Oct 18, saying ..."): the one of that role named before
            if found.is_none() && !speech.is_empty() {
                let opening = text[s.start..].strip_prefix("The ").map(|_| s.start + 4);
                if let Some((h, role)) = opening.and_then(|at| {
                    hits.iter().filter(|(h, _)| h.start == at).find_map(|(h, m)| {
                        m.iter().find_map(|m| if let Meaning::Cue(Cue::RoleNoun(r)) = m { Some((*h, r.clone())) } else { None })
                    })
                }) {
                    // (not an acronym, which names one body of its own: "The MND and the coast guard said")
                    let acronym = h.slice(text).chars().all(|c| c.is_ascii_uppercase());
                    if speech.iter().any(|v| v.start > h.end) && !acronym {
                        found = last_by_role.iter().rev().find(|a| a.role == role).cloned();
                    }
                }
            }
        }
        // 4. a source's own count, owned by it ("the ministry's tally had been 71 aircraft", "Seoul's
        // 2022 defence white paper credits the North with ...", "by the army's own figures")
        if found.is_none() {
            found = own_count(ctx, *s, &actors, &hits, &last_by_role, last_any.as_ref());
        }
        // 3. a quotation continuing from the sentence before
        if found.is_none() {
            let first = text[s.start..].chars().next().unwrap_or(' ');
            if matches!(first, '‘' | '“' | '"' | '\'') || quoted_start {
                found = out.iter().rev().take(3).find_map(|c| c.clone());
                if found.is_none() {
                    // the speaker may be named right after the quote ("... ,' said Blinken.")
                    if let Some(Some(next)) = ctx.sentences.get(si + 1).map(|n| {
                        ctx.actors_in(*n).iter().find(|a| a.span.start - n.start < 60).map(|a| a.actor.clone())
                    }) {
                        found = Some(next);
                    }
                }
            }
        }
        // in a transcript, what no one else is said to claim is the claim of the turn's speaker; a
        // question is the reporter's, but "you said" in it quotes the one who answers
        while turns.get(turn + 1).is_some_and(|t| t.start <= s.start) {
            turn += 1;
        }
        if let Some(t) = turns.get(turn).filter(|t| t.start <= s.start && found.is_none()) {
            found = match &t.speaker {
                Speaker::Person(a) => Some(a.clone()),
                // (the person named before the first turn, one with a country first: "a conversation
                // with Mark Ellery, a former British analyst")
                Speaker::Answerer => {
                    let intro = || ctx.actors.iter().take_while(|a| a.span.start < turns[0].start).filter(|a| a.person);
                    intro().find(|a| a.actor.country.is_some()).or(intro().next()).map(|a| a.actor.clone())
                }
                // (a speaker the text does not introduce speaks for the body that heads the transcript:
                // "HOUSE OF COMMONS ... LT GEN HOLT:" is British)
                Speaker::Unknown(label) => ctx
                    .actors
                    .iter()
                    .take_while(|a| a.span.start < turns[0].start)
                    .find(|a| !a.person && !a.metonym && a.actor.country.is_some())
                    .map(|host| Actor { name: label.clone(), country: host.actor.country.clone(), role: "official".into() }),
                Speaker::Questioner if quotes_the_answer(s.slice(text)) => {
                    turns[..turn].iter().rev().chain(turns[turn + 1..].iter()).find_map(|t| match &t.speaker {
                        Speaker::Person(a) => Some(a.clone()),
                        _ => None,
                    })
                }
                _ => None,
            };
        }
        // the items of a list that a source's sentence introduces ("Here is what it reported:") are
        // that source's: short lines that end without a full stop or open with a bullet
        let line = text[s.start..s.end].trim();
        let item = line.len() < 150 && (!line.ends_with('.') || line.starts_with(['-', '•', '*', '–', '—']));
        if !item {
            list_source = None;
        } else if found.is_none() {
            found = list_source.clone();
        }
        if line.ends_with(':') && found.is_some() {
            list_source = found.clone();
        }
        // the person a later "he" or "she" means: the sentence's subject, named first and not as an
        // owner ("Stoltenberg echoed Blinken’s assessment")
        // (people named inside a quotation are what the speaker talks about)
        let persons = || actors.iter().filter(|a| a.person && !quotes.clone().open_at(a.span.start));
        if let Some(a) = persons().find(|a| !possessive_after(text, a.span.end)).or(persons().next()) {
            last_person = Some(a.actor.clone());
        }
        // an institution named as the sentence's subject is the one "the ministry" means later
        // ("Azerbaijan's Defence Ministry began ..., a few hours after it said ... In 24 hours, the
        // ministry said, ..."), unless the sentence's speaker is one of its kind
        // (not an armed force or group: "Hezbollah began firing ..." is no antecedent of "the army")
        if let Some(a) = actors.iter().find(|a| !possessive_after(text, a.span.end)) {
            if a.actor.country.is_some() && !a.person && matches!(a.actor.role.as_str(), "ministry" | "intelligence" | "government") {
                last_by_role.retain(|b| b.role != a.actor.role);
                last_by_role.push(a.actor.clone());
            }
        }
        if let Some(f) = &found {
            last_any = Some(f.clone());
            if f.country.is_some() {
                last_by_role.retain(|a| a.role != f.role);
                last_by_role.push(f.clone());
            }
        } else if let Some(a) = actors.iter().find(|a| !possessive_after(text, a.span.end)).or(actors.first()) {
            // the sentence's subject, which English names first; "Moscow’s claim" is an object
            last_any = Some(a.actor.clone());
        }
        out.push(found);
    }
    out
}

/// What a source's count is called when its owner is named before it ("the ministry's tally").
const OWN_COUNT_NOUNS: &[&str] = &["tally", "count", "estimate", "estimates", "figure", "figures", "assessment", "white paper",
    "report", "data", "numbers", "reckoning", "review", "census", "records"];

/// The owner of a count the sentence gives: an actor, or a source named by its role with the definite
/// article, followed by "'s" and, within three words, a count noun ([`OWN_COUNT_NOUNS`]).
fn own_count(ctx: &Ctx, s: Span, actors: &[&ActorMention], hits: &[(Span, &[Meaning])], last_by_role: &[Actor], last_any: Option<&Actor>) -> Option<Actor> {
    let text = ctx.text;
    let count_follows = |end: usize| {
        let rest = text[end..s.end].strip_prefix("'s ").or_else(|| text[end..s.end].strip_prefix("’s "))?;
        let mut words = rest.split(' ');
        let mut at = 0;
        for _ in 0..3 {
            let w = words.next()?;
            let tail = &rest[at..];
            if OWN_COUNT_NOUNS.iter().any(|n| starts_with_ci(tail, n) && !tail[n.len()..].starts_with(|c: char| c.is_alphanumeric())) {
                return Some(());
            }
            at += w.len() + 1;
        }
        None
    };
    if let Some(a) = actors.iter().find(|a| count_follows(a.span.end).is_some()) {
        return Some(a.actor.clone());
    }
    // a count noun opening the sentence, made by someone ("Figures released last year by Indian defence
    // sources show ...", "Estimates compiled by the ministry put ...")
    let opening = text[s.start..s.end].trim_start_matches("The ").trim_start_matches("New ");
    if OWN_COUNT_NOUNS.iter().any(|n| starts_with_ci(opening, n) && opening[n.len()..].starts_with(' ')) {
        let head_end = s.end.min(s.start + 90);
        if let Some(a) = actors.iter().find(|a| {
            a.span.end <= head_end && {
                let lead = text[s.start..a.span.start].trim_end();
                let lead = lead.strip_suffix(" the").unwrap_or(lead);
                ends_with_word(lead, "by") && !lead.contains([',', ';'])
            }
        }) {
            return Some(a.actor.clone());
        }
    }
    hits.iter().find_map(|(h, m)| {
        let role = m.iter().find_map(|m| if let Meaning::Cue(Cue::RoleNoun(r)) = m { Some(r) } else { None })?;
        let lead = text[s.start..h.start].trim_end();
        let definite = ends_with_word(lead, "the") || lead.eq_ignore_ascii_case("the");
        (definite && count_follows(h.end).is_some()).then(|| role_source(ctx, s, *h, role, last_by_role, last_any))
    })
}

/// Who speaks in a turn of a transcript.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Speaker {
    /// A speaker the knowledge base knows ("MR. KIRBY:", "SECRETARY BLINKEN:").
    Person(Actor),
    /// A reporter's question ("Q:", "QUESTION:").
    Questioner,
    /// An answer labelled as one ("A:", "ANSWER:"): the interviewee's, the person the text names before
    /// its first turn.
    Answerer,
    /// Someone the knowledge base does not know, by the label ("LT GEN HOLT").
    Unknown(String),
}

/// A turn of a transcript: from the start of its speaker's label to the next label.
#[derive(Debug)]
pub(crate) struct Turn {
    /// Where the label starts.
    pub start: usize,
    /// Where the label's line ends.
    pub line_end: usize,
    pub speaker: Speaker,
}

/// The labels that open a reporter's turn.
const QUESTION_LABELS: &[&str] = &["Q", "QUESTION", "REPORTER", "JOURNALIST", "AUDIENCE MEMBER", "Question", "Reporter", "Journalist"];

/// The turns of a transcript of a briefing or an interview: paragraphs that open with a speaker's label
/// and a colon ("MR. KIRBY: It's grown.", "Q: How many?", "Secretary Blinken: ..."). A label is at most
/// seven capitalised words; it names a known person, or is a question label ("Q." too) or opens a
/// paragraph that asks a question, or is written all in capitals. A text is a transcript only with two labels at least that are a known person or a
/// question: a headline's "Stoltenberg: ..." opens no turn.
pub(crate) fn speaker_turns(ctx: &Ctx) -> Vec<Turn> {
    let text = ctx.text;
    let mut turns = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        // ("Q. Which sites worry you most?")
        if line.starts_with("Q. ") && line.len() > 4 {
            turns.push(Turn { start, line_end: at, speaker: Speaker::Questioner });
            continue;
        }
        let Some(colon) = line.get(..line.len().min(64)).and_then(|head| head.find(": ")) else { continue };
        // a tag before the name ("[CLIP] NAME:") and a description after it ("NAME (GREEK DEFENCE
        // MINISTRY SPOKESWOMAN):"): the name is what lies between
        let mut label = line[..colon].trim();
        if let Some(rest) = label.strip_prefix('[').and_then(|l| l.split_once(']')).map(|(_, r)| r.trim_start()) {
            label = rest;
        }
        let mut description: Option<Span> = None;
        if let Some(open) = label.strip_suffix(')').and_then(|l| l.rfind('(')) {
            let at = start + (label.as_ptr() as usize - line.as_ptr() as usize);
            description = Some(Span::new(at + open + 1, at + label.len() - 1));
            label = label[..open].trim_end();
        }
        let words: Vec<&str> = label.split_whitespace().collect();
        let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase) || matches!(*w, "of" | "the" | "and" | "for");
        if words.is_empty() || words.len() > 7 || !words.iter().all(capitalised) || line[colon + 2..].trim().is_empty() {
            continue;
        }
        let upper = label.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
        let label_span = Span::new(start + (label.as_ptr() as usize - line.as_ptr() as usize), start + colon);
        // (a surname the knowledge base keeps no alias for is the person named in full before: "MR.
        // PRICE:" after "Briefing with Spokesperson Ned Price")
        let surname = words.last().map(|w| w.trim_matches(|c: char| !c.is_alphabetic())).unwrap_or("");
        let person = ctx.actors_in(label_span).iter().find(|a| a.person && a.span.end <= label_span.end).map(|a| a.actor.clone()).or_else(|| {
            let named_before = ctx.actors.iter().take_while(|a| a.span.start < label_span.start);
            named_before.filter(|a| a.person).find(|a| a.actor.name.rsplit(' ').next().is_some_and(|l| l.eq_ignore_ascii_case(surname) && l.len() > 2)).map(|a| a.actor.clone())
        });
        let speaker = if QUESTION_LABELS.contains(&label) || QUESTION_LABELS.contains(&label.trim_end_matches('.')) {
            Speaker::Questioner
        } else if matches!(label.trim_end_matches('.'), "A" | "ANSWER" | "Answer") {
            Speaker::Answerer
        } else if let Some(a) = person {
            Speaker::Person(a)
        } else if let Some(d) = description.and_then(|d| described_speaker(ctx, label, d)) {
            Speaker::Person(d)
        } else if line.trim_end().ends_with('?') && !ctx.actors_in(label_span).iter().any(|a| a.person) {
            // an interviewer named by the paper ("Frontline: How many troops are there?")
            Speaker::Questioner
        } else if upper && label.chars().any(char::is_alphabetic) {
            Speaker::Unknown(label.to_string())
        } else {
            continue;
        };
        turns.push(Turn { start, line_end: at, speaker });
    }
    let anchored = turns.iter().filter(|t| !matches!(t.speaker, Speaker::Unknown(_))).count();
    if anchored < 2 {
        turns.clear();
    }
    turns
}

/// The speaker a transcript's label describes after the name ("VLACHOU (GREEK DEFENCE MINISTRY
/// SPOKESWOMAN)"): the country its description names, the role its words give.
fn described_speaker(ctx: &Ctx, name: &str, d: Span) -> Option<Actor> {
    let country = ctx.hits_in(d).iter().find_map(|(_, m)| {
        m.iter().find_map(|m| match m {
            Meaning::Demonym(i) | Meaning::CountryName(i) => Some(ctx.kb.countries[*i].code.clone()),
            _ => None,
        })
    })?;
    let words = d.slice(ctx.text).to_ascii_lowercase();
    let military = ["general", "admiral", "colonel", "commander", "army", "navy", "military", "armed forces", "staff"].iter().any(|w| words.contains(w))
        && !words.contains("spokes") && !words.contains("minist");
    let role = if military { "military" } else { "official" };
    Some(Actor { name: name.to_string(), country: Some(country), role: role.to_string() })
}

/// Whether a reporter's question quotes the one who answers ("Last week you said ...", "you were saying").
fn quotes_the_answer(question: &str) -> bool {
    let q = question.to_ascii_lowercase();
    ["you said", "you say", "you were saying", "you've said", "you have said", "you mentioned", "you told", "you estimated", "your estimate", "your figure"]
        .iter()
        .any(|w| q.contains(w))
}

/// The roles of institutions, which "it" can stand for.
const INSTITUTION_ROLES: &[&str] = &["ministry", "military", "intelligence", "government", "media"];

/// The source a role noun with the definite article names ("the ministry said", "according to the coast
/// guard"): the one of that role named before, unless the paragraph's sentences before this one are
/// about another country ("the army" after a sentence about Brazil's convoys is Brazil's); with none
/// of either, the country the story is filed from, or the last source's.
/// Whether the words after a name make it the subject of a clause: a finite verb or an auxiliary
/// follows ("Moscow would send", "Russia has moved", "Kyiv plans to").
fn subject_of_a_clause(after: &str) -> bool {
    let after = after.strip_prefix(['’', '\'']).and_then(|r| r.strip_prefix('s')).unwrap_or(after);
    let Some(w) = after.strip_prefix(' ').and_then(|r| r.split(|c: char| !c.is_alphabetic()).next()) else { return false };
    matches!(
        w,
        "would" | "will" | "could" | "can" | "may" | "might" | "must" | "should" | "has" | "have" | "had" | "is" | "are"
            | "was" | "were" | "plans" | "planned" | "intends" | "intended" | "wants" | "wanted" | "did" | "does" | "do"
            | "sent" | "moved" | "deployed" | "massed" | "kept" | "keeps" | "sends" | "moves" | "deploys"
    )
}

fn role_source(ctx: &Ctx, s: Span, h: Span, role: &str, last_by_role: &[Actor], last_any: Option<&Actor>) -> Actor {
    // (of the same kind, where the words say which: "the Ministry of Defence" is not the health
    // ministry named before)
    let kind = |name: &str| {
        let name = name.to_ascii_lowercase();
        MINISTRY_KINDS.iter().find(|(words, _)| words.iter().any(|w| name.contains(w))).map(|(_, k)| *k)
    };
    let wanted = kind(h.slice(ctx.text));
    // (a body named with its owner after "of": "the General Staff of the Korean People's Army", "the
    // Ministry of Defence of Ukraine")
    if let Some((end, country)) = owner_phrase(ctx, h.end) {
        return Actor { name: ctx.text[h.start..end].to_string(), country: Some(country), role: role.to_string() };
    }
    let before = last_by_role.iter().rev().find(|a| a.role == role && (wanted.is_none() || kind(&a.name) == wanted));
    let focus = paragraph_country(ctx, s.start);
    let as_written = |country: Option<String>| Actor { name: h.slice(ctx.text).to_string(), country, role: role.to_string() };
    match (before, focus) {
        (Some(a), Some(f)) if !f.1.contains(&a.country.clone().unwrap_or_default()) => as_written(Some(f.0)),
        (Some(a), _) => a.clone(),
        (None, Some(f)) => as_written(Some(f.0)),
        // with nothing before, the country the story is filed from: "the Joint Chiefs of Staff said"
        // under "By Staff Reporter, Seoul" is South Korea's; else the country of the last source
        // ("the minister said ... According to the Defence Ministry" after Shoigu)
        (None, None) => as_written(filed_from(ctx).or_else(|| last_any.and_then(|a| a.country.clone()))),
    }
}

/// The country that owns a body named right before `at`, written after it with "of" ("the General Staff
/// of the Korean People's Army", "the Ministry of Defence of Ukraine"): the country, people, formation
/// or actor that the longest phrase there names, with where the owner's phrase ends.
fn owner_phrase(ctx: &Ctx, at: usize) -> Option<(usize, String)> {
    let text = ctx.text;
    let rest = &text[at..];
    let skip = [" of the ", " of "].iter().find(|p| rest.starts_with(**p))?.len();
    let from = at + skip;
    let k = ctx.hits.partition_point(|(h, _)| h.start < from);
    // (hits at one start are longest first)
    let (h, m) = ctx.hits.get(k).filter(|(h, _)| h.start == from)?;
    let end = h.end;
    m.iter().find_map(|m| match m {
        Meaning::CountryName(i) | Meaning::Demonym(i) => Some(ctx.kb.countries[*i].code.clone()),
        Meaning::Formation(i) => Some(ctx.kb.formations[*i].country.clone()).filter(|c| !c.is_empty()),
        Meaning::Actor(i) => ctx.kb.actors[*i].country.clone(),
        _ => None,
    })
    .map(|c| (end, c))
}

/// The country a story is filed from: the capital of its dateline ("SEOUL, Jan 7 (Wire) -", "KYIV —")
/// or of its byline ("By Staff Reporter, Seoul", "By A. Writer in Kyiv"), in the first lines.
fn filed_from(ctx: &Ctx) -> Option<String> {
    let text = ctx.text;
    let mut start = 0;
    for line in text.split_inclusive('\n').take(10) {
        let span = Span::new(start, start + line.trim_end().len());
        start += line.len();
        let trimmed = line.trim();
        let byline = trimmed.len() < 120 && (trimmed.starts_with("By ") || trimmed.starts_with("by "));
        for (h, m) in ctx.hits_in(span) {
            let Some(i) = m.iter().find_map(|m| if let Meaning::Metonym(i) = m { Some(*i) } else { None }) else { continue };
            let before = text[span.start..h.start].trim();
            let after = text[h.end..span.end].trim_start();
            let dateline = before.is_empty() && after.starts_with([',', '—', '–', '-', '(', '/']);
            let signed = byline && (before.ends_with(',') || before.ends_with(" in")) && (after.is_empty() || after.starts_with([',', ' ']));
            if dateline || signed {
                return Some(ctx.kb.countries[i].code.clone());
            }
        }
    }
    None
}

/// The country a paragraph is about before byte `at`: the one its country names, demonyms and actors
/// name most often (the first of equals), with every country it names at all; `None` if it names none.
/// A people's name right before a force noun ("North Korean troops") says whose forces, not what the
/// paragraph is about.
fn paragraph_country(ctx: &Ctx, at: usize) -> Option<(String, Vec<String>)> {
    let from = ctx.text[..at].rfind('\n').map_or(0, |i| i + 1);
    let span = Span::new(from, at);
    let mut named: Vec<(usize, &str)> = Vec::new();
    for a in ctx.actors_in(span) {
        if let Some(c) = &a.actor.country {
            named.push((a.span.start, c));
        }
    }
    for (h, m) in ctx.hits_in(span) {
        if named.iter().any(|(at, _)| *at == h.start) {
            continue;
        }
        if let Some(i) = m.iter().find_map(|m| match m {
            Meaning::CountryName(i) | Meaning::Demonym(i) => Some(*i),
            _ => None,
        }) {
            // (a people's name that only says whose forces: "20 North Korean troops crossed ..., the JCS
            // said" is not a paragraph about the North's own bodies)
            let of_forces = m.iter().any(|m| matches!(m, Meaning::Demonym(_)))
                && ctx.hits_in(Span::new(h.end, span.end)).iter().take_while(|(f, _)| f.start <= h.end + 1).any(|(f, fm)| f.start == h.end + 1 && fm.iter().any(|m| matches!(m, Meaning::Cue(Cue::Force))));
            if !of_forces {
                named.push((h.start, &ctx.kb.countries[i].code));
            }
        }
    }
    named.sort_by_key(|(at, _)| *at);
    let count = |c: &str| named.iter().filter(|(_, n)| *n == c).count();
    let mut top: Option<&str> = None;
    for (_, c) in &named {
        if top.is_none_or(|t| count(c) > count(t)) {
            top = Some(c);
        }
    }
    let top = top?;
    let mut all: Vec<String> = named.iter().map(|(_, c)| c.to_string()).collect();
    all.sort_unstable();
    all.dedup();
    Some((top.to_string(), all))
}

/// The author of an official release, named in its header: a line among the first three that says it
/// is a release, report or update ("Ministry of National Defense, Republic of China (Taiwan) - Press
/// release, 24 May 2024") and names a ministry, government or intelligence body with its country. The
/// release's figures that no one else is said to give are the author's.
pub fn release_author(ctx: &Ctx) -> Option<Actor> {
    const RELEASE: &[&str] = &["press release", "news release", "transcript", "press briefing", "statement by", "daily report", "intelligence update", "bulletin",
        "press service", "press office", "communique", "communiqué", "fact sheet", "factsheet", "briefing note"];
    let text = ctx.text;
    // the header: the first three lines that hold words (a body's name may stand above the line that
    // says what it issues: "DEFENCE INTELLIGENCE OF UKRAINE" over "Press Service")
    let mut header: Vec<Span> = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if header.len() == 3 {
            break;
        }
        if !line.trim().is_empty() {
            header.push(Span::new(start, start + line.trim_end().len()));
        }
        start += line.len();
    }
    let release = |span: &Span| {
        let line = span.slice(text);
        let lower = line.to_ascii_lowercase();
        line.len() <= 160 && RELEASE.iter().any(|w| lower.contains(w))
    };
    // each release line first, then the line above it
    let lines = (0..header.len()).filter(|&k| release(&header[k])).flat_map(|k| [Some(header[k]), k.checked_sub(1).map(|p| header[p])]);
    for span in lines.flatten().filter(|s| s.end - s.start <= 160) {
        // (a ministry or intelligence body before the forces a report is about: "PLA activities ...:
        // daily report of the Ministry of National Defense")
        let official = |role: &str| matches!(role, "ministry" | "intelligence" | "government");
        if let Some(a) = ctx.actors_in(span).iter().find(|a| official(&a.actor.role) && a.actor.country.is_some()) {
            return Some(a.actor.clone());
        }
        let hits = ctx.hits_in(span);
        let role = hits.iter().find_map(|(h, m)| {
            m.iter().find_map(|m| match m {
                Meaning::Cue(Cue::RoleNoun(r)) if official(r) => Some((*h, r.clone())),
                _ => None,
            })
        });
        // the body's own country: written right before it ("Taiwan's Ministry of ...") or after it, set
        // off by a comma ("Ministry of National Defense, Republic of China"), not a subject after a
        // colon ("Intelligence update: Azerbaijan's offensive")
        let own_country = |h: Span| {
            hits.iter().find_map(|(c, m)| {
                let i = m.iter().find_map(|m| if let Meaning::CountryName(i) | Meaning::Demonym(i) = m { Some(*i) } else { None })?;
                let before = c.end <= h.start && matches!(&text[c.end..h.start], " " | "'s " | "’s ");
                // (or after "of": "Defence Intelligence of the Ministry of Defence of Ukraine")
                let after = c.start >= h.end && {
                    let gap = &text[h.end..c.start];
                    gap.len() <= 40 && (gap.contains(',') || ends_with_ci(gap, " of ")) && !gap.contains(':')
                };
                (before || after).then_some(i)
            })
        };
        // (or, for a body the header names without its country, "Ministry of Defence - Fact sheet", the
        // country whose assessment the text says it gives: "summarise the UK's assessment")
        let country = role.as_ref().and_then(|(h, _)| own_country(*h)).or_else(|| role.as_ref().and_then(|_| own_assessment(ctx, span.end)));
        if let (Some((h, role)), Some(c)) = (role, country) {
            // the body's name as the line writes it, to the first comma, dash or bracket
            let rest = &text[h.start..span.end];
            let name = rest.split([',', '(', ';']).next().unwrap_or(rest).split(" - ").next().unwrap_or(rest).trim();
            return Some(Actor { name: name.to_string(), country: Some(ctx.kb.countries[c].code.clone()), role });
        }
    }
    None
}

/// The country whose own assessment a release says it gives, in its first 800 bytes after `from`
/// ("The points below summarise the UK's assessment"): a country's name or adjective and "'s" before
/// an estimate noun ([`ESTIMATE_NOUNS`]).
fn own_assessment(ctx: &Ctx, from: usize) -> Option<usize> {
    let text = ctx.text;
    let to = text.floor_char_boundary((from + 800).min(text.len()));
    ctx.hits_in(Span::new(from, to)).iter().find_map(|(h, m)| {
        let i = m.iter().find_map(|m| if let Meaning::CountryName(i) | Meaning::Demonym(i) = m { Some(*i) } else { None })?;
        let after = text[h.end..].strip_prefix("'s ").or_else(|| text[h.end..].strip_prefix("’s "))?;
        ESTIMATE_NOUNS.iter().any(|w| starts_with_ci(after, w)).then_some(i)
    })
}

/// Quotation marks open at a point of the text, counted from the start of its paragraph; advanced
/// left to right so that a document is scanned once, not once per question.
#[derive(Clone)]
struct Quotes<'a> {
    text: &'a str,
    pos: usize,
    depth: i32,
    straight: i32,
}

impl<'a> Quotes<'a> {
    fn new(text: &'a str) -> Quotes<'a> {
        Quotes { text, pos: 0, depth: 0, straight: 0 }
    }

    /// Moves to `to` (at or after the current point) and tells whether a quotation is open there.
    fn open_at(&mut self, to: usize) -> bool {
        let (text, bytes) = (self.text, self.text.as_bytes());
        let mut i = self.pos;
        // only line ends, straight quotes and the lead byte of curly quotes matter: jump between them
        while let Some(off) = if i < to { memchr::memchr3(b'\n', b'"', 0xE2, &bytes[i..to]) } else { None } {
            i += off;
            match bytes[i] {
                b'\n' => {
                    self.depth = 0;
                    self.straight = 0;
                }
                b'"' => self.straight += 1,
                // “ ” ‘ ’ are E2 80 9C, 9D, 98, 99
                _ if bytes.get(i + 1) == Some(&0x80) && i + 2 < to => {
                    let prev = || text[..i].chars().next_back().unwrap_or(' ');
                    let next = || text[i + 3..].chars().next().unwrap_or(' ');
                    match bytes[i + 2] {
                        0x9C => self.depth += 1,
                        0x9D => self.depth -= 1,
                        0x98 if !prev().is_alphanumeric() => self.depth += 1,
                        0x99 if !next().is_alphanumeric() && prev() != ' ' => self.depth -= 1,
                        _ => {}
                    }
                    i += 2;
                }
                _ => {}
            }
            i += 1;
        }
        self.pos = to.max(self.pos);
        self.depth > 0 || self.straight % 2 == 1
    }
}

/// Whether a surface writes an actor's full name, in any case and with or without diacritics
/// ("HEIKO MAAS", "Yasar Guler" for "Yaşar Güler").
fn same_name(surface: &str, name: &str) -> bool {
    surface.eq_ignore_ascii_case(name) || deunicode::deunicode(surface).eq_ignore_ascii_case(&deunicode::deunicode(name))
}

