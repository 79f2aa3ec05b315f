//! The test emulator of the Power Platform admin API, Dataverse and the
//! token endpoint (tests/cli/emulator.rs), standalone, for the benchmark of
//! SPEC §10.5:
//!
//!     cargo run --release --example tenant_emulator -- --envs 200 --latency-ms 100
//!
//! Prints one JSON line on stdout — the base URL (for `SESSADM_BAP_URL` and
//! `AZURE_AUTHORITY_HOST`), the credentials it accepts (test values) and
//! each environment's name and URL — then serves on 127.0.0.1 until killed
//! or until `--lifetime-s` has passed. Every environment's live row starts
//! with the values of `--columns` (a JSON object of the six columns).

#[path = "../tests/cli/emulator.rs"]
mod emulator;

use std::time::Duration;

use emulator::{CLIENT_ID, CLIENT_SECRET, Config, Emulator, EnvSpec, TENANT_ID};

fn main() {
    let mut envs = 200usize;
    let mut latency_ms = 100u64;
    let mut lifetime_s = 600u64;
    let mut columns = serde_json::json!({});
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{a} needs a value")))
        };
        match a.as_str() {
            "--envs" => envs = value().parse().unwrap_or_else(|_| usage("--envs N")),
            "--latency-ms" => {
                latency_ms = value().parse().unwrap_or_else(|_| usage("--latency-ms MS"))
            }
            "--lifetime-s" => {
                lifetime_s = value().parse().unwrap_or_else(|_| usage("--lifetime-s S"))
            }
            "--columns" => {
                columns = serde_json::from_str(&value()).unwrap_or_else(|_| usage("--columns JSON"))
            }
            _ => usage(&format!("unknown argument {a}")),
        }
    }
    let specs = (0..envs)
        .map(|i| EnvSpec::new(&format!("env{i:04}")).columns(columns.clone()))
        .collect();
    let mut config = Config::new(specs);
    config.latency = Duration::from_millis(latency_ms);
    config.lifetime = Duration::from_secs(lifetime_s);
    let emu = Emulator::start(config);
    let list: Vec<serde_json::Value> = (0..envs)
        .map(|i| {
            let name = format!("env{i:04}");
            serde_json::json!({"name": name, "url": emu.env_url(&name)})
        })
        .collect();
    println!(
        "{}",
        serde_json::json!({
            "base_url": emu.base_url(),
            "tenant_id": TENANT_ID,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "environments": list,
        })
    );
    use std::io::Write;
    let _ = std::io::stdout().flush();
    emu.serve_until_deadline();
}

fn usage(problem: &str) -> ! {
    eprintln!(
        "tenant_emulator: {problem}\nusage: tenant_emulator [--envs N] [--latency-ms MS] [--lifetime-s S] [--columns JSON]"
    );
    std::process::exit(2)
}
