#!/usr/bin/env bash
# Linearity of every stage and every rule, in instructions (callgrind), so
# the figures do not depend on what else the machine is doing: the check of
# a generated playbook at two sizes, each function's inclusive instruction
# count at both, and their ratio. Linear means the ratio stays near the
# ratio of the sizes (at most 1.1 times it).
#
#   crates/parley-bench/linearity.sh            # 1MB and 10MB
#   crates/parley-bench/linearity.sh 100KB 1MB
#
# Needs valgrind. Takes a few minutes at 10MB.
set -euo pipefail
small=${1:-1MB}
large=${2:-10MB}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
cargo build --release -q -p parley-bench --example profile
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# One thread: a large playbook's check would otherwise do part of its work
# on helper threads, outside the check's own functions.
export PARLEY_ONE_THREAD=1
for size in "$small" "$large"; do
    valgrind --tool=callgrind --callgrind-out-file="$work/$size.cg" \
        target/release/examples/profile check "$size" 2>"$work/$size.log" >/dev/null
    grep "check of" "$work/$size.log" >&2 || true
    callgrind_annotate --inclusive=yes --threshold=99.9 "$work/$size.cg" >"$work/$size.txt"
done
python3 - "$work/$small.txt" "$work/$large.txt" "$small" "$large" <<'PY'
import re, sys

def counts(path):
    """Inclusive instructions of the pipeline's own functions."""
    wanted = re.compile(
        r"parley_(syntax::(lex|parser::parse|format::format)"
        r"|check::(check_text|analyze|resolve::resolve|model::\w+::new|graph::\w+::new"
        r"|negotiated::NegotiatedProcess::new|timeline::\w+|rules::run|rules::Context::new"
        r"|rules::[a-z]\d{3}_\w+::check)"
        r"|bench::generate)\b"
    )
    found = {}
    for line in open(path):
        # `count (share)  path:function [binary]`. Inlined code splits a
        # function's total by source file; the largest share is the one
        # that holds its callees, and it is the same one at every size.
        match = re.match(r"\s*([\d,]+) \([^)]*\)\s+[^\s:]+:(\S+)", line)
        if not match:
            continue
        name = match.group(2)
        if not wanted.search(name) or "{{closure}}" in name:
            continue
        count = int(match.group(1).replace(",", ""))
        found[name] = max(found.get(name, 0), count)
    return found

small, large = counts(sys.argv[1]), counts(sys.argv[2])
generate = ("parley_bench::generate",)
gen_small = sum(v for k, v in small.items() if k.endswith(generate))
gen_large = sum(v for k, v in large.items() if k.endswith(generate))
print(f"{'function':60} {sys.argv[3]:>14} {sys.argv[4]:>14} {'ratio':>7}")
for name in sorted(large, key=lambda n: -large[n]):
    if name.endswith(generate) or name not in small or small[name] < 10_000:
        continue
    print(f"{name:60} {small[name]:>14,} {large[name]:>14,} {large[name] / small[name]:>7.2f}")
print(f"{'(the generator, not part of the check)':60} {gen_small:>14,} {gen_large:>14,}")
PY
