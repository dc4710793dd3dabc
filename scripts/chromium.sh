# Sourced by scripts/test.sh: makes sure Debian's Chromium is installed for the browser tests
# (Playwright drives /usr/bin/chromium; it never downloads a browser of its own). As root (CI)
# it installs the `chromium` package when it is missing; otherwise the browser tests skip with
# a reason. NEWSEVENTS_CHROMIUM names the binary the tests use.

chromium_install() {  # quiet unless it fails
    local log status=0
    log=$(mktemp)
    {
        DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends chromium ||
        { apt-get -q update && DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends chromium; }
    } >"$log" 2>&1 || status=$?
    [ "$status" -eq 0 ] || cat "$log" >&2
    rm -f "$log"
    return "$status"
}

if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" -eq 0 ]; then
    echo "installing Debian's chromium for the browser tests" >&2
    chromium_install || echo "could not install chromium: the browser tests will skip" >&2
fi
export NEWSEVENTS_CHROMIUM="${NEWSEVENTS_CHROMIUM:-/usr/bin/chromium}"
# Playwright must not fetch browsers of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
