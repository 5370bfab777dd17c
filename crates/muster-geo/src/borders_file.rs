//! The bundled Natural Earth borders (`data/geo/borders-10m*.json.gz`, the reviewed source) and the
//! compact form the build script writes of them: start-up copies coordinates instead of
//! decompressing and parsing a million decimal numbers.
//!
//! Shared by `build.rs` (which includes this file by path) and the crate, so it uses nothing else of
//! the crate.

#![allow(dead_code)] // each of the two users takes its half

use serde::Deserialize;
use std::collections::HashMap;

/// What the compact form starts with (its version: a change of layout changes it).
pub const MAGIC: &[u8; 16] = b"muster-borders/1";

/// Polygons (rings of (lon, lat) points, the outer ring first) of each country, and the land-border
/// lines between two countries.
#[derive(Debug, Deserialize, PartialEq)]
pub struct BorderFile {
    pub countries: HashMap<String, Vec<Vec<Vec<[f64; 2]>>>>,
    pub borders: Vec<BorderLines>,
}

/// The land border of countries `a` and `b`, as lines of (lon, lat) points.
#[derive(Debug, Deserialize, PartialEq)]
pub struct BorderLines {
    pub a: String,
    pub b: String,
    pub lines: Vec<Vec<[f64; 2]>>,
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    out.extend(u32::try_from(n).expect("fewer than 2^32 items").to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_len(out, s.len());
    out.extend(s.as_bytes());
}

fn put_points(out: &mut Vec<u8>, points: &[[f64; 2]]) {
    put_len(out, points.len());
    for p in points {
        out.extend(p[0].to_le_bytes());
        out.extend(p[1].to_le_bytes());
    }
}

/// The compact form: [`MAGIC`], then little-endian counts (u32) each followed by its items:
/// countries (code, polygons, rings, points as two f64), then borders (a, b, lines, points).
/// Countries are written in code order, so that a build always writes the same bytes.
pub fn encode(file: &BorderFile) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    let mut codes: Vec<&String> = file.countries.keys().collect();
    codes.sort();
    put_len(&mut out, codes.len());
    for code in codes {
        put_str(&mut out, code);
        let polys = &file.countries[code];
        put_len(&mut out, polys.len());
        for rings in polys {
            put_len(&mut out, rings.len());
            for ring in rings {
                put_points(&mut out, ring);
            }
        }
    }
    put_len(&mut out, file.borders.len());
    for b in &file.borders {
        put_str(&mut out, &b.a);
        put_str(&mut out, &b.b);
        put_len(&mut out, b.lines.len());
        for l in &b.lines {
            put_points(&mut out, l);
        }
    }
    out
}

/// Where decoding is, failing on a form cut short.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn bytes(&mut self, n: usize) -> Result<&'a [u8], String> {
        if self.0.len() < n {
            return Err("borders file cut short".into());
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn len(&mut self) -> Result<usize, String> {
        Ok(u32::from_le_bytes(self.bytes(4)?.try_into().expect("4 bytes")) as usize)
    }

    fn string(&mut self) -> Result<String, String> {
        let n = self.len()?;
        let b = self.bytes(n)?;
        std::str::from_utf8(b).map(str::to_string).map_err(|e| format!("borders file: a name is not UTF-8: {e}"))
    }

    fn points<P>(&mut self, point: &impl Fn(f64, f64) -> P) -> Result<Vec<P>, String> {
        let n = self.len()?;
        let raw = self.bytes(n.checked_mul(16).ok_or("borders file: a line too long")?)?;
        let f = |b: &[u8]| f64::from_le_bytes(b.try_into().expect("8 bytes"));
        Ok(raw.chunks_exact(16).map(|p| point(f(&p[..8]), f(&p[8..]))).collect())
    }

    /// `n` items read by `item`, with room reserved for no more than the bytes left could hold.
    fn many<T>(&mut self, mut item: impl FnMut(&mut Self) -> Result<T, String>) -> Result<Vec<T>, String> {
        let n = self.len()?;
        let mut v = Vec::with_capacity(n.min(self.0.len()));
        for _ in 0..n {
            v.push(item(self)?);
        }
        Ok(v)
    }
}

/// Polygons (rings of points) by country code.
pub type Shapes<P> = HashMap<String, Vec<Vec<Vec<P>>>>;
/// Land borders: the two countries and the lines between them.
pub type Lines<P> = Vec<(String, String, Vec<Vec<P>>)>;

/// Reads the compact form back with each (lon, lat) made a point by `point` (a damaged form is refused,
/// with what is wrong).
pub fn decode_with<P>(blob: &[u8], point: impl Fn(f64, f64) -> P) -> Result<(Shapes<P>, Lines<P>), String> {
    let rest = blob.strip_prefix(MAGIC.as_slice()).ok_or("not a muster borders file (magic)")?;
    let mut r = Reader(rest);
    let n = r.len()?;
    let mut countries = HashMap::with_capacity(n.min(1024));
    for _ in 0..n {
        let code = r.string()?;
        let polys = r.many(|r| r.many(|r| r.points(&point)))?;
        countries.insert(code, polys);
    }
    let borders = r.many(|r| Ok((r.string()?, r.string()?, r.many(|r| r.points(&point))?)))?;
    if !r.0.is_empty() {
        return Err("borders file has bytes after its last border".into());
    }
    Ok((countries, borders))
}

/// Reads the compact form back as a [`BorderFile`].
pub fn decode(blob: &[u8]) -> Result<BorderFile, String> {
    let (countries, borders) = decode_with(blob, |x, y| [x, y])?;
    let borders = borders.into_iter().map(|(a, b, lines)| BorderLines { a, b, lines }).collect();
    Ok(BorderFile { countries, borders })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borders_come_back_from_the_compact_form_as_parsed() {
        let json = r#"{"countries": {"UA": [[[[30.5, 50.45], [31.0, 50.0], [30.0, 49.5], [30.5, 50.45]]]],
                                     "BY": [[[[27.56, 53.9], [28.0, 53.0], [27.0, 53.2], [27.56, 53.9]], [[27.5, 53.5], [27.6, 53.4], [27.4, 53.4], [27.5, 53.5]]], []]},
                       "borders": [{"a": "BY", "b": "UA", "lines": [[[23.6, 51.5], [24.4, 51.9], [30.6, 51.3]]]}]}"#;
        let file: BorderFile = serde_json::from_str(json).unwrap();
        let blob = encode(&file);
        assert_eq!(decode(&blob).unwrap(), file);
        assert!(decode(&blob[..blob.len() - 3]).is_err(), "cut short");
        assert!(decode(&blob[1..]).is_err(), "no magic");
        let mut extra = blob.clone();
        extra.push(7);
        assert!(decode(&extra).is_err(), "trailing bytes");
    }

    #[test]
    fn the_bundled_compact_forms_are_the_bundled_border_files() {
        use std::io::Read;
        for (gz, bin) in [(crate::borders::DE_FACTO_GZ, crate::borders::DE_FACTO_BIN), (crate::borders::DE_JURE_GZ, crate::borders::DE_JURE_BIN)] {
            let mut json = String::new();
            flate2::read::GzDecoder::new(gz).read_to_string(&mut json).unwrap();
            let file: BorderFile = serde_json::from_str(&json).unwrap();
            assert!(file.countries.len() > 200 && file.borders.len() > 200);
            assert!(encode(&file) == bin, "the build script's output is stale");
        }
    }
}
