//! Another theatre with the same rules and data: drills around Taiwan, written for this test.

mod common;
use common::*;

const ARTICLE: &str = "China stages drills around Taiwan after inauguration
Friday 24 May 2024

China's military sent 49 fighter jets and 19 navy vessels around Taiwan on Thursday, Taiwan's defence ministry said, on the first day of exercises the Eastern Theater Command called Joint Sword-2024A.
J-16 fighters and H-6K bombers flew east of the median line of the Taiwan Strait, while Type 052D destroyers sailed near Kinmen, the ministry said.
Satellite images taken on Wednesday showed new tents near the Longtian airfield in Fujian, about 150 km from Taiwan.
The PLA Rocket Force moved DF-17 launchers to sites in Fujian, according to analysts at the Institute for the Study of War.
";

#[test]
fn drills_around_taiwan() {
    let ex = extract_on(ARTICLE, None);
    assert_eq!(ex.text_date.map(|d| d.0), chrono::NaiveDate::from_ymd_opt(2024, 5, 24));
    let names: Vec<&str> = ex.equipment.iter().map(|e| e.name.as_str()).collect();
    for want in ["J-16", "H-6K", "052D", "DF-17"] {
        assert!(names.iter().any(|n| n.contains(want)), "{want} missing from {names:?}");
    }
    assert!(ex.units.iter().any(|u| u.name.contains("Eastern Theater Command")), "{:?}", ex.units);
    let q = ex.quantities.iter().find(|q| q.value == 49.0).expect("49 jets");
    assert_eq!(q.counted, "aircraft");
    assert_eq!(q.side.as_deref(), Some("CN"));
    assert_eq!(q.claimant.as_ref().and_then(|c| c.country.as_deref()), Some("TW"));
    assert!(ex.indicators.iter().any(|i| i.kind == "exercise"));
    let d = ex.distances.first().expect("a distance");
    assert!(d.place.contains("longtian"), "{d:?}");
    let computed = d.computed_km.expect("measured to Taiwan's coast");
    assert!((100.0..220.0).contains(&computed), "{computed}");
    assert!(ex.observations.iter().any(|o| o.place.contains("longtian") && o.source_kind.as_deref() == Some("satellite_imagery")));
}
