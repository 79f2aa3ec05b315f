
use builtin;
use str;

set edit:completion:arg-completer[sessadm] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'sessadm'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'sessadm'= {
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand env 'Manage environments and their session settings'
            cand tenant 'Show or set the identity-provider (Microsoft Entra ID) settings'
            cand simulate 'Simulate a user''s timeline: when they are warned, signed out, and why'
            cand export 'Write the inventory as a policy file, Dataverse bodies or a pac script'
            cand validate 'Check policy files without a database'
            cand apply 'Make the inventory match a policy file, in one transaction'
            cand import-dataverse 'Set an environment''s settings from a Dataverse organizations response'
            cand audit 'Check environments against compliance baselines'
            cand whatif 'Compare what the current settings and a proposal cost a population'
            cand discover 'Add the tenant''s Dataverse environments to the inventory'
            cand pull 'Make the inventory match the live service''s session settings'
            cand push 'Make the live service match the inventory''s session settings'
            cand db 'Check the database: the file''s integrity and sessadm''s own invariants'
            cand completions 'Print the completion script for a shell'
            cand man 'Print the man page (roff)'
            cand rules 'List the rules: validation V1–V9 and simulation S1–S13, with sources'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessadm;env'= {
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Create an environment with default settings'
            cand list 'List all environments with their effective settings'
            cand show 'Show one environment: all fields and settings'
            cand update 'Change an environment''s URL, version, description or name'
            cand remove 'Delete an environment (its history is kept)'
            cand set-timeout 'Turn the custom session timeout on with a length and warning, or off'
            cand set-inactivity 'Turn the inactivity timeout on with a duration and warning, or off'
            cand history 'Show who changed what, newest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessadm;env;add'= {
            cand --url 'Its https:// URL'
            cand --version 'Its version, e.g. 9.2.24034.205 (absent: current)'
            cand --description 'Free text, at most 500 characters'
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;env;list'= {
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;env;show'= {
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;env;update'= {
            cand --url 'New https:// URL ("" clears it)'
            cand --version 'New version ("" clears it: current)'
            cand --description 'New description ("" clears it)'
            cand --rename 'New name'
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;env;remove'= {
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;env;set-timeout'= {
            cand --length 'Session length, 1h–24h (e.g. 8h, 90, 1h30m)'
            cand --warning 'Warning before the session ends, shorter than the length; 0 for none'
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --disable 'Turn the custom session timeout off (values are kept)'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;env;set-inactivity'= {
            cand --after 'Sign out after this long without activity, at least 5m'
            cand --warning 'Warning before the inactivity sign-out, shorter than it; 0 for none'
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --disable 'Turn the inactivity timeout off (values are kept)'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;env;history'= {
            cand --limit 'At most this many changes'
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;env;help'= {
            cand add 'Create an environment with default settings'
            cand list 'List all environments with their effective settings'
            cand show 'Show one environment: all fields and settings'
            cand update 'Change an environment''s URL, version, description or name'
            cand remove 'Delete an environment (its history is kept)'
            cand set-timeout 'Turn the custom session timeout on with a length and warning, or off'
            cand set-inactivity 'Turn the inactivity timeout on with a duration and warning, or off'
            cand history 'Show who changed what, newest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessadm;env;help;add'= {
        }
        &'sessadm;env;help;list'= {
        }
        &'sessadm;env;help;show'= {
        }
        &'sessadm;env;help;update'= {
        }
        &'sessadm;env;help;remove'= {
        }
        &'sessadm;env;help;set-timeout'= {
        }
        &'sessadm;env;help;set-inactivity'= {
        }
        &'sessadm;env;help;history'= {
        }
        &'sessadm;env;help;help'= {
        }
        &'sessadm;tenant'= {
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand show 'Show the token lifetime and the policy check interval'
            cand set 'Set the token lifetime (1h–365d)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessadm;tenant;show'= {
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;tenant;set'= {
            cand --token-lifetime 'Token lifetime, 1h–365d (e.g. 90d, 24h)'
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;tenant;help'= {
            cand show 'Show the token lifetime and the policy check interval'
            cand set 'Set the token lifetime (1h–365d)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessadm;tenant;help;show'= {
        }
        &'sessadm;tenant;help;set'= {
        }
        &'sessadm;tenant;help;help'= {
        }
        &'sessadm;simulate'= {
            cand --env 'Take the environment (and the tenant) from the database'
            cand --until 'Stop here: an RFC 3339 time, or +offset from the scenario''s start'
            cand --input-format 'The scenario''s format (default: from its extension; needed for -)'
            cand --format 'Output format; overrides -o'
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --auto-sign-in 'An activity while signed out signs the user in again (counted)'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;export'= {
            cand --format 'What to write [default: toml, or json with -o json]'
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;validate'= {
            cand --input-format 'The files'' format (default: from the extension; for -, JSON when it starts with `{`, else TOML)'
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;apply'= {
            cand --input-format 'The file''s format (default: from the extension; for -, JSON when it starts with `{`, else TOML)'
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --dry-run 'Show the plan, change nothing'
            cand --prune 'Also delete environments the file does not name (asks, or --yes)'
            cand --exit-code 'With --dry-run: exit 5 when there are changes, 0 when none'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;import-dataverse'= {
            cand --env 'The environment to set (default: the organization''s name)'
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;audit'= {
            cand --baseline 'Only these baselines (default: all); repeat for several'
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --strict 'Warnings (SHOULD) fail the audit too'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;whatif'= {
            cand --env 'The environment whose current settings are compared'
            cand --propose 'The proposal as a policy file (the environment''s entry, and [tenant])'
            cand --session-length 'Proposed custom session timeout (turns it on)'
            cand --session-warning 'Proposed warning before the session ends'
            cand --inactivity 'Proposed inactivity timeout (turns it on)'
            cand --inactivity-warning 'Proposed warning before the inactivity sign-out'
            cand --token-lifetime 'Proposed token lifetime'
            cand --users 'Generated users'
            cand --days 'Working days of each generated user'
            cand --profile 'How the generated users work'
            cand --seed 'Seed of the generated population'
            cand --replay 'Replay a real timeline (CSV of `simulate`) instead of generating one'
            cand --sign-in-cost 'What one interactive sign-in costs a user'
            cand --threads 'Threads to run on [default: the machine''s cores]'
            cand --format 'Output format; overrides -o'
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --no-session-length 'Proposal: no custom session timeout'
            cand --no-session-warning 'Proposal: no session warning'
            cand --no-inactivity 'Proposal: no inactivity timeout'
            cand --no-inactivity-warning 'Proposal: no inactivity warning'
            cand --no-token-lifetime 'Proposal: the default token lifetime (90d)'
            cand --auto-sign-in 'Replay: an activity while signed out signs the user in again'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;discover'= {
            cand --jobs 'Environments at a time (1–52: Dataverse refuses more concurrent requests per user)'
            cand --timeout 'Time allowed for each request, e.g. 30s, 2m'
            cand --auth 'The credential to use [default: the first configured]; else $SESSADM_AUTH'
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --dry-run 'Show what would be added or updated, change nothing'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;pull'= {
            cand --jobs 'Environments at a time (1–52: Dataverse refuses more concurrent requests per user)'
            cand --timeout 'Time allowed for each request, e.g. 30s, 2m'
            cand --auth 'The credential to use [default: the first configured]; else $SESSADM_AUTH'
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --dry-run 'Show what would change, change nothing'
            cand --exit-code 'With --dry-run: exit 5 when the live service differs from the inventory'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;push'= {
            cand --jobs 'Environments at a time (1–52: Dataverse refuses more concurrent requests per user)'
            cand --timeout 'Time allowed for each request, e.g. 30s, 2m'
            cand --auth 'The credential to use [default: the first configured]; else $SESSADM_AUTH'
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --dry-run 'Show what would change, change nothing'
            cand --exit-code 'With --dry-run: exit 5 when changes are pending'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;db'= {
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand check 'Check the file''s integrity and sessadm''s invariants (read-only)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessadm;db;check'= {
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;db;help'= {
            cand check 'Check the file''s integrity and sessadm''s invariants (read-only)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessadm;db;help;check'= {
        }
        &'sessadm;db;help;help'= {
        }
        &'sessadm;completions'= {
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;man'= {
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;rules'= {
            cand --db 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]'
            cand -o 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --output 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]'
            cand --yes 'Answer yes to confirmations'
            cand -q 'Print only results and errors: no notes, no tables of what changed'
            cand --quiet 'Print only results and errors: no notes, no tables of what changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessadm;help'= {
            cand env 'Manage environments and their session settings'
            cand tenant 'Show or set the identity-provider (Microsoft Entra ID) settings'
            cand simulate 'Simulate a user''s timeline: when they are warned, signed out, and why'
            cand export 'Write the inventory as a policy file, Dataverse bodies or a pac script'
            cand validate 'Check policy files without a database'
            cand apply 'Make the inventory match a policy file, in one transaction'
            cand import-dataverse 'Set an environment''s settings from a Dataverse organizations response'
            cand audit 'Check environments against compliance baselines'
            cand whatif 'Compare what the current settings and a proposal cost a population'
            cand discover 'Add the tenant''s Dataverse environments to the inventory'
            cand pull 'Make the inventory match the live service''s session settings'
            cand push 'Make the live service match the inventory''s session settings'
            cand db 'Check the database: the file''s integrity and sessadm''s own invariants'
            cand completions 'Print the completion script for a shell'
            cand man 'Print the man page (roff)'
            cand rules 'List the rules: validation V1–V9 and simulation S1–S13, with sources'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessadm;help;env'= {
            cand add 'Create an environment with default settings'
            cand list 'List all environments with their effective settings'
            cand show 'Show one environment: all fields and settings'
            cand update 'Change an environment''s URL, version, description or name'
            cand remove 'Delete an environment (its history is kept)'
            cand set-timeout 'Turn the custom session timeout on with a length and warning, or off'
            cand set-inactivity 'Turn the inactivity timeout on with a duration and warning, or off'
            cand history 'Show who changed what, newest first'
        }
        &'sessadm;help;env;add'= {
        }
        &'sessadm;help;env;list'= {
        }
        &'sessadm;help;env;show'= {
        }
        &'sessadm;help;env;update'= {
        }
        &'sessadm;help;env;remove'= {
        }
        &'sessadm;help;env;set-timeout'= {
        }
        &'sessadm;help;env;set-inactivity'= {
        }
        &'sessadm;help;env;history'= {
        }
        &'sessadm;help;tenant'= {
            cand show 'Show the token lifetime and the policy check interval'
            cand set 'Set the token lifetime (1h–365d)'
        }
        &'sessadm;help;tenant;show'= {
        }
        &'sessadm;help;tenant;set'= {
        }
        &'sessadm;help;simulate'= {
        }
        &'sessadm;help;export'= {
        }
        &'sessadm;help;validate'= {
        }
        &'sessadm;help;apply'= {
        }
        &'sessadm;help;import-dataverse'= {
        }
        &'sessadm;help;audit'= {
        }
        &'sessadm;help;whatif'= {
        }
        &'sessadm;help;discover'= {
        }
        &'sessadm;help;pull'= {
        }
        &'sessadm;help;push'= {
        }
        &'sessadm;help;db'= {
            cand check 'Check the file''s integrity and sessadm''s invariants (read-only)'
        }
        &'sessadm;help;db;check'= {
        }
        &'sessadm;help;completions'= {
        }
        &'sessadm;help;man'= {
        }
        &'sessadm;help;rules'= {
        }
        &'sessadm;help;help'= {
        }
    ]
    $completions[$command]
}
