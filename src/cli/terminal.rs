//! Text from files (comments, names, question packs, transcripts) printed to a terminal.
//!
//! A comment or pack is written by someone else and arrives in a bundle or feedback file; printed
//! as it is, an escape sequence in it could recolour the terminal, move the cursor over earlier
//! output, set the window title or hide text. Everything this command line prints that came from
//! a file goes through [`terminal_safe`].

/// `text` with escape sequences (CSI, OSC and other ESC forms) removed, other control characters
/// (C0 and C1, except newline and tab) removed, and bidirectional overrides removed (they can
/// make text read differently from what it is).
pub fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // The 8-bit CSI and OSC introducers start sequences too.
            '\u{9b}' => skip_until_final(&mut chars),
            '\u{9d}' => skip_string(&mut chars),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    out
}

/// After ESC: a CSI (`ESC [` ... final byte), an OSC/DCS/APC/PM string (`ESC ]` ... BEL or
/// `ESC \`), or a two-character sequence.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => skip_until_final(chars),
        Some(']' | 'P' | '_' | '^' | 'X') => skip_string(chars),
        _ => {}
    }
}

/// Skips a CSI's parameters up to and including its final byte (0x40-0x7e).
fn skip_until_final(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

/// Skips a control string up to BEL, ST (`ESC \`) or the 8-bit ST.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

/// `println!` for lines that may hold text from files: formats, then makes it terminal-safe.
macro_rules! say {
    ($($arg:tt)*) => {
        println!("{}", $crate::cli::terminal::terminal_safe(&format!($($arg)*)))
    };
}

/// `eprintln!` for lines that may hold text from files.
macro_rules! say_err {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::cli::terminal::terminal_safe(&format!($($arg)*)))
    };
}

pub(crate) use {say, say_err};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_controls_are_removed_text_is_kept() {
        let cases = [
            ("plain comment, ünïcode ✓", "plain comment, ünïcode ✓"),
            ("red \u{1b}[31mtext\u{1b}[0m", "red text"),
            ("title \u{1b}]0;pwned\u{7}after", "title after"),
            ("title \u{1b}]0;pwned\u{1b}\\after", "title after"),
            ("clear\u{1b}[2J\u{1b}[Hscreen", "clearscreen"),
            ("8-bit \u{9b}31mcsi", "8-bit csi"),
            ("back\u{8}\u{8}space\rreturn\u{7}", "backspacereturn"),
            ("lines\nand\ttabs", "lines\nand\ttabs"),
            ("bidi \u{202e}txet\u{202c} gone", "bidi txet gone"),
            ("dangling \u{1b}", "dangling "),
        ];
        for (input, want) in cases {
            assert_eq!(terminal_safe(input), want, "{input:?}");
        }
    }
}
