#!/usr/bin/env bash
# Try the built .deb as a user would (run by `./package --check`):
#   1. install it with dpkg into a scratch root (maintainer scripts run against that root);
#   2. run the installed board-app --help, --version, import, poster and archive on the sample
#      data in an environment without Python on PATH, without .venv and with a scratch HOME;
#   3. start the window under Xvfb, wait until it is mapped, take a screenshot and check that
#      Python and Qt were loaded from /opt/board-app, not from this machine;
#   4. purge the package: the program is gone, the user's data stays.
# Results and the screenshot go to build/package/check/. Exit code 0 = every step passed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEB="${1:?usage: packaging/check.sh dist/board-app_VERSION_amd64.deb}"
VERSION="$(dpkg-deb -f "$DEB" Version)"
WORK="$ROOT/build/package/check"
R="$WORK/root"
HOME_DIR="$WORK/home"
ORG="示例镇东风村党支部"
rm -rf "$WORK"
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$R/var/lib/dpkg/triggers" \
    "$HOME_DIR" "$WORK/out"
touch "$R/var/lib/dpkg/status"
cp "$ROOT/packaging/samples/"* "$WORK/"

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

dpkg_root() {
    dpkg --root="$R" --log="$WORK/dpkg.log" --force-not-root --force-script-chrootless "$@"
}

# The system's MIME database source, so that "is it JSON or ours?" can be asked below.
if [ -f /usr/share/mime/packages/freedesktop.org.xml ]; then
    mkdir -p "$R/usr/share/mime/packages"
    cp /usr/share/mime/packages/freedesktop.org.xml "$R/usr/share/mime/packages/"
fi

step "install $(basename "$DEB") into $R"
# The libraries Qt needs come from the system (Depends:); the scratch root has no packages.
dpkg_root --force-depends -i "$DEB"
test -x "$R/opt/board-app/board-app" || fail "no /opt/board-app/board-app"
test -L "$R/usr/bin/board-app" || fail "no /usr/bin/board-app"
test -f "$R/usr/share/applications/board-app.desktop" || fail "no desktop entry"
grep -q '^Name\[zh_CN\]=公开栏管理$' "$R/usr/share/applications/board-app.desktop" \
    || fail "desktop entry lacks the Chinese name"
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$R/usr/share/applications/board-app.desktop"
fi
test -f "$R/usr/share/mime/application/x-board-app-items+json.xml" \
    || fail "update-mime-database did not register the interchange file type"
if command -v gio >/dev/null && [ -f "$R/usr/share/mime/packages/freedesktop.org.xml" ]; then
    echo '{"other": "json"}' > "$WORK/other.json"
    mime_of() {
        XDG_DATA_DIRS="$R/usr/share" XDG_DATA_HOME=/nonexistent \
            gio info -a standard::content-type "$1" | sed -n 's/.*content-type: //p'
    }
    test "$(mime_of "$ROOT/packaging/samples/sample-items.json")" \
        = application/x-board-app-items+json || fail "the interchange file is not recognised"
    test "$(mime_of "$WORK/other.json")" = application/json || fail "other JSON files taken over"
    echo "file type: interchange JSON recognised by content, other JSON untouched"
fi
echo "installed: $(du -sh "$R/opt/board-app" | cut -f1) in /opt/board-app"

# The environment of the installed program: no Python, no venv, a fresh home.
RUN=(env -i "HOME=$HOME_DIR" "PATH=$R/usr/bin" "LANG=C.UTF-8" "TZ=Asia/Shanghai"
     "XDG_DATA_HOME=$HOME_DIR/.local/share" "XDG_CONFIG_HOME=$HOME_DIR/.config"
     "XDG_CACHE_HOME=$HOME_DIR/.cache" "XDG_STATE_HOME=$HOME_DIR/.local/state")
if "${RUN[@]}" /bin/sh -c 'command -v python3 || command -v python'; then
    fail "python is on the PATH of the check environment"
fi
cd "$WORK"
DB="$HOME_DIR/办公室.sqlite3"
run() { "${RUN[@]}" board-app "$@"; }

step "board-app --help"
run --help > out/help.txt
grep -q "poster" out/help.txt && grep -q "archive" out/help.txt || fail "--help lacks commands"
head -n 3 out/help.txt

step "board-app --version"
test "$(run --version)" = "board-app $VERSION" || fail "--version: $(run --version)"
run --version

step "board-app import (sample data)"
run --db "$DB" import sample-items.json

step "board-app import of a missing file: exit code 2, no traceback"
set +e
run --db "$DB" import missing.json 2> out/missing.txt
code=$?
set -e
test "$code" = 2 || fail "exit code $code"
grep -q Traceback out/missing.txt && fail "traceback"
cat out/missing.txt

step "board-app poster"
run --db "$DB" poster --org "$ORG" --out out/poster.pdf --date 2026-11-26 --size A3
pdffonts out/poster.pdf | tail -n +3 | awk '{ if ($(NF-4) != "yes") bad=1 } END { exit bad }' \
    || fail "a poster font is not embedded"
pdftoppm -r 30 -png -singlefile out/poster.pdf out/poster

step "board-app archive"
run --db "$DB" archive --org "$ORG" --year 2026 --out out/archive.pdf
ls out/archive*.pdf >/dev/null 2>&1 || fail "no archive PDF"
pdffonts out/archive*.pdf | tail -n +3 | awk '{ if ($(NF-4) != "yes") bad=1 } END { exit bad }' \
    || fail "an archive font is not embedded"

step "the window under Xvfb"
exec 5> "$WORK/display"
Xvfb -displayfd 5 -screen 0 1366x768x24 -nolisten tcp > "$WORK/xvfb.log" 2>&1 &
XVFB=$!
trap 'kill "$XVFB" 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$WORK/display" ] && break; sleep 0.1; done
DISPLAY=":$(cat "$WORK/display")"
# A top-level window of class board-app at least 600 px wide (the main window, not a splash).
main_window_mapped() {
    DISPLAY=$DISPLAY xwininfo -root -children 2>/dev/null \
        | grep '"board-app"' | grep -Eo '[0-9]+x[0-9]+' | awk -Fx '$1 >= 600 { ok=1 } END { exit !ok }'
}
start=$(date +%s.%N)
"${RUN[@]}" "DISPLAY=$DISPLAY" board-app --db "$DB" > "$WORK/gui.log" 2>&1 &
GUI=$!
shown=""
for _ in $(seq 600); do
    if main_window_mapped; then
        shown=$(date +%s.%N)
        break
    fi
    kill -0 "$GUI" 2>/dev/null || { cat "$WORK/gui.log"; fail "the app exited"; }
    sleep 0.05
done
test -n "$shown" || fail "no window within 30 s"
printf 'window mapped after %.2f s\n' "$(echo "$shown - $start" | bc)"
sleep 2  # let it paint
DISPLAY=$DISPLAY import -window root "$WORK/gui.png"
echo "screenshot: $WORK/gui.png"
# Which Python and Qt did the running window load?
grep -o '/[^ ]*lib\(python3\|Qt6Core\)[^ ]*' "/proc/$GUI/maps" | sort -u | tee "$WORK/libs.txt"
grep -qv "^$R/opt/board-app/" "$WORK/libs.txt" && fail "a library outside /opt/board-app"
kill -TERM "$GUI"
wait "$GUI" || true
kill "$XVFB" 2>/dev/null || true

step "purge the package: program gone, user data kept"
dpkg_root -P board-app
test ! -e "$R/opt/board-app" || fail "/opt/board-app left behind: $(find "$R/opt/board-app" | head)"
test ! -e "$R/usr/bin/board-app" || fail "/usr/bin/board-app left behind"
test ! -e "$R/usr/share/applications/board-app.desktop" || fail "desktop entry left behind"
test -s "$DB" || fail "the user's database was removed"
echo "left in the user's home: $(cd "$HOME_DIR" && find . -maxdepth 3 -mindepth 1 | sort | tr '\n' ' ')"

step "package check passed"
