#!/usr/bin/env bash
# Lists the functions of `parley` that its commands run, in the order the
# linker lays them out first (`hot-code/functions.txt`, read by
# `build.rs`): see "Hot code together" in PERFORMANCE.md.
#
# Run it after a toolchain or dependency update, or once new code is on the
# paths below, and after the last change to the code before measuring
# memory (a change anywhere in a crate can rename the functions LLVM shares
# between its code generation units), on a quiet machine (the server
# session runs on timers: on a busy one it ran 34 fewer functions):
# `bash crates/parley-cli/hot-code/refresh.sh`. It needs
# valgrind and python3. It builds `parley` without the list, runs each
# workload once under callgrind on a generated playbook, and writes every
# function of the binary that ran, workload by workload: `parley check
# --format json` first (the command the memory budget is measured on), of a
# playbook, of one with misspelt steps and of one with a date it cannot
# meet, then human and SARIF output, the fixes, the other commands and a
# language server session. Functions that no longer exist are skipped by
# the linker; new ones are laid out where they would be without the list.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/parley-hot-code.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$root"

command -v valgrind >/dev/null || { echo "refresh.sh: needs valgrind" >&2; exit 2; }
command -v python3 >/dev/null || { echo "refresh.sh: needs python3" >&2; exit 2; }

# Built as it ships, but laid out without the current list.
PARLEY_HOT_CODE=off cargo build -q --release -p parley-cli -p parley-bench --bins
parley="$root/target/release/parley"
# Large enough that nearly every rule reports, from another seed than the
# benchmarks' playbooks.
"$root/target/release/parley-gen" --seed 7 --size 1MB > "$work/deal.parley"
# The same with one step in five misspelt: what a playbook whose names fail
# to resolve runs (did-you-mean, the reports of undeclared names), which
# the memory budget is also measured on.
"$root/target/release/parley-gen" --seed 7 --size 1MB --misspell 5 > "$work/misspelt.parley"
# Seed 7's playbook has no date its process cannot meet (`T301`); seed 11's,
# the first from 7 on that has one, runs that rule's report too.
"$root/target/release/parley-gen" --seed 11 --size 1MB > "$work/late.parley"
cp examples/acme.parley "$work/acme.parley"

n=0
profile() {
  n=$((n + 1))
  valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/$(printf '%02d' "$n").out" \
    "$parley" "$@" > /dev/null 2>&1 < /dev/null || true
}

profile check --format json "$work/deal.parley"
profile check --format json "$work/misspelt.parley"
profile check --format json "$work/late.parley"
profile check "$work/deal.parley"
profile check --color always "$work/deal.parley"
profile check --format sarif "$work/deal.parley"
cp "$work/deal.parley" "$work/fixed.parley"
profile check --fix "$work/fixed.parley"
profile fmt --check "$work/deal.parley"
profile plan "$work/acme.parley"
profile graph "$work/acme.parley"
profile explain P101

# A language server session: open, edit, complete, hover, close, exit.
n=$((n + 1))
python3 - "$work/deal.parley" > "$work/session.bin" <<'EOF'
import json, sys
text = open(sys.argv[1]).read()
uri = "file:///deal.parley"
messages = [
    {"id": 1, "method": "initialize", "params": {"capabilities": {}}},
    {"method": "initialized", "params": {}},
    {"method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "parley", "version": 1, "text": text}}},
    {"method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"range": {"start": {"line": 3, "character": 0},
                                      "end": {"line": 3, "character": 0}}, "text": " "}]}},
    {"id": 2, "method": "textDocument/completion", "params": {
        "textDocument": {"uri": uri}, "position": {"line": 3, "character": 1}}},
    {"id": 3, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": uri}, "position": {"line": 2, "character": 14}}},
    {"method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}},
    {"id": 4, "method": "shutdown"},
    {"method": "exit"},
]
out = sys.stdout.buffer
for message in messages:
    body = json.dumps(dict(jsonrpc="2.0", **message)).encode()
    out.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
EOF
# The server reads the whole session, answers, and exits on `exit`; the
# check of each version runs after a quiet moment, so the input is fed slowly.
(sleep 1; head -c 100000000 "$work/session.bin"; sleep 2) |
  valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/$(printf '%02d' "$n").out" \
    "$parley" lsp > /dev/null 2>&1 || true

python3 - "$parley" "$work" "$here/functions.txt" "$(rustc -V)" <<'EOF'
import glob, re, sys
binary, work, target, rustc = sys.argv[1:5]
# The C runtime's functions that start and end every run (from crt1.o and
# crtbegin.o): callgrind shows them as addresses, as the symbol table gives
# them no size, so they are named here. Left out, the linker put them just
# past the listed functions, and the kernel mapped 64 KiB of the binary
# around them at every start.
ordered = [
    "_start",
    "deregister_tm_clones",
    "register_tm_clones",
    "__do_global_dtors_aux",
    "frame_dummy",
]
seen = set(ordered)
for path in sorted(glob.glob(f"{work}/*.out")):
    objects, functions, current = {}, {}, None
    # Each workload's new functions, sorted by name: they are laid out
    # together whatever their order, and the list changes only where the
    # code did.
    new = []
    for line in open(path, errors="replace"):
        line = line.rstrip("\n")
        m = re.match(r"(c?ob)=\((\d+)\)(?: (.*))?$", line)
        if m:
            if m.group(3):
                objects[m.group(2)] = m.group(3)
            if m.group(1) == "ob":
                current = objects.get(m.group(2))
            continue
        m = re.match(r"(c?fn)=\((\d+)\)(?: (.*))?$", line)
        if m:
            if m.group(3):
                functions[m.group(2)] = m.group(3)
            name = functions.get(m.group(2))
            # callgrind marks recursion depths (`f'2`); addresses and
            # `(below main)` are not symbols.
            name = re.sub(r"'\d+$", "", name or "")
            if not re.match(r"[_A-Za-z]", name):
                continue
            if m.group(1) == "fn" and current == binary and name not in seen:
                seen.add(name)
                new.append(name)
    ordered.extend(sorted(new))
if len(ordered) < 100:
    sys.exit(f"refresh.sh: only {len(ordered)} functions found; is valgrind working?")
with open(target, "w") as out:
    out.write(f"# {rustc}\n")
    out.write("# Written by refresh.sh: the functions of `parley` its commands run.\n")
    out.write("\n".join(ordered) + "\n")
print(f"{target}: {len(ordered)} functions, for {rustc}")
EOF
