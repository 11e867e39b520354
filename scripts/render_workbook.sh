#!/usr/bin/env bash
# Renders a workbook the way a recipient prints it: LibreOffice headless to
# PDF, then one PNG per page, for looking at page by page.
#
#   scripts/render_workbook.sh WORKBOOK.xlsx [OUT_DIR] [DPI]
#
# Needs `soffice` (LibreOffice) and `pdftoppm` (poppler-utils); for Chinese
# text a CJK font (fonts-wqy-microhei or fonts-noto-cjk). Writes
# OUT_DIR/<name>.pdf and OUT_DIR/<name>-<page>.png, and prints the page count.
set -euo pipefail
book=${1:?usage: render_workbook.sh WORKBOOK.xlsx [OUT_DIR] [DPI]}
out=${2:-render}
dpi=${3:-70}
for tool in soffice pdftoppm pdfinfo; do
  command -v "$tool" >/dev/null || { echo "render_workbook.sh: $tool not found (apt-get install libreoffice-calc poppler-utils)" >&2; exit 2; }
done
mkdir -p "$out"
name=$(basename "${book%.*}")
# A private profile: a running LibreOffice or a first-start dialog cannot interfere.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
soffice -env:UserInstallation=file://"$profile" --headless --calc \
  --convert-to pdf --outdir "$out" "$book" >/dev/null
pdftoppm -r "$dpi" -png "$out/$name.pdf" "$out/$name"
pages=$(pdfinfo "$out/$name.pdf" | awk '/^Pages:/ {print $2}')
echo "$out/$name.pdf: $pages pages"
