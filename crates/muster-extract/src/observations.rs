//! Observations: per sentence (captions included), a place plus forces (equipment, units, troops)
//! plus an activity, with side, date, source kind and who reports it. Places that are only reference
//! points ("near Ukraine"), venues of talk ("a press conference in Fiji") or the speaker's metonym
//! ("Washington warned") are not observations; origins and destinations are kept apart by `role`.

use crate::matcher::{Cue, Meaning};
use crate::Ctx;
use muster_model::{Actor, DatePrecision, Extraction, Observation, PlaceKind, PlaceRole, Span};

/// The equipment and unit mentions (start, end, id, whether equipment) inside a sentence, from the
/// mentions sorted by start.
fn kit_in<'k>(kit: &'k [(usize, usize, &'k str, bool)], s: Span) -> impl Iterator<Item = (usize, usize, &'k str, bool)> + 'k {
    let lo = kit.partition_point(|k| k.0 < s.start);
    kit[lo..].iter().take_while(move |k| k.0 < s.end).copied()
}

const ACTIVITY_ORDER: &[&str] = &["withdrawing", "firing", "exercise", "construction", "arrived", "moving", "present"];

/// Whether a place names where a person or body is from ("a Brussels-based official", "the
/// Vienna-headquartered OSCE"): not where forces are.
fn describes_an_actor(text: &str, p: &Span) -> bool {
    let after = text[p.end..].as_bytes();
    after.first() == Some(&b'-') && muster_geo::locating_suffix(&after[1..])
}

pub fn find(ctx: &Ctx, ex: &Extraction, place_mentions: &[(Span, usize)], claimants: &[Option<Actor>]) -> Vec<Observation> {
    let text = ctx.text;
    let coi = &ctx.kb.theatre.country_of_interest;
    let mut out: Vec<Observation> = Vec::new();
    let mut seen: rustc_hash::FxHashSet<(&str, &str)> = Default::default();
    // mentions of equipment and units in text order, to find a sentence's by binary search
    let mut kit: Vec<(usize, usize, &str, bool)> = Vec::new();
    for e in &ex.equipment {
        kit.extend(e.mentions.iter().map(|m| (m.start, m.end, e.id.as_str(), true)));
    }
    for u in &ex.units {
        kit.extend(u.mentions.iter().map(|m| (m.start, m.end, u.id.as_str(), false)));
    }
    kit.sort();
    let sections = section_places(ctx, place_mentions);
    for (si, s) in ctx.sentences.iter().enumerate() {
        let lo = place_mentions.partition_point(|(p, _)| p.start < s.start);
        let hi = place_mentions.partition_point(|(p, _)| p.start < s.end);
        // (the dateline names where the story is filed, not where forces are)
        // (nor a place inside a speaker's name, "a defence official in Washington", or a formation's,
        // "rocket launchers of the Xinjiang Military District": where the speaker sits or the
        // formation is named after, not where the forces are seen)
        let inside_a_name = |p: &Span| {
            ctx.actors_in(*s).iter().any(|a| a.span.start <= p.start && p.end <= a.span.end && a.span != *p)
                || kit_in(&kit, *s).any(|(start, end, _, equipment)| !equipment && start <= p.start && p.end <= end && (start, end) != (p.start, p.end))
        };
        let mut places: Vec<&(Span, usize)> = place_mentions[lo..hi]
            .iter()
            .filter(|(p, _)| s.contains(*p) && !muster_geo::in_dateline(text, p.start, p.end) && !inside_a_name(p) && !describes_an_actor(text, p))
            .collect();
        // a sentence that names no place but refers back to one ("have stayed on the peninsula since
        // April" after "Then there is Crimea."): the last place of the two sentences before
        let referred;
        if places.is_empty() {
            // (a place of the story's theatre: "the peninsula" is no town named in passing abroad)
            // (or, in a digest whose sections are headed by places, "2. KLINTSY (Bryansk oblast)",
            // the heading's place: the section's sentences speak of it)
            let in_theatre = |&(_, i): &(Span, usize)| ex.places[i].country.as_ref().is_some_and(|c| ctx.story_theatre.contains(c));
            let section = sections[si].map(|i| (Span::new(s.start, s.start), i));
            let Some(r) = referred_place(text, ctx, ex, si, place_mentions, false).or(section).filter(in_theatre) else { continue };
            referred = r;
            places.push(&referred);
        } else if let Some(r) = referred_place(text, ctx, ex, si, place_mentions, true).filter(|(_, i)| !places.iter().any(|(_, j)| j == i)) {
            // a site referred back to by its kind is one more place of the sentence ("a man from Kerch
            // told us naval infantry had been moving to the range")
            referred = r;
            places.push(&referred);
        }
        let hits = ctx.hits_in(*s);
        let klo = kit.partition_point(|k| k.0 < s.start);
        let khi = kit.partition_point(|k| k.0 < s.end);
        let mut equipment: Vec<String> = Vec::new();
        let mut units: Vec<String> = Vec::new();
        for &(_, end, id, is_equipment) in &kit[klo..khi] {
            let list = if is_equipment { &mut equipment } else { &mut units };
            if end <= s.end && !list.iter().any(|x| x == id) {
                list.push(id.to_string());
            }
        }
        let forces = hits.iter().any(|(_, m)| m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Force))));
        // building at a military site is an observation without forces named ("new shelters at the
        // Sohae launch site")
        let site_works = places.iter().any(|&&(_, p)| ex.places[p].kind == PlaceKind::MilitarySite)
            && hits.iter().any(|(_, m)| m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Activity(a)) if a == "construction")));
        if equipment.is_empty() && units.is_empty() && !forces && !site_works {
            continue;
        }
        // activity words inside an idiom ("playing with fire", "pictured left") report nothing
        let idioms: Vec<Span> =
            hits.iter().filter(|(_, m)| m.iter().any(|m| matches!(m, Meaning::Cue(Cue::NotActivity)))).map(|(h, _)| *h).collect();
        // the clauses of the sentence that name the forces ("..., and the destroyer sailed through
        // the strait"): their activity words first, then the sentence's
        let force_at: Vec<usize> = kit[klo..khi].iter().map(|k| k.0).chain(
            // (force words that name an activity, "drills", do not mark the forces' clause)
            hits.iter()
                .filter(|(_, m)| {
                    m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Force))) && !m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Activity(_))))
                })
                .map(|(h, _)| h.start),
        ).collect();
        let clauses = clauses(text, *s);
        let in_force_clause = |h: &Span| {
            clauses.iter().any(|c| c.contains(*h) && force_at.iter().any(|&f| c.start <= f && f < c.end))
        };
        // the first activity, in ACTIVITY_ORDER, whose word stands where `keep` says: not inside an
        // idiom, nor inside a place's name ("Pogonovo training ground")
        let activity_where = |keep: &dyn Fn(&Span) -> bool| {
            ACTIVITY_ORDER.iter().copied().find(|a| {
                hits.iter().any(|(h, m)| {
                    !idioms.iter().any(|i| i.contains(*h))
                        && !places.iter().any(|(p, _)| p.contains(*h))
                        && keep(h)
                        && m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Activity(x)) if x == a))
                })
            })
        };
        // a formation placed by its name's own words ("the 200th Motor Rifle Brigade at Pechenga, ...,
        // was badly depleted") is there, whatever else the sentence says of it
        // (and equipment or a formation that "is" or "remains" at a place: "landing ships at
        // Sevastopol", "the corps is at Sevastopol")
        // (force words too: "more artillery and troops at Novoozerne")
        let placed_formation = || {
            hits.iter().filter(|(_, m)| m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Force)))).any(|(h, _)| {
                places.iter().any(|&&(p, _)| p.start > h.end && matches!(&text[h.end..p.start], " at " | " in " | " near "))
            }) || kit[klo..khi].iter().any(|&(_, end, _, is_equipment)| {
                places.iter().any(|&&(p, _)| {
                    p.start > end && {
                        let between = &text[end..p.start];
                        let located = matches!(between, " at " | " in " | " near " | ", based in " | ", based at " | " based in " | " based at ");
                        let being = [" is ", " are ", " was ", " were ", " remain ", " remains ", " remained ", " stay ", " stays ", " stayed "]
                            .iter()
                            .any(|v| between.strip_prefix(v).is_some_and(|r| matches!(r, "at " | "in " | "near " | "at the " | "in the " | "near the " | "still in " | "still at " | "now in " | "now at ")));
                        (located && (!is_equipment || between != " in ")) || being
                    }
                })
            })
        };
        // forces in a clause whose place a locative preposition introduces are there, though no verb
        // says what they do ("the main groupings are around Bryansk", "Around Kursk you have elements
        // of the 1st Guards Tank Army")
        // (after "in" only for equipment or formations named in the clause: "TOS-1A launchers on
        // flatcars at a siding in Kursk"; a force word "in" a place is too often something else)
        let located_in_clause = || {
            places.iter().any(|&&(p, _)| {
                let prep = preposition_before(text, s.start, p.start);
                clauses.iter().any(|c| {
                    c.contains(p)
                        && match prep {
                            Some("at" | "around" | "near" | "inside" | "within") => force_at.iter().any(|&f| c.start <= f && f < c.end),
                            Some("in") => kit[klo..khi].iter().any(|k| c.start <= k.0 && k.1 <= p.start),
                            _ => false,
                        }
                })
            })
        };
        let activity = activity_where(&in_force_clause)
            .or_else(|| activity_where(&|_| true))
            .or_else(|| (placed_formation() || located_in_clause()).then_some("present"));
        // the most telling kind the sentence names ("images" from "Planet Labs" are satellite imagery)
        const SOURCE_ORDER: &[&str] = &["satellite_imagery", "flight_tracking", "social_media", "intelligence", "official_statement", "media"];
        let source_kind = hits
            .iter()
            .flat_map(|(_, m)| m.iter())
            .filter_map(|m| if let Meaning::Cue(Cue::SourceKind(k)) = m { Some(k.as_str()) } else { None })
            .min_by_key(|k| SOURCE_ORDER.iter().position(|o| o == k).unwrap_or(SOURCE_ORDER.len()))
            .map(str::to_string);
        let Some(activity) = activity.or(source_kind.as_deref().filter(|k| *k == "satellite_imagery").map(|_| "present")) else {
            continue;
        };
        let attributed = ctx
            .actors_in(*s)
            .iter()
            .find(|a| {
                matches!(a.actor.role.as_str(), "company" | "analyst" | "media" | "intelligence")
                    && !listener(text, s.start, a.span.start)
                    && !dateline_agency(text, a.span)
            })
            .map(|a| a.actor.name.clone())
            .or_else(|| claimants[si].as_ref().map(|c| c.name.clone()));
        let date = ctx.sentence_date(si);
        // the side the words give, else the country of the sentence's formations when they share one
        // ("elements of the 29th and 35th Combined Arms Armies have arrived")
        let side = force_side(ctx, *s).or_else(|| {
            let mut countries = ex.units.iter().filter(|u| units.contains(&u.id)).map(|u| u.country.as_deref());
            let first = countries.next().flatten()?;
            countries.all(|c| c == Some(first)).then(|| first.to_string())
        });
        for (pk, &&(pspan, pidx)) in places.iter().enumerate() {
            let place = &ex.places[pidx];
            let prep = preposition_before(text, s.start, pspan.start);
            // a capital standing for its government ("Washington warned", "Moscow would face") is
            // where forces are only after a locative preposition ("troops in Moscow")
            // (nor after "between": "split between Niamey and Agadez"; nor inside a facility's name:
            // "Camp Doha", "Niamey airport")
            let between = text[s.start..pspan.start].trim_end().rsplit(' ').next().is_some_and(|w| w.eq_ignore_ascii_case("between"));
            if prep.is_none() && !between && !crate::in_facility_name(text, pspan) {
                let metonym = ctx.actors_in(*s).iter().any(|a| a.metonym && a.span.start <= pspan.start && pspan.end <= a.span.end)
                    || hits.iter().any(|(h, m)| h.start <= pspan.start && pspan.end <= h.end && m.iter().any(|m| matches!(m, Meaning::Metonym(_))));
                if metonym {
                    continue; // "called on Moscow to pull back its troops"
                }
            }
            // a country or region that only qualifies a more precise place in the sentence
            // ("Maslovka railway yard in Russia", "Novoozerne, in Crimea")
            if matches!(place.kind, PlaceKind::Country | PlaceKind::AdminRegion | PlaceKind::Other) {
                let qualifies = places.iter().any(|&&(ospan, other)| {
                    let o = &ex.places[other];
                    // (a named area of no set size, an island or a valley, qualifies only the place it is
                    // said to hold: "Novoozerne, in Crimea", not "at Bandar Abbas and on the islands of
                    // Abu Musa")
                    let said_to_hold = place.kind != PlaceKind::Other || ospan.end <= pspan.start && holds(&text[ospan.end..pspan.start]);
                    other != pidx
                        && !matches!(o.kind, PlaceKind::Country | PlaceKind::WaterBody)
                        && precision(o.kind) > precision(place.kind)
                        && said_to_hold
                        && (place.kind == PlaceKind::Country && o.country == place.country
                            || place.kind != PlaceKind::Country && muster_geo::haversine_km(o.lat, o.lon, place.lat, place.lon) < 250.0)
                });
                if qualifies {
                    continue;
                }
            }
            // a place that says where the place before it lies ("the Amur region of Russia's Far East")
            // (across the owner's name: "the Amur region of Russia's Far East")
            let before_owner = |k: usize| {
                let gap = &text[places[k].0.end.min(pspan.start)..pspan.start];
                if k > 0 && matches!(gap, "'s " | "’s ") { k - 1 } else { k }
            };
            if pk > 0 && {
                let prev = places[before_owner(pk - 1)].0;
                prev.end <= pspan.start && of_the_place_before(&text[prev.end..pspan.start])
            } {
                continue;
            }
            // inside a person's or institution's name ("Kyiv Mayor", "Kiev regime")
            if ctx.actors_in(*s).iter().any(|a| !a.metonym && a.span.contains(pspan)) {
                continue;
            }
            let before = cue_before(ctx, *s, pspan);
            if before.contains(&Cue::Venue) || statement_venue(ctx, *s, pspan) {
                continue;
            }
            // "the Pogonovo training ground south of Voronezh", "an airfield near Gomel", "Naro-Fominsk
            // outside Moscow": a place that locates an earlier, more precise one is a reference point
            let lead = tail(text, s.start, pspan.start, 120).trim_end().to_ascii_lowercase();
            let locating = lead.ends_with(" near") || lead.ends_with(" outside") || lead.ends_with(" of") && {
                let w: Vec<&str> = lead.split_whitespace().rev().take(3).collect();
                w.iter().any(|x| matches!(*x, "north" | "south" | "east" | "west" | "north-east" | "north-west" | "south-east" | "south-west" | "northeast" | "northwest" | "southeast" | "southwest" | "outside"))
            };
            if locating
                && places.iter().any(|&&(other_span, other)| {
                    // "at the X range and at airfields near Y": a new phrase, not X located by Y
                    let gap = &text[other_span.end.min(pspan.start)..pspan.start];
                    // (nor "at its garrison near X, with forward detachments near Y": forces of their own)
                    let own_forces = hits.iter().any(|(h, m)| h.start >= other_span.end && h.end <= pspan.start && m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Force))));
                    other_span.end <= pspan.start && other != pidx && pspan.start - other_span.end <= 60 && !gap.contains(" and ") && !gap.contains(';') && !own_forces && {
                        let o = &ex.places[other];
                        // (the place located is no larger: "in Gomel Oblast, at a siding outside Rechitsa")
                        !matches!(o.kind, PlaceKind::Country | PlaceKind::WaterBody | PlaceKind::Other)
                            && precision(o.kind) >= precision(place.kind)
                            && muster_geo::haversine_km(o.lat, o.lon, place.lat, place.lon) < 150.0
                    }
                })
            {
                continue;
            }
            // a town outside the story's theatre is a force location only when the sentence names
            // equipment or units there, not for a minister's words spoken in it
            if place.kind == PlaceKind::PopulatedPlace
                && place.country.as_ref().is_some_and(|c| !ctx.story_theatre.contains(c))
                && equipment.is_empty()
                && units.is_empty()
            {
                continue;
            }
            let after = head(text, pspan.end, s.end, 40).trim_start().to_ascii_lowercase();
            if place.kind == PlaceKind::Country {
                // a country is where forces are only after a locative preposition ("in Belarus",
                // "over the Black Sea", "to Poland"); "massing near Ukraine" makes it a reference point
                if prep.is_none() {
                    continue;
                }
                // what the country is the object of: an invasion only threatened ("an incursion into
                // Ukraine", "plans to invade Taiwan") or a dispute ("tensions over Ukraine") places no forces
                let lead = tail(text, s.start, pspan.start, 48).to_ascii_lowercase();
                let lead_words: Vec<&str> = lead.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).rev().take(3).collect();
                let threatened = lead_words.iter().any(|w| matches!(*w, "invade" | "invading" | "invasion" | "incursion" | "attack" | "attacking" | "offensive"));
                let disputed = lead_words.first() == Some(&"over")
                    && lead_words.get(1).is_some_and(|w| matches!(*w, "tensions" | "tension" | "crisis" | "standoff" | "talks" | "dispute" | "concerns" | "fears" | "row" | "conflict" | "worries" | "sanctions" | "war"));
                if threatened || disputed {
                    continue;
                }
                if before.contains(&Cue::Reference) || after.starts_with("border") || after.starts_with("'s border") || after.starts_with("’s border") {
                    continue;
                }
                if place.country.as_deref() == Some(coi.as_str()) && side.as_deref().is_some_and(|sd| ctx.kb.theatre.adversaries.iter().any(|a| a == sd)) && !before.contains(&Cue::Destination) {
                    continue; // adversary forces are not placed inside the defended country by its name alone
                }
                // a country as the subject acting ("Poland has sent", "Poland's defence minister")
                if after.starts_with("'s") || after.starts_with("’s") || starts_with_verb(&after) {
                    continue;
                }
            }
            let role = if before.contains(&Cue::Origin) {
                PlaceRole::Origin
            } else if before.contains(&Cue::Destination) && activity != "present" {
                PlaceRole::Destination
            } else {
                PlaceRole::Location
            };
            // where forces are, the activity words since the place before say what they do there
            // ("had left their base in Naro-Fominsk and were deployed at Pogonovo": deployed there)
            let from = if pk == 0 { s.start } else { places[pk - 1].0.end };
            let local = (role == PlaceRole::Location).then(|| activity_where(&|h| from <= h.start && h.end <= pspan.start)).flatten();
            let activity = local.unwrap_or(activity);
            let obs = Observation {
                place: place.id.clone(),
                role,
                activity: activity.to_string(),
                side: side.clone(),
                equipment: equipment.clone(),
                units: units.clone(),
                date: date.map(|d| d.0),
                date_precision: date.map(|d| d.1).unwrap_or(DatePrecision::Unknown),
                source_kind: source_kind.clone(),
                attributed_to: attributed.clone(),
                quote: s.slice(text).to_string(),
                sentence: *s,
            };
            // captions are printed twice: keep one observation per place and sentence text
            if seen.insert((place.id.as_str(), s.slice(text))) {
                out.push(obs);
            }
        }
    }
    out
}

/// Whether the words between a place and an area after it put the place in the area (",", "in",
/// ", in northern", "on the", "of").
fn holds(gap: &str) -> bool {
    let gap = gap.trim().trim_start_matches(',').trim_start().to_ascii_lowercase();
    let mut words: Vec<&str> = gap.split_whitespace().collect();
    if words.last().is_some_and(|w| w.ends_with("ern") || matches!(*w, "the" | "central" | "occupied" | "annexed")) {
        words.pop();
    }
    if words.last() == Some(&"the") {
        words.pop();
    }
    matches!(words[..], [] | ["in"] | ["on"] | ["of"] | ["near"] | ["inside"] | ["within"])
}

/// Whether the words between two places make the second say where the first lies: " of ", " region
/// of Russia's ", " oblast of the ".
fn of_the_place_before(gap: &str) -> bool {
    let gap = gap.to_ascii_lowercase();
    let mut words: Vec<&str> = gap.split_whitespace().collect();
    if matches!(words.first(), Some(&("region" | "oblast" | "province" | "district" | "krai" | "area"))) {
        words.remove(0);
    }
    match words[..] {
        ["of"] | ["of", "the"] => true,
        ["of", owner] => owner.ends_with("'s") || owner.ends_with("’s"),
        _ => false,
    }
}

/// The words that refer back to a place named before ("the island" is too often a country, or
/// another island than the last place named).
const PLACE_ANAPHORS: &[&str] = &["the peninsula", "the enclave", "the exclave"];

/// Words that refer back to a military site of a kind ("the range" after "the Opuk range"), with the
/// site kinds they may mean; `None` for any site.
const SITE_ANAPHORS: &[(&str, Option<&[&str]>)] = &[
    ("the range", Some(&["training_ground"])),
    ("the training ground", Some(&["training_ground"])),
    ("the training area", Some(&["training_ground"])),
    ("the polygon", Some(&["training_ground"])),
    ("the airfield", Some(&["airfield"])),
    ("the air base", Some(&["airfield"])),
    ("the airbase", Some(&["airfield"])),
    ("the airstrip", Some(&["airfield"])),
    ("the naval base", Some(&["port", "base"])),
    ("the port", Some(&["port"])),
    ("the harbour", Some(&["port"])),
    ("the harbor", Some(&["port"])),
    ("the camp", Some(&["camp", "base", "garrison", "training_ground"])),
    ("the base", None),
    ("the garrison", Some(&["garrison", "base"])),
];

/// The place a sentence refers back to with [`PLACE_ANAPHORS`] (the place named last in the two
/// sentences before) or [`SITE_ANAPHORS`] (the site of that kind named last there; only these with
/// `sites_only`), as (the anaphor's span, the place).
fn referred_place(text: &str, ctx: &Ctx, ex: &Extraction, si: usize, place_mentions: &[(Span, usize)], sites_only: bool) -> Option<(Span, usize)> {
    static ANAPHORS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    let s = ctx.sentences[si];
    let anaphors = ANAPHORS.get_or_init(|| {
        let words = PLACE_ANAPHORS.iter().copied().chain(SITE_ANAPHORS.iter().map(|(w, _)| *w));
        aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build(words).expect("the anaphors build an automaton")
    });
    let from = ctx.sentences[si.saturating_sub(2)].start;
    let k = place_mentions.partition_point(|(p, _)| p.start < s.start);
    let before = &place_mentions[..k];
    // (the first of the lists that the sentence holds, as the lists rank them; whole words only)
    let body = s.slice(text);
    let mut found: Vec<aho_corasick::Match> = anaphors
        .find_overlapping_iter(body)
        .filter(|m| !body[m.end()..].starts_with(|c: char| c.is_alphanumeric()) && !body[..m.start()].ends_with(|c: char| c.is_alphanumeric()))
        .collect();
    found.sort_by_key(|m| (m.pattern().as_usize(), m.start()));
    for m in found {
        let pi = m.pattern().as_usize();
        if sites_only && pi < PLACE_ANAPHORS.len() {
            continue;
        }
        let span = Span::new(s.start + m.start(), s.start + m.end());
        let referent = if pi < PLACE_ANAPHORS.len() {
            before.last().filter(|(p, _)| p.start >= from)
        } else {
            let kinds = SITE_ANAPHORS[pi - PLACE_ANAPHORS.len()].1;
            before.iter().rev().take_while(|(p, _)| p.start >= from).find(|(_, i)| {
                let place = &ex.places[*i];
                place.kind == PlaceKind::MilitarySite && kinds.is_none_or(|ks| place.site_kind.as_deref().is_some_and(|k| ks.contains(&k)))
            })
        };
        if let Some(&(_, idx)) = referent {
            return Some((span, idx));
        }
    }
    None
}

/// Per sentence, the place that heads its section, in a text laid out as sections headed by places
/// (a digest's "1. YELNYA (Smolensk oblast)", "KLINTSY"). A heading is a line of its own, short,
/// numbered or in capitals, with no date in it (a dateline is where the reporter is), that opens
/// with a place; a heading with no place ends the section. At least two headings of that kind make
/// the layout: one capitalised line over an article is its title.
fn section_places(ctx: &Ctx, place_mentions: &[(Span, usize)]) -> Vec<Option<usize>> {
    let text = ctx.text;
    let mut out = vec![None; ctx.sentences.len()];
    // (where the heading line starts, where it ends, the place opening it)
    let mut headings: Vec<(usize, usize, Option<usize>)> = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let line = line.trim();
        if line.len() < 3 || line.len() > 100 {
            continue;
        }
        let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let rest = &line[digits..];
        let numbered = (1..=2).contains(&digits) && (rest.starts_with(". ") || rest.starts_with(") "));
        let body = if numbered { rest[2..].trim_start() } else { line.trim_start_matches('#').trim_start() };
        let letters = body.chars().filter(|c| c.is_alphabetic()).count();
        let capitals = letters >= 4 && body.chars().filter(|c| c.is_uppercase()).count() * 10 >= letters * 8;
        if !(numbered || capitals) || letters == 0 || body.ends_with('.') && !capitals {
            continue;
        }
        let opens_at = body.as_ptr() as usize - text.as_ptr() as usize;
        let end = opens_at + body.len();
        if ctx.dates.iter().any(|d| d.span.start >= start && d.span.end <= end) {
            continue;
        }
        let k = place_mentions.partition_point(|(p, _)| p.start < opens_at);
        let place = place_mentions.get(k).filter(|(p, _)| p.start == opens_at && p.end <= end).map(|&(_, i)| i);
        headings.push((start, end, place));
    }
    if headings.iter().filter(|(_, _, p)| p.is_some()).count() < 2 {
        return out;
    }
    for (h, &(_, end, place)) in headings.iter().enumerate() {
        let next = headings.get(h + 1).map_or(text.len(), |&(start, _, _)| start);
        let lo = ctx.sentences.partition_point(|s| s.start < end);
        let hi = ctx.sentences.partition_point(|s| s.start < next);
        for o in &mut out[lo..hi.max(lo)] {
            *o = place;
        }
    }
    out
}

/// How precisely a kind of place locates forces: a country least, then a region, then a named area
/// ("Galwan Valley"), then a town or a site. Only a more precise place makes a wider one a qualifier.
fn precision(kind: PlaceKind) -> u8 {
    match kind {
        PlaceKind::Country => 0,
        PlaceKind::AdminRegion => 1,
        PlaceKind::Other | PlaceKind::WaterBody => 2,
        _ => 3,
    }
}

/// At most the last `n` bytes of `text[from..to]` (whole characters).
fn tail(text: &str, from: usize, to: usize, n: usize) -> &str {
    let mut start = to.saturating_sub(n).max(from);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..to]
}

/// At most the first `n` bytes of `text[from..to]` (whole characters).
fn head(text: &str, from: usize, to: usize, n: usize) -> &str {
    let mut end = (from + n).min(to);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[from..end]
}

const LOCATIVE: &[&str] = &["in", "into", "to", "over", "across", "throughout", "from", "inside", "within", "at", "through", "towards", "toward", "onto", "out of", "around", "near", "via"];

/// The locative preposition right before a place ("in", "over the", "into southern"), if any.
fn preposition_before(text: &str, sentence_start: usize, place_start: usize) -> Option<&'static str> {
    let before = tail(text, sentence_start, place_start, 120).trim_end().to_ascii_lowercase();
    let mut words: Vec<&str> = before.split_whitespace().rev().take(3).collect();
    // skip an article or a direction word between the preposition and the place
    while let Some(w) = words.first() {
        if matches!(*w, "the" | "northern" | "southern" | "eastern" | "western" | "central" | "neighbouring" | "neighboring" | "occupied" | "annexed") {
            words.remove(0);
        } else {
            break;
        }
    }
    let w = words.first()?;
    LOCATIVE.iter().find(|p| **p == *w).copied()
}

/// Whether the words after a subject make it act on forces ("has sent", "moved", "will deploy"),
/// rather than speak of them ("said", "has warned").
fn acts_on_forces(after: &str) -> bool {
    let mut words = after.split_whitespace();
    let mut w = words.next().unwrap_or("");
    for _ in 0..2 {
        if matches!(w, "has" | "have" | "had" | "is" | "was" | "will" | "would" | "also" | "now" | "already" | "since" | "again" | "quietly" | "reportedly") {
            w = words.next().unwrap_or("");
        }
    }
    // a plan to act on forces is acting on them ("Moscow planned to station a new corps in ...")
    if matches!(w, "planned" | "plans" | "plan" | "planning" | "intends" | "intended" | "wants" | "wanted" | "aims" | "aimed" | "prepares" | "prepared") {
        if words.next() != Some("to") {
            return false;
        }
        w = words.next().unwrap_or("");
    }
    matches!(
        w,
        "station" | "sent" | "sends" | "send" | "deployed" | "deploys" | "deploy" | "moved" | "moves" | "move" | "rushed" | "rushes"
            | "massed" | "amassed" | "stationed" | "reinforced" | "dispatched" | "flown" | "flew" | "shipped" | "positioned"
            | "sending" | "deploying" | "moving" | "massing" | "amassing" | "rushing" | "stationing" | "reinforcing"
            | "fired" | "fires" | "launched" | "launches" | "attacked" | "struck" | "shelled" | "firing" | "launching"
            | "concentrated" | "concentrates" | "concentrating" | "gathered" | "assembled" | "brought" | "transferred"
            | "redeployed" | "kept" | "keeps" | "maintains" | "maintained" | "built"
    )
}

fn starts_with_verb(after: &str) -> bool {
    let w = after.split_whitespace().next().unwrap_or("");
    matches!(w, "has" | "have" | "had" | "is" | "was" | "will" | "would" | "said" | "says" | "announced" | "sent" | "deployed" | "insisted" | "denied" | "warned" | "claimed")
}


/// The cue classes that end within four words before a place.
fn cue_before(ctx: &Ctx, s: Span, p: Span) -> Vec<Cue> {
    let text = ctx.text;
    let window_start = {
        let before = &text[s.start..p.start];
        let mut count = 0;
        let mut start = p.start;
        for (i, ch) in before.char_indices().rev() {
            if ch == ' ' {
                count += 1;
                if count > 5 {
                    break;
                }
            }
            if matches!(ch, ',' | ';' | ':' | '(' | '—' | '–') {
                break;
            }
            start = s.start + i;
        }
        start
    };
    let mut cues = Vec::new();
    let hits = ctx.hits_in(s);
    // a cue word inside an idiom ("were left at") is no cue
    let in_idiom = |h: &Span| hits.iter().any(|(i, m)| i != h && i.contains(*h) && m.iter().any(|m| matches!(m, Meaning::Cue(Cue::NotActivity))));
    for (h, m) in hits {
        if h.start >= window_start && h.end <= p.start && !in_idiom(h) {
            // only cues that sit directly before the place, allowing "the", "its", region words between
            let gap = text[h.end..p.start].trim().to_ascii_lowercase();
            let gap_ok = gap.split_whitespace().all(|w| {
                matches!(w, "the" | "its" | "their" | "his" | "a" | "city" | "town" | "village" | "of" | "area" | "region" | "bases" | "base" | "in" | "at" | "garrison" | "garrisons" | "home" | "permanent" | "positions")
            });
            if !gap_ok {
                continue;
            }
            for mm in m.iter() {
                if let Meaning::Cue(c @ (Cue::Origin | Cue::Destination | Cue::Reference | Cue::Venue)) = mm {
                    cues.push(c.clone());
                }
            }
        }
    }
    cues
}

/// The side of the forces in a sentence: a demonym right before a force word, equipment or unit
/// ("Russian tanks", "US soldiers"), else the country of a named unit.
fn force_side(ctx: &Ctx, s: Span) -> Option<String> {
    let kb = ctx.kb;
    let hits = ctx.hits_in(s);
    // a country that opens the sentence, or a reported clause, acting on forces ("India has sent
    // troops ... after a clash with Chinese soldiers", "Kyiv said Russia had also moved 2,500 troops"):
    // its forces, not those of a demonym elsewhere; a speaking one ("Ukraine says Russian troops ...")
    // decides nothing
    for (h, m) in hits {
        let code = m.iter().find_map(|m| match m {
            Meaning::CountryName(i) | Meaning::Metonym(i) => Some(&kb.countries[*i].code),
            Meaning::Formation(i) => Some(&kb.formations[*i].country),
            Meaning::Actor(i) if matches!(kb.actors[*i].role.as_str(), "military" | "ministry" | "head_of_state") => kb.actors[*i].country.as_ref(),
            _ => None,
        });
        let Some(code) = code else { continue };
        let lead = ctx.text[s.start..h.start].trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '“' | '‘' | '\''));
        let opening = lead.is_empty()
            || lead == "The"
            || ["said", "says", "say", "that", "believes", "believe", "claimed", "claims", "added", "warned", "said the", "says the"]
                .iter()
                .any(|v| crate::ends_with_word(lead, v));
        if opening && acts_on_forces(&head(ctx.text, h.end, s.end, 48).trim_start().to_ascii_lowercase()) {
            return Some(code.clone());
        }
    }
    for (k, (h, m)) in hits.iter().enumerate() {
        // a demonym, or a country's name used as one right before its noun ("US troops")
        let code = m.iter().find_map(|m| match m {
            Meaning::Demonym(i) => Some((kb.countries[*i].code.clone(), false)),
            Meaning::CountryName(i) => Some((kb.countries[*i].code.clone(), true)),
            _ => None,
        });
        let Some((code, as_name)) = code else { continue };
        if as_name && !hits[k + 1..].iter().find(|(h2, _)| h2.start >= h.end).is_some_and(|(h2, m2)| {
            &ctx.text[h.end..h2.start] == " " && m2.iter().any(|m| matches!(m, Meaning::Cue(Cue::Force) | Meaning::Cue(Cue::Counted(_))))
        }) {
            continue;
        }
        // the first force word, equipment or unit within a few words after ("Russian Navy landing ships")
        for (h2, m2) in hits[k + 1..].iter().filter(|(h2, _)| h2.start >= h.end).take(4) {
            let gap = &ctx.text[h.end..h2.start];
            if gap.len() > 30 || gap.contains([',', '.', ';']) {
                break;
            }
            // another country's word comes between, not joined to this one: the forces after it are
            // not this one's ("Belarusian state media said Russian troops ...", but "Russian and
            // Belarusian troops" are both)
            let joined = matches!(gap.trim(), "and" | "," | "or" | "-" | "/");
            // (a phrase that starts with one, "Russian troops", counts too)
            let country_word = |m: &[Meaning]| m.iter().any(|m| matches!(m, Meaning::Demonym(_) | Meaning::CountryName(_)));
            if !joined && hits.iter().any(|(h3, m3)| h3.start == h2.start && country_word(m3)) {
                break;
            }
            if m2.iter().any(|m| matches!(m, Meaning::Cue(Cue::Force) | Meaning::Equipment(_) | Meaning::EquipmentInContext(_) | Meaning::Formation(_) | Meaning::Cue(Cue::Counted(_)))) {
                return Some(code);
            }
        }
    }
    for (_, m) in hits {
        for mm in m.iter() {
            if let Meaning::Formation(i) = mm {
                return Some(kb.formations[*i].country.clone());
            }
        }
    }
    // the country named first as a subject ("Russia has moved ...")
    for (h, m) in hits {
        if let Some(code) = m.iter().find_map(|m| match m {
            Meaning::CountryName(i) | Meaning::Metonym(i) => Some(kb.countries[*i].code.clone()),
            _ => None,
        }) {
            // not a place the sentence measures from ("250 km from Ukraine’s border")
            if crate::after_preposition(&ctx.text[s.start..h.start]) {
                continue;
            }
            // the next word decides (a verb or a possessive): a few bytes suffice
            let after = head(ctx.text, h.end, s.end, 48).trim_start().to_ascii_lowercase();
            if starts_with_verb(&after) || after.starts_with("'s") || after.starts_with("’s") {
                return Some(code);
            }
        }
    }
    None
}

/// Whether a place is where someone spoke or went, not where forces are: a sentence that opens "In
/// Kyiv, officials said ...", or a person's clause "Blinken, who arrives in Kyiv today, ...".
fn statement_venue(ctx: &Ctx, s: Span, p: Span) -> bool {
    let text = ctx.text;
    let raw = &text[s.start..p.start];
    let lead = raw.trim();
    if matches!(lead, "In" | "At" | "From") && text[p.end..s.end].starts_with(',') {
        // a speaker and a speech verb soon after
        let mut end = s.end.min(p.end + 90);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let window = Span::new(p.end, end);
        let hits = ctx.hits_in(s);
        let speech = hits.iter().any(|(h, m)| window.contains(*h) && m.iter().any(|m| matches!(m, Meaning::Cue(Cue::Speech))));
        let speaker = ctx.actors_in(s).iter().any(|a| window.contains(a.span))
            || hits.iter().any(|(h, m)| window.contains(*h) && m.iter().any(|m| matches!(m, Meaning::Cue(Cue::RoleNoun(_)))));
        if speech && speaker {
            return true;
        }
    }
    // "Tsai's meeting with the US House speaker in California": where people met, over the words
    // naming who met
    if raw.ends_with(" in ") {
        let tail = &raw[raw.floor_char_boundary(raw.len().saturating_sub(80))..];
        let clause = &tail[tail.rfind([',', ';']).map_or(0, |i| i + 1)..];
        const MET_WITH: &[&str] = &["meeting with ", "meetings with ", "met with ", "meet with ", "talks with ", "meeting between ", "talks between "];
        if MET_WITH.iter().any(|w| clause.contains(w)) {
            return true;
        }
    }
    // "<person>, who <verb> in <place>": the person's own movements
    let Some(who) = raw.rfind(", who ") else { return false };
    let at = s.start + who;
    !raw[who + 1..].contains([',', ';']) && ctx.actors_in(s).iter().any(|a| a.person && a.span.end == at)
}

/// The clauses of a sentence, cut at ", and", ", but", ", while" and semicolons.
fn clauses(text: &str, s: Span) -> Vec<Span> {
    let body = s.slice(text);
    let bytes = body.as_bytes();
    let cuts = memchr::memchr2_iter(b',', b';', bytes).filter(|&i| {
        let rest = &bytes[i + 1..];
        if bytes[i] == b';' {
            return rest.starts_with(b" ");
        }
        rest.starts_with(b" and ") || rest.starts_with(b" but ") || rest.starts_with(b" while ")
    });
    let mut out = Vec::new();
    let mut from = 0;
    for c in cuts {
        out.push(Span::new(s.start + from, s.start + c));
        from = c + 1;
    }
    out.push(Span::new(s.start + from, s.end));
    out
}

/// Whether an actor is the agency of a wire dateline ("JERUSALEM, Sept 30 (AP) — ..."), which sent the
/// story but is not the source of what it reports.
fn dateline_agency(text: &str, at: Span) -> bool {
    let before = text[..at.start].trim_end();
    let after = text[at.end..].trim_start();
    before.ends_with('(')
        && after.strip_prefix(')').is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.starts_with('-') || rest.starts_with('—') || rest.starts_with('–')
        })
}

/// Whether the actor at `at` is who a source spoke to ("told Reuters", "said in an interview with
/// the BBC"), not the source.
fn listener(text: &str, sentence_start: usize, at: usize) -> bool {
    let before = text[sentence_start..at].trim_end();
    let before = before.strip_suffix(" the").unwrap_or(before);
    ["told", "telling", "interview with", "speaking to", "spoke to", "said to", "talking to"].iter().any(|w| crate::ends_with_word(before, w))
}

