#!/usr/bin/env bash
# Smoke-test a standalone build: it starts, answers --version, and lays out and renders a graph
# headless with its own bundled Graphviz. Run by build.sh; also usable on its own:
#
#   packaging/smoke.sh [dist/gradient-explorer]
#
# Where it can (root with `unshare`, Linux), the checks also run a second time with every Python
# installation on this machine hidden (the project's .venv, the system's site-packages and
# standard library), to prove the bundle needs none of them. With Xvfb installed it also opens
# the window on a virtual display, reports how long until it is painted, and takes a screenshot
# of it (dist/bundle-window.png) once its graph is laid out.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
DIST="$(cd "${1:-$ROOT/dist/gradient-explorer}" && pwd)"
APP="$DIST/gradient-explorer"
[ -x "$APP" ] || { echo "smoke: $APP is missing; run packaging/build.sh first." >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# A graph from the lecture: the neuron with a tanh output.
cat > "$WORK/neuron.py" <<'PY'
x1 = Value(2.0, label='x1')
x2 = Value(0.0, label='x2')
w1 = Value(-3.0, label='w1')
w2 = Value(1.0, label='w2')
b = Value(6.8813735870195432, label='b')
n = x1*w1 + x2*w2 + b
o = n.tanh(); o.label = 'o'
o.backward()
PY
cat > "$WORK/f.py" <<'PY'
def f(x):
    return 3*x**2 - 4*x + 5
x = 3.0
PY

checks() {
    # $1: a label for the report. Runs with a bare environment: no PYTHONPATH, no venv on PATH.
    local label="$1" t version
    t=$(now)
    version=$(env -i HOME="$WORK" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen "$APP" --version) \
        || fail "$label: --version exited with an error"
    echo "smoke[$label]: --version -> '$version' in $(elapsed "$t") s"
    [[ "$version" == gradient-explorer\ * ]] || fail "$label: unexpected --version output"

    t=$(now)
    env -i HOME="$WORK" PATH=/usr/bin:/bin "$APP" render "$WORK/neuron.py" -o "$WORK/neuron-$label.svg" \
        --force 2>"$WORK/err" || { cat "$WORK/err" >&2; fail "$label: render svg failed"; }
    grep -q "<svg" "$WORK/neuron-$label.svg" || fail "$label: render wrote no SVG"
    grep -q "0.7071" "$WORK/neuron-$label.svg" || fail "$label: the SVG lacks o = 0.7071"
    env -i HOME="$WORK" PATH=/usr/bin:/bin "$APP" render "$WORK/neuron.py" -o "$WORK/neuron-$label.png" \
        --force 2>"$WORK/err" || { cat "$WORK/err" >&2; fail "$label: render png failed"; }
    [ "$(head -c 4 "$WORK/neuron-$label.png" | tail -c 3)" = "PNG" ] || fail "$label: render wrote no PNG"
    echo "smoke[$label]: render svg + png (Graphviz layout, cairo) in $(elapsed "$t") s"

    env -i HOME="$WORK" PATH=/usr/bin:/bin "$APP" check "$WORK/neuron.py" >"$WORK/check.txt" 2>&1 \
        || { cat "$WORK/check.txt" >&2; fail "$label: gradient check failed"; }
    echo "smoke[$label]: check -> $(tail -n 1 "$WORK/check.txt")"

    # The tangent plot goes through matplotlib (Agg), the window's plot panel too.
    t=$(now)
    env -i HOME="$WORK" PATH=/usr/bin:/bin "$APP" plot "$WORK/f.py" -o "$WORK/f-$label.png" --at 3 --force \
        >"$WORK/plot.txt" 2>&1 || { cat "$WORK/plot.txt" >&2; fail "$label: plot failed"; }
    [ "$(head -c 4 "$WORK/f-$label.png" | tail -c 3)" = "PNG" ] || fail "$label: plot wrote no PNG"
    echo "smoke[$label]: plot f(x) with its tangent (matplotlib) in $(elapsed "$t") s"
}

checks plain
echo "smoke: bundle size $(du -sh "$DIST" | cut -f1)"

if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && [ "${SMOKE_ISOLATED:-1}" = 1 ]; then
    # Hide every Python this machine has, in a private mount namespace (nothing outside changes).
    hide=()
    for python in "$ROOT/.venv/bin/python" "$(command -v python3 || true)"; do
        [ -x "$python" ] || continue
        while IFS= read -r dir; do [ -d "$dir" ] && hide+=("$dir"); done < <("$python" - <<'PY'
import site, sys, sysconfig
paths = {sys.prefix, sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"],
         *site.getsitepackages(), site.getusersitepackages()}
print("\n".join(sorted(p for p in paths if p and p not in ("/", "/usr", "/usr/local"))))
PY
)
    done
    for dir in /usr/lib/python3 /usr/lib/python3.*; do [ -d "$dir" ] && hide+=("$dir"); done
    export -f checks fail now elapsed
    export APP WORK
    unshare --mount --propagation private bash -c '
        set -euo pipefail
        for dir in "$@"; do [ -d "$dir" ] && mount -t tmpfs none "$dir"; done
        checks isolated' _ "${hide[@]}"
    echo "smoke: passed with ${#hide[@]} Python folders hidden (${hide[*]})"
fi

if command -v Xvfb >/dev/null; then
    # Open the real window on a private virtual X display (Xvfb picks a free number: -displayfd).
    Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$WORK/display" >/dev/null 2>&1 &
    xvfb=$!
    for _ in $(seq 100); do [ -s "$WORK/display" ] && break; sleep 0.1; done
    display=":$(tr -d '[:space:]' < "$WORK/display")"
    [ "$display" != ":" ] || { kill "$xvfb"; fail "Xvfb did not start"; }
    # Start-up time: the app's own probe prints the time to the first painted window and quits.
    for run in 1 2 3; do
        t=$(now)
        probe=$(env -i HOME="$WORK" PATH=/usr/bin:/bin DISPLAY="$display" QT_QPA_PLATFORM=xcb \
                GRADIENT_EXPLORER_TESTING=1 GRADIENT_EXPLORER_STARTUP_PROBE=1 "$APP" 2>"$WORK/gui.log" \
                | grep -o 'first-paint [0-9.]*' || true)
        wall=$(elapsed "$t")
        [ -n "$probe" ] || { cat "$WORK/gui.log" >&2; kill "$xvfb"; fail "the window did not paint on Xvfb"; }
        echo "smoke: window run $run: ${probe#first-paint } s to first paint (process start to exit ${wall} s)"
    done
    kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true
    # The graph is laid out in a worker process that re-runs the executable ("spawn"): take a
    # screenshot once the window settles, which needs that worker to have answered.
    if [ -x "$ROOT/.venv/bin/python" ]; then
        "$ROOT/.venv/bin/python" "$HERE/screenshot.py" --command "$APP" -o "$WORK/bundle-window.png" \
            || fail "the bundled window did not settle (see above)"
        cp "$WORK/bundle-window.png" "$DIST/../bundle-window.png" 2>/dev/null || true
        echo "smoke: screenshot of the bundled window in $(cd "$DIST/.." && pwd)/bundle-window.png"
    fi
else
    echo "smoke: Xvfb missing; window start not checked"
fi
echo "smoke: OK"
