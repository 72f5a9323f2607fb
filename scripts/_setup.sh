# Shared set-up for scripts/run and scripts/test (sourced, not run).
# Creates .venv, installs callsim into it, checks system libraries and makes
# sure a Vosk model is present. Every problem is one line that names the fix.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${CALLSIM_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
MODEL_NAME="vosk-model-small-en-us-0.15"

say() { printf 'callsim setup: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

need_python() {
  command -v python3 >/dev/null || die "python3 not found: sudo apt-get install python3 python3-venv"
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
    || die "callsim needs Python 3.10 or newer (found $(python3 --version 2>&1))"
  python3 -c 'import ensurepip, venv' 2>/dev/null && return 0
  install_debs python3-venv && python3 -c 'import ensurepip, venv' 2>/dev/null \
    || die "Python's venv module is missing: sudo apt-get install python3-venv"
}

make_venv() {
  [ -x "$PY" ] || { say "creating $VENV"; python3 -m venv "$VENV"; }
}

install_callsim() {  # $1: extras, e.g. "" or "[test,bench]"; skipped when pyproject is unchanged and they are in
  local stamp="$VENV/.callsim-stamp" hash have
  hash="$(sha256sum < "$ROOT/pyproject.toml" | cut -c1-16)"
  have="$(cat "$stamp" 2>/dev/null || true)"
  case "$have" in "$hash $1"|"$hash [test,bench]") return 0 ;; esac
  say "installing callsim$1 into $VENV (first run takes a minute)"
  "$PY" -m pip install -q --upgrade pip >/dev/null
  "$PY" -m pip install -q -e "$ROOT$1" || die "pip install failed (see above); check your network for PyPI"
  echo "$hash $1" > "$stamp"
}

missing_debs() {  # prints the Debian packages of "$@" that are not installed
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || printf '%s ' "$pkg"
  done
}

install_debs() {  # installs Debian packages if missing (root, or sudo); else says what to run
  command -v dpkg-query >/dev/null || { say "not a Debian/Ubuntu system: install PortAudio ($*) yourself"; return 0; }
  local missing; missing="$(missing_debs "$@")"
  [ -z "$missing" ] && return 0
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  if [ -n "$sudo" ] && ! command -v sudo >/dev/null; then
    say "missing system packages: run as root: apt-get install $missing"; return 1
  fi
  say "installing system packages: $missing"
  { $sudo apt-get update -qq && $sudo apt-get install -y -qq $missing >/dev/null; } \
    || { say "could not install: run  sudo apt-get install $missing"; return 1; }
}

check_portaudio() {
  "$PY" -c 'import sounddevice' 2>/dev/null && return 0
  say "PortAudio is missing, so callsim cannot use the microphone or speaker."
  say "install it with:  sudo apt-get install libportaudio2   (until then, replies can come from audio files)"
  return 1
}

model_problem() {  # what `callsim model path` says on stderr: empty when a usable model is there (it exits 0 either way)
  "$VENV/bin/callsim" model path 2>&1 >/dev/null | sed 's/^callsim: //'
}

ensure_model() {  # uses CALLSIM_VOSK_MODEL, an installed model, ../shared, or downloads one
  if [ -z "${CALLSIM_VOSK_MODEL:-}" ] && [ -d "$ROOT/../shared/models/$MODEL_NAME" ] && [ -n "$(model_problem)" ]; then
    export CALLSIM_VOSK_MODEL="$(cd "$ROOT/../shared/models/$MODEL_NAME" && pwd)"
  fi
  local problem
  problem="$(model_problem)"
  if [ -z "$problem" ]; then return 0; fi
  [ -n "${CALLSIM_VOSK_MODEL:-}" ] && die "$problem"
  say "no speech model yet: downloading $MODEL_NAME (41 MB, once)"
  "$VENV/bin/callsim" model download
}
