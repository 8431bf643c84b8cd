#!/usr/bin/env bash
# Start-up time of the installed package vs the .venv (results go to docs/packaging.md by hand).
#   bench/bench_package_start.sh [RUNS]     (needs dist/board-app_*.deb from ./package, .venv,
#                                            hyperfine, Xvfb and xwininfo)
# `poster`: hyperfine over the whole process (A3 board of the sample items).
# GUI: time from exec until the main window (class board-app, >= 600 px wide) is mapped under
# Xvfb, then the window is closed; RUNS times each. Files are in the page cache after the first
# run; the first installed run is reported separately ("first start after install").
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-5}"
DEB="$(ls "$ROOT"/dist/board-app_*_amd64.deb | tail -n1)"
WORK="$ROOT/build/package/bench"
rm -rf "$WORK"
mkdir -p "$WORK/home"
dpkg-deb -x "$DEB" "$WORK/root"
cp "$ROOT/packaging/samples/"* "$WORK/"
cd "$WORK"
ORG="示例镇东风村党支部"
INSTALLED="$WORK/root/usr/bin/board-app"
VENV="$ROOT/.venv/bin/python $ROOT/main.py"
ENV="env -i HOME=$WORK/home LANG=C.UTF-8 PATH=/usr/bin:/bin XDG_DATA_HOME=$WORK/home/share XDG_CONFIG_HOME=$WORK/home/config"
$ENV "$INSTALLED" --db "$WORK/db.sqlite3" import sample-items.json >/dev/null

exec 5> "$WORK/display"
Xvfb -displayfd 5 -screen 0 1366x768x24 -nolisten tcp > "$WORK/xvfb.log" 2>&1 &
XVFB=$!
trap 'kill "$XVFB" 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$WORK/display" ] && break; sleep 0.1; done
export DISPLAY=":$(cat "$WORK/display")"

window_time() {  # command... -> seconds until the main window is mapped
    local start pid
    start=$(date +%s.%N)
    $ENV "DISPLAY=$DISPLAY" "$@" > /dev/null 2>&1 &
    pid=$!
    while ! xwininfo -root -children 2>/dev/null | grep '"board-app"' \
            | grep -Eo '[0-9]+x[0-9]+' | awk -Fx '$1 >= 600 { ok=1 } END { exit !ok }'; do
        if ! kill -0 "$pid" 2>/dev/null || [ "$(echo "$(date +%s.%N) - $start > 60" | bc)" = 1 ]
        then
            kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
            echo "failed"
            return 0
        fi
        sleep 0.02
    done
    echo "$(date +%s.%N) - $start" | bc
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
    sleep 1
}

echo "first start after install: $(window_time "$INSTALLED" --db "$WORK/db.sqlite3") s"
for label in installed venv; do
    times=()
    for _ in $(seq "$RUNS"); do
        if [ "$label" = installed ]; then
            times+=("$(window_time "$INSTALLED" --db "$WORK/db.sqlite3")")
        else
            times+=("$(window_time $VENV --db "$WORK/db.sqlite3")")
        fi
    done
    printf '%s GUI to window: %s\n' "$label" "$(printf '%s\n' "${times[@]}" | grep -v failed | sort -n \
        | awk '{ a[NR]=$1 } END { printf "median %.2f s (min %.2f, max %.2f, n=%d)", a[int((NR+1)/2)], a[1], a[NR], NR }')"
done

hyperfine --warmup 1 --runs "$RUNS" --export-markdown "$WORK/poster.md" \
    -n "installed poster" "$ENV $INSTALLED --db $WORK/db.sqlite3 poster --org $ORG --out $WORK/p1.pdf --date 2026-11-26 --size A3" \
    -n ".venv poster" "$ENV $VENV --db $WORK/db.sqlite3 poster --org $ORG --out $WORK/p2.pdf --date 2026-11-26 --size A3" \
    -n "installed --version" "$ENV $INSTALLED --version" \
    -n ".venv --version" "$ENV $VENV --version"
cat "$WORK/poster.md"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs"
