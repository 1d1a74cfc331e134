#!/usr/bin/env bash
# Linearity of the check, of every stage and of every rule, in instructions
# (callgrind), so the figures do not depend on what else the machine is
# doing: the check of a generated playbook at each size given, each
# function's inclusive instruction count, and for each step from one size to
# the next how much faster than the input it grew.
#
#   crates/parley-bench/linearity.sh                           # 1MB and 10MB
#   crates/parley-bench/linearity.sh 10KB 100KB 1MB 10MB 50MB  # every step
#   PARLEY_MISSPELL=5 crates/parley-bench/linearity.sh 100KB 1MB 10MB
#                                      # one step in five misspelt
#
# For each step, each function's growth is its instructions' ratio over the
# input's ratio: 1.00 is linear, and the budget allows 1.10 for ten times
# the input (at most eleven times the work), and for a step of another size
# as much per tenfold: 1.10 to the power of log10 of the input's ratio
# (1.069 from 10MB to 50MB; the tenfold step at the top of the budget's
# range is 5MB to 50MB). A rule finds what the playbook
# holds, and a generated playbook does not hold exactly ten times as much to
# find at ten times the size: a rule's growth is also given per finding
# (its instructions' ratio over its findings' ratio), and a rule whose work
# per finding is flat is in step with what it reports. The verdict of a
# rule goes by the smaller of the two, and the rules together (`rules::run`)
# are judged rule by rule; a function below 10,000 instructions at the
# smaller size (a rule with nothing to find there) is left out.
#
# Exits 1 when a growth judged is above what its step allows. Needs valgrind and python3. Takes a few minutes at 10MB, more at 50MB.
set -euo pipefail
if [ "$#" -eq 0 ]; then
    set -- 1MB 10MB
fi
if [ "$#" -lt 2 ]; then
    echo "usage: linearity.sh SIZE SIZE [SIZE ...]  (such as 10KB 100KB 1MB)" >&2
    exit 2
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
cargo build --release -q -p parley-bench --example profile
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# One thread: a large playbook's check would otherwise do part of its work
# on helper threads, outside the check's own functions.
export PARLEY_ONE_THREAD=1
for size in "$@"; do
    valgrind --tool=callgrind --callgrind-out-file="$work/$size.cg" \
        target/release/examples/profile check "$size" 2>"$work/$size.log" >/dev/null
    grep "check of" "$work/$size.log" >&2 || true
    callgrind_annotate --inclusive=yes --threshold=99.9 "$work/$size.cg" >"$work/$size.txt"
done
python3 - "$work" "$@" <<'PY'
import math, re, sys

work, sizes = sys.argv[1], sys.argv[2:]
ALLOWED_TENFOLD = 1.1

def allowed(input_ratio):
    """What a step of `input_ratio` times the input allows (see above)."""
    return ALLOWED_TENFOLD ** math.log10(max(input_ratio, 1.0))

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

def measured(size):
    """The playbook's bytes and each code's findings, from the log."""
    log = open(f"{work}/{size}.log").read()
    bytes_ = int(re.search(r"check of (\d+) bytes", log).group(1))
    findings = re.search(r"findings: (.*)", log)
    pairs = findings.group(1).split() if findings else []
    return bytes_, {code: int(n) for code, n in (p.split("=") for p in pairs)}

def rule_code(name):
    """`P104` for `parley_check::rules::p104_one_sided_step::check`."""
    match = re.search(r"rules::([a-z]\d{3})_", name)
    return match.group(1).upper() if match else None

generate = "parley_bench::generate"
table = {size: counts(f"{work}/{size}.txt") for size in sizes}
facts = {size: measured(size) for size in sizes}
worst = 0.0  # the largest growth judged, over what its step allows
for small, large in zip(sizes, sizes[1:]):
    (small_bytes, small_found), (large_bytes, large_found) = facts[small], facts[large]
    input_ratio = large_bytes / small_bytes
    step_allows = allowed(input_ratio)
    print(f"\n{small} -> {large}: the input grew {input_ratio:.2f} times, allowing {step_allows:.3f}")
    print(f"{'function':58} {small:>14} {large:>14} {'ratio':>7} {'growth':>7} {'per finding':>12}")
    a, b = table[small], table[large]
    for name in sorted(b, key=lambda n: -b[n]):
        if name.endswith(generate) or name not in a or a[name] < 10_000:
            continue
        ratio = b[name] / a[name]
        growth = ratio / input_ratio
        judged = growth
        per_finding = ""
        code = rule_code(name)
        if code and small_found.get(code) and large_found.get(code):
            found_ratio = large_found[code] / small_found[code]
            per = ratio / found_ratio
            per_finding = f"{per:.2f} ({small_found[code]}->{large_found[code]})"
            judged = min(growth, per)
        if name.endswith("rules::run"):
            # Every rule together: judged rule by rule, since what each
            # finds grows at its own pace.
            mark = "  (each rule judged)"
        else:
            worst = max(worst, judged / step_allows)
            mark = "" if judged <= step_allows else "  NOT linear"
        print(f"{name:58} {a[name]:>14,} {b[name]:>14,} {ratio:>7.2f} {growth:>7.2f} {per_finding:>12}{mark}")
    print(f"{'(the generator, not part of the check)':58} {a.get(generate, 0):>14,} {b.get(generate, 0):>14,}")
verdict = "linear" if worst <= 1.0 else "NOT linear"
print(f"\nlargest growth judged over what its step allows: {worst:.3f} (at most 1.000): {verdict}")
sys.exit(0 if worst <= 1.0 else 1)
PY
