//! The gazetteer: every place muster can name, with a folded-name index.

use crate::text::fold;
use crate::names::NameIndex;
use crate::places_file::{index_key, multiword_hashes, name_hash, word_count};
use muster_kb::KnowledgeBase;
use muster_model::PlaceKind;
use serde::Deserialize;
use std::borrow::Cow;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// The reviewed source of the GeoNames places (read by the build script, and by tests).
#[cfg(test)]
pub(crate) const PLACES_GZ: &[u8] = include_bytes!("../../../data/geo/places.tsv.gz");
/// Those places in the compact form the build script makes of them.
pub(crate) const PLACES_BIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/places.bin"));
const ADMIN1_TSV: &str = include_str!("../../../data/geo/admin1.tsv");
const COUNTRIES_TSV: &str = include_str!("../../../data/geo/countries.tsv");
const REGIONS_TOML: &str = include_str!("../../../data/geo/regions.toml");
const PLACES_EXTRA_TOML: &str = include_str!("../../../data/geo/places_extra.toml");

/// Index of an entry in the gazetteer.
pub type EntryId = u32;

/// One place of the gazetteer.
#[derive(Debug, Clone)]
pub struct GeoEntry {
    /// Stable id: `geonames:<id>`, `site:<slug>`, `country:<iso>`, `admin1:<cc>.<code>`, `region:<slug>`.
    /// (The strings of bundled GeoNames places are borrowed from the compact form in the binary.)
    pub id: Cow<'static, str>,
    pub name: Cow<'static, str>,
    pub lat: f64,
    pub lon: f64,
    /// ISO alpha-2 of the country it lies in (de jure).
    pub country: Option<Cow<'static, str>>,
    /// Who holds it when that differs (Crimea: RU).
    pub controlled_by: Option<String>,
    pub admin1: Option<Cow<'static, str>>,
    /// GeoNames feature code (`PPLC`, `PPLA`, `PPL`...), or empty for curated entries.
    pub feature_code: Cow<'static, str>,
    pub kind: PlaceKind,
    pub site_kind: Option<String>,
    pub population: u64,
    /// From a reviewed data file (sites, regions, countries) rather than bulk GeoNames.
    pub curated: bool,
    /// Rough extent in km (0 for points).
    pub radius_km: f64,
}

#[derive(Deserialize)]
struct ExtraFile {
    place: Vec<ExtraPlace>,
}

#[derive(Deserialize)]
struct ExtraPlace {
    slug: String,
    name: String,
    country: String,
    lat: f64,
    lon: f64,
    aliases: Vec<String>,
    #[allow(dead_code)]
    source: String,
}

#[derive(Deserialize)]
struct RegionFile {
    region: Vec<RegionEntry>,
}

#[derive(Deserialize)]
struct RegionEntry {
    slug: String,
    name: String,
    kind: String,
    country: Option<String>,
    controlled_by: Option<String>,
    lat: f64,
    lon: f64,
    radius_km: f64,
    aliases: Vec<String>,
    #[allow(dead_code)]
    source: String,
}

/// What differs between kinds of curated entries.
struct CuratedExtra {
    controlled_by: Option<String>,
    site_kind: Option<String>,
    radius_km: f64,
}

/// The keys a misspelling may mean, under the hash of each of their one-letter deletions (and of
/// themselves): a query's deletions meet them there, and a candidate is checked by edit distance, so a
/// hash collision costs a comparison, never a wrong answer.
struct Fuzzy {
    keys: Vec<String>,
    /// (hash of a deletion, key, entry), sorted.
    by_deletion: Vec<(u64, u32, EntryId)>,
    /// Where in `by_deletion` the hashes of each value of their top [`BUCKET_BITS`] bits start (and,
    /// one further, end): a look-up searches a bucket of one or two, not the million.
    buckets: Vec<u32>,
}

/// Top bits of a deletion hash that pick its bucket.
const BUCKET_BITS: u32 = 20;

impl Fuzzy {
    fn new(keys: Vec<String>, by_deletion: Vec<(u64, u32, EntryId)>) -> Fuzzy {
        let mut buckets = Vec::with_capacity((1 << BUCKET_BITS) + 1);
        let mut at = 0;
        for b in 0..=(1u64 << BUCKET_BITS) {
            while at < by_deletion.len() && by_deletion[at].0 >> (64 - BUCKET_BITS) < b {
                at += 1;
            }
            buckets.push(u32::try_from(at).expect("fewer than 2^32 deletions"));
        }
        Fuzzy { keys, by_deletion, buckets }
    }

    /// The (key, entry) pairs with a deletion of this hash, in order.
    fn with_hash(&self, h: u64) -> impl Iterator<Item = &(u64, u32, EntryId)> {
        let b = (h >> (64 - BUCKET_BITS)) as usize;
        let bucket = &self.by_deletion[self.buckets[b] as usize..self.buckets[b + 1] as usize];
        let from = bucket.partition_point(|e| e.0 < h);
        bucket[from..].iter().take_while(move |e| e.0 == h)
    }
}

/// Base of the polynomial string hash of deletions (odd).
const DELETION_BASE: u64 = 0x0000_0100_0000_01b3;

/// A string's polynomial hash (sum of its bytes times powers of the base), spread by one more
/// multiplication so that its top bits, which pick its bucket, depend on all of it.
fn spread(h: u64) -> u64 {
    h.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Calls `f` with the hash of `key` without each of its bytes in turn, then of `key` itself. A
/// polynomial hash depends only on the string, not on how it was made, so the deletions are sums of a
/// prefix and a suffix part: a step each, not a pass over the key each.
fn deletion_hashes(key: &[u8], mut f: impl FnMut(u64)) {
    let n = key.len();
    // suffix[i]: bytes i.. with the weights they have in the whole key; power[k]: the base to the k
    let (mut suffix, mut power) = (vec![0u64; n + 1], vec![1u64; n + 1]);
    for i in (0..n).rev() {
        suffix[i] = suffix[i + 1].wrapping_add(u64::from(key[i]).wrapping_mul(power[n - 1 - i]));
        power[n - i] = power[n - 1 - i].wrapping_mul(DELETION_BASE);
    }
    // the hash of bytes ..i, as a string of its own
    let mut prefix = 0u64;
    for i in 0..n {
        f(spread(prefix.wrapping_mul(power[n - 1 - i]).wrapping_add(suffix[i + 1])));
        prefix = prefix.wrapping_mul(DELETION_BASE).wrapping_add(u64::from(key[i]));
    }
    f(spread(prefix));
}

/// Words a region's name may be made of that name no region by themselves ("Central", "Eastern").
const GENERIC: &[&str] = &[
    "central", "centre", "center", "north", "south", "east", "west", "northern", "southern", "eastern",
    "western", "northeast", "northwest", "southeast", "southwest", "capital", "coast", "coastal", "nord",
    "sud", "est", "ouest", "centro", "norte", "sur", "oriental", "occidental", "upper", "lower", "greater",
    "island", "islands", "lakes", "lake", "littoral", "interior", "border", "frontier", "mountain",
    "mountains", "highlands", "plateau", "valley", "river", "rivers", "bay", "delta", "national", "federal",
    "district", "region", "province", "city", "metropolitan", "special", "autonomous", "free", "union",
    "republic", "distrito", "nct", "jewish", "far", "mid", "middle", "area", "territory", "state",
    "department", "county", "governorate", "division", "zone", "quarter", "municipality", "prefecture",
    "somali", "balkan", "maritime", "unity", "gulf", "pool", "mono", "meta", "para", "lacs", "plateaux",
    "savanes", "collines", "cascades", "centrale", "atlantique", "estuaire",
];

/// What the resolver asks of every reading of a name, for each entry in one dense array (eight
/// bytes, where a [`GeoEntry`] takes two hundred and its country code sits behind a pointer): a
/// name's readings are scattered over the entries, and this keeps a look at hundreds of them to
/// one cache line each.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Brief {
    /// Population (saturated at u32::MAX).
    pub population: u32,
    /// The country code as [`crate::resolve::country_code`] packs it, or 0.
    pub country: u16,
    /// [`Brief::CURATED`], [`Brief::COUNTRY`], [`Brief::CAPITAL`].
    pub flags: u8,
}

impl Brief {
    /// From a reviewed data file.
    pub const CURATED: u8 = 1;
    /// A country.
    pub const COUNTRY: u8 = 2;
    /// A national capital, or a regional seat of 20,000 or more.
    pub const CAPITAL: u8 = 4;

    fn of(g: &GeoEntry) -> Brief {
        let mut flags = 0;
        if g.curated {
            flags |= Brief::CURATED;
        }
        if g.kind == PlaceKind::Country {
            flags |= Brief::COUNTRY;
        }
        if g.feature_code == "PPLC" || (g.feature_code == "PPLA" && g.population >= 20_000) {
            flags |= Brief::CAPITAL;
        }
        // a district's seat of unrecorded size (GeoNames gives many a population of 0) counts as a
        // small town
        let seat = matches!(g.feature_code.as_ref(), "PPLA" | "PPLA2" | "PPLA3");
        let population = if seat { g.population.max(1000) } else { g.population };
        Brief {
            population: u32::try_from(population).unwrap_or(u32::MAX),
            country: g.country.as_deref().map_or(0, crate::resolve::country_code),
            flags,
        }
    }

    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// All places, indexed by folded name.
pub struct Gazetteer {
    pub entries: Vec<GeoEntry>,
    /// Per entry, what the resolver asks of it most.
    pub(crate) briefs: Vec<Brief>,
    index: NameIndex,
    /// Where [`Gazetteer::add_name`] folds a name (one buffer, not one string per name).
    scratch: String,
    /// Keys of curated names that a writer may start in lower case ("western Russia").
    lowercase_keys: HashSet<String>,
    /// The countries whose places a misspelt name may mean (the theatre's).
    fuzzy_countries: Vec<String>,
    /// Delete-one neighbourhood of the keys a misspelt name may mean (long enough, of a curated or
    /// theatre place), made the first time a misspelling is looked for.
    fuzzy: std::sync::OnceLock<Fuzzy>,
    /// (country, admin1 code) -> admin-region entry.
    admin: HashMap<(String, String), EntryId>,
    /// A first-level region's own name without its kind, folded -> the regions so named, for "<name>
    /// state", "<name> province" where a city's name hides the region's ("Sucre state").
    admin_named: HashMap<String, Vec<EntryId>>,
    /// Country code -> country entry.
    countries: HashMap<String, EntryId>,
    /// First words of names of more than one word.
    multiword_starts: HashSet<u64>,
    /// Word prefixes (two words or more) of names of more than one word.
    multiword_prefixes: HashSet<u64>,
    /// First words of curated names written in lower case.
    lowercase_starts: HashSet<String>,
    /// First bytes of those words.
    lowercase_first_bytes: [bool; 256],
    /// Folded names of countries.
    country_keys: HashSet<String>,
    pub max_words: usize,
}

impl Gazetteer {
    /// Loads the bundled data and the knowledge base's sites and countries.
    pub fn new(kb: &KnowledgeBase) -> Gazetteer {
        let mut g = Gazetteer {
            entries: Vec::with_capacity(240_000),
            briefs: Vec::new(),
            index: NameIndex::with_capacity(1_300_000, 16_000_000),
            scratch: String::new(),
            lowercase_keys: HashSet::default(),
            fuzzy_countries: Vec::new(),
            fuzzy: std::sync::OnceLock::new(),
            admin: HashMap::default(),
            admin_named: HashMap::default(),
            countries: HashMap::default(),
            multiword_starts: HashSet::default(),
            multiword_prefixes: HashSet::default(),
            lowercase_starts: HashSet::default(),
            lowercase_first_bytes: [false; 256],
            country_keys: HashSet::default(),
            max_words: 1,
        };
        g.load_countries(kb);
        g.load_regions();
        g.load_sites(kb);
        g.load_extra_places();
        g.load_places();
        g.load_admin1();
        g.fuzzy_countries = kb.theatre.countries.iter().chain([&kb.theatre.country_of_interest]).cloned().collect();
        g.sort_readings();
        g.briefs = g.entries.iter().map(Brief::of).collect();
        g
    }

    fn push(&mut self, e: GeoEntry, names: impl IntoIterator<Item = String>) -> EntryId {
        let id = self.entries.len() as EntryId;
        let curated = e.curated;
        self.entries.push(e);
        for n in names {
            self.add_name(&n, id, curated);
        }
        id
    }

    fn add_name(&mut self, name: &str, id: EntryId, curated: bool) {
        // "the Black Sea" is found as "Black Sea": a leading article never starts a name, which keeps
        // the most frequent word of English out of the name index
        let mut folded = std::mem::take(&mut self.scratch);
        folded.clear();
        crate::text::fold_into(name, &mut folded);
        self.add_folded(name, &folded, id, curated);
        self.scratch = folded;
    }

    fn add_folded(&mut self, name: &str, folded: &str, id: EntryId, curated: bool) {
        let Some((key, words)) = index_key(folded) else { return };
        let name = name.strip_prefix("the ").unwrap_or(name);
        self.max_words = self.max_words.max(words);
        let (starts, prefixes) = (&mut self.multiword_starts, &mut self.multiword_prefixes);
        multiword_hashes(key, words, |h| {
            starts.insert(h);
        }, |h| {
            prefixes.insert(h);
        });
        if curated && name.chars().next().is_some_and(|c| c.is_lowercase()) {
            self.lowercase_keys.insert(key.to_string());
            let first = key.split(' ').next().unwrap_or("");
            if let Some(&b) = first.as_bytes().first() {
                self.lowercase_first_bytes[b as usize] = true;
            }
            self.lowercase_starts.insert(first.to_string());
        }
        self.index.insert(key, id);
    }

    fn load_countries(&mut self, kb: &KnowledgeBase) {
        for line in COUNTRIES_TSV.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 7 {
                continue;
            }
            let code = f[0].to_string();
            let (lat, lon) = (f[3].parse().unwrap_or(0.0), f[4].parse().unwrap_or(0.0));
            let kbc = kb.country(&code);
            let mut names = vec![f[1].to_string()];
            if let Some(c) = kbc {
                names.push(c.name.clone());
                names.extend(c.aliases.iter().cloned());
            }
            let entry = GeoEntry {
                id: format!("country:{code}").into(),
                name: kbc.map(|c| c.name.clone()).unwrap_or_else(|| f[1].to_string()).into(),
                lat,
                lon,
                country: Some(code.clone().into()),
                controlled_by: None,
                admin1: None,
                feature_code: "PCLI".into(),
                kind: PlaceKind::Country,
                site_kind: None,
                population: f[6].parse().unwrap_or(0),
                curated: true,
                radius_km: 300.0,
            };
            for n in &names {
                self.country_keys.insert(fold(n));
            }
            let id = self.push(entry, names);
            self.countries.insert(code, id);
        }
    }

    /// Adds a curated entry (region, site, extra settlement) under its name and aliases.
    fn push_curated(&mut self, id: String, name: String, aliases: Vec<String>, at: (f64, f64), country: Option<String>, kind: PlaceKind, extra: CuratedExtra) {
        let mut names = vec![name.clone()];
        names.extend(aliases);
        let entry = GeoEntry {
            id: id.into(),
            name: name.into(),
            lat: at.0,
            lon: at.1,
            country: country.map(Cow::Owned),
            controlled_by: extra.controlled_by,
            admin1: None,
            feature_code: if kind == PlaceKind::PopulatedPlace { "PPL".into() } else { "".into() },
            kind,
            site_kind: extra.site_kind,
            population: 0,
            curated: true,
            radius_km: extra.radius_km,
        };
        self.push(entry, names);
    }

    fn load_regions(&mut self) {
        let file: RegionFile = toml::from_str(REGIONS_TOML).expect("bundled regions.toml parses");
        for r in file.region {
            let kind = match r.kind.as_str() {
                "admin_region" => PlaceKind::AdminRegion,
                "water_body" => PlaceKind::WaterBody,
                _ => PlaceKind::Other,
            };
            let extra = CuratedExtra { controlled_by: r.controlled_by, site_kind: None, radius_km: r.radius_km };
            self.push_curated(format!("region:{}", r.slug), r.name, r.aliases, (r.lat, r.lon), r.country, kind, extra);
        }
    }

    fn load_sites(&mut self, kb: &KnowledgeBase) {
        for s in &kb.sites {
            let extra = CuratedExtra { controlled_by: s.controlled_by.clone(), site_kind: Some(s.kind.clone()), radius_km: 5.0 };
            let id = format!("site:{}", s.slug);
            self.push_curated(id, s.name.clone(), s.aliases.clone(), (s.lat, s.lon), Some(s.country.clone()), PlaceKind::MilitarySite, extra);
        }
    }

    fn load_extra_places(&mut self) {
        let file: ExtraFile = toml::from_str(PLACES_EXTRA_TOML).expect("bundled places_extra.toml parses");
        for p in file.place {
            let extra = CuratedExtra { controlled_by: None, site_kind: None, radius_km: 0.0 };
            self.push_curated(format!("place:{}", p.slug), p.name, p.aliases, (p.lat, p.lon), Some(p.country), PlaceKind::PopulatedPlace, extra);
        }
    }

    /// The GeoNames places, from the compact form the build script made of them: entries in file
    /// order, each of their index keys (folded already) into the index.
    fn load_places(&mut self) {
        let (entries, index) = (&mut self.entries, &mut self.index);
        let (starts, prefixes) = (&mut self.multiword_starts, &mut self.multiword_prefixes);
        // the build script counted the keys' words and hashed their prefixes already (unless its
        // hash differs from ours: then they are hashed here)
        let facts = crate::places_file::key_facts(PLACES_BIN).expect("the bundled places file, made by the build script, reads");
        self.max_words = self.max_words.max(facts.max_words);
        if let Some((s, p)) = &facts.hashes {
            starts.extend(s.iter());
            prefixes.extend(p.iter());
        }
        crate::places_file::each_row(PLACES_BIN, |p, keys| {
            let id = entries.len() as EntryId;
            entries.push(GeoEntry {
                id: Cow::Borrowed(p.gid),
                name: Cow::Borrowed(p.name),
                lat: p.lat,
                lon: p.lon,
                country: Some(Cow::Borrowed(p.country)),
                controlled_by: None,
                admin1: (!p.admin1.is_empty()).then_some(Cow::Borrowed(p.admin1)),
                feature_code: Cow::Borrowed(p.feature_code),
                kind: PlaceKind::PopulatedPlace,
                site_kind: None,
                population: p.population,
                curated: false,
                radius_km: 0.0,
            });
            for key in keys {
                if facts.hashes.is_none() {
                    multiword_hashes(key, word_count(key), |h| {
                        starts.insert(h);
                    }, |h| {
                        prefixes.insert(h);
                    });
                }
                index.insert(key, id);
            }
        })
        .expect("the bundled places file, made by the build script, reads");
    }

    /// First-level regions (admin1.tsv): each is found by "<seat> region" ([`Gazetteer::admin_region`]),
    /// and by its own name where that name says something a place's name does not ([`admin1_names`]).
    fn load_admin1(&mut self) {
        for line in ADMIN1_TSV.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 6 {
                continue;
            }
            let (cc, code, seat) = (f[0].to_string(), f[1].to_string(), f[2]);
            let population: u64 = f.get(6).and_then(|p| p.parse().ok()).unwrap_or(0);
            let own_name = f.get(7).copied().unwrap_or("");
            let (names, shown) = self.admin1_names(own_name, seat, population);
            let entry = GeoEntry {
                id: format!("admin1:{cc}.{code}").into(),
                name: shown.into(),
                lat: f[3].parse().unwrap_or(0.0),
                lon: f[4].parse().unwrap_or(0.0),
                country: Some(cc.clone().into()),
                controlled_by: None,
                admin1: Some(code.clone().into()),
                feature_code: "ADM1".into(),
                kind: PlaceKind::AdminRegion,
                site_kind: None,
                population,
                // a region found by its own name competes with places of that name on their terms
                curated: names.is_empty(),
                radius_km: 100.0,
            };
            let id = self.push(entry, names);
            self.admin.insert((cc, code), id);
            let bare = own_name.trim().strip_suffix(" State").or_else(|| own_name.trim().strip_suffix(" Province")).unwrap_or(own_name.trim());
            let key = fold(bare);
            if !key.is_empty() && !key.split(' ').all(|w| GENERIC.contains(&w)) {
                self.admin_named.entry(key).or_default().push(id);
            }
        }
    }

    /// The names a first-level region is indexed under: its GeoNames name ("Khuzestan", "Gyeonggi-do")
    /// and that name without its kind ("Gyeonggi", "Anhui"), each only where it cannot be taken for
    /// something better known: not the name of a country or a curated entry, not the name of a place
    /// with a fifth of the region's population or more ("New York", "Kiev", "Seoul": the city is meant),
    /// not a spelling of the seat's name two letters away ("Voronezj"), not a bare direction or
    /// landform ("Central", "Eastern").
    /// Also returns the name to show: the GeoNames name, without a romanised kind ("Qinghai", not
    /// "Qinghai Sheng"), or "<seat> region" where the GeoNames name is an adjective ("Krasnodarskiy").
    fn admin1_names(&self, name: &str, seat: &str, population: u64) -> (Vec<String>, String) {
        // the kinds a name may end in, and whether the kind is romanised rather than English
        const KINDS: &[(&str, bool)] = &[
            (" Autonomous Region", false), (" Autonomous Oblast", false), (" Autonomous Okrug", false),
            (" Avtonomnyy Okrug", true), (" Zhuangzu Zizhiqu", true), (" Uygur Zizhiqu", true), (" Huizu Zizhiqu", true),
            (" Zizhiqu", true), (" Sheng", true), (" Shi", true), (" Province", false), (" Oblast", false),
            (" Oblast'", false), (" Krai", false), (" Kray", false), (" Voivodeship", false), (" Governorate", false),
            (" Prefecture", false), (" Region", false), (" Territory", false), ("-do", false),
        ];
        const PREFIXES: &[&str] = &["Republic of ", "Respublika ", "Province of ", "State of "];
        const ADJECTIVE_ENDINGS: &[&str] = &["skaya", "skiy", "s'ka", "s'kyi", "ts'ka"];
        let by_seat = format!("{seat} region");
        let name = name.trim();
        if name.is_empty() {
            return (Vec::new(), by_seat);
        }
        let mut forms = vec![name.to_string()];
        let mut bare = name;
        for p in PREFIXES {
            bare = bare.strip_prefix(p).unwrap_or(bare);
        }
        let mut romanised = false;
        for &(kind, romanised_kind) in KINDS {
            if let Some(b) = bare.strip_suffix(kind) {
                bare = b;
                romanised = romanised_kind;
                break;
            }
        }
        if bare != name {
            forms.push(bare.to_string());
        }
        // a bearing written as an adjective in GeoNames and as a noun by reporters ("Northern
        // Darfur" is "North Darfur", "Western Bahr el Ghazal" "West Bahr el Ghazal")
        for (adjective, noun) in [("Northern ", "North "), ("Southern ", "South "), ("Eastern ", "East "), ("Western ", "West ")] {
            if let Some(rest) = bare.strip_prefix(adjective) {
                forms.push(format!("{noun}{rest}"));
            }
        }
        let seat = fold(seat);
        forms.retain(|form| {
            let folded = fold(form);
            let Some((key, _)) = index_key(&folded) else { return false };
            let known = self.lookup(key).iter().any(|&e| {
                let g = self.entry(e);
                g.kind == PlaceKind::Country || g.curated || g.kind == PlaceKind::PopulatedPlace && g.population.saturating_mul(5) >= population
            });
            key.chars().count() >= 4
                && !known
                && !key.split(' ').all(|w| GENERIC.contains(&w))
                && strsim::levenshtein(key, &seat) > 2
        });
        let shown = if forms.is_empty() || ADJECTIVE_ENDINGS.iter().any(|e| name.ends_with(e)) {
            by_seat
        } else if romanised && forms.iter().any(|f| f == bare) {
            bare.to_string()
        } else {
            name.to_string()
        };
        (forms, shown)
    }

    /// Orders every name's readings: curated first, then by population, so that the resolver can look
    /// at the likeliest readings of a very common name only.
    fn sort_readings(&mut self) {
        let entries = &self.entries;
        for ids in self.index.lists_mut() {
            ids.sort_by(|&a, &b| {
                let (ea, eb) = (&entries[a as usize], &entries[b as usize]);
                eb.curated.cmp(&ea.curated).then(eb.population.cmp(&ea.population)).then(a.cmp(&b))
            });
        }
    }

    /// Whether a misspelling may mean each entry: a curated place, or a theatre place of some size.
    fn fuzzy_relevant(&self) -> Vec<bool> {
        let theatre: HashSet<&str> = self.fuzzy_countries.iter().map(String::as_str).collect();
        let relevant = |e: &GeoEntry| {
            e.curated && e.kind != PlaceKind::Country || e.population >= 1000 && e.country.as_deref().is_some_and(|c| theatre.contains(c))
        };
        self.entries.iter().map(relevant).collect()
    }

    /// Whether a folded word names a country.
    pub fn is_country_name(&self, key: &str) -> bool {
        self.country_keys.contains(key)
    }

    /// Whether some curated name written in lower case starts with this byte.
    pub fn may_start_lowercase_name(&self, first: u8) -> bool {
        self.lowercase_first_bytes[first as usize]
    }

    /// Whether some curated name written in lower case starts with this folded word.
    pub fn starts_lowercase_name(&self, word: &str) -> bool {
        word.as_bytes().first().is_some_and(|&b| self.lowercase_first_bytes[b as usize]) && self.lowercase_starts.contains(word)
    }

    /// Whether some name of more than one word starts with these folded words.
    pub fn starts_multiword_with(&self, prefix: &str) -> bool {
        self.multiword_prefixes.contains(&name_hash(prefix))
    }

    /// Whether some name of more than one word starts with this folded word.
    pub fn starts_multiword(&self, word: &str) -> bool {
        self.multiword_starts.contains(&name_hash(word))
    }

    /// Entries whose names fold to `key`.
    pub fn lookup(&self, key: &str) -> &[EntryId] {
        self.index.get(key)
    }

    /// Whether a curated name with this key is written in lower case ("western Russia").
    pub fn lowercase_allowed(&self, key: &str) -> bool {
        self.lowercase_keys.contains(key)
    }

    /// Entries whose names are one edit (insertion, deletion or substitution) away from `key`.
    pub fn lookup_fuzzy(&self, key: &str) -> Vec<EntryId> {
        let mut out = Vec::new();
        if key.len() < 6 || !key.is_ascii() {
            return out;
        }
        let fuzzy = self.fuzzy.get_or_init(|| self.build_fuzzy());
        deletion_hashes(key.as_bytes(), |h| {
            for &(_, kidx, id) in fuzzy.with_hash(h) {
                if !out.contains(&id) && edit_distance_le1(&fuzzy.keys[kidx as usize], key) {
                    out.push(id);
                }
            }
        });
        out
    }

    /// Builds what is otherwise built on first need (the misspelling index), for long-running callers
    /// and benchmarks.
    pub fn warm_up(&self) {
        self.fuzzy.get_or_init(|| self.build_fuzzy());
    }

    /// The misspelling index over the keys of curated and theatre places.
    fn build_fuzzy(&self) -> Fuzzy {
        let (mut keys, mut by_deletion) = (Vec::new(), Vec::new());
        let relevant_entry = self.fuzzy_relevant();
        let mut relevant: Vec<EntryId> = Vec::new();
        let keep = |len: usize, ids: &[EntryId]| len >= 6 && ids.iter().any(|&id| relevant_entry[id as usize]);
        for (key, ids) in self.index.iter_where(keep) {
            if key.len() < 9 && key.contains(' ') || !key.is_ascii() {
                continue;
            }
            relevant.clear();
            relevant.extend(ids.iter().copied().filter(|&id| relevant_entry[id as usize]));
            relevant.sort_unstable();
            if relevant.is_empty() {
                continue;
            }
            let kidx = keys.len() as u32;
            keys.push(key.to_string());
            deletion_hashes(key.as_bytes(), |h| by_deletion.extend(relevant.iter().map(|&id| (h, kidx, id))));
        }
        // made in (key, entry) order already: a stable sort by hash puts them in (hash, key, entry) order
        sort_by_hash(&mut by_deletion);
        Fuzzy::new(keys, by_deletion)
    }

    /// The first-level regions whose own name (without its kind) folds to `key`.
    pub(crate) fn admin_named(&self, key: &str) -> &[EntryId] {
        self.admin_named.get(key).map_or(&[], Vec::as_slice)
    }

    /// The first-level region with this country and admin1 code.
    pub fn admin_region(&self, country: &str, admin1: &str) -> Option<EntryId> {
        self.admin.get(&(country.to_string(), admin1.to_string())).copied()
    }

    /// The country entry for an ISO code.
    pub fn country(&self, code: &str) -> Option<EntryId> {
        self.countries.get(code).copied()
    }

    pub(crate) fn brief(&self, id: EntryId) -> Brief {
        self.briefs[id as usize]
    }

    pub fn entry(&self, id: EntryId) -> &GeoEntry {
        &self.entries[id as usize]
    }

    /// Resolves a free-text place name outside any document ("Oktyabrskoye airfield, Crimea").
    pub fn resolve_name(&self, name: &str, opts: &crate::ResolveOptions) -> Option<EntryId> {
        let found = self.find_places(name, opts);
        found.first().map(|m| m.entry)
    }
}

/// Sorts by the hash, keeping the order of equal hashes (a radix sort, 16 bits a pass: a million
/// entries cost a fifth of a comparison sort).
fn sort_by_hash(v: &mut Vec<(u64, u32, EntryId)>) {
    let mut from = std::mem::take(v);
    let mut to = from.clone();
    for pass in 0..4 {
        let digit = |e: &(u64, u32, EntryId)| ((e.0 >> (16 * pass)) & 0xFFFF) as usize;
        let mut at = vec![0usize; 1 << 16];
        for e in &from {
            at[digit(e)] += 1;
        }
        let mut sum = 0;
        for slot in at.iter_mut() {
            let n = *slot;
            *slot = sum;
            sum += n;
        }
        for e in &from {
            let d = digit(e);
            to[at[d]] = *e;
            at[d] += 1;
        }
        std::mem::swap(&mut from, &mut to);
    }
    *v = from;
}

fn edit_distance_le1(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let (mut i, mut j, mut edits) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        edits += 1;
        if edits > 1 {
            return false;
        }
        match a.len().cmp(&b.len()) {
            std::cmp::Ordering::Greater => i += 1,
            std::cmp::Ordering::Less => j += 1,
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    edits + (a.len() - i) + (b.len() - j) <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiword_hashes_are_the_first_word_and_every_longer_prefix() {
        let (mut starts, mut prefixes) = (Vec::new(), Vec::new());
        multiword_hashes("rostov on don", 3, |h| starts.push(h), |h| prefixes.push(h));
        assert_eq!(starts, vec![name_hash("rostov")]);
        assert_eq!(prefixes, vec![name_hash("rostov on"), name_hash("rostov on don")]);
        let (mut starts, mut prefixes) = (Vec::new(), Vec::new());
        multiword_hashes("kyiv", 1, |h| starts.push(h), |h| prefixes.push(h));
        assert!(starts.is_empty() && prefixes.is_empty());
        assert_eq!(index_key("the black sea"), Some(("black sea", 2)));
        assert_eq!(index_key("a b c d e f g"), None);
    }

    #[test]
    fn every_bundled_name_folds_as_the_transliterated_name_does() {
        use std::io::Read;
        let mut text = String::new();
        flate2::read::GzDecoder::new(PLACES_GZ).read_to_string(&mut text).unwrap();
        let (mut ours, mut checked) = (String::new(), 0);
        for line in text.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            for name in [f[1]].into_iter().chain(f.get(8).map_or("", |a| *a).split('|')).filter(|n| !n.is_ascii()) {
                ours.clear();
                crate::text::fold_into(name, &mut ours);
                let mut reference = String::new();
                crate::text::fold_into(&deunicode::deunicode(name), &mut reference);
                assert_eq!(ours, reference, "{name:?}");
                checked += 1;
            }
        }
        assert!(checked > 100_000, "{checked}");
    }

    #[test]
    fn the_radix_sort_orders_by_hash_and_keeps_the_order_of_equal_hashes() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut v: Vec<(u64, u32, EntryId)> = (0..50_000u32)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // few distinct hashes, spread over all 64 bits, so that ties are many
                (x % 977 * 0x0001_0203_0405_0607, i / 3, i)
            })
            .collect();
        let mut expected = v.clone();
        expected.sort_unstable();
        sort_by_hash(&mut v);
        assert_eq!(v, expected);
        let mut empty = Vec::new();
        sort_by_hash(&mut empty);
        assert!(empty.is_empty());
    }

    #[test]
    fn deletion_hashes_are_the_hashes_of_the_deleted_strings() {
        let direct = |s: &[u8]| spread(s.iter().fold(0u64, |h, &b| h.wrapping_mul(DELETION_BASE).wrapping_add(u64::from(b))));
        for key in ["voronezh", "a", "", "yelnya", "rostov on don", "aab"] {
            let k = key.as_bytes();
            let mut ours = Vec::new();
            deletion_hashes(k, |h| ours.push(h));
            let mut expected: Vec<u64> = (0..k.len()).map(|i| direct(&[&k[..i], &k[i + 1..]].concat())).collect();
            expected.push(direct(k));
            assert_eq!(ours, expected, "{key}");
        }
        // a deletion of one key is the other key itself
        let (mut a, mut b) = (Vec::new(), Vec::new());
        deletion_hashes(b"bolgorod", |h| a.push(h));
        deletion_hashes(b"bolgrod", |h| b.push(h));
        assert_eq!(a[4], *b.last().unwrap());
    }

    #[test]
    fn a_bucket_holds_every_deletion_of_its_hash() {
        let top = |t: u64| t << (64 - BUCKET_BITS);
        let mut hashes = vec![0, 1, 1, 5, top(1), top(1), top(1) + 9, top(7), top(7) + 1, u64::MAX - 1, u64::MAX, u64::MAX];
        hashes.sort_unstable();
        let v: Vec<(u64, u32, EntryId)> = hashes.iter().enumerate().map(|(i, &h)| (h, i as u32, i as EntryId)).collect();
        let f = Fuzzy::new(Vec::new(), v.clone());
        for h in hashes.iter().copied().chain([2, top(1) + 1, top(2), top(8), u64::MAX - 2]) {
            let ours: Vec<_> = f.with_hash(h).copied().collect();
            let scan: Vec<_> = v.iter().copied().filter(|e| e.0 == h).collect();
            assert_eq!(ours, scan, "{h:#x}");
        }
        assert_eq!(Fuzzy::new(Vec::new(), Vec::new()).with_hash(42).count(), 0);
    }

    #[test]
    fn misspelt_theatre_names_are_found_one_edit_away() {
        let kb = KnowledgeBase::bundled().unwrap();
        let g = Gazetteer::new(&kb);
        let name = |ids: Vec<EntryId>| ids.iter().map(|&i| g.entry(i).name.to_string()).collect::<Vec<_>>();
        // a letter written wrong, left out, added
        assert!(name(g.lookup_fuzzy("bolgorod")).contains(&"Belgorod".to_string()));
        assert!(name(g.lookup_fuzzy("novozerne")).contains(&"Novoozerne".to_string()));
        assert!(name(g.lookup_fuzzy("voronnezh")).contains(&"Voronezh".to_string()));
        // two edits away, or too short to guess
        assert!(!name(g.lookup_fuzzy("bolgorad")).contains(&"Belgorod".to_string()));
        assert!(g.lookup_fuzzy("kursq").is_empty());
    }
}
