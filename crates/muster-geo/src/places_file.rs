//! The bundled GeoNames places (`data/geo/places.tsv.gz`) read into rows with their index keys, and
//! the compact form the build script writes of them, so that start-up neither decompresses, splits
//! fields, parses numbers nor folds a million names: it walks two byte slices.
//!
//! Shared by `build.rs` (which includes this file and `text.rs` by path) and the crate, so it uses
//! nothing else of the crate.

#![allow(dead_code)] // each of the two users takes its half

/// What the compact form starts with (its version: a change of layout changes it).
pub const MAGIC: &[u8; 16] = b"muster-places/4\n";

/// The key under which a folded name is indexed ("the Black Sea" is found as "Black Sea": a leading
/// article never starts a name, which keeps the most frequent word of English out of the index) and
/// its number of words; none for an empty name or one of more than six words.
pub fn index_key(folded: &str) -> Option<(&str, usize)> {
    let key = match folded.strip_prefix("the ") {
        Some(rest) if !rest.is_empty() => rest,
        _ => folded,
    };
    if key.is_empty() {
        return None;
    }
    let words = word_count(key);
    (words <= 6).then_some((key, words))
}

/// The number of words of an index key (its words are separated by single spaces).
pub fn word_count(key: &str) -> usize {
    1 + key.bytes().filter(|&b| b == b' ').count()
}

/// The hash by which sets of name prefixes are kept: they only say whether a longer name may follow,
/// and a false yes costs one failed look-up, never a wrong answer.
pub fn name_hash(s: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(s)
}

/// What [`name_hash`] gives for [`PROBE`] where the compact form was made: a reader whose hash gives
/// another value (a build on another kind of machine) hashes the names itself.
pub const PROBE: &str = "rostov on don";

/// For a name of several words: the hash of its first word, and of every prefix of two words or more
/// (so that the resolver grows a window only while a name can).
pub fn multiword_hashes(key: &str, words: usize, mut start: impl FnMut(u64), mut prefix: impl FnMut(u64)) {
    if words < 2 {
        return;
    }
    let b = key.as_bytes();
    let first_end = b.iter().position(|&c| c == b' ').unwrap_or(b.len());
    start(name_hash(&key[..first_end]));
    // the prefixes end at each later space and at the end of the key
    let later_spaces = b.iter().enumerate().skip(first_end + 1).filter(|&(_, &c)| c == b' ').map(|(i, _)| i);
    for end in later_spaces.chain([b.len()]) {
        prefix(name_hash(&key[..end]));
    }
}

/// The distinct, sorted hashes of the first words and of the longer prefixes of all keys of `rows`.
pub fn prefix_hashes(rows: &[PlaceRow]) -> (Vec<u64>, Vec<u64>) {
    let (mut starts, mut prefixes) = (Vec::new(), Vec::new());
    for k in rows.iter().flat_map(|r| &r.keys) {
        multiword_hashes(k, word_count(k), |h| starts.push(h), |h| prefixes.push(h));
    }
    for v in [&mut starts, &mut prefixes] {
        v.sort_unstable();
        v.dedup();
    }
    (starts, prefixes)
}

/// One line of the places file, with the index keys of its name and alternate names in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceRow {
    /// `geonames:` and the GeoNames id (the gazetteer's entry id).
    pub gid: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub country: String,
    pub admin1: String,
    pub feature_code: String,
    pub population: u64,
    pub keys: Vec<String>,
}

/// Lines of `places.tsv`: id, name, lat, lon, country, admin1, feature code, population, alternate
/// names separated by `|`. Lines of fewer than eight fields are skipped.
pub fn parse_tsv(text: &str) -> Vec<PlaceRow> {
    let mut rows = Vec::new();
    for line in text.lines() {
        let mut f = line.split('\t');
        let (Some(gid), Some(name), Some(lat), Some(lon), Some(cc), Some(a1), Some(fc), Some(pop)) =
            (f.next(), f.next(), f.next(), f.next(), f.next(), f.next(), f.next(), f.next())
        else {
            continue;
        };
        let alts = f.next().unwrap_or("");
        // airport and other codes ("JAN", "NOV") are not names a reporter writes
        let is_code = |a: &str| a.len() <= 4 && a.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        let names = std::iter::once(name).chain(alts.split('|').filter(|a| !a.is_empty() && !is_code(a)));
        let mut keys = Vec::new();
        for n in names {
            let mut folded = String::new();
            crate::text::fold_into(n, &mut folded);
            if let Some((key, _)) = index_key(&folded) {
                keys.push(key.to_string());
            }
        }
        rows.push(PlaceRow {
            gid: format!("geonames:{gid}"),
            name: name.to_string(),
            lat: lat.parse().unwrap_or(0.0),
            lon: lon.parse().unwrap_or(0.0),
            country: cc.to_string(),
            admin1: a1.to_string(),
            feature_code: fc.to_string(),
            population: pop.parse().unwrap_or(0),
            keys,
        });
    }
    rows
}

/// The compact form: [`MAGIC`]; the number of rows, the length of the text part and of the numbers
/// part (u64 each, little-endian); the text part (every string of every row end to end, UTF-8); the
/// numbers part (per row: lat and lon as f64, population as u64, the lengths of gid, name, country,
/// admin1 and feature code, the number of keys and each key's length, as u16); then the names part:
/// the most words of a key, the hash of [`PROBE`], the number of first-word hashes and of prefix
/// hashes, and those ([`prefix_hashes`]), u64 each.
pub fn encode(rows: &[PlaceRow]) -> Vec<u8> {
    let (mut text, mut nums): (Vec<u8>, Vec<u8>) = (Vec::new(), Vec::new());
    let len16 = |s: &str| u16::try_from(s.len()).expect("a place string is shorter than 64 KB").to_le_bytes();
    for r in rows {
        nums.extend(r.lat.to_le_bytes());
        nums.extend(r.lon.to_le_bytes());
        nums.extend(r.population.to_le_bytes());
        for s in [&r.gid, &r.name, &r.country, &r.admin1, &r.feature_code] {
            nums.extend(len16(s));
            text.extend(s.as_bytes());
        }
        nums.extend(u16::try_from(r.keys.len()).expect("fewer than 64K names a place").to_le_bytes());
        for k in &r.keys {
            nums.extend(len16(k));
            text.extend(k.as_bytes());
        }
    }
    let (starts, prefixes) = prefix_hashes(rows);
    let mut hashes = Vec::new();
    let max_words = rows.iter().flat_map(|r| &r.keys).map(|k| word_count(k)).max().unwrap_or(1);
    for h in [max_words as u64, name_hash(PROBE), starts.len() as u64, prefixes.len() as u64].into_iter().chain(starts).chain(prefixes) {
        hashes.extend(h.to_le_bytes());
    }
    let mut out = MAGIC.to_vec();
    for n in [rows.len(), text.len(), nums.len(), hashes.len()] {
        out.extend((n as u64).to_le_bytes());
    }
    out.extend(text);
    out.extend(nums);
    out.extend(hashes);
    out
}

/// The parts of a compact form after its header.
struct Parts<'a> {
    rows: u64,
    text: &'a [u8],
    nums: &'a [u8],
    hashes: &'a [u8],
}

fn parts(blob: &[u8]) -> Result<Parts<'_>, String> {
    let rest = blob.strip_prefix(MAGIC.as_slice()).ok_or("not a muster places file (magic)")?;
    if rest.len() < 32 {
        return Err("places file cut short in its header".into());
    }
    let num = |i: usize| u64::from_le_bytes(rest[i * 8..i * 8 + 8].try_into().expect("8 bytes"));
    let (rows, lens) = (num(0), [num(1), num(2), num(3)].map(|l| l as usize));
    let body = &rest[32..];
    let total = lens.iter().sum::<usize>();
    if body.len() != total {
        return Err(format!("places file is {} bytes after its header, not {total}", body.len()));
    }
    let (text, more) = body.split_at(lens[0]);
    let (nums, hashes) = more.split_at(lens[1]);
    Ok(Parts { rows, text, nums, hashes })
}

/// Hashes kept in a compact form, read in place.
pub struct StoredHashes<'a>(&'a [u8]);

impl StoredHashes<'_> {
    pub fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        self.0.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
    }
}

/// What a compact form keeps about the keys as a whole.
pub struct KeyFacts<'a> {
    /// The most words of a key.
    pub max_words: usize,
    /// The first-word and prefix hashes ([`prefix_hashes`]), or none when they were made by a hash
    /// that differs from this build's.
    pub hashes: Option<(StoredHashes<'a>, StoredHashes<'a>)>,
}

/// Reads what a compact form keeps about its keys.
pub fn key_facts(blob: &[u8]) -> Result<KeyFacts<'_>, String> {
    let h = parts(blob)?.hashes;
    let word = |i: usize| h.get(i * 8..i * 8 + 8).map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")));
    let (Some(max_words), Some(probe), Some(starts), Some(prefixes)) = (word(0), word(1), word(2), word(3)) else {
        return Err("places file: names part cut short".into());
    };
    let (starts, prefixes) = (starts as usize, prefixes as usize);
    if h.len() != 32 + 8 * (starts + prefixes) {
        return Err("places file: names part of the wrong length".into());
    }
    let hashes = (probe == name_hash(PROBE)).then(|| {
        let (s, p) = h[32..].split_at(8 * starts);
        (StoredHashes(s), StoredHashes(p))
    });
    Ok(KeyFacts { max_words: max_words as usize, hashes })
}

/// A row of the compact form, borrowed from it.
#[derive(Debug, Clone, Copy)]
pub struct PlaceRef<'a> {
    pub gid: &'a str,
    pub name: &'a str,
    pub lat: f64,
    pub lon: f64,
    pub country: &'a str,
    pub admin1: &'a str,
    pub feature_code: &'a str,
    pub population: u64,
}

/// The index keys of one row, in file order.
pub struct Keys<'a, 'r> {
    reader: &'r mut Reader<'a>,
    left: &'r mut u16,
}

impl<'a> Iterator for Keys<'a, '_> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if *self.left == 0 {
            return None;
        }
        *self.left -= 1;
        Some(self.reader.string())
    }
}

/// Where the walk through the text and numbers parts is.
struct Reader<'a> {
    text: &'a str,
    nums: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let (head, rest) = self.nums.split_at(N);
        self.nums = rest;
        head.try_into().expect("split at N")
    }

    fn string(&mut self) -> &'a str {
        let len = u16::from_le_bytes(self.take()) as usize;
        let (s, rest) = self.text.split_at(len);
        self.text = rest;
        s
    }
}

/// Calls `f` on every row of a compact form, with its keys, in file order. The form's magic, part
/// lengths and text encoding are checked first (a form that fails them is a build defect, reported
/// rather than half read).
pub fn each_row<'a>(blob: &'a [u8], mut f: impl FnMut(PlaceRef<'a>, Keys<'a, '_>)) -> Result<(), String> {
    let Parts { rows: n, text, nums, .. } = parts(blob)?;
    let text = std::str::from_utf8(text).map_err(|e| format!("places file text is not UTF-8: {e}"))?;
    let mut r = Reader { text, nums };
    for _ in 0..n {
        let (lat, lon, population) = (f64::from_le_bytes(r.take()), f64::from_le_bytes(r.take()), u64::from_le_bytes(r.take()));
        let (gid, name, country, admin1, feature_code) = (r.string(), r.string(), r.string(), r.string(), r.string());
        let mut left = u16::from_le_bytes(r.take());
        f(PlaceRef { gid, name, lat, lon, country, admin1, feature_code, population }, Keys { reader: &mut r, left: &mut left });
        while left > 0 {
            left -= 1;
            r.string();
        }
    }
    if !(r.text.is_empty() && r.nums.is_empty()) {
        return Err("places file has bytes after its last row".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(blob: &[u8]) -> Vec<PlaceRow> {
        let mut rows = Vec::new();
        each_row(blob, |p, keys| {
            rows.push(PlaceRow {
                gid: p.gid.into(),
                name: p.name.into(),
                lat: p.lat,
                lon: p.lon,
                country: p.country.into(),
                admin1: p.admin1.into(),
                feature_code: p.feature_code.into(),
                population: p.population,
                keys: keys.map(str::to_string).collect(),
            })
        })
        .unwrap();
        rows
    }

    #[test]
    fn rows_come_back_from_the_compact_form_as_parsed() {
        let tsv = "1\tZamość\t50.72314\t23.25196\tPL\t75\tPPLA2\t65000\tZamosc|Замостя|ZAM|the Zamosc Town\n\
                   short line\n\
                   2\tThe Hague\t52.07667\t4.29861\tNL\t11\tPPLG\t474292\t\n\
                   3\tx\tbad\t\t\t\tPPL\tnone";
        let rows = parse_tsv(tsv);
        assert_eq!(rows.len(), 3, "the short line is skipped");
        assert_eq!(rows[0].keys, vec!["zamosc", "zamosc", "zamostia", "zamosc town"], "codes dropped, a leading article too");
        assert_eq!(rows[1].keys, vec!["hague"]);
        assert_eq!((rows[2].lat, rows[2].population, rows[2].admin1.as_str()), (0.0, 0, ""), "unreadable numbers are 0");
        let blob = encode(&rows);
        assert_eq!(decoded(&blob), rows);
        let facts = key_facts(&blob).unwrap();
        assert_eq!(facts.max_words, 2);
        let (starts, prefixes) = facts.hashes.expect("made by this build");
        assert_eq!(starts.iter().collect::<Vec<_>>(), vec![name_hash("zamosc")]);
        assert_eq!(prefixes.iter().collect::<Vec<_>>(), vec![name_hash("zamosc town")]);
        // a damaged form is refused, not half read
        assert!(each_row(&blob[..blob.len() - 1], |_, _| {}).is_err());
        assert!(each_row(b"muster-places/0\n", |_, _| {}).is_err());
        assert!(key_facts(&blob[..blob.len() - 8]).is_err());
        let mut extra = blob.clone();
        extra.push(0);
        assert!(each_row(&extra, |_, _| {}).is_err());
    }

    #[test]
    fn the_bundled_compact_form_is_the_bundled_places_file() {
        use std::io::Read;
        let mut tsv = String::new();
        flate2::read::GzDecoder::new(crate::gazetteer::PLACES_GZ).read_to_string(&mut tsv).unwrap();
        let rows = parse_tsv(&tsv);
        assert!(rows.len() > 200_000);
        assert!(encode(&rows) == crate::gazetteer::PLACES_BIN, "the build script's output is stale");
        // the stored hashes are those a reader would make itself from the keys
        let mut ours = (rustc_hash::FxHashSet::default(), rustc_hash::FxHashSet::default());
        for k in rows.iter().flat_map(|r| &r.keys) {
            multiword_hashes(k, word_count(k), |h| { ours.0.insert(h); }, |h| { ours.1.insert(h); });
        }
        let facts = key_facts(crate::gazetteer::PLACES_BIN).unwrap();
        assert_eq!(facts.max_words, rows.iter().flat_map(|r| &r.keys).map(|k| word_count(k)).max().unwrap());
        let (s, p) = facts.hashes.unwrap();
        assert_eq!((s.iter().collect(), p.iter().collect()), ours);
    }
}
