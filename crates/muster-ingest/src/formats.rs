//! Format detection and readers: plain text, HTML, JSONL, RSS/Atom, WARC, and gzip around any of them.

use crate::clean::clean_text;
use crate::decode::decode;
use crate::html;
use crate::{IngestError, Item, MAX_INPUT_BYTES};
use chrono::NaiveDate;
use muster_model::Document;
use std::io::Read;

/// The kinds of input muster reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Jsonl,
    Feed,
    Warc,
    Gzip,
}

/// Detects the format from the name and the first bytes.
pub fn detect(name: &str, bytes: &[u8]) -> Format {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Format::Gzip;
    }
    let lower = name.to_ascii_lowercase();
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("warc/") {
        return Format::Warc;
    }
    if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        return Format::Jsonl;
    }
    if lower.ends_with(".rss") || lower.ends_with(".atom") || head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf") {
        return Format::Feed;
    }
    if lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".xhtml") || head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<head") || head.contains("<body") {
        return Format::Html;
    }
    if head.starts_with('{') && lower.ends_with(".json") {
        return Format::Jsonl;
    }
    Format::Text
}

/// Reads the documents in one input's bytes; `name` is how documents and errors refer to it.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Vec<Item> {
    let mut items = read_format(name, bytes);
    items.iter_mut().for_each(with_language);
    items
}

/// Sets a document's language where its input did not say it.
pub(crate) fn with_language(item: &mut Item) {
    if let Ok(d) = item {
        if d.language.is_none() {
            d.language = detect_language(&d.text);
        }
    }
}

/// Decodes the bytes of a JSONL input (the buffer is kept, not copied, when it is UTF-8 already).
pub(crate) fn decode_owned(bytes: Vec<u8>) -> Result<String, String> {
    // (a byte-order mark, binary data and legacy encodings are decode's)
    if bytes.is_empty() || bytes.starts_with(&[0xEF, 0xBB, 0xBF]) || crate::decode::looks_binary(&bytes) {
        return decode(&bytes);
    }
    String::from_utf8(bytes).or_else(|e| decode(e.as_bytes()))
}

/// The language of a text (ISO 639-1 where there is one), when the detector is confident. Plain
/// English, most of what muster reads, is told by its function words without the detector's cost.
fn detect_language(text: &str) -> Option<String> {
    let sample = &text[..text.char_indices().nth(1200).map_or(text.len(), |(i, _)| i)];
    if looks_english(sample) {
        return Some("en".to_string());
    }
    // the detector's cost grows with the sample: a short one first, the whole sample only when the
    // short one leaves it unsure
    let short = &sample[..sample.char_indices().nth(400).map_or(sample.len(), |(i, _)| i)];
    let info = match whatlang::detect(short) {
        Some(info) if info.is_reliable() || short.len() == sample.len() => info,
        _ => whatlang::detect(sample)?,
    };
    if !info.is_reliable() {
        return None;
    }
    let code = info.lang().code();
    let two = match code {
        "eng" => "en", "rus" => "ru", "ukr" => "uk", "bel" => "be", "pol" => "pl", "deu" => "de", "fra" => "fr",
        "spa" => "es", "ita" => "it", "por" => "pt", "nld" => "nl", "ron" => "ro", "bul" => "bg", "ces" => "cs",
        "slk" => "sk", "hun" => "hu", "lit" => "lt", "lav" => "lv", "est" => "et", "fin" => "fi", "swe" => "sv",
        "nob" => "no", "dan" => "da", "tur" => "tr", "ell" => "el", "cmn" => "zh", "jpn" => "ja", "kor" => "ko",
        "ara" => "ar", "heb" => "he", "pes" => "fa", "kat" => "ka", "hye" => "hy", "azj" => "az",
        other => other,
    };
    Some(two.to_string())
}

/// Whether a sample is plainly English: almost all its letters ASCII and one word in ten one of the
/// commonest English function words (which other languages written in Latin script do not share).
fn looks_english(sample: &str) -> bool {
    // the commonest English function words, matched in any case
    let function_word = |w: &str| {
        let b = w.as_bytes();
        if !(2..=5).contains(&b.len()) {
            return false;
        }
        let mut lower = [0u8; 5];
        for (l, c) in lower.iter_mut().zip(b) {
            *l = c.to_ascii_lowercase();
        }
        matches!(
            &lower[..b.len()],
            b"the" | b"and" | b"of" | b"that" | b"for" | b"with" | b"said" | b"which" | b"from" | b"this" | b"have" | b"were" | b"would" | b"its" | b"their"
        )
    };
    // (plain ASCII, most of what is read, is told byte by byte)
    let all_ascii = sample.is_ascii();
    let ascii = sample.bytes().filter(u8::is_ascii_alphabetic).count();
    let letters = if all_ascii { ascii } else { sample.chars().filter(|c| c.is_alphabetic()).count() };
    if letters < 200 || ascii * 100 < letters * 97 {
        return false;
    }
    let (mut words, mut hits) = (0usize, 0usize);
    let mut count = |w: &str| {
        words += 1;
        if function_word(w) {
            hits += 1;
        }
    };
    if all_ascii {
        sample.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).for_each(&mut count);
    } else {
        sample.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).for_each(&mut count);
    }
    hits * 10 >= words
}

fn read_format(name: &str, bytes: &[u8]) -> Vec<Item> {
    match detect(name, bytes) {
        Format::Gzip => {
            let mut out = Vec::new();
            let mut dec = flate2::read::MultiGzDecoder::new(bytes).take(MAX_INPUT_BYTES + 1);
            if let Err(e) = dec.read_to_end(&mut out) {
                return vec![Err(IngestError::new(name, format!("gzip data is corrupt or truncated: {e}")))];
            }
            if out.len() as u64 > MAX_INPUT_BYTES {
                return vec![Err(IngestError::new(name, format!("decompresses to more than {} MiB; refused (gzip bomb?)", MAX_INPUT_BYTES / 1024 / 1024)))];
            }
            let inner = name.strip_suffix(".gz").or_else(|| name.strip_suffix(".GZ")).unwrap_or(name);
            let mut items = read_format(inner, &out);
            // documents keep the name as given
            for it in items.iter_mut() {
                match it {
                    Ok(d) => d.source = d.source.replacen(inner, name, 1),
                    Err(e) => e.source_name = e.source_name.replacen(inner, name, 1),
                }
            }
            items
        }
        Format::Warc => read_warc(name, bytes),
        format => match decode(bytes) {
            Err(e) => vec![Err(IngestError::new(name, e))],
            Ok(text) => match format {
                Format::Html => vec![Ok(from_html(name, &text))],
                Format::Jsonl => read_jsonl(name, &text),
                Format::Feed => read_feed(name, bytes),
                _ => vec![from_text(name, &text)],
            },
        },
    }
}

/// A plain-text document: the first line is taken as the title; a last line "source: X" names the outlet.
pub fn from_text(name: &str, text: &str) -> Item {
    if text.len() > 2_000_000 && !text[..2_000_000].contains('\n') {
        return Err(IngestError::new(name, "a single line of more than 2 MB: not prose; refused"));
    }
    let cleaned = clean_text(text);
    if cleaned.trim().is_empty() {
        return Err(IngestError::new(name, "no text"));
    }
    let title = cleaned.lines().find(|l| !l.trim().is_empty() && !is_dateline(l)).filter(|l| l.len() < 300).map(|l| l.trim().to_string());
    let outlet = cleaned.lines().rev().find(|l| !l.trim().is_empty()).and_then(|l| {
        let l = l.trim();
        l.strip_prefix("source:").or_else(|| l.strip_prefix("Source:")).map(|s| s.trim().to_string())
    });
    Ok(Document { source: name.to_string(), title, outlet, text: cleaned, ..Default::default() })
}

/// An HTML page.
pub fn from_html(name: &str, html_text: &str) -> Document {
    let page = html::extract(html_text);
    // the text is the article body, as article-extraction benchmarks define it; the headline is doc.title
    let text = clean_text(&page.text);
    Document {
        source: name.to_string(),
        record: None,
        title: page.title,
        published: page.published,
        published_inferred: false,
        outlet: page.outlet,
        url: page.url,
        language: page.language,
        text,
    }
}

/// A short line that is only a date ("Friday 10 December 2021"): not a headline.
fn is_dateline(line: &str) -> bool {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let words: Vec<String> = line.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_ascii_lowercase()).collect();
    words.len() <= 7
        && words.iter().any(|w| w.len() == 4 && w.starts_with("20") && w.chars().all(|c| c.is_ascii_digit()))
        && words.iter().any(|w| MONTHS.iter().any(|m| w.starts_with(m)))
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(d) = s.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        return Some(d);
    }
    chrono::DateTime::parse_from_rfc2822(s).ok().map(|d| d.date_naive())
}

/// One JSONL record: the fields muster reads, borrowed from the line where no escape forces a copy;
/// a field of another type than a string counts as absent, and other fields are ignored.
#[derive(serde::Deserialize)]
struct JsonRecord<'a> {
    #[serde(default, borrow, deserialize_with = "lenient_str")]
    text: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient_str")]
    html: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient_str")]
    title: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient_str")]
    url: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient_str")]
    outlet: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient_str")]
    published: Option<std::borrow::Cow<'a, str>>,
}

/// A string field, or `None` for a value of any other type.
fn lenient_str<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<std::borrow::Cow<'de, str>>, D::Error> {
    use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
    use std::borrow::Cow;
    struct Lenient;
    impl<'de> Visitor<'de> for Lenient {
        type Value = Option<Cow<'de, str>>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Some(Cow::Borrowed(v)))
        }
        fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(v.to_string())))
        }
        fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(v)))
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(None)
        }
    }
    d.deserialize_any(Lenient)
}

fn read_jsonl(name: &str, text: &str) -> Vec<Item> {
    let mut out: Vec<Item> = jsonl_lines(text).into_iter().map(|l| jsonl_record(name, l.number, &text[l.start..l.end])).collect();
    if out.is_empty() {
        out.push(Err(IngestError::new(name, "no records")));
    }
    out
}

/// Where a JSONL text's records lie: its lines that hold more than white space.
#[derive(Debug, Clone, Copy)]
pub(crate) struct JsonlLine {
    /// The line's number, counted from 1.
    pub number: usize,
    pub start: usize,
    pub end: usize,
}

pub(crate) fn jsonl_lines(text: &str) -> Vec<JsonlLine> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let end = start + line.len();
        let body = line.strip_suffix('\n').map_or(line, |l| l.strip_suffix('\r').unwrap_or(l));
        if !body.trim().is_empty() {
            out.push(JsonlLine { number: i + 1, start, end: start + body.len() });
        }
        start = end;
    }
    out
}

/// The document of one JSONL line (`number` counted from 1), or what is wrong with it.
pub(crate) fn jsonl_record(name: &str, number: usize, line: &str) -> Item {
    let trimmed = line.trim();
    let rec = format!("{name}#L{number}");
    // a record is an object: an array would fill the fields by position
    let parsed = if trimmed.starts_with('{') {
        serde_json::from_str::<JsonRecord>(line).map_err(|e| e.to_string())
    } else {
        serde_json::from_str::<serde::de::IgnoredAny>(line).map_err(|e| e.to_string()).and_then(|_| Err("a JSON value that is not an object".to_string()))
    };
    let r = match parsed {
        Ok(r) => r,
        Err(e) => return Err(IngestError::new(&rec, format!("not a JSON object: {e}"))),
    };
    let doc = if let Some(t) = &r.text {
        from_text(&rec, t)
    } else if let Some(h) = &r.html {
        Ok(from_html(&rec, h))
    } else {
        Err(IngestError::new(&rec, "has neither \"text\" nor \"html\""))
    };
    doc.map(|mut d| {
        (d.source, d.record) = (name.to_string(), Some(format!("L{number}")));
        if let Some(t) = &r.title {
            d.title = Some(t.to_string());
        }
        d.url = r.url.as_deref().map(str::to_string).or(d.url);
        d.outlet = r.outlet.as_deref().map(str::to_string).or(d.outlet).or_else(|| d.url.as_deref().and_then(html::host));
        d.published = r.published.as_deref().and_then(parse_date).or(d.published);
        d
    })
}

fn read_feed(name: &str, bytes: &[u8]) -> Vec<Item> {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => return vec![Err(IngestError::new(name, format!("not a readable RSS/Atom feed: {e}")))],
    };
    let outlet = feed.title.as_ref().map(|t| t.content.clone());
    let mut out = Vec::new();
    for (i, entry) in feed.entries.iter().enumerate() {
        let rec = format!("{name}#item{}", i + 1);
        let body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
            .unwrap_or_default();
        let title = entry.title.as_ref().map(|t| t.content.trim().to_string());
        let body_text = if body.contains('<') { html_fragment_text(&body) } else { body };
        let text = match &title {
            Some(t) => format!("{t}\n\n{body_text}"),
            None => body_text,
        };
        let cleaned = clean_text(&text);
        if cleaned.trim().is_empty() {
            out.push(Err(IngestError::new(&rec, "feed item has no text")));
            continue;
        }
        out.push(Ok(Document {
            source: name.to_string(),
            record: Some(format!("item{}", i + 1)),
            title,
            published: entry.published.or(entry.updated).map(|d| d.date_naive()),
            published_inferred: false,
            outlet: outlet.clone(),
            url: entry.links.first().map(|l| l.href.clone()),
            language: feed.language.clone(),
            text: cleaned,
        }));
    }
    if out.is_empty() {
        out.push(Err(IngestError::new(name, "feed has no items")));
    }
    out
}

/// The text of an HTML fragment (a feed item's description), one paragraph per block.
fn html_fragment_text(fragment: &str) -> String {
    let doc = scraper::Html::parse_fragment(fragment);
    let sel = scraper::Selector::parse("p, li, h1, h2, h3, figcaption, blockquote").expect("selector");
    let blocks: Vec<String> = doc.select(&sel).map(|e| e.text().collect::<Vec<_>>().join(" ")).filter(|t| !t.trim().is_empty()).collect();
    if blocks.is_empty() {
        doc.root_element().text().collect::<Vec<_>>().join(" ")
    } else {
        blocks.join("\n\n")
    }
}

fn read_warc(name: &str, bytes: &[u8]) -> Vec<Item> {
    let reader = warc::WarcReader::new(std::io::BufReader::new(bytes));
    let mut out = Vec::new();
    for (i, rec) in reader.iter_records().enumerate() {
        let label = format!("{name}#record{}", i + 1);
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                out.push(Err(IngestError::new(&label, format!("malformed WARC record: {e}"))));
                break; // the stream cannot be resynchronised reliably
            }
        };
        if *rec.warc_type() != warc::RecordType::Response {
            continue;
        }
        let uri = rec.header(warc::WarcHeader::TargetURI).map(|u| u.to_string());
        let body = rec.body();
        let split = body.windows(4).position(|w| w == b"\r\n\r\n").map(|p| (p, p + 4)).or_else(|| body.windows(2).position(|w| w == b"\n\n").map(|p| (p, p + 2)));
        let Some((hend, bstart)) = split else { continue };
        let headers = String::from_utf8_lossy(&body[..hend]).to_ascii_lowercase();
        if !headers.starts_with("http/") || !headers.contains("content-type: text/html") && !headers.contains("content-type: application/xhtml") {
            continue;
        }
        let source = uri.clone().map(|u| format!("{name}#{u}")).unwrap_or(label.clone());
        match decode(&body[bstart..]) {
            Ok(h) => {
                let mut d = from_html(name, &h);
                d.record = Some(uri.clone().unwrap_or_else(|| format!("record{}", i + 1)));
                d.url = d.url.or(uri.clone());
                if d.outlet.is_none() {
                    d.outlet = uri.as_deref().and_then(html::host);
                }
                if d.published.is_none() {
                    d.published = rec.header(warc::WarcHeader::Date).and_then(|d| parse_date(&d));
                    d.published_inferred = d.published.is_some();
                }
                out.push(Ok(d));
            }
            Err(e) => out.push(Err(IngestError::new(&source, e))),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_told_by_function_words_and_other_languages_go_to_the_detector() {
        let en = "Russian troops massed near the border with Ukraine on Thursday, and officials said that the build-up of forces, which began in the autumn, has continued for weeks. ".repeat(3);
        assert!(looks_english(&en));
        assert_eq!(detect_language(&en).as_deref(), Some("en"));
        let de = "Russische Truppen haben sich am Donnerstag an der Grenze zur Ukraine versammelt, und Beamte sagten, dass der Aufmarsch der Streitkräfte seit Wochen andauert. ".repeat(3);
        assert!(!looks_english(&de));
        assert_eq!(detect_language(&de).as_deref(), Some("de"));
        let fr = "Des troupes russes se sont rassemblées jeudi près de la frontière avec l’Ukraine, et des responsables ont déclaré que le renforcement des forces se poursuivait. ".repeat(3);
        assert!(!looks_english(&fr));
        let ru = "Российские войска в четверг сосредоточились у границы с Украиной, заявили официальные лица. ".repeat(4);
        assert!(!looks_english(&ru));
        assert_eq!(detect_language(&ru).as_deref(), Some("ru"));
        // Ukrainian and Russian share a script: told apart from the opening of a longer text too
        let uk = "Російські війська в четвер зосередилися біля кордону з Україною, заявили посадовці. Розвідка повідомляє про нові табори. ".repeat(12);
        assert_eq!(detect_language(&uk).as_deref(), Some("uk"));
        // a list of names and scores, too few function words for the quick test, is still English
        let scores = "Palm Bay (1-0): Tolivert 25 points. Davis 17 points. Rockledge (0-1): Blakely 15 points and 3 steals. ".repeat(10);
        assert_eq!(detect_language(&scores).as_deref(), Some("en"));
    }


    #[test]
    fn jsonl_fields_of_another_type_are_absent_and_escapes_are_read() {
        let data = "{\"text\":\"Tanks \\u201cmassed\\u201d near \\\"Valuyki\\\".\",\"title\":7,\"tags\":[\"a\",{\"b\":1}],\"published\":null}\n[1,2]\n{\"text\":5}\n";
        let items = read_bytes("wire.jsonl", data.as_bytes());
        let d = items[0].as_ref().unwrap();
        assert!(d.text.contains("Tanks “massed” near \"Valuyki\"."), "{:?}", d.text);
        assert_eq!(d.published, None);
        assert!(items[1].as_ref().unwrap_err().message.contains("not an object"));
        assert!(items[2].as_ref().unwrap_err().message.contains("neither"));
    }

    #[test]
    fn jsonl_keeps_good_lines_and_names_the_bad_one() {
        let data = "{\"text\":\"Tanks were seen near the border on Friday.\",\"published\":\"2022-02-11\",\"outlet\":\"Wire\"}\n{not json\n{\"html\":\"<p>Convoys moved at night near the border town.</p>\"}\n";
        let items = read_bytes("wire.jsonl", data.as_bytes());
        assert_eq!(items.len(), 3);
        let d = items[0].as_ref().unwrap();
        assert_eq!(d.published, NaiveDate::from_ymd_opt(2022, 2, 11));
        assert_eq!(d.outlet.as_deref(), Some("Wire"));
        let e = items[1].as_ref().unwrap_err();
        assert!(e.source_name.ends_with("#L2"), "{e}");
        assert!(items[2].as_ref().unwrap().text.contains("Convoys moved at night"));
    }

    #[test]
    fn rss_items_become_documents() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Monitor</title>
            <item><title>Train with tanks</title><link>https://m.example/1</link><pubDate>Sat, 12 Feb 2022 10:00:00 GMT</pubDate>
            <description>&lt;p&gt;A train with tanks passed the station.&lt;/p&gt;</description></item>
            <item><title>Second</title><description>Trucks moving west.</description></item></channel></rss>"#;
        let items = read_bytes("feed.xml", rss.as_bytes());
        assert_eq!(items.len(), 2);
        let d = items[0].as_ref().unwrap();
        assert_eq!(d.published, NaiveDate::from_ymd_opt(2022, 2, 12));
        assert!(d.text.contains("A train with tanks passed the station."));
        assert_eq!(d.outlet.as_deref(), Some("Monitor"));
    }

    #[test]
    fn language_is_detected_for_plain_text() {
        let items = read_bytes("a.txt", "Headline\n\nRussian troops and tanks have been moving towards the border for several weeks, according to officials who spoke on condition of anonymity.".as_bytes());
        assert_eq!(items[0].as_ref().unwrap().language.as_deref(), Some("en"));
    }

    #[test]
    fn truncated_gzip_is_named() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all("Some text about a convoy near the border. ".repeat(200).as_bytes()).unwrap();
        let gz = enc.finish().unwrap();
        let items = read_bytes("a.txt.gz", &gz[..gz.len() / 2]);
        let e = items[0].as_ref().unwrap_err();
        assert!(e.message.contains("corrupt or truncated"), "{e}");
        assert_eq!(e.source_name, "a.txt.gz");
    }

    #[test]
    fn warc_response_records_are_pages() {
        let html = "<html><head><title>Depot</title></head><body><article><p>Tanks were seen at the depot near the border on Friday, local residents said in posts online.</p></article></body></html>";
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
        let rec = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Date: 2022-02-12T10:00:00Z\r\nWARC-Target-URI: https://news.example/a\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{}\r\n\r\n",
            http.len(),
            http
        );
        let req = "WARC/1.0\r\nWARC-Type: request\r\nWARC-Record-ID: <urn:uuid:2>\r\nWARC-Date: 2022-02-12T10:00:00Z\r\nContent-Length: 3\r\n\r\nGET\r\n\r\n";
        let items = read_bytes("a.warc", format!("{req}{rec}").as_bytes());
        assert_eq!(items.len(), 1);
        let d = items[0].as_ref().unwrap();
        assert!(d.text.contains("Tanks were seen at the depot"));
        assert_eq!(d.outlet.as_deref(), Some("news.example"));
    }
}
