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
