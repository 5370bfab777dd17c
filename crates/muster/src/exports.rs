//! Exports: the picture as JSON and text, observations as GeoJSON, force figures and facts as CSV,
//! the contract lines as JSONL, and a short situation report in Markdown.

use anyhow::Result;
use muster_store::{FactRow, Picture, Query, SqliteStore, Store};
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const ATTRIBUTION: &str = "Places: GeoNames (CC BY 4.0, geonames.org). Borders: Natural Earth (public domain).";

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Facts as CSV with their provenance.
pub fn facts_csv(out: &mut dyn Write, rows: &[FactRow]) -> Result<()> {
    writeln!(out, "kind,date,label,place,lat,lon,side,claimant,claimant_country,value,document,start,end,quote")?;
    for r in rows {
        let cols = [
            r.kind.clone(),
            r.date.clone().or(r.published.clone()).unwrap_or_default(),
            r.label.clone().unwrap_or_default(),
            r.place.clone().unwrap_or_default(),
            r.lat.map(|v| v.to_string()).unwrap_or_default(),
            r.lon.map(|v| v.to_string()).unwrap_or_default(),
            r.side.clone().unwrap_or_default(),
            r.claimant.clone().unwrap_or_default(),
            r.claimant_country.clone().unwrap_or_default(),
            r.value.map(|v| v.to_string()).unwrap_or_default(),
            r.document.clone(),
            r.start.map(|v| v.to_string()).unwrap_or_default(),
            r.end.map(|v| v.to_string()).unwrap_or_default(),
            r.quote.clone().unwrap_or_default(),
        ];
        writeln!(out, "{}", cols.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","))?;
    }
    Ok(())
}

fn thousands(v: f64) -> String {
    let n = v.round() as i64;
    let s = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// The picture as a short text for the terminal; `watched` are the forces whose numbers are tracked.
pub fn picture_text(p: &Picture, watched: &[String]) -> String {
    let mut s = String::new();
    s.push_str("Force locations (most independent sources first)\n");
    for pl in p.places.iter().take(12) {
        s.push_str(&format!(
            "  {:28} {:>6} km from border  {} obs / {} sources  {} .. {}  sides {}\n",
            pl.name,
            pl.border_km.map(|b| format!("{b:.0}")).unwrap_or_else(|| "-".into()),
            pl.observations,
            pl.sources,
            pl.first_seen.clone().unwrap_or_else(|| "?".into()),
            pl.last_seen.clone().unwrap_or_else(|| "?".into()),
            if pl.sides.is_empty() { "?".into() } else { pl.sides.join(",") },
        ));
        let mut kit: Vec<String> = pl.equipment.iter().take(6).cloned().collect();
        kit.extend(pl.units.iter().take(3).cloned());
        if !kit.is_empty() {
            s.push_str(&format!("  {:28} {}\n", "", kit.join(", ")));
        }
    }
    s.push_str("\nLatest troop estimates by claimant\n");
    // per claimant (by country), the largest figure of its latest statement about the watched forces
    let mut latest: Vec<&muster_store::Estimate> = Vec::new();
    let key = |e: &muster_store::Estimate| e.claimant_country.clone().unwrap_or_else(|| e.claimant.clone());
    for e in p.estimates.iter().rev() {
        let watched_side = e.side.as_ref().is_none_or(|s| watched.contains(s));
        if e.counted != "troops" || e.value < 10_000.0 || !watched_side {
            continue;
        }
        match latest.iter_mut().find(|l| key(l) == key(e)) {
            None => latest.push(e),
            Some(l) if l.date == e.date && e.value > l.value => *l = e,
            Some(_) => {}
        }
    }
    latest.sort_by(|a, b| b.date.cmp(&a.date));
    for e in latest.iter().take(8) {
        s.push_str(&format!(
            "  {:10} {:>9} {:9} {} ({})\n",
            e.date.clone().unwrap_or_else(|| "?".into()),
            thousands(e.value),
            e.qualifier.clone().unwrap_or_default(),
            e.claimant,
            e.claimant_country.clone().unwrap_or_else(|| "?".into())
        ));
    }
    if !p.contradictions.is_empty() {
        s.push_str("\nWithdrawal: who says what\n");
        for c in p.contradictions.iter().take(8) {
            let stance = c.label.clone().unwrap_or_default().replace("withdrawal:", "");
            let quote: String = c.quote.clone().unwrap_or_default().chars().take(90).collect();
            s.push_str(&format!("  {:10} {:8} {:24} {}\n", c.date.clone().unwrap_or_default(), stance, c.claimant.clone().unwrap_or_default(), quote));
        }
    }
    if !p.indicators.is_empty() {
        s.push_str("\nWarning indicators\n");
        let mut kinds: Vec<(String, usize, String)> = Vec::new();
        for i in &p.indicators {
            let k = i.label.clone().unwrap_or_default();
            match kinds.iter_mut().find(|(x, _, _)| *x == k) {
                Some(e) => {
                    e.1 += 1;
                    e.2 = i.date.clone().unwrap_or_default();
                }
                None => kinds.push((k, 1, i.date.clone().unwrap_or_default())),
            }
        }
        for (k, n, last) in kinds {
            s.push_str(&format!("  {k:28} {n:3} mentions, latest {last}\n"));
        }
    }
    s
}

/// Writes every export into `dir`; returns the paths written.
pub fn write_all(dir: &Path, store: &SqliteStore, picture: &Picture, x: &muster_extract::Extractor) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let path = dir.join("picture.json");
    std::fs::write(&path, serde_json::to_string_pretty(&json!({"attribution": ATTRIBUTION, "picture": picture}))?)?;
    written.push(path);

    let obs = store.query(&Query { kind: Some("observation".into()), ..Default::default() })?;
    let features: Vec<_> = obs
        .iter()
        .filter(|o| o.lat.is_some())
        .map(|o| {
            json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [o.lon, o.lat]},
                "properties": {
                    "place": o.place, "activity": o.label, "side": o.side, "date": o.date.clone().or(o.published.clone()),
                    "document": o.document, "outlet": o.outlet, "sentence_start": o.start, "sentence_end": o.end,
                    "quote": o.quote, "equipment": o.fact["equipment"], "units": o.fact["units"], "role": o.fact["role"],
                    "source_kind": o.fact["source_kind"], "attributed_to": o.fact["attributed_to"],
                }
            })
        })
        .collect();
    let path = dir.join("observations.geojson");
    std::fs::write(&path, serde_json::to_string_pretty(&json!({"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}))?)?;
    written.push(path);

    let qs = store.query(&Query { kind: Some("quantity".into()), ..Default::default() })?;
    let path = dir.join("quantities.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path)?);
    facts_csv(&mut f, &qs)?;
    f.flush()?;
    written.push(path);

    let all = store.query(&Query::default())?;
    let path = dir.join("facts.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path)?);
    facts_csv(&mut f, &all)?;
    f.flush()?;
    written.push(path);

    let path = dir.join("extract.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path)?);
    let mut pages = muster_store::Pages::new(256);
    while let Some(page) = pages.next(store)? {
        for (_, d) in page {
            let ex = crate::pipeline::extract_guarded(x, &d);
            serde_json::to_writer(&mut f, &crate::contract::record(&d, &ex, false))?;
            f.write_all(b"\n")?;
        }
    }
    f.flush()?;
    written.push(path);

    let path = dir.join("sitrep.md");
    let mut md = String::from("# Situation report (muster demo)\n\n```\n");
    md.push_str(&picture_text(picture, &x.kb.theatre.adversaries));
    md.push_str("```\n\n");
    md.push_str(ATTRIBUTION);
    md.push('\n');
    std::fs::write(&path, md)?;
    written.push(path);
    Ok(written)
}
