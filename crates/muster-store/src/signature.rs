//! Near-duplicate signatures: a one-permutation MinHash over word 3-shingles. Each shingle hash
//! falls into one of [`MINHASH_LEN`] bins by its top bits and only the smallest value per bin is
//! kept (one hash per shingle, not one per shingle and bin); empty bins borrow from the next full
//! one (rotation densification, Shrivastava and Li 2014), so that two signatures agree bin for bin
//! with a probability equal to the texts' Jaccard resemblance.

/// Byte classes for [`word_hashes`]: an ASCII letter or digit, another ASCII byte, the lead or
/// continuation byte of a non-ASCII character.
const ASCII_WORD: u8 = 1;
const ASCII_OTHER: u8 = 0;
const NON_ASCII: u8 = 2;
const BYTE_CLASS: [u8; 256] = {
    let mut t = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = if (b as u8).is_ascii_alphanumeric() { ASCII_WORD } else { ASCII_OTHER };
        b += 1;
    }
    t
};

/// Hashes of the text's words (runs of letters and digits), lower-cased, without allocating a string
/// per word: runs of ASCII letters and digits are hashed in a tight loop, other characters decoded.
pub fn word_hashes(text: &str) -> Vec<u64> {
    const SEED: u64 = 0xcbf29ce484222325;
    let feed = |h: u64, b: u8| (h ^ b as u64).wrapping_mul(0x100000001b3);
    let mut out = Vec::with_capacity(text.len() / 6);
    let (mut h, mut in_word) = (SEED, false);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match BYTE_CLASS[bytes[i] as usize] {
            ASCII_WORD => {
                // `| 0x20` lower-cases an ASCII letter and leaves a digit as it is
                while i < bytes.len() && BYTE_CLASS[bytes[i] as usize] == ASCII_WORD {
                    h = feed(h, bytes[i] | 0x20);
                    i += 1;
                }
                in_word = true;
            }
            ASCII_OTHER => {
                if in_word {
                    out.push(h);
                    h = SEED;
                    in_word = false;
                }
                i += 1;
            }
            _ => {
                let c = text[i..].chars().next().expect("a character starts here");
                i += c.len_utf8();
                if c.is_alphanumeric() {
                    for l in c.to_lowercase() {
                        let mut buf = [0u8; 4];
                        for &x in l.encode_utf8(&mut buf).as_bytes() {
                            h = feed(h, x);
                        }
                    }
                    in_word = true;
                } else if in_word {
                    out.push(h);
                    h = SEED;
                    in_word = false;
                }
            }
        }
    }
    if in_word {
        out.push(h);
    }
    out
}

/// Combines the hashes of consecutive words into one shingle hash.
fn shingle_hash(words: &[u64]) -> u64 {
    mix(words.iter().fold(0x9e3779b97f4a7c15u64, |acc, w| mix(acc.rotate_left(17) ^ w)))
}

/// The distinct 3-shingle hashes from a text's word hashes.
fn shingles_of_words(words: &[u64]) -> Vec<u64> {
    let mut v: Vec<u64> = if words.len() < 3 { words.iter().map(|w| shingle_hash(&[*w])).collect() } else { words.windows(3).map(shingle_hash).collect() };
    v.sort_unstable();
    v.dedup();
    v
}

/// The set of word 3-shingles of a text (hashed), for exact resemblance checks.
pub fn shingles(text: &str) -> std::collections::HashSet<u64> {
    shingles_of_words(&word_hashes(text)).into_iter().collect()
}

/// Jaccard resemblance of two shingle sets.
pub fn resemblance(a: &std::collections::HashSet<u64>, b: &std::collections::HashSet<u64>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let inter = a.intersection(b).count();
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// MinHash signature length: 20 LSH bands of 3 bins.
pub const MINHASH_LEN: usize = 60;
const BANDS: usize = 20;
const ROWS: usize = MINHASH_LEN / BANDS;
/// Which signature scheme stored blobs were made with (recorded in the store's `meta`).
pub const SIGNATURE_SCHEME: &str = "oph-60";

fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d049bb133111eb);
    x ^ (x >> 31)
}

/// The MinHash signature of a text's word 3-shingles.
pub fn minhash(text: &str) -> Vec<u64> {
    minhash_of_words(&word_hashes(text))
}

/// The MinHash signature from a text's word hashes (a repeated shingle changes no minimum, so the
/// shingles need not be made distinct first).
pub fn minhash_of_words(words: &[u64]) -> Vec<u64> {
    let mut sig = vec![u64::MAX; MINHASH_LEN];
    let mut add = |s: u64| {
        // the bin from the high bits, the value from the rest (uniform over the 64-bit hash)
        let bin = (((s >> 32) * MINHASH_LEN as u64) >> 32) as usize;
        let value = s & 0xffff_ffff;
        if value < sig[bin] {
            sig[bin] = value;
        }
    };
    if words.len() < 3 {
        words.iter().for_each(|w| add(shingle_hash(&[*w])));
    } else {
        words.windows(3).for_each(|w| add(shingle_hash(w)));
    }
    // an empty bin takes the value of the next full bin to its right, marked by the distance
    if sig.contains(&u64::MAX) && sig.iter().any(|&v| v != u64::MAX) {
        let full = sig.clone();
        for (i, v) in sig.iter_mut().enumerate() {
            if *v != u64::MAX {
                continue;
            }
            let (d, src) = (1..MINHASH_LEN).map(|d| (d, full[(i + d) % MINHASH_LEN])).find(|&(_, x)| x != u64::MAX).expect("a full bin");
            *v = src + ((d as u64) << 40);
        }
    }
    sig
}

/// Estimated Jaccard resemblance from two signatures.
pub fn estimated_resemblance(a: &[u64], b: &[u64]) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / a.len().max(1) as f64
}

/// The LSH band keys of a signature: documents sharing a key are candidate near-duplicates.
pub fn band_keys(sig: &[u64]) -> Vec<u64> {
    (0..BANDS).map(|b| sig[b * ROWS..(b + 1) * ROWS].iter().fold(mix(b as u64 + 1), |h, v| mix(h ^ v))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

/// The first implementation (a byte-by-byte state machine): hashes of the text's words (runs of letters and digits), lower-cased, without allocating a string
/// per word; ASCII bytes are read as bytes, other characters decoded.
fn reference_word_hashes(text: &str) -> Vec<u64> {
    const SEED: u64 = 0xcbf29ce484222325;
    let feed = |h: u64, b: u8| (h ^ b as u64).wrapping_mul(0x100000001b3);
    let mut out = Vec::with_capacity(text.len() / 6);
    let (mut h, mut in_word) = (SEED, false);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let letter_bytes: Option<(char, usize)> = if b < 0x80 {
            b.is_ascii_alphanumeric().then_some((b as char, 1))
        } else {
            text[i..].chars().next().filter(|c| c.is_alphanumeric()).map(|c| (c, c.len_utf8())).or(Some(('\0', 0)))
        };
        match letter_bytes {
            Some((c, n)) if n > 0 => {
                if c.is_ascii() {
                    h = feed(h, (c as u8).to_ascii_lowercase());
                } else {
                    for l in c.to_lowercase() {
                        let mut buf = [0u8; 4];
                        for &x in l.encode_utf8(&mut buf).as_bytes() {
                            h = feed(h, x);
                        }
                    }
                }
                in_word = true;
                i += n;
            }
            other => {
                if in_word {
                    out.push(h);
                    h = SEED;
                    in_word = false;
                }
                // a non-ASCII character that is no letter: skip all its bytes
                i += match other {
                    Some(_) => text[i..].chars().next().map_or(1, char::len_utf8),
                    None => 1,
                };
            }
        }
    }
    if in_word {
        out.push(h);
    }
    out
}

    fn words(n: usize, seed: u64) -> Vec<String> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                format!("w{}", (s >> 33) % 5000)
            })
            .collect()
    }

    #[test]
    fn near_copies_are_close_and_others_far() {
        let base = "Satellite images taken on Thursday show hundreds of armoured vehicles and a field hospital at a training ground some forty kilometres from the border, according to a commercial imagery company that has tracked the build-up since November. ".repeat(3);
        let copy = format!("A new headline for the copy. {base}");
        let other = "The council approved a new budget for schools and roads on Tuesday after a long debate about taxes, parking and the future of the public library in the town centre.".repeat(3);
        assert!(estimated_resemblance(&minhash(&base), &minhash(&copy)) >= 0.5);
        assert!(estimated_resemblance(&minhash(&base), &minhash(&other)) < 0.2);
        assert!(resemblance(&shingles(&base), &shingles(&copy)) > 0.8);
    }

    #[test]
    fn the_estimate_follows_the_true_resemblance() {
        // texts sharing a known part of their words: the estimate stays near the exact Jaccard value
        let a = words(3000, 1);
        for keep in [2900usize, 2000, 1000] {
            let mut b = a[..keep].to_vec();
            b.extend(words(3000 - keep, 99));
            let (ta, tb) = (a.join(" "), b.join(" "));
            let exact = resemblance(&shingles(&ta), &shingles(&tb));
            let est = estimated_resemblance(&minhash(&ta), &minhash(&tb));
            assert!((exact - est).abs() < 0.2, "kept {keep}: exact {exact:.2}, estimated {est:.2}");
        }
    }

    #[test]
    fn word_hashes_are_those_of_the_first_implementation() {
        // stored signatures stay valid only while words hash as they did
        for t in [
            "Satellite images show T-72B3 tanks at Valuyki, 40 km from the border.",
            "«Мы не угрожаем» — said Peskov’s office; Kyiv/Київ, Ålesund, Straße, İzmir, ǅemal",
            "  leading and trailing  ",
            "",
            "ASCII_only-words42 and 1,500 troops; Ç ç ß ẞ Σ σ ς",
        ] {
            assert_eq!(word_hashes(t), reference_word_hashes(t), "{t:?}");
        }
    }

    #[test]
    fn short_texts_fill_every_bin() {
        let sig = minhash("troops massed near the border");
        assert!(sig.iter().all(|&v| v != u64::MAX));
        assert_eq!(estimated_resemblance(&sig, &minhash("troops massed near the border")), 1.0);
    }
}
