//! HTTP for the live tenant (SPEC §10.2, §10.3): one blocking client,
//! endpoint checks made before any request, retries with `Retry-After` or
//! capped, jittered exponential back-off, and responses read as text.
//!
//! Built on ureq 3 with rustls and the platform's certificate store
//! (corporate proxies re-sign TLS), `HTTPS_PROXY` / `NO_PROXY` from the
//! environment; loopback is never proxied. Redirects are not followed: a
//! bearer token goes only to the URL it was fetched for. Nothing here
//! formats a request's headers or a response's body into a message.

use std::time::{Duration, SystemTime};

use super::{Failure, auth::Secret};
use crate::rules;

/// At most this many attempts a request (SPEC §10.3).
pub const MAX_ATTEMPTS: u32 = 5;
/// Back-off starts here and doubles, with jitter, up to [`MAX_WAIT`].
pub const FIRST_WAIT: Duration = Duration::from_secs(1);
pub const MAX_WAIT: Duration = Duration::from_secs(30);
/// A `Retry-After` longer than this is waited this long.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(300);
/// The largest body read.
const MAX_BODY: u64 = 32 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
        }
    }
}

/// One request, as plain values (tests compare them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    /// Content type and body.
    pub body: Option<(&'static str, String)>,
}

impl Request {
    pub fn get(url: impl Into<String>) -> Self {
        Request {
            method: Method::Get,
            url: url.into(),
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// `METHOD URL`, for messages: never headers, never the body.
    pub fn shown(&self) -> String {
        format!("{} {}", self.method.as_str(), self.url)
    }
}

/// What came back: the status, `Retry-After`, and the body as text.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: String,
}

/// Refuse what must not be requested, before any request: anything but
/// `https://`, except plain `http://` to a loopback host (a bearer token or
/// a secret never crosses a network in clear).
pub fn check_endpoint(url: &str, what: &str) -> Result<(), Failure> {
    let Some((secure, _)) = rules::url_scheme(url) else {
        return Err(Failure::network(format!(
            "{what} {} is not an https:// URL — fix it (http:// only for 127.0.0.1, [::1] or localhost)",
            crate::text::shown(url)
        )));
    };
    let host = rules::url_host(url)
        .map_err(|why| Failure::network(format!("{what} {} {why}", crate::text::shown(url))))?;
    if !secure && !rules::is_loopback_host(host) {
        return Err(Failure::network(format!(
            "{what} {} is plain http:// to {host}, not a loopback host; sessadm sends no credential in clear — use https://",
            crate::text::shown(url)
        )));
    }
    Ok(())
}

/// `Retry-After`: delay-seconds or an HTTP date, as a wait from `now`
/// (a date in the past is no wait); `None` when it is neither.
pub fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        return Some(
            v.parse::<u64>()
                .map_or(MAX_RETRY_AFTER, Duration::from_secs)
                .min(MAX_RETRY_AFTER),
        );
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(at.timestamp()).ok()?);
    Some(
        at.duration_since(now)
            .unwrap_or(Duration::ZERO)
            .min(MAX_RETRY_AFTER),
    )
}

/// The wait before attempt `attempt + 1` (after `attempt` failures, from
/// 1): `FIRST_WAIT · 2^(attempt-1)` capped at `MAX_WAIT`, scaled by
/// `jitter` in [0.5, 1] ("equal jitter": never less than half, never more).
pub fn backoff(attempt: u32, jitter: f64) -> Duration {
    let base = FIRST_WAIT
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
        .min(MAX_WAIT);
    base.mul_f64(jitter.clamp(0.5, 1.0))
}

/// A number in [0.5, 1] that differs between calls and processes.
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    0.5 + (h.finish() % 1_000_001) as f64 / 2_000_002.0
}

/// Sleep `d`, waking early when Ctrl-C was pressed.
pub fn sleep(d: Duration) {
    let end = std::time::Instant::now() + d;
    while !crate::term::interrupted() {
        let now = std::time::Instant::now();
        if now >= end {
            return;
        }
        std::thread::sleep((end - now).min(Duration::from_millis(50)));
    }
}

/// Whether a status is worth another attempt.
pub fn retryable(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

pub struct Client {
    direct: ureq::Agent,
    proxied: ureq::Agent,
    timeout: Duration,
}

impl Client {
    pub fn new(timeout: Duration) -> Client {
        let agent = |proxy: Option<ureq::Proxy>| -> ureq::Agent {
            let tls = ureq::tls::TlsConfig::builder()
                .root_certs(ureq::tls::RootCerts::PlatformVerifier)
                .build();
            ureq::Agent::config_builder()
                .http_status_as_error(false)
                .max_redirects(0)
                .max_redirects_will_error(false)
                .timeout_global(Some(timeout))
                .tls_config(tls)
                .proxy(proxy)
                .user_agent(concat!("sessadm/", env!("CARGO_PKG_VERSION")))
                .build()
                .into()
        };
        Client {
            direct: agent(None),
            proxied: agent(ureq::Proxy::try_from_env()),
            timeout,
        }
    }

    /// Send `req` with `bearer`, retrying what SPEC §10.3 retries. The
    /// endpoint is checked first; Ctrl-C stops before a new attempt.
    pub fn send(&self, req: &Request, bearer: Option<&Secret>) -> Result<Response, Failure> {
        check_endpoint(&req.url, "the endpoint")?;
        let mut attempt = 0;
        loop {
            if crate::term::interrupted() {
                return Err(Failure::interrupted());
            }
            attempt += 1;
            let wait = match self.once(req, bearer) {
                Ok(r) if retryable(r.status) && attempt < MAX_ATTEMPTS => r
                    .retry_after
                    .as_deref()
                    .and_then(|v| retry_after(v, SystemTime::now()))
                    .unwrap_or_else(|| backoff(attempt, jitter())),
                Ok(r) => return Ok(r),
                Err((true, _)) if attempt < MAX_ATTEMPTS => backoff(attempt, jitter()),
                Err((_, why)) => {
                    return Err(Failure::network(format!(
                        "{} failed after {attempt} attempt{}: {why} — check the network, the proxy (HTTPS_PROXY, NO_PROXY) or --timeout",
                        req.shown(),
                        if attempt == 1 { "" } else { "s" }
                    )));
                }
            };
            sleep(wait);
        }
    }

    /// One attempt. An error says whether it is worth another and why, in
    /// words that hold no header and no body.
    fn once(&self, req: &Request, bearer: Option<&Secret>) -> Result<Response, (bool, String)> {
        let loopback = rules::url_host(&req.url).is_ok_and(rules::is_loopback_host);
        let agent = if loopback {
            &self.direct
        } else {
            &self.proxied
        };
        let mut headers: Vec<(&str, String)> = req.headers.clone();
        if let Some(b) = bearer {
            headers.push(("Authorization", format!("Bearer {}", b.expose())));
        }
        let result = match (req.method, &req.body) {
            (Method::Get, _) => {
                let mut r = agent.get(&req.url);
                for (k, v) in &headers {
                    r = r.header(*k, v);
                }
                r.call()
            }
            (m, body) => {
                let mut r = if m == Method::Post {
                    agent.post(&req.url)
                } else {
                    agent.patch(&req.url)
                };
                for (k, v) in &headers {
                    r = r.header(*k, v);
                }
                match body {
                    Some((ct, text)) => r.content_type(*ct).send(text.as_str()),
                    None => r.send_empty(),
                }
            }
        };
        let mut resp = result.map_err(|e| self.why(e))?;
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = resp
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_string()
            .map_err(|e| self.why(e))?;
        Ok(Response {
            status,
            retry_after,
            body,
        })
    }

    fn why(&self, e: ureq::Error) -> (bool, String) {
        use std::io::ErrorKind as K;
        match e {
            ureq::Error::Timeout(_) => (
                true,
                format!("no answer within {}s", self.timeout.as_secs()),
            ),
            ureq::Error::Io(io) => {
                let again = matches!(
                    io.kind(),
                    K::ConnectionReset
                        | K::ConnectionAborted
                        | K::UnexpectedEof
                        | K::BrokenPipe
                        | K::TimedOut
                        | K::Interrupted
                );
                (again, format!("{io}"))
            }
            ureq::Error::HostNotFound => (false, "host not found".into()),
            ureq::Error::ConnectionFailed => (false, "connection failed".into()),
            ureq::Error::Protocol(p) => (true, format!("the connection broke: {p}")),
            other => (false, other.to_string()),
        }
    }
}

/// `application/x-www-form-urlencoded` of name/value pairs.
pub fn form(pairs: &[(&str, &str)]) -> String {
    fn enc(s: &str, out: &mut String) {
        for b in s.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    out.push(b as char)
                }
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
    }
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        enc(k, &mut out);
        out.push('=');
        enc(v, &mut out);
    }
    out
}

/// The origin of an http(s) URL with a trailing `/`: `https://host[:port]/`.
pub fn origin(url: &str) -> Option<String> {
    let (secure, rest) = rules::url_scheme(url)?;
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let scheme = if secure { "https" } else { "http" };
    Some(format!("{scheme}://{}/", authority.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_is_refused_unless_loopback_before_any_request() {
        for ok in [
            "https://contoso.crm.dynamics.com/api",
            "http://127.0.0.1:8080/x",
            "http://localhost/",
            "http://[::1]:1/",
        ] {
            assert!(check_endpoint(ok, "the endpoint").is_ok(), "{ok}");
        }
        for bad in [
            "http://contoso.crm.dynamics.com",
            "http://10.0.0.1/",
            "ftp://x",
            "http://127.0.0.1.nip.io/",
        ] {
            let e = check_endpoint(bad, "the endpoint").unwrap_err();
            assert!(e.message.contains("https://"), "{bad}: {}", e.message);
        }
        // The client refuses before connecting: nothing listens there.
        let c = Client::new(Duration::from_secs(1));
        let e = c
            .send(&Request::get("http://sessadm.invalid/"), None)
            .unwrap_err();
        assert!(e.message.contains("not a loopback host"), "{}", e.message);
    }

    #[test]
    fn retry_after_takes_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:57 GMT", now),
            Some(Duration::from_secs(20))
        );
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            retry_after("99999999999999999999", now),
            Some(MAX_RETRY_AFTER)
        );
        assert_eq!(retry_after("soon", now), None);
        assert_eq!(retry_after("-5", now), None);
        assert_eq!(retry_after("", now), None);
    }

    #[test]
    fn backoff_doubles_from_a_second_with_jitter_and_a_cap() {
        assert_eq!(backoff(1, 1.0), Duration::from_secs(1));
        assert_eq!(backoff(2, 1.0), Duration::from_secs(2));
        assert_eq!(backoff(3, 1.0), Duration::from_secs(4));
        assert_eq!(backoff(6, 1.0), Duration::from_secs(30));
        assert_eq!(backoff(40, 1.0), Duration::from_secs(30));
        assert_eq!(backoff(1, 0.5), Duration::from_millis(500));
        assert_eq!(backoff(1, 0.0), Duration::from_millis(500));
        for _ in 0..100 {
            let j = jitter();
            assert!((0.5..=1.0).contains(&j), "{j}");
            let d = backoff(9, j);
            assert!(d >= Duration::from_secs(15) && d <= MAX_WAIT, "{d:?}");
        }
    }

    #[test]
    fn forms_are_encoded_and_origins_keep_the_port() {
        assert_eq!(
            form(&[("a b", "x&y=z/é"), ("scope", "https://h/.default")]),
            "a+b=x%26y%3Dz%2F%C3%A9&scope=https%3A%2F%2Fh%2F.default"
        );
        assert_eq!(
            origin("https://Contoso.crm.dynamics.com/path?x").as_deref(),
            Some("https://contoso.crm.dynamics.com/")
        );
        assert_eq!(
            origin("http://127.0.0.1:8080/org1").as_deref(),
            Some("http://127.0.0.1:8080/")
        );
        assert_eq!(origin("https://u@h/"), None);
        assert_eq!(origin("ftp://h/"), None);
    }
}
