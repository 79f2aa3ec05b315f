//! Dataverse (SPEC §10.2): read an environment's six session columns,
//! `PATCH` only those that differ with `If-Match`, read again to verify.
//! Values are read as `import-dataverse` reads them (nulls are defaults,
//! V1–V5 checked), by [`crate::policy::dataverse::parse`].

use super::http::{Method, Request};
use super::{Failure, Session, plan};
use crate::error::Code;
use crate::located::Doc;
use crate::model::{Environment, FieldChange, Settings};
use crate::policy::dataverse::COLUMNS;

pub const API: &str = "api/data/v9.2";

/// `organizationid` and the six columns, comma-separated.
pub fn select() -> String {
    let mut s = String::from("organizationid");
    for c in COLUMNS {
        s.push(',');
        s.push_str(c);
    }
    s
}

fn base(url: &str) -> &str {
    url.trim_end_matches('/')
}

const ODATA: [(&str, &str); 3] = [
    ("Accept", "application/json"),
    ("OData-MaxVersion", "4.0"),
    ("OData-Version", "4.0"),
];

pub fn read_request(url: &str) -> Request {
    let mut r = Request::get(format!(
        "{}/{API}/organizations?$select={}",
        base(url),
        select()
    ));
    for (k, v) in ODATA {
        r = r.header(k, v);
    }
    r
}

pub fn patch_request(
    url: &str,
    id: &str,
    etag: &str,
    body: &serde_json::Map<String, serde_json::Value>,
) -> Request {
    let mut headers: Vec<(&'static str, String)> =
        ODATA.iter().map(|(k, v)| (*k, v.to_string())).collect();
    headers.push(("If-Match", etag.to_string()));
    Request {
        method: Method::Patch,
        url: format!("{}/{API}/organizations({id})", base(url)),
        headers,
        body: Some((
            "application/json",
            serde_json::Value::Object(body.clone()).to_string(),
        )),
    }
}

/// The token resource of an environment: its origin.
pub fn resource(url: &str) -> Result<String, Failure> {
    super::http::origin(url).ok_or_else(|| {
        Failure::network(format!(
            "the environment URL {} has no origin to ask a token for — fix it with sessadm env update --url",
            crate::text::shown(url)
        ))
    })
}

/// One organization row as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Org {
    pub id: Option<String>,
    pub etag: Option<String>,
    pub settings: Settings,
}

/// Read the response of [`read_request`] (`{"value": [row]}`). A body
/// without the columns names the URL and what is missing; live values that
/// break V1–V5 are `Invalid`.
pub fn parse_org(url: &str, body: &str) -> Result<Org, Failure> {
    let doc = Doc::new(url, body);
    let parsed = crate::policy::dataverse::parse(&doc, false).map_err(|vs| {
        if vs.iter().all(|v| matches!(v.code, Code::V1 | Code::V2 | Code::V3 | Code::V4 | Code::V5)) {
            Failure::invalid(
                vs.into_iter()
                    .map(|mut v| {
                        v.hint = Some("fix it in the service, or make the service match the inventory with sessadm push".into());
                        v
                    })
                    .collect(),
            )
        } else {
            let what = vs
                .first()
                .map(|v| v.message.clone())
                .unwrap_or_default();
            Failure::malformed(format!(
                "GET {url} answered a body that is not an organizations list: {what} — check the environment URL"
            ))
        }
    })?;
    let row: Option<serde_json::Value> = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("value")?.get(0).cloned());
    let text = |k: &str| {
        row.as_ref()
            .and_then(|r| r.get(k))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    Ok(Org {
        id: text("organizationid"),
        etag: text("@odata.etag"),
        settings: parsed.settings,
    })
}

/// Read one environment's organization row.
pub fn read(session: &Session, url: &str) -> Result<Org, Failure> {
    let req = read_request(url);
    let resource = resource(url)?;
    let resp = session.call(&req, &resource, url, "System Administrator")?;
    if resp.status != 200 {
        return Err(super::unexpected(&req, &resp, "200"));
    }
    parse_org(&req.url, &resp.body)
}

/// Make one environment's live row match `env`, starting from `first` (the
/// read the plan was shown from). A 412 reads and plans again once. Returns
/// the changes made (old = live).
pub fn push(session: &Session, env: &Environment, first: Org) -> Result<Vec<FieldChange>, Failure> {
    let url = env.url.as_deref().unwrap_or_default();
    let resource = resource(url)?;
    let mut org = first;
    for round in 0..2 {
        let changes = plan::push_changes(env, &org.settings);
        if changes.is_empty() {
            return Ok(changes);
        }
        let missing = |what: &str| {
            Failure::malformed(format!(
                "GET {} answered a row without {what}, which a PATCH needs — check the environment URL",
                read_request(url).url
            ))
        };
        let id = org.id.clone().ok_or_else(|| missing("organizationid"))?;
        let etag = org.etag.clone().ok_or_else(|| missing("@odata.etag"))?;
        let body = plan::patch_body(&changes, &env.settings);
        let req = patch_request(url, &id, &etag, &body);
        let resp = session.call(&req, &resource, url, "System Administrator")?;
        match resp.status {
            200 | 204 => {
                let after = read(session, url)?;
                let left = plan::push_changes(env, &after.settings);
                if let Some(c) = left
                    .iter()
                    .find(|l| changes.iter().any(|c| c.field == l.field))
                {
                    return Err(Failure::conflict(format!(
                        "{} answered {} but the row read back holds {} = {} instead of {} — run sessadm push again, or look for a plug-in or policy that resets it",
                        req.shown(),
                        resp.status,
                        c.field,
                        c.old.as_deref().unwrap_or("-"),
                        c.new.as_deref().unwrap_or("-")
                    )));
                }
                return Ok(changes);
            }
            412 if round == 0 => org = read(session, url)?,
            412 => {
                return Err(Failure::conflict(format!(
                    "{} was refused twice with HTTP 412, a conflict: the row keeps changing while sessadm writes it — run sessadm push again later",
                    req.shown()
                )));
            }
            _ => return Err(super::unexpected(&req, &resp, "204")),
        }
    }
    Err(Failure::conflict(format!("{url}: conflict")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORG: &str =
        include_str!("../../tests/fixtures/powerplatform/dataverse-organizations-v9.0.json");

    #[test]
    fn the_read_has_the_exact_query_and_odata_headers() {
        let r = read_request("https://contoso.crm.dynamics.com/");
        assert_eq!(r.method, Method::Get);
        assert_eq!(
            r.url,
            "https://contoso.crm.dynamics.com/api/data/v9.2/organizations?$select=organizationid,sessiontimeoutenabled,sessiontimeoutinmins,sessiontimeoutreminderinmins,inactivitytimeoutenabled,inactivitytimeoutinmins,inactivitytimeoutreminderinmins"
        );
        assert_eq!(
            r.headers,
            [
                ("Accept", "application/json".to_string()),
                ("OData-MaxVersion", "4.0".into()),
                ("OData-Version", "4.0".into())
            ]
        );
        // A path after the host is kept.
        assert!(
            read_request("http://127.0.0.1:8080/org1")
                .url
                .starts_with("http://127.0.0.1:8080/org1/api/data/v9.2/organizations?")
        );
        assert_eq!(
            resource("http://127.0.0.1:8080/org1").unwrap(),
            "http://127.0.0.1:8080/"
        );
    }

    #[test]
    fn the_patch_carries_if_match_and_only_the_changed_columns() {
        let mut body = serde_json::Map::new();
        body.insert("sessiontimeoutinmins".into(), 480.into());
        let r = patch_request("https://c.crm.dynamics.com", "abc-1", "W/\"123\"", &body);
        assert_eq!(r.method, Method::Patch);
        assert_eq!(
            r.url,
            "https://c.crm.dynamics.com/api/data/v9.2/organizations(abc-1)"
        );
        assert!(r.headers.contains(&("If-Match", "W/\"123\"".into())));
        assert_eq!(
            r.body.unwrap(),
            (
                "application/json",
                r#"{"sessiontimeoutinmins":480}"#.to_string()
            )
        );
    }

    #[test]
    fn the_recorded_row_is_read_as_it_is() {
        // The whole row (457 columns), not a $select: read all the same.
        let org = parse_org("https://x/api", ORG).unwrap();
        assert_eq!(org.settings, Settings::default());
        assert!(org.id.is_some());
        assert!(org.etag.as_deref().is_some_and(|e| e.starts_with("W/")));
        let e = parse_org(
            "https://x/api",
            "{\"value\": [{\"organizationid\": \"1\"}]}",
        )
        .unwrap_err();
        assert_eq!(e.kind, super::super::FailureKind::Malformed);
        assert!(
            e.message.contains("https://x/api") && e.message.contains("sessiontimeoutenabled"),
            "{}",
            e.message
        );
        let e = parse_org("u", "<html>").unwrap_err();
        assert_eq!(e.kind, super::super::FailureKind::Malformed);
        let bad = "{\"value\": [{\"sessiontimeoutenabled\": true, \"sessiontimeoutinmins\": 30, \"sessiontimeoutreminderinmins\": null, \"inactivitytimeoutenabled\": false, \"inactivitytimeoutinmins\": null, \"inactivitytimeoutreminderinmins\": null}]}";
        let e = parse_org("u", bad).unwrap_err();
        assert_eq!(e.kind, super::super::FailureKind::Invalid);
        let v = e.violations_for("contoso");
        assert_eq!(v[0].code, Code::V1);
        assert!(
            v[0].to_string()
                .starts_with("error[V1]: contoso: sessiontimeoutinmins:"),
            "{}",
            v[0]
        );
    }
}
