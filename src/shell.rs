//! Shell words: quoting a value so that a POSIX shell reads it back byte for
//! byte, and the `sessadm env …` command lines that reports suggest as fixes.
//!
//! Both the audit's fixes and the exported pac script quote through here, so
//! neither has to import the other. Pure string work; no I/O.

/// A POSIX shell word that is exactly `s`: single quotes, with each `'`
/// closed, escaped and reopened. Nothing inside is expanded.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The name as a shell word, quoted only when it needs to be.
fn shell_name(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-@+:/".contains(c))
    {
        name.to_string()
    } else {
        sh_quote(name)
    }
}

/// `sessadm env VERB OPTIONS NAME`, with `--` before a name that starts
/// with a dash so that it is not read as an option.
pub fn env_command(verb: &str, options: &str, name: &str) -> String {
    let word = shell_name(name);
    if name.starts_with('-') {
        format!("sessadm env {verb} {options} -- {word}")
    } else {
        format!("sessadm env {verb} {word} {options}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quoting_keeps_every_byte_literal() {
        assert_eq!(sh_quote("a'b"), r"'a'\''b'");
        assert_eq!(sh_quote("$(rm -rf /)`x`$IFS"), "'$(rm -rf /)`x`$IFS'");
        assert_eq!(sh_quote(""), "''");
    }
}
