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

const BALKANS: &str = "Serbian forces gather near Kosovo
Saturday 30 September 2023

Serbian troops have massed along the boundary with Kosovo, a US National Security Council spokesman, John Kirby, said on Friday, describing about 4,500 soldiers backed by tanks and artillery.
Satellite pictures from Thursday show M-84 tanks and Nora B-52 howitzers parked at a barracks near Novi Pazar, about 20 km from the boundary.
President Aleksandar Vucic said the army would cut its presence to 7,000 troops.
";

#[test]
fn serbian_forces_near_kosovo() {
    let ex = extract_on(BALKANS, None);
    let names: Vec<&str> = ex.equipment.iter().map(|e| e.name.as_str()).collect();
    for want in ["M-84", "Nora B-52"] {
        assert!(names.iter().any(|n| n.contains(want)), "{want} missing from {names:?}");
    }
    let q = ex.quantities.iter().find(|q| q.value == 4500.0).expect("4,500 troops");
    assert_eq!(q.claimant.as_ref().and_then(|c| c.country.as_deref()), Some("US"));
    let q = ex.quantities.iter().find(|q| q.value == 7000.0).expect("7,000 troops");
    assert_eq!(q.claimant.as_ref().and_then(|c| c.country.as_deref()), Some("RS"));
    // the howitzer's name is no place, the town is
    assert!(ex.places.iter().all(|p| p.mentions.iter().all(|m| m.text != "Nora")), "{:?}", ex.places);
    let o = ex.observations.iter().find(|o| o.source_kind.as_deref() == Some("satellite_imagery")).expect("an imagery observation");
    let place = ex.places.iter().find(|p| p.id == o.place).unwrap();
    assert_eq!(place.country.as_deref(), Some("RS"), "{place:?}");
    assert!(o.equipment.iter().any(|e| e.contains("m-84")), "{o:?}");
}

const GUYANA: &str = "Venezuelan armour near Guyana
9 December 2023

Images taken on 5 December show about 10 BTR-80 armoured personnel carriers at a military base in Bolivar state, near the town of Tumeremo, according to analysts.
Caracas has ordered a new military command for the disputed Essequibo region.
";

#[test]
fn venezuelan_armour_near_guyana() {
    let ex = extract_on(GUYANA, None);
    let q = ex.quantities.iter().find(|q| q.value == 10.0).expect("10 carriers");
    assert_eq!(q.counted, "armoured_vehicles");
    let o = ex.observations.iter().find(|o| o.equipment.iter().any(|e| e.contains("btr-80"))).expect("an observation");
    let place = ex.places.iter().find(|p| p.id == o.place).unwrap();
    assert_eq!(place.name, "Tumeremo", "the town, not the state it lies in");
    assert_eq!(o.date, chrono::NaiveDate::from_ymd_opt(2023, 12, 5));
    let essequibo = ex.places.iter().find(|p| p.mentions.iter().any(|m| m.text.starts_with("Essequibo"))).expect("Essequibo");
    assert_eq!(essequibo.country.as_deref(), Some("GY"));
}

const HIMALAYA: &str = "India and China reinforce the Himalayan frontier
New Delhi, June 20, 2020 (Reuters)

India has sent more troops and T-90 tanks into eastern Ladakh after a clash with Chinese soldiers in the Galwan Valley, officials said on Saturday.
The People's Liberation Army has moved heavy artillery to positions near Pangong Lake, an Indian army officer said.
Satellite images analysed by 38 North show construction of new shelters at the Sohae launch site.
";

#[test]
fn reinforcements_on_the_himalayan_frontier() {
    let ex = extract_on(HIMALAYA, None);
    assert_eq!(ex.text_date.map(|d| d.0), chrono::NaiveDate::from_ymd_opt(2020, 6, 20), "the wire dateline");
    let at = |slug: &str| ex.observations.iter().find(|o| o.place.contains(slug)).unwrap_or_else(|| panic!("{slug}: {:?}", ex.observations));
    // the valley is more precise than the region around it, and the forces are India's, not the
    // Chinese soldiers' the sentence also names
    let galwan = at("galwan");
    assert_eq!(galwan.side.as_deref(), Some("IN"));
    assert!(galwan.equipment.iter().any(|e| e.contains("t-90")), "{galwan:?}");
    // the army that opens the sentence is the side, not the speaker's
    assert_eq!(at("pangong").side.as_deref(), Some("CN"));
    // building at a military site is seen without forces named
    assert_eq!(at("sohae").activity, "construction");
}

/// Reporting from the Taiwan Strait, written for this test: a wire dateline that opens the first
/// paragraph, a source named by its role ("the island's defence ministry said") before another clause
/// with a speaker of its own, "the ministry said" later for the ministry named before, and a source
/// that told a news agency; a clause that watches drills beside one in which a ship sails.
const STRAIT: &str = "Drills around the island
TAIPEI, April 9, 2023 (Reuters) - China's military sent 71 aircraft and nine ships towards Taiwan on Sunday, the island's defence ministry said, on the second day of drills that Beijing called a stern warning.
Taiwan's Ministry of National Defense said 45 of the aircraft had crossed the median line of the Taiwan Strait.
The PLA also moved 12 Type 071 landing ships to Xiamen, the ministry said.
A Taiwanese security official told Reuters that 30,000 Chinese troops had been moved to Fujian province.
The United States said it was watching the drills closely, and a US destroyer sailed through the Taiwan Strait on Monday.
";

#[test]
fn strait_sources_and_their_roles() {
    let ex = extract_on(STRAIT, None);
    assert_eq!(ex.text_date.map(|d| d.0), chrono::NaiveDate::from_ymd_opt(2023, 4, 9), "the dateline before the dash");
    let claimant = |value: f64| {
        let q = ex.quantities.iter().find(|q| q.value == value).unwrap_or_else(|| panic!("{value}: {:?}", ex.quantities));
        q.claimant.clone().unwrap_or_else(|| panic!("no claimant for {value}"))
    };
    // the figure's own clause closes with its source, named by role; not the capital of a later clause
    let first = claimant(71.0);
    assert_eq!((first.name.as_str(), first.role.as_str()), ("defence ministry", "ministry"), "{first:?}");
    // "the ministry" is the ministry named in the sentence before
    assert_eq!(claimant(12.0).country.as_deref(), Some("TW"), "{:?}", claimant(12.0));
    // whom a source told is not the source
    let fujian = ex.observations.iter().find(|o| o.place.contains("fujian")).unwrap_or_else(|| panic!("{:?}", ex.observations));
    assert_ne!(fujian.attributed_to.as_deref(), Some("Reuters"), "{fujian:?}");
    assert_eq!(claimant(30000.0).country.as_deref(), Some("TW"));
    // the activity of the clause that names the forces, not the drills another clause watches
    let destroyer = ex.observations.iter().find(|o| o.equipment.iter().any(|e| e.contains("destroyer"))).unwrap_or_else(|| panic!("{:?}", ex.observations));
    assert_eq!(destroyer.activity, "moving", "{destroyer:?}");
}

#[test]
fn a_bare_numbered_division_is_of_a_country_the_story_names() {
    let unit = |text: &str| {
        let ex = extract_on(text, None);
        ex.units.iter().map(|u| (u.name.clone(), u.country.clone())).next()
    };
    // the same number and echelon: Israel's division in an Israeli story, Russia's in a Russian one
    let il = unit("Israel has moved the 98th Division from Gaza to the northern border, the military said.");
    assert_eq!(il.as_ref().and_then(|u| u.1.as_deref()), Some("IL"), "{il:?}");
    let ru = unit("Russia has moved the 98th Division from Ivanovo towards Belarus, the ministry said.");
    assert_eq!(ru.as_ref().and_then(|u| u.1.as_deref()), Some("RU"), "{ru:?}");
    // a story naming neither keeps the formation without a country rather than guess one
    let none = unit("The 98th Division moved north overnight.");
    assert_eq!(none.as_ref().map(|u| u.1.clone()), Some(None), "{none:?}");
}

/// The Israel-Lebanon frontier, written for this test: an agency dateline before the story's own
/// source, a small town placed by a bearing ("east of Metula"), a region of the knowledge base.
const FRONTIER: &str = "Troops gather on the northern border
HAIFA, Oct 2, 2024 (AP) — Israel has moved the 36th Division to Kiryat Shmona, near the northern border, the military said on Wednesday.
Satellite images taken on Tuesday showed dozens of Merkava tanks at a staging area east of Metula, near the Lebanese border.
About 20,000 soldiers are now deployed in the Galilee, an Israeli official said.
";

#[test]
fn frontier_towns_by_bearing_and_the_agency_of_a_dateline() {
    let ex = extract_on(FRONTIER, None);
    let at = |slug: &str| ex.observations.iter().find(|o| o.place.contains(slug)).unwrap_or_else(|| panic!("{slug}: {:?}", ex.observations));
    // a town of 1,600 people, placed by a bearing from it, in a story that names its country
    let metula = ex.places.iter().find(|p| p.name == "Metula").unwrap_or_else(|| panic!("{:?}", ex.places));
    assert_eq!(metula.country.as_deref(), Some("IL"));
    let seen = ex.observations.iter().find(|o| o.equipment.iter().any(|e| e.contains("merkava"))).expect("the tanks are seen");
    assert_eq!(seen.place, metula.id);
    assert_eq!(seen.source_kind.as_deref(), Some("satellite_imagery"));
    assert_eq!(at("galilee").activity, "arrived");
    // the agency that sent the story is not the source of the first sentence's report
    let first = ex.observations.iter().find(|o| o.sentence.start < 120).unwrap_or_else(|| panic!("{:?}", ex.observations));
    assert_ne!(first.attributed_to.as_deref(), Some("Associated Press"), "{first:?}");
}

#[test]
fn the_border_alone_is_the_places_own_in_another_theatres_story() {
    // the theatre's country (Ukraine) is not named: "the border" is North Korea's, which Kaesong
    // lies about ten kilometres from
    let ex = extract_on("North Korea moved two battalions of rocket launchers to Kaesong, about 10 kilometers north of the border, Seoul said.", None);
    let d = ex.distances.first().unwrap_or_else(|| panic!("{:?}", ex.distances));
    assert_eq!(d.border_of.as_deref(), Some("KP"));
    assert!(d.mismatch.is_none(), "{d:?}");
    assert!(d.computed_km.is_some_and(|km| km < 25.0), "{d:?}");
}

#[test]
fn a_corps_planned_for_the_finnish_frontier() {
    let ex = extract_on(
        "Finland's defence chief said Moscow planned to station the 44th Army Corps in Petrozavodsk, in the Republic of Karelia, within a year.",
        None,
    );
    // "Army Corps" is a corps, the one the knowledge base names
    let u = ex.units.first().unwrap_or_else(|| panic!("{:?}", ex.units));
    assert_eq!((u.name.as_str(), u.echelon.as_deref(), u.country.as_deref()), ("44th Army Corps", Some("corps"), Some("RU")));
    // the capital planning to station forces is their side, not the country of the speaker
    let o = ex.observations.iter().find(|o| o.place.contains("geonames")).unwrap_or_else(|| panic!("{:?}", ex.observations));
    assert_eq!(o.side.as_deref(), Some("RU"), "{o:?}");
}

#[test]
fn the_north_is_north_korea_only_in_a_story_that_names_it() {
    let side = |text: &str| {
        let ex = extract_on(text, None);
        ex.observations.iter().find(|o| o.place.contains("geonames")).map(|o| o.side.clone())
    };
    let named = "North Korea fired artillery into the sea on Monday. The JCS said the North had also moved rocket launchers to Kaesong.";
    assert_eq!(side(named), Some(Some("KP".to_string())), "named");
    // no North Korea in the story: "the North" is no country
    let unnamed = "The JCS said the North had also moved rocket launchers to Kaesong.";
    assert_ne!(side(unnamed), Some(Some("KP".to_string())), "unnamed");
    // in lower case it is a direction, not the country
    let lower = "North Korea fired artillery on Monday. Officials said the north had also moved rocket launchers to Kaesong.";
    assert_ne!(side(lower), Some(Some("KP".to_string())), "lower case");
}

#[test]
fn the_story_s_own_countries_win_a_name_over_the_theatre() {
    // Jermuk is a town in Armenia and an alternate name of Çermik in Turkey, a theatre country of the
    // bundled config: in a story about Armenia and Azerbaijan that also names Russia, Armenia's
    let ex = extract_on(
        "Armenia's defence ministry said Azerbaijani forces had been seen near Jermuk and in the Lachin corridor, while Russia's peacekeepers stayed put.",
        None,
    );
    let jermuk = ex.places.iter().find(|p| p.mentions.iter().any(|m| m.text == "Jermuk")).unwrap_or_else(|| panic!("{:?}", ex.places));
    assert_eq!(jermuk.country.as_deref(), Some("AM"), "{jermuk:?}");
    assert!(ex.places.iter().any(|p| p.id == "region:lachin-corridor"), "{:?}", ex.places);
}

#[test]
fn another_theatre_s_small_towns_are_force_locations() {
    // district seats that GeoNames lists without a population, in a story about Serbia and Kosovo that
    // names neither Ukraine nor Russia: their own country's towns, where troops are
    let ex = extract_on(
        "Serbia reinforces its units along the Kosovo line\n\
         Serbian soldiers dug in around the village of Rudnica and near Kursumlija, officials in Pristina said.\n\
         More troops arrived at a barracks outside Bujanovac on Sunday, with army units also stationed at Novi Pazar.\n\
         The troops stayed at their posts through the week.",
        None,
    );
    for town in ["Kursumlija", "Bujanovac", "Novi Pazar"] {
        let (_, country, _, _) = place_of(&ex, town).unwrap_or_else(|| panic!("{town}: {:?}", ex.places));
        assert_eq!(country.as_deref(), Some("RS"), "{town}");
        let id = &ex.places.iter().find(|p| p.mentions.iter().any(|m| m.text == town)).unwrap().id;
        assert!(ex.observations.iter().any(|o| &o.place == id), "{town}: {:?}", ex.observations);
    }
    // the town a settlement word names ("the town of Raska") is a place's frame too
    let ex = extract_on("Serbian armour gathered in the town of Raska, a few kilometres from Kosovo.", None);
    assert_eq!(place_of(&ex, "Raska").and_then(|p| p.1).as_deref(), Some("RS"), "{:?}", ex.places);
}

#[test]
fn a_place_said_to_lie_in_a_region_is_read_there_or_not_at_all() {
    // Banjska is missing from the gazetteer and an alternate name of Bansko in Bulgaria: "in northern
    // Kosovo" says it is not Bansko
    let ex = extract_on("Gunmen barricaded themselves in a monastery in the village of Banjska, in northern Kosovo, on Sunday.", None);
    assert!(ex.places.iter().all(|p| p.country.as_deref() != Some("BG")), "{:?}", ex.places);
    // Sadarak is the other name of Sedarak: put in Nakhchivan, it is that village
    let ex = extract_on("Azerbaijani troops fired on positions near Sadarak, in Nakhchivan, the Armenian side said.", None);
    let (_, country, lat, lon) = place_of(&ex, "Sadarak").unwrap_or_else(|| panic!("{:?}", ex.places));
    assert_eq!(country.as_deref(), Some("AZ"));
    assert!(km((lat, lon), (39.71, 44.88)) < 10.0, "{lat} {lon}");
}

#[test]
fn a_business_story_elsewhere_places_no_forces() {
    // aircraft, a deployment and a base in a story with no troops, formation or weapon system
    let ex = extract_on(
        "Gulf airline orders more jets\n\
         DUBAI - The carrier said it would take 25 more aircraft for its base in Dubai from next year.\n\
         The deployment of the new jets at Abu Dhabi will follow, executives said at the air show.\n\
         Delhi and Mumbai routes will get the first aircraft.",
        None,
    );
    assert!(ex.observations.is_empty(), "{:?}", ex.observations);
}

#[test]
fn a_line_that_serves_as_a_border_is_one_for_distances() {
    let ex = extract_on("Indian troops reinforced the airstrip at Daulat Beg Oldi, about 9 km from the LAC, in 2020.", None);
    assert!(ex.distances.iter().any(|d| (d.reported_km - 9.0).abs() < 0.1), "{:?}", ex.distances);
    let ex = extract_on("North Korean artillery was moved to Kaesong, some 10 km from the DMZ, South Korea's military said.", None);
    assert!(ex.distances.iter().any(|d| (d.reported_km - 10.0).abs() < 0.1), "{:?}", ex.distances);
    // a distance to a town is none
    let ex = extract_on("Indian troops moved to Chushul, about 40 km from Leh, in 2020.", None);
    assert!(ex.distances.is_empty(), "{:?}", ex.distances);
}

#[test]
fn a_fact_sheet_by_a_ministry_named_without_its_country_gives_its_countrys_assessment() {
    let sheet = "MINISTRY OF DEFENCE - FACT SHEET\nThe force near the frontier\nIssued: 4 March 2024\n\nThe notes below set out Norway's assessment of the posture across the border.\n- Some 12,000 personnel are now stationed within 50 km of the frontier.\n";
    let ex = extract_on(sheet, None);
    let q = ex.quantities.iter().find(|q| q.value == 12000.0).expect("the figure");
    assert_eq!(q.claimant.as_ref().and_then(|c| c.country.as_deref()), Some("NO"), "{q:?}");
    // without a country whose assessment it is, the sheet's figures stay unclaimed by any country
    let sheet = "MINISTRY OF DEFENCE - FACT SHEET\nThe force near the frontier\n\n- Some 12,000 personnel are now stationed within 50 km of the frontier.\n";
    let ex = extract_on(sheet, None);
    let q = ex.quantities.iter().find(|q| q.value == 12000.0).expect("the figure");
    assert!(q.claimant.as_ref().is_none_or(|c| c.country.is_none()), "{q:?}");
}

#[test]
fn an_official_release_claims_its_own_figures() {
    let release = "PLA activity near the island: daily report\n\
        Ministry of National Defense, Republic of China (Taiwan) - Press release, 3 June 2024\n\
        In the 24 hours to 06:00 today, 31 aircraft and 9 navy vessels of the PLA were detected around the island.\n\
        A US official said 12 of the aircraft had crossed the median line.";
    let ex = extract_on(release, None);
    let by = |v: f64| ex.quantities.iter().find(|q| q.value == v).and_then(|q| q.claimant.as_ref().and_then(|c| c.country.clone()));
    assert_eq!(by(31.0).as_deref(), Some("TW"), "{:?}", ex.quantities);
    assert_eq!(by(9.0).as_deref(), Some("TW"));
    // a figure someone else gives stays theirs
    assert_eq!(by(12.0).as_deref(), Some("US"));
    // a report about a country is not by it ("Intelligence update: Azerbaijan's offensive")
    let update = "Intelligence update: Azerbaijan's offensive in Karabakh\n20/09/2023\n1. Some 2,000 troops moved towards the Lachin corridor overnight.";
    let ex = extract_on(update, None);
    let q = ex.quantities.iter().find(|q| q.value == 2000.0).expect("the figure");
    assert_ne!(q.claimant.as_ref().and_then(|c| c.country.as_deref()), Some("AZ"), "{q:?}");
    // a news story's header is no release
    let story = "Taiwan's defence ministry says China sent jets\nTAIPEI, June 3 (Wire) - Some 31 aircraft were seen near the island, in 2024.";
    let ex = extract_on(story, None);
    let q = ex.quantities.iter().find(|q| q.value == 31.0).expect("the figure");
    assert!(q.claimant.as_ref().is_none_or(|c| c.name != "Ministry of National Defense"), "{q:?}");
    // the body's name above the line that says what it issues, its country after "of"
    let release = "OPERATIONAL COMMAND OF THE MINISTRY OF NATIONAL DEFENCE OF THE REPUBLIC OF POLAND
Press Office

14.03.2024 10:00, Warsaw

        About 3,500 Russian troops and 40 aircraft took part in the drills near the border, which ended on Monday.";
    let ex = extract_on(release, None);
    let q = ex.quantities.iter().find(|q| q.value == 3500.0).expect("the figure");
    assert_eq!(q.claimant.as_ref().and_then(|c| c.country.as_deref()), Some("PL"), "{q:?}");
    assert_eq!(ex.text_date.map(|d| d.0), chrono::NaiveDate::from_ymd_opt(2024, 3, 14));
}

#[test]
fn another_theatre_s_towns_after_a_locative_word_need_no_other_place_near() {
    // a story on Guyana that names Russia once in passing is still about another theatre; its small
    // towns after "at", "to", "near" are found though no other place of the story lies near them
    let ex = extract_on(
        "Guyana moves troops to its western frontier\n\
         The Guyana Defence Force has flown soldiers to Mahdia and reinforced its posts at Mabaruma, officials said.\n\
         Venezuelan troops were seen across the river, and Guyanese troops dug in near Bartica overnight.\n\
         Venezuela has flown Russian-made jets over the area, and more Guyanese soldiers are expected.",
        None,
    );
    for (town, lat, lon) in [("Mahdia", 5.28, -59.15), ("Mabaruma", 8.20, -59.78), ("Bartica", 6.41, -58.62)] {
        let (_, country, la, lo) = place_of(&ex, town).unwrap_or_else(|| panic!("{town}: {:?}", ex.places));
        assert_eq!(country.as_deref(), Some("GY"), "{town}");
        assert!(km((la, lo), (lat, lon)) < 10.0, "{town}");
    }
    // or in a list after a place found ("at Lethem, Mahdia and Bartica")
    let ex = extract_on(
        "Guyana reinforces its posts\n\
         Guyanese troops were flown to Georgetown, Mahdia and Mabaruma on Monday.\n\
         More Guyanese soldiers and Venezuelan troops moved near the river, officials said.",
        None,
    );
    assert_eq!(place_of(&ex, "Mahdia").and_then(|p| p.1).as_deref(), Some("GY"), "{:?}", ex.places);
    // a name beside another capitalised word is a person's, even after a locative word
    let ex = extract_on(
        "Guyana's army reinforces its posts\n\
         Guyanese troops were sent to the border, and the minister spoke to Parika Jones about it.\n\
         More Guyanese soldiers and Venezuelan troops moved near the river, officials said.",
        None,
    );
    assert!(place_of(&ex, "Parika").is_none(), "{:?}", ex.places);
    // and in a story on the configured theatre small towns far from the others stay unread
    let ex = extract("Russian troops moved near Belgorod, and officials spoke at Parika on Monday.");
    assert!(place_of(&ex, "Parika").is_none(), "{:?}", ex.places);
}

#[test]
fn a_name_with_its_article_is_a_place() {
    let ex = extract_on("The ruling of the tribunal in The Hague was rejected by Beijing, whose ships stayed at the shoal.", None);
    assert_eq!(place_of(&ex, "Hague").and_then(|p| p.1).as_deref(), Some("NL"), "{:?}", ex.places);
    // a title's article before a word that names a place by another name does not make it one
    let ex = extract("He said the novel should have been sold like The Name of the Rose.");
    assert!(ex.places.is_empty(), "{:?}", ex.places);
}

#[test]
fn a_multinational_mission_is_a_unit_in_any_casing_its_names_share() {
    // KFOR, spelt in capitals by one entry and "Kfor" by another: a formation, and still matched as "Kfor"
    for text in ["KFOR sent 200 more troops to Zvecan on Monday.", "Kfor sent 200 more troops to Zvecan on Monday."] {
        let ex = extract(text);
        assert!(ex.units.iter().any(|u| u.id == "unit:nato-kfor"), "{text}: {:?}", ex.units);
    }
    let ex = extract("MINUSMA handed its camp near Ber to the Malian army.");
    assert!(ex.units.iter().any(|u| u.id == "unit:un-minusma"), "{:?}", ex.units);
}

#[test]
fn an_island_beside_a_port_is_a_place_of_its_own() {
    // an island named after a port in a list is where boats are too, not the port's qualifier
    let ex = extract("The IRGC Navy keeps hundreds of fast attack craft at Bandar Abbas and on the island of Abu Musa.");
    let observed: Vec<&str> = ex.observations.iter().filter_map(|o| ex.places.iter().find(|p| p.id == o.place)).map(|p| p.name.as_str()).collect();
    assert!(observed.iter().any(|n| n.contains("Abu Musa")), "{observed:?}");
    assert!(observed.iter().any(|n| n.contains("Bandar")), "{observed:?}");
}
