//! Country polygons and land borders from Natural Earth 1:10m (de facto view), and distances to them.

use geo::{Contains, Coord, HaversineClosestPoint, LineString, MultiPolygon, Point, Polygon};
use std::collections::HashMap;

/// The reviewed sources (read by the build script, and by tests).
#[cfg(test)]
pub(crate) const DE_FACTO_GZ: &[u8] = include_bytes!("../../../data/geo/borders-10m.json.gz");
#[cfg(test)]
pub(crate) const DE_JURE_GZ: &[u8] = include_bytes!("../../../data/geo/borders-10m-dejure.json.gz");
/// Those borders in the compact form the build script makes of them.
pub(crate) const DE_FACTO_BIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/borders-de-facto.bin"));
pub(crate) const DE_JURE_BIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/borders-de-jure.bin"));

/// The "neighbour" of a coastline used as the border of a country without land borders.
pub const COAST: &str = "coast";

/// Which borders: as controlled (Crimea with Russia) or as recognised (Crimea in Ukraine).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    DeFacto,
    DeJure,
}

impl Frame {
    /// `de_facto` or `de_jure`, as theatre configs write it.
    pub fn parse(s: &str) -> Option<Frame> {
        match s {
            "de_facto" => Some(Frame::DeFacto),
            "de_jure" => Some(Frame::DeJure),
            _ => None,
        }
    }
}

/// Great-circle distance in km (mean Earth radius).
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let r = 6371.0088;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().min(1.0).asin()
}

/// Country shapes and the land borders between countries.
pub struct Borders {
    shapes: HashMap<String, MultiPolygon<f64>>,
    /// The codes of `shapes` in order, so that a point on two overlapping polygons gets the same
    /// country in every run.
    codes: Vec<String>,
    /// The bounding box of each polygon of `shapes`, in the same order.
    shape_boxes: HashMap<String, Vec<Rect>>,
    /// Land-border lines by country, each tagged with the neighbour on the other side.
    land: HashMap<String, Vec<(String, LineString<f64>)>>,
    /// The land-border lines of each country cut into runs of segments with their bounding boxes, so
    /// that a distance query looks only at the runs that can hold the nearest segments.
    runs: HashMap<String, Vec<Run>>,
}

/// A bounding box in degrees (x: longitude, y: latitude).
#[derive(Debug, Clone, Copy)]
struct Rect {
    min_x: f64,
    max_x: f64,
    min_y: f64,
    max_y: f64,
}

impl Rect {
    fn of(points: &[Coord<f64>]) -> Rect {
        let mut r = Rect { min_x: f64::INFINITY, max_x: f64::NEG_INFINITY, min_y: f64::INFINITY, max_y: f64::NEG_INFINITY };
        for c in points {
            r.min_x = r.min_x.min(c.x);
            r.max_x = r.max_x.max(c.x);
            r.min_y = r.min_y.min(c.y);
            r.max_y = r.max_y.max(c.y);
        }
        r
    }

    fn contains(&self, x: f64, y: f64) -> bool {
        self.min_x <= x && x <= self.max_x && self.min_y <= y && y <= self.max_y
    }

    /// The least planar distance (longitude scaled by `k`) from (x, y) to any point of the box.
    fn distance_from(&self, x: f64, y: f64, k: f64) -> f64 {
        let dx = (self.min_x - x).max(x - self.max_x).max(0.0) * k;
        let dy = (self.min_y - y).max(y - self.max_y).max(0.0);
        (dx * dx + dy * dy).sqrt()
    }
}

/// Segments `from..to` (point indices, the last point shared with the next run) of a country's
/// land-border line `line`.
#[derive(Debug, Clone, Copy)]
struct Run {
    line: usize,
    from: usize,
    to: usize,
    bounds: Rect,
}

/// Segments per run: small enough that most runs are skipped, large enough that the boxes are few.
const RUN_SEGMENTS: usize = 32;

impl Borders {
    /// The bundled Natural Earth data in the de facto frame.
    pub fn bundled() -> Borders {
        Borders::bundled_in(Frame::DeFacto)
    }

    /// The bundled Natural Earth data in the given frame.
    pub fn bundled_in(frame: Frame) -> Borders {
        let data = match frame {
            Frame::DeFacto => DE_FACTO_BIN,
            Frame::DeJure => DE_JURE_BIN,
        };
        let (countries, borders) =
            crate::borders_file::decode_with(data, |x, y| Coord { x, y }).expect("the bundled borders, made by the build script, read");
        let shapes = countries
            .into_iter()
            .map(|(code, polys)| {
                let mp = MultiPolygon(
                    polys
                        .into_iter()
                        .filter(|rings| !rings.is_empty())
                        .map(|rings| {
                            let mut rings = rings.into_iter().map(LineString::new);
                            let exterior = rings.next().expect("a polygon has a ring");
                            Polygon::new(exterior, rings.collect())
                        })
                        .collect(),
                );
                (code, mp)
            })
            .collect();
        let mut land: HashMap<String, Vec<(String, LineString<f64>)>> = HashMap::new();
        for (a, b, lines) in borders {
            for l in lines {
                let l = LineString::new(l);
                land.entry(a.clone()).or_default().push((b.clone(), l.clone()));
                land.entry(b.clone()).or_default().push((a.clone(), l));
            }
        }
        // an island country (Taiwan, Japan) has no land border: its coast is the border that counts
        let shapes: HashMap<String, MultiPolygon<f64>> = shapes;
        for (code, mp) in &shapes {
            if !land.contains_key(code) {
                let coast: Vec<(String, LineString<f64>)> = mp.0.iter().map(|p| (COAST.to_string(), p.exterior().clone())).collect();
                land.insert(code.clone(), coast);
            }
        }
        let shape_boxes = shapes.iter().map(|(code, mp)| (code.clone(), mp.0.iter().map(|p| Rect::of(&p.exterior().0)).collect())).collect();
        let runs = land
            .iter()
            .map(|(code, lines)| {
                let mut runs = Vec::new();
                for (i, (_, l)) in lines.iter().enumerate() {
                    let n = l.0.len();
                    let mut from = 0;
                    while from + 1 < n {
                        let to = (from + RUN_SEGMENTS).min(n - 1);
                        runs.push(Run { line: i, from, to, bounds: Rect::of(&l.0[from..=to]) });
                        from = to;
                    }
                }
                (code.clone(), runs)
            })
            .collect();
        let mut codes: Vec<String> = shapes.keys().cloned().collect();
        codes.sort();
        Borders { shapes, codes, shape_boxes, land, runs }
    }

    /// Whether the point lies inside the country (de facto polygons).
    pub fn inside(&self, country: &str, lat: f64, lon: f64) -> Option<bool> {
        let mp = self.shapes.get(country)?;
        let boxes = &self.shape_boxes[country];
        let p = Point::new(lon, lat);
        // a polygon whose box leaves the point out cannot contain it
        Some(mp.0.iter().zip(boxes).any(|(poly, b)| b.contains(lon, lat) && poly.contains(&p)))
    }

    /// The box of a country's largest polygon (its mainland, without far islands and territories):
    /// (south, north, west, east) in degrees.
    pub fn mainland_box(&self, country: &str) -> Option<(f64, f64, f64, f64)> {
        let b = self.shape_boxes.get(country)?.iter().max_by(|a, b| ((a.max_x - a.min_x) * (a.max_y - a.min_y)).total_cmp(&((b.max_x - b.min_x) * (b.max_y - b.min_y))))?;
        Some((b.min_y, b.max_y, b.min_x, b.max_x))
    }

    /// The country whose polygon contains the point, if any (the first by code where polygons overlap).
    pub fn country_at(&self, lat: f64, lon: f64) -> Option<&str> {
        self.codes.iter().find(|c| self.inside(c, lat, lon) == Some(true)).map(|c| c.as_str())
    }

    /// Geodesic distance in km from a point to the nearest land border of `country`
    /// (optionally only its border with `neighbour`). None when the country has no land border here.
    ///
    /// A planar pass (equirectangular about the point) picks the nearest segments cheaply; the
    /// geodesic closest point is then computed on those few only.
    pub fn distance_to_border_km(&self, country: &str, neighbour: Option<&str>, lat: f64, lon: f64) -> Option<f64> {
        let lines = self.land.get(country)?;
        let k = lat.to_radians().cos();
        let planar = |c: &Coord<f64>| ((c.x - lon) * k, c.y - lat);
        // the runs nearest first: once four segments are nearer than the next run's box, no segment
        // of that run or any later one can be among the four
        let mut runs: Vec<(f64, &Run)> = self.runs[country]
            .iter()
            .filter(|r| neighbour.is_none_or(|n| n == lines[r.line].0))
            .map(|r| (r.bounds.distance_from(lon, lat, k), r))
            .collect();
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
        // (planar distance in degrees, segment)
        let mut nearest: Vec<(f64, Coord<f64>, Coord<f64>)> = Vec::new();
        for (bound, run) in runs {
            if nearest.len() == 4 && bound > nearest[3].0 {
                break;
            }
            for seg in lines[run.line].1 .0[run.from..=run.to].windows(2) {
                let (ax, ay) = planar(&seg[0]);
                let (bx, by) = planar(&seg[1]);
                let (dx, dy) = (bx - ax, by - ay);
                let len2 = dx * dx + dy * dy;
                let t = if len2 > 0.0 { (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
                let (px, py) = (ax + t * dx, ay + t * dy);
                let d = (px * px + py * py).sqrt();
                if nearest.len() < 4 {
                    nearest.push((d, seg[0], seg[1]));
                    nearest.sort_by(|a, b| a.0.total_cmp(&b.0));
                } else if d < nearest[3].0 {
                    nearest[3] = (d, seg[0], seg[1]);
                    nearest.sort_by(|a, b| a.0.total_cmp(&b.0));
                }
            }
        }
        let p = Point::new(lon, lat);
        nearest
            .iter()
            .filter_map(|(_, a, b)| match geo::Line::new(*a, *b).haversine_closest_point(&p) {
                geo::Closest::Intersection(q) | geo::Closest::SinglePoint(q) => Some(haversine_km(lat, lon, q.y(), q.x())),
                geo::Closest::Indeterminate => None,
            })
            .min_by(|a, b| a.total_cmp(b))
    }

    /// The point halfway along the land border of two countries (lat, lon), if they share one.
    pub fn border_midpoint(&self, a: &str, b: &str) -> Option<(f64, f64)> {
        let lines: Vec<&LineString<f64>> = self.land.get(a)?.iter().filter(|(n, _)| n == b).map(|(_, l)| l).collect();
        let seg_len = |p: &Coord<f64>, q: &Coord<f64>| haversine_km(p.y, p.x, q.y, q.x);
        let total: f64 = lines.iter().flat_map(|l| l.0.windows(2)).map(|w| seg_len(&w[0], &w[1])).sum();
        if total <= 0.0 {
            return None;
        }
        let mut walked = 0.0;
        for w in lines.iter().flat_map(|l| l.0.windows(2)) {
            let d = seg_len(&w[0], &w[1]);
            if walked + d >= total / 2.0 {
                let t = if d > 0.0 { (total / 2.0 - walked) / d } else { 0.0 };
                return Some((w[0].y + t * (w[1].y - w[0].y), w[0].x + t * (w[1].x - w[0].x)));
            }
            walked += d;
        }
        None
    }

    /// The countries that share a land border with `country`.
    pub fn neighbours(&self, country: &str) -> Vec<&str> {
        let mut v: Vec<&str> = self.land.get(country).map(|l| l.iter().map(|(n, _)| n.as_str()).filter(|n| *n != COAST).collect()).unwrap_or_default();
        v.sort();
        v.dedup();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The distance by a scan of every segment: the four nearest in the plane, then the geodesic
    /// distance to each (what the runs must agree with).
    fn scanned_distance_km(b: &Borders, country: &str, lat: f64, lon: f64) -> f64 {
        let k = lat.to_radians().cos();
        let planar = |c: &Coord<f64>| ((c.x - lon) * k, c.y - lat);
        let mut all: Vec<(f64, Coord<f64>, Coord<f64>)> = b.land[country]
            .iter()
            .flat_map(|(_, l)| l.0.windows(2))
            .map(|w| {
                let ((ax, ay), (bx, by)) = (planar(&w[0]), planar(&w[1]));
                let (dx, dy) = (bx - ax, by - ay);
                let len2 = dx * dx + dy * dy;
                let t = if len2 > 0.0 { (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
                (((ax + t * dx).powi(2) + (ay + t * dy).powi(2)).sqrt(), w[0], w[1])
            })
            .collect();
        all.sort_by(|a, b| a.0.total_cmp(&b.0));
        let p = Point::new(lon, lat);
        all.iter()
            .take(4)
            .filter_map(|(_, a, c)| match geo::Line::new(*a, *c).haversine_closest_point(&p) {
                geo::Closest::Intersection(q) | geo::Closest::SinglePoint(q) => Some(haversine_km(lat, lon, q.y(), q.x())),
                geo::Closest::Indeterminate => None,
            })
            .fold(f64::INFINITY, f64::min)
    }

    #[test]
    fn distances_agree_with_a_scan_of_every_segment() {
        let b = Borders::bundled();
        // a grid over the theatre, inside and outside Ukraine, and points far away
        let mut points: Vec<(f64, f64)> = Vec::new();
        for i in 0..12 {
            for j in 0..12 {
                points.push((43.0 + i as f64 * 1.1, 20.0 + j as f64 * 2.3));
            }
        }
        points.extend([(55.75, 37.62), (38.9, -77.0), (-33.9, 151.2), (64.5, 40.5)]);
        for (lat, lon) in points {
            let fast = b.distance_to_border_km("UA", None, lat, lon).unwrap();
            let slow = scanned_distance_km(&b, "UA", lat, lon);
            assert_eq!(fast, slow, "({lat}, {lon})");
        }
    }

    #[test]
    fn inside_agrees_with_the_polygons() {
        let b = Borders::bundled();
        for (lat, lon) in [(50.45, 30.52), (51.67, 39.18), (44.95, 34.1), (53.9, 27.57), (52.23, 21.01), (0.0, 0.0)] {
            for c in ["UA", "RU", "BY", "PL"] {
                let slow = b.shapes[c].contains(&Point::new(lon, lat));
                assert_eq!(b.inside(c, lat, lon), Some(slow), "{c} ({lat}, {lon})");
            }
        }
        assert_eq!(b.country_at(50.45, 30.52), Some("UA"));
    }

    #[test]
    fn distances_to_ukraine_match_published_geography() {
        let b = Borders::bundled();
        // Voronezh is about 185 km from Ukraine's land border; Valuyki about 17 km; Bryansk about 107 km.
        let voronezh = b.distance_to_border_km("UA", None, 51.67204, 39.1843).unwrap();
        assert!((170.0..200.0).contains(&voronezh), "{voronezh}");
        let valuyki = b.distance_to_border_km("UA", None, 50.2035, 38.1067).unwrap();
        assert!((10.0..25.0).contains(&valuyki), "{valuyki}");
        let bryansk = b.distance_to_border_km("UA", None, 53.25209, 34.37167).unwrap();
        assert!((95.0..120.0).contains(&bryansk), "{bryansk}");
    }

    #[test]
    fn the_frame_decides_where_crimea_lies() {
        let facto = Borders::bundled_in(Frame::DeFacto);
        let jure = Borders::bundled_in(Frame::DeJure);
        // Novoozerne, Crimea
        assert_eq!(facto.inside("UA", 45.383, 33.117), Some(false));
        assert_eq!(jure.inside("UA", 45.383, 33.117), Some(true));
        // Voronezh is about the same distance from Ukraine's land border in both frames
        let (a, b) = (facto.distance_to_border_km("UA", None, 51.672, 39.184).unwrap(), jure.distance_to_border_km("UA", None, 51.672, 39.184).unwrap());
        assert!((a - b).abs() < 5.0, "{a} vs {b}");
        assert!(jure.neighbours("UA").contains(&"RU"));
    }

    #[test]
    fn a_shared_border_has_a_midpoint_on_it() {
        let b = Borders::bundled();
        let (lat, lon) = b.border_midpoint("PL", "BY").unwrap();
        assert!((51.0..54.5).contains(&lat) && (23.0..24.5).contains(&lon), "{lat} {lon}");
        assert!(b.border_midpoint("PL", "UA").is_some());
        assert!(b.border_midpoint("PL", "RO").is_none());
    }

    #[test]
    fn an_island_country_is_measured_to_its_coast() {
        let b = Borders::bundled();
        // Xiamen faces Taiwan's Kinmen islands a few kilometres offshore; Shanghai is far from any of Taiwan's coasts
        let d = b.distance_to_border_km("TW", None, 24.48, 118.09).unwrap();
        assert!(d < 30.0, "{d}");
        let d = b.distance_to_border_km("TW", None, 31.23, 121.47).unwrap();
        assert!((450.0..800.0).contains(&d), "{d}");
    }

    #[test]
    fn inside_tests_use_the_de_facto_polygons() {
        let b = Borders::bundled();
        assert_eq!(b.inside("UA", 50.45, 30.52), Some(true)); // Kyiv
        assert_eq!(b.inside("UA", 51.67, 39.18), Some(false)); // Voronezh
        assert_eq!(b.country_at(53.9, 27.56), Some("BY")); // Minsk
        assert!(b.neighbours("UA").contains(&"BY"));
    }
}
