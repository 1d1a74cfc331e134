#!/usr/bin/env bash
# Editor grammars and packages, checked with the tools and editors users run:
#
#   - the tree-sitter grammar: `tree-sitter generate --abi 14` leaves the
#     committed src/ unchanged, and `tree-sitter test` passes its corpus
#     (tree-sitter-cli pinned below, installed from crates.io);
#   - the TextMate grammar: vscode-tmgrammar-test assertion and snapshot tests;
#   - the VS Code extension: type-checked, compiled and packaged to a .vsix;
#   - the Helix languages.toml: valid TOML with the language, server and grammar;
#   - headless Neovim (Debian's package) loading the parser and queries,
#     driving `parley lsp` on examples/acme.parley (diagnostics, hover, the
#     P101 quick fix), and running the setup its README gives;
#   - pytest-lsp driving `parley lsp` with the recorded client capabilities of
#     VS Code, Neovim and Emacs.
#
# With CI=true (or PARLEY_EDITORS_INSTALL=1) it installs what is missing:
# tree-sitter-cli (cargo), neovim (apt), pytest-lsp (pip, in a fresh venv).
# Otherwise a check whose tool is missing is reported as SKIPPED, and under
# CI=true a skipped check is a failure.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

TREE_SITTER_CLI_VERSION=0.27.1
CI=${CI:-}
INSTALL=${PARLEY_EDITORS_INSTALL:-}
if [ "$CI" = true ]; then
  INSTALL=1
fi

passed=0
failed=0
skipped=0
failures=()
skips=()

step() { printf '\n==> editors: %s [%ss]\n' "$*" "$SECONDS"; }

# run NAME COMMAND...: runs one check and counts it.
run() {
  local name=$1
  shift
  step "$name"
  local started=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    echo "PASSED: $name ($((SECONDS - started))s)"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "FAILED: $name ($((SECONDS - started))s)"
  fi
}

# skip NAME REASON: a check that could not run here.
skip() {
  step "$1"
  skipped=$((skipped + 1))
  skips+=("$1 ($2)")
  echo "SKIPPED: $1: $2"
}

have() { command -v "$1" >/dev/null 2>&1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif have sudo; then
    sudo "$@"
  else
    echo "editors: need root (or sudo) to run: $*" >&2
    return 1
  fi
}

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq || return 1
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# ---------------------------------------------------------------------------
# Tools

tree_sitter_ok() {
  have tree-sitter && [ "$(tree-sitter --version 2>/dev/null | awk '{print $2}')" = "$TREE_SITTER_CLI_VERSION" ]
}

if ! tree_sitter_ok && [ -n "$INSTALL" ]; then
  step "cargo install tree-sitter-cli $TREE_SITTER_CLI_VERSION"
  # Without the bundled QuickJS: `generate` runs grammar.js with Node.js.
  cargo install tree-sitter-cli --version "$TREE_SITTER_CLI_VERSION" --locked --no-default-features
fi

if ! have nvim && [ -n "$INSTALL" ]; then
  step "apt-get install neovim"
  apt_install neovim
fi

VENV=
if [ -n "$INSTALL" ] && have python3; then
  step "pytest-lsp (pip, in a fresh virtual environment)"
  VENV=$(mktemp -d)/venv
  if python3 -m venv "$VENV" && "$VENV/bin/pip" install -q --disable-pip-version-check -r editors/tests/requirements.txt; then
    :
  else
    echo "editors: could not install pytest-lsp" >&2
    VENV=
  fi
elif python3 -c 'import pytest_lsp' >/dev/null 2>&1; then
  VENV=system
fi

# ---------------------------------------------------------------------------
# The tree-sitter grammar

ts_src_up_to_date() {
  (cd grammar/tree-sitter-parley && tree-sitter generate --abi 14) || return 1
  if ! git diff --exit-code --stat -- grammar/tree-sitter-parley/src; then
    echo "grammar/tree-sitter-parley/src is out of date: run \`tree-sitter generate --abi 14\` in grammar/tree-sitter-parley and commit src/" >&2
    return 1
  fi
  local untracked
  untracked=$(git ls-files --others --exclude-standard -- grammar/tree-sitter-parley/src)
  if [ -n "$untracked" ]; then
    echo "generated files not committed: $untracked" >&2
    return 1
  fi
  grep -q '#define LANGUAGE_VERSION 14' grammar/tree-sitter-parley/src/parser.c || {
    echo "src/parser.c is not ABI 14" >&2
    return 1
  }
}

ts_corpus() {
  (cd grammar/tree-sitter-parley && tree-sitter test)
}

if tree_sitter_ok && have node; then
  run "tree-sitter generate --abi 14: committed src/ is up to date" ts_src_up_to_date
  run "tree-sitter test (corpus)" ts_corpus
else
  skip "tree-sitter generate/test" "tree-sitter $TREE_SITTER_CLI_VERSION or node not installed; cargo install tree-sitter-cli --version $TREE_SITTER_CLI_VERSION --locked"
fi

# ---------------------------------------------------------------------------
# The TextMate grammar and the VS Code extension

textmate_tests() {
  (cd grammar/textmate && npm ci --no-audit --no-fund --loglevel=error && npm test)
}

vscode_package() {
  (
    cd editors/vscode &&
      npm ci --no-audit --no-fund --loglevel=error &&
      npm run --silent typecheck &&
      npm test --silent &&
      npm run --silent package | tail -n 1
  ) || return 1
  python3 - <<'EOF'
import json, sys, zipfile
with zipfile.ZipFile("editors/vscode/parley.vsix") as vsix:
    names = set(vsix.namelist())
    needed = {
        "extension/package.json",
        "extension/out/extension.js",
        "extension/syntaxes/parley.tmLanguage.json",
        "extension/language-configuration.json",
        "extension/snippets/parley.json",
        "extension/node_modules/vscode-languageclient/package.json",
    }
    missing = sorted(needed - names)
    if missing:
        sys.exit(f"parley.vsix lacks {missing}")
    packaged = json.loads(vsix.read("extension/syntaxes/parley.tmLanguage.json"))
    with open("grammar/textmate/parley.tmLanguage.json", encoding="utf-8") as f:
        if packaged != json.load(f):
            sys.exit("the packaged grammar differs from grammar/textmate/parley.tmLanguage.json")
print(f"parley.vsix: {len(names)} files, grammar and language client included")
EOF
}

if have npm && have node; then
  run "TextMate grammar: vscode-tmgrammar-test (assertions and snapshots)" textmate_tests
  run "VS Code extension: tsc, manifest tests, vsce package" vscode_package
else
  skip "TextMate grammar and VS Code extension" "node and npm not installed"
fi

# ---------------------------------------------------------------------------
# Helix

helix_languages() {
  python3 - <<'EOF'
import sys, tomllib
with open("editors/helix/languages.toml", "rb") as f:
    config = tomllib.load(f)
language = next(l for l in config["language"] if l["name"] == "parley")
assert language["file-types"] == ["parley"], language
assert language["scope"] == "source.parley", language
assert "parley-lsp" in language["language-servers"], language
server = config["language-server"]["parley-lsp"]
assert server["command"] == "parley" and server["args"] == ["lsp"], server
grammar = next(g for g in config["grammar"] if g["name"] == "parley")
assert "path" in grammar["source"], grammar
print("languages.toml: language, language server and grammar declared")
EOF
}

if have python3; then
  run "Helix: languages.toml" helix_languages
else
  skip "Helix: languages.toml" "python3 not installed"
fi

# ---------------------------------------------------------------------------
# Real clients of `parley lsp`

PARLEY_BIN=
step "cargo build -p parley-cli (the server under test)"
build_log=$(mktemp)
if cargo build -q -p parley-cli 2>"$build_log"; then
  PARLEY_BIN=$ROOT/target/debug/parley
else
  cat "$build_log" >&2
  failed=$((failed + 1))
  failures+=("cargo build -p parley-cli")
fi

nvim_treesitter() {
  local rtp
  rtp=$(mktemp -d)
  mkdir -p "$rtp/parser"
  cc -o "$rtp/parser/parley.so" -shared -fPIC -O2 -I grammar/tree-sitter-parley/src \
    grammar/tree-sitter-parley/src/parser.c grammar/tree-sitter-parley/src/scanner.c || return 1
  timeout 60 nvim --headless --clean --cmd "set rtp^=$ROOT/editors/neovim,$rtp" \
    -u editors/neovim/tests/treesitter.lua examples/*.parley
}

nvim_setup() {
  local dir
  dir=$(mktemp -d)
  cp examples/acme.parley "$dir/acme.parley"
  PARLEY_BIN=$PARLEY_BIN timeout 60 nvim --headless --clean --cmd "set rtp^=$ROOT/editors/neovim" \
    -u editors/neovim/tests/setup.lua "$dir/acme.parley"
}

nvim_lsp() {
  local dir
  dir=$(mktemp -d)
  cp examples/acme.parley "$dir/acme.parley"
  PARLEY_BIN=$PARLEY_BIN timeout 90 nvim --headless --clean --cmd "set rtp^=$ROOT/editors/neovim" \
    -u editors/neovim/tests/lsp_client.lua "$dir/acme.parley"
}

if have nvim; then
  nvim --version | head -1
  run "Neovim: parser and queries load" nvim_treesitter
  if [ -n "$PARLEY_BIN" ]; then
    run "Neovim: parley lsp on acme.parley (diagnostics, hover, P101 quick fix)" nvim_lsp
    run "Neovim: the README's setup (lsp/parley.lua, require('parley').setup())" nvim_setup
  fi
else
  skip "Neovim: parser, queries and parley lsp" "nvim not installed; apt-get install neovim"
fi

pytest_lsp() {
  local python=python3
  if [ "$VENV" != system ]; then
    python=$VENV/bin/python
  fi
  PARLEY_BIN=$PARLEY_BIN timeout 300 "$python" -m pytest -q -p no:cacheprovider -c editors/tests/pytest.ini editors/tests
}

if [ -n "$VENV" ] && [ -n "$PARLEY_BIN" ]; then
  run "pytest-lsp: parley lsp under VS Code, Neovim and Emacs capabilities" pytest_lsp
elif [ -z "$VENV" ]; then
  skip "pytest-lsp" "pytest-lsp not installed; pip install -r editors/tests/requirements.txt"
fi

# ---------------------------------------------------------------------------

step "summary"
for name in "${failures[@]}"; do echo "  failed:  $name"; done
for name in "${skips[@]}"; do echo "  skipped: $name"; done
echo "editors: $passed passed, $failed failed, $skipped skipped"
if [ "$skipped" -gt 0 ]; then
  if [ "$CI" = true ]; then
    echo "editors: with CI=true a skipped check is a failure: install what is listed above" >&2
    exit 1
  fi
  echo "editors: SOME CHECKS WERE SKIPPED (tools not installed); run with PARLEY_EDITORS_INSTALL=1 to install them"
fi
[ "$failed" -eq 0 ]
