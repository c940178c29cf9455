//! Writing the final document to bytes: PDF 1.7 with every non-stream object in
//! deflated object streams and a cross-reference stream. The structure tree is
//! thousands of small dictionaries; packed and deflated together they cost a
//! few percent of the file, where plain indirect objects would add half of it.
//! (lopdf can write object streams too, but clones every object to do so, which
//! costs more than the tagging itself.)

use std::io::Write as _;

use lopdf::{Object, ObjectId, StringFormat};
use rayon::prelude::*;

/// Room for a stream's object header and dictionary, beside its content.
const STREAM_OVERHEAD: usize = 512;

/// Objects per object stream.
const PER_STREAM: usize = 200;

/// An object already serialized (the structure tree's elements, written
/// directly rather than built as dictionaries first).
pub type Raw = (ObjectId, Vec<u8>);

/// The bytes of `doc`, with `raw` objects added; the document's trailer gives
/// the cross-reference stream's `/Root`, `/Info` and `/ID`.
pub fn save(doc: &lopdf::Document, raw: Vec<Raw>) -> Vec<u8> {
    // Streams are written as they are; everything else goes in object streams.
    let mut packed: Vec<(ObjectId, Vec<u8>)> = Vec::with_capacity(doc.objects.len() + raw.len());
    let mut offsets: Vec<(u32, Entry)> = Vec::with_capacity(doc.objects.len() + raw.len() + 8);
    let mut streams_len = 0;
    for (id, object) in &doc.objects {
        match object {
            Object::Stream(stream) => streams_len += stream.content.len() + STREAM_OVERHEAD,
            other => {
                let mut bytes = Vec::with_capacity(64);
                write_object(&mut bytes, other);
                packed.push((*id, bytes));
            }
        }
    }
    packed.extend(raw);
    packed.sort_by_key(|(id, _)| *id);
    let mut next = packed
        .last()
        .map_or(0, |(id, _)| id.0)
        .max(doc.objects.keys().next_back().map_or(0, |id| id.0))
        + 1;
    // Object streams, deflated in parallel.
    let chunks: Vec<&[(ObjectId, Vec<u8>)]> = packed.chunks(PER_STREAM).collect();
    let total: usize = packed.iter().map(|(_, b)| b.len()).sum();
    let streams: Vec<(Vec<u8>, usize)> = chunks
        .par_iter()
        .with_min_len(if total < PARALLEL_BYTES {
            chunks.len().max(1)
        } else {
            1
        })
        .map(|chunk| {
            let mut header = Vec::new();
            let mut body = Vec::new();
            for (id, bytes) in *chunk {
                write!(header, "{} {} ", id.0, body.len()).ok();
                body.extend_from_slice(bytes);
                body.push(b'\n');
            }
            let first = header.len();
            header.extend_from_slice(&body);
            (deflate(&header), first)
        })
        .collect();
    // The file is written into one buffer of about its final size: a long
    // document's would otherwise be copied as it doubles, and keep up to half
    // its size unused.
    let packed_len: usize = streams.iter().map(|(s, _)| s.len() + STREAM_OVERHEAD).sum();
    let mut out: Vec<u8> =
        Vec::with_capacity(streams_len + packed_len + 16 * (offsets.capacity() + 64) + 1024);
    out.extend_from_slice(b"%PDF-");
    out.extend_from_slice(doc.version.as_bytes());
    out.extend_from_slice(b"\n%\xE2\xE3\xCF\xD3\n");
    for (id, object) in &doc.objects {
        if let Object::Stream(stream) = object {
            offsets.push((id.0, Entry::At(out.len())));
            write_header(&mut out, *id);
            write_stream(&mut out, &stream.dict, &stream.content);
            out.extend_from_slice(b"\nendobj\n");
        }
    }
    for (chunk, (content, first)) in chunks.iter().zip(streams) {
        let stream_id = next;
        next += 1;
        for (index, (id, _)) in chunk.iter().enumerate() {
            offsets.push((id.0, Entry::In(stream_id, index)));
        }
        offsets.push((stream_id, Entry::At(out.len())));
        write!(
            out,
            "{stream_id} 0 obj\n<</Type/ObjStm/N {}/First {first}/Filter/FlateDecode/Length {}>>stream\n",
            chunk.len(),
            content.len()
        )
        .ok();
        out.extend_from_slice(&content);
        out.extend_from_slice(b"\nendstream\nendobj\n");
    }
    // The cross-reference stream, last: type 1 (offset), 2 (in an object
    // stream), 0 (free).
    let xref_id = next;
    let xref_at = out.len();
    offsets.push((xref_id, Entry::At(xref_at)));
    offsets.sort_by_key(|(n, _)| *n);
    let size = xref_id + 1;
    let mut rows = vec![0u8; size as usize * 7];
    rows[5] = 0xFF;
    rows[6] = 0xFF;
    for (n, entry) in &offsets {
        let row = &mut rows[*n as usize * 7..*n as usize * 7 + 7];
        match entry {
            Entry::At(at) => {
                row[0] = 1;
                row[1..5].copy_from_slice(&(*at as u32).to_be_bytes());
            }
            Entry::In(stream, index) => {
                row[0] = 2;
                row[1..5].copy_from_slice(&stream.to_be_bytes());
                row[5..7].copy_from_slice(&(*index as u16).to_be_bytes());
            }
        }
    }
    let rows = deflate(&rows);
    write!(out, "{xref_id} 0 obj\n<</Type/XRef/Size {size}/W[1 4 2]").ok();
    for key in [&b"Root"[..], b"Info", b"ID"] {
        if let Ok(value) = doc.trailer.get(key) {
            out.push(b'/');
            out.extend_from_slice(key);
            out.push(b' ');
            write_object(&mut out, value);
        }
    }
    writeln!(out, "/Filter/FlateDecode/Length {}>>stream", rows.len()).ok();
    out.extend_from_slice(&rows);
    write!(out, "\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF\n").ok();
    out
}

enum Entry {
    /// At a byte offset.
    At(usize),
    /// In an object stream, at an index.
    In(u32, usize),
}

/// Below this many bytes to deflate, one thread does it all: a thread's first
/// stream sets up its compressor, which costs more than deflating a short
/// document.
pub const PARALLEL_BYTES: usize = 512 << 10;

thread_local! {
    /// One compressor per thread, reset between streams: setting one up costs
    /// more than deflating a small stream.
    static COMPRESSOR: std::cell::RefCell<flate2::Compress> =
        std::cell::RefCell::new(flate2::Compress::new(flate2::Compression::fast(), true));
}

/// `bytes` deflated (zlib, the fast level).
pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        c.reset();
        let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
        loop {
            let before = c.total_in() as usize;
            let status = c.compress_vec(
                &bytes[before.min(bytes.len())..],
                &mut out,
                flate2::FlushCompress::Finish,
            );
            match status {
                Ok(flate2::Status::StreamEnd) => break,
                Ok(_) => out.reserve(out.capacity().max(1024)),
                Err(_) => return Vec::new(),
            }
        }
        out
    })
}

fn write_header(out: &mut Vec<u8>, id: ObjectId) {
    writeln!(out, "{} {} obj", id.0, id.1).ok();
}

fn write_stream(out: &mut Vec<u8>, dict: &lopdf::Dictionary, content: &[u8]) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter() {
        if key.as_slice() == b"Length" {
            continue;
        }
        write_name(out, key);
        out.push(b' ');
        write_object(out, value);
    }
    writeln!(out, "/Length {}>>stream", content.len()).ok();
    out.extend_from_slice(content);
    out.extend_from_slice(b"\nendstream");
}

/// Serializes a direct object (a stream only as the object of its own).
pub fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            out.extend_from_slice(itoa::Buffer::new().format(*i).as_bytes());
        }
        Object::Real(r) => write_real(out, *r),
        Object::Name(name) => write_name(out, name),
        Object::String(bytes, StringFormat::Literal) => write_literal(out, bytes),
        Object::String(bytes, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in bytes {
                out.extend_from_slice(&hex(*b));
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => {
            out.extend_from_slice(b"<<");
            for (key, value) in dict.iter() {
                write_name(out, key);
                out.push(b' ');
                write_object(out, value);
            }
            out.extend_from_slice(b">>");
        }
        Object::Stream(stream) => write_stream(out, &stream.dict, &stream.content),
        Object::Reference(id) => {
            write!(out, "{} {} R", id.0, id.1).ok();
        }
    }
}

/// A real number as PDF writes it: no exponent, no trailing zeros.
pub fn write_real(out: &mut Vec<u8>, r: f32) {
    if r.is_finite() && r == r.trunc() && r.abs() < 1e9 {
        out.extend_from_slice(itoa::Buffer::new().format(r as i64).as_bytes());
    } else if r.is_finite() {
        write!(out, "{r}").ok();
    } else {
        out.push(b'0');
    }
}

fn hex(b: u8) -> [u8; 2] {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 15)]]
}

/// A name, with `#xx` for delimiters, `#` and bytes outside printable ASCII.
pub fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if (b'!'..=b'~').contains(&b) && !b"()<>[]{}/%#".contains(&b) {
            out.push(b);
        } else {
            out.push(b'#');
            out.extend_from_slice(&hex(b));
        }
    }
}

/// A literal string, with `\` before `\`, `(` and `)`, and line ends escaped.
pub fn write_literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        match b {
            b'\\' | b'(' | b')' => {
                out.push(b'\\');
                out.push(b);
            }
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_document_reads_back() {
        let mut doc = lopdf::Document::with_version("1.7");
        let pages = doc.new_object_id();
        let mut page = lopdf::Dictionary::new();
        page.set("Type", Object::Name(b"Page".to_vec()));
        page.set("Parent", pages);
        page.set(
            "MediaBox",
            vec![0.into(), 0.into(), 595.276_f32.into(), 841.89_f32.into()],
        );
        let page_id = doc.add_object(page);
        let mut tree = lopdf::Dictionary::new();
        tree.set("Type", Object::Name(b"Pages".to_vec()));
        tree.set("Kids", vec![Object::Reference(page_id)]);
        tree.set("Count", 1);
        doc.objects.insert(pages, Object::Dictionary(tree));
        let mut catalog = lopdf::Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", pages);
        catalog.set(
            "Lang",
            Object::String(b"fr-BE (x)\\".to_vec(), StringFormat::Literal),
        );
        let catalog_id = doc.add_object(catalog);
        doc.trailer.set("Root", catalog_id);
        let raw_id = doc.new_object_id();
        let bytes = save(&doc, vec![(raw_id, b"<</S/P/K[0 1]>>".to_vec())]);
        let back = lopdf::Document::load_mem(&bytes).expect("reads back");
        assert_eq!(back.get_pages().len(), 1);
        let lang = back
            .catalog()
            .and_then(|c| c.get(b"Lang"))
            .and_then(Object::as_str);
        assert_eq!(lang.ok(), Some(&b"fr-BE (x)\\"[..]));
        let raw = back.get_dictionary(raw_id).expect("raw object");
        assert_eq!(
            raw.get(b"S").and_then(Object::as_name).ok(),
            Some(&b"P"[..])
        );
    }

    #[test]
    fn names_and_reals() {
        let mut out = Vec::new();
        write_name(&mut out, b"A b#(");
        assert_eq!(out, b"/A#20b#23#28");
        out.clear();
        write_real(&mut out, 12.0);
        out.push(b' ');
        write_real(&mut out, 0.25);
        assert_eq!(out, b"12 0.25");
    }
}
