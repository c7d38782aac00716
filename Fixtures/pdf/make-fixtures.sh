#!/usr/bin/env bash
# Regenerates every PDF fixture in Fixtures/pdf/ from Fixtures/pdf/sources/.
# Needs (Debian 12): libreoffice-writer-nogui (or libreoffice-writer), chromium, qpdf, poppler-utils,
# fonts-liberation2, fonts-dejavu-core, fonts-crosextra-carlito, fonts-noto-core,
# and for the QA8 fixtures fonts-freefont-ttf, fonts-urw-base35, fonts-open-sans, fonts-roboto, fonts-lato.
# Usage: bash Fixtures/pdf/make-fixtures.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="$HERE/sources"
OUT="$HERE"
WORK="$(mktemp -d /tmp/ratsdoc-fixtures.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

for tool in soffice chromium qpdf pdftoppm pdfinfo pdffonts pdftotext fc-list; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 1; }
done
# QA8 fonts: without them LibreOffice/Chromium would silently substitute another font.
for font in FreeSans FreeSerif "Nimbus Sans" "Open Sans" Roboto Lato P052 "DejaVu Serif" "Nimbus Roman" \
            "Open Sans Condensed" "Noto Serif Display" "URW Bookman"; do
  fc-list "$font" | grep -q . || { echo "missing font: $font (see the package list above)" >&2; exit 1; }
done

# LibreOffice: .fodt -> PDF, with a throw-away user profile so no ~/.config is touched or needed.
lo_pdf() { # name (without .fodt)
  local name="$1"
  HOME="$WORK/home" soffice -env:UserInstallation="file://$WORK/lo-profile" --headless --norestore \
    --convert-to pdf --outdir "$WORK/lo" "$SRC/$name.fodt" >/dev/null 2>&1
  [ -s "$WORK/lo/$name.pdf" ] || { echo "LibreOffice failed for $name" >&2; exit 1; }
  mv -f "$WORK/lo/$name.pdf" "$OUT/$name.pdf"
  echo "made $name.pdf (LibreOffice)"
}

# Chromium: HTML -> PDF. Page size and margins come from CSS @page; running headers and
# footers come from CSS page-margin boxes (@top-center etc.), so the browser's own
# header/footer is switched off with --no-pdf-header-footer.
chromium_pdf() { # html-file out.pdf
  local html="$1" out="$2"
  HOME="$WORK/home" chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --user-data-dir="$WORK/chromium-profile" --print-to-pdf="$out" "file://$html" >/dev/null 2>&1
  [ -s "$out" ] || { echo "Chromium failed for $html" >&2; exit 1; }
  echo "made $(basename "$out") (Chromium)"
}

mkdir -p "$WORK/home" "$WORK/lo"

# --- born-digital fixtures ------------------------------------------------------------
for name in aachen-vorlage-libreoffice aachen-vorlage-2-libreoffice karlsruhe-vorlage-libreoffice running-header-footer \
            aachen-vorlage-4-libreoffice aachen-vorlage-5-libreoffice karlsruhe-vorlage-3-libreoffice \
            aachen-vorlage-10-libreoffice aachen-vorlage-11-libreoffice aachen-vorlage-12-libreoffice \
            aachen-vorlage-14-libreoffice karlsruhe-vorlage-12-libreoffice \
            aachen-vorlage-19-libreoffice aachen-vorlage-21-libreoffice karlsruhe-vorlage-14-libreoffice \
            aachen-vorlage-23-libreoffice karlsruhe-vorlage-16-libreoffice aachen-vorlage-26-libreoffice; do
  lo_pdf "$name"
done
for name in aachen-vorlage-chromium karlsruhe-vorlage-chromium karlsruhe-vorlage-2-chromium two-column \
            aachen-vorlage-3-chromium karlsruhe-vorlage-4-chromium karlsruhe-vorlage-5-chromium \
            aachen-vorlage-9-chromium karlsruhe-vorlage-9-chromium karlsruhe-vorlage-10-chromium \
            aachen-vorlage-13-chromium aachen-vorlage-15-chromium aachen-vorlage-18-chromium \
            aachen-vorlage-20-chromium aachen-vorlage-22-chromium karlsruhe-vorlage-15-chromium \
            aachen-vorlage-24-chromium aachen-vorlage-25-chromium karlsruhe-vorlage-17-chromium; do
  chromium_pdf "$SRC/$name.html" "$OUT/$name.pdf"
done

# RIS report-engine PDFs (ReportLab): every string at an absolute position, no table objects.
# Needs `pip install reportlab` (not a Debian package here).
python3 -c 'import reportlab' 2>/dev/null || { echo "missing Python package: pip install reportlab" >&2; exit 1; }
RISGEN=(aachen-vorlage-6-risgen aachen-vorlage-7-risgen aachen-vorlage-8-risgen \
        karlsruhe-vorlage-6-risgen karlsruhe-vorlage-7-risgen karlsruhe-vorlage-8-risgen \
        karlsruhe-vorlage-11-risgen aachen-vorlage-16-risgen)
risjson=(); for name in "${RISGEN[@]}"; do risjson+=("$SRC/$name.json"); done
python3 "$SRC/ris-generator.py" "$OUT" "${risjson[@]}"
# QA7: layout options of ris-generator-qa7.py (row split at a page break, 4th column Ö/N)
RISGEN7=(karlsruhe-vorlage-13-risgen aachen-vorlage-17-risgen)
python3 "$SRC/ris-generator-qa7.py" "$OUT" "$SRC/karlsruhe-vorlage-13-risgen.json" "$SRC/aachen-vorlage-17-risgen.json"
RISGEN+=("${RISGEN7[@]}")

# --- bad inputs ---------------------------------------------------------------------
# encrypted.pdf: AES-256, user password "USERPW" (needed to open), owner password "OWNERPW".
rm -f "$OUT/encrypted.pdf"
qpdf --encrypt USERPW OWNERPW 256 -- "$OUT/karlsruhe-vorlage-chromium.pdf" "$OUT/encrypted.pdf"
echo "made encrypted.pdf (qpdf)"

# truncated.pdf: the first 40 % of the bytes of aachen-vorlage-libreoffice.pdf.
size=$(stat -c %s "$OUT/aachen-vorlage-libreoffice.pdf")
head -c $(( size * 40 / 100 )) "$OUT/aachen-vorlage-libreoffice.pdf" > "$OUT/truncated.pdf"
echo "made truncated.pdf ($(( size * 40 / 100 )) of $size bytes)"

# not-a-pdf.pdf: plain text with a .pdf name.
printf '%s\n' 'Dies ist keine PDF-Datei.' 'Die Vorlage konnte nicht abgerufen werden (HTTP 404).' > "$OUT/not-a-pdf.pdf"
echo "made not-a-pdf.pdf"

# empty.pdf: 0 bytes.
: > "$OUT/empty.pdf"
echo "made empty.pdf"

# image-only.pdf: page 1 of a fixture as a 100 dpi grey raster image, wrapped into a PDF by Chromium.
mkdir -p "$WORK/img"
pdftoppm -r 100 -gray -png -f 1 -l 1 -singlefile "$OUT/karlsruhe-vorlage-libreoffice.pdf" "$WORK/img/page"
cp "$SRC/image-only.html" "$WORK/img/image-only.html"
chromium_pdf "$WORK/img/image-only.html" "$OUT/image-only.pdf"

# --- checks ---------------------------------------------------------------------------
check_producer() { # file expected-substring
  local p
  p=$(pdfinfo "$OUT/$1" | sed -n 's/^Producer: *//p')
  case "$p" in *"$2"*) ;; *) echo "unexpected Producer for $1: $p" >&2; exit 1;; esac
}
for f in aachen-vorlage-libreoffice aachen-vorlage-2-libreoffice karlsruhe-vorlage-libreoffice running-header-footer \
         aachen-vorlage-4-libreoffice aachen-vorlage-5-libreoffice karlsruhe-vorlage-3-libreoffice \
         aachen-vorlage-10-libreoffice aachen-vorlage-11-libreoffice aachen-vorlage-12-libreoffice \
         aachen-vorlage-14-libreoffice karlsruhe-vorlage-12-libreoffice \
         aachen-vorlage-19-libreoffice aachen-vorlage-21-libreoffice karlsruhe-vorlage-14-libreoffice \
            aachen-vorlage-23-libreoffice karlsruhe-vorlage-16-libreoffice aachen-vorlage-26-libreoffice; do
  check_producer "$f.pdf" LibreOffice
done
for f in aachen-vorlage-chromium karlsruhe-vorlage-chromium karlsruhe-vorlage-2-chromium two-column image-only \
         aachen-vorlage-3-chromium karlsruhe-vorlage-4-chromium karlsruhe-vorlage-5-chromium \
         aachen-vorlage-9-chromium karlsruhe-vorlage-9-chromium karlsruhe-vorlage-10-chromium \
         aachen-vorlage-13-chromium aachen-vorlage-15-chromium aachen-vorlage-18-chromium \
         aachen-vorlage-20-chromium aachen-vorlage-22-chromium karlsruhe-vorlage-15-chromium \
            aachen-vorlage-24-chromium aachen-vorlage-25-chromium karlsruhe-vorlage-17-chromium; do
  check_producer "$f.pdf" Skia
done
for f in "${RISGEN[@]}"; do check_producer "$f.pdf" ReportLab; done
if [ "$(pdffonts "$OUT/image-only.pdf" | tail -n +3 | wc -l)" -ne 0 ]; then echo "image-only.pdf has fonts" >&2; exit 1; fi
if [ -n "$(pdftotext "$OUT/image-only.pdf" - | tr -d '[:space:]')" ]; then echo "image-only.pdf has text" >&2; exit 1; fi
if pdfinfo "$OUT/encrypted.pdf" >/dev/null 2>&1; then echo "encrypted.pdf opens without password" >&2; exit 1; fi
pdfinfo -upw USERPW "$OUT/encrypted.pdf" >/dev/null
echo "all fixtures made and checked"
