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
// Long: each column of the response is checked in turn, in the order errors are reported.
pub fn parse(doc: &Doc, use_name: bool) -> Result<Imported, Vec<Violation>> {
    let root = doc.parse_json().map_err(|e| vec![e])?;
    let org: &Node = match &root.value {
        Value::Table(t) => match t.iter().find(|(k, _)| k.name == "value") {
            Some((_, list)) => match &list.value {
                Value::Array(items) if items.len() == 1 => &items[0],
                Value::Array(items) => {
                    return Err(vec![doc.error(
                        Code::Syntax,
                        &list.span(),
                        format!(
                            "the response's \"value\" holds {} organizations; sessadm reads one at a time — query one environment's organization",
                            items.len()
                        ),
                    )]);
                }
                other => {
                    return Err(vec![doc.error(
                        Code::Syntax,
                        &list.span(),
                        format!(
                            "\"value\" must be an array of organizations, not {}",
                            other.kind()
                        ),
                    )]);
                }
            },
            None => &root,
        },
        other => {
            return Err(vec![doc.error(
                Code::Syntax,
                &root.span(),
                format!(
                    "a Dataverse organizations response is a JSON object, not {}",
                    other.kind()
                ),
            )]);
        }
    };
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
    let mut fields = Fields::new(entries);
    let mut errors = Vec::new();
    let missing: Vec<&str> = COLUMNS
        .into_iter()
        .filter(|c| fields.key(c).is_none())
        .collect();
    if !missing.is_empty() {
        errors.push(missing_columns(doc, org, entries, &missing));
    }
    let mut spans: Vec<(&str, Range<usize>)> = Vec::new();
    let mut flag = |column: &'static str, errors: &mut Vec<Violation>| -> Option<bool> {
        let node = fields.take(column)?;
        spans.push((column, node.span()));
        match &node.value {
            Value::Bool(b) => Some(*b),
            Value::Null => None,
            other => {
                errors.push(doc.error(
                    Code::Syntax,
                    &node.span(),
                    format!("{column} must be true, false or null, not {}", other.kind()),
                ));
                None
            }
        }
    };
    let session_enabled = flag("sessiontimeoutenabled", &mut errors).unwrap_or(false);
    let inactivity_enabled = flag("inactivitytimeoutenabled", &mut errors).unwrap_or(false);
    let mut minutes = |column: &'static str, errors: &mut Vec<Violation>| -> Option<u32> {
        let node = fields.take(column)?;
        spans.push((column, node.span()));
        match &node.value {
            Value::Int(n) => match u32::try_from(*n) {
                Ok(m) => Some(m),
                Err(_) => {
                    errors.push(
                        doc.error(
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
                errors.push(doc.error(
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
    };
    let length = minutes("sessiontimeoutinmins", &mut errors);
    let warning = minutes("sessiontimeoutreminderinmins", &mut errors);
    let inactivity = minutes("inactivitytimeoutinmins", &mut errors);
    let inactivity_warning = minutes("inactivitytimeoutreminderinmins", &mut errors);
    let name = match fields.take("name") {
        Some(
            node @ Node {
                value: Value::Str(s),
                ..
            },
        ) => {
            if use_name
                && let Some(v) = rules::check_characters(Code::V6, "organization name", s, false)
            {
                errors.push(doc.locate(v, &node.span()));
            }
            Some(s.to_string())
        }
        _ => None,
    };
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
    let checked = if missing.is_empty() {
        rules::check_settings_fields(&settings)
    } else {
        Vec::new()
    };
    for (field, v) in checked {
        let column = column_of(field);
        let span = spans
            .iter()
            .find(|(c, _)| *c == column)
            .map_or(org.span(), |(_, s)| s.clone());
        let mut v = doc.locate(v, &span);
        v.message = format!("{column}: {}", v.message);
        errors.push(v);
    }
    if errors.is_empty() {
        Ok(Imported { name, settings })
    } else {
        Err(errors)
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
