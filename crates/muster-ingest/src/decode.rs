//! Bytes to text: UTF-8 (with or without BOM), else the encoding chardetng guesses (Windows-1252,
//! Latin-1, KOI8-R...). Binary input is refused.

/// Decodes `bytes` to a string, or says why it is not text.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    if bytes.is_empty() {
        return Err("empty file".into());
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode(rest);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let enc = if bytes[0] == 0xFF { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
        let (s, _, _) = enc.decode(bytes);
        return Ok(s.into_owned());
    }
    if looks_binary(bytes) {
        return Err("binary data, not text".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => {
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            det.feed(bytes, true);
            let enc = det.guess(None, chardetng::Utf8Detection::Allow);
            let (s, _, _) = enc.decode(bytes);
            Ok(s.into_owned())
        }
    }
}

/// Whether the first 8 KB hold a NUL or many control bytes other than tab, line ends, form feed and
/// escape (counted without branches).
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    let controls: usize = sample.iter().map(|&b| usize::from(b < 0x20 && !(0x09..=0x0D).contains(&b) && b != 0x1B)).sum();
    controls * 20 > sample.len().max(1) || sample.contains(&0)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn legacy_encodings_are_detected() {
        // "Zamość café" is not in Windows-1252, so use a French sentence in Windows-1252
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode("Les chars sont arrivés à la base près de la frontière, a déclaré l'état-major.");
        assert_eq!(decode(&bytes).unwrap(), "Les chars sont arrivés à la base près de la frontière, a déclaré l'état-major.");
    }

    #[test]
    fn binary_and_empty_input_are_refused() {
        assert!(decode(b"").unwrap_err().contains("empty"));
        assert!(decode(&[0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3]).unwrap_err().contains("binary"));
    }
}
