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
    let meta = metadata(html);
    let opts = rs_trafilatura::Options { include_tables: false, ..Default::default() };
    let mut text = match rs_trafilatura::extract_with_options(html, &opts) {
        Ok(r) => r.content_text,
        Err(_) => String::new(),
    };
    if text.trim().is_empty() {
        text = fallback_text(html);
    }
    Page { text, ..meta }
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
pub fn metadata(html: &str) -> Page {
    let doc = Html::parse_document(html);
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
    fn metadata_from_meta_tags_and_json_ld() {
        let html = r#"<html lang="en-GB"><head><title>T</title>
            <meta property="og:site_name" content="Harbour Times">
            <link rel="canonical" href="https://www.harbourtimes.example/a/1">
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2022-02-12T08:00:00Z"}</script>
            </head><body><p>x</p></body></html>"#;
        let m = metadata(html);
        assert_eq!(m.outlet.as_deref(), Some("Harbour Times"));
        assert_eq!(m.published, NaiveDate::from_ymd_opt(2022, 2, 12));
        assert_eq!(m.url.as_deref(), Some("https://www.harbourtimes.example/a/1"));
        assert_eq!(m.language.as_deref(), Some("en"));
    }
}
