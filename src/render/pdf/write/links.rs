//! Link annotations: actions to pages or addresses, and their dictionaries
//! written directly with their structure parents.

use super::*;

/// `uri` as a PDF URI action holds it, in 7-bit ASCII (ISO 32000-1,
/// §12.6.4.7): an internationalised host in punycode
/// (`https://xn--caf-dma.brussels`), every other character that is not
/// ASCII percent-encoded as UTF-8 (`d%C3%A9marche`), as the `url` crate
/// writes a parsed address; a byte it leaves (an address it cannot parse) is
/// percent-encoded here.
pub(super) fn ascii_uri(uri: &str) -> String {
    if uri.bytes().all(|b| b.is_ascii_graphic()) {
        return uri.to_owned();
    }
    let written = url::Url::parse(uri).map_or_else(|_| uri.to_owned(), String::from);
    let mut out = String::with_capacity(written.len());
    for b in written.bytes() {
        if b.is_ascii_graphic() {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What a link does: open its address, or go to its anchor (none if the anchor
/// is on no page).
pub(super) fn action(link: &Link, anchors: &BTreeMap<&str, (usize, f32)>) -> Option<Actions> {
    match link {
        Link::Uri(uri) => Some(Actions::Uri(ascii_uri(uri))),
        Link::Anchor(id) => anchors.get(&**id).map(|(page, top)| {
            Actions::Goto(Destination::Xyz {
                page: *page,
                left: Some(0.0),
                top: Some(*top + 12.0),
                zoom: None,
            })
        }),
    }
}

/// A link annotation's dictionary without its closing `>>`: what printpdf
/// makes of it (`/Type`, `/Subtype`, `/Rect`, `/A`, `/Border`, `/C`, `/H`), for
/// the keys tagging adds to follow.
pub(super) fn link_dictionary(out: &mut Vec<u8>, link: &LinkAnnotation, page_ids: &[ObjectId]) {
    let (ll, ur) = (link.rect.lower_left(), link.rect.upper_right());
    out.extend_from_slice(b"<</Type /Annot/Subtype /Link/Rect ");
    let rect = [ll.x.0, ll.y.0, ur.x.0, ur.y.0].map(Object::Real);
    crate::render::pdf::file::write_object(out, &Object::Array(rect.to_vec()));
    out.extend_from_slice(b"/A <</S /");
    out.extend_from_slice(link.actions.get_action_type_id().as_bytes());
    match &link.actions {
        Actions::Goto(Destination::Xyz {
            page,
            left,
            top,
            zoom,
        }) => {
            let real = |v: &Option<f32>| v.map_or(Object::Null, Object::Real);
            let d = vec![
                page_ids
                    .get(page.saturating_sub(1))
                    .copied()
                    .map_or(Object::Null, Object::Reference),
                Object::Name(b"XYZ".to_vec()),
                real(left),
                real(top),
                real(zoom),
            ];
            out.extend_from_slice(b"/D ");
            crate::render::pdf::file::write_object(out, &Object::Array(d));
        }
        // Every destination made here is an `/XYZ` one.
        Actions::Goto(_) => out.extend_from_slice(b"/D null"),
        Actions::Uri(uri) => {
            out.extend_from_slice(b"/URI ");
            crate::render::pdf::file::write_literal(out, uri.as_bytes());
        }
    }
    out.extend_from_slice(b">>/Border ");
    let border: Vec<Object> = link
        .border
        .to_array()
        .into_iter()
        .map(Object::Real)
        .collect();
    crate::render::pdf::file::write_object(out, &Object::Array(border));
    out.extend_from_slice(b"/C ");
    let color: Vec<Object> = match &link.color {
        ColorArray::Transparent => Vec::new(),
        ColorArray::Gray(c) => c.iter().copied().map(Object::Real).collect(),
        ColorArray::Rgb(c) => c.iter().copied().map(Object::Real).collect(),
        ColorArray::Cmyk(c) => c.iter().copied().map(Object::Real).collect(),
    };
    crate::render::pdf::file::write_object(out, &Object::Array(color));
    out.extend_from_slice(b"/H /");
    out.extend_from_slice(link.highlighting.get_id().as_bytes());
}

/// A page's index, or an index on a page, as the structure tree keeps it: a
/// document has far fewer than 2³² pages, and a page fewer marks.
pub(super) fn index_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// `prefix`, then a reference to `id`.
pub(super) fn push_ref(out: &mut Vec<u8>, prefix: &[u8], id: ObjectId) {
    out.extend_from_slice(prefix);
    out.extend_from_slice(itoa::Buffer::new().format(id.0).as_bytes());
    out.extend_from_slice(b" 0 R");
}
