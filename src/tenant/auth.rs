//! Credentials and access tokens (SPEC §10.4): a client secret, a federated
//! token (a file, or GitHub Actions' OIDC request) or the Azure CLI, the
//! first that is configured unless `--auth` / `SESSADM_AUTH` names one.
//!
//! Implemented here on the blocking HTTP client rather than with Microsoft's
//! `azure_identity` crate: that crate is async only (it brings tokio and
//! reqwest into a tool that needs neither), has no credential for GitHub
//! Actions' OIDC request, and refuses an authority host that is not
//! `https://`, so it cannot be pointed at a local token endpoint in tests.
//! The two token requests and the `az` call are a few dozen lines each.
//!
//! Secrets come only from the environment or files, never from flags.
//! Every secret, assertion and token is a [`Secret`], whose `Debug` and
//! `Display` print `[redacted]`; no response body is ever put into a
//! message, only a validated error code.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Failure;
use super::http::{self, Client, Method, Request};
use crate::error::Error;

/// A token, secret or assertion: shown nowhere.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }

    /// The value, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Secret,
    Federated,
    AzureCli,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Secret => "secret",
            Kind::Federated => "federated",
            Kind::AzureCli => "azure-cli",
        }
    }

    fn parse(s: &str) -> Option<Kind> {
        match s {
            "secret" => Some(Kind::Secret),
            "federated" => Some(Kind::Federated),
            "azure-cli" => Some(Kind::AzureCli),
            _ => None,
        }
    }
}

/// Where a federated credential's assertion comes from.
#[derive(Debug, Clone)]
pub enum Assertion {
    File(std::path::PathBuf),
    GitHub { url: String, token: Secret },
}

/// A configured credential.
#[derive(Debug, Clone)]
pub enum Credential {
    Secret {
        tenant: String,
        client: String,
        secret: Secret,
    },
    Federated {
        tenant: String,
        client: String,
        assertion: Assertion,
    },
    AzureCli {
        tenant: Option<String>,
    },
}

impl Credential {
    pub fn kind(&self) -> Kind {
        match self {
            Credential::Secret { .. } => Kind::Secret,
            Credential::Federated { .. } => Kind::Federated,
            Credential::AzureCli { .. } => Kind::AzureCli,
        }
    }

    /// The credential as a message names it (never its secret).
    pub fn describe(&self) -> String {
        match self {
            Credential::Secret { client, .. } => {
                format!("the client secret of application {client} (AZURE_CLIENT_SECRET)")
            }
            Credential::Federated {
                client, assertion, ..
            } => match assertion {
                Assertion::File(_) => format!(
                    "the federated token of application {client} (AZURE_FEDERATED_TOKEN_FILE)"
                ),
                Assertion::GitHub { .. } => {
                    format!("the GitHub Actions federated token of application {client}")
                }
            },
            Credential::AzureCli { .. } => "the Azure CLI's signed-in account (az login)".into(),
        }
    }
}

/// An environment variable, set and not blank.
fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The credential to use: `explicit` (from `--auth`), else `SESSADM_AUTH`,
/// else the first configured. Anything missing is a usage error naming
/// the variables to set.
pub fn choose(explicit: Option<Kind>) -> Result<Credential, Error> {
    let kind = match explicit {
        Some(k) => Some(k),
        None => kind_from_env()?,
    };
    let tenant = tenant_from_env()?;
    let client = var("AZURE_CLIENT_ID");
    let secret = || var("AZURE_CLIENT_SECRET").map(Secret::new);
    let ids = |what: &str| -> Result<(String, String), Error> {
        match (&tenant, &client) {
            (Some(t), Some(c)) => Ok((t.clone(), c.clone())),
            _ => Err(Error::usage(format!(
                "the {what} credential needs AZURE_TENANT_ID and AZURE_CLIENT_ID — set both"
            ))),
        }
    };
    match kind {
        Some(Kind::Secret) => {
            let (tenant, client) = ids("secret")?;
            let secret = secret().ok_or_else(|| {
                Error::usage("the secret credential needs AZURE_CLIENT_SECRET — set it in the environment (never on the command line)")
            })?;
            Ok(Credential::Secret {
                tenant,
                client,
                secret,
            })
        }
        Some(Kind::Federated) => {
            let (tenant, client) = ids("federated")?;
            let assertion = assertion_from_env().ok_or_else(|| {
                Error::usage("the federated credential needs AZURE_FEDERATED_TOKEN_FILE, or ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN (GitHub Actions with id-token: write)")
            })?;
            Ok(Credential::Federated {
                tenant,
                client,
                assertion,
            })
        }
        Some(Kind::AzureCli) => Ok(Credential::AzureCli { tenant }),
        None => {
            if let (Some(t), Some(c)) = (&tenant, &client) {
                if let Some(secret) = secret() {
                    return Ok(Credential::Secret {
                        tenant: t.clone(),
                        client: c.clone(),
                        secret,
                    });
                }
                if let Some(assertion) = assertion_from_env() {
                    return Ok(Credential::Federated {
                        tenant: t.clone(),
                        client: c.clone(),
                        assertion,
                    });
                }
            }
            if on_path("az") {
                return Ok(Credential::AzureCli { tenant });
            }
            Err(Error::usage(
                "no credential is configured — set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_FEDERATED_TOKEN_FILE), or sign in with az login",
            ))
        }
    }
}

/// `SESSADM_AUTH`, if set.
fn kind_from_env() -> Result<Option<Kind>, Error> {
    let Some(v) = var("SESSADM_AUTH") else {
        return Ok(None);
    };
    Kind::parse(v.trim()).map(Some).ok_or_else(|| {
        Error::usage(format!(
            "SESSADM_AUTH is {}, not a credential kind — set it to secret, federated or azure-cli, or unset it",
            crate::text::shown(&v)
        ))
    })
}

/// `AZURE_TENANT_ID`, if set: a tenant id or domain.
fn tenant_from_env() -> Result<Option<String>, Error> {
    let tenant = var("AZURE_TENANT_ID");
    if let Some(t) = &tenant
        && !t
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    {
        return Err(Error::usage(format!(
            "AZURE_TENANT_ID {} is not a tenant id or domain — set it to the directory (tenant) id",
            crate::text::shown(t)
        )));
    }
    Ok(tenant)
}

/// A federated token: a file's (`AZURE_FEDERATED_TOKEN_FILE`), else the
/// one GitHub Actions offers, if any.
fn assertion_from_env() -> Option<Assertion> {
    if let Some(f) = var("AZURE_FEDERATED_TOKEN_FILE") {
        return Some(Assertion::File(f.into()));
    }
    match (
        var("ACTIONS_ID_TOKEN_REQUEST_URL"),
        var("ACTIONS_ID_TOKEN_REQUEST_TOKEN"),
    ) {
        (Some(url), Some(token)) => Some(Assertion::GitHub {
            url,
            token: Secret::new(token),
        }),
        _ => None,
    }
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|p| {
        std::env::split_paths(&p).any(|d| {
            let f = d.join(program);
            f.is_file() || f.with_extension("cmd").is_file()
        })
    })
}

/// `AZURE_AUTHORITY_HOST`, else the public cloud's.
pub fn authority() -> String {
    var("AZURE_AUTHORITY_HOST")
        .map(|a| a.trim().trim_end_matches('/').to_string())
        .unwrap_or_else(|| "https://login.microsoftonline.com".into())
}

/// A token and when it stops being used: 5 minutes before it expires.
#[derive(Debug, Clone)]
pub struct Token {
    pub value: Secret,
    pub renew_at: Instant,
}

/// Renewed this long before the token expires.
pub const RENEW_BEFORE: Duration = Duration::from_secs(5 * 60);

impl Token {
    pub fn new(value: Secret, now: Instant, expires_in: Duration) -> Token {
        Token {
            value,
            renew_at: now + expires_in.saturating_sub(RENEW_BEFORE),
        }
    }

    pub fn fresh_at(&self, now: Instant) -> bool {
        now < self.renew_at
    }
}

/// The tokens of one run, one per resource, fetched on first use.
pub struct Tokens {
    credential: Credential,
    authority: String,
    slots: Mutex<HashMap<String, Arc<Mutex<Option<Token>>>>>,
}

impl Tokens {
    pub fn new(credential: Credential) -> Tokens {
        Tokens {
            credential,
            authority: authority(),
            slots: Mutex::new(HashMap::new()),
        }
    }

    pub fn credential(&self) -> &Credential {
        &self.credential
    }

    fn slot(&self, resource: &str) -> Arc<Mutex<Option<Token>>> {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots.entry(resource.to_string()).or_default().clone()
    }

    /// The token for `resource`: the cached one while fresh, else a new
    /// one. `stale` is a token the service refused (401): never reused.
    /// Requests for one resource wait for each other; others do not.
    pub fn get(
        &self,
        http: &Client,
        resource: &str,
        stale: Option<&Secret>,
    ) -> Result<Secret, Failure> {
        let slot = self.slot(resource);
        let mut held = slot.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(t) = held.as_ref()
            && t.fresh_at(Instant::now())
            && Some(&t.value) != stale
        {
            return Ok(t.value.clone());
        }
        let token = self.fetch(http, resource)?;
        let value = token.value.clone();
        *held = Some(token);
        Ok(value)
    }

    fn fetch(&self, http: &Client, resource: &str) -> Result<Token, Failure> {
        let scope = format!("{resource}.default");
        let (tenant, client, pairs_secret): (&str, &str, (&str, Secret)) = match &self.credential {
            Credential::AzureCli { tenant } => return azure_cli(resource, tenant.as_deref()),
            Credential::Secret {
                tenant,
                client,
                secret,
            } => (tenant, client, ("client_secret", secret.clone())),
            Credential::Federated {
                tenant,
                client,
                assertion,
            } => (
                tenant,
                client,
                ("client_assertion", read_assertion(http, assertion)?),
            ),
        };
        let url = format!("{}/{tenant}/oauth2/v2.0/token", self.authority);
        http::check_endpoint(&url, "the token endpoint (AZURE_AUTHORITY_HOST)")?;
        let req = token_request(&url, client, &scope, &pairs_secret);
        let started = Instant::now();
        let resp = http.send(&req, None)?;
        if resp.status != 200 {
            return Err(Failure::auth(format!(
                "the token endpoint {url} refused {} for {resource}: HTTP {}{} — check AZURE_TENANT_ID, AZURE_CLIENT_ID and the credential",
                self.credential.describe(),
                resp.status,
                error_code(&resp.body)
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default()
            )));
        }
        parse_token(&resp.body, started).ok_or_else(|| {
            Failure::malformed(format!(
                "the token endpoint {url} answered without access_token — check AZURE_AUTHORITY_HOST"
            ))
        })
    }
}

/// The token request of SPEC §10.4 (`client_credentials`, with a secret or
/// an assertion).
pub fn token_request(url: &str, client: &str, scope: &str, secret: &(&str, Secret)) -> Request {
    let mut pairs = vec![
        ("grant_type", "client_credentials"),
        ("client_id", client),
        ("scope", scope),
    ];
    if secret.0 == "client_assertion" {
        pairs.push((
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ));
    }
    pairs.push((secret.0, secret.1.expose()));
    Request {
        method: Method::Post,
        url: url.to_string(),
        headers: vec![("Accept", "application/json".into())],
        body: Some(("application/x-www-form-urlencoded", http::form(&pairs))),
    }
}

/// An OAuth `error` code from an error body, when it looks like one.
pub fn error_code(body: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    let code = match v.get("error")? {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Object(o) => o.get("code")?.as_str()?.to_string(),
        _ => return None,
    };
    (code.len() <= 64
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.'))
    .then_some(code)
}

/// `{"access_token", "expires_in"}` (a number or a numeric string).
pub fn parse_token(body: &str, now: Instant) -> Option<Token> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    let token = v.get("access_token")?.as_str()?.to_string();
    if token.is_empty() {
        return None;
    }
    let secs = match v.get("expires_in") {
        Some(serde_json::Value::Number(n)) => n.as_u64(),
        Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .unwrap_or(3600);
    Some(Token::new(
        Secret::new(token),
        now,
        Duration::from_secs(secs),
    ))
}

fn read_assertion(http: &Client, a: &Assertion) -> Result<Secret, Failure> {
    match a {
        Assertion::File(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                Failure::auth(format!(
                    "cannot read the federated token file {} (AZURE_FEDERATED_TOKEN_FILE): {e}",
                    path.display()
                ))
            })?;
            let t = text.trim();
            if t.is_empty() {
                return Err(Failure::auth(format!(
                    "the federated token file {} (AZURE_FEDERATED_TOKEN_FILE) is empty",
                    path.display()
                )));
            }
            Ok(Secret::new(t))
        }
        Assertion::GitHub { url, token } => {
            let full = format!("{url}&audience=api://AzureADTokenExchange");
            http::check_endpoint(&full, "ACTIONS_ID_TOKEN_REQUEST_URL")?;
            let req = Request::get(full).header("Accept", "application/json");
            let resp = http.send(&req, Some(token))?;
            // The request URL carries no secret, but it is not ours to show
            // whole: name the variable instead.
            if resp.status != 200 {
                return Err(Failure::auth(format!(
                    "GitHub Actions refused the OIDC token request: HTTP {} — give the job `permissions: id-token: write`",
                    resp.status
                )));
            }
            serde_json::from_str::<serde_json::Value>(&resp.body)
                .ok()
                .and_then(|v| v.get("value")?.as_str().map(Secret::new))
                .filter(|s| !s.expose().is_empty())
                .ok_or_else(|| {
                    Failure::malformed(
                        "the GitHub Actions OIDC answer (ACTIONS_ID_TOKEN_REQUEST_URL) has no value".to_string(),
                    )
                })
        }
    }
}

/// `az account get-access-token --resource R -o json [--tenant T]`.
fn azure_cli(resource: &str, tenant: Option<&str>) -> Result<Token, Failure> {
    // On Windows the Azure CLI is `az.cmd`, which only cmd.exe runs.
    let mut cmd = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/d", "/c", "az"]);
        c
    } else {
        std::process::Command::new("az")
    };
    cmd.args([
        "account",
        "get-access-token",
        "--resource",
        resource,
        "-o",
        "json",
    ]);
    if let Some(t) = tenant {
        cmd.args(["--tenant", t]);
    }
    let started = Instant::now();
    let out = cmd.stdin(std::process::Stdio::null()).output().map_err(|e| {
        Failure::auth(format!(
            "cannot run the Azure CLI (az): {e} — install it and run az login, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET"
        ))
    })?;
    if !out.status.success() {
        // az's own complaint ("Please run 'az login'") holds no token.
        let said = String::from_utf8_lossy(&out.stderr);
        let first = said
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("no message");
        return Err(Failure::auth(format!(
            "az account get-access-token --resource {resource} failed: {} — run az login",
            crate::text::cut(first)
        )));
    }
    parse_az(&String::from_utf8_lossy(&out.stdout), started).ok_or_else(|| {
        Failure::malformed(format!(
            "az account get-access-token --resource {resource} printed no accessToken — update the Azure CLI"
        ))
    })
}

/// The Azure CLI's JSON: `accessToken`, `expires_on` (epoch seconds).
pub fn parse_az(stdout: &str, now: Instant) -> Option<Token> {
    let v: serde_json::Value = serde_json::from_str(stdout).ok()?;
    let token = v.get("accessToken")?.as_str()?.to_string();
    if token.is_empty() {
        return None;
    }
    let epoch = match v.get("expires_on") {
        Some(serde_json::Value::Number(n)) => n.as_i64(),
        Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    let left = epoch
        .and_then(|e| {
            let now_s = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?
                .as_secs() as i64;
            u64::try_from(e - now_s).ok()
        })
        .unwrap_or(3600);
    Some(Token::new(
        Secret::new(token),
        now,
        Duration::from_secs(left),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show() {
        let s = Secret::new("eyJ0eXAiOiJKV1Qi.secret");
        assert_eq!(format!("{s} {s:?}"), "[redacted] [redacted]");
        let c = Credential::Secret {
            tenant: "t".into(),
            client: "c".into(),
            secret: s.clone(),
        };
        assert!(!format!("{c:?}").contains("secret\""), "{c:?}");
        assert!(!format!("{c:?} {}", c.describe()).contains("eyJ0"));
        let t = Token::new(s, Instant::now(), Duration::from_secs(60));
        assert!(!format!("{t:?}").contains("eyJ0"));
    }

    #[test]
    fn tokens_are_renewed_five_minutes_before_they_expire() {
        let now = Instant::now();
        let t = Token::new(Secret::new("x"), now, Duration::from_secs(3600));
        assert!(t.fresh_at(now));
        assert!(t.fresh_at(now + Duration::from_secs(3299)));
        assert!(!t.fresh_at(now + Duration::from_secs(3300)));
        let short = Token::new(Secret::new("x"), now, Duration::from_secs(200));
        assert!(
            !short.fresh_at(now),
            "a token with under 5 minutes left is renewed"
        );
    }

    #[test]
    fn token_requests_are_form_posts_with_the_scope_and_one_secret() {
        let r = token_request(
            "http://127.0.0.1:1/t/oauth2/v2.0/token",
            "app",
            "https://service.powerapps.com/.default",
            &("client_secret", Secret::new("s&cret")),
        );
        assert_eq!(r.method, Method::Post);
        assert_eq!(
            r.body.as_ref().unwrap().1,
            "grant_type=client_credentials&client_id=app&scope=https%3A%2F%2Fservice.powerapps.com%2F.default&client_secret=s%26cret"
        );
        let r = token_request("u", "app", "s", &("client_assertion", Secret::new("jwt")));
        assert_eq!(
            r.body.unwrap().1,
            "grant_type=client_credentials&client_id=app&scope=s&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=jwt"
        );
        assert!(!format!("{:?}", r.headers).contains("jwt"));
    }

    #[test]
    fn token_and_az_answers_are_read() {
        let now = Instant::now();
        let t = parse_token(
            r#"{"token_type":"Bearer","expires_in":"3599","access_token":"abc"}"#,
            now,
        )
        .unwrap();
        assert_eq!(t.value.expose(), "abc");
        assert_eq!(t.renew_at, now + Duration::from_secs(3599 - 300));
        assert!(parse_token(r#"{"error":"invalid_client"}"#, now).is_none());
        assert!(parse_token("<html>", now).is_none());
        let az = parse_az(
            r#"{"accessToken":"x","expiresOn":"2030-01-01 00:00:00.000000"}"#,
            now,
        )
        .unwrap();
        assert_eq!(az.value.expose(), "x");
        assert_eq!(
            error_code(r#"{"error":"invalid_client","error_description":"AADSTS7000215"}"#)
                .as_deref(),
            Some("invalid_client")
        );
        assert_eq!(
            error_code(r#"{"error":{"code":"EnvironmentNotFound"}}"#).as_deref(),
            Some("EnvironmentNotFound")
        );
        assert_eq!(error_code(r#"{"error":"has spaces and eyJ..."}"#), None);
    }
}
