//! Which text is a link. Evidence URLs are typed by agencies and shown to reviewers as links,
//! so only absolute `http` and `https` URLs with a host may ever become an `href`: a
//! `javascript:` or `data:` URL would run in a reviewer's session. The domain refuses anything
//! else at the source, and the pages ask the same question before rendering a link, because
//! events recorded before this rule may still hold one.

/// Whether `url` is an absolute `http://` or `https://` URL with a host, and nothing a browser
/// could read another way: no whitespace or control characters, no backslash, no user-info
/// (`https://gov.vn@evil.example` names the host `evil.example`).
pub fn is_web_url(url: &str) -> bool {
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return false;
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return false;
    }
    let (host_ok, port) = match authority.strip_prefix('[') {
        // An IPv6 literal: `[::1]` or `[::1]:8080`.
        Some(v6) => match v6.split_once(']') {
            Some((addr, after)) => (
                !addr.is_empty()
                    && addr
                        .chars()
                        .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.'),
                match after {
                    "" => None,
                    a => Some(a.strip_prefix(':').unwrap_or("-")),
                },
            ),
            None => return false,
        },
        None => {
            let (host, port) = match authority.split_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (authority, None),
            };
            let ok = !host.is_empty()
                && !host.starts_with(['.', '-'])
                && host
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
            (ok, port)
        }
    };
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    host_ok && port_ok
}

#[cfg(test)]
mod tests {
    use super::is_web_url;

    #[test]
    fn only_http_and_https_with_a_host() {
        for ok in [
            "https://most.gov.vn/bao-cao.pdf",
            "http://example.org",
            "HTTPS://Example.org:8443/a?b=c#d",
            "https://[2001:db8::1]/x",
            "https://bộ-khoa-học.vn/",
        ] {
            assert!(is_web_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript://%0aalert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "//evil.example/x",
            "/relative/path",
            "https://",
            "https:///path",
            "https://gov.vn@evil.example/",
            "https://evil.example\\@gov.vn",
            "https://exa mple.org",
            "https://example.org/\u{0}",
            " https://example.org",
            "https://example.org:/",
            "https://example.org:99999999",
            "ftp://example.org/file",
            "https://.example.org",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }
}
