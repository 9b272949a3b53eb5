#!/usr/bin/env bash
# Adds a migration to both of the portal's migration sets, SQLite and PostgreSQL, from the current
# model. The two providers need different SQL, so each has its own context and folder:
#   Portal.Server/Persistence/Migrations/Sqlite    (SqlitePortalDbContext)
#   Portal.Server/Persistence/Migrations/Postgres  (PostgresPortalDbContext)
# Usage: scripts/add-migration.sh AddDeployments
# Review both generated files, then run the tests: they apply every migration from empty on both
# providers and fail if the model has changes no migration covers.
set -euo pipefail

name="${1:-}"
if [[ ! "$name" =~ ^[A-Z][A-Za-z0-9]*$ ]]; then
    echo "usage: $0 MigrationName   (PascalCase, e.g. AddDeployments)" >&2
    exit 2
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
dotnet tool restore >/dev/null

for provider in Sqlite Postgres; do
    dotnet ef migrations add "$name" \
        --project Portal.Server \
        --context "${provider}PortalDbContext" \
        --output-dir "Persistence/Migrations/$provider"
done
