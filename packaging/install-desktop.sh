#!/usr/bin/env bash
# Put Gradient Explorer in the desktop's application menu (Linux, freedesktop desktops).
#
#   packaging/install-desktop.sh              # for you: ~/.local/share
#   packaging/install-desktop.sh --prefix /usr/local   # for everyone (run as root)
#   packaging/install-desktop.sh --uninstall  # take it out again
#
# Installs the .desktop entry, the icon (SVG + PNG 16..512, named by the app id), the AppStream
# metainfo and the .gexp file type. The entry runs `gradient-explorer-gui`, so install the
# program first (`pipx install .` or `pip install --user .`) or pass --exec to point at another
# command, e.g. --exec "$PWD/dist/gradient-explorer/gradient-explorer" for the standalone build.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
APP_ID=io.github.gradient_explorer.GradientExplorer
ICONS="$ROOT/explorer/resources/icons"
PREFIX="${XDG_DATA_HOME:-$HOME/.local/share}"
EXEC=""
UNINSTALL=0

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) PREFIX="$2/share"; shift 2 ;;
        --exec) EXEC="$2"; shift 2 ;;
        --uninstall) UNINSTALL=1; shift ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install-desktop.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done

sizes="16 24 32 48 64 128 256 512"
targets=(
    "$PREFIX/applications/$APP_ID.desktop"
    "$PREFIX/metainfo/$APP_ID.metainfo.xml"
    "$PREFIX/mime/packages/$APP_ID.xml"
    "$PREFIX/icons/hicolor/scalable/apps/$APP_ID.svg"
)
for size in $sizes; do targets+=("$PREFIX/icons/hicolor/${size}x${size}/apps/$APP_ID.png"); done

refresh() {
    # Caches are optional: without them desktops rescan on their own, just later.
    command -v update-desktop-database >/dev/null && update-desktop-database -q "$PREFIX/applications" || true
    command -v update-mime-database >/dev/null && update-mime-database "$PREFIX/mime" >/dev/null || true
    command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$PREFIX/icons/hicolor" || true
}

if [ "$UNINSTALL" = 1 ]; then
    rm -f "${targets[@]}"
    refresh
    echo "Removed Gradient Explorer's menu entry, icon and file type from $PREFIX."
    exit 0
fi

install -D -m 644 "$HERE/$APP_ID.desktop" "${targets[0]}"
if [ -n "$EXEC" ]; then
    # Quote the command for the Exec key (spaces in a path), keep the %f file argument.
    escaped=$(printf '%s' "$EXEC" | sed 's/["`$\\]/\\&/g')
    sed -i "s|^Exec=.*|Exec=\"$escaped\" %f|; s|^TryExec=.*|TryExec=$EXEC|" "${targets[0]}"
elif ! command -v gradient-explorer-gui >/dev/null; then
    echo "note: gradient-explorer-gui is not on PATH yet; the menu entry appears once it is" \
         "(pipx install . / pip install --user .), or rerun with --exec COMMAND." >&2
fi
install -D -m 644 "$HERE/$APP_ID.metainfo.xml" "${targets[1]}"
install -D -m 644 "$HERE/$APP_ID.mime.xml" "${targets[2]}"
install -D -m 644 "$ICONS/gradient-explorer.svg" "${targets[3]}"
i=4
for size in $sizes; do
    install -D -m 644 "$ICONS/gradient-explorer-$size.png" "${targets[$i]}"
    i=$((i + 1))
done
refresh
echo "Installed Gradient Explorer's menu entry, icon and file type into $PREFIX."
