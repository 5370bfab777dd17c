//! Every input kind and every bad-input case, with fixtures written for these tests.

use muster_ingest::{expand_paths, read_file};
use std::io::{Read, Write};
use std::path::PathBuf;

/// A one-shot HTTP server on 127.0.0.1 answering every request with `body` (or 404 for /missing).
fn serve(body: &'static str, content_type: &'static str) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let mut s = stream.unwrap();
            let mut buf = [0u8; 4096];
            let n = s.read(&mut buf).unwrap_or(0);
            let req = String::from_utf8_lossy(&buf[..n]);
            let resp = if req.starts_with("GET /missing") {
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
            } else {
                format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())
            };
            let _ = s.write_all(resp.as_bytes());
        }
    });
    format!("http://{addr}")
}

const PAGE: &str = "<html><head><title>Depot</title><meta property=\"og:site_name\" content=\"Local Post\"><meta property=\"article:published_time\" content=\"2022-02-12T08:00:00Z\"></head><body><nav><a href=\"/\">Home</a></nav><article><h1>Depot</h1><p>Tanks and trucks were seen at the rail depot near the border on Friday, residents of the town said in posts online. The column stretched for several kilometres.</p><p>Officials declined to comment on the movement of the vehicles, which arrived overnight by train from the north.</p></article><footer>Cookies</footer></body></html>";

#[test]
fn a_url_is_fetched_and_read_as_a_page() {
    let base = serve(PAGE, "text/html; charset=utf-8");
    let url = format!("{base}/news/depot.html");
    let items = read_file(&PathBuf::from(&url));
    let d = items[0].as_ref().expect("page read");
    assert!(d.text.contains("Tanks and trucks were seen at the rail depot"), "{}", d.text);
    assert_eq!(d.outlet.as_deref(), Some("Local Post"));
    assert_eq!(d.url.as_deref(), Some(url.as_str()));
    let missing = read_file(&PathBuf::from(format!("{base}/missing")));
    let e = missing[0].as_ref().unwrap_err();
    assert!(e.message.contains("404"), "{e}");
}

#[test]
fn a_mixed_folder_reads_the_good_and_names_the_bad() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("a.html"), PAGE).unwrap();
    std::fs::write(p.join("b.txt"), "Headline\n\nConvoys of trucks moved towards the border at night, witnesses said.\n").unwrap();
    std::fs::write(p.join("c-empty.txt"), "").unwrap();
    std::fs::write(p.join("d-binary.bin"), [0u8, 1, 2, 3, 0, 255, 254, 0]).unwrap();
    // 20 MB on one line
    std::fs::write(p.join("e-oneline.txt"), "x".repeat(20 * 1024 * 1024)).unwrap();
    // a truncated gzip
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all("Tanks were seen near the border. ".repeat(500).as_bytes()).unwrap();
    let gz = enc.finish().unwrap();
    std::fs::write(p.join("f-truncated.txt.gz"), &gz[..gz.len() / 2]).unwrap();
    // a gzip bomb: 300 MB of zeros compress to about 300 KB
    let mut bomb = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![b'a'; 1 << 20];
    for _ in 0..300 {
        bomb.write_all(&zeros).unwrap();
    }
    std::fs::write(p.join("g-bomb.txt.gz"), bomb.finish().unwrap()).unwrap();
    // malformed feed and JSONL with one bad line
    std::fs::write(p.join("h-feed.xml"), "<?xml version=\"1.0\"?><rss><channel><item><title>Broken").unwrap();
    std::fs::write(p.join("i-wire.jsonl"), "{\"text\":\"Troops arrived at the range on Monday.\"}\n{oops\n").unwrap();
    let (files, errors) = expand_paths(&[p.to_path_buf(), p.join("no-such-file.txt")]);
    assert_eq!(errors.len(), 1, "the missing path is named");
    assert!(errors[0].to_string().contains("no-such-file.txt"));
    let mut good = 0;
    let mut bad: Vec<String> = Vec::new();
    for f in &files {
        for it in read_file(f) {
            match it {
                Ok(_) => good += 1,
                Err(e) => bad.push(e.to_string()),
            }
        }
    }
    assert_eq!(good, 3, "the page, the text and the good JSONL line: {bad:?}");
    for (name, what) in [
        ("c-empty.txt", "empty"),
        ("d-binary.bin", "binary"),
        ("e-oneline.txt", "single line"),
        ("f-truncated.txt.gz", "truncated"),
        ("g-bomb.txt.gz", "gzip bomb"),
        ("h-feed.xml", "feed"),
        ("i-wire.jsonl#L2", "JSON"),
    ] {
        assert!(bad.iter().any(|b| b.contains(name) && b.contains(what)), "{name}: {what} not reported in {bad:?}");
    }
}

#[test]
fn windows_1252_text_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode("Les blindés sont arrivés près de la frontière, selon l'état-major.");
    std::fs::write(dir.path().join("fr.txt"), &bytes).unwrap();
    let items = read_file(&dir.path().join("fr.txt"));
    assert!(items[0].as_ref().unwrap().text.contains("blindés sont arrivés près de la frontière"));
}

#[test]
fn a_record_inside_a_container_keeps_the_path_as_given_and_names_its_record() {
    // the contract: `source` is the path exactly as given; the record is a field of its own
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("wire.jsonl");
    std::fs::write(&jsonl, "{\"text\":\"Tanks arrived at the range on Monday.\"}\n\n{\"text\":\"Ships left port on Tuesday.\"}\n").unwrap();
    let feed = dir.path().join("feed.xml");
    std::fs::write(
        &feed,
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>\
         <item><title>One</title><description>Troops moved north.</description></item>\
         <item><title>Two</title><description>Trucks moved west.</description></item></channel></rss>",
    )
    .unwrap();
    for (path, records) in [(&jsonl, ["L1", "L3"]), (&feed, ["item1", "item2"])] {
        let docs: Vec<_> = read_file(path).into_iter().map(|d| d.expect("readable")).collect();
        let given = path.to_string_lossy();
        assert!(docs.iter().all(|d| d.source == given), "{:?}", docs.iter().map(|d| &d.source).collect::<Vec<_>>());
        let got: Vec<_> = docs.iter().map(|d| d.record.clone().unwrap_or_default()).collect();
        assert_eq!(got, records);
        assert_eq!(docs[1].locator(), format!("{given}#{}", records[1]));
    }
}

#[test]
fn a_jsonl_file_read_record_by_record_gives_what_reading_it_whole_gives() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.jsonl");
    let lines = [
        r#"{"text": "Columns of Russian tanks were filmed near Klintsy on Monday, residents said.", "title": "Tanks near Klintsy", "published": "2022-01-10"}"#,
        "",
        "not json at all",
        r#"{"html": "<html><body><article><p>Satellite images showed new tents at the Pogonovo range south of Voronezh.</p></article></body></html>", "url": "https://example.org/a"}"#,
        r#"{"title": "no body"}"#,
        r#"{"text": "Une colonne de chars a été filmée près de la frontière, selon des habitants de la région."}"#,
    ];
    std::fs::write(&path, lines.join("\r\n")).unwrap();
    let whole = muster_ingest::read_file(&path);
    let muster_ingest::Records::Jsonl(records) = muster_ingest::read_records(&path) else { panic!("a JSONL file is read record by record") };
    assert_eq!(records.len(), whole.len());
    for (k, item) in whole.iter().enumerate() {
        match (item, records.get(k)) {
            (Ok(a), Ok(b)) => {
                assert_eq!((&a.source, &a.record, &a.text, &a.title, &a.url, &a.published, &a.language), (&b.source, &b.record, &b.text, &b.title, &b.url, &b.published, &b.language));
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
            (a, b) => panic!("record {k}: {a:?} against {b:?}"),
        }
    }
    // the bad lines are named by their line numbers
    assert!(records.get(1).unwrap_err().to_string().contains("export.jsonl#L3"));
    // other formats are read whole
    let txt = dir.path().join("a.txt");
    std::fs::write(&txt, "Headline\n\nTroops moved towards the border, officials said on Monday.").unwrap();
    assert!(matches!(muster_ingest::read_records(&txt), muster_ingest::Records::Read(items) if items.len() == 1));
}
