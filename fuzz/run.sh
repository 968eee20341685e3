#!/usr/bin/env bash
# Run one fuzz target for SECONDS: fuzz/run.sh TARGET SECONDS [more libFuzzer flags]
#   TARGET: loader | normaliser | importer | importer_docx (fuzz_importer.py reading Word XML)
# New inputs go to fuzz/corpus/TARGET (kept between runs, not in git), seeds are read from
# fuzz/seeds/TARGET, crashes land in fuzz/crashes/TARGET, the log in fuzz/logs/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then echo "usage: fuzz/run.sh TARGET SECONDS [libFuzzer flags]" >&2; exit 2; fi
target=$1 seconds=$2; shift 2
extra=()
case $target in
  loader|importer) harness=fuzz/fuzz_$target.py ;;
  # Plan cells are short; longer strings only fill fold's lru_cache towards the RSS limit.
  normaliser) harness=fuzz/fuzz_normaliser.py extra=(-max_len=1024) ;;
  importer_docx) harness=fuzz/fuzz_importer.py; export FUZZ_IMPORTER_MODE=docx ;;
  *) echo "unknown target '$target' (loader, normaliser, importer, importer_docx)" >&2; exit 2 ;;
esac
python=${PYTHON:-.venv/bin/python}
mkdir -p "fuzz/corpus/$target" "fuzz/crashes/$target" fuzz/logs
log=fuzz/logs/$target-$(date +%Y%m%d-%H%M%S).log
echo "fuzzing $target for ${seconds}s; log: $log"
"$python" "$harness" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
    -artifact_prefix="fuzz/crashes/$target/" "${extra[@]}" "$@" \
    "fuzz/corpus/$target" "fuzz/seeds/$target" 2>&1 | tee "$log"
