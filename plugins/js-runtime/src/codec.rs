//! Byte encodings of `Buffer`: utf8, hex, base64, base64url, latin1,
//! ascii and utf16le, with Node's leniency when decoding text to bytes.

use boa_engine::JsString;

/// An encoding name as Node accepts it, normalized; `None` if unknown.
fn normalize(encoding: &str) -> Option<&'static str> {
    Some(match encoding.to_ascii_lowercase().as_str() {
        "utf8" | "utf-8" => "utf8",
        "hex" => "hex",
        "base64" => "base64",
        "base64url" => "base64url",
        "latin1" | "binary" => "latin1",
        "ascii" => "ascii",
        "ucs2" | "ucs-2" | "utf16le" | "utf-16le" => "utf16le",
        _ => return None,
    })
}

/// The bytes of `text` in `encoding`; `None` for an unknown encoding.
pub fn encode(text: &JsString, encoding: &str) -> Option<Vec<u8>> {
    Some(match normalize(encoding)? {
        "utf8" => text.to_std_string_lossy().into_bytes(),
        "hex" => hex_decode(&text.to_std_string_lossy()),
        "base64" | "base64url" => base64_decode(&text.to_std_string_lossy()),
        // Node keeps the low byte of each UTF-16 code unit.
        "latin1" | "ascii" => text.iter().map(|u| u as u8).collect(),
        "utf16le" => text.iter().flat_map(u16::to_le_bytes).collect(),
        _ => unreachable!(),
    })
}

/// `bytes` as text in `encoding`; `None` for an unknown encoding.
pub fn decode(bytes: &[u8], encoding: &str) -> Option<JsString> {
    Some(match normalize(encoding)? {
        "utf8" => JsString::from(String::from_utf8_lossy(bytes)),
        "hex" => {
            const DIGITS: &[u8; 16] = b"0123456789abcdef";
            let mut s = String::with_capacity(bytes.len() * 2);
            for b in bytes {
                s.push(DIGITS[(b >> 4) as usize] as char);
                s.push(DIGITS[(b & 15) as usize] as char);
            }
            JsString::from(s)
        }
        "base64" => JsString::from(base64_encode(bytes, false)),
        "base64url" => JsString::from(base64_encode(bytes, true)),
        "latin1" => {
            let units: Vec<u16> = bytes.iter().map(|&b| u16::from(b)).collect();
            JsString::from(&units[..])
        }
        "ascii" => {
            let units: Vec<u16> = bytes.iter().map(|&b| u16::from(b & 0x7f)).collect();
            JsString::from(&units[..])
        }
        "utf16le" => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            JsString::from(&units[..])
        }
        _ => unreachable!(),
    })
}

/// Hex digits to bytes; like Node, stops at the first pair that is not hex.
fn hex_decode(text: &str) -> Vec<u8> {
    fn digit(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let mut out = Vec::with_capacity(text.len() / 2);
    for pair in text.as_bytes().chunks_exact(2) {
        match (digit(pair[0]), digit(pair[1])) {
            (Some(h), Some(l)) => out.push(h << 4 | l),
            _ => break,
        }
    }
    out
}

/// Base64 (standard or URL alphabet, padding optional) to bytes. Like
/// Node, skips characters outside the alphabet and stops at `=`.
fn base64_decode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Bytes to base64; `url`: URL alphabet without padding.
fn base64_encode(bytes: &[u8], url: bool) -> String {
    let alphabet: &[u8; 64] = if url {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    } else {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    };
    let mut s = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.len();
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= n {
                s.push(alphabet[((v >> (18 - 6 * i)) & 63) as usize] as char);
            } else if !url {
                s.push('=');
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip() {
        for data in [&b""[..], b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar"] {
            let e = base64_encode(data, false);
            assert_eq!(base64_decode(&e), data);
        }
        assert_eq!(base64_encode(b"foobar", false), "Zm9vYmFy");
        assert_eq!(base64_encode(b"fo", false), "Zm8=");
        assert_eq!(base64_encode(b"fo", true), "Zm8");
        assert_eq!(hex_decode("0aFFzz"), vec![10, 255]);
    }
}
