#!/usr/bin/env bash
# Seeds every fuzz target's corpus with the playbooks of the repository: the
# examples and every `.parley` fixture or formatter input under crates/*/tests.
# The lsp_edits target takes structured input and starts from its own corpus.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
seeds=$(find ../examples ../crates/*/tests -type f \( -name '*.parley' -o -path '*format_inputs*' \) | sort)
for target in parse check format apply_every_fix lsp_edits; do
  mkdir -p "corpus/$target"
  for seed in $seeds; do
    name=$(echo "$seed" | sed 's|^\.\./||; s|/|_|g')
    cp "$seed" "corpus/$target/$name"
  done
done
echo "seeded $(echo "$seeds" | wc -l) files into each of fuzz/corpus/*"
