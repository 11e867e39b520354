#!/usr/bin/env bash
# Screenshots of the desktop app in a real window (Xvfb, software OpenGL/Vulkan):
# the start screen and every walkthrough step on the bundled sample, in English,
# plus Chinese and dark-theme views. PNGs go to target/screenshots/.
#
#   scripts/screenshots.sh            # builds the release binary first
#   scripts/screenshots.sh matrix     # every step at 1440×900 and 1024×700, English
#                                     # and Chinese: target/screenshots/matrix/SIZE-LANG-NN-step.png
#
# Installs what it needs (Debian/Ubuntu): xvfb, imagemagick, xdotool.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v Xvfb >/dev/null || need+=(xvfb)
command -v import >/dev/null || need+=(imagemagick)
command -v xdotool >/dev/null || need+=(xdotool)
if ((${#need[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

cargo build --release --locked
bin=target/release/parkaudit
out=target/screenshots
mkdir -p "$out"

if [[ ${1:-} == matrix ]]; then
  m=$out/matrix
  mkdir -p "$m"
  rm -f "$m"/*.png
  XDG_DATA_HOME=$(mktemp -d)
  export XDG_DATA_HOME
  profile_dir=$(mktemp -d)
  printf '(name: "Li Ming", organisation: "Example Verification Co.", role: "Lead verifier")\n' >"$profile_dir/profile.ron"
  export PARKAUDIT_PROFILE=$profile_dir/profile.ron
  for size in 1440x900 1024x700; do
    Xvfb :96 -screen 0 "${size}x24" >/dev/null 2>&1 &
    xvfb=$!
    sleep 1
    for lang in en zh; do
      i=1
      for step in Project Boundary Methodology Data Factors Inventory Cbam Claims Verification Export Compare; do
        name="$m/$size-$lang-$(printf '%02d' $i)-$(echo "$step" | tr '[:upper:]' '[:lower:]').png"
        DISPLAY=:96 PARKAUDIT_WINDOW=$size PARKAUDIT_STEP=$step PARKAUDIT_LANG=$lang \
          "$bin" open sample-projects/jinghai-park/jinghai-park.ron 2>/dev/null &
        pid=$!
        sleep 5
        DISPLAY=:96 import -window root "$name"
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        echo "$name"
        i=$((i + 1))
      done
    done
    kill $xvfb 2>/dev/null || true
    wait $xvfb 2>/dev/null || true
  done
  exit 0
fi
rm -f "$out"/*.png "$out"/timing.txt

display=:97
Xvfb "$display" -screen 0 1440x900x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=$display
# A fresh settings folder: no recent files, no recovery offer from earlier runs.
XDG_DATA_HOME=$(mktemp -d)
export XDG_DATA_HOME

sample=sample-projects/jinghai-park/jinghai-park.ron
# The auditor's profile (asked for at first start; the first shot shows that prompt).
profile_dir=$(mktemp -d)
printf '(name: "Li Ming", organisation: "Example Verification Co.", role: "Lead verifier")\n' >"$profile_dir/profile.ron"
export PARKAUDIT_PROFILE=$profile_dir/profile.ron

# shot NAME SECONDS [ENV=VALUE ...] -- ARGS...
shot() {
  local name=$1 wait=$2
  shift 2
  local envs=()
  while [[ $1 != -- ]]; do envs+=("$1"); shift; done
  shift
  env PARKAUDIT_TIMING=1 "${envs[@]}" "$bin" "$@" 2>>"$out/timing.txt" &
  local pid=$!
  sleep "$wait"
  import -window root "$out/$name.png"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$out/$name.png"
}

shot 00-first-start 4 PARKAUDIT_PROFILE="$profile_dir/none.ron" --
shot 00-start 4 --
i=1
for step in Project Boundary Methodology Data Factors Inventory Cbam Claims Verification Export Compare; do
  shot "$(printf '%02d' $i)-$(echo "$step" | tr '[:upper:]' '[:lower:]')" 5 PARKAUDIT_STEP=$step -- open "$sample"
  i=$((i + 1))
done
shot 10-inventory-zh 5 PARKAUDIT_STEP=Inventory PARKAUDIT_LANG=zh -- open "$sample"
shot 11-boundary-zh 5 PARKAUDIT_STEP=Boundary PARKAUDIT_LANG=zh -- open "$sample"
shot 12-verification-dark 5 PARKAUDIT_STEP=Verification PARKAUDIT_DARK=1 -- open "$sample"
shot 18-cbam-zh 5 PARKAUDIT_STEP=Cbam PARKAUDIT_LANG=zh -- open "$sample"

# Without a window manager the window needs keyboard focus given to it.
focus() {
  local w
  w=$(xdotool search --sync --name ParkAudit | head -1)
  xdotool windowfocus --sync "$w"
}

# The import preview: the sample's workbook opened in the app starts a new
# project and validates the workbook into it (no typing: coordinates drift).
"$bin" open "$PWD/sample-projects/jinghai-park/jinghai-park-activity.xlsx" 2>/dev/null &
pid=$!
sleep 7
import -window root "$out/13-data-validation.png"
echo "$out/13-data-validation.png"
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true

# Compare: the sample under equity share instead of operational control.
env PARKAUDIT_STEP=Compare "$bin" open "$sample" 2>/dev/null &
pid=$!
sleep 3
focus
xdotool mousemove 567 154 click 1
sleep 3
import -window root "$out/15-compare-equity-share.png"
echo "$out/15-compare-equity-share.png"
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true

# A signed export of the sample, as a newcomer would do it: a key from
# `parkaudit keygen`, then key file, passphrase, name and organisation typed in.
keydir=$(mktemp -d)
PARKAUDIT_KEY_PASSPHRASE="screenshot passphrase" "$bin" keygen --out "$keydir/key" --name "Li Ming" --org "Example Verification Co." >/dev/null
rm -f "$out/jinghai-park-audit.xlsx" "$out/jinghai-park-audit.xlsx.sig"
env PARKAUDIT_STEP=Export "$bin" open "$sample" 2>/dev/null &
pid=$!
sleep 3
focus
type_at() { xdotool mousemove "$1" "$2" click 1; sleep 0.3; xdotool key ctrl+a; xdotool type --delay 15 "$3"; sleep 0.3; }
type_at 600 90 "$PWD/$out/jinghai-park-audit.xlsx"
type_at 600 168 "$keydir/key"
type_at 520 195 "screenshot passphrase"
type_at 520 221 "Li Ming"
type_at 520 247 "Example Verification Co."
# The sample's verification is not complete: a signed draft.
xdotool mousemove 414 117 click 1
sleep 0.3
xdotool mousemove 350 270 click 1
for _ in $(seq 60); do [[ -f "$out/jinghai-park-audit.xlsx.sig" ]] && break; sleep 1; done
sleep 3
import -window root "$out/14-export-signed.png"
echo "$out/14-export-signed.png"
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
"$bin" verify "$out/jinghai-park-audit.xlsx" || true

# A record's explanation in its own window, and Help › Getting started, in Chinese.
env PARKAUDIT_STEP=Inventory PARKAUDIT_LANG=zh PARKAUDIT_WINDOW=1440x900 "$bin" open "$sample" 2>/dev/null &
pid=$!
sleep 4
focus
xdotool mousemove 350 810 click 1
sleep 1.5
import -window root "$out/16-explanation-zh.png"
echo "$out/16-explanation-zh.png"
xdotool mousemove 133 12 click 1
sleep 0.7
xdotool mousemove 160 38 click 1
sleep 1.5
import -window root "$out/17-getting-started-zh.png"
echo "$out/17-getting-started-zh.png"
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true

echo "start to first frame (release, this machine):"
grep "first frame" "$out/timing.txt" || true
