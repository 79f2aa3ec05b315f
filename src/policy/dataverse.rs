//! Reading the session settings out of a Dataverse Web API `organizations`
//! response, as the service returns it: OData annotations, hundreds of other
//! columns, nulls. One organization object, or `{"value": [one]}`.
//!
//! All or nothing: a body without every one of the six columns (an OData
//! error, a `$select` that left them out, some other JSON file) is refused,
//! never read as "both timeouts off". A column that is present with `null`
//! is the product default.

use std::ops::Range;

use crate::error::{Code, Violation};
use crate::located::{Doc, Fields, Key, Node, Value};
use crate::model::{DEFAULT_SESSION_LENGTH_MIN, DEFAULT_SESSION_WARNING_MIN, Settings};
use crate::rules::{self, SettingField};
use crate::text::shown;

/// The six columns of SPEC §2.
pub const COLUMNS: [&str; 6] = [
    "sessiontimeoutenabled",
    "sessiontimeoutinmins",
    "sessiontimeoutreminderinmins",
    "inactivitytimeoutenabled",
    "inactivitytimeoutinmins",
    "inactivitytimeoutreminderinmins",
];

/// The request whose response `import-dataverse` reads.
pub const REQUEST: &str = "GET .../api/data/v9.2/organizations?$select=sessiontimeoutenabled,sessiontimeoutinmins,sessiontimeoutreminderinmins,inactivitytimeoutenabled,inactivitytimeoutinmins,inactivitytimeoutreminderinmins";

/// What a response says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The organization's `name` column, if any.
    pub name: Option<String>,
    pub settings: Settings,
}

fn column_of(field: SettingField) -> &'static str {
    match field {
        SettingField::SessionLength => "sessiontimeoutinmins",
        SettingField::SessionWarning => "sessiontimeoutreminderinmins",
        SettingField::Inactivity => "inactivitytimeoutinmins",
        SettingField::InactivityWarning => "inactivitytimeoutreminderinmins",
    }
}

/// The refusal of an organization that lacks some of the six columns: which
/// ones, what was read instead when that can be told (an OData error, keys
/// in another case), and the request that gives them.
fn missing_columns(doc: &Doc, org: &Node, entries: &[(Key, Node)], missing: &[&str]) -> Violation {
    let list = missing.join(", ");
    let lacks = if missing.len() == COLUMNS.len() {
        format!("has none of the six session columns ({list})")
    } else {
        format!(
            "lacks {} of the six session columns ({list})",
            missing.len()
        )
    };
    let entry = |t: &'_ [(Key, Node)], name: &str| -> Option<Value> {
        t.iter()
            .find(|(k, _)| k.name == name)
            .map(|(_, n)| n.value.clone())
    };
    // OData: {"error": {"code", "message"}}, the message a string or, in
    // older services, {"lang", "value"}.
    let odata = match entry(entries, "error") {
        Some(Value::Table(e)) => Some(match entry(&e, "message") {
            Some(Value::Str(m)) => Some(m),
            Some(Value::Table(m)) => match entry(&m, "value") {
                Some(Value::Str(m)) => Some(m),
                _ => None,
            },
            _ => None,
        }),
        _ => None,
    };
    let mut message = match odata {
        Some(Some(m)) => format!(
            "the file is an OData error response ({}), not an organization: it {lacks}",
            shown(&m)
        ),
        Some(None) => {
            format!("the file is an OData error response, not an organization: it {lacks}")
        }
        None => format!("the organization {lacks}"),
    };
    if let Some((k, _)) = missing
        .iter()
        .find_map(|c| entries.iter().find(|(k, _)| k.name.eq_ignore_ascii_case(c)))
    {
        message.push_str(&format!(
            "; column names are lower case, not {}",
            shown(&k.name)
        ));
    }
    doc.error(Code::Syntax, &org.span(), message)
        .allowed("all six columns, each with a value or null (null = the product default)")
        .hint(format!("import the response of {REQUEST}"))
}

/// Read the response; every violation names the column and the rule. With
/// `use_name` the organization's `name` is what the environment is found
/// by, and must hold no control characters (V6).
pub fn parse(doc: &Doc, use_name: bool) -> Result<Imported, Vec<Violation>> {
    let root = doc.parse_json().map_err(|e| vec![e])?;
    let org = organization(doc, &root).map_err(|e| vec![e])?;
    let Value::Table(entries) = &org.value else {
        return Err(vec![doc.error(
            Code::Syntax,
            &org.span(),
            format!(
                "an organization must be a JSON object, not {}",
                org.value.kind()
            ),
        )]);
    };
    let mut columns = Columns {
        doc,
        fields: Fields::new(entries),
        spans: Vec::new(),
        errors: Vec::new(),
    };
    let missing: Vec<&str> = COLUMNS
        .into_iter()
        .filter(|c| columns.fields.key(c).is_none())
        .collect();
    if !missing.is_empty() {
        columns
            .errors
            .push(missing_columns(doc, org, entries, &missing));
    }
    let session_enabled = columns.flag("sessiontimeoutenabled").unwrap_or(false);
    let inactivity_enabled = columns.flag("inactivitytimeoutenabled").unwrap_or(false);
    let length = columns.minutes("sessiontimeoutinmins");
    let warning = columns.minutes("sessiontimeoutreminderinmins");
    let inactivity = columns.minutes("inactivitytimeoutinmins");
    let inactivity_warning = columns.minutes("inactivitytimeoutreminderinmins");
    let name = columns.name(use_name);
    let settings = Settings {
        session_enabled,
        session_length_min: length.unwrap_or(DEFAULT_SESSION_LENGTH_MIN),
        session_warning_min: warning.unwrap_or(DEFAULT_SESSION_WARNING_MIN),
        inactivity_enabled,
        inactivity_min: inactivity,
        inactivity_warning_min: inactivity_warning.unwrap_or(0),
    };
    // V1–V5 only over a whole set of columns: defaults standing in for
    // missing ones would be judged as if they had been read.
    if missing.is_empty() {
        columns.check(&settings, org);
    }
    if columns.errors.is_empty() {
        Ok(Imported { name, settings })
    } else {
        Err(columns.errors)
    }
}

/// The one organization of a response: the response itself, or the only
/// item of its `value`.
fn organization<'r>(doc: &Doc, root: &'r Node) -> Result<&'r Node, Violation> {
    let Value::Table(t) = &root.value else {
        return Err(doc.error(
            Code::Syntax,
            &root.span(),
            format!(
                "a Dataverse organizations response is a JSON object, not {}",
                root.value.kind()
            ),
        ));
    };
    let Some((_, list)) = t.iter().find(|(k, _)| k.name == "value") else {
        return Ok(root);
    };
    match &list.value {
        Value::Array(items) if items.len() == 1 => Ok(&items[0]),
        Value::Array(items) => Err(doc.error(
            Code::Syntax,
            &list.span(),
            format!(
                "the response's \"value\" holds {} organizations; sessadm reads one at a time — query one environment's organization",
                items.len()
            ),
        )),
        other => Err(doc.error(
            Code::Syntax,
            &list.span(),
            format!(
                "\"value\" must be an array of organizations, not {}",
                other.kind()
            ),
        )),
    }
}

/// Reading an organization's columns: where each was, for the errors of
/// rules over several, and every violation so far.
struct Columns<'d, 'n> {
    doc: &'d Doc<'d>,
    fields: Fields<'n>,
    spans: Vec<(&'static str, Range<usize>)>,
    errors: Vec<Violation>,
}

impl<'n> Columns<'_, 'n> {
    /// A column that is present, noting where it is.
    fn take(&mut self, column: &'static str) -> Option<&'n Node> {
        let node = self.fields.take(column)?;
        self.spans.push((column, node.span()));
        Some(node)
    }

    /// A true/false column; None when absent or null.
    fn flag(&mut self, column: &'static str) -> Option<bool> {
        let node = self.take(column)?;
        match &node.value {
            Value::Bool(b) => Some(*b),
            Value::Null => None,
            other => {
                self.errors.push(self.doc.error(
                    Code::Syntax,
                    &node.span(),
                    format!("{column} must be true, false or null, not {}", other.kind()),
                ));
                None
            }
        }
    }

    /// A column of whole minutes; None when absent or null.
    fn minutes(&mut self, column: &'static str) -> Option<u32> {
        let node = self.take(column)?;
        match &node.value {
            Value::Int(n) => match u32::try_from(*n) {
                Ok(m) => Some(m),
                Err(_) => {
                    self.errors.push(
                        self.doc
                            .error(
                                Code::Syntax,
                                &node.span(),
                                format!("{column} {n} is not a number of minutes"),
                            )
                            .value(n.to_string()),
                    );
                    None
                }
            },
            Value::Null => None,
            other => {
                self.errors.push(self.doc.error(
                    Code::Syntax,
                    &node.span(),
                    format!(
                        "{column} must be whole minutes or null, not {}",
                        other.kind()
                    ),
                ));
                None
            }
        }
    }

    /// The organization's `name`, if it is a string; with `use_name` it
    /// must hold no control characters (V6).
    fn name(&mut self, use_name: bool) -> Option<String> {
        let node = self.fields.take("name")?;
        let Value::Str(s) = &node.value else {
            return None;
        };
        if use_name
            && let Some(v) = rules::check_characters(Code::V6, "organization name", s, false)
        {
            self.errors.push(self.doc.locate(v, &node.span()));
        }
        Some(s.to_string())
    }

    /// V1–V5 over the settings read, each violation at the column it
    /// names (else at the organization).
    fn check(&mut self, settings: &Settings, org: &Node) {
        for (field, v) in rules::check_settings_fields(settings) {
            let column = column_of(field);
            let span = self
                .spans
                .iter()
                .find(|(c, _)| *c == column)
                .map_or(org.span(), |(_, s)| s.clone());
            let mut v = self.doc.locate(v, &span);
            v.message = format!("{column}: {}", v.message);
            self.errors.push(v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_object_and_a_value_list_of_one() {
        let one = r#"{"name": "org1", "sessiontimeoutenabled": true, "sessiontimeoutinmins": 480,
            "sessiontimeoutreminderinmins": 15, "inactivitytimeoutenabled": true,
            "inactivitytimeoutinmins": 30, "inactivitytimeoutreminderinmins": null}"#;
        let got = parse(&Doc::new("o.json", one), true).unwrap();
        assert_eq!(got.name.as_deref(), Some("org1"));
        assert_eq!(
            got.settings,
            Settings {
                session_enabled: true,
                session_length_min: 480,
                session_warning_min: 15,
                inactivity_enabled: true,
                inactivity_min: Some(30),
                inactivity_warning_min: 0,
            }
        );
        let wrapped = format!("{{\"@odata.context\": \"x\", \"value\": [{one}]}}");
        assert_eq!(parse(&Doc::new("o.json", &wrapped), true).unwrap(), got);
    }

    #[test]
    fn violations_name_the_column_and_the_rule() {
        let text = "{\"sessiontimeoutenabled\": true,\n \"sessiontimeoutinmins\": 30,\n \
                    \"sessiontimeoutreminderinmins\": null, \"inactivitytimeoutenabled\": false,\n \
                    \"inactivitytimeoutinmins\": null, \"inactivitytimeoutreminderinmins\": null}";
        let e = parse(&Doc::new("o.json", text), true).unwrap_err();
        assert_eq!(
            e.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["o.json:2:26: error[V1]: sessiontimeoutinmins: session length 30m is outside 1h–24h"]
        );
        let e = parse(&Doc::new("o.json", "{\"value\": []}"), true).unwrap_err();
        assert!(e[0].message.contains("0 organizations"));
    }

    /// Every column's message, when all six are missing.
    const NONE: &str = "has none of the six session columns (sessiontimeoutenabled, sessiontimeoutinmins, sessiontimeoutreminderinmins, inactivitytimeoutenabled, inactivitytimeoutinmins, inactivitytimeoutreminderinmins)";

    fn refused(text: &str) -> Vec<String> {
        parse(&Doc::new("o.json", text), true)
            .unwrap_err()
            .iter()
            .map(|v| v.to_string())
            .collect()
    }

    #[test]
    fn a_body_without_the_six_columns_is_refused() {
        let hint = format!(" — import the response of {REQUEST}");
        assert_eq!(
            refused("{}"),
            [format!(
                "o.json:1:1: error[syntax]: the organization {NONE}{hint}"
            )]
        );
        assert_eq!(
            refused("{\"value\": [\n {\"name\": \"x\", \"sessiontimeoutenabled\": null}]}"),
            [format!(
                "o.json:2:2: error[syntax]: the organization lacks 5 of the six session columns (sessiontimeoutinmins, sessiontimeoutreminderinmins, inactivitytimeoutenabled, inactivitytimeoutinmins, inactivitytimeoutreminderinmins){hint}"
            )]
        );
        assert_eq!(
            refused("{\"SessionTimeoutEnabled\": true}"),
            [format!(
                "o.json:1:1: error[syntax]: the organization {NONE}; column names are lower case, not \"SessionTimeoutEnabled\"{hint}"
            )]
        );
    }

    #[test]
    fn an_odata_error_is_named_and_its_message_quoted_short() {
        let hint = format!(" — import the response of {REQUEST}");
        let long = "x".repeat(5000);
        let text = format!("{{\"error\": {{\"code\": \"0x80040220\", \"message\": \"{long}\"}}}}");
        assert_eq!(
            refused(&text),
            [format!(
                "o.json:1:1: error[syntax]: the file is an OData error response (\"{}…\"), not an organization: it {NONE}{hint}",
                "x".repeat(80)
            )]
        );
        let v3 = "{\"error\": {\"message\": {\"lang\": \"en-US\", \"value\": \"denied\"}}}";
        assert!(refused(v3)[0].contains("error response (\"denied\"), not"));
        let bare = "{\"error\": {}}";
        assert!(refused(bare)[0].contains("OData error response, not an organization"));
    }

    #[test]
    fn the_organization_name_is_checked_only_when_used() {
        let six = "\"sessiontimeoutenabled\": false, \"sessiontimeoutinmins\": null, \
                   \"sessiontimeoutreminderinmins\": null, \"inactivitytimeoutenabled\": false, \
                   \"inactivitytimeoutinmins\": null, \"inactivitytimeoutreminderinmins\": null";
        let text = format!("{{\"name\": \"a\\u202eb\", {six}}}");
        let doc = Doc::new("o.json", &text);
        assert!(parse(&doc, false).is_ok());
        assert_eq!(
            parse(&doc, true).unwrap_err()[0].to_string(),
            "o.json:1:10: error[V6]: organization name \"a\\u{202e}b\" contains U+202E (a bidi override) at character 2"
        );
    }
}
