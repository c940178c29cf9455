//! The logical structure of a tagged PDF (PDF/UA-1): a tree of standard
//! structure elements built while the blocks are made, in reading order. Lines
//! point at the element their text belongs to; the writer gives each piece of
//! text a marked-content id and hangs it under that element, and marks
//! everything else (rules, bands, running footers, dot leaders) as an artifact.

use std::sync::Arc;

/// An element of the tree.
pub type NodeId = usize;

/// What a line of text is, for the structure tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tag {
    /// Not said: a bug, refused by the writer (nothing may stay unmarked).
    #[default]
    Untagged,
    /// Text of this element.
    Node(NodeId),
    /// Decoration: not read (a repeated table header).
    Artifact,
    /// A running footer: page furniture, not read.
    Pagination,
}

/// The standard structure types the editions use (ISO 32000-1, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Role {
    Document,
    Part,
    Sect,
    H1,
    H2,
    H3,
    H4,
    H5,
    P,
    BlockQuote,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    THead,
    TBody,
    TR,
    TH,
    TD,
    TOC,
    TOCI,
    Link,
}

impl Role {
    /// The heading of `level` (1 → `H1`), down to `H5`.
    pub fn heading(level: u8) -> Role {
        match level {
            0 | 1 => Role::H1,
            2 => Role::H2,
            3 => Role::H3,
            4 => Role::H4,
            _ => Role::H5,
        }
    }

    /// The name written in the PDF.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Part => "Part",
            Role::Sect => "Sect",
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::H3 => "H3",
            Role::H4 => "H4",
            Role::H5 => "H5",
            Role::BlockQuote => "BlockQuote",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::THead => "THead",
            Role::TBody => "TBody",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::TOC => "TOC",
            Role::TOCI => "TOCI",
            Role::Link => "Link",
        }
    }
}

/// A child of an element, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Kid {
    /// Another element.
    Node(NodeId),
    /// A marked-content sequence: page (0-based) and MCID.
    Content {
        /// Page index.
        page: u32,
        /// Marked-content id on that page.
        mcid: u32,
    },
    /// A link annotation: page (0-based) and its index in the page's `/Annots`.
    Annot {
        /// Page index.
        page: u32,
        /// Index in `/Annots`.
        index: u32,
    },
}

/// An element.
#[derive(Debug, Clone)]
pub struct Node {
    /// Its type.
    pub role: Role,
    /// Its language, when it differs from its parent's.
    pub lang: Option<Arc<str>>,
    /// Its children, in reading order.
    pub kids: Vec<Kid>,
    /// For a `Link`: the target it was made for (so a link broken over two runs
    /// stays one element).
    pub target: Option<Box<str>>,
}

/// The tree: an arena whose first element is the root (`Document`).
#[derive(Debug, Clone)]
pub struct Tree {
    /// Every element; unreachable ones (a discarded draft) are not written.
    pub nodes: Vec<Node>,
}

impl Default for Tree {
    fn default() -> Self {
        Self::new()
    }
}

impl Tree {
    /// The root element.
    pub const ROOT: NodeId = 0;

    /// A tree with only its `Document` root.
    pub fn new() -> Self {
        Self {
            nodes: vec![Node {
                role: Role::Document,
                lang: None,
                kids: Vec::new(),
                target: None,
            }],
        }
    }

    /// Adds an element of `role` as the last child of `parent`.
    pub fn add(&mut self, parent: NodeId, role: Role) -> NodeId {
        let id = self.nodes.len();
        self.nodes.push(Node {
            role,
            lang: None,
            kids: Vec::new(),
            target: None,
        });
        if let Some(p) = self.nodes.get_mut(parent) {
            p.kids.push(Kid::Node(id));
        }
        id
    }

    /// Appends the elements of `other` (a section laid out on its own tree)
    /// after this tree's: `other`'s root stands for `parent`, so its children
    /// become `parent`'s last children. Returns where each of `other`'s ids
    /// went. Grafting sections in order gives the ids laying them out here one
    /// after the other would have.
    pub fn graft(&mut self, other: Tree, parent: NodeId) -> impl Fn(NodeId) -> NodeId + use<> {
        let base = self.nodes.len();
        let map = move |k: NodeId| {
            if k == Self::ROOT {
                parent
            } else {
                base + k - 1
            }
        };
        let remap = |kids: &mut Vec<Kid>| {
            for kid in kids {
                if let Kid::Node(k) = kid {
                    *k = map(*k);
                }
            }
        };
        let mut nodes = other.nodes.into_iter();
        let root = nodes.next();
        for mut node in nodes {
            remap(&mut node.kids);
            self.nodes.push(node);
        }
        if let Some(mut root) = root {
            remap(&mut root.kids);
            if let Some(p) = self.nodes.get_mut(parent) {
                p.kids.extend(root.kids);
            }
        }
        map
    }

    /// Adds an element with its own language.
    pub fn add_lang(&mut self, parent: NodeId, role: Role, lang: Arc<str>) -> NodeId {
        let id = self.add(parent, role);
        self.nodes[id].lang = Some(lang);
        id
    }

    /// Forgets the children of `node` (a draft laid out again).
    pub fn clear(&mut self, node: NodeId) {
        if let Some(n) = self.nodes.get_mut(node) {
            n.kids.clear();
        }
    }

    /// The `Link` element for `target` under `parent`: the last child when it
    /// links to the same target, else a new one.
    pub fn link(&mut self, parent: NodeId, target: &str) -> NodeId {
        if let Some(Kid::Node(last)) = self.nodes[parent].kids.last()
            && self.nodes[*last].role == Role::Link
            && self.nodes[*last].target.as_deref() == Some(target)
        {
            return *last;
        }
        let id = self.add(parent, Role::Link);
        self.nodes[id].target = Some(target.into());
        id
    }

    /// Whether `node` or any element under it holds content; empty elements are
    /// not written.
    pub fn has_content(&self, node: NodeId) -> bool {
        self.nodes[node].kids.iter().any(|k| match k {
            Kid::Node(n) => self.has_content(*n),
            Kid::Content { .. } | Kid::Annot { .. } => true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_over_two_runs_is_one_element() {
        let mut t = Tree::new();
        let p = t.add(Tree::ROOT, Role::P);
        let a = t.link(p, "https://example.org");
        let b = t.link(p, "https://example.org");
        let c = t.link(p, "https://example.com");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(t.nodes[p].kids.len(), 2);
    }

    #[test]
    fn empty_elements_are_dropped() {
        let mut t = Tree::new();
        let sect = t.add(Tree::ROOT, Role::Sect);
        let p = t.add(sect, Role::P);
        assert!(!t.has_content(Tree::ROOT));
        t.nodes[p].kids.push(Kid::Content { page: 0, mcid: 0 });
        assert!(t.has_content(Tree::ROOT) && t.has_content(sect));
    }
}
