# Shared set-up for ./run and ./test: a .venv in the repo root with the project installed.
# ensure_venv EXTRA [DIR] : create DIR (default .venv) if missing and (re)install the project
# with EXTRA when pyproject.toml changed.
ensure_venv() {
    local extra="$1"
    local venv="${2:-.venv}"
    local py="${PYTHON:-python3}"
    if [ ! -x "$ROOT/$venv/bin/python" ]; then
        echo "创建虚拟环境 $venv (creating $venv) ..." >&2
        "$py" -m venv "$ROOT/$venv"
    fi
    local stamp="$ROOT/$venv/.installed${extra}"
    local constraints=()
    # The versions the suite was last run with (see docs/CONTRIBUTING.md to refresh them).
    [ -f "$ROOT/constraints.txt" ] && constraints=(-c "$ROOT/constraints.txt")
    if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ] \
        || { [ -f "$ROOT/constraints.txt" ] && [ "$ROOT/constraints.txt" -nt "$stamp" ]; }; then
        echo "安装依赖，首次需要几分钟 (installing dependencies) ..." >&2
        local log="$ROOT/$venv/install.log"
        if ! { "$ROOT/$venv/bin/python" -m pip install -q --upgrade pip \
               && "$ROOT/$venv/bin/python" -m pip install -q "${constraints[@]}" \
                    -e "$ROOT$extra"; } >"$log" 2>&1; then
            tail -n 40 "$log" >&2
            echo "安装失败，详见 $log (installation failed, see $log)" >&2
            exit 1
        fi
        touch "$stamp"
    fi
}

# System libraries Qt needs on a bare Debian (see README).
QT_SYSTEM_LIBS="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 \
libxcb-randr0 libxcb-render-util0 libxcb-image0 poppler-utils"

install_qt_system_libs() {
    local missing=""
    for pkg in $QT_SYSTEM_LIBS; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
    done
    if [ -n "$missing" ]; then
        echo "apt-get install$missing" >&2
        apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >&2
    fi
}

# As root: install what is missing. As another user: print the apt command and stop.
ensure_qt_system_libs() {
    command -v dpkg >/dev/null 2>&1 || return 0   # not Debian/Ubuntu: nothing we can check
    local missing=""
    for pkg in $QT_SYSTEM_LIBS; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = "0" ]; then
        install_qt_system_libs
    else
        echo "缺少 Qt 需要的系统库，请先运行 (missing system libraries; run first):" >&2
        echo "  sudo apt-get install -y$missing" >&2
        exit 1
    fi
}

# PostgreSQL server binaries for the tests that run on both engines (tests/pg_cluster.py starts
# a throw-away cluster from them). As root on Debian: installed when missing. Otherwise the
# tests say plainly that they skip PostgreSQL. BOARD_APP_SKIP_PG=1 skips it on purpose.
POSTGRESQL_PACKAGE="postgresql-15"

ensure_postgresql() {
    [ -n "${BOARD_APP_SKIP_PG:-}" ] && return 0
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && return 0
    [ -n "${BOARD_APP_PG_BIN:-}" ] && return 0
    command -v initdb >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "apt-get install $POSTGRESQL_PACKAGE (PostgreSQL for the tests)" >&2
        if { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
                --no-install-recommends "$POSTGRESQL_PACKAGE"; } >&2; then
            return 0
        fi
        echo "PostgreSQL could not be installed: its tests will be skipped" >&2
    else
        echo "未找到 PostgreSQL，相关测试将跳过 (PostgreSQL not found: its tests will be skipped;" \
            "install it with: sudo apt-get install -y $POSTGRESQL_PACKAGE)" >&2
    fi
}
