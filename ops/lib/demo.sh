# shellcheck shell=bash
# `accolade demo` for the scripts that drive the API from outside (ops/fuzz/api,
# ops/client/smoke): the binary, a server on a free loopback port, and the demo cast's
# sign-ins. Sourced, not run; the caller has `set -euo pipefail` and is at the repository root.
#
#   demo_binary [PROFILE]   sets demo_bin: $ACCOLADE_BIN when set (a prebuilt binary, not
#                           rebuilt), else `cargo build` of accolade-cli's `accolade` in
#                           PROFILE (default dev) under ${CARGO_TARGET_DIR:-target}
#   demo_start DIR          starts `accolade demo --data-dir DIR/demo` (log DIR/demo.log) on a
#                           free 127.0.0.1 port and waits for /readyz; sets demo_pid, demo_url
#   demo_stop               stops it (for the caller's EXIT trap; safe to call twice)
#   demo_credentials ROLE   prints "EMAIL PASSWORD" of the cast's user for ROLE
#   demo_login ROLE         signs ROLE in (POST /api/v1/session) and prints the token
#
# Roles: admin clerk head chair member authority (crates/cli/src/demo/cast.toml).

demo_bin=""
demo_pid=""
demo_url=""

demo_binary() {
    local profile="${1:-dev}"
    if [ -n "${ACCOLADE_BIN:-}" ]; then
        [ -x "$ACCOLADE_BIN" ] || { echo "ACCOLADE_BIN=$ACCOLADE_BIN is not an executable" >&2; return 1; }
        demo_bin="$ACCOLADE_BIN"
        return 0
    fi
    local target="${CARGO_TARGET_DIR:-target}"
    cargo build --quiet --profile "$profile" -p accolade-cli --bin accolade
    demo_bin="$target/$([ "$profile" = dev ] && echo debug || echo "$profile")/accolade"
}

demo_start() {
    local dir="$1" port
    [ -n "$demo_bin" ] || demo_binary dev
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    demo_url="http://127.0.0.1:$port"
    "$demo_bin" demo --data-dir "$dir/demo" --listen "127.0.0.1:$port" >"$dir/demo.log" 2>&1 &
    demo_pid=$!
    for _ in $(seq 1 600); do
        curl -sf "$demo_url/readyz" >/dev/null 2>&1 && break
        kill -0 "$demo_pid" 2>/dev/null || { cat "$dir/demo.log" >&2; echo "accolade demo stopped" >&2; return 1; }
        sleep 0.2
    done
    curl -sf "$demo_url/readyz" >/dev/null || { echo "accolade demo is not ready" >&2; return 1; }
}

demo_stop() {
    if [ -n "$demo_pid" ]; then
        kill "$demo_pid" 2>/dev/null && wait "$demo_pid" 2>/dev/null
        demo_pid=""
    fi
    return 0
}

# The demo cast's sign-ins (crates/cli/src/demo/cast.toml).
demo_credentials() {
    local email password
    case "$1" in
        admin) email=thuky password=demo-thuky-2026 ;;
        clerk) email=vanthu.vtv password=demo-vanthu-2026 ;;
        head) email=lanhdao.vtv password=demo-lanhdao-2026 ;;
        chair) email=chutich password=demo-chutich-2026 ;;
        member) email=uyvien2 password=demo-uyvien-2026 ;;
        authority) email=botruong password=demo-botruong-2026 ;;
        *) echo "no such role: $1" >&2; return 2 ;;
    esac
    echo "$email@demo.accolade.vn $password"
}

demo_login() {
    local credentials email password
    credentials="$(demo_credentials "$1")" || return 2
    read -r email password <<<"$credentials"
    curl -sf -X POST "$demo_url/api/v1/session" -H 'content-type: application/json' \
        -d "{\"email\":\"$email\",\"password\":\"$password\"}" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
