//! Server text with the request's secrets taken out, whatever encoding the server echoed them in.
//! A misconfigured server, a proxy, a captive portal or a TLS-inspecting middlebox may put the
//! request body into `error_description`, a `Location` header or an HTML page: as sent
//! (form-encoded: `%26`, `+`), percent-decoded, HTML-escaped (`&amp;`, `&#38;`, `&#x26;`),
//! JSON-escaped (`\u0026`), or split by markup (`p<b></b>assword`). Every string that comes from a
//! server and may be shown goes through [`Scrubber::scrub`] first.
//!
//! The known encodings are replaced in place; then the text is decoded every way a server might
//! have encoded it (and twice over), and if a secret still shows through, nothing of the text is
//! shown: a decoded text can no longer be searched reliably (`+` and `%20` inside a secret decode
//! too).

const REDACTED: &str = "[redacted]";
/// Shown instead of a text that kept leaking a secret whatever was scrubbed.
pub(crate) const WITHHELD: &str = "[withheld: the answer repeated a secret that was sent]";
/// The longest server text shown (an `error_description`, a `Location`), in characters.
pub(crate) const MAX_SERVER_TEXT_CHARS: usize = 2000;
/// Secrets shorter than this are not searched for (they would match ordinary words).
const MIN_SECRET_CHARS: usize = 3;

pub(crate) struct Scrubber {
    /// Each secret with every encoding of it to replace, longest first.
    variants: Vec<String>,
    secrets: Vec<String>,
}

impl Scrubber {
    pub fn new(secrets: &[&str]) -> Scrubber {
        let secrets: Vec<String> = secrets
            .iter()
            .filter(|s| s.chars().count() >= MIN_SECRET_CHARS)
            .map(|s| s.to_string())
            .collect();
        let mut variants: Vec<String> = secrets.iter().flat_map(|s| encodings(s)).collect();
        variants.sort_by_key(|v| std::cmp::Reverse(v.len()));
        variants.dedup();
        Scrubber { variants, secrets }
    }

    /// Server text fit to show: scrubbed, then cut to [`MAX_SERVER_TEXT_CHARS`].
    pub fn shown(&self, text: &str) -> String {
        let clean = self.scrub(text);
        let count = clean.chars().count();
        if count <= MAX_SERVER_TEXT_CHARS {
            return clean;
        }
        let kept: String = clean.chars().take(MAX_SERVER_TEXT_CHARS).collect();
        format!(
            "{kept}… ({} more characters)",
            count - MAX_SERVER_TEXT_CHARS
        )
    }

    /// `text` with every secret (in every encoding) replaced by `[redacted]`; nothing of it when
    /// a secret still shows through a decoding of what is left (split by markup, encoded twice…).
    pub fn scrub(&self, text: &str) -> String {
        if self.secrets.is_empty() {
            return text.to_string();
        }
        let replaced = self.replace(text);
        if self.leaks(&replaced) {
            WITHHELD.to_string()
        } else {
            replaced
        }
    }

    fn replace(&self, text: &str) -> String {
        let mut out = text.to_string();
        for variant in &self.variants {
            if out.contains(variant.as_str()) {
                out = out.replace(variant.as_str(), REDACTED);
            }
            // Percent escapes may come in either case.
            if variant.contains('%') {
                let lower = variant.to_ascii_lowercase();
                if out.contains(&lower) {
                    out = out.replace(&lower, REDACTED);
                }
            }
        }
        out
    }

    /// Whether any secret shows through any decoding of `text`.
    fn leaks(&self, text: &str) -> bool {
        views(text)
            .iter()
            .any(|view| self.secrets.iter().any(|s| view.contains(s.as_str())))
    }
}

/// The ways a server may have echoed `secret`.
fn encodings(secret: &str) -> Vec<String> {
    let form: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    let percent: String = secret
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let html_named = secret
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;");
    let html_decimal: String = secret
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("&#{};", c as u32)
            }
        })
        .collect();
    let html_hex: String = secret
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("&#x{:x};", c as u32)
            }
        })
        .collect();
    let json_with = |upper: bool| -> String {
        secret
            .encode_utf16()
            .map(|u| match char::from_u32(u32::from(u)) {
                Some(c) if c.is_ascii_alphanumeric() => c.to_string(),
                _ if upper => format!("\\u{u:04X}"),
                _ => format!("\\u{u:04x}"),
            })
            .collect()
    };
    let json = json_with(false);
    let json_plain = serde_json::to_string(secret)
        .map(|quoted| quoted.trim_matches('"').to_string())
        .unwrap_or_default();
    vec![
        secret.to_string(),
        form,
        percent,
        html_named,
        html_decimal,
        html_hex,
        json,
        json_with(true),
        json_plain,
    ]
}

/// `text` as-is and decoded each way a server may have encoded it, alone and stacked.
fn views(text: &str) -> Vec<String> {
    let untagged = strip_tags(text);
    let entities = decode_entities(&untagged);
    let json = decode_json_escapes(&entities);
    let once = percent_decode(text, false);
    vec![
        text.to_string(),
        percent_decode(&once, false),
        percent_decode(&once, true),
        once,
        percent_decode(text, true),
        untagged.clone(),
        decode_entities(text),
        decode_json_escapes(text),
        entities,
        json.clone(),
        percent_decode(&json, false),
        percent_decode(&json, true),
    ]
}

fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        // An entity is short: look no further than 12 bytes (a body of `&&&…` stays linear).
        let window = &tail.as_bytes()[..tail.len().min(12)];
        let end = window.iter().position(|&b| b == b';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &tail[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                n if n.starts_with("#x") || n.starts_with("#X") => u32::from_str_radix(&n[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                n if n.starts_with('#') => n[1..].parse::<u32>().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `\uXXXX` (with surrogate pairs), `\"`, `\\`, `\/` as they appear in text.
fn decode_json_escapes(text: &str) -> String {
    let mut units: Vec<u16> = Vec::new();
    let mut out = String::with_capacity(text.len());
    let flush = |units: &mut Vec<u16>, out: &mut String| {
        if !units.is_empty() {
            out.push_str(&String::from_utf16_lossy(units));
            units.clear();
        }
    };
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            let rest = &text[i + 1..];
            if let Some(hex) = rest.strip_prefix('u').and_then(|r| r.get(..4)) {
                if let Ok(unit) = u16::from_str_radix(hex, 16) {
                    units.push(unit);
                    for _ in 0..5 {
                        chars.next();
                    }
                    continue;
                }
            }
            if let Some(next @ ('"' | '\\' | '/')) = rest.chars().next() {
                flush(&mut units, &mut out);
                out.push(next);
                chars.next();
                continue;
            }
        }
        flush(&mut units, &mut out);
        out.push(c);
    }
    flush(&mut units, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASSWORD: &str = "p&ss+w=rd %20 é😀";
    const TOKEN: &str = "SecTok3nProd42";

    fn scrubbed(text: &str) -> String {
        Scrubber::new(&[PASSWORD, TOKEN, "ab"]).scrub(text)
    }

    fn assert_clean(text: &str) {
        let out = scrubbed(text);
        for view in views(&out) {
            assert!(
                !view.contains(PASSWORD) && !view.contains(TOKEN),
                "{text:?} gave {out:?}"
            );
        }
    }

    #[test]
    fn every_encoding_of_a_secret_is_scrubbed() {
        let joined = format!("{PASSWORD}{TOKEN}");
        let form: String = url::form_urlencoded::byte_serialize(joined.as_bytes()).collect();
        for text in [
            format!("bad password={joined}"),
            format!("echo: grant_type=password&password={form}&x=1"),
            format!("echo: {}", form.to_ascii_lowercase()),
            format!("echo: {}", encodings(PASSWORD)[2]),
            "p&amp;ss+w=rd %20 é😀 SecTok3nProd42".to_string(),
            "p&#38;ss&#43;w&#61;rd&#32;&#37;20&#32;&#233;&#128512;".to_string(),
            "p&#x26;ss+w=rd %20 &#xe9;&#x1f600;".to_string(),
            "p\\u0026ss\\u002bw\\u003drd \\u002520 \\u00e9\\ud83d\\ude00".to_string(),
            "p<b></b>&ss+w=rd %20 é😀, S<i>ec</i>Tok3nProd42".to_string(),
            "p&ss+w=rd %2520 \\u00E9 SecTok3nProd42".to_string(),
            format!("twice: {}", encodings(PASSWORD)[1].replace('%', "%25")),
            "p&amp;ss+w=rd <span>%20</span> é😀".to_string(),
        ] {
            assert_clean(&text);
        }
    }

    #[test]
    fn ordinary_text_passes_unchanged_and_short_secrets_are_not_searched() {
        let text = "authentication failure: about 100% sure <b>bold</b> &amp; done";
        assert_eq!(scrubbed(text), text);
        assert_eq!(Scrubber::new(&[]).scrub("p&ss"), "p&ss");
    }

    #[test]
    fn server_text_is_cut_to_a_readable_length() {
        let long = "x".repeat(900_000);
        let shown = Scrubber::new(&[]).shown(&long);
        assert!(
            shown.ends_with("… (898000 more characters)"),
            "{}",
            &shown[shown.len() - 40..]
        );
    }

    #[test]
    fn a_known_encoding_is_replaced_in_place() {
        assert_eq!(
            scrubbed(&format!("wrong token {TOKEN} for user")),
            "wrong token [redacted] for user"
        );
    }
}
