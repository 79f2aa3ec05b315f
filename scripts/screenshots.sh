#!/usr/bin/env bash
# Redraw the README's pictures of the two HTML pages:
#
#   bash scripts/screenshots.sh
#
# Builds sessadm, runs `simulate --format html` on examples/team.csv and
# `whatif --format html` on a generated population, and has headless
# Chromium photograph each page into docs/. Needs chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    echo "screenshots.sh: chromium is needed (apt-get install chromium)" >&2
    exit 1
fi

cargo build --release --locked --quiet
bin=target/release/sessadm
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SESSADM_DB="$work/sessadm.db"
export SESSADM_ACTOR=docs

"$bin" -q env add contoso-prod --version 9.2.24034.205 --description Production >/dev/null
"$bin" -q env set-timeout contoso-prod --length 8h --warning 20m >/dev/null
"$bin" -q env set-inactivity contoso-prod --after 30m --warning 5m >/dev/null

"$bin" simulate examples/team.csv --env contoso-prod --format html >"$work/timeline.html"
"$bin" whatif --env contoso-prod --session-length 4h --inactivity 15m --users 2000 \
    --format html >"$work/whatif.html"

shoot() { # page, output, height
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --user-data-dir="$work/profile" --window-size="1200,$3" \
        --screenshot="$2" "file://$1" 2>/dev/null
}
shoot "$work/timeline.html" docs/timeline.png 1150
shoot "$work/whatif.html" docs/whatif.png 1900
echo "wrote docs/timeline.png and docs/whatif.png"
