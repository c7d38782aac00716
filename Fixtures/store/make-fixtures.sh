#!/usr/bin/env bash
# The store's fixtures: a Vorlage revised after it was published (the decision moved from the
# Gemeinderat of 28.04.2026, TOP 7, to the one of 19.05.2026, TOP 4). The source is
# ../pdf/sources/karlsruhe-vorlage-libreoffice.fodt with those two cells changed; this script
# renders it with LibreOffice (Debian's libreoffice-writer-nogui), like ../pdf/make-fixtures.sh.
set -euo pipefail
cd "$(dirname "$0")"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
name=karlsruhe-vorlage-revised-libreoffice
HOME="$WORK/home" soffice -env:UserInstallation="file://$WORK/lo-profile" --headless --norestore \
  --convert-to pdf --outdir "$WORK" "sources/$name.fodt" >/dev/null 2>&1
[ -s "$WORK/$name.pdf" ] || { echo "LibreOffice failed for $name" >&2; exit 1; }
mv -f "$WORK/$name.pdf" "$name.pdf"
echo "made $name.pdf (LibreOffice)"
