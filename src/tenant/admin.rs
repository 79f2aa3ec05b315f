//! The Power Platform admin API (SPEC §10.2): the tenant's environments,
//! page by page through `nextLink`.

use super::http::{self, Request};
use super::{ADMIN_RESOURCE, Failure, Session};

pub const API_VERSION: &str = "2023-06-01";
pub const DEFAULT_BASE: &str = "https://api.bap.microsoft.com";

/// `SESSADM_BAP_URL` (sovereign clouds, tests), else the public API.
pub fn base() -> String {
    std::env::var("SESSADM_BAP_URL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(|v| v.trim().trim_end_matches('/').to_string())
        .unwrap_or_else(|| DEFAULT_BASE.into())
}

pub fn list_url(base: &str) -> String {
    format!(
        "{}/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments?api-version={API_VERSION}",
        base.trim_end_matches('/')
    )
}

/// One environment as the admin API lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub id: String,
    pub display_name: Option<String>,
    /// Present when the environment has Dataverse.
    pub dataverse: Option<Dataverse>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dataverse {
    pub instance_url: String,
    pub version: Option<String>,
    pub domain_name: Option<String>,
}

/// One page: its environments and the next page's URL.
pub fn parse_page(url: &str, body: &str) -> Result<(Vec<Listed>, Option<String>), Failure> {
    let bad = |what: &str| {
        Failure::malformed(format!(
            "GET {url} answered a body that is not the admin API's environment list: {what} — check SESSADM_BAP_URL"
        ))
    };
    let root: serde_json::Value = serde_json::from_str(body).map_err(|_| bad("not JSON"))?;
    let items = root
        .get("value")
        .and_then(|v| v.as_array())
        .ok_or_else(|| bad("no \"value\" array"))?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let id = item
            .get("name")
            .and_then(|v| v.as_str())
            .ok_or_else(|| bad(&format!("value[{i}] has no \"name\"")))?;
        let props = item.get("properties");
        let text = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_str()).map(str::to_string);
        let display_name = text(props.and_then(|p| p.get("displayName")));
        let linked = props.and_then(|p| p.get("linkedEnvironmentMetadata"));
        let dataverse = match linked
            .and_then(|l| l.get("instanceUrl"))
            .and_then(|u| u.as_str())
        {
            Some(u) if !u.trim().is_empty() => Some(Dataverse {
                instance_url: u.to_string(),
                version: text(linked.and_then(|l| l.get("version"))),
                domain_name: text(linked.and_then(|l| l.get("domainName"))),
            }),
            _ => None,
        };
        out.push(Listed {
            id: id.to_string(),
            display_name,
            dataverse,
        });
    }
    let next = match root.get("nextLink") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) if s.is_empty() => None,
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(bad("\"nextLink\" is not a string")),
    };
    Ok((out, next))
}

/// Every environment of the tenant. A `nextLink` must stay on the API's
/// own origin: the admin token goes nowhere else.
pub fn list(session: &Session, base: &str) -> Result<Vec<Listed>, Failure> {
    let first = list_url(base);
    http::check_endpoint(&first, "the admin API (SESSADM_BAP_URL)")?;
    let own = http::origin(&first);
    let mut url = first;
    let mut all = Vec::new();
    for _ in 0..10_000 {
        let req = Request::get(url.clone()).header("Accept", "application/json");
        let resp = session.call(
            &req,
            ADMIN_RESOURCE,
            "the Power Platform admin API",
            "Power Platform administrator",
        )?;
        if resp.status == 404 {
            return Err(super::unexpected(
                &req,
                &resp,
                "200 (is SESSADM_BAP_URL right?)",
            ));
        }
        if resp.status != 200 {
            return Err(super::unexpected(&req, &resp, "200"));
        }
        let (page, next) = parse_page(&url, &resp.body)?;
        all.extend(page);
        match next {
            None => return Ok(all),
            Some(n) if http::origin(&n) == own => url = n,
            Some(n) => {
                return Err(Failure::malformed(format!(
                    "GET {url} gave a nextLink to another host ({}); sessadm sends the admin token only to {}",
                    crate::text::shown(&n),
                    own.unwrap_or_default()
                )));
            }
        }
    }
    Err(Failure::malformed(format!(
        "{} kept giving a nextLink after 10000 pages",
        list_url(base)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str =
        include_str!("../../tests/fixtures/powerplatform/bap-environments-list.json");

    #[test]
    fn the_recorded_list_is_read_as_it_is() {
        let (envs, next) = parse_page("u", LIST).unwrap();
        assert_eq!(next, None);
        assert_eq!(envs.len(), 2);
        let with: Vec<_> = envs.iter().filter(|e| e.dataverse.is_some()).collect();
        assert_eq!(with.len(), 1);
        let d = with[0].dataverse.as_ref().unwrap();
        assert!(d.instance_url.starts_with("https://"), "{d:?}");
        assert!(d.version.is_some() && d.domain_name.is_some(), "{d:?}");
        assert!(with[0].display_name.is_some());
    }

    #[test]
    fn pages_and_malformed_bodies() {
        let (envs, next) = parse_page(
            "u",
            r#"{"value": [], "nextLink": "https://api.bap.microsoft.com/p2"}"#,
        )
        .unwrap();
        assert!(envs.is_empty());
        assert_eq!(next.as_deref(), Some("https://api.bap.microsoft.com/p2"));
        for (body, says) in [
            ("<html>", "not JSON"),
            ("{}", "no \"value\" array"),
            (r#"{"value": [{}]}"#, "value[0] has no \"name\""),
            (r#"{"value": [], "nextLink": 3}"#, "nextLink"),
        ] {
            let e = parse_page("https://x/envs", body).unwrap_err();
            assert!(
                e.message.contains(says) && e.message.contains("https://x/envs"),
                "{}",
                e.message
            );
        }
        assert_eq!(
            list_url("http://127.0.0.1:9/"),
            "http://127.0.0.1:9/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments?api-version=2023-06-01"
        );
    }
}
