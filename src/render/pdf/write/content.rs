//! Content streams as bytes: the operators, names, strings and marked-content
//! properties, written as lopdf would write them.

use super::*;

/// A page's content stream, written directly as bytes in the form lopdf gives
/// operations (operands each followed by a space, operations separated by a
/// line feed): the same bytes printpdf's translation of the equivalent
/// operations gave, without building them.
#[derive(Default)]
pub(super) struct Content {
    pub(super) out: Vec<u8>,
}

impl Content {
    /// Starts an operation: a line feed after the previous one.
    pub(super) fn start(&mut self) {
        if !self.out.is_empty() {
            self.out.push(b'\n');
        }
    }

    pub(super) fn operator(&mut self, op: &str) {
        self.out.extend_from_slice(op.as_bytes());
    }

    pub(super) fn real(&mut self, v: f32) {
        use std::io::Write as _;
        let _ = write!(self.out, "{v} ");
    }

    pub(super) fn name(&mut self, name: &[u8]) {
        self.out.push(b'/');
        push_name(&mut self.out, name);
        self.out.push(b' ');
    }

    /// `BT`, `ET`, `EMC`…: an operation without operands.
    pub(super) fn bare(&mut self, op: &str) {
        self.start();
        self.operator(op);
    }

    /// `/Artifact BMC`.
    pub(super) fn bmc(&mut self, tag: &str) {
        self.start();
        self.name(tag.as_bytes());
        self.operator("BMC");
    }

    /// `/Tag <<…>> BDC`, the properties in key order.
    pub(super) fn bdc(&mut self, tag: &str, properties: &[(&str, Prop<'_>)]) {
        self.start();
        self.name(tag.as_bytes());
        self.out.extend_from_slice(b"<<");
        for (key, value) in properties {
            self.out.push(b'/');
            push_name(&mut self.out, key.as_bytes());
            match value {
                Prop::Name(n) => {
                    self.out.push(b'/');
                    push_name(&mut self.out, n.as_bytes());
                }
                Prop::Int(i) => {
                    self.out.push(b' ');
                    self.out
                        .extend_from_slice(itoa::Buffer::new().format(*i).as_bytes());
                }
                Prop::Text(t) => push_literal(&mut self.out, t.as_bytes()),
                Prop::Utf16(t) => push_hex(
                    &mut self.out,
                    [0xFE, 0xFF]
                        .into_iter()
                        .chain(t.encode_utf16().flat_map(u16::to_be_bytes)),
                ),
            }
        }
        self.out.extend_from_slice(b">> ");
        self.operator("BDC");
    }

    /// `1 0 0 1 x y Tm`.
    pub(super) fn tm(&mut self, x: f32, y: f32) {
        self.start();
        for v in [1.0, 0.0, 0.0, 1.0, x, y] {
            self.real(v);
        }
        self.operator("Tm");
    }

    /// `/F1 10.5 Tf`.
    pub(super) fn tf(&mut self, font: &str, size: f32) {
        self.start();
        self.name(font.as_bytes());
        self.real(size);
        self.operator("Tf");
    }

    /// `scale Tz` or `spacing Tc`: a text state parameter.
    pub(super) fn text_state(&mut self, value: f32, op: &str) {
        self.start();
        self.real(value);
        self.operator(op);
    }

    /// `r g b rg`.
    pub(super) fn fill(&mut self, c: Rgb) {
        self.start();
        for v in c {
            self.real(f32::from(v) / 255.0);
        }
        self.operator("rg");
    }

    /// `x y w h re` then `f`.
    pub(super) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.start();
        for v in [x, y, w, h] {
            self.real(v);
        }
        self.operator("re");
        self.bare("f");
    }
}

/// A value of a marked-content property list.
pub(super) enum Prop<'a> {
    Name(&'a str),
    Int(i64),
    Text(&'a str),
    /// A text string as UTF-16BE with its byte-order mark, written in hex.
    Utf16(&'a str),
}

/// A name's bytes as lopdf writes them: delimiters, white space and bytes
/// outside `!`..`~` as `#XX`.
pub(super) fn push_name(out: &mut Vec<u8>, name: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            out.extend_from_slice(&[b'#', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        } else {
            out.push(b);
        }
    }
}

/// A literal string as lopdf writes it: backslashes, carriage returns and
/// unbalanced parentheses escaped.
pub(super) fn push_literal(out: &mut Vec<u8>, text: &[u8]) {
    let mut escape = Vec::new();
    let mut open = Vec::new();
    for (i, &b) in text.iter().enumerate() {
        match b {
            b'(' => open.push(i),
            b')' if open.pop().is_none() => escape.push(i),
            b'\\' | b'\r' => escape.push(i),
            _ => {}
        }
    }
    escape.append(&mut open);
    out.push(b'(');
    for (i, &b) in text.iter().enumerate() {
        if escape.contains(&i) {
            out.push(b'\\');
            out.push(if b == b'\r' { b'r' } else { b });
        } else {
            out.push(b);
        }
    }
    out.push(b')');
}

/// A hexadecimal string: `<0041…>`.
pub(super) fn push_hex(out: &mut Vec<u8>, bytes: impl IntoIterator<Item = u8>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push(b'<');
    for b in bytes {
        out.extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
    }
    out.push(b'>');
}
