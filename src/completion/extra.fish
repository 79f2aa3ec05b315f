
# --- sessadm: environment names from the database (hand-written) ---------
function __fish_sessadm_env_names
    set -l words (commandline -opc)
    set -e words[1]
    command sessadm __complete env-names -- $words 2>/dev/null
end
complete -c sessadm -n '__fish_sessadm_env_names >/dev/null' -f -a '(__fish_sessadm_env_names)'
