//! The command line, as clap definitions only: no logic here.
//!
//! A doc comment's first line is the `-h` text; the paragraphs after it are
//! the `--help` text. Durations are taken as strings and parsed by the
//! commands, so a bad duration is invalid input (exit 3), not a usage error.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};

/// Keep Dynamics 365 / Power Platform session timeout settings in order.
///
/// sessadm keeps an inventory of environments and their Privacy + Security
/// session settings (session timeout, timeout warning, inactivity timeout)
/// in SQLite, refuses what the product would refuse, records who changed
/// what, and simulates a user's timeline to say exactly when that user is
/// warned, signed out, or sent to reauthenticate, and why.
///
/// Example:
///   sessadm env add contoso-prod --url https://contoso.crm.dynamics.com
///   sessadm env set-timeout contoso-prod --length 8h --warning 20m
#[derive(Debug, Parser)]
#[command(name = "sessadm", version, max_term_width = 100, verbatim_doc_comment)]
pub struct Cli {
    /// The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]
    // SESSADM_DB and SESSADM_OUTPUT are read by the commands, not by clap,
    // so that a bad value names the variable and never shows up in a usage
    // line as if --db had been required.
    #[arg(long, global = true, value_name = "PATH", value_hint = ValueHint::FilePath, help_heading = "Global options")]
    pub db: Option<PathBuf>,

    /// Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]
    #[arg(
        short = 'o',
        long = "output",
        global = true,
        help_heading = "Global options",
        value_enum,
        value_name = "FORMAT"
    )]
    pub output: Option<Output>,

    /// Answer yes to confirmations
    #[arg(long, global = true, help_heading = "Global options")]
    pub yes: bool,

    /// Print only results and errors: no notes, no tables of what changed
    #[arg(short, long, global = true, help_heading = "Global options")]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// Tables for people
    Table,
    /// One JSON document on stdout
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage environments and their session settings
    ///
    /// Example:
    ///   sessadm env add contoso-prod --version 9.2.24034.205
    ///   sessadm env set-inactivity contoso-prod --after 30m --warning 5m
    #[command(subcommand, verbatim_doc_comment)]
    Env(EnvCommand),

    /// Show or set the identity-provider (Microsoft Entra ID) settings
    ///
    /// Example:
    ///   sessadm tenant set --token-lifetime 90d
    #[command(subcommand, verbatim_doc_comment)]
    Tenant(TenantCommand),

    /// Simulate a user's timeline: when they are warned, signed out, and why
    ///
    /// Reads a scenario (TOML or JSON, self-contained) or a CSV timeline of
    /// many users (settings from --env), and reports every warning, sign-out,
    /// reauthentication and refusal to the second, each with the rule (S1–S13)
    /// that causes it. All times are printed in UTC.
    ///
    /// Example:
    ///   sessadm simulate examples/workday.toml
    ///   sessadm simulate signins.csv --env contoso-prod --format jsonl
    ///   sessadm simulate signins.csv --env contoso-prod --format html > timeline.html
    #[command(verbatim_doc_comment)]
    Simulate(SimulateArgs),

    /// Write the inventory as a policy file, Dataverse bodies or a pac script
    ///
    /// TOML (the default) and JSON are policy files that `sessadm apply` reads
    /// back to zero changes. `dataverse` prints the body of a Web API PATCH of
    /// each environment's organization record (the six session columns);
    /// `pac` prints a POSIX shell script of `pac env update-settings` calls.
    ///
    /// Example:
    ///   sessadm export > policy.toml
    ///   sessadm export contoso-prod --format pac > apply-settings.sh
    #[command(verbatim_doc_comment)]
    Export(ExportArgs),

    /// Check policy files without a database
    ///
    /// Reports every violation in every file at once, each as
    /// FILE:LINE:COLUMN: error[RULE]: message. Exit 3 if there is any.
    ///
    /// Example:
    ///   sessadm validate policies/*.toml
    #[command(verbatim_doc_comment)]
    Validate(ValidateArgs),

    /// Make the inventory match a policy file, in one transaction
    ///
    /// Shows the plan (create, change field by field, delete with --prune,
    /// unchanged) and carries it out; nothing is applied if anything in the
    /// file is invalid. Every change is recorded in the history.
    ///
    /// Example:
    ///   sessadm apply policy.toml --dry-run --exit-code   # in CI: exit 5 if it would change
    ///   sessadm apply policy.toml --prune --yes
    #[command(verbatim_doc_comment)]
    Apply(ApplyArgs),

    /// Set an environment's settings from a Dataverse organizations response
    ///
    /// Reads the response of GET .../api/data/v9.2/organizations as it is
    /// (one organization, or {"value": [one]}) and takes the six session
    /// columns. Without --env the environment is the organization's name.
    ///
    /// Example:
    ///   sessadm import-dataverse organizations.json --env contoso-prod
    #[command(verbatim_doc_comment)]
    ImportDataverse(ImportArgs),

    /// Check environments against compliance baselines
    ///
    /// PCI DSS 4.0, HIPAA, NIST SP 800-63B (rev 3 and 4) and OWASP ASVS 4.0.3:
    /// pass, warn or fail for each environment and check, the value found and
    /// the command that would fix it. Exit 6 when a SHALL is not met (and
    /// on a SHOULD not met with --strict).
    ///
    /// Example:
    ///   sessadm audit --baseline pci-dss-4.0 --baseline hipaa
    #[command(verbatim_doc_comment)]
    Audit(AuditArgs),

    /// Compare what the current settings and a proposal cost a population
    ///
    /// Runs a generated population of users (see PROFILES in the man page, or
    /// the README) or a replayed CSV timeline through the simulation engine
    /// twice, under the environment's current settings and under the
    /// proposal, and shows them side by side: sign-ins per user per day,
    /// sign-outs by reason, warnings, users affected, uninterrupted working
    /// time, time lost signing in, and the compliance baselines each side
    /// meets. The same seed always gives the same numbers.
    ///
    /// Example:
    ///   sessadm whatif --env contoso-prod --inactivity 15m --users 5000 --profile mixed
    ///   sessadm whatif --env contoso-prod --propose policy.toml --replay signins.csv
    ///   sessadm whatif --env contoso-prod --session-length 4h --format html > whatif.html
    #[command(verbatim_doc_comment)]
    Whatif(WhatifArgs),

    /// Add the tenant's Dataverse environments to the inventory
    ///
    /// Lists the environments through the Power Platform admin API. One with
    /// Dataverse that the inventory lacks (compared by URL) is added, named
    /// after its domain; one already there gets its version updated; one
    /// without Dataverse is skipped. Credentials come from the environment
    /// (see ENVIRONMENT in the man page), never from flags.
    ///
    /// Example:
    ///   sessadm discover --dry-run
    ///   sessadm discover -o json
    #[command(verbatim_doc_comment)]
    Discover(DiscoverArgs),

    /// Make the inventory match the live service's session settings
    ///
    /// Reads the six session columns of each environment (default: every
    /// one with a URL) from its Dataverse and updates the inventory field by
    /// field, in one transaction, with history. A live value that breaks a
    /// rule leaves that environment unchanged (exit 3); a failure of one
    /// environment never stops the others (exit 1).
    ///
    /// Example:
    ///   sessadm pull --dry-run --exit-code   # in CI: exit 5 on drift
    ///   sessadm pull contoso-prod --jobs 4
    #[command(verbatim_doc_comment)]
    Pull(PullArgs),

    /// Make the live service match the inventory's session settings
    ///
    /// Reads each environment's row, PATCHes only the columns that differ
    /// (If-Match: a row changed meanwhile is read and planned again once),
    /// then reads it again to verify. At a terminal it shows the plan and
    /// asks first; without one it needs --yes.
    ///
    /// Example:
    ///   sessadm push --dry-run --exit-code   # exit 5 when changes are pending
    ///   sessadm push contoso-prod --yes
    #[command(verbatim_doc_comment)]
    Push(PushArgs),

    /// Check the database: the file's integrity and sessadm's own invariants
    ///
    /// Runs SQLite's integrity_check and foreign_key_check, then checks that
    /// the schema is sessadm's, that every stored value passes rules V1–V9,
    /// and that every environment's history is one unbroken chain from its
    /// creation to what is stored now. Reads only. Exit 0 when sound, 1 with
    /// what is wrong.
    ///
    /// Example:
    ///   sessadm db check
    ///   sessadm --db backup.db db check -o json
    #[command(subcommand, verbatim_doc_comment)]
    Db(DbCommand),

    /// Print the completion script for a shell
    ///
    /// bash, zsh and fish also complete environment names from the database.
    /// The scripts are the files in completions/ of the source tree.
    ///
    /// Example:
    ///   sessadm completions bash > ~/.local/share/bash-completion/completions/sessadm
    ///   sessadm completions zsh > "${fpath[1]}/_sessadm"
    ///   sessadm completions fish > ~/.config/fish/completions/sessadm.fish
    #[command(verbatim_doc_comment)]
    Completions(CompletionsArgs),

    /// Print the man page (roff)
    ///
    /// The page is man/sessadm.1 of the source tree.
    ///
    /// Example:
    ///   sessadm man > ~/.local/share/man/man1/sessadm.1 && man sessadm
    #[command(verbatim_doc_comment)]
    Man,

    /// List the rules: validation V1–V9 and simulation S1–S13, with sources
    ///
    /// Each rule is shown with its id, a one-line statement and the sentence of
    /// the product documentation it comes from (the page's title, what it
    /// covers, its address where it gives one, and the quote); what is
    /// sessadm's own choice where the documentation is silent says so.
    ///
    /// Example:
    ///   sessadm rules V4
    #[command(verbatim_doc_comment)]
    Rules(RulesArgs),
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Check the file's integrity and sessadm's invariants (read-only)
    ///
    /// SQLite's integrity_check and foreign_key_check; every setting within
    /// V1–V5, names, URLs and versions within V6–V8, the token lifetime
    /// within V9; every environment's history consistent from its creation
    /// to its stored values. Exit 0 when sound, 1 with each problem found.
    ///
    /// Example:
    ///   sessadm db check
    #[command(verbatim_doc_comment)]
    Check,
}

#[derive(Debug, Subcommand)]
pub enum EnvCommand {
    /// Create an environment with default settings
    ///
    /// The new environment has the product defaults: custom session timeout
    /// off (length 24h, warning 20m kept), inactivity timeout off.
    ///
    /// Example:
    ///   sessadm env add contoso-prod --url https://contoso.crm.dynamics.com --version 9.2.24034.205
    #[command(verbatim_doc_comment)]
    Add(EnvAddArgs),

    /// List all environments with their effective settings
    ///
    /// Example:
    ///   sessadm env list -o json
    #[command(verbatim_doc_comment)]
    List,

    /// Show one environment: all fields and settings
    ///
    /// Example:
    ///   sessadm env show contoso-prod
    #[command(verbatim_doc_comment)]
    Show(EnvNameArg),

    /// Change an environment's URL, version, description or name
    ///
    /// An empty value clears a field (--url "" forgets the URL).
    ///
    /// Example:
    ///   sessadm env update contoso-prod --version 9.2.24034.205 --rename contoso-production
    #[command(verbatim_doc_comment)]
    Update(EnvUpdateArgs),

    /// Delete an environment (its history is kept)
    ///
    /// Asks for confirmation at a terminal; pass --yes otherwise.
    ///
    /// Example:
    ///   sessadm env remove contoso-test --yes
    #[command(verbatim_doc_comment)]
    Remove(EnvNameArg),

    /// Turn the custom session timeout on with a length and warning, or off
    ///
    /// The length is 1h–24h (V1); the warning comes that long before the end,
    /// 0 for none, shorter than the length (V2). At a terminal a missing
    /// length is asked for. Open sessions keep their settings until the next
    /// sign-in (S7).
    ///
    /// Example:
    ///   sessadm env set-timeout contoso-prod --length 8h --warning 20m
    ///   sessadm env set-timeout contoso-prod --disable
    #[command(verbatim_doc_comment)]
    SetTimeout(SetTimeoutArgs),

    /// Turn the inactivity timeout on with a duration and warning, or off
    ///
    /// The duration is at least 5m (V3) and shorter than the session length,
    /// or than 24h when the custom session timeout is off (V4); the warning is
    /// shorter than the duration (V5). At a terminal a missing duration is
    /// asked for.
    ///
    /// Example:
    ///   sessadm env set-inactivity contoso-prod --after 30m --warning 5m
    #[command(verbatim_doc_comment)]
    SetInactivity(SetInactivityArgs),

    /// Show who changed what, newest first
    ///
    /// With a NAME, the history of the environment that has, or had, that
    /// name, across renames and deletion.
    ///
    /// Example:
    ///   sessadm env history contoso-prod --limit 10
    #[command(verbatim_doc_comment)]
    History(HistoryArgs),
}

#[derive(Debug, Args)]
pub struct EnvNameArg {
    /// The environment's name (case does not matter)
    #[arg(id = "env_name", value_name = "NAME")]
    pub name: String,
}

#[derive(Debug, Args)]
pub struct EnvAddArgs {
    /// The new environment's name: 1–100 characters, unique ignoring case
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Its https:// URL
    #[arg(long, value_name = "URL", value_hint = ValueHint::Url)]
    pub url: Option<String>,
    /// Its version, e.g. 9.2.24034.205 (absent: current)
    #[arg(long = "version", value_name = "VERSION")]
    pub env_version: Option<String>,
    /// Free text, at most 500 characters
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
}

#[derive(Debug, Args)]
pub struct EnvUpdateArgs {
    /// The environment's name
    #[arg(id = "env_name", value_name = "NAME")]
    pub name: String,
    /// New https:// URL ("" clears it)
    #[arg(long, value_name = "URL", value_hint = ValueHint::Url)]
    pub url: Option<String>,
    /// New version ("" clears it: current)
    #[arg(long = "version", value_name = "VERSION")]
    pub env_version: Option<String>,
    /// New description ("" clears it)
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// New name
    #[arg(long, value_name = "NEW")]
    pub rename: Option<String>,
}

#[derive(Debug, Args)]
pub struct SetTimeoutArgs {
    /// The environment's name
    #[arg(id = "env_name", value_name = "NAME")]
    pub name: String,
    /// Session length, 1h–24h (e.g. 8h, 90, 1h30m)
    #[arg(
        long,
        value_name = "DUR",
        allow_hyphen_values = true,
        conflicts_with = "disable"
    )]
    pub length: Option<String>,
    /// Warning before the session ends, shorter than the length; 0 for none
    #[arg(
        long,
        value_name = "DUR",
        allow_hyphen_values = true,
        conflicts_with = "disable"
    )]
    pub warning: Option<String>,
    /// Turn the custom session timeout off (values are kept)
    #[arg(long)]
    pub disable: bool,
}

#[derive(Debug, Args)]
pub struct SetInactivityArgs {
    /// The environment's name
    #[arg(id = "env_name", value_name = "NAME")]
    pub name: String,
    /// Sign out after this long without activity, at least 5m
    #[arg(
        long,
        value_name = "DUR",
        allow_hyphen_values = true,
        conflicts_with = "disable"
    )]
    pub after: Option<String>,
    /// Warning before the inactivity sign-out, shorter than it; 0 for none
    #[arg(
        long,
        value_name = "DUR",
        allow_hyphen_values = true,
        conflicts_with = "disable"
    )]
    pub warning: Option<String>,
    /// Turn the inactivity timeout off (values are kept)
    #[arg(long)]
    pub disable: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only this environment (its current or an earlier name)
    #[arg(id = "env_name", value_name = "NAME")]
    pub name: Option<String>,
    /// At most this many changes
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
}

#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Show the token lifetime and the policy check interval
    ///
    /// Example:
    ///   sessadm tenant show -o json
    #[command(verbatim_doc_comment)]
    Show,
    /// Set the token lifetime (1h–365d)
    ///
    /// The time from an interactive sign-in after which Microsoft Entra ID
    /// requires credentials again (S1). At a terminal a missing value is
    /// asked for.
    ///
    /// Example:
    ///   sessadm tenant set --token-lifetime 30d
    #[command(verbatim_doc_comment)]
    Set(TenantSetArgs),
}

#[derive(Debug, Args)]
pub struct TenantSetArgs {
    /// Token lifetime, 1h–365d (e.g. 90d, 24h)
    #[arg(long, value_name = "DUR", allow_hyphen_values = true)]
    pub token_lifetime: Option<String>,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Scenario file (.toml, .json or .csv), or - for stdin
    #[arg(value_name = "SCENARIO", value_hint = ValueHint::FilePath)]
    pub scenario: PathBuf,
    /// Take the environment (and the tenant) from the database
    #[arg(long, value_name = "NAME")]
    pub env: Option<String>,
    /// Stop here: an RFC 3339 time, or +offset from the scenario's start
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// An activity while signed out signs the user in again (counted)
    #[arg(long)]
    pub auto_sign_in: bool,
    /// The scenario's format (default: from its extension; needed for -)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// Output format; overrides -o
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<SimFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    Toml,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SimFormat {
    /// Outcomes in time order, then a summary
    Table,
    /// One document: environment, outcomes, summary
    Json,
    /// One outcome per line as it happens, then the summary line
    Jsonl,
    /// One self-contained page: settings, summary and a timeline picture
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WhatifFormat {
    /// The side-by-side table
    Table,
    /// One document: both sides, the difference, the population
    Json,
    /// One self-contained page: the table, charts and compliance
    Html,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Only these environments (default: all)
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
    /// What to write [default: toml, or json with -o json]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ExportFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A policy file in TOML
    Toml,
    /// A policy file in JSON
    Json,
    /// Dataverse Web API organization bodies
    Dataverse,
    /// A POSIX sh script of pac commands
    Pac,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Policy files (.toml or .json), or - for stdin
    #[arg(value_name = "FILE", required = true, value_hint = ValueHint::FilePath)]
    pub files: Vec<PathBuf>,
    /// The files' format (default: from the extension; for -, JSON when it
    /// starts with `{`, else TOML)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<PolicyFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyFormat {
    Toml,
    Json,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The policy file (.toml or .json), or - for stdin
    #[arg(value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub file: PathBuf,
    /// The file's format (default: from the extension; for -, JSON when it
    /// starts with `{`, else TOML)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<PolicyFormat>,
    /// Show the plan, change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Also delete environments the file does not name (asks, or --yes)
    #[arg(long)]
    pub prune: bool,
    /// With --dry-run: exit 5 when there are changes, 0 when none
    #[arg(long, requires = "dry_run")]
    pub exit_code: bool,
}

/// Options of the commands that talk to the live tenant.
#[derive(Debug, Args)]
pub struct LiveArgs {
    /// Environments at a time (1–52: Dataverse refuses more concurrent requests per user)
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=52))]
    pub jobs: u16,
    /// Time allowed for each request, e.g. 30s, 2m
    #[arg(long, value_name = "DUR", default_value = "30s", value_parser = parse_timeout)]
    pub timeout: u64,
    /// The credential to use [default: the first configured]; else $SESSADM_AUTH
    #[arg(long, value_enum, value_name = "KIND")]
    pub auth: Option<AuthKind>,
}

/// `--timeout`: a duration in seconds, more than zero.
fn parse_timeout(s: &str) -> Result<u64, String> {
    match crate::duration::parse_offset_seconds(s, "--timeout") {
        Ok(n) if n > 0 => u64::try_from(n).map_err(|e| e.to_string()),
        Ok(_) => Err("the timeout must be longer than zero, e.g. 30s".into()),
        Err(v) => Err(v.text()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuthKind {
    /// AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET
    Secret,
    /// AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE or GitHub Actions' OIDC
    Federated,
    /// The account az login signed in
    AzureCli,
}

#[derive(Debug, Args)]
pub struct DiscoverArgs {
    /// Show what would be added or updated, change nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub live: LiveArgs,
}

#[derive(Debug, Args)]
pub struct PullArgs {
    /// Only these environments (default: every one with a URL)
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
    /// Show what would change, change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// With --dry-run: exit 5 when the live service differs from the inventory
    #[arg(long, requires = "dry_run")]
    pub exit_code: bool,
    #[command(flatten)]
    pub live: LiveArgs,
}

#[derive(Debug, Args)]
pub struct PushArgs {
    /// Only these environments (default: every one with a URL)
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
    /// Show what would change, change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// With --dry-run: exit 5 when changes are pending
    #[arg(long, requires = "dry_run")]
    pub exit_code: bool,
    #[command(flatten)]
    pub live: LiveArgs,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A Dataverse organizations response (JSON)
    #[arg(value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub file: PathBuf,
    /// The environment to set (default: the organization's name)
    #[arg(long, value_name = "NAME")]
    pub env: Option<String>,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only these environments (default: all)
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
    /// Only these baselines (default: all); repeat for several
    #[arg(long = "baseline", value_enum, ignore_case = true, value_name = "ID")]
    pub baselines: Vec<BaselineId>,
    /// Warnings (SHOULD) fail the audit too
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BaselineId {
    #[value(name = "pci-dss-4.0")]
    PciDss40,
    #[value(name = "hipaa")]
    Hipaa,
    #[value(name = "nist-800-63b-3-aal2")]
    Nist3Aal2,
    #[value(name = "nist-800-63b-3-aal3")]
    Nist3Aal3,
    #[value(name = "nist-800-63b-4-aal2")]
    Nist4Aal2,
    #[value(name = "nist-800-63b-4-aal3")]
    Nist4Aal3,
    #[value(name = "asvs-4.0.3-l2")]
    Asvs2,
    #[value(name = "asvs-4.0.3-l3")]
    Asvs3,
}

#[derive(Debug, Args)]
pub struct WhatifArgs {
    /// The environment whose current settings are compared
    #[arg(long, value_name = "NAME")]
    pub env: String,
    /// The proposal as a policy file (the environment's entry, and [tenant])
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, conflicts_with_all = [
        "session_length", "no_session_length", "session_warning", "no_session_warning",
        "inactivity", "no_inactivity", "inactivity_warning", "no_inactivity_warning",
        "token_lifetime", "no_token_lifetime"])]
    pub propose: Option<PathBuf>,
    /// Proposed custom session timeout (turns it on)
    #[arg(long, value_name = "DUR", allow_hyphen_values = true)]
    pub session_length: Option<String>,
    /// Proposal: no custom session timeout
    #[arg(long, conflicts_with = "session_length")]
    pub no_session_length: bool,
    /// Proposed warning before the session ends
    #[arg(long, value_name = "DUR", allow_hyphen_values = true)]
    pub session_warning: Option<String>,
    /// Proposal: no session warning
    #[arg(long, conflicts_with = "session_warning")]
    pub no_session_warning: bool,
    /// Proposed inactivity timeout (turns it on)
    #[arg(long, value_name = "DUR", allow_hyphen_values = true)]
    pub inactivity: Option<String>,
    /// Proposal: no inactivity timeout
    #[arg(long, conflicts_with = "inactivity")]
    pub no_inactivity: bool,
    /// Proposed warning before the inactivity sign-out
    #[arg(long, value_name = "DUR", allow_hyphen_values = true)]
    pub inactivity_warning: Option<String>,
    /// Proposal: no inactivity warning
    #[arg(long, conflicts_with = "inactivity_warning")]
    pub no_inactivity_warning: bool,
    /// Proposed token lifetime
    #[arg(long, value_name = "DUR", allow_hyphen_values = true)]
    pub token_lifetime: Option<String>,
    /// Proposal: the default token lifetime (90d)
    #[arg(long, conflicts_with = "token_lifetime")]
    pub no_token_lifetime: bool,
    /// Generated users
    #[arg(long, value_name = "N", default_value_t = 1000,
          value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub users: u64,
    /// Working days of each generated user
    #[arg(long, value_name = "D", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=366))]
    pub days: u32,
    /// How the generated users work
    #[arg(long, value_enum, value_name = "PROFILE", default_value_t = ProfileArg::Office)]
    pub profile: ProfileArg,
    /// Seed of the generated population
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Replay a real timeline (CSV of `simulate`) instead of generating one
    #[arg(long, value_name = "FILE.csv", value_hint = ValueHint::FilePath,
          conflicts_with_all = ["users", "days", "profile", "seed"])]
    pub replay: Option<PathBuf>,
    /// What one interactive sign-in costs a user
    #[arg(
        long,
        value_name = "DUR",
        allow_hyphen_values = true,
        default_value = "30s"
    )]
    pub sign_in_cost: String,
    /// Threads to run on [default: the machine's cores]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=256))]
    pub threads: Option<u64>,
    /// Replay: an activity while signed out signs the user in again
    #[arg(long, requires = "replay")]
    pub auto_sign_in: bool,
    /// Output format; overrides -o
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<WhatifFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// Weekdays 08:30–17:00, lunch, meetings, breaks; mostly web
    Office,
    /// 8-hour shifts around the clock, 5 days on, 2 off
    Shift,
    /// Field workers: mostly mobile, long gaps between visits
    Field,
    /// Contact centre agents: busy all day on the web or USD
    ContactCenter,
    /// A mix of the four
    Mixed,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Show only this rule (e.g. V4, S9)
    #[arg(value_name = "ID")]
    pub id: Option<String>,
}
