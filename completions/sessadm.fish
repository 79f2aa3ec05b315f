# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_sessadm_global_optspecs
    string join \n db= o/output= yes q/quiet h/help V/version
end

function __fish_sessadm_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_sessadm_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_sessadm_using_subcommand
    set -l cmd (__fish_sessadm_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c sessadm -n "__fish_sessadm_needs_command" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_needs_command" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_needs_command" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_needs_command" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_needs_command" -s V -l version -d 'Print version'
complete -c sessadm -n "__fish_sessadm_needs_command" -f -a "env" -d 'Manage environments and their session settings'
complete -c sessadm -n "__fish_sessadm_needs_command" -f -a "tenant" -d 'Show or set the identity-provider (Microsoft Entra ID) settings'
complete -c sessadm -n "__fish_sessadm_needs_command" -f -a "simulate" -d 'Simulate a user\'s timeline: when they are warned, signed out, and why'
complete -c sessadm -n "__fish_sessadm_needs_command" -f -a "export" -d 'Write the inventory as a policy file, Dataverse bodies or a pac script'
complete -c sessadm -n "__fish_sessadm_needs_command" -f -a "validate" -d 'Check policy files without a database'
complete -c sessadm -n "__fish_sessadm_needs_command" -f -a "apply" -d 'Make the inventory match a policy file, in one transaction'
complete -c sessadm -n "__fish_sessadm_needs_command" -f -a "import-dataverse" -d 'Set an environment\'s settings from a Dataverse organizations response'
complete -c sessadm -n "__fish_sessadm_needs_command" -f -a "audit" -d 'Check environments against compliance baselines'
complete -c sessadm -n "__fish_sessadm_needs_command" -f -a "whatif" -d 'Compare what the current settings and a proposal cost a population'
complete -c sessadm -n "__fish_sessadm_needs_command" -f -a "discover" -d 'Add the tenant\'s Dataverse environments to the inventory'
complete -c sessadm -n "__fish_sessadm_needs_command" -f -a "pull" -d 'Make the inventory match the live service\'s session settings'
complete -c sessadm -n "__fish_sessadm_needs_command" -f -a "push" -d 'Make the live service match the inventory\'s session settings'
complete -c sessadm -n "__fish_sessadm_needs_command" -f -a "db" -d 'Check the database: the file\'s integrity and sessadm\'s own invariants'
complete -c sessadm -n "__fish_sessadm_needs_command" -f -a "completions" -d 'Print the completion script for a shell'
complete -c sessadm -n "__fish_sessadm_needs_command" -f -a "man" -d 'Print the man page (roff)'
complete -c sessadm -n "__fish_sessadm_needs_command" -f -a "rules" -d 'List the rules: validation V1–V9 and simulation S1–S13, with sources'
complete -c sessadm -n "__fish_sessadm_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and not __fish_seen_subcommand_from add list show update remove set-timeout set-inactivity history help" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and not __fish_seen_subcommand_from add list show update remove set-timeout set-inactivity history help" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and not __fish_seen_subcommand_from add list show update remove set-timeout set-inactivity history help" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and not __fish_seen_subcommand_from add list show update remove set-timeout set-inactivity history help" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and not __fish_seen_subcommand_from add list show update remove set-timeout set-inactivity history help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and not __fish_seen_subcommand_from add list show update remove set-timeout set-inactivity history help" -f -a "add" -d 'Create an environment with default settings'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and not __fish_seen_subcommand_from add list show update remove set-timeout set-inactivity history help" -f -a "list" -d 'List all environments with their effective settings'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and not __fish_seen_subcommand_from add list show update remove set-timeout set-inactivity history help" -f -a "show" -d 'Show one environment: all fields and settings'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and not __fish_seen_subcommand_from add list show update remove set-timeout set-inactivity history help" -f -a "update" -d 'Change an environment\'s URL, version, description or name'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and not __fish_seen_subcommand_from add list show update remove set-timeout set-inactivity history help" -f -a "remove" -d 'Delete an environment (its history is kept)'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and not __fish_seen_subcommand_from add list show update remove set-timeout set-inactivity history help" -f -a "set-timeout" -d 'Turn the custom session timeout on with a length and warning, or off'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and not __fish_seen_subcommand_from add list show update remove set-timeout set-inactivity history help" -f -a "set-inactivity" -d 'Turn the inactivity timeout on with a duration and warning, or off'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and not __fish_seen_subcommand_from add list show update remove set-timeout set-inactivity history help" -f -a "history" -d 'Show who changed what, newest first'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and not __fish_seen_subcommand_from add list show update remove set-timeout set-inactivity history help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from add" -l url -d 'Its https:// URL' -r -f
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from add" -l version -d 'Its version, e.g. 9.2.24034.205 (absent: current)' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from add" -l description -d 'Free text, at most 500 characters' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from add" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from add" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from add" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from list" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from list" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from list" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from show" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from show" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from show" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from update" -l url -d 'New https:// URL ("" clears it)' -r -f
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from update" -l version -d 'New version ("" clears it: current)' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from update" -l description -d 'New description ("" clears it)' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from update" -l rename -d 'New name' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from update" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from update" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from update" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from remove" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from remove" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from remove" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from set-timeout" -l length -d 'Session length, 1h–24h (e.g. 8h, 90, 1h30m)' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from set-timeout" -l warning -d 'Warning before the session ends, shorter than the length; 0 for none' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from set-timeout" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from set-timeout" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from set-timeout" -l disable -d 'Turn the custom session timeout off (values are kept)'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from set-timeout" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from set-timeout" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from set-timeout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from set-inactivity" -l after -d 'Sign out after this long without activity, at least 5m' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from set-inactivity" -l warning -d 'Warning before the inactivity sign-out, shorter than it; 0 for none' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from set-inactivity" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from set-inactivity" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from set-inactivity" -l disable -d 'Turn the inactivity timeout off (values are kept)'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from set-inactivity" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from set-inactivity" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from set-inactivity" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from history" -l limit -d 'At most this many changes' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from history" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from history" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from history" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "add" -d 'Create an environment with default settings'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "list" -d 'List all environments with their effective settings'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one environment: all fields and settings'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change an environment\'s URL, version, description or name'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Delete an environment (its history is kept)'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "set-timeout" -d 'Turn the custom session timeout on with a length and warning, or off'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "set-inactivity" -d 'Turn the inactivity timeout on with a duration and warning, or off'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "history" -d 'Show who changed what, newest first'
complete -c sessadm -n "__fish_sessadm_using_subcommand env; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and not __fish_seen_subcommand_from show set help" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and not __fish_seen_subcommand_from show set help" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and not __fish_seen_subcommand_from show set help" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and not __fish_seen_subcommand_from show set help" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and not __fish_seen_subcommand_from show set help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and not __fish_seen_subcommand_from show set help" -f -a "show" -d 'Show the token lifetime and the policy check interval'
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and not __fish_seen_subcommand_from show set help" -f -a "set" -d 'Set the token lifetime (1h–365d)'
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and not __fish_seen_subcommand_from show set help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and __fish_seen_subcommand_from show" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and __fish_seen_subcommand_from show" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and __fish_seen_subcommand_from show" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and __fish_seen_subcommand_from set" -l token-lifetime -d 'Token lifetime, 1h–365d (e.g. 90d, 24h)' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and __fish_seen_subcommand_from set" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and __fish_seen_subcommand_from set" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and __fish_seen_subcommand_from set" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the token lifetime and the policy check interval'
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set the token lifetime (1h–365d)'
complete -c sessadm -n "__fish_sessadm_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessadm -n "__fish_sessadm_using_subcommand simulate" -l env -d 'Take the environment (and the tenant) from the database' -r -f -a "(__fish_sessadm_env_names)"
complete -c sessadm -n "__fish_sessadm_using_subcommand simulate" -l until -d 'Stop here: an RFC 3339 time, or +offset from the scenario\'s start' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand simulate" -l input-format -d 'The scenario\'s format (default: from its extension; needed for -)' -r -f -a "toml\t''
json\t''
csv\t''"
complete -c sessadm -n "__fish_sessadm_using_subcommand simulate" -l format -d 'Output format; overrides -o' -r -f -a "table\t'Outcomes in time order, then a summary'
json\t'One document: environment, outcomes, summary'
jsonl\t'One outcome per line as it happens, then the summary line'
html\t'One self-contained page: settings, summary and a timeline picture'"
complete -c sessadm -n "__fish_sessadm_using_subcommand simulate" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand simulate" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand simulate" -l auto-sign-in -d 'An activity while signed out signs the user in again (counted)'
complete -c sessadm -n "__fish_sessadm_using_subcommand simulate" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand simulate" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand simulate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand export" -l format -d 'What to write [default: toml, or json with -o json]' -r -f -a "toml\t'A policy file in TOML'
json\t'A policy file in JSON'
dataverse\t'Dataverse Web API organization bodies'
pac\t'A POSIX sh script of pac commands'"
complete -c sessadm -n "__fish_sessadm_using_subcommand export" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand export" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand export" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand export" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand validate" -l input-format -d 'The files\' format (default: from the extension; for -, JSON when it starts with `{`, else TOML)' -r -f -a "toml\t''
json\t''"
complete -c sessadm -n "__fish_sessadm_using_subcommand validate" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand validate" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand validate" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand validate" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand apply" -l input-format -d 'The file\'s format (default: from the extension; for -, JSON when it starts with `{`, else TOML)' -r -f -a "toml\t''
json\t''"
complete -c sessadm -n "__fish_sessadm_using_subcommand apply" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand apply" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand apply" -l dry-run -d 'Show the plan, change nothing'
complete -c sessadm -n "__fish_sessadm_using_subcommand apply" -l prune -d 'Also delete environments the file does not name (asks, or --yes)'
complete -c sessadm -n "__fish_sessadm_using_subcommand apply" -l exit-code -d 'With --dry-run: exit 5 when there are changes, 0 when none'
complete -c sessadm -n "__fish_sessadm_using_subcommand apply" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand apply" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand import-dataverse" -l env -d 'The environment to set (default: the organization\'s name)' -r -f -a "(__fish_sessadm_env_names)"
complete -c sessadm -n "__fish_sessadm_using_subcommand import-dataverse" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand import-dataverse" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand import-dataverse" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand import-dataverse" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand import-dataverse" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand audit" -l baseline -d 'Only these baselines (default: all); repeat for several' -r -f -a "pci-dss-4.0\t''
hipaa\t''
nist-800-63b-3-aal2\t''
nist-800-63b-3-aal3\t''
nist-800-63b-4-aal2\t''
nist-800-63b-4-aal3\t''
asvs-4.0.3-l2\t''
asvs-4.0.3-l3\t''"
complete -c sessadm -n "__fish_sessadm_using_subcommand audit" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand audit" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand audit" -l strict -d 'Warnings (SHOULD) fail the audit too'
complete -c sessadm -n "__fish_sessadm_using_subcommand audit" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand audit" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l env -d 'The environment whose current settings are compared' -r -f -a "(__fish_sessadm_env_names)"
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l propose -d 'The proposal as a policy file (the environment\'s entry, and [tenant])' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l session-length -d 'Proposed custom session timeout (turns it on)' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l session-warning -d 'Proposed warning before the session ends' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l inactivity -d 'Proposed inactivity timeout (turns it on)' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l inactivity-warning -d 'Proposed warning before the inactivity sign-out' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l token-lifetime -d 'Proposed token lifetime' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l users -d 'Generated users' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l days -d 'Working days of each generated user' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l profile -d 'How the generated users work' -r -f -a "office\t'Weekdays 08:30–17:00, lunch, meetings, breaks; mostly web'
shift\t'8-hour shifts around the clock, 5 days on, 2 off'
field\t'Field workers: mostly mobile, long gaps between visits'
contact-center\t'Contact centre agents: busy all day on the web or USD'
mixed\t'A mix of the four'"
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l seed -d 'Seed of the generated population' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l replay -d 'Replay a real timeline (CSV of `simulate`) instead of generating one' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l sign-in-cost -d 'What one interactive sign-in costs a user' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l threads -d 'Threads to run on [default: the machine\'s cores]' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l format -d 'Output format; overrides -o' -r -f -a "table\t'The side-by-side table'
json\t'One document: both sides, the difference, the population'
html\t'One self-contained page: the table, charts and compliance'"
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l no-session-length -d 'Proposal: no custom session timeout'
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l no-session-warning -d 'Proposal: no session warning'
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l no-inactivity -d 'Proposal: no inactivity timeout'
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l no-inactivity-warning -d 'Proposal: no inactivity warning'
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l no-token-lifetime -d 'Proposal: the default token lifetime (90d)'
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l auto-sign-in -d 'Replay: an activity while signed out signs the user in again'
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand whatif" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand discover" -l jobs -d 'Environments at a time (1–52: Dataverse refuses more concurrent requests per user)' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand discover" -l timeout -d 'Time allowed for each request, e.g. 30s, 2m' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand discover" -l auth -d 'The credential to use [default: the first configured]; else $SESSADM_AUTH' -r -f -a "secret\t'AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
federated\t'AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE or GitHub Actions\' OIDC'
azure-cli\t'The account az login signed in'"
complete -c sessadm -n "__fish_sessadm_using_subcommand discover" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand discover" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand discover" -l dry-run -d 'Show what would be added or updated, change nothing'
complete -c sessadm -n "__fish_sessadm_using_subcommand discover" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand discover" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand discover" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand pull" -l jobs -d 'Environments at a time (1–52: Dataverse refuses more concurrent requests per user)' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand pull" -l timeout -d 'Time allowed for each request, e.g. 30s, 2m' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand pull" -l auth -d 'The credential to use [default: the first configured]; else $SESSADM_AUTH' -r -f -a "secret\t'AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
federated\t'AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE or GitHub Actions\' OIDC'
azure-cli\t'The account az login signed in'"
complete -c sessadm -n "__fish_sessadm_using_subcommand pull" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand pull" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand pull" -l dry-run -d 'Show what would change, change nothing'
complete -c sessadm -n "__fish_sessadm_using_subcommand pull" -l exit-code -d 'With --dry-run: exit 5 when the live service differs from the inventory'
complete -c sessadm -n "__fish_sessadm_using_subcommand pull" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand pull" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand pull" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand push" -l jobs -d 'Environments at a time (1–52: Dataverse refuses more concurrent requests per user)' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand push" -l timeout -d 'Time allowed for each request, e.g. 30s, 2m' -r
complete -c sessadm -n "__fish_sessadm_using_subcommand push" -l auth -d 'The credential to use [default: the first configured]; else $SESSADM_AUTH' -r -f -a "secret\t'AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
federated\t'AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE or GitHub Actions\' OIDC'
azure-cli\t'The account az login signed in'"
complete -c sessadm -n "__fish_sessadm_using_subcommand push" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand push" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand push" -l dry-run -d 'Show what would change, change nothing'
complete -c sessadm -n "__fish_sessadm_using_subcommand push" -l exit-code -d 'With --dry-run: exit 5 when changes are pending'
complete -c sessadm -n "__fish_sessadm_using_subcommand push" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand push" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand push" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand db; and not __fish_seen_subcommand_from check help" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand db; and not __fish_seen_subcommand_from check help" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand db; and not __fish_seen_subcommand_from check help" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand db; and not __fish_seen_subcommand_from check help" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand db; and not __fish_seen_subcommand_from check help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand db; and not __fish_seen_subcommand_from check help" -f -a "check" -d 'Check the file\'s integrity and sessadm\'s invariants (read-only)'
complete -c sessadm -n "__fish_sessadm_using_subcommand db; and not __fish_seen_subcommand_from check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessadm -n "__fish_sessadm_using_subcommand db; and __fish_seen_subcommand_from check" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand db; and __fish_seen_subcommand_from check" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand db; and __fish_seen_subcommand_from check" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand db; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand db; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check the file\'s integrity and sessadm\'s invariants (read-only)'
complete -c sessadm -n "__fish_sessadm_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessadm -n "__fish_sessadm_using_subcommand completions" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand completions" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand completions" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand completions" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand man" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand man" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand man" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand man" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand rules" -l db -d 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]' -r -F
complete -c sessadm -n "__fish_sessadm_using_subcommand rules" -s o -l output -d 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]' -r -f -a "table\t'Tables for people'
json\t'One JSON document on stdout'"
complete -c sessadm -n "__fish_sessadm_using_subcommand rules" -l yes -d 'Answer yes to confirmations'
complete -c sessadm -n "__fish_sessadm_using_subcommand rules" -s q -l quiet -d 'Print only results and errors: no notes, no tables of what changed'
complete -c sessadm -n "__fish_sessadm_using_subcommand rules" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and not __fish_seen_subcommand_from env tenant simulate export validate apply import-dataverse audit whatif discover pull push db completions man rules help" -f -a "env" -d 'Manage environments and their session settings'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and not __fish_seen_subcommand_from env tenant simulate export validate apply import-dataverse audit whatif discover pull push db completions man rules help" -f -a "tenant" -d 'Show or set the identity-provider (Microsoft Entra ID) settings'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and not __fish_seen_subcommand_from env tenant simulate export validate apply import-dataverse audit whatif discover pull push db completions man rules help" -f -a "simulate" -d 'Simulate a user\'s timeline: when they are warned, signed out, and why'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and not __fish_seen_subcommand_from env tenant simulate export validate apply import-dataverse audit whatif discover pull push db completions man rules help" -f -a "export" -d 'Write the inventory as a policy file, Dataverse bodies or a pac script'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and not __fish_seen_subcommand_from env tenant simulate export validate apply import-dataverse audit whatif discover pull push db completions man rules help" -f -a "validate" -d 'Check policy files without a database'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and not __fish_seen_subcommand_from env tenant simulate export validate apply import-dataverse audit whatif discover pull push db completions man rules help" -f -a "apply" -d 'Make the inventory match a policy file, in one transaction'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and not __fish_seen_subcommand_from env tenant simulate export validate apply import-dataverse audit whatif discover pull push db completions man rules help" -f -a "import-dataverse" -d 'Set an environment\'s settings from a Dataverse organizations response'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and not __fish_seen_subcommand_from env tenant simulate export validate apply import-dataverse audit whatif discover pull push db completions man rules help" -f -a "audit" -d 'Check environments against compliance baselines'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and not __fish_seen_subcommand_from env tenant simulate export validate apply import-dataverse audit whatif discover pull push db completions man rules help" -f -a "whatif" -d 'Compare what the current settings and a proposal cost a population'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and not __fish_seen_subcommand_from env tenant simulate export validate apply import-dataverse audit whatif discover pull push db completions man rules help" -f -a "discover" -d 'Add the tenant\'s Dataverse environments to the inventory'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and not __fish_seen_subcommand_from env tenant simulate export validate apply import-dataverse audit whatif discover pull push db completions man rules help" -f -a "pull" -d 'Make the inventory match the live service\'s session settings'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and not __fish_seen_subcommand_from env tenant simulate export validate apply import-dataverse audit whatif discover pull push db completions man rules help" -f -a "push" -d 'Make the live service match the inventory\'s session settings'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and not __fish_seen_subcommand_from env tenant simulate export validate apply import-dataverse audit whatif discover pull push db completions man rules help" -f -a "db" -d 'Check the database: the file\'s integrity and sessadm\'s own invariants'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and not __fish_seen_subcommand_from env tenant simulate export validate apply import-dataverse audit whatif discover pull push db completions man rules help" -f -a "completions" -d 'Print the completion script for a shell'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and not __fish_seen_subcommand_from env tenant simulate export validate apply import-dataverse audit whatif discover pull push db completions man rules help" -f -a "man" -d 'Print the man page (roff)'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and not __fish_seen_subcommand_from env tenant simulate export validate apply import-dataverse audit whatif discover pull push db completions man rules help" -f -a "rules" -d 'List the rules: validation V1–V9 and simulation S1–S13, with sources'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and not __fish_seen_subcommand_from env tenant simulate export validate apply import-dataverse audit whatif discover pull push db completions man rules help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and __fish_seen_subcommand_from env" -f -a "add" -d 'Create an environment with default settings'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and __fish_seen_subcommand_from env" -f -a "list" -d 'List all environments with their effective settings'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and __fish_seen_subcommand_from env" -f -a "show" -d 'Show one environment: all fields and settings'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and __fish_seen_subcommand_from env" -f -a "update" -d 'Change an environment\'s URL, version, description or name'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and __fish_seen_subcommand_from env" -f -a "remove" -d 'Delete an environment (its history is kept)'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and __fish_seen_subcommand_from env" -f -a "set-timeout" -d 'Turn the custom session timeout on with a length and warning, or off'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and __fish_seen_subcommand_from env" -f -a "set-inactivity" -d 'Turn the inactivity timeout on with a duration and warning, or off'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and __fish_seen_subcommand_from env" -f -a "history" -d 'Show who changed what, newest first'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "show" -d 'Show the token lifetime and the policy check interval'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "set" -d 'Set the token lifetime (1h–365d)'
complete -c sessadm -n "__fish_sessadm_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "check" -d 'Check the file\'s integrity and sessadm\'s invariants (read-only)'
# --- sessadm: environment names from the database (hand-written) ---------
function __fish_sessadm_env_names
    set -l words (commandline -opc)
    set -e words[1]
    # `--env=NA`: the helper is asked about the option's value.
    set -l cur (commandline -ct)
    if string match -qr -- '^--[^=]+=' $cur
        set -a words (string replace -r -- '=.*' '=' $cur)
    end
    command sessadm __complete env-names -- $words 2>/dev/null
end
complete -c sessadm -n '__fish_sessadm_env_names >/dev/null' -f -a '(__fish_sessadm_env_names)'
