#!/usr/bin/env bash
# Runs every test of the repository: builds the solution once, runs each test project under
# tests/, and ends with exactly one summary line:
#   tests: N passed, N failed, N skipped
# Exits non-zero when the build fails, a test project fails, or any test fails.
# Meant for a fresh Debian 12 machine with the .NET SDK; installs Chromium for the browser tests
# and the PostgreSQL server for the database tests when it can (as root, or with password-less sudo).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

CONFIGURATION="${CONFIGURATION:-Release}"
RESULTS="$ROOT/artifacts/test-results"
export PORTAL_SCREENSHOTS="$ROOT/artifacts/screenshots"
# A test run that hangs (a browser that never answers) is ended and its project counted failed.
HANG_TIMEOUT="${PORTAL_TEST_HANG_TIMEOUT:-10m}"

say() { printf '==> %s\n' "$*"; }

# ---- System packages the tests need ------------------------------------------------------
# Chromium for the browser tests; the PostgreSQL server for the database tests, which start a
# throwaway server of their own (no system service is used).
APT_UPDATED=0

# $1: Debian package, $2: what it is for. Installs it when it can (root or password-less sudo).
install_with_apt() {
    local package="$1" purpose="$2"
    if ! command -v apt-get >/dev/null 2>&1; then
        say "$package not found and apt-get unavailable; $purpose will report themselves"
        return 0
    fi
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
            sudo=(sudo -n)
        else
            say "$package not found and not root; $purpose will report themselves"
            return 0
        fi
    fi
    say "installing $package (apt-get)"
    local log="$ROOT/artifacts/apt-$package.log"
    : >"$log"
    if [ "$APT_UPDATED" -eq 0 ]; then
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$log" 2>&1 && APT_UPDATED=1
    fi
    if "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >>"$log" 2>&1; then
        say "$package installed"
    else
        say "$package could not be installed (see $log); $purpose will report themselves"
    fi
}

install_chromium() {
    if [ ! -x /usr/bin/chromium ]; then
        install_with_apt chromium "browser tests"
    fi
}

install_postgresql() {
    if ! compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null; then
        install_with_apt postgresql "PostgreSQL tests"
    fi
}

mkdir -p "$ROOT/artifacts" "$PORTAL_SCREENSHOTS"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

install_chromium
install_postgresql

# ---- Build ---------------------------------------------------------------------------------
say "dotnet build Portal.sln -c $CONFIGURATION"
if ! dotnet build Portal.sln -c "$CONFIGURATION"; then
    say "build failed"
    echo "tests: 0 passed, 0 failed, 0 skipped"
    exit 1
fi

shopt -s nullglob
projects=(tests/*/*.csproj)
shopt -u nullglob

# A test project not (yet) listed in the solution still runs: build it on its own.
build_failed=0
for proj in "${projects[@]}"; do
    if ! grep -qF "$(basename "$proj")\"" Portal.sln; then
        say "building $proj (not in Portal.sln)"
        if ! dotnet build "$proj" -c "$CONFIGURATION"; then
            build_failed=1
        fi
    fi
done

# ---- Run each test project, keep going after a failure -------------------------------------
failed_projects=()
for proj in "${projects[@]}"; do
    name="$(basename "$proj" .csproj)"
    say "dotnet test $name"
    if ! dotnet test "$proj" -c "$CONFIGURATION" --no-build \
        --logger "trx;LogFileName=$name.trx" \
        --results-directory "$RESULTS" \
        --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none; then
        failed_projects+=("$name")
    fi
done

# ---- Sum the TRX result summaries (no python needed) ---------------------------------------
# The ResultSummary holds one <Counters total= executed= passed= failed= error= timeout=
# aborted= ... notExecuted= .../>. Skipped tests are counted in total but not in executed.
counter() {
    # $1: the Counters element, $2: attribute name; prints its value or 0.
    local value
    value="$(printf '%s\n' "$1" | grep -oE "[[:space:]]$2=\"[0-9]+\"" | head -n1 | grep -oE '[0-9]+')"
    printf '%s' "${value:-0}"
}

passed=0
failed=0
skipped=0
for proj in "${projects[@]}"; do
    name="$(basename "$proj" .csproj)"
    trx="$RESULTS/$name.trx"
    counters="$([ -f "$trx" ] && tr '\n\r' '  ' <"$trx" | grep -oE '<Counters[^>]*>' | head -n1)"
    if [ -z "$counters" ]; then
        say "$name: no test results ($trx missing or unreadable)"
        case " ${failed_projects[*]-} " in *" $name "*) ;; *) failed_projects+=("$name") ;; esac
        continue
    fi
    total="$(counter "$counters" total)"
    executed="$(counter "$counters" executed)"
    p="$(counter "$counters" passed)"
    f=$(( $(counter "$counters" failed) + $(counter "$counters" error) + $(counter "$counters" timeout) + $(counter "$counters" aborted) ))
    s="$(counter "$counters" notExecuted)"
    if [ $(( total - executed )) -gt "$s" ]; then
        s=$(( total - executed ))
    fi
    say "$name: $p passed, $f failed, $s skipped"
    passed=$(( passed + p ))
    failed=$(( failed + f ))
    skipped=$(( skipped + s ))
done

status=0
if [ "${#projects[@]}" -eq 0 ]; then
    say "no test projects found under tests/"
    status=1
fi
if [ "$build_failed" -ne 0 ]; then
    say "a test project failed to build"
    status=1
fi
if [ "${#failed_projects[@]}" -gt 0 ]; then
    say "failing projects: ${failed_projects[*]}"
    status=1
fi
if [ "$failed" -gt 0 ]; then
    status=1
fi

echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
