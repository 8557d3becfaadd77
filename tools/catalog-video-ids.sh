#!/usr/bin/env bash
# Fills the default catalog's missing Hindi video ids from the MIT bollywood-songs-metadata raw files (title, singer and film must match).
# Usage: tools/catalog-video-ids.sh [--catalog FILE] [--mit DIR] [--check]   (see docs/catalog-format.md)
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run --file tools/catalog-video-ids.cs -- "$@"
