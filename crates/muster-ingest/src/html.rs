//! HTML pages: the article body (rs-trafilatura), figure captions kept once, and metadata from meta
//! tags, JSON-LD, `<time>` and the canonical link.

use chrono::NaiveDate;
use scraper::{Html, Selector};

/// What an HTML page yields.
#[derive(Debug, Default)]
pub struct Page {
    pub text: String,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
}

/// Extracts the article text and metadata of a page.
pub fn extract(html: &str) -> Page {
    // one parse for the metadata and the captions (the article extractor parses on its own)
    let doc = Html::parse_document(html);
    let meta = metadata(&doc);
    let opts = rs_trafilatura::Options { include_tables: false, page_type: Some(rs_trafilatura::page_type::PageType::Article), ..Default::default() };
    let mut text = match rs_trafilatura::extract_with_options(html, &opts) {
        Ok(r) => r.content_text,
        Err(_) => String::new(),
    };
    if text.trim().is_empty() {
        text = fallback_text(html);
    }
    // figure captions carry the imagery facts; article extractors often drop them: keep each once
    let body_key = loose(&text);
    let mut added: Vec<String> = Vec::new();
    for c in captions(&doc) {
        let k = loose(&c);
        if k.len() > 20 && !body_key.contains(&k) && !added.iter().any(|a| a.contains(&k) || k.contains(a.as_str())) {
            text.push_str("\n\n");
            text.push_str(&c);
            added.push(k);
        }
    }
    Page { text, ..meta }
}

fn loose(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(|c| c.to_lowercase()).collect()
}

/// Words that make a caption worth keeping: it reports forces, imagery or a military place.
const CAPTION_SIGNALS: &[&str] = &[
    "satellite", "imagery", "troops", "soldiers", "servicemen", "forces", "military", "army", "tank", "tanks",
    "vehicles", "armoured", "armored", "drill", "drills", "exercise", "exercises", "missile", "missiles", "launcher",
    "launchers", "airfield", "airbase", "base", "border", "camp", "deployment", "navy", "naval", "warship", "warships",
    "aircraft", "jet", "jets", "helicopter", "helicopters", "artillery", "howitzer", "howitzers", "convoy", "train",
    "training", "ground", "range", "brigade", "division", "battalion", "paratroopers", "marines",
];

/// The captions of a page's figures that report military facts.
fn captions(doc: &Html) -> Vec<String> {
    doc.select(&sel("figcaption"))
        .map(|e| e.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| t.split_whitespace().count() >= 6)
        .filter(|t| t.split(|c: char| !c.is_alphanumeric()).any(|w| CAPTION_SIGNALS.contains(&w.to_ascii_lowercase().as_str())))
        .collect()
}

/// A date written for readers in a page's date or byline element ("Tuesday 16 November 2021").
fn visible_date(doc: &Html) -> Option<NaiveDate> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let s = sel("[class*=date], [class*=dateline], [class*=published], [class*=byline], [class*=timestamp], time");
    for e in doc.select(&s) {
        let t: String = e.text().collect::<Vec<_>>().join(" ");
        if t.len() > 120 {
            continue;
        }
        let words: Vec<String> = t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_ascii_lowercase()).collect();
        let month = words.iter().position(|w| w.len() >= 3 && MONTHS.iter().any(|m| w.starts_with(m)));
        let year = words.iter().find_map(|w| w.parse::<i32>().ok().filter(|y| (1990..2100).contains(y)));
        if let (Some(mi), Some(y)) = (month, year) {
            let m = MONTHS.iter().position(|m| words[mi].starts_with(m)).unwrap() as u32 + 1;
            // the day is the number next to the month
            let day = [mi.wrapping_sub(1), mi + 1]
                .iter()
                .filter_map(|&i| words.get(i))
                .find_map(|w| w.trim_end_matches(|c: char| c.is_alphabetic()).parse::<u32>().ok().filter(|d| (1..=31).contains(d)));
            if let Some(d) = day {
                if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                    return Some(date);
                }
            }
        }
    }
    None
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

fn date_prefix(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let d = s.get(..10)?;
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

/// Page metadata by the usual conventions, most specific first.
fn metadata(doc: &Html) -> Page {
    let meta = |names: &[&str]| -> Option<String> {
        for n in names {
            let s = sel(&format!("meta[property=\"{n}\"], meta[name=\"{n}\"], meta[itemprop=\"{n}\"]"));
            if let Some(v) = doc.select(&s).find_map(|e| e.value().attr("content")).map(str::trim).filter(|v| !v.is_empty()) {
                return Some(v.to_string());
            }
        }
        None
    };
    let mut page = Page {
        title: meta(&["og:title", "twitter:title"]).or_else(|| {
            doc.select(&sel("title")).next().map(|t| t.text().collect::<String>().trim().to_string()).filter(|t| !t.is_empty())
        }),
        outlet: meta(&["og:site_name", "application-name", "publisher"]),
        url: doc.select(&sel("link[rel=\"canonical\"]")).find_map(|e| e.value().attr("href")).map(str::to_string).or_else(|| meta(&["og:url"])),
        language: doc.select(&sel("html")).next().and_then(|e| e.value().attr("lang")).map(|l| l.split('-').next().unwrap_or(l).to_lowercase()),
        published: meta(&["article:published_time", "datePublished", "pubdate", "publishdate", "date", "dc.date", "DC.date.issued", "sailthru.date", "parsely-pub-date"]).and_then(|d| date_prefix(&d)),
        ..Default::default()
    };
    if page.published.is_none() {
        // JSON-LD datePublished
        for s in doc.select(&sel("script[type=\"application/ld+json\"]")) {
            let body: String = s.text().collect();
            if let Some(d) = json_ld_date(&body) {
                page.published = Some(d);
                break;
            }
        }
    }
    if page.published.is_none() {
        page.published = doc.select(&sel("time[datetime]")).find_map(|t| t.value().attr("datetime")).and_then(date_prefix);
    }
    if page.published.is_none() {
        page.published = visible_date(doc);
    }
    if page.outlet.is_none() {
        page.outlet = page.url.as_deref().and_then(host);
    }
    page
}

fn json_ld_date(body: &str) -> Option<NaiveDate> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    fn walk(v: &serde_json::Value) -> Option<NaiveDate> {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::String(s)) = m.get("datePublished") {
                    return date_prefix(s);
                }
                m.values().find_map(walk)
            }
            serde_json::Value::Array(a) => a.iter().find_map(walk),
            _ => None,
        }
    }
    walk(&v)
}

/// The host of a URL without "www.".
pub fn host(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let h = rest.split(['/', '?', '#', ':']).next()?;
    (!h.is_empty()).then(|| h.trim_start_matches("www.").to_string())
}

/// When the article extractor finds nothing: the text of paragraphs and headings.
fn fallback_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = Vec::new();
    for e in doc.select(&sel("h1, h2, h3, p, li, figcaption, blockquote")) {
        let t: String = e.text().collect::<Vec<_>>().join(" ");
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            out.push(t);
        }
    }
    out.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visible_dateline_and_captions_once() {
        let html = r#"<html><head><title>T</title></head><body><article><h1>Camp grows</h1>
            <p class="article-date">Tuesday 16 November 2021</p>
            <p>Satellite pictures show the tent camp has doubled in size since October, an imagery analyst said on Monday.</p>
            <p>The camp lies in a forest clearing west of the town and is reached by a single road from the railhead.</p>
            <figure><img src="a.jpg"><figcaption>Tents and armoured vehicles at the camp near Yelnya on Nov. 9, 2021 (Maxar Technologies)</figcaption></figure>
            <p class="caption">Tents and armoured vehicles at the camp near Yelnya on Nov. 9, 2021 (Maxar Technologies)</p>
            </article></body></html>"#;
        let page = extract(html);
        assert_eq!(page.published, NaiveDate::from_ymd_opt(2021, 11, 16));
        assert_eq!(page.text.matches("Tents and armoured vehicles at the camp near Yelnya").count(), 1, "{}", page.text);
    }

    #[test]
    fn metadata_from_meta_tags_and_json_ld() {
        let html = r#"<html lang="en-GB"><head><title>T</title>
            <meta property="og:site_name" content="Harbour Times">
            <link rel="canonical" href="https://www.harbourtimes.example/a/1">
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2022-02-12T08:00:00Z"}</script>
            </head><body><p>x</p></body></html>"#;
        let m = metadata(&Html::parse_document(html));
        assert_eq!(m.outlet.as_deref(), Some("Harbour Times"));
        assert_eq!(m.published, NaiveDate::from_ymd_opt(2022, 2, 12));
        assert_eq!(m.url.as_deref(), Some("https://www.harbourtimes.example/a/1"));
        assert_eq!(m.language.as_deref(), Some("en"));
    }
}
