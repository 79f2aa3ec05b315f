# --- sessadm: environment names from the database (hand-written) ---------
_sessadm_env_names() {
    local -a toks names expl
    local i
    # Shell words of the line up to the cursor, unquoted; drop the word being
    # completed (but keep `--env=` of `--env=NA`) and everything up to the
    # command name.
    toks=("${(@Q)${(z)LBUFFER}}")
    if [[ $LBUFFER != *[[:space:]] ]]; then
        if [[ $toks[-1] == --*=* ]]; then
            toks[-1]=${toks[-1]%%=*}=
        else
            toks[-1]=()
        fi
    fi
    i=${toks[(I)(*/|)sessadm]}
    names=(${(f)"$(command sessadm __complete env-names -- "${(@)toks[i+1,-1]}" 2>/dev/null)"})
    _wanted env-names expl 'environment name' compadd -a names
}
