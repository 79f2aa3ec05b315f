//! The man page, sessadm(1): clap_mangen's sections from the clap
//! definition, a COMMANDS section covering every subcommand, and
//! hand-written sections (DESCRIPTION details, EXAMPLES, EXIT STATUS,
//! ENVIRONMENT, FILES) in man(7) roff.

use std::io::Write;

use clap::{Command, CommandFactory};
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};

use crate::cli::Cli;

/// The date on the page: fixed, so the page is the same on every build.
const DATE: &str = "2026-11-23";

/// Exactly what `sessadm man` prints.
pub fn page() -> String {
    let mut cmd = Cli::command();
    cmd.build();
    let man = Man::new(cmd.clone())
        .title("SESSADM")
        .section("1")
        .date(DATE)
        .source(format!("sessadm {}", env!("CARGO_PKG_VERSION")))
        .manual("User Commands");
    let mut out = Vec::new();
    let rendered: std::io::Result<()> = (|| {
        man.render_title(&mut out)?;
        man.render_name_section(&mut out)?;
        man.render_synopsis_section(&mut out)?;
        man.render_description_section(&mut out)?;
        out.write_all(DESCRIPTION_MORE.as_bytes())?;
        man.render_options_section(&mut out)?;
        out.write_all(commands(&cmd).to_roff().as_bytes())?;
        out.write_all(SECTIONS.as_bytes())?;
        man.render_version_section(&mut out)
    })();
    // Writing to a Vec cannot fail; render what there is.
    let _ = rendered;
    tidy(&String::from_utf8_lossy(&out))
}

/// One subsection per command with its usage, description and options, so
/// the page stands on its own.
fn commands(cmd: &Command) -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    walk(&mut roff, cmd);
    roff
}

fn walk(roff: &mut Roff, cmd: &Command) {
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        if sub.has_subcommands() {
            walk(roff, sub);
            continue;
        }
        let name = sub.get_bin_name().unwrap_or(sub.get_name()).to_owned();
        roff.control("SS", [name.as_str()]);
        let usage = sub.clone().render_usage().to_string();
        let usage = usage.trim_start_matches("Usage: ").trim().to_string();
        roff.text([bold(usage)]);
        if let Some(about) = sub.get_long_about().or(sub.get_about()) {
            for (i, para) in about.to_string().split("\n\n").enumerate() {
                if para.trim_start().starts_with("Example:") {
                    roff.control("PP", []);
                    let mut lines = para.lines();
                    roff.text([italic(
                        lines.next().unwrap_or("Example:").trim().to_string(),
                    )]);
                    roff.control("RS", ["4"]);
                    for l in lines {
                        roff.control("br", []);
                        roff.text([roman(l.trim().to_string())]);
                    }
                    roff.control("RE", []);
                } else {
                    if i > 0 || !para.is_empty() {
                        roff.control("PP", []);
                    }
                    roff.text([roman(para.split_whitespace().collect::<Vec<_>>().join(" "))]);
                }
            }
        }
        for arg in sub.get_arguments().filter(|a| {
            !a.is_hide_set()
                && !a.is_global_set()
                && !matches!(a.get_id().as_str(), "help" | "version")
        }) {
            let mut head = Vec::new();
            if let Some(s) = arg.get_short() {
                head.push(bold(format!("-{s}")));
                if arg.get_long().is_some() {
                    head.push(roman(", "));
                }
            }
            if let Some(l) = arg.get_long() {
                head.push(bold(format!("--{l}")));
            }
            if arg.get_action().takes_values() {
                let v = arg
                    .get_value_names()
                    .map(|v| v.join(" "))
                    .unwrap_or_default();
                if !head.is_empty() {
                    head.push(roman(" "));
                }
                head.push(italic(v));
            }
            roff.control("TP", []);
            roff.text(head);
            if let Some(h) = arg.get_long_help().or(arg.get_help()) {
                roff.text([roman(h.to_string())]);
            }
        }
    }
}

const DESCRIPTION_MORE: &str = r#".PP
Settings follow the Privacy + Security page of an environment: a custom
session timeout of 1 to 24 hours with a warning before it ends, and an
inactivity timeout of at least 5 minutes, shorter than the session. Every
value that enters sessadm is checked against rules V1\(enV9, and every
simulated outcome names the rule S1\(enS13 that causes it;
.B sessadm rules
shows each with the sentence of the product documentation it comes from and
the page that says it: its title, the product and version it covers, and its
address where the page gives one.
.PP
Durations are minutes
.RB ( 90 )
or d/h/m units in that order
.RB ( 1h30m ,
.BR 24h ,
.BR 90d );
times are RFC 3339 with any offset and are printed in UTC.
.PP
With
.BR "\-o json" ,
every command prints one JSON document on stdout, and errors come as one
JSON object on stderr with nothing on stdout. Without a terminal sessadm never
asks a question: a command that would ask fails with exit status 2 and names
the flag to pass.
"#;

const SECTIONS: &str = r#".SH PROFILES
.B sessadm whatif
generates users who work as one of these profiles, from a seed: the same
seed always gives the same users and the same numbers. Times are UTC. Each
day starts with an activity (the first day with an interactive sign-in);
an activity while signed out is an interactive sign-in.
.TP
.B office
Monday to Friday, 08:30 \(+- 30m to about 17:00; lunch around 12:00 for
30\(en60m, 1\(en3 meetings of 30\(en60m and 2 breaks of 10\(en20m without
activity; active every 4 minutes or so. Clients: 80% web, 15% Outlook, 5%
mobile; 50% choose \(lqstay signed in\(rq; 30% sign out at the end of the day.
.TP
.B shift
Five days on, two off, from any day of the week; 8-hour shifts from 06:00,
14:00 or 22:00; a 30-minute meal and 2 breaks of 15 minutes; active every
2 minutes or so. 90% web, 10% mobile; 30% stay signed in; 50% sign out.
.TP
.B field
Monday to Friday, 07:00 \(+- 45m, 9 hours; 2\(en4 stretches of 30\(en90
minutes on the road and a 30-minute lunch; active every 6 minutes or so.
70% mobile, 20% web, 10% Outlook; 80% stay signed in; 10% sign out.
.TP
.B contact\-center
Monday to Friday, 09:00 \(+- 15m, 8 hours; a 30-minute lunch and 3 breaks of
10\(en15 minutes; active every minute or so. 95% web, 5% Unified Service Desk
with Internet Explorer; 20% stay signed in; 60% sign out.
.TP
.B mixed
Each user one of the four: 50% office, 20% shift, 15% field, 15%
contact\-center.
.SH EXAMPLES
Set an 8-hour custom session timeout with a 20-minute warning:
.PP
.RS 4
.EX
sessadm env set\-timeout contoso\-prod \-\-length 8h \-\-warning 20m
.EE
.RE
.PP
Simulate a scenario and see when the user is warned and signed out:
.PP
.RS 4
.EX
sessadm simulate examples/workday.toml
sessadm simulate signins.csv \-\-env contoso\-prod \-\-format jsonl
.EE
.RE
.PP
Apply a policy kept in git, from CI: fail on invalid files, report pending
changes with exit status 5, then apply:
.PP
.RS 4
.EX
sessadm validate policy.toml
sessadm apply policy.toml \-\-dry\-run \-\-exit\-code
sessadm apply policy.toml \-\-yes
.EE
.RE
.PP
Weigh a stricter inactivity timeout for 5,000 users of mixed profiles:
.PP
.RS 4
.EX
sessadm whatif \-\-env contoso\-prod \-\-inactivity 15m \-\-users 5000 \-\-profile mixed
.EE
.RE
.PP
Audit every environment against PCI DSS and HIPAA:
.PP
.RS 4
.EX
sessadm audit \-\-baseline pci\-dss\-4.0 \-\-baseline hipaa
.EE
.RE
.SH EXIT STATUS
.TP
.B 0
Success.
.TP
.B 1
Runtime failure: I/O, or the database (locked, damaged, newer than this
sessadm, not a sessadm database, or missing for a command that only reads);
also a declined confirmation (nothing was changed).
.TP
.B 2
Usage error: bad flags, or a question to ask without a terminal.
.TP
.B 3
Invalid input: a rule broken, a malformed value, scenario or policy file.
.TP
.B 4
Not found: an unknown environment or rule.
.TP
.B 5
Changes pending
.RB ( "apply \-\-dry\-run \-\-exit\-code" ).
.TP
.B 6
Checks failed:
.B audit
found a SHALL not met (or a SHOULD, with
.BR \-\-strict ).
.SH ENVIRONMENT
.TP
.B SESSADM_DB
The database file, as
.BR \-\-db .
.TP
.B SESSADM_OUTPUT
.B table
or
.BR json ,
as
.BR \-o .
.TP
.B SESSADM_BUSY_TIMEOUT
How long a change waits for another process writing the same database
(default
.BR 30s ;
e.g.
.BR 5s ,
.BR 2m ).
At a terminal sessadm says it is waiting after two seconds.
.TP
.B SESSADM_ACTOR
Who is recorded in the history as making a change; by default the account
sessadm runs as.
.TP
.B SESSADM_AUTH
The credential of
.BR discover ,
.B pull
and
.BR push ,
as
.BR \-\-auth :
.BR secret ,
.B federated
or
.BR azure\-cli .
By default the first that is configured, in that order.
.TP
.B AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET
The application (service principal) and its client secret. Secrets are read
only from the environment or files, never from flags, and never printed.
.TP
.B AZURE_FEDERATED_TOKEN_FILE
A file holding a federated (workload identity) token, used instead of a
secret.
.TP
.B ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN
Set by GitHub Actions with
.BR "id\-token: write" :
the federated token is requested from them.
.TP
.B AZURE_AUTHORITY_HOST
The Microsoft Entra ID authority (default
.BR https://login.microsoftonline.com ).
.TP
.B SESSADM_BAP_URL
The Power Platform admin API (default
.BR https://api.bap.microsoft.com ).
Plain http:// is refused for every endpoint unless its host is loopback.
.TP
.B HTTPS_PROXY, NO_PROXY
The proxy for the live tenant's requests, and the hosts that bypass it.
TLS uses the platform's certificate store.
.TP
.B NO_COLOR
When set and not empty, no colour, even on a terminal.
.TP
.B XDG_DATA_HOME
Where the default database lives.
.SH FILES
.TP
.I $XDG_DATA_HOME/sessadm/sessadm.db
The default database
.RI ( ~/.local/share/sessadm/sessadm.db
without XDG_DATA_HOME), created on first use, readable by its owner only,
in a directory created 0700. A command that changes something creates it; a
command that only reads never does, and fails (exit 1) when it is missing.
sessadm refuses a database path that is a symbolic link or not a regular
file, a file owned by another user or writable by group or others, and a
directory others can write (unless sticky, like
.IR /tmp ;
never for the default directory).
.SH SEE ALSO
.BR sqlite3 (1),
.BR pac (1)
"#;

/// Make clap_mangen's output pass `mandoc -T lint -W error`, and more:
/// no trailing blanks, no `.br` next to a blank line.
fn tidy(roff: &str) -> String {
    let lines: Vec<&str> = roff.lines().map(str::trim_end).collect();
    let mut out = String::with_capacity(roff.len());
    for (i, line) in lines.iter().enumerate() {
        let prev_blank = i > 0 && lines[i - 1].is_empty();
        let next_blank = lines.get(i + 1).is_some_and(|l| l.is_empty());
        if *line == ".br" && (prev_blank || next_blank) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
