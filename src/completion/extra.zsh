# --- sessadm: environment names from the database (hand-written) ---------
_sessadm_env_names() {
    local -a toks names expl
    local i
    # Shell words of the line up to the cursor, unquoted; drop the word being
    # completed and everything up to the command name.
    toks=("${(@Q)${(z)LBUFFER}}")
    [[ $LBUFFER == *[[:space:]] ]] || toks[-1]=()
    i=${toks[(I)(*/|)sessadm]}
    names=(${(f)"$(command sessadm __complete env-names -- "${(@)toks[i+1,-1]}" 2>/dev/null)"})
    _wanted env-names expl 'environment name' compadd -a names
}
