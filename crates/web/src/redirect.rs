//! Where a page may send the browser next (`/signin?next=`): only a path on this site.
//!
//! Browsers are generous readers of `Location`: they drop tabs and newlines anywhere in it,
//! read `\` as `/`, and take `//host` (or `/\host`) as another site, so `/%09/evil.com`
//! (decoded `/\t/evil.com`) is `//evil.com` to them (issue 10 item 6). Rather than list what
//! is dangerous, [`local`] accepts only what our own links look like: an absolute path of
//! URL-safe ASCII, whose segments — percent-decoded, as a server or a later redirect might
//! read them — are plain names, never empty, `.` or `..`, and never hold a `/`, `\`, a
//! control character or a space. Anything else goes to [`DEFAULT`].

/// Where the browser goes when `next` is missing or refused.
pub const DEFAULT: &str = "/work";

/// Longest `next` kept (ours are far shorter; a longer one is refused, not cut).
const MAX_LEN: usize = 2048;

/// `next` if it is a safe local path, else [`DEFAULT`].
pub fn local(next: &str) -> &str {
    if is_local_path(next) { next } else { DEFAULT }
}

fn is_local_path(next: &str) -> bool {
    if next.len() > MAX_LEN || !next.starts_with('/') || !next.bytes().all(url_safe) {
        return false;
    }
    // The query and fragment may hold anything URL-safe: a browser reads neither as a host.
    let path = next.split(['?', '#']).next().unwrap_or_default();
    if path == "/" {
        return true;
    }
    let Some(segments) = path.strip_prefix('/') else {
        return false;
    };
    segments.split('/').all(|segment| match decode(segment) {
        Some(s) => {
            !s.is_empty()
                && s != b"."
                && s != b".."
                && !s.iter().any(|b| {
                    matches!(b, b'/' | b'\\' | b'%')
                        || b.is_ascii_whitespace()
                        || b.is_ascii_control()
                })
        }
        None => false,
    })
}

/// The bytes RFC 3986 allows unescaped in a path, query and fragment, and `%` for escapes.
/// Everything else (controls, space, `\`, `"`, `<`, `>`, `^`, `` ` ``, `{`, `|`, `}`,
/// non-ASCII) is refused.
fn url_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?#%".contains(&b)
}

/// Percent-decodes one segment; `None` if an escape is malformed.
fn decode(segment: &str) -> Option<Vec<u8>> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 10 item 6: hostile `next` values fall back to the default; our own paths pass.
    #[test]
    fn only_local_paths_pass() {
        let hostile = [
            "/\t/evil.com",
            "/%09/evil.com",
            "/\n/evil.com",
            "/\r\n/evil.com",
            "/%0a/evil.com",
            "/ /evil.com",
            "/%20/evil.com",
            "/\\evil.com",
            "/\\/evil.com",
            "/%5Cevil.com",
            "/%2F/evil.com",
            "/%2f%2fevil.com",
            "/%252F/evil.com",
            "//evil.com",
            "///evil.com",
            "//",
            "/\t/",
            "https://evil.com",
            "https:evil.com",
            "javascript:alert(1)",
            "evil.com",
            "",
            "/./",
            "/.//evil.com",
            "/../evil.com",
            "/%2e%2e/evil.com",
            "/work//evil.com",
            "/work/\u{0}",
            "/work/%00",
            "/wörk",
            "/work/%zz",
            "/work/%4",
            "/work\"><script>",
        ];
        for next in hostile {
            assert_eq!(local(next), DEFAULT, "{next:?} must not pass");
        }
        let long = format!("/work/{}", "a".repeat(MAX_LEN));
        assert_eq!(local(&long), DEFAULT);
    }

    #[test]
    fn our_own_paths_pass_unchanged() {
        for next in [
            "/",
            "/work",
            "/work/nominations/0192f3a4-5b6c-7d8e-9f00-112233445566",
            "/work/nominations?q=Nguy%E1%BB%85n&status=submitted",
            "/work/programmes/1/tally#round",
            "/honours?lang=en",
            "/work/nominations?q=a%2Fb",
            "/work/Nguy%E1%BB%85n",
        ] {
            assert_eq!(local(next), next);
        }
    }
}
