//! A 64-bit SimHash over word 4-shingles: syndicated copies (a changed headline, a rewritten first
//! sentence) stay within a few bits of each other.

/// The SimHash of a text.
pub fn simhash(text: &str) -> u64 {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    let mut acc = [0i32; 64];
    let n = words.len().saturating_sub(3).max(1);
    for i in 0..n {
        let end = (i + 4).min(words.len());
        let h = fnv1a(words[i..end].join(" ").as_bytes());
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

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    // a final mix so that neighbouring shingles spread over all bits
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51afd7ed558ccd);
    h ^ (h >> 33)
}

/// The set of word 3-shingles of a text (hashed), for exact resemblance checks.
pub fn shingles(text: &str) -> std::collections::HashSet<u64> {
    let words: Vec<String> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect();
    if words.len() < 3 {
        return words.iter().map(|w| fnv1a(w.as_bytes())).collect();
    }
    words.windows(3).map(|w| fnv1a(w.join(" ").as_bytes())).collect()
}

/// Jaccard resemblance of two shingle sets.
pub fn resemblance(a: &std::collections::HashSet<u64>, b: &std::collections::HashSet<u64>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let inter = a.intersection(b).count();
    inter as f64 / (a.len() + b.len() - inter) as f64
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
        assert!(hamming(simhash(&base), simhash(&copy)) <= 3);
        assert!(hamming(simhash(&base), simhash(&other)) > 10);
    }
}

