//! The tera function `t`, which templates call for every sentence: a message of
//! the translations, formatted by [`Localizer`] and written as HTML or as escaped
//! Markdown for the engine it is registered on.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::i18n::Localizer;
use crate::markup;
use crate::model::{Arg, Lang};

/// Registers `t` on a tera instance. `t(id="…", attr="…", lang="…", plain=true,
/// capitalize=true, args=map, name=value…)`: the language comes from the render context's `lang`
/// unless given; in HTML templates the result is HTML-safe, in Markdown templates
/// it is escaped Markdown; `plain=true` gives the bare text (escaped by tera in
/// HTML).
pub fn register(tera: &mut tera::Tera, localizer: Arc<Localizer>, markup: super::Markup) {
    tera.register_function(
        "t",
        move |kwargs: tera::Kwargs, state: &tera::State| -> tera::TeraResult<tera::Value> {
            let id: &str = kwargs.must_get("id")?;
            let attr: Option<&str> = kwargs.get("attr")?;
            let plain: bool = kwargs.get("plain")?.unwrap_or(false);
            let capitalize: bool = kwargs.get("capitalize")?.unwrap_or(false);
            let lang: String = match kwargs.get::<&str>("lang")? {
                Some(l) => l.to_owned(),
                None => state.get::<String>("lang")?.ok_or_else(|| {
                    tera::Error::message("`t` needs `lang` in the render context")
                })?,
            };
            let lang = Lang::parse(&lang).map_err(tera::Error::message)?;
            let mut args = BTreeMap::new();
            if let Some(map) = kwargs.get::<tera::Value>("args")?
                && let Some(map) = map.as_map()
            {
                // Collected into a sorted map: the hash order never reaches output.
                #[allow(clippy::iter_over_hash_type)]
                for (k, v) in map.iter() {
                    args.insert(k.to_string(), tera_arg(id, &k.to_string(), v)?);
                }
            }
            for (k, v) in kwargs.iter() {
                let Some(name) = k.as_str() else { continue };
                if !crate::load::templates::CONTROL_ARGS.contains(&name) {
                    args.insert(name.to_owned(), tera_arg(id, name, v)?);
                }
            }
            let mut nodes = localizer
                .format(&lang, id, attr, &args)
                .map_err(tera::Error::message)?;
            if capitalize {
                markup::capitalize_first(&mut nodes);
            }
            Ok(if plain {
                tera::Value::from(markup::to_plain(&nodes))
            } else {
                match markup {
                    super::Markup::Html => tera::Value::safe_string(&markup::to_html(&nodes)),
                    super::Markup::Markdown => {
                        tera::Value::safe_string(&markup::to_markdown(&nodes))
                    }
                }
            })
        },
    );
}

fn tera_arg(id: &str, name: &str, v: &tera::Value) -> tera::TeraResult<Arg> {
    if let Some(n) = v.as_f64() {
        return Ok(Arg::Number(crate::model::positive_zero(n)));
    }
    // A whole number past 2^53 has no exact value a message can be given.
    if v.is_number() {
        return Err(tera::Error::message(format!(
            "variable `{name}` given to message `{id}` is {v}, which cannot be held exactly; a number keeps about 15 significant digits"
        )));
    }
    if let Some(s) = v.as_str() {
        return Arg::from_text(s).map_err(|e| {
            tera::Error::message(format!("variable `{name}` given to message `{id}`: {e}"))
        });
    }
    let what = if v.is_undefined() {
        "undefined".to_owned()
    } else {
        format!("a {}", v.name())
    };
    Err(tera::Error::message(format!(
        "variable `{name}` given to message `{id}` is {what}; a message variable must be a number, a date or a text"
    )))
}
