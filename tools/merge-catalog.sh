#!/usr/bin/env bash
# Rebuilds src/Moodtune.Music/Catalog/default-catalog.csv from CSV fragments (default folder /tmp/catalog-parts).
# Usage: tools/merge-catalog.sh [--parts DIR] [--out FILE] [--mit-ids DIR]   (see docs/catalog-format.md)
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run --file tools/merge-catalog.cs -- "$@"
