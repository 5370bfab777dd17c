//! Claims (who asserts or denies what) and warning indicators.

use crate::matcher::{Cue, Meaning};
use crate::Ctx;
use muster_model::{Actor, Claim, Indicator, Span};

const TOPIC_ORDER: &[&str] = &["genocide_pretext", "withdrawal", "no_threat", "provocation", "invasion_date", "build_up", "invasion_intent"];

/// A named exercise: capitalised words and a year ("Allied Resolve 2022", "Zapad-2021",
/// "Joint Sword-2024A"), or "Exercise" and a name ("Exercise INDUS", "Exercise Trident"), in a sentence
/// that speaks of exercises or drills.
fn named_exercise() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r"(?-u:\b)(?:(?:[A-Z][a-z]+[ -]){1,3}20\d\d[A-Z]?|Exercise [A-Z][A-Za-z]{2,})(?-u:\b)").expect("exercise regex")
    })
}

/// Whether the words just before a sign deny it or only await it ("no", "not", "without", "watch
/// for", "look for"), within its clause.
fn negated_or_awaited(text: &str, s: Span, h: Span) -> bool {
    let mut from = h.start.saturating_sub(50).max(s.start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let lead = text[from..h.start].to_ascii_lowercase();
    let lead = lead.rsplit([';', '.', ':']).next().unwrap_or("");
    let lead = lead.rsplit(" but ").next().unwrap_or("");
    const AWAITED: &[&str] = &["watch for", "watching for", "look for", "looking for", "look out for", "on the lookout for", "signs such as"];
    if AWAITED.iter().any(|w| lead.contains(w)) {
        return true;
    }
    // the last denying word, unless what it denies is a clause of its own ("no indication that the
    // attacks were ...": the attacks happened)
    let words: Vec<&str> = lead.split(|c: char| !c.is_ascii_alphanumeric() && c != '\'').collect();
    let denial = words.iter().rposition(|w| matches!(*w, "no" | "not" | "never" | "without" | "nor") || w.ends_with("n't"));
    denial.is_some_and(|k| !words[k + 1..].iter().any(|w| matches!(*w, "that" | "whether" | "if")))
}

pub fn find(ctx: &Ctx, claimants: &[Option<Actor>]) -> (Vec<Claim>, Vec<Indicator>) {
    let text = ctx.text;
    let kb = ctx.kb;
    let mut claims: Vec<Claim> = Vec::new();
    let mut indicators: Vec<Indicator> = Vec::new();
    // one indicator of a kind and one claim of a topic per sentence (captions printed twice count once)
    let mut seen: rustc_hash::FxHashSet<(String, &str)> = Default::default();
    for (si, s) in ctx.sentences.iter().enumerate() {
        let hits = ctx.hits_in(*s);
        // most sentences carry no indicator, no drill and no claim topic: skip them before allocating
        let has_indicator = hits.iter().any(|(_, m)| m.iter().any(|m| matches!(m, Meaning::Indicator(_))));
        let speaks_of_drills = hits.iter().any(|(_, m)| m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Activity(a)) if a == "exercise")));
        let has_topic = hits.iter().any(|(_, m)| m.iter().any(|m| matches!(m, Meaning::Cue(Cue::ClaimTopic(_)))));
        if !has_indicator && !speaks_of_drills && !has_topic {
            continue;
        }
        let quote = s.slice(text);
        let date = ctx.sentence_date(si).map(|d| d.0).or(ctx.published);
        let lower = std::cell::OnceCell::new();
        let lower = || lower.get_or_init(|| quote.to_lowercase());
        // indicators
        for (h, m) in hits {
            for mm in m.iter() {
                let Meaning::Indicator(i) = mm else { continue };
                if negated_or_awaited(text, *s, *h) {
                    continue; // "we have not observed reserve mobilisation", "we will watch for field hospitals"
                }
                let ind = &kb.indicators[*i];
                if !ind.requires_any.is_empty() && !ind.requires_any.iter().any(|w| contains_word(lower(), &w.to_lowercase())) {
                    continue;
                }
                if ind.excludes_any.iter().any(|w| contains_word(lower(), &w.to_lowercase())) {
                    continue;
                }
                let actor = acting_country(ctx, *s, claimants[si].as_ref());
                // the defended country's own drills are no sign of the build-up against it ("a Ukrainian
                // tank takes part in live-fire drills near Rivne")
                // (unless an adversary is named before the drills: "Ukrainian officials pointed to Russian
                // forces in Belarus, where joint exercises are due to end"; not "... as Russian troops mass")
                if ind.kind == "exercise" && actor.as_deref() == Some(kb.theatre.country_of_interest.as_str()) && !names_an_adversary(ctx, Span::new(s.start, h.start)) {
                    continue;
                }
                let kind = match (&ind.adversary_type, &actor) {
                    (Some(t), Some(a)) if kb.theatre.adversaries.contains(a) => t.clone(),
                    _ => ind.kind.clone(),
                };
                if seen.insert((kind.clone(), quote)) {
                    indicators.push(Indicator { kind, actor, date, quote: quote.to_string(), sentence: *s });
                }
            }
        }
        // a staged attack that would justify one is the false-flag warning, the narrower of the two signs
        // ("a fake attack ... to justify an invasion"); a pretext named as such is both ("to build a
        // pretext for war and ... stage a false flag operation")
        if indicators.iter().any(|i| i.sentence == *s && i.kind == "false_flag_warning") && !contains_word(lower(), "pretext") {
            indicators.retain(|i| !(i.sentence == *s && i.kind == "pretext_narrative"));
        }
        // a named exercise is itself an indicator
        let named = speaks_of_drills && named_exercise().find_iter(quote).any(|m| {
            const NOT_NAMES: &[&str] = &[
                "In", "On", "By", "Since", "Until", "The", "Of", "From", "For", "And", "January", "February", "March", "April",
                "May", "June", "July", "August", "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr",
                "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Spring", "Summer", "Autumn", "Winter", "Fall",
            ];
            m.as_str().split([' ', '-']).filter(|w| !w.is_empty() && !w.starts_with("20")).all(|w| !NOT_NAMES.contains(&w))
        });
        if speaks_of_drills && named && !indicators.iter().any(|i| i.kind == "exercise") {
            let actor = acting_country(ctx, *s, claimants[si].as_ref());
            if seen.insert(("exercise".to_string(), quote)) {
                indicators.push(Indicator { kind: "exercise".into(), actor, date, quote: quote.to_string(), sentence: *s });
            }
        }
        // claims
        let topic = TOPIC_ORDER.iter().find(|t| {
            hits.iter().any(|(_, m)| m.iter().any(|m| matches!(m, Meaning::Cue(Cue::ClaimTopic(x)) if x == *t)))
        });
        let Some(topic) = topic else { continue };
        let claimant = claimants[si].clone().or_else(|| subject_actor(ctx, *s));
        let Some(claimant) = claimant else { continue };
        let denial = hits.iter().any(|(_, m)| m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Denial))));
        let stance = if denial && *topic != "no_threat" { "denies" } else { "asserts" };
        if seen.insert((format!("claim:{topic}"), quote)) {
            claims.push(Claim { claimant: Some(claimant), stance: stance.into(), topic: topic.to_string(), date, quote: quote.to_string(), sentence: *s });
        }
    }
    (claims, indicators)
}

fn contains_word(hay: &str, word: &str) -> bool {
    hay.match_indices(word).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
    })
}

/// A country or institution that is the grammatical subject of a reporting verb ("Russia has denied").
fn subject_actor(ctx: &Ctx, s: Span) -> Option<Actor> {
    let hits = ctx.hits_in(s);
    let speech = hits.iter().find(|(_, m)| m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Speech) | Meaning::Cue(Cue::Denial))))?;
    for (h, m) in hits {
        if h.start >= speech.0.start {
            break;
        }
        if crate::possessive_after(ctx.text, h.end) {
            continue;
        }
        for mm in m.iter() {
            if let Meaning::CountryName(i) | Meaning::Metonym(i) = mm {
                let c = &ctx.kb.countries[*i];
                return Some(Actor { name: h.slice(ctx.text).to_string(), country: Some(c.code.clone()), role: "official".into() });
            }
        }
    }
    None
}

/// Who acts in an indicator sentence: the first country named as actor (not as a place acted upon).
/// Whether a stretch of text names one of the theatre's adversaries, by name, people, capital or actor.
fn names_an_adversary(ctx: &Ctx, s: Span) -> bool {
    let adversaries = &ctx.kb.theatre.adversaries;
    ctx.hits_in(s).iter().flat_map(|(_, m)| m.iter()).any(|m| match m {
        Meaning::CountryName(i) | Meaning::Demonym(i) | Meaning::Metonym(i) => adversaries.contains(&ctx.kb.countries[*i].code),
        Meaning::Actor(i) => ctx.kb.actors[*i].country.as_ref().is_some_and(|c| adversaries.contains(c)),
        _ => false,
    })
}

fn acting_country(ctx: &Ctx, s: Span, claimant: Option<&Actor>) -> Option<String> {
    let text = ctx.text;
    let coi = &ctx.kb.theatre.country_of_interest;
    let mut fallback = None;
    for (h, m) in ctx.hits_in(s) {
        for mm in m.iter() {
            let code = match mm {
                Meaning::CountryName(i) | Meaning::Demonym(i) | Meaning::Metonym(i) => ctx.kb.countries[*i].code.clone(),
                // an imagery company or a newspaper reports the sign; it does not act
                Meaning::Actor(i) if matches!(ctx.kb.actors[*i].role.as_str(), "company" | "media" | "analyst") => continue,
                Meaning::Actor(i) => match &ctx.kb.actors[*i].country {
                    Some(c) => c.clone(),
                    None => continue,
                },
                _ => continue,
            };
            let before = text[s.start..h.start].trim_end().to_ascii_lowercase();
            let object = ["leave", "of", "in", "to", "out of", "from", "into", "on", "against"].iter().any(|w| before.ends_with(&format!(" {w}")));
            if &code == coi && object {
                fallback.get_or_insert(code);
                continue;
            }
            return Some(code);
        }
    }
    claimant.filter(|c| !matches!(c.role.as_str(), "company" | "media" | "analyst")).and_then(|c| c.country.clone()).or(fallback)
}
