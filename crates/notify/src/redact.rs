//! Keeps addresses out of logs and of the event log: SMTP servers echo them in refusals
//! (`550 5.1.1 <an@example.vn>: MailRecipient address rejected`).

/// `text` with every word that contains an `@` replaced by `<address>`.
pub fn addresses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.contains('@') {
            out.push_str("<address>");
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '"' | ',' | ';' | '\'') {
            flush(&mut word, &mut out);
            if !matches!(c, '<' | '>') {
                out.push(c);
            }
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    // Cap the length: an error is for a person to read, not a transcript.
    if out.chars().count() > 300 {
        out = out.chars().take(300).collect::<String>() + "…";
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn addresses_are_replaced() {
        let t = super::addresses("550 5.1.1 <an.nguyen@bao.vn>: MailRecipient address rejected");
        assert_eq!(t, "550 5.1.1 <address>: MailRecipient address rejected");
        assert!(!super::addresses("to x@y.vn, z@w.vn").contains('@'));
        assert_eq!(super::addresses("connection refused"), "connection refused");
    }
}
