#!/usr/bin/env bash
# Writes the README's screenshots to docs/screenshots/: every page, light and dark, at desktop
# (1280 px) and phone (390 px) width, from the simulated organization in Chromium.
# Needs /usr/bin/chromium (apt-get install -y chromium).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dotnet build tests/Portal.BrowserTests -c Release
PORTAL_DOC_SCREENSHOTS=1 dotnet test tests/Portal.BrowserTests -c Release --no-build \
    --filter "FullyQualifiedName~ShellTests.Screenshots_of_every_page"
