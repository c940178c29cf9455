//! The document outline (bookmarks, nested by heading level) and the structure
//! tree with its parent tree, role map and ids.

use super::*;

/// A PDF text string: PDFDocEncoding for ASCII, UTF-16BE with a BOM otherwise.
pub(super) fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            bytes.extend(u.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// Builds the outline from the headings' anchors, nested by level, each entry
/// pointing at its heading's position. Returns the outline root.
pub(super) fn outline(
    doc: &mut lopdf::Document,
    pages: &[Page],
    page_ids: &[ObjectId],
    geometry: &Geometry,
) -> Option<Object> {
    let mut entries: Vec<(&Anchor, usize, f32)> = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        for (a, y) in &page.anchors {
            entries.push((a, i, geometry.height - y));
        }
    }
    if entries.is_empty() {
        return None;
    }
    let root_id = doc.new_object_id();
    // Tree: each entry hangs under the last entry before it of a lower level
    // (a sub-section under its section, a project under its sub-section), or
    // under the root.
    let mut kids: BTreeMap<ObjectId, Vec<ObjectId>> = BTreeMap::new();
    let mut parents: Vec<ObjectId> = vec![root_id];
    let mut open: Vec<(u8, ObjectId)> = Vec::new();
    let mut dicts: BTreeMap<ObjectId, Dictionary> = BTreeMap::new();
    for (anchor, page, top_y) in &entries {
        let id = doc.new_object_id();
        let mut d = Dictionary::new();
        d.set("Title", text_string(&anchor.title));
        let page_ref = page_ids.get(*page).copied();
        if let Some(page_ref) = page_ref {
            d.set(
                "Dest",
                vec![
                    Object::Reference(page_ref),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Real(0.0),
                    Object::Real(top_y + 12.0),
                    Object::Null,
                ],
            );
        }
        dicts.insert(id, d);
        while open.last().is_some_and(|(level, _)| *level >= anchor.level) {
            open.pop();
        }
        let parent = open.last().map_or(root_id, |(_, p)| *p);
        let siblings = kids.entry(parent).or_default();
        if siblings.is_empty() && parent != root_id {
            parents.push(parent);
        }
        siblings.push(id);
        open.push((anchor.level.max(1), id));
    }
    let link = |dicts: &mut BTreeMap<ObjectId, Dictionary>, parent: ObjectId, kids: &[ObjectId]| {
        for (i, kid) in kids.iter().enumerate() {
            if let Some(d) = dicts.get_mut(kid) {
                d.set("Parent", parent);
                if i > 0 {
                    d.set("Prev", kids[i - 1]);
                }
                if i + 1 < kids.len() {
                    d.set("Next", kids[i + 1]);
                }
            }
        }
    };
    // Parents in the order they come (each after its own parent): an entry's
    // keys are written Title, Dest, Parent, Prev, Next, First, Last, Count.
    for parent in &parents {
        let Some(list) = kids.get(parent) else {
            continue;
        };
        link(&mut dicts, *parent, list);
        if *parent != root_id
            && let Some(d) = dicts.get_mut(parent)
        {
            d.set("First", list[0]);
            d.set("Last", list[list.len() - 1]);
            d.set("Count", -(list.len() as i64));
        }
    }
    let level1 = kids.remove(&root_id).unwrap_or_default();
    let total = entries.len() as i64;
    for (id, d) in dicts {
        doc.objects.insert(id, Object::Dictionary(d));
    }
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"Outlines".to_vec()));
    let (Some(first), Some(last)) = (level1.first(), level1.last()) else {
        return None;
    };
    root.set("First", *first);
    root.set("Last", *last);
    root.set("Count", total);
    doc.objects.insert(root_id, Object::Dictionary(root));
    Some(Object::Reference(root_id))
}

/// The structure tree: each reachable element with content becomes a
/// `StructElem` (returned serialized, for the object streams); pages get `/StructParents` and `/Tabs /S`; link annotations
/// become objects of their own with `/Contents` and `/StructParent`; the parent
/// tree maps both back to their elements; the catalog is marked.
pub(super) fn structure(
    doc: &mut lopdf::Document,
    tree: &Tree,
    marks: &[Marks],
) -> Result<Vec<crate::render::pdf::file::Raw>, String> {
    let page_ids: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    if page_ids.len() != marks.len() {
        return Err("the PDF's pages do not match the pages laid out".into());
    }
    let root_id = doc.new_object_id();
    // Object ids for every element with content, in reading order.
    let mut ids: BTreeMap<NodeId, ObjectId> = BTreeMap::new();
    let mut order = Vec::new();
    let mut stack = vec![Tree::ROOT];
    while let Some(n) = stack.pop() {
        if !tree.has_content(n) {
            continue;
        }
        ids.insert(n, doc.new_object_id());
        order.push(n);
        for kid in tree.nodes[n].kids.iter().rev() {
            if let Kid::Node(k) = kid {
                stack.push(*k);
            }
        }
    }
    let element = |n: NodeId| -> Result<ObjectId, String> {
        ids.get(&n)
            .copied()
            .ok_or_else(|| "a marked run belongs to no written element".to_owned())
    };
    // A link's text, all its runs (a title and its page number in the
    // contents), is each of its annotations' alternate text.
    let mut link_text: BTreeMap<NodeId, String> = BTreeMap::new();
    for m in marks {
        for (owner, text) in &m.annots {
            let t = link_text.entry(*owner).or_default();
            if !t.is_empty() && !t.ends_with(' ') {
                t.push(' ');
            }
            t.push_str(text);
        }
    }
    // Annotations: objects of their own, written as bytes (printpdf's
    // dictionary, then the keys tagging adds): thousands in a long document,
    // too many to build as dictionaries first.
    let mut raw: Vec<crate::render::pdf::file::Raw> = Vec::new();
    // The root, with its parent tree, written as bytes too; the tree's entries
    // go straight into it as the pages are read.
    let mut root = Vec::with_capacity(16 * marks.len() + 128);
    root.extend_from_slice(b"<</Type /StructTreeRoot");
    if let Some(doc_id) = ids.get(&Tree::ROOT) {
        push_ref(&mut root, b"/K ", *doc_id);
    }
    root.extend_from_slice(b"/ParentTree <</Nums [");
    let nums = &mut root;
    let mut annot_ids: Vec<Vec<ObjectId>> = Vec::with_capacity(marks.len());
    let mut next_key = page_ids.len() as i64;
    let mut annot_parents: Vec<(i64, ObjectId)> = Vec::new();
    for (i, (page_id, m)) in page_ids.iter().zip(marks).enumerate() {
        if m.links.len() != m.annots.len() {
            return Err(format!("page {}: the links do not match", i + 1));
        }
        let mut refs = Vec::with_capacity(m.links.len());
        for (link, (owner, _)) in m.links.iter().zip(&m.annots) {
            let mut bytes = Vec::with_capacity(256);
            link_dictionary(&mut bytes, link, &page_ids);
            bytes.extend_from_slice(b"/StructParent ");
            bytes.extend_from_slice(itoa::Buffer::new().format(next_key).as_bytes());
            let text = link_text.get(owner).map_or("", |t| t.trim());
            bytes.extend_from_slice(b"/Contents ");
            crate::render::pdf::file::write_object(&mut bytes, &text_string(text));
            push_ref(&mut bytes, b"/P ", *page_id);
            // Printed, like the text it covers.
            bytes.extend_from_slice(b"/F 4>>");
            annot_parents.push((next_key, element(*owner)?));
            next_key += 1;
            let id = doc.new_object_id();
            raw.push((id, bytes));
            refs.push(id);
        }
        let page = doc
            .get_object_mut(*page_id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| format!("page {}: {e}", i + 1))?;
        page.set("StructParents", i as i64);
        page.set("Tabs", Object::Name(b"S".to_vec()));
        if refs.is_empty() {
            page.remove(b"Annots");
        } else {
            page.set(
                "Annots",
                refs.iter()
                    .map(|r| Object::Reference(*r))
                    .collect::<Vec<_>>(),
            );
        }
        // The parent tree's entry for the page: the element of each MCID.
        if i > 0 {
            nums.push(b' ');
        }
        nums.extend_from_slice(itoa::Buffer::new().format(i).as_bytes());
        nums.extend_from_slice(b" [");
        for (k, n) in m.owners.iter().enumerate() {
            push_ref(nums, if k > 0 { b" " } else { b"" }, element(*n)?);
        }
        nums.push(b']');
        annot_ids.push(refs);
    }
    for (key, id) in annot_parents {
        nums.push(b' ');
        nums.extend_from_slice(itoa::Buffer::new().format(key).as_bytes());
        push_ref(nums, b" ", id);
    }
    nums.extend_from_slice(b"]>>/ParentTreeNextKey ");
    nums.extend_from_slice(itoa::Buffer::new().format(next_key).as_bytes());
    nums.extend_from_slice(b">>");
    // The elements.
    let mut parents: BTreeMap<NodeId, ObjectId> = BTreeMap::new();
    for &n in &order {
        for kid in &tree.nodes[n].kids {
            if let Kid::Node(k) = kid
                && let Some(id) = ids.get(&n)
            {
                parents.insert(*k, *id);
            }
        }
    }
    // Each element written directly as bytes: thousands of them, too many to
    // build as dictionaries first.
    raw.reserve(order.len() + 1);
    for &n in &order {
        let node = &tree.nodes[n];
        let Some(id) = ids.get(&n) else { continue };
        let mut d = Vec::with_capacity(96);
        d.extend_from_slice(b"<</Type/StructElem/S/");
        d.extend_from_slice(node.role.name().as_bytes());
        let parent = parents.get(&n).copied().unwrap_or(root_id);
        push_ref(&mut d, b"/P ", parent);
        // The page of the element's first content: its MCIDs there are plain
        // integers, elsewhere marked-content references.
        let pg = node.kids.iter().find_map(|k| match k {
            Kid::Content { page, .. } | Kid::Annot { page, .. } => Some(*page as usize),
            Kid::Node(_) => None,
        });
        if let Some(pg) = pg {
            push_ref(&mut d, b"/Pg ", page_ids[pg]);
        }
        d.extend_from_slice(b"/K[");
        for (i, kid) in node.kids.iter().enumerate() {
            if i > 0 {
                d.push(b' ');
            }
            match kid {
                Kid::Node(k) => {
                    if let Some(id) = ids.get(k) {
                        push_ref(&mut d, b"", *id);
                    }
                }
                Kid::Content { page, mcid } if Some(*page as usize) == pg => {
                    d.extend_from_slice(itoa::Buffer::new().format(*mcid).as_bytes());
                }
                Kid::Content { page, mcid } => {
                    push_ref(&mut d, b"<</Type/MCR/Pg ", page_ids[*page as usize]);
                    d.extend_from_slice(b"/MCID ");
                    d.extend_from_slice(itoa::Buffer::new().format(*mcid).as_bytes());
                    d.extend_from_slice(b">>");
                }
                Kid::Annot { page, index } => {
                    let obj = annot_ids
                        .get(*page as usize)
                        .and_then(|a| a.get(*index as usize))
                        .ok_or("a link element has no annotation")?;
                    push_ref(&mut d, b"<</Type/OBJR/Pg ", page_ids[*page as usize]);
                    push_ref(&mut d, b"/Obj ", *obj);
                    d.extend_from_slice(b">>");
                }
            }
        }
        d.push(b']');
        if let Some(lang) = &node.lang {
            d.extend_from_slice(b"/Lang");
            crate::render::pdf::file::write_literal(&mut d, lang.as_bytes());
        }
        if node.role == Role::TH {
            d.extend_from_slice(b"/A<</O/Table/Scope/Column>>");
        }
        d.extend_from_slice(b">>");
        raw.push((*id, d));
    }
    raw.push((root_id, root));
    let catalog = catalog(doc)?;
    let mut mark_info = Dictionary::new();
    mark_info.set("Marked", true);
    catalog.set("MarkInfo", mark_info);
    catalog.set("StructTreeRoot", root_id);
    Ok(raw)
}
