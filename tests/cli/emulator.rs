//! A stateful emulator of the three services `discover`, `pull` and `push`
//! talk to (SPEC §10): the Microsoft identity platform's token endpoint, the
//! Power Platform admin API and the Dataverse Web API of each environment,
//! plus the GitHub Actions OIDC endpoint that hands out federated assertions.
//!
//! Its answers are built from the recorded bodies in
//! `tests/fixtures/powerplatform/` (MIT, see the LICENSE there): the admin
//! list's two environments are the templates of every environment with and
//! without Dataverse, and the recorded `organization` row is every
//! environment's row, with its own id, etag and the six session columns set
//! as a test asks.
//!
//! Why std only (threads and `std::net::TcpListener`, a small HTTP/1.1 parser
//! with `Content-Length`, chunked request bodies and keep-alive): the faults
//! that matter most — a connection dropped after the request was read, an
//! answer held past the client's timeout, a body cut in the middle of its
//! JSON — are easiest to produce when the emulator writes the bytes itself,
//! and no dependency is added for it. It listens on `127.0.0.1` only, never
//! opens a connection, and stops at its deadline even when a test forgets it,
//! or when it is dropped.
//!
//! Routes (one listener serves all, environments told apart by a path
//! prefix; an environment may also get a listener of its own, so that it is
//! its own origin and needs a token of its own):
//! - `POST /{tenant}/oauth2/v2.0/token` — client credentials with
//!   `client_secret` or a jwt-bearer `client_assertion`. The token it issues
//!   is good for the resource named by `scope` (`{resource}.default`) only.
//! - `GET /oidc/token?...&audience=api://AzureADTokenExchange` with the
//!   request token as bearer: `{"value": <assertion>}`.
//! - `GET /providers/Microsoft.BusinessAppPlatform/scopes/admin/environments?api-version=2023-06-01`
//!   with a token for `https://service.powerapps.com/`; pages of
//!   `page_size` with `nextLink`.
//! - `GET {env}/api/data/v9.2/organizations[?$select=...]` and
//!   `PATCH {env}/api/data/v9.2/organizations({id})` with a token for the
//!   environment's origin, `If-Match` checked against the row's etag (412
//!   when stale), 204 with an empty body, a new etag on every write.
//!
//! Control: [`Emulator::inject`] a [`Fault`] for the next N requests to a
//! [`Target`]; [`Emulator::requests`] is every request as it arrived;
//! [`Emulator::columns`] / [`Emulator::set_columns`] the live rows.
#![allow(dead_code)] // shared with examples/tenant_emulator.rs, which uses a part

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};

/// The admin API's resource (SPEC §10.2).
pub const ADMIN_RESOURCE: &str = "https://service.powerapps.com/";
pub const TENANT_ID: &str = "7c3e1f0a-5d2b-4e8f-9a61-0b4d2c8e7f15";
pub const CLIENT_ID: &str = "0f9e8d7c-6b5a-4938-8271-605f4e3d2c1b";
/// Every secret below is random-looking and long, so that finding any 16
/// characters of one in an output is a leak, never a coincidence.
pub const CLIENT_SECRET: &str = "Qx8~sEcReT.v4LuE_9kP2mZ7rT3wY6nB1cD5fG0hJ";
/// The assertion a federated token file holds (a JWT's shape).
pub const ASSERTION: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmNvbnRvc28vaW5mcmEifQ.ZmVkZXJhdGVkQXNzZXJ0aW9uU2lnbmF0dXJl";
/// The bearer GitHub Actions gives a job for its OIDC endpoint.
pub const OIDC_REQUEST_TOKEN: &str = "ghs_0IdcReQuEsTtOkEn4a7B9c2D5e8F1g3H6j";
/// The assertion the OIDC endpoint answers with.
pub const OIDC_ASSERTION: &str =
    "eyJ0eXAiOiJKV1QifQ.eyJpc3MiOiJodHRwczovL3Rva2VuLmFjdGlvbnMifQ.R2l0SHViT2lkY0Fzc2VydGlvblNpZw";
/// The six session columns, in the order of SPEC §10.2's `$select`.
pub const COLUMNS: [&str; 6] = [
    "sessiontimeoutenabled",
    "sessiontimeoutinmins",
    "sessiontimeoutreminderinmins",
    "inactivitytimeoutenabled",
    "inactivitytimeoutinmins",
    "inactivitytimeoutreminderinmins",
];
/// The query of a read, as SPEC §10.2 writes it (decoded).
pub const SELECT: &str = "$select=organizationid,sessiontimeoutenabled,sessiontimeoutinmins,sessiontimeoutreminderinmins,inactivitytimeoutenabled,inactivitytimeoutinmins,inactivitytimeoutreminderinmins";
pub const ADMIN_PATH: &str = "/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments";

const LIST: &str = include_str!("../fixtures/powerplatform/bap-environments-list.json");
const NOT_FOUND: &str = include_str!("../fixtures/powerplatform/bap-environment-not-found.json");
const ORGANIZATIONS: &str =
    include_str!("../fixtures/powerplatform/dataverse-organizations-v9.0.json");

/// One environment of the emulated tenant.
#[derive(Clone, Debug)]
pub struct EnvSpec {
    /// Its `domainName` and the path prefix `/env/{key}/` of its URL.
    pub key: String,
    pub display_name: String,
    pub version: String,
    /// Without Dataverse it is only in the admin list (no URL, no row).
    pub dataverse: bool,
    /// Served on a listener of its own, so its origin (and token) differ.
    pub own_origin: bool,
    /// Values of the six columns (others keep the recording's `false`/`null`).
    pub columns: Map<String, Value>,
}

impl EnvSpec {
    pub fn new(key: &str) -> EnvSpec {
        EnvSpec {
            key: key.to_string(),
            display_name: format!("{key} environment"),
            version: "9.2.24034.205".to_string(),
            dataverse: true,
            own_origin: false,
            columns: Map::new(),
        }
    }
    pub fn display(mut self, name: &str) -> Self {
        self.display_name = name.to_string();
        self
    }
    pub fn version(mut self, v: &str) -> Self {
        self.version = v.to_string();
        self
    }
    pub fn without_dataverse(mut self) -> Self {
        self.dataverse = false;
        self
    }
    pub fn own_origin(mut self) -> Self {
        self.own_origin = true;
        self
    }
    /// Set columns from a JSON object, e.g. `json!({"sessiontimeoutenabled": true})`.
    pub fn columns(mut self, v: Value) -> Self {
        for (k, v) in v.as_object().expect("an object of columns") {
            assert!(COLUMNS.contains(&k.as_str()), "not a session column: {k}");
            self.columns.insert(k.clone(), v.clone());
        }
        self
    }
}

/// How the emulator starts.
#[derive(Clone, Debug)]
pub struct Config {
    pub envs: Vec<EnvSpec>,
    /// Environments a page of the admin list (`nextLink` after each full one).
    pub page_size: usize,
    /// Added to every admin and Dataverse answer (not to tokens).
    pub latency: Duration,
    /// It stops by itself after this, whatever happens.
    pub lifetime: Duration,
}

impl Config {
    pub fn new(envs: Vec<EnvSpec>) -> Config {
        Config {
            envs,
            page_size: 100,
            latency: Duration::ZERO,
            lifetime: Duration::from_secs(300),
        }
    }
}

/// Which requests a fault applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Token,
    Oidc,
    Admin,
    /// GET of this environment's organizations.
    Read(String),
    /// PATCH of this environment's organization.
    Write(String),
    AnyRead,
    AnyWrite,
    Any,
}

/// `Retry-After` of a 429.
#[derive(Clone, Debug)]
pub enum RetryAfter {
    Seconds(u64),
    /// An HTTP date this many seconds from now.
    DateIn(u64),
}

/// What a matched request gets instead of (or before) its normal answer.
#[derive(Clone, Debug)]
pub enum Fault {
    TooMany(RetryAfter),
    /// 500, 502, 503, 504 … with an OData-style error body.
    Status(u16),
    /// 401, and the token it carried is revoked.
    Unauthorized,
    Forbidden,
    /// 404 with the recorded `EnvironmentNotFound` body.
    NotFound,
    /// 200 with a body cut in the middle of its JSON.
    Malformed,
    /// Any status and body.
    Body(u16, String),
    /// The request is read, then the connection closed without an answer.
    Drop,
    /// The normal answer after this much more time.
    Delay(Duration),
    /// Another writer changes these columns (and the etag) just before this
    /// request is served, which then goes on normally (a stale `If-Match`
    /// gets 412).
    Conflict(Value),
    /// A PATCH answered 204 but not applied.
    Swallow,
}

/// The kind of a request, as routed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Token { tenant: String },
    Oidc,
    Admin,
    Read(String),
    Write(String),
    Unknown,
}

/// A request as it arrived.
#[derive(Clone, Debug)]
pub struct Request {
    pub route: Route,
    pub method: String,
    /// The path, undecoded.
    pub path: String,
    /// The query after `?`, undecoded; None without `?`.
    pub raw_query: Option<String>,
    /// Header names lowercased, in arrival order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The origin it was sent to, `http://127.0.0.1:PORT/`.
    pub origin: String,
    /// When it arrived, from the emulator's start.
    pub at: Duration,
    /// The status answered (None: dropped or not answered yet).
    pub status: Option<u16>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    /// The query, percent-decoded.
    pub fn query(&self) -> Option<String> {
        self.raw_query.as_deref().map(decode)
    }
    /// The query's pairs, decoded.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        self.raw_query.as_deref().map(form).unwrap_or_default()
    }
    /// A form body's pairs, decoded.
    pub fn form(&self) -> Vec<(String, String)> {
        form(&String::from_utf8_lossy(&self.body))
    }
    pub fn form_value(&self, key: &str) -> Option<String> {
        self.form()
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
    /// The bearer token of `Authorization`.
    pub fn bearer(&self) -> Option<&str> {
        self.header("authorization")
            .and_then(|v| v.strip_prefix("Bearer "))
    }
}

struct Env {
    spec: EnvSpec,
    id: String,
    row: Map<String, Value>,
    etag: u64,
    /// Port of its own listener, if any.
    port: Option<u16>,
}

struct Token {
    resource: String,
    revoked: bool,
}

struct State {
    envs: Vec<Env>,
    faults: Vec<(Target, usize, Fault)>,
    requests: Vec<Request>,
    tokens: HashMap<String, Token>,
    latency: Duration,
    page_size: usize,
    in_flight: usize,
    max_in_flight: usize,
    next_token: u64,
}

struct Shared {
    state: Mutex<State>,
    stop: AtomicBool,
    deadline: Instant,
    started: Instant,
    port: u16,
    connections: AtomicUsize,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst) || Instant::now() >= self.deadline
    }
    /// Sleep `d` in short steps, giving up when the emulator stops.
    fn sleep(&self, d: Duration) {
        let end = Instant::now() + d;
        while !self.stopping() {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            std::thread::sleep(left.min(Duration::from_millis(10)));
        }
    }
}

/// A running emulator; stopped when dropped.
pub struct Emulator {
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

impl Emulator {
    pub fn start(config: Config) -> Emulator {
        let main = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = main.local_addr().expect("address").port();
        let mut listeners = vec![(main, None)];
        let template: Map<String, Value> = serde_json::from_str::<Value>(ORGANIZATIONS)
            .expect("the organizations fixture")["value"][0]
            .as_object()
            .expect("a row")
            .clone();
        let mut envs = Vec::new();
        for (i, spec) in config.envs.into_iter().enumerate() {
            let port = if spec.own_origin {
                let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
                let p = l.local_addr().expect("address").port();
                listeners.push((l, Some(i)));
                Some(p)
            } else {
                None
            };
            let mut row = template.clone();
            let id = format!("43f51247-aee6-ee11-9048-{:012x}", 0xd3a688755u64 + i as u64);
            row.insert("organizationid".into(), json!(id));
            row.insert("name".into(), json!(format!("org{}", spec.key)));
            for (k, v) in &spec.columns {
                row.insert(k.clone(), v.clone());
            }
            envs.push(Env {
                spec,
                id,
                row,
                etag: 1565062,
                port,
            });
        }
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                envs,
                faults: Vec::new(),
                requests: Vec::new(),
                tokens: HashMap::new(),
                latency: config.latency,
                page_size: config.page_size.max(1),
                in_flight: 0,
                max_in_flight: 0,
                next_token: 0,
            }),
            stop: AtomicBool::new(false),
            deadline: Instant::now() + config.lifetime,
            started: Instant::now(),
            port,
            connections: AtomicUsize::new(0),
        });
        for (l, _) in &listeners {
            l.set_nonblocking(true).expect("non-blocking listener");
        }
        let s = shared.clone();
        let accept = std::thread::spawn(move || accept_loop(s, listeners));
        Emulator {
            shared,
            accept: Some(accept),
        }
    }

    /// `http://127.0.0.1:PORT`: `SESSADM_BAP_URL` and `AZURE_AUTHORITY_HOST`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.shared.port)
    }
    /// The environment's URL, as the admin list gives it (`instanceUrl`).
    pub fn env_url(&self, key: &str) -> String {
        let st = self.shared.lock();
        env_url(
            &self.shared,
            find(&st, key).unwrap_or_else(|| panic!("no env {key}")),
        )
    }
    /// The resource a token for this environment is for: its origin.
    pub fn env_resource(&self, key: &str) -> String {
        let st = self.shared.lock();
        origin_of(
            &self.shared,
            find(&st, key).unwrap_or_else(|| panic!("no env {key}")),
        )
    }
    pub fn oidc_url(&self) -> String {
        format!("{}/oidc/token?api-version=2.0", self.base_url())
    }
    pub fn set_latency(&self, d: Duration) {
        self.shared.lock().latency = d;
    }
    /// The next `times` requests to `target` get `fault`.
    pub fn inject(&self, target: Target, times: usize, fault: Fault) {
        self.shared.lock().faults.push((target, times, fault));
    }
    pub fn requests(&self) -> Vec<Request> {
        self.shared.lock().requests.clone()
    }
    /// The requests routed as `route`.
    pub fn requests_to(&self, route: &Route) -> Vec<Request> {
        self.requests()
            .into_iter()
            .filter(|r| &r.route == route)
            .collect()
    }
    /// Token requests whose `scope` names `resource`.
    pub fn token_requests(&self, resource: &str) -> usize {
        self.requests()
            .iter()
            .filter(|r| matches!(r.route, Route::Token { .. }))
            .filter(|r| {
                r.form_value("scope").map(|s| resource_of_scope(&s)) == Some(resource.to_string())
            })
            .count()
    }
    /// The six columns of an environment's live row.
    pub fn columns(&self, key: &str) -> Value {
        let st = self.shared.lock();
        let env = find(&st, key).unwrap_or_else(|| panic!("no env {key}"));
        Value::Object(
            COLUMNS
                .iter()
                .map(|c| {
                    (
                        c.to_string(),
                        env.row.get(*c).cloned().unwrap_or(Value::Null),
                    )
                })
                .collect(),
        )
    }
    /// Change columns as another administrator would (a new etag).
    pub fn set_columns(&self, key: &str, v: Value) {
        let mut st = self.shared.lock();
        let env = find_mut(&mut st, key).unwrap_or_else(|| panic!("no env {key}"));
        edit(env, &v);
    }
    /// The row's `@odata.etag`.
    pub fn etag(&self, key: &str) -> String {
        let st = self.shared.lock();
        etag(find(&st, key).unwrap_or_else(|| panic!("no env {key}")))
    }
    pub fn organization_id(&self, key: &str) -> String {
        let st = self.shared.lock();
        find(&st, key)
            .unwrap_or_else(|| panic!("no env {key}"))
            .id
            .clone()
    }
    /// A token good for `resource`, as `az` would hand out.
    pub fn mint_token(&self, resource: &str) -> String {
        let mut st = self.shared.lock();
        issue(&mut st, resource)
    }
    /// Every token issued so far.
    pub fn tokens(&self) -> Vec<String> {
        self.shared.lock().tokens.keys().cloned().collect()
    }
    /// The most Dataverse and admin requests ever served at once.
    pub fn max_in_flight(&self) -> usize {
        self.shared.lock().max_in_flight
    }
    /// Wait until `done` holds of the requests so far, at most `limit`.
    pub fn wait_until(&self, limit: Duration, done: impl Fn(&[Request]) -> bool) -> bool {
        let end = Instant::now() + limit;
        loop {
            if done(&self.shared.lock().requests) {
                return true;
            }
            if Instant::now() >= end {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    /// Stop now; waits briefly for open connections to close.
    pub fn stop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
        let end = Instant::now() + Duration::from_secs(2);
        while self.shared.connections.load(Ordering::SeqCst) > 0 && Instant::now() < end {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    /// Until the deadline (or `stop`): for the standalone emulator.
    pub fn serve_until_deadline(&self) {
        while !self.shared.stopping() {
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.stop();
    }
}

fn find<'a>(st: &'a State, key: &str) -> Option<&'a Env> {
    st.envs
        .iter()
        .find(|e| e.spec.key.eq_ignore_ascii_case(key))
}
fn find_mut<'a>(st: &'a mut State, key: &str) -> Option<&'a mut Env> {
    st.envs
        .iter_mut()
        .find(|e| e.spec.key.eq_ignore_ascii_case(key))
}
fn origin_of(sh: &Shared, env: &Env) -> String {
    format!("http://127.0.0.1:{}/", env.port.unwrap_or(sh.port))
}
fn env_url(sh: &Shared, env: &Env) -> String {
    match env.port {
        Some(p) => format!("http://127.0.0.1:{p}/"),
        None => format!("http://127.0.0.1:{}/env/{}/", sh.port, env.spec.key),
    }
}
fn etag(env: &Env) -> String {
    format!("W/\"{}\"", env.etag)
}
fn edit(env: &mut Env, v: &Value) {
    for (k, v) in v.as_object().expect("an object of columns") {
        env.row.insert(k.clone(), v.clone());
    }
    env.etag += 1;
}
fn issue(st: &mut State, resource: &str) -> String {
    st.next_token += 1;
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let token = format!(
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.{:016x}{:08x}.{:08x}TkN",
        0x5eed_0000_0000_0000u64 ^ (st.next_token.wrapping_mul(0x9e37_79b9_7f4a_7c15)),
        nanos,
        st.next_token
    );
    st.tokens.insert(
        token.clone(),
        Token {
            resource: normal_resource(resource),
            revoked: false,
        },
    );
    token
}
/// A resource with exactly one trailing `/`.
fn normal_resource(r: &str) -> String {
    format!("{}/", r.trim_end_matches('/'))
}
/// The resource of a `scope` (`{resource}.default`).
pub fn resource_of_scope(scope: &str) -> String {
    normal_resource(scope.strip_suffix(".default").unwrap_or(scope))
}

fn accept_loop(sh: Arc<Shared>, listeners: Vec<(TcpListener, Option<usize>)>) {
    while !sh.stopping() {
        let mut idle = true;
        for (l, env) in &listeners {
            if let Ok((stream, _)) = l.accept() {
                idle = false;
                let port = l.local_addr().map(|a| a.port()).unwrap_or(0);
                let sh = sh.clone();
                let env = *env;
                sh.connections.fetch_add(1, Ordering::SeqCst);
                std::thread::spawn(move || {
                    serve(&sh, stream, port, env);
                    sh.connections.fetch_sub(1, Ordering::SeqCst);
                });
            }
        }
        if idle {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

/// A parsed request off the wire.
struct Wire {
    method: String,
    target: String,
    version: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn find_seq(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The body of a chunked message in `buf`, and the bytes it took; None
/// until it is all there.
fn dechunk(buf: &[u8]) -> Option<Result<(Vec<u8>, usize), ()>> {
    let mut body = Vec::new();
    let mut at = 0;
    loop {
        let line_end = find_seq(&buf[at..], b"\r\n")? + at;
        let size_text = String::from_utf8_lossy(&buf[at..line_end]);
        let size_text = size_text.split(';').next().unwrap_or("").trim().to_string();
        let Ok(size) = usize::from_str_radix(&size_text, 16) else {
            return Some(Err(()));
        };
        at = line_end + 2;
        if size == 0 {
            // Trailers end with an empty line.
            let end = find_seq(&buf[at..], b"\r\n")? + at;
            if end == at {
                return Some(Ok((body, at + 2)));
            }
            at = end + 2;
            continue;
        }
        if buf.len() < at + size + 2 {
            return None;
        }
        body.extend_from_slice(&buf[at..at + size]);
        at += size + 2;
    }
}

/// Try to take one whole request off the front of `buf`.
fn parse(buf: &mut Vec<u8>) -> Option<Result<Wire, String>> {
    let head_end = find_seq(buf, b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let first = lines.next().unwrap_or("");
    let mut parts = first.split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Some(Err(format!("bad request line {first:?}")));
    };
    let mut headers = Vec::new();
    for line in lines {
        let Some((k, v)) = line.split_once(':') else {
            return Some(Err(format!("bad header {line:?}")));
        };
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
    }
    let get = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let start = head_end + 4;
    let (body, end) = if get("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        match dechunk(&buf[start..])? {
            Ok((b, used)) => (b, start + used),
            Err(()) => return Some(Err("bad chunk".into())),
        }
    } else {
        let len = match get("content-length").map(|v| v.parse::<usize>()) {
            None => 0,
            Some(Ok(n)) => n,
            Some(Err(_)) => return Some(Err("bad Content-Length".into())),
        };
        if buf.len() < start + len {
            return None;
        }
        (buf[start..start + len].to_vec(), start + len)
    };
    let wire = Wire {
        method: method.to_string(),
        target: target.to_string(),
        version: version.to_string(),
        headers,
        body,
    };
    buf.drain(..end);
    Some(Ok(wire))
}

/// An answer to write.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Close without writing anything.
    drop: bool,
}

impl Answer {
    fn json(status: u16, v: &Value) -> Answer {
        Answer::text(status, &v.to_string())
    }
    fn text(status: u16, body: &str) -> Answer {
        Answer {
            status,
            headers: vec![(
                "Content-Type".into(),
                "application/json; charset=utf-8".into(),
            )],
            body: body.as_bytes().to_vec(),
            drop: false,
        }
    }
    fn header(mut self, k: &str, v: &str) -> Answer {
        self.headers.push((k.into(), v.into()));
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        412 => "Precondition Failed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

fn serve(sh: &Shared, mut stream: TcpStream, port: u16, own_env: Option<usize>) {
    let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
    let _ = stream.set_nodelay(true);
    let mut buf = Vec::new();
    let mut idle_since = Instant::now();
    loop {
        if sh.stopping() || idle_since.elapsed() > Duration::from_secs(60) {
            return;
        }
        let wire = match parse(&mut buf) {
            Some(Ok(w)) => w,
            Some(Err(e)) => {
                let a = Answer::json(400, &json!({"error": {"code": "BadRequest", "message": e}}));
                let _ = write_answer(&mut stream, &a, true);
                return;
            }
            None => {
                let mut chunk = [0u8; 16384];
                match stream.read(&mut chunk) {
                    Ok(0) => return,
                    Ok(n) => {
                        buf.extend_from_slice(&chunk[..n]);
                        idle_since = Instant::now();
                    }
                    Err(e)
                        if matches!(
                            e.kind(),
                            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                        ) => {}
                    Err(_) => return,
                }
                continue;
            }
        };
        let close = wire.version == "HTTP/1.0"
            || wire
                .headers
                .iter()
                .any(|(k, v)| k == "connection" && v.eq_ignore_ascii_case("close"));
        let answer = handle(sh, wire, port, own_env);
        if answer.drop || write_answer(&mut stream, &answer, close).is_err() || close {
            let _ = stream.shutdown(std::net::Shutdown::Both);
            return;
        }
        idle_since = Instant::now();
    }
}

fn write_answer(stream: &mut TcpStream, a: &Answer, close: bool) -> std::io::Result<()> {
    let mut out = format!("HTTP/1.1 {} {}\r\n", a.status, reason(a.status));
    for (k, v) in &a.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    if a.status != 204 {
        out.push_str(&format!("Content-Length: {}\r\n", a.body.len()));
    }
    if close {
        out.push_str("Connection: close\r\n");
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    if a.status != 204 {
        bytes.extend_from_slice(&a.body);
    }
    stream.write_all(&bytes)?;
    stream.flush()
}

fn route(st: &State, method: &str, path: &str, own_env: Option<usize>) -> Route {
    let api = |rest: &str, key: &str| -> Route {
        let Some(rest) = rest.strip_prefix("/api/data/v9.2/organizations") else {
            return Route::Unknown;
        };
        match (method, rest) {
            ("GET", "") => Route::Read(key.to_string()),
            ("PATCH", r) if r.starts_with('(') && r.ends_with(')') => Route::Write(key.to_string()),
            _ => Route::Unknown,
        }
    };
    if let Some(i) = own_env {
        return api(path, &st.envs[i].spec.key);
    }
    let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    if method == "POST" && segs.len() == 4 && segs[1..] == ["oauth2", "v2.0", "token"] {
        return Route::Token {
            tenant: segs[0].to_string(),
        };
    }
    if method == "GET" && path == "/oidc/token" {
        return Route::Oidc;
    }
    if method == "GET" && path == ADMIN_PATH {
        return Route::Admin;
    }
    if let Some(rest) = path.strip_prefix("/env/") {
        let (key, rest) = rest.split_once('/').unwrap_or((rest, ""));
        if let Some(env) = find(st, key)
            && env.port.is_none()
            && env.spec.dataverse
        {
            return api(&format!("/{rest}"), &env.spec.key);
        }
    }
    Route::Unknown
}

fn matches(target: &Target, route: &Route) -> bool {
    match (target, route) {
        (Target::Any, _) => true,
        (Target::Token, Route::Token { .. }) => true,
        (Target::Oidc, Route::Oidc) => true,
        (Target::Admin, Route::Admin) => true,
        (Target::AnyRead, Route::Read(_)) => true,
        (Target::AnyWrite, Route::Write(_)) => true,
        (Target::Read(a), Route::Read(b)) => a.eq_ignore_ascii_case(b),
        (Target::Write(a), Route::Write(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    }
}

fn handle(sh: &Shared, wire: Wire, port: u16, own_env: Option<usize>) -> Answer {
    let (path, raw_query) = match wire.target.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (wire.target.clone(), None),
    };
    let (index, route, fault) = {
        let mut st = sh.lock();
        let route = route(&st, &wire.method, &path, own_env);
        let mut fault = None;
        if route != Route::Unknown
            && let Some(f) = st
                .faults
                .iter_mut()
                .find(|(t, n, _)| *n > 0 && matches(t, &route))
        {
            f.1 -= 1;
            fault = Some(f.2.clone());
        }
        st.requests.push(Request {
            route: route.clone(),
            method: wire.method.clone(),
            path: path.clone(),
            raw_query: raw_query.clone(),
            headers: wire.headers.clone(),
            body: wire.body.clone(),
            origin: format!("http://127.0.0.1:{port}/"),
            at: sh.started.elapsed(),
            status: None,
        });
        let served = matches!(route, Route::Admin | Route::Read(_) | Route::Write(_));
        if served {
            st.in_flight += 1;
            st.max_in_flight = st.max_in_flight.max(st.in_flight);
        }
        (st.requests.len() - 1, route, fault)
    };
    let latency = sh.lock().latency;
    let served = matches!(route, Route::Admin | Route::Read(_) | Route::Write(_));
    if served {
        sh.sleep(latency);
    }
    if let Some(Fault::Delay(d)) = &fault {
        sh.sleep(*d);
    }
    let answer = answer(sh, &wire, &path, raw_query.as_deref(), &route, fault);
    let mut st = sh.lock();
    if served {
        st.in_flight -= 1;
    }
    if !answer.drop {
        st.requests[index].status = Some(answer.status);
    }
    answer
}

fn odata_error(status: u16, code: &str, message: &str) -> Answer {
    Answer::json(
        status,
        &json!({"error": {"code": code, "message": message}}),
    )
}

fn http_date(secs_from_now: u64) -> String {
    let t = chrono::Utc::now() + chrono::Duration::seconds(secs_from_now as i64);
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn answer(
    sh: &Shared,
    wire: &Wire,
    path: &str,
    raw_query: Option<&str>,
    route: &Route,
    fault: Option<Fault>,
) -> Answer {
    let bearer = wire
        .headers
        .iter()
        .find(|(k, _)| k == "authorization")
        .and_then(|(_, v)| v.strip_prefix("Bearer "))
        .map(str::to_string);
    let swallow = matches!(fault, Some(Fault::Swallow));
    match fault {
        Some(Fault::TooMany(after)) => {
            let v = match after {
                RetryAfter::Seconds(s) => s.to_string(),
                RetryAfter::DateIn(s) => http_date(s),
            };
            return odata_error(
                429,
                "0x80072322",
                "Number of requests exceeded the limit of 6000 over time window of 300 seconds.",
            )
            .header("Retry-After", &v);
        }
        Some(Fault::Status(s)) => {
            return odata_error(
                s,
                "ServiceUnavailable",
                "The service is temporarily unavailable.",
            );
        }
        Some(Fault::Unauthorized) => {
            if let Some(t) = &bearer
                && let Some(tok) = sh.lock().tokens.get_mut(t)
            {
                tok.revoked = true;
            }
            return Answer::text(401, "")
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        Some(Fault::Forbidden) => {
            return odata_error(
                403,
                "0x80040220",
                "The user is not a member of the organization.",
            );
        }
        Some(Fault::NotFound) => return Answer::text(404, NOT_FOUND),
        Some(Fault::Malformed) => {
            return Answer::text(
                200,
                "{\"@odata.context\": \"$metadata#organizations\", \"value\": [{\"sessiontimeoutenabled\": tr",
            );
        }
        Some(Fault::Body(s, b)) => return Answer::text(s, &b),
        Some(Fault::Drop) => {
            return Answer {
                status: 0,
                headers: Vec::new(),
                body: Vec::new(),
                drop: true,
            };
        }
        Some(Fault::Conflict(v)) => {
            let mut st = sh.lock();
            let key = match route {
                Route::Read(k) | Route::Write(k) => k.clone(),
                _ => String::new(),
            };
            if let Some(env) = find_mut(&mut st, &key) {
                edit(env, &v);
            }
        }
        Some(Fault::Delay(_)) | Some(Fault::Swallow) | None => {}
    }
    match route {
        Route::Token { tenant } => token(sh, tenant, wire),
        Route::Oidc => oidc(raw_query, bearer.as_deref()),
        Route::Admin => {
            if let Some(a) = unauthorised(sh, bearer.as_deref(), ADMIN_RESOURCE) {
                return a;
            }
            admin_list(sh, raw_query)
        }
        Route::Read(key) => {
            let mut st = sh.lock();
            let Some(env) = find(&st, key) else {
                return Answer::text(404, "");
            };
            let resource = origin_of(sh, env);
            drop(st);
            if let Some(a) = unauthorised(sh, bearer.as_deref(), &resource) {
                return a;
            }
            st = sh.lock();
            let env = find(&st, key).expect("env");
            read(sh, env, raw_query)
        }
        Route::Write(key) => {
            let st = sh.lock();
            let Some(env) = find(&st, key) else {
                return Answer::text(404, "");
            };
            let resource = origin_of(sh, env);
            drop(st);
            if let Some(a) = unauthorised(sh, bearer.as_deref(), &resource) {
                return a;
            }
            let mut st = sh.lock();
            let env = find_mut(&mut st, key).expect("env");
            write(sh, env, path, wire, swallow)
        }
        Route::Unknown => odata_error(
            404,
            "ResourceNotFound",
            &format!("No route for {} {path}", wire.method),
        ),
    }
}

/// A 401 unless `bearer` is a live token for `resource`.
fn unauthorised(sh: &Shared, bearer: Option<&str>, resource: &str) -> Option<Answer> {
    let st = sh.lock();
    let ok = bearer
        .and_then(|b| st.tokens.get(b))
        .is_some_and(|t| !t.revoked && t.resource == normal_resource(resource));
    (!ok).then(|| {
        Answer::json(
            401,
            &json!({"error": {"code": "InvalidAuthenticationToken", "message": "The access token is invalid or not for this resource."}}),
        )
        .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
    })
}

fn token(sh: &Shared, tenant: &str, wire: &Wire) -> Answer {
    let pairs = form(&String::from_utf8_lossy(&wire.body));
    let get = |k: &str| pairs.iter().find(|(a, _)| a == k).map(|(_, v)| v.as_str());
    let aad = |status: u16, error: &str, description: &str| {
        Answer::json(
            status,
            &json!({"error": error, "error_description": description, "error_codes": [7000215]}),
        )
    };
    if tenant != TENANT_ID {
        return aad(400, "invalid_request", "AADSTS90002: Tenant not found.");
    }
    if get("grant_type") != Some("client_credentials") {
        return aad(
            400,
            "unsupported_grant_type",
            "AADSTS70003: grant_type must be client_credentials.",
        );
    }
    if get("client_id") != Some(CLIENT_ID) {
        return aad(
            400,
            "unauthorized_client",
            "AADSTS700016: Application not found in the directory.",
        );
    }
    let secret_ok = get("client_secret") == Some(CLIENT_SECRET);
    let assertion_ok = get("client_assertion_type")
        == Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        && matches!(get("client_assertion"), Some(a) if a == ASSERTION || a == OIDC_ASSERTION);
    if !(secret_ok || assertion_ok)
        || (get("client_secret").is_some() && get("client_assertion").is_some())
    {
        return aad(
            401,
            "invalid_client",
            "AADSTS7000215: Invalid client secret or assertion provided.",
        );
    }
    let Some(scope) = get("scope").filter(|s| s.ends_with("/.default")) else {
        return aad(
            400,
            "invalid_scope",
            "AADSTS1002012: The provided value for scope is not valid.",
        );
    };
    let resource = resource_of_scope(scope);
    let known = resource == ADMIN_RESOURCE || {
        let st = sh.lock();
        st.envs.iter().any(|e| origin_of(sh, e) == resource)
    };
    if !known {
        return aad(
            400,
            "invalid_resource",
            "AADSTS500011: The resource principal was not found.",
        );
    }
    let mut st = sh.lock();
    let t = issue(&mut st, &resource);
    Answer::json(
        200,
        &json!({"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": t}),
    )
}

fn oidc(raw_query: Option<&str>, bearer: Option<&str>) -> Answer {
    if bearer != Some(OIDC_REQUEST_TOKEN) {
        return Answer::json(401, &json!({"message": "Bad credentials"}));
    }
    let audience = raw_query
        .map(form)
        .unwrap_or_default()
        .into_iter()
        .find(|(k, _)| k == "audience")
        .map(|(_, v)| v);
    if audience.as_deref() != Some("api://AzureADTokenExchange") {
        return Answer::json(
            400,
            &json!({"message": "audience must be api://AzureADTokenExchange"}),
        );
    }
    Answer::json(200, &json!({"count": 1, "value": OIDC_ASSERTION}))
}

fn admin_list(sh: &Shared, raw_query: Option<&str>) -> Answer {
    let pairs = raw_query.map(form).unwrap_or_default();
    let get = |k: &str| pairs.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone());
    if get("api-version").as_deref() != Some("2023-06-01") {
        return odata_error(
            400,
            "InvalidApiVersionParameter",
            "The api-version is missing or not supported.",
        );
    }
    let skip: usize = get("$skiptoken").and_then(|s| s.parse().ok()).unwrap_or(0);
    let list: Value = serde_json::from_str(LIST).expect("the list fixture");
    let with = &list["value"][0];
    let without = &list["value"][1];
    let st = sh.lock();
    let mut value = Vec::new();
    for (i, env) in st.envs.iter().enumerate().skip(skip).take(st.page_size) {
        let id = format!("00000000-0000-0000-0000-{:012}", 100 + i);
        let mut doc = if env.spec.dataverse {
            with.clone()
        } else {
            without.clone()
        };
        doc["name"] = json!(id);
        doc["id"] = json!(format!("{ADMIN_PATH}/{id}"));
        doc["properties"]["displayName"] = json!(env.spec.display_name);
        if env.spec.dataverse {
            let url = env_url(sh, env);
            let m = &mut doc["properties"]["linkedEnvironmentMetadata"];
            m["domainName"] = json!(env.spec.key);
            m["uniqueName"] = json!(format!("unq{}", env.spec.key));
            m["friendlyName"] = json!(env.spec.display_name);
            m["version"] = json!(env.spec.version);
            m["instanceUrl"] = json!(url);
            m["instanceApiUrl"] = json!(url.trim_end_matches('/'));
        }
        value.push(doc);
    }
    let mut page = json!({ "value": value });
    if skip + st.page_size < st.envs.len() {
        page["nextLink"] = json!(format!(
            "http://127.0.0.1:{}{ADMIN_PATH}?api-version=2023-06-01&$skiptoken={}",
            sh.port,
            skip + st.page_size
        ));
    }
    Answer::json(200, &page)
}

fn read(sh: &Shared, env: &Env, raw_query: Option<&str>) -> Answer {
    let url = env_url(sh, env);
    let pairs = raw_query.map(form).unwrap_or_default();
    let select = pairs
        .iter()
        .find(|(k, _)| k == "$select")
        .map(|(_, v)| v.clone());
    let mut row = Map::new();
    row.insert("@odata.etag".into(), json!(etag(env)));
    let context = match &select {
        Some(cols) => {
            for c in cols.split(',') {
                let Some(v) = env.row.get(c) else {
                    return odata_error(
                        400,
                        "0x80060888",
                        &format!(
                            "Could not find a property named '{c}' on type 'Microsoft.Dynamics.CRM.organization'."
                        ),
                    );
                };
                row.insert(c.to_string(), v.clone());
            }
            row.insert("organizationid".into(), json!(env.id));
            format!("{url}api/data/v9.2/$metadata#organizations({cols})")
        }
        None => {
            for (k, v) in &env.row {
                if k != "@odata.etag" {
                    row.insert(k.clone(), v.clone());
                }
            }
            format!("{url}api/data/v9.2/$metadata#organizations")
        }
    };
    Answer::json(200, &json!({"@odata.context": context, "value": [row]}))
        .header("OData-Version", "4.0")
}

fn write(sh: &Shared, env: &mut Env, path: &str, wire: &Wire, swallow: bool) -> Answer {
    let id = path
        .rsplit_once('(')
        .map(|(_, r)| r.trim_end_matches(')').to_string())
        .unwrap_or_default();
    if id != env.id {
        return odata_error(
            404,
            "0x80040217",
            &format!("organization With Id = {id} Does Not Exist"),
        );
    }
    if let Some((_, m)) = wire.headers.iter().find(|(k, _)| k == "if-match")
        && m != "*"
        && *m != etag(env)
    {
        return odata_error(
            412,
            "0x80060882",
            "The version of the existing record doesn't match the RowVersion property provided.",
        );
    }
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&wire.body) else {
        return odata_error(
            400,
            "0x80048d19",
            "Error identified in Payload provided by the user.",
        );
    };
    for (k, v) in &body {
        let ok = match k.as_str() {
            "sessiontimeoutenabled" | "inactivitytimeoutenabled" => v.is_boolean(),
            c if COLUMNS.contains(&c) => v.is_null() || v.is_u64(),
            _ => false,
        };
        if !ok {
            return odata_error(
                400,
                "0x80048d19",
                &format!("Invalid property '{k}' or value {v}."),
            );
        }
    }
    if !swallow {
        edit(env, &Value::Object(body));
    }
    let url = env_url(sh, env);
    let mut a = Answer::text(204, "");
    a.headers.clear();
    a.header("OData-Version", "4.0").header(
        "OData-EntityId",
        &format!("{url}api/data/v9.2/organizations({})", env.id),
    )
}

/// Percent-decoding (`+` is a space, as in forms).
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `a=b&c=d`, decoded.
pub fn form(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Status, headers (names lowercased) and body of an answer.
pub type Reply = (u16, Vec<(String, String)>, Vec<u8>);

/// A minimal HTTP/1.1 client for the emulator's own tests: one request on
/// a new connection, `Connection: close`; (status, headers, body).
pub fn http(
    addr: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Reply> {
    let addr: SocketAddr = addr
        .parse()
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("{e}")))?;
    assert!(
        addr.ip().is_loopback(),
        "the test client talks to loopback only"
    );
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    let mut req = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    s.write_all(req.as_bytes())?;
    s.write_all(body)?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let Some(head_end) = find_seq(&raw, b"\r\n\r\n") else {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "connection closed without an answer",
        ));
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Ok((status, headers, raw[head_end + 4..].to_vec()))
}

#[cfg(test)]
mod tests {
    //! The emulator itself, spoken to over HTTP by the small client above.
    use super::*;

    fn addr(url: &str) -> String {
        url.trim_start_matches("http://")
            .split('/')
            .next()
            .expect("host")
            .to_string()
    }

    fn body_json(b: &[u8]) -> Value {
        serde_json::from_slice(b)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(b)))
    }

    fn token_for(emu: &Emulator, resource: &str) -> String {
        let body = format!(
            "grant_type=client_credentials&client_id={CLIENT_ID}&client_secret={}&scope={}",
            CLIENT_SECRET.replace('~', "%7E"),
            format!("{resource}.default")
                .replace(':', "%3A")
                .replace('/', "%2F")
        );
        let (status, _, b) = http(
            &addr(&emu.base_url()),
            "POST",
            &format!("/{TENANT_ID}/oauth2/v2.0/token"),
            &[("Content-Type", "application/x-www-form-urlencoded")],
            body.as_bytes(),
        )
        .expect("token request");
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&b));
        body_json(&b)["access_token"]
            .as_str()
            .expect("a token")
            .to_string()
    }

    fn get(emu_url: &str, target: &str, token: &str) -> Reply {
        let auth = format!("Bearer {token}");
        http(
            &addr(emu_url),
            "GET",
            target,
            &[("Authorization", &auth)],
            b"",
        )
        .expect("GET")
    }

    /// The path part of an environment URL.
    fn prefix(url: &str) -> String {
        let host = addr(url);
        url.trim_start_matches("http://")
            .trim_start_matches(host.as_str())
            .trim_end_matches('/')
            .to_string()
    }

    fn read_target(emu: &Emulator, key: &str) -> String {
        format!(
            "{}/api/data/v9.2/organizations?{SELECT}",
            prefix(&emu.env_url(key))
        )
    }

    fn three() -> Emulator {
        let mut c = Config::new(vec![
            EnvSpec::new("contoso")
                .display("Contoso")
                .version("9.2.1.2"),
            EnvSpec::new("sandbox").without_dataverse(),
            EnvSpec::new("fabrikam")
                .columns(json!({"sessiontimeoutenabled": true, "sessiontimeoutinmins": 480})),
        ]);
        c.page_size = 2;
        Emulator::start(c)
    }

    #[test]
    fn tokens_are_good_for_the_resource_their_scope_names_only() {
        let emu = three();
        let admin = token_for(&emu, ADMIN_RESOURCE);
        let list = format!("{ADMIN_PATH}?api-version=2023-06-01");
        assert_eq!(get(&emu.base_url(), &list, &admin).0, 200);
        // The admin token is no good for Dataverse, and no token at all is refused.
        assert_eq!(
            get(&emu.base_url(), &read_target(&emu, "contoso"), &admin).0,
            401
        );
        let (status, _, _) = http(&addr(&emu.base_url()), "GET", &list, &[], b"").unwrap();
        assert_eq!(status, 401);
        let dv = token_for(&emu, &emu.env_resource("contoso"));
        assert_eq!(
            get(&emu.base_url(), &read_target(&emu, "contoso"), &dv).0,
            200
        );
        assert_eq!(get(&emu.base_url(), &list, &dv).0, 401);
        assert_eq!(emu.token_requests(ADMIN_RESOURCE), 1);
        assert_eq!(emu.token_requests(&emu.env_resource("contoso")), 1);
    }

    #[test]
    fn the_token_endpoint_checks_tenant_client_and_secret_or_assertion() {
        let emu = three();
        let post = |tenant: &str, body: &str| {
            let (s, _, b) = http(
                &addr(&emu.base_url()),
                "POST",
                &format!("/{tenant}/oauth2/v2.0/token"),
                &[("Content-Type", "application/x-www-form-urlencoded")],
                body.as_bytes(),
            )
            .unwrap();
            (s, body_json(&b))
        };
        let scope = "scope=https%3A%2F%2Fservice.powerapps.com%2F.default";
        let (s, v) = post(
            TENANT_ID,
            &format!(
                "grant_type=client_credentials&client_id={CLIENT_ID}&client_secret=wrong&{scope}"
            ),
        );
        assert_eq!((s, v["error"].as_str()), (401, Some("invalid_client")));
        let (s, _) = post(
            "other-tenant",
            &format!(
                "grant_type=client_credentials&client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}&{scope}"
            ),
        );
        assert_eq!(s, 400);
        let jwt = "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer";
        let (s, v) = post(
            TENANT_ID,
            &format!(
                "grant_type=client_credentials&client_id={CLIENT_ID}&{jwt}&client_assertion={ASSERTION}&{scope}"
            ),
        );
        assert_eq!(s, 200, "{v}");
        assert_eq!(v["token_type"], "Bearer");
        let (s, _) = post(
            TENANT_ID,
            &format!(
                "grant_type=client_credentials&client_id={CLIENT_ID}&{jwt}&client_assertion=eyJforged&{scope}"
            ),
        );
        assert_eq!(s, 401);
        let (s, _) = post(
            TENANT_ID,
            &format!(
                "grant_type=client_credentials&client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}&scope=https%3A%2F%2Felsewhere.example%2F.default"
            ),
        );
        assert_eq!(s, 400, "an unknown resource");
        // Recorded as sent.
        let r = &emu.requests_to(&Route::Token {
            tenant: TENANT_ID.into(),
        })[0];
        assert_eq!(r.form_value("client_secret").as_deref(), Some("wrong"));
        assert_eq!(
            r.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
    }

    #[test]
    fn the_admin_list_pages_with_next_link_and_carries_the_recorded_shape() {
        let emu = three();
        let admin = token_for(&emu, ADMIN_RESOURCE);
        let (s, _, b) = get(
            &emu.base_url(),
            &format!("{ADMIN_PATH}?api-version=2023-06-01"),
            &admin,
        );
        assert_eq!(s, 200);
        let page = body_json(&b);
        let value = page["value"].as_array().unwrap();
        assert_eq!(value.len(), 2);
        let m = &value[0]["properties"]["linkedEnvironmentMetadata"];
        assert_eq!(m["domainName"], "contoso");
        assert_eq!(m["instanceUrl"], emu.env_url("contoso"));
        assert_eq!(m["version"], "9.2.1.2");
        assert_eq!(value[0]["properties"]["displayName"], "Contoso");
        assert_eq!(
            value[0]["properties"]["environmentSku"], "Developer",
            "from the recording"
        );
        assert!(
            value[1]["properties"]["linkedEnvironmentMetadata"].is_null(),
            "as recorded: no Dataverse"
        );
        let next = page["nextLink"].as_str().expect("a next page");
        assert!(next.starts_with(&emu.base_url()), "{next}");
        let (s, _, b) = get(
            &emu.base_url(),
            next.trim_start_matches(&emu.base_url()),
            &admin,
        );
        assert_eq!(s, 200);
        let page = body_json(&b);
        assert_eq!(page["value"].as_array().unwrap().len(), 1);
        assert!(page.get("nextLink").is_none());
        assert_eq!(
            get(&emu.base_url(), ADMIN_PATH, &admin).0,
            400,
            "no api-version"
        );
    }

    #[test]
    fn a_patch_needs_the_current_etag_and_is_seen_by_the_next_read() {
        let emu = three();
        let dv = token_for(&emu, &emu.env_resource("fabrikam"));
        let (s, h, b) = get(&emu.base_url(), &read_target(&emu, "fabrikam"), &dv);
        assert_eq!(s, 200);
        assert!(h.iter().any(|(k, v)| k == "odata-version" && v == "4.0"));
        let row = body_json(&b)["value"][0].clone();
        let keys: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut want = vec!["@odata.etag", "organizationid"];
        want.extend(COLUMNS);
        let mut got = keys.clone();
        got.sort();
        want.sort();
        assert_eq!(got, want, "only the selected columns");
        assert_eq!(row["sessiontimeoutinmins"], 480);
        assert_eq!(row["inactivitytimeoutinmins"], Value::Null);
        let etag = row["@odata.etag"].as_str().unwrap().to_string();
        let id = row["organizationid"].as_str().unwrap();
        let target = format!(
            "{}/api/data/v9.2/organizations({id})",
            prefix(&emu.env_url("fabrikam"))
        );
        let auth = format!("Bearer {dv}");
        let patch = |if_match: &str, body: &str| {
            http(
                &addr(&emu.base_url()),
                "PATCH",
                &target,
                &[
                    ("Authorization", &auth),
                    ("If-Match", if_match),
                    ("Content-Type", "application/json"),
                ],
                body.as_bytes(),
            )
            .unwrap()
        };
        assert_eq!(patch("W/\"1\"", r#"{"sessiontimeoutinmins": 60}"#).0, 412);
        assert_eq!(patch(&etag, r#"{"nosuchcolumn": 1}"#).0, 400);
        let (s, _, b) = patch(&etag, r#"{"sessiontimeoutinmins": 60}"#);
        assert_eq!((s, b.len()), (204, 0));
        assert_eq!(emu.columns("fabrikam")["sessiontimeoutinmins"], 60);
        assert_ne!(emu.etag("fabrikam"), etag, "a write changes the etag");
        assert_eq!(
            patch(&etag, r#"{"sessiontimeoutinmins": 90}"#).0,
            412,
            "now stale"
        );
        let (_, _, b) = get(&emu.base_url(), &read_target(&emu, "fabrikam"), &dv);
        assert_eq!(body_json(&b)["value"][0]["sessiontimeoutinmins"], 60);
        assert_eq!(
            body_json(&b)["value"][0]["@odata.etag"],
            emu.etag("fabrikam")
        );
        // Without $select, the whole recorded row.
        let whole = format!(
            "{}/api/data/v9.2/organizations",
            prefix(&emu.env_url("fabrikam"))
        );
        let (_, _, b) = get(&emu.base_url(), &whole, &dv);
        assert!(body_json(&b)["value"][0].as_object().unwrap().len() > 400);
        let r = emu.requests_to(&Route::Write("fabrikam".into()));
        assert_eq!(r.len(), 4);
        assert_eq!(r[2].json(), json!({"sessiontimeoutinmins": 60}));
        assert_eq!(r[2].header("if-match"), Some(etag.as_str()));
        assert_eq!(r[2].status, Some(204));
    }

    #[test]
    fn faults_come_for_the_next_n_requests_of_their_target_only() {
        let emu = three();
        let dv = token_for(&emu, &emu.env_resource("contoso"));
        let url = emu.base_url();
        emu.inject(
            Target::Read("contoso".into()),
            1,
            Fault::TooMany(RetryAfter::Seconds(7)),
        );
        emu.inject(
            Target::Read("contoso".into()),
            1,
            Fault::TooMany(RetryAfter::DateIn(60)),
        );
        emu.inject(Target::Read("contoso".into()), 2, Fault::Status(503));
        let (s, h, _) = get(&url, &read_target(&emu, "fabrikam"), &dv);
        assert_eq!(s, 200, "another environment is not affected");
        drop(h);
        let (s, h, _) = get(&url, &read_target(&emu, "contoso"), &dv);
        assert_eq!(s, 429);
        assert!(h.contains(&("retry-after".into(), "7".into())), "{h:?}");
        let (s, h, _) = get(&url, &read_target(&emu, "contoso"), &dv);
        assert_eq!(s, 429);
        let date = &h.iter().find(|(k, _)| k == "retry-after").unwrap().1;
        assert!(
            date.ends_with(" GMT") && date.contains(", "),
            "an HTTP date: {date}"
        );
        assert_eq!(get(&url, &read_target(&emu, "contoso"), &dv).0, 503);
        assert_eq!(get(&url, &read_target(&emu, "contoso"), &dv).0, 503);
        assert_eq!(get(&url, &read_target(&emu, "contoso"), &dv).0, 200);

        emu.inject(Target::AnyRead, 1, Fault::Drop);
        assert!(http(&addr(&url), "GET", &read_target(&emu, "contoso"), &[], b"").is_err());
        emu.inject(Target::AnyRead, 1, Fault::Malformed);
        let (s, _, b) = get(&url, &read_target(&emu, "contoso"), &dv);
        assert_eq!(s, 200);
        assert!(serde_json::from_slice::<Value>(&b).is_err());
        emu.inject(Target::AnyRead, 1, Fault::NotFound);
        let (s, _, b) = get(&url, &read_target(&emu, "contoso"), &dv);
        assert_eq!(
            (s, body_json(&b)["error"]["code"].as_str()),
            (404, Some("EnvironmentNotFound"))
        );
        emu.inject(Target::AnyRead, 1, Fault::Forbidden);
        assert_eq!(get(&url, &read_target(&emu, "contoso"), &dv).0, 403);
        emu.inject(Target::AnyRead, 1, Fault::Unauthorized);
        assert_eq!(get(&url, &read_target(&emu, "contoso"), &dv).0, 401);
        assert_eq!(
            get(&url, &read_target(&emu, "contoso"), &dv).0,
            401,
            "that token is revoked"
        );
        let fresh = token_for(&emu, &emu.env_resource("contoso"));
        assert_eq!(get(&url, &read_target(&emu, "contoso"), &fresh).0, 200);
        let statuses: Vec<Option<u16>> = emu
            .requests_to(&Route::Read("contoso".into()))
            .iter()
            .map(|r| r.status)
            .collect();
        assert_eq!(
            statuses,
            [429, 429, 503, 503, 200, 0, 200, 404, 403, 401, 401, 200]
                .map(|s| (s != 0).then_some(s))
        );
    }

    #[test]
    fn a_conflict_edits_the_row_first_so_a_stale_if_match_gets_412() {
        let emu = three();
        let dv = token_for(&emu, &emu.env_resource("contoso"));
        let etag = emu.etag("contoso");
        emu.inject(
            Target::Write("contoso".into()),
            1,
            Fault::Conflict(json!({"sessiontimeoutreminderinmins": 10})),
        );
        let target = format!(
            "{}/api/data/v9.2/organizations({})",
            prefix(&emu.env_url("contoso")),
            emu.organization_id("contoso")
        );
        let auth = format!("Bearer {dv}");
        let patch = |m: &str| {
            http(
                &addr(&emu.base_url()),
                "PATCH",
                &target,
                &[("Authorization", &auth), ("If-Match", m)],
                br#"{"sessiontimeoutenabled": true}"#,
            )
            .unwrap()
            .0
        };
        assert_eq!(patch(&etag), 412);
        assert_eq!(emu.columns("contoso")["sessiontimeoutreminderinmins"], 10);
        assert_eq!(emu.columns("contoso")["sessiontimeoutenabled"], false);
        assert_eq!(patch(&emu.etag("contoso")), 204);
        assert_eq!(emu.columns("contoso")["sessiontimeoutenabled"], true);
        emu.inject(Target::AnyWrite, 1, Fault::Swallow);
        let before = emu.columns("contoso");
        assert_eq!(patch(&emu.etag("contoso")), 204);
        assert_eq!(emu.columns("contoso"), before, "answered but not applied");
    }

    #[test]
    fn an_environment_of_its_own_origin_needs_its_own_token() {
        let emu = Emulator::start(Config::new(vec![
            EnvSpec::new("a"),
            EnvSpec::new("b").own_origin(),
        ]));
        let b = emu.env_url("b");
        assert_ne!(addr(&b), addr(&emu.base_url()));
        assert_eq!(emu.env_resource("b"), b, "its URL is its origin");
        let main = token_for(&emu, &emu.env_resource("a"));
        let target = format!("/api/data/v9.2/organizations?{SELECT}");
        assert_eq!(get(&b, &target, &main).0, 401);
        let own = token_for(&emu, &emu.env_resource("b"));
        let (s, _, body) = get(&b, &target, &own);
        assert_eq!(s, 200, "{}", String::from_utf8_lossy(&body));
        assert_eq!(emu.requests_to(&Route::Read("b".into())).len(), 2);
        assert_eq!(emu.requests_to(&Route::Read("b".into()))[0].origin, b);
    }

    #[test]
    fn the_oidc_endpoint_wants_its_bearer_and_audience() {
        let emu = three();
        let a = addr(&emu.base_url());
        let url = emu.oidc_url();
        let target = format!(
            "{}&audience=api://AzureADTokenExchange",
            url.trim_start_matches(&emu.base_url())
        );
        let bearer = format!("Bearer {OIDC_REQUEST_TOKEN}");
        let (s, _, b) = http(&a, "GET", &target, &[("Authorization", &bearer)], b"").unwrap();
        assert_eq!(
            (s, body_json(&b)["value"].as_str()),
            (200, Some(OIDC_ASSERTION))
        );
        let (s, _, _) = http(&a, "GET", &target, &[("Authorization", "Bearer nope")], b"").unwrap();
        assert_eq!(s, 401);
        let (s, _, _) = http(
            &a,
            "GET",
            url.trim_start_matches(&emu.base_url()),
            &[("Authorization", &bearer)],
            b"",
        )
        .unwrap();
        assert_eq!(s, 400, "no audience");
    }

    #[test]
    fn keep_alive_chunked_bodies_and_latency() {
        let emu = three();
        emu.set_latency(Duration::from_millis(150));
        let dv = token_for(&emu, &emu.env_resource("contoso"));
        let mut s = TcpStream::connect(addr(&emu.base_url())).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let target = format!(
            "{}/api/data/v9.2/organizations({})",
            prefix(&emu.env_url("contoso")),
            emu.organization_id("contoso")
        );
        let body = r#"{"inactivitytimeoutenabled": true}"#;
        let started = Instant::now();
        let req = format!(
            "GET {} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {dv}\r\n\r\nPATCH {target} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {dv}\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
            read_target(&emu, "contoso"),
            body.len()
        );
        s.write_all(req.as_bytes()).unwrap();
        let mut got = Vec::new();
        let mut chunk = [0u8; 8192];
        while !String::from_utf8_lossy(&got).contains("HTTP/1.1 204") {
            let n = s.read(&mut chunk).expect("both answers on one connection");
            assert!(n > 0, "closed early: {}", String::from_utf8_lossy(&got));
            got.extend_from_slice(&chunk[..n]);
        }
        assert!(
            started.elapsed() >= Duration::from_millis(300),
            "latency on each"
        );
        assert!(String::from_utf8_lossy(&got).starts_with("HTTP/1.1 200"));
        assert_eq!(emu.columns("contoso")["inactivitytimeoutenabled"], true);
    }

    #[test]
    fn concurrency_is_measured() {
        let emu = three();
        emu.set_latency(Duration::from_millis(200));
        let dv = token_for(&emu, &emu.env_resource("contoso"));
        let target = read_target(&emu, "contoso");
        let url = emu.base_url();
        std::thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| assert_eq!(get(&url, &target, &dv).0, 200));
            }
        });
        assert_eq!(emu.max_in_flight(), 3);
    }

    #[test]
    fn it_stops_at_its_deadline_and_when_dropped() {
        let mut c = Config::new(vec![EnvSpec::new("a")]);
        c.lifetime = Duration::from_millis(300);
        let emu = Emulator::start(c);
        let a = addr(&emu.base_url());
        let token = format!("/{TENANT_ID}/oauth2/v2.0/token");
        assert!(http(&a, "POST", &token, &[], b"").is_ok());
        let end = Instant::now() + Duration::from_secs(5);
        while http(&a, "POST", &token, &[], b"").is_ok() {
            assert!(Instant::now() < end, "still serving past its deadline");
            std::thread::sleep(Duration::from_millis(20));
        }
        let emu = three();
        let a = addr(&emu.base_url());
        drop(emu);
        assert!(http(&a, "POST", &token, &[], b"").is_err(), "dropped");
    }
}
