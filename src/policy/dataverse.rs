//! Reading the session settings out of a Dataverse Web API `organizations`
//! response, as the service returns it: OData annotations, hundreds of other
//! columns, nulls. One organization object, or `{"value": [one]}`.

use std::ops::Range;

use crate::error::{Code, Violation};
use crate::located::{Doc, Fields, Node, Value};
use crate::model::{DEFAULT_SESSION_LENGTH_MIN, DEFAULT_SESSION_WARNING_MIN, Settings};
use crate::rules::{self, SettingField};

/// The six columns of SPEC §2.
pub const COLUMNS: [&str; 6] = [
    "sessiontimeoutenabled",
    "sessiontimeoutinmins",
    "sessiontimeoutreminderinmins",
    "inactivitytimeoutenabled",
    "inactivitytimeoutinmins",
    "inactivitytimeoutreminderinmins",
];

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

/// Read the response; every violation names the column and the rule.
pub fn parse(doc: &Doc) -> Result<Imported, Vec<Violation>> {
    let root = doc.parse_json().map_err(|e| vec![e])?;
    let org: &Node = match &root.value {
        Value::Table(t) => match t.iter().find(|(k, _)| k.name == "value") {
            Some((_, list)) => match &list.value {
                Value::Array(items) if items.len() == 1 => &items[0],
                Value::Array(items) => {
                    return Err(vec![doc.error(
                        Code::Syntax,
                        &list.span,
                        format!(
                            "the response holds {} organizations; sessadm imports one at a time — query one environment's organization",
                            items.len()
                        ),
                    )]);
                }
                other => {
                    return Err(vec![doc.error(
                        Code::Syntax,
                        &list.span,
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
                &root.span,
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
            &org.span,
            format!(
                "an organization must be a JSON object, not {}",
                org.value.kind()
            ),
        )]);
    };
    let mut fields = Fields::new(entries);
    let mut errors = Vec::new();
    let mut spans: Vec<(&str, Range<usize>)> = Vec::new();
    let mut flag = |column: &'static str, errors: &mut Vec<Violation>| -> Option<bool> {
        let node = fields.take(column)?;
        spans.push((column, node.span.clone()));
        match &node.value {
            Value::Bool(b) => Some(*b),
            Value::Null => None,
            other => {
                errors.push(doc.error(
                    Code::Syntax,
                    &node.span,
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
        spans.push((column, node.span.clone()));
        match &node.value {
            Value::Int(n) => match u32::try_from(*n) {
                Ok(m) => Some(m),
                Err(_) => {
                    errors.push(
                        doc.error(
                            Code::Syntax,
                            &node.span,
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
                    &node.span,
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
    let name = match fields.take("name").map(|n| &n.value) {
        Some(Value::Str(s)) => Some(s.clone()),
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
    for (field, v) in rules::check_settings_fields(&settings) {
        let column = column_of(field);
        let span = spans
            .iter()
            .find(|(c, _)| *c == column)
            .map_or(org.span.clone(), |(_, s)| s.clone());
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
        let got = parse(&Doc::new("o.json", one)).unwrap();
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
        assert_eq!(parse(&Doc::new("o.json", &wrapped)).unwrap(), got);
    }

    #[test]
    fn violations_name_the_column_and_the_rule() {
        let text = "{\"sessiontimeoutenabled\": true,\n \"sessiontimeoutinmins\": 30}";
        let e = parse(&Doc::new("o.json", text)).unwrap_err();
        assert_eq!(
            e[0].to_string(),
            "o.json:2:26: error[V1]: sessiontimeoutinmins: session length 30m is outside 1h–24h"
        );
        let e = parse(&Doc::new("o.json", "{\"value\": []}")).unwrap_err();
        assert!(e[0].message.contains("0 organizations"));
    }
}
