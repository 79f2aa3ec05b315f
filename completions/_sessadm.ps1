
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'sessadm' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'sessadm'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'sessadm' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Manage environments and their session settings')
            [CompletionResult]::new('tenant', 'tenant', [CompletionResultType]::ParameterValue, 'Show or set the identity-provider (Microsoft Entra ID) settings')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Simulate a user''s timeline: when they are warned, signed out, and why')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the inventory as a policy file, Dataverse bodies or a pac script')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check policy files without a database')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the inventory match a policy file, in one transaction')
            [CompletionResult]::new('import-dataverse', 'import-dataverse', [CompletionResultType]::ParameterValue, 'Set an environment''s settings from a Dataverse organizations response')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Check environments against compliance baselines')
            [CompletionResult]::new('whatif', 'whatif', [CompletionResultType]::ParameterValue, 'Compare what the current settings and a proposal cost a population')
            [CompletionResult]::new('discover', 'discover', [CompletionResultType]::ParameterValue, 'Add the tenant''s Dataverse environments to the inventory')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Make the inventory match the live service''s session settings')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Make the live service match the inventory''s session settings')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'Check the database: the file''s integrity and sessadm''s own invariants')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List the rules: validation V1–V9 and simulation S1–S13, with sources')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessadm;env' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create an environment with default settings')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List all environments with their effective settings')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one environment: all fields and settings')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change an environment''s URL, version, description or name')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Delete an environment (its history is kept)')
            [CompletionResult]::new('set-timeout', 'set-timeout', [CompletionResultType]::ParameterValue, 'Turn the custom session timeout on with a length and warning, or off')
            [CompletionResult]::new('set-inactivity', 'set-inactivity', [CompletionResultType]::ParameterValue, 'Turn the inactivity timeout on with a duration and warning, or off')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Show who changed what, newest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessadm;env;add' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Its https:// URL')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Its version, e.g. 9.2.24034.205 (absent: current)')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'Free text, at most 500 characters')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;env;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;env;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;env;update' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'New https:// URL ("" clears it)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'New version ("" clears it: current)')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'New description ("" clears it)')
            [CompletionResult]::new('--rename', '--rename', [CompletionResultType]::ParameterName, 'New name')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;env;remove' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;env;set-timeout' {
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Session length, 1h–24h (e.g. 8h, 90, 1h30m)')
            [CompletionResult]::new('--warning', '--warning', [CompletionResultType]::ParameterName, 'Warning before the session ends, shorter than the length; 0 for none')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--disable', '--disable', [CompletionResultType]::ParameterName, 'Turn the custom session timeout off (values are kept)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;env;set-inactivity' {
            [CompletionResult]::new('--after', '--after', [CompletionResultType]::ParameterName, 'Sign out after this long without activity, at least 5m')
            [CompletionResult]::new('--warning', '--warning', [CompletionResultType]::ParameterName, 'Warning before the inactivity sign-out, shorter than it; 0 for none')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--disable', '--disable', [CompletionResultType]::ParameterName, 'Turn the inactivity timeout off (values are kept)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;env;history' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many changes')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;env;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create an environment with default settings')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List all environments with their effective settings')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one environment: all fields and settings')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change an environment''s URL, version, description or name')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Delete an environment (its history is kept)')
            [CompletionResult]::new('set-timeout', 'set-timeout', [CompletionResultType]::ParameterValue, 'Turn the custom session timeout on with a length and warning, or off')
            [CompletionResult]::new('set-inactivity', 'set-inactivity', [CompletionResultType]::ParameterValue, 'Turn the inactivity timeout on with a duration and warning, or off')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Show who changed what, newest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessadm;env;help;add' {
            break
        }
        'sessadm;env;help;list' {
            break
        }
        'sessadm;env;help;show' {
            break
        }
        'sessadm;env;help;update' {
            break
        }
        'sessadm;env;help;remove' {
            break
        }
        'sessadm;env;help;set-timeout' {
            break
        }
        'sessadm;env;help;set-inactivity' {
            break
        }
        'sessadm;env;help;history' {
            break
        }
        'sessadm;env;help;help' {
            break
        }
        'sessadm;tenant' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the token lifetime and the policy check interval')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the token lifetime (1h–365d)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessadm;tenant;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;tenant;set' {
            [CompletionResult]::new('--token-lifetime', '--token-lifetime', [CompletionResultType]::ParameterName, 'Token lifetime, 1h–365d (e.g. 90d, 24h)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;tenant;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the token lifetime and the policy check interval')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the token lifetime (1h–365d)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessadm;tenant;help;show' {
            break
        }
        'sessadm;tenant;help;set' {
            break
        }
        'sessadm;tenant;help;help' {
            break
        }
        'sessadm;simulate' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Take the environment (and the tenant) from the database')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Stop here: an RFC 3339 time, or +offset from the scenario''s start')
            [CompletionResult]::new('--input-format', '--input-format', [CompletionResultType]::ParameterName, 'The scenario''s format (default: from its extension; needed for -)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format; overrides -o')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--auto-sign-in', '--auto-sign-in', [CompletionResultType]::ParameterName, 'An activity while signed out signs the user in again (counted)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'What to write [default: toml, or json with -o json]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;validate' {
            [CompletionResult]::new('--input-format', '--input-format', [CompletionResultType]::ParameterName, 'The files'' format (default: from the extension; for -, JSON when it starts with `{`, else TOML)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;apply' {
            [CompletionResult]::new('--input-format', '--input-format', [CompletionResultType]::ParameterName, 'The file''s format (default: from the extension; for -, JSON when it starts with `{`, else TOML)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan, change nothing')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Also delete environments the file does not name (asks, or --yes)')
            [CompletionResult]::new('--exit-code', '--exit-code', [CompletionResultType]::ParameterName, 'With --dry-run: exit 5 when there are changes, 0 when none')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;import-dataverse' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'The environment to set (default: the organization''s name)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;audit' {
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Only these baselines (default: all); repeat for several')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Warnings (SHOULD) fail the audit too')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;whatif' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'The environment whose current settings are compared')
            [CompletionResult]::new('--propose', '--propose', [CompletionResultType]::ParameterName, 'The proposal as a policy file (the environment''s entry, and [tenant])')
            [CompletionResult]::new('--session-length', '--session-length', [CompletionResultType]::ParameterName, 'Proposed custom session timeout (turns it on)')
            [CompletionResult]::new('--session-warning', '--session-warning', [CompletionResultType]::ParameterName, 'Proposed warning before the session ends')
            [CompletionResult]::new('--inactivity', '--inactivity', [CompletionResultType]::ParameterName, 'Proposed inactivity timeout (turns it on)')
            [CompletionResult]::new('--inactivity-warning', '--inactivity-warning', [CompletionResultType]::ParameterName, 'Proposed warning before the inactivity sign-out')
            [CompletionResult]::new('--token-lifetime', '--token-lifetime', [CompletionResultType]::ParameterName, 'Proposed token lifetime')
            [CompletionResult]::new('--users', '--users', [CompletionResultType]::ParameterName, 'Generated users')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Working days of each generated user')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'How the generated users work')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the generated population')
            [CompletionResult]::new('--replay', '--replay', [CompletionResultType]::ParameterName, 'Replay a real timeline (CSV of `simulate`) instead of generating one')
            [CompletionResult]::new('--sign-in-cost', '--sign-in-cost', [CompletionResultType]::ParameterName, 'What one interactive sign-in costs a user')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Threads to run on [default: the machine''s cores]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format; overrides -o')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--no-session-length', '--no-session-length', [CompletionResultType]::ParameterName, 'Proposal: no custom session timeout')
            [CompletionResult]::new('--no-session-warning', '--no-session-warning', [CompletionResultType]::ParameterName, 'Proposal: no session warning')
            [CompletionResult]::new('--no-inactivity', '--no-inactivity', [CompletionResultType]::ParameterName, 'Proposal: no inactivity timeout')
            [CompletionResult]::new('--no-inactivity-warning', '--no-inactivity-warning', [CompletionResultType]::ParameterName, 'Proposal: no inactivity warning')
            [CompletionResult]::new('--no-token-lifetime', '--no-token-lifetime', [CompletionResultType]::ParameterName, 'Proposal: the default token lifetime (90d)')
            [CompletionResult]::new('--auto-sign-in', '--auto-sign-in', [CompletionResultType]::ParameterName, 'Replay: an activity while signed out signs the user in again')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;discover' {
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Environments at a time (1–52: Dataverse refuses more concurrent requests per user)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for each request, e.g. 30s, 2m')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'The credential to use [default: the first configured]; else $SESSADM_AUTH')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be added or updated, change nothing')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;pull' {
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Environments at a time (1–52: Dataverse refuses more concurrent requests per user)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for each request, e.g. 30s, 2m')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'The credential to use [default: the first configured]; else $SESSADM_AUTH')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, change nothing')
            [CompletionResult]::new('--exit-code', '--exit-code', [CompletionResultType]::ParameterName, 'With --dry-run: exit 5 when the live service differs from the inventory')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;push' {
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Environments at a time (1–52: Dataverse refuses more concurrent requests per user)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for each request, e.g. 30s, 2m')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'The credential to use [default: the first configured]; else $SESSADM_AUTH')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, change nothing')
            [CompletionResult]::new('--exit-code', '--exit-code', [CompletionResultType]::ParameterName, 'With --dry-run: exit 5 when changes are pending')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;db' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the file''s integrity and sessadm''s invariants (read-only)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessadm;db;check' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;db;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the file''s integrity and sessadm''s invariants (read-only)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessadm;db;help;check' {
            break
        }
        'sessadm;db;help;help' {
            break
        }
        'sessadm;completions' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;man' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;rules' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database file; else $SESSADM_DB [default: $XDG_DATA_HOME/sessadm/sessadm.db]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output for people (table) or scripts (json); else $SESSADM_OUTPUT [default: table]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no notes, no tables of what changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessadm;help' {
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Manage environments and their session settings')
            [CompletionResult]::new('tenant', 'tenant', [CompletionResultType]::ParameterValue, 'Show or set the identity-provider (Microsoft Entra ID) settings')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Simulate a user''s timeline: when they are warned, signed out, and why')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the inventory as a policy file, Dataverse bodies or a pac script')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check policy files without a database')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the inventory match a policy file, in one transaction')
            [CompletionResult]::new('import-dataverse', 'import-dataverse', [CompletionResultType]::ParameterValue, 'Set an environment''s settings from a Dataverse organizations response')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Check environments against compliance baselines')
            [CompletionResult]::new('whatif', 'whatif', [CompletionResultType]::ParameterValue, 'Compare what the current settings and a proposal cost a population')
            [CompletionResult]::new('discover', 'discover', [CompletionResultType]::ParameterValue, 'Add the tenant''s Dataverse environments to the inventory')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Make the inventory match the live service''s session settings')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Make the live service match the inventory''s session settings')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'Check the database: the file''s integrity and sessadm''s own invariants')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List the rules: validation V1–V9 and simulation S1–S13, with sources')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessadm;help;env' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create an environment with default settings')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List all environments with their effective settings')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one environment: all fields and settings')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change an environment''s URL, version, description or name')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Delete an environment (its history is kept)')
            [CompletionResult]::new('set-timeout', 'set-timeout', [CompletionResultType]::ParameterValue, 'Turn the custom session timeout on with a length and warning, or off')
            [CompletionResult]::new('set-inactivity', 'set-inactivity', [CompletionResultType]::ParameterValue, 'Turn the inactivity timeout on with a duration and warning, or off')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Show who changed what, newest first')
            break
        }
        'sessadm;help;env;add' {
            break
        }
        'sessadm;help;env;list' {
            break
        }
        'sessadm;help;env;show' {
            break
        }
        'sessadm;help;env;update' {
            break
        }
        'sessadm;help;env;remove' {
            break
        }
        'sessadm;help;env;set-timeout' {
            break
        }
        'sessadm;help;env;set-inactivity' {
            break
        }
        'sessadm;help;env;history' {
            break
        }
        'sessadm;help;tenant' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the token lifetime and the policy check interval')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the token lifetime (1h–365d)')
            break
        }
        'sessadm;help;tenant;show' {
            break
        }
        'sessadm;help;tenant;set' {
            break
        }
        'sessadm;help;simulate' {
            break
        }
        'sessadm;help;export' {
            break
        }
        'sessadm;help;validate' {
            break
        }
        'sessadm;help;apply' {
            break
        }
        'sessadm;help;import-dataverse' {
            break
        }
        'sessadm;help;audit' {
            break
        }
        'sessadm;help;whatif' {
            break
        }
        'sessadm;help;discover' {
            break
        }
        'sessadm;help;pull' {
            break
        }
        'sessadm;help;push' {
            break
        }
        'sessadm;help;db' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the file''s integrity and sessadm''s invariants (read-only)')
            break
        }
        'sessadm;help;db;check' {
            break
        }
        'sessadm;help;completions' {
            break
        }
        'sessadm;help;man' {
            break
        }
        'sessadm;help;rules' {
            break
        }
        'sessadm;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
