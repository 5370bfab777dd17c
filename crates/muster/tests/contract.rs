//! `muster extract` on the demo corpus honours the muster.extract/1 contract: every line validates
//! against the JSON Schema, every mention's text is the bytes at its offsets, every observation's
//! place is one of the document's places.

use std::path::PathBuf;
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run_extract(args: &[&str]) -> (Vec<serde_json::Value>, String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_muster")).arg("extract").args(args).output().expect("muster runs");
    let stdout = String::from_utf8(out.stdout).expect("utf-8 output");
    let lines = stdout.lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect();
    (lines, String::from_utf8_lossy(&out.stderr).to_string(), out.status.success())
}

#[test]
fn demo_corpus_lines_validate_against_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("contract/extract.schema.json")).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let demo = repo().join("demo");
    let (lines, stderr, ok) = run_extract(&["--with-text", demo.to_str().unwrap()]);
    assert!(ok, "extract failed: {stderr}");
    assert!(lines.len() >= 15, "expected the whole demo corpus, got {} lines", lines.len());
    let mut mentions = 0;
    for rec in &lines {
        let errors: Vec<String> = validator.iter_errors(rec).map(|e| format!("{e} at {}", e.instance_path)).collect();
        assert!(errors.is_empty(), "{}: {}", rec["doc"]["source"], errors.join("; "));
        assert!(rec.get("error").is_none(), "demo document failed: {rec}");
        let text = rec["doc"]["text"].as_str().expect("--with-text adds doc.text");
        for key in ["places", "equipment", "units"] {
            for item in rec[key].as_array().unwrap() {
                for m in item["mentions"].as_array().unwrap() {
                    let (s, e) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
                    assert_eq!(text.get(s..e), m["text"].as_str(), "{key} mention at {s}..{e} in {}", rec["doc"]["source"]);
                    mentions += 1;
                }
            }
        }
        let ids: Vec<&str> = rec["places"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
        for o in rec["observations"].as_array().unwrap() {
            assert!(ids.contains(&o["place"].as_str().unwrap()), "observation place {} not among places", o["place"]);
        }
    }
    assert!(mentions > 100, "suspiciously few mentions: {mentions}");
}

#[test]
fn a_bad_input_prints_an_error_line_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a-good.txt"), "Russian tanks were seen near Valuyki on Monday, local residents said.\n").unwrap();
    std::fs::write(dir.path().join("b-empty.txt"), "").unwrap();
    std::fs::write(dir.path().join("c-binary.txt"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    let (lines, stderr, ok) = run_extract(&[dir.path().to_str().unwrap()]);
    assert!(ok, "one good document means success");
    assert_eq!(lines.len(), 3, "one line per document");
    assert!(lines[0].get("error").is_none());
    assert!(lines[1]["error"].as_str().unwrap().contains("empty"));
    assert!(lines[2]["error"].as_str().unwrap().contains("binary"));
    assert!(stderr.contains("b-empty.txt") && stderr.contains("c-binary.txt"), "{stderr}");
}

#[test]
fn many_inputs_come_out_in_input_order_and_the_pretty_array_holds_the_same_records() {
    let dir = tempfile::tempdir().unwrap();
    let places = ["Valuyki", "Yelnya", "Boguchar", "Klintsy", "Pogonovo"];
    // more files than one chunk of work, and one JSONL file whose documents are shared out among the cores
    for i in 0..70 {
        let text = format!("Report {i}: about {} armoured vehicles were filmed near {} on Tuesday, residents said.\n", 10 + i, places[i % 5]);
        std::fs::write(dir.path().join(format!("r{i:03}.txt")), text).unwrap();
    }
    // (more documents than one batch of results)
    let jsonl: String = (0..150)
        .map(|i| serde_json::json!({"id": format!("feed-{i}"), "text": format!("Item {i}: {} tanks arrived in {} by rail, the ministry said.", 5 + i, places[i % 5])}).to_string() + "\n")
        .collect();
    std::fs::write(dir.path().join("s-feed.jsonl"), jsonl).unwrap();
    let missing = dir.path().join("no-such-file.txt");
    let (lines, stderr, ok) = run_extract(&[missing.to_str().unwrap(), dir.path().to_str().unwrap()]);
    assert!(ok, "{stderr}");
    assert_eq!(lines.len(), 1 + 70 + 150, "{stderr}");
    assert!(lines[0]["error"].is_string(), "the missing input comes first, as given");
    let sources: Vec<&str> = lines[1..71].iter().map(|l| l["doc"]["source"].as_str().unwrap()).collect();
    for (i, s) in sources.iter().enumerate() {
        assert!(s.ends_with(&format!("r{i:03}.txt")), "document {i} is {s}");
    }
    for (i, l) in lines[71..].iter().enumerate() {
        // (the source is the path as found; the record within it is its own field)
        let source = l["doc"]["source"].as_str().unwrap();
        assert!(source.ends_with("s-feed.jsonl"), "feed item {i} is {source}");
        assert_eq!(l["doc"]["record"].as_str(), Some(format!("L{}", i + 1).as_str()), "feed item {i}");
        assert_eq!(l["quantities"][0]["value"].as_f64(), Some(5.0 + i as f64), "feed item {i} carries another item's facts");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_muster")).args(["extract", "--format", "json"]).arg(&missing).arg(dir.path()).output().unwrap();
    let pretty = String::from_utf8(out.stdout).unwrap();
    assert!(pretty.starts_with("[\n  {\n    \"") && pretty.ends_with("\n  }\n]\n"), "one pretty array: {}", &pretty[..80]);
    let array: Vec<serde_json::Value> = serde_json::from_str(&pretty).unwrap();
    assert_eq!(array, lines, "the array holds the JSONL records, in the same order");
    let empty = Command::new(env!("CARGO_BIN_EXE_muster")).args(["extract", "--format", "json"]).arg(&missing).output().unwrap();
    let none: Vec<serde_json::Value> = serde_json::from_slice(&empty.stdout).unwrap();
    assert_eq!(none.len(), 1, "an error record even when nothing was read");
}
