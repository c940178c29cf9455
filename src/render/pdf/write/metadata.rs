//! The XMP metadata stream: the Info dictionary repeated, with the PDF/UA-1
//! claim and the title in each language.

use super::*;

/// XMP metadata saying what the Info dictionary says (title in each language,
/// author, subject, keywords, dates, producer), with the PDF/UA-1 claim.
pub(super) fn metadata(doc: &mut lopdf::Document, info: &Info) -> Result<(), String> {
    // Dates only when a day is known: Info and XMP say the same.
    let dates = match info.timestamp {
        Some(t) => {
            let date = printpdf::DateTime::from_unix_timestamp(t).map_err(str::to_owned)?;
            let (d, t) = (date.date, date.time);
            Some((
                format!(
                    "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                    d.year, d.month, d.day, t.hour, t.minute, t.second
                ),
                format!(
                    "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
                    d.year, d.month, d.day, t.hour, t.minute, t.second
                ),
            ))
        }
        None => None,
    };
    let producer = format!("memorandum {} (printpdf)", env!("CARGO_PKG_VERSION"));
    if let Ok(info_id) = doc.trailer.get(b"Info").and_then(Object::as_reference)
        && let Ok(dict) = doc.get_object_mut(info_id).and_then(Object::as_dict_mut)
    {
        for key in ["CreationDate", "ModDate"] {
            match &dates {
                Some((_, pdf_date)) => dict.set(
                    key,
                    Object::String(pdf_date.as_bytes().to_vec(), StringFormat::Literal),
                ),
                None => {
                    dict.remove(key.as_bytes());
                }
            }
        }
        dict.set("Producer", text_string(&producer));
        dict.set("Creator", text_string("memorandum"));
    }
    let xmp_dates = match &dates {
        Some((xmp_date, _)) => format!(
            "<xmp:CreateDate>{xmp_date}</xmp:CreateDate>\n<xmp:ModifyDate>{xmp_date}</xmp:ModifyDate>\n<xmp:MetadataDate>{xmp_date}</xmp:MetadataDate>\n"
        ),
        None => String::new(),
    };
    let mut titles = format!(
        "<rdf:li xml:lang=\"x-default\">{}</rdf:li>",
        xml(&info.title)
    );
    for (lang, title) in &info.titles {
        titles.push_str(&format!(
            "<rdf:li xml:lang=\"{}\">{}</rdf:li>",
            xml(lang),
            xml(title)
        ));
    }
    let languages: String = info
        .titles
        .iter()
        .map(|(lang, _)| format!("<rdf:li>{}</rdf:li>", xml(lang)))
        .collect();
    let xmp = format!(
        r#"<?xpacket begin="﻿" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt>{titles}</rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag>{languages}</rdf:Bag></dc:language>
<pdf:Keywords>{keywords}</pdf:Keywords>
<pdf:Producer>{producer}</pdf:Producer>
<xmp:CreatorTool>memorandum</xmp:CreatorTool>
{xmp_dates}<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        author = xml(&info.author),
        subject = xml(&info.subject),
        keywords = xml(&info.keywords.join(", ")),
        producer = xml(&producer),
    );
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Metadata".to_vec()));
    dict.set("Subtype", Object::Name(b"XML".to_vec()));
    let stream = lopdf::Stream::new(dict, xmp.into_bytes()).with_compression(false);
    let id = doc.add_object(Object::Stream(stream));
    catalog(doc)?.set("Metadata", id);
    Ok(())
}

/// Text escaped for XML.
pub(super) fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}
