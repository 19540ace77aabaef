//! Short, safe excerpts of answers that are not JSON (HTML pages, proxies' error pages): tags stripped,
//! whitespace collapsed, a bounded length, and every secret the request carried scrubbed out.

const MAX_CHARS: usize = 200;
const REDACTED: &str = "[redacted]";

use crate::scrub::Scrubber;

/// A one-line excerpt of `body`, with `secrets` (and anything shaped like a Salesforce token) removed.
pub fn excerpt(body: &[u8], secrets: &[&str]) -> String {
    let scrubber = Scrubber::new(secrets);
    // Scrubbed before the page is read (a secret split by tags shows only once they are gone, and
    // is caught there) and again after.
    let raw = scrubber.scrub(&String::from_utf8_lossy(body));
    if raw == crate::scrub::WITHHELD {
        return raw;
    }
    let readable = if looks_like_html(&raw) {
        html_text(&raw)
    } else {
        raw
    };
    let one_line = scrubber.scrub(&readable.split_whitespace().collect::<Vec<_>>().join(" "));
    let joined = redact_tokens(&redact_token_fields(&one_line));
    if joined.chars().count() > MAX_CHARS {
        format!("{}…", joined.chars().take(MAX_CHARS).collect::<String>())
    } else if joined.is_empty() {
        "(no readable text)".to_string()
    } else {
        joined
    }
}

fn looks_like_html(text: &str) -> bool {
    let head = text
        .trim_start()
        .get(..64)
        .unwrap_or(text.trim_start())
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.contains("<head")
        || head.starts_with('<')
}

/// The page title first (it is usually the message), then the visible text.
fn html_text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let title = match (lower.find("<title"), lower.find("</title>")) {
        (Some(start), Some(end)) if start < end => html[start..end]
            .split_once('>')
            .map(|(_, t)| t.trim().to_string()),
        _ => None,
    };
    let body_start = lower.find("<body").unwrap_or(0);
    let mut text = String::new();
    let mut in_tag = false;
    let mut skip_until: Option<&str> = None;
    let mut i = body_start;
    while i < html.len() {
        let rest = &lower[i..];
        if let Some(end) = skip_until {
            if rest.starts_with(end) {
                skip_until = None;
            }
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        }
        if rest.starts_with("<script") {
            skip_until = Some("</script");
        } else if rest.starts_with("<style") {
            skip_until = Some("</style");
        }
        let c = html[i..].chars().next().unwrap_or(' ');
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
        i += c.len_utf8();
    }
    match title {
        Some(t) if !t.is_empty() && !text.contains(&t) => format!("{t} — {text}"),
        _ => text,
    }
}

/// Token fields in JSON text (`"access_token":"…`), even when the text is cut off mid-value.
fn redact_token_fields(text: &str) -> String {
    let mut out = text.to_string();
    for key in ["access_token", "refresh_token", "id_token"] {
        let marker = format!("\"{key}\":\"");
        let mut from = 0;
        while let Some(found) = out[from..].find(&marker) {
            let start = from + found + marker.len();
            let end = out[start..].find('"').map_or(out.len(), |e| start + e);
            out.replace_range(start..end, REDACTED);
            from = start + REDACTED.len();
        }
    }
    out
}

/// Anything shaped like a Salesforce access token: `00D…!…` (org id, `!`, a long opaque tail).
fn redact_tokens(text: &str) -> String {
    let is_token_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '!' | '.' | '_');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(found) = rest.find("00D") {
        out.push_str(&rest[..found]);
        let candidate = &rest[found..];
        let len = candidate
            .find(|c: char| !is_token_char(c))
            .unwrap_or(candidate.len());
        let run = &candidate[..len];
        if run.len() >= 30 && run.contains('!') {
            out.push_str(REDACTED);
        } else {
            out.push_str(run);
        }
        rest = &candidate[len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_pages_read_as_their_title_and_text() {
        let page = b"<!DOCTYPE html><html><head><title>Service Unavailable</title><style>p{}</style></head><body><h1>Down for maintenance</h1><script>var x=1;</script><p>Back soon.</p></body></html>";
        let e = excerpt(page, &[]);
        assert_eq!(e, "Service Unavailable — Down for maintenance Back soon.");
    }

    #[test]
    fn secrets_and_tokens_are_scrubbed() {
        let body =
            b"echo: password=hunter2XYZ token 00D5g000008AbCd!AQ4AQxxxxxxxxxxxxxxxxxxxxxxxx end";
        let e = excerpt(body, &["hunter2XYZ"]);
        assert!(!e.contains("hunter2XYZ") && !e.contains("!AQ4"), "{e}");
        assert!(e.contains("[redacted]"));
    }

    #[test]
    fn token_values_in_json_fragments_are_scrubbed() {
        let body = br#"{"access_token":"00D5g000008AbCd!AQtjFVpunY54cxwdFf","refresh_token":"5Aep86","instance_url":"https://acme.my.salesforce.com","id":"https://login.s"#;
        let e = excerpt(body, &[]);
        assert!(!e.contains("AQtj") && !e.contains("5Aep86"), "{e}");
        assert!(e.contains("acme.my.salesforce.com"));
        let cut = excerpt(br#"{"access_token":"00D5g000008Ab"#, &[]);
        assert_eq!(cut, r#"{"access_token":"[redacted]"#);
    }

    #[test]
    fn long_text_is_cut_and_empty_text_is_named() {
        let long = "a ".repeat(500);
        assert!(excerpt(long.as_bytes(), &[]).chars().count() <= MAX_CHARS + 1);
        assert_eq!(excerpt(b"   ", &[]), "(no readable text)");
    }
}
