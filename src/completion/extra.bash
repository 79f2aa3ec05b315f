
# --- sessadm: environment names from the database (hand-written) ---------
# Asks `sessadm __complete env-names -- WORDS...` whether the cursor is on an
# environment name (exit 0 + names) or not (exit 1 -> generated _sessadm).
_sessadm_with_env_names() {
    local cur=${COMP_WORDS[COMP_CWORD]} w out i
    local -a words=()
    # Right after `--env=` the word is the '=' itself; the value is empty.
    [[ $cur == = ]] && cur=
    if [[ $cur != -* ]]; then
        # Words before the cursor; re-join `--db=PATH`, which bash splits on '='.
        for (( i = 1; i < COMP_CWORD; i++ )); do
            w=${COMP_WORDS[i]}
            if [[ $w == = && ${#words[@]} -gt 0 ]]; then
                words[${#words[@]}-1]+="="
                (( i + 1 < COMP_CWORD )) && words[${#words[@]}-1]+=${COMP_WORDS[++i]}
            else
                words+=("$w")
            fi
        done
        if out=$(command sessadm __complete env-names -- "${words[@]}" 2>/dev/null); then
            COMPREPLY=()
            while IFS= read -r w; do
                # Names may hold spaces or quotes: insert them escaped.
                [[ -n $w && $w == "$cur"* ]] && printf -v w '%q' "$w" && COMPREPLY+=("$w")
            done <<< "$out"
            compopt +o default +o bashdefault 2>/dev/null   # no file fallback here
            return 0
        fi
    fi
    _sessadm "$@"
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _sessadm_with_env_names -o nosort -o bashdefault -o default sessadm
else
    complete -F _sessadm_with_env_names -o bashdefault -o default sessadm
fi
