#!/usr/bin/env bash
# Build the standalone one-folder app with PyInstaller, then smoke-test it.
#
#   packaging/build.sh              -> dist/gradient-explorer/gradient-explorer
#   packaging/build.sh --no-smoke   (skip packaging/smoke.sh)
#
# Needs the project's .venv (python3 dev.py test makes it). PyInstaller is a build tool, not a
# run-time dependency: it is installed into .venv here if missing (pip install pyinstaller).
# The build takes a few minutes on 2 cores; the result runs on machines of the same OS and CPU
# family (build on the oldest glibc you want to support).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || PY=".venv/Scripts/python.exe"
[ -x "$PY" ] || { echo "build.sh: no .venv here; run 'python3 dev.py test' first." >&2; exit 1; }

if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
    echo "Installing PyInstaller into .venv ..."
    "$PY" -m pip install --disable-pip-version-check -q "pyinstaller>=6.10"
fi

start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/gradient-explorer.spec
if [ "$(uname -s)" = Linux ]; then
    # A locally built Python ships libpython and its extension modules with debug info (~25 MB);
    # strip only that. The wheels' own libraries are left alone: pygraphviz.libs were rewritten by
    # auditwheel/patchelf and strip can corrupt such files.
    if command -v strip >/dev/null; then
        find dist/gradient-explorer/_internal -maxdepth 1 -name 'libpython3*.so*' -type f \
            -exec strip --strip-debug {} +
        find dist/gradient-explorer/_internal -path '*/lib-dynload/*.so' -type f -exec strip --strip-debug {} +
    fi
    # pygraphviz's wheel pads each of its ~30 libraries to about 6 MB with zeros (2 MB-aligned
    # segments). Turning those zero runs into holes saves ~100 MB of disk; the bytes read are the same.
    if command -v fallocate >/dev/null; then
        find dist/gradient-explorer -type f -size +1M -exec fallocate --dig-holes {} \; 2>/dev/null || true
    fi
fi
echo "Built dist/gradient-explorer in $(( $(date +%s) - start )) s:" \
     "$(du -sh dist/gradient-explorer | cut -f1) on disk" \
     "($(du -sh --apparent-size dist/gradient-explorer 2>/dev/null | cut -f1 || echo '?') of file contents)."

if [ "${1:-}" != "--no-smoke" ]; then
    packaging/smoke.sh dist/gradient-explorer
fi
