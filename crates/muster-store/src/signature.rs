//! A 64-bit SimHash over word 4-shingles: syndicated copies (a changed headline, a rewritten first
//! sentence) stay within a few bits of each other.

/// Hashes of the text's words, lower-cased, without allocating a string per word (ASCII fast path).
pub fn word_hashes(text: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(text.len() / 6);
    for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let mut h: u64 = 0xcbf29ce484222325;
        if w.is_ascii() {
            for b in w.bytes() {
                h ^= b.to_ascii_lowercase() as u64;
                h = h.wrapping_mul(0x100000001b3);
            }
        } else {
            for c in w.chars().flat_map(|c| c.to_lowercase()) {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    h ^= b as u64;
                    h = h.wrapping_mul(0x100000001b3);
                }
            }
        }
        out.push(h);
    }
    out
}

/// Combines the hashes of consecutive words into one shingle hash.
fn shingle_hash(words: &[u64]) -> u64 {
    words.iter().fold(0x9e3779b97f4a7c15u64, |acc, w| mix(acc.rotate_left(17) ^ w))
}

/// The SimHash of a text.
pub fn simhash(text: &str) -> u64 {
    simhash_of_words(&word_hashes(text))
}

/// The SimHash from a text's word hashes.
pub fn simhash_of_words(words: &[u64]) -> u64 {
    let mut acc = [0i32; 64];
    let n = words.len().saturating_sub(3).max(1);
    for i in 0..n {
        let end = (i + 4).min(words.len());
        let h = shingle_hash(&words[i..end]);
        for (b, a) in acc.iter_mut().enumerate() {
            if h >> b & 1 == 1 {
                *a += 1;
            } else {
                *a -= 1;
            }
        }
    }
    acc.iter().enumerate().fold(0u64, |v, (b, a)| if *a > 0 { v | 1 << b } else { v })
}

/// The set of word 3-shingles of a text (hashed), for exact resemblance checks.
pub fn shingles(text: &str) -> std::collections::HashSet<u64> {
    shingles_of_words(&word_hashes(text)).into_iter().collect()
}

/// The distinct 3-shingle hashes from a text's word hashes.
fn shingles_of_words(words: &[u64]) -> Vec<u64> {
    let mut v: Vec<u64> = if words.len() < 3 { words.to_vec() } else { words.windows(3).map(shingle_hash).collect() };
    v.sort_unstable();
    v.dedup();
    v
}

/// Jaccard resemblance of two shingle sets.
pub fn resemblance(a: &std::collections::HashSet<u64>, b: &std::collections::HashSet<u64>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let inter = a.intersection(b).count();
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// MinHash signature length: 20 LSH bands of 3 rows.
pub const MINHASH_LEN: usize = 60;
const BANDS: usize = 20;
const ROWS: usize = MINHASH_LEN / BANDS;

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

/// The MinHash signature from a text's word hashes.
pub fn minhash_of_words(words: &[u64]) -> Vec<u64> {
    let mut sig = vec![u64::MAX; MINHASH_LEN];
    for s in shingles_of_words(words) {
        for (i, m) in sig.iter_mut().enumerate() {
            let h = mix(s ^ (i as u64).wrapping_mul(0x9e3779b97f4a7c15));
            if h < *m {
                *m = h;
            }
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

/// Bits in which two hashes differ.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_copies_are_close_and_others_far() {
        let base = "Satellite images taken on Thursday show hundreds of armoured vehicles and a field hospital at a training ground some forty kilometres from the border, according to a commercial imagery company that has tracked the build-up since November. ".repeat(3);
        let copy = format!("A new headline for the copy. {base}");
        let other = "The council approved a new budget for schools and roads on Tuesday after a long debate about taxes, parking and the future of the public library in the town centre.".repeat(3);
        assert!(hamming(simhash(&base), simhash(&copy)) < hamming(simhash(&base), simhash(&other)));
        assert!(estimated_resemblance(&minhash(&base), &minhash(&copy)) >= 0.5);
        assert!(estimated_resemblance(&minhash(&base), &minhash(&other)) < 0.2);
        assert!(resemblance(&shingles(&base), &shingles(&copy)) > 0.8);
    }

}

