//! `muster geo`: resolution and the border check, in both frames.

use std::process::Command;

fn geo(args: &[&str]) -> (String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_muster")).arg("geo").args(args).output().expect("muster runs");
    (String::from_utf8_lossy(&out.stdout).to_string(), out.status.success())
}

#[test]
fn resolve_names_a_site_with_its_kind() {
    let (out, ok) = geo(&["resolve", "Oktyabrskoye airfield, Crimea"]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["kind"], "military_site");
    assert!((v["lat"].as_f64().unwrap() - 45.29).abs() < 0.2);
}

#[test]
fn distance_depends_on_the_theatre_frame() {
    let (facto, ok) = geo(&["distance", "Novoozerne"]);
    assert!(ok);
    assert!(facto.contains("outside"), "{facto}");
    let dejure = concat!(env!("CARGO_MANIFEST_DIR"), "/../../config/theatres/ukraine-2021-dejure.toml");
    let (jure, ok) = geo(&["--theatre", dejure, "distance", "Novoozerne"]);
    assert!(ok);
    assert!(jure.contains("inside"), "{jure}");
    assert!(jure.contains("de_jure"));
}

#[test]
fn distance_to_another_border() {
    let (out, ok) = geo(&["distance", "Rechitsa", "--border", "BY"]);
    assert!(ok, "{out}");
    assert!(out.contains("inside"), "{out}");
}
