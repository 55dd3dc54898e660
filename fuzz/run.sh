#!/usr/bin/env bash
# Builds the "fuzz" preset (clang-14, libFuzzer, ASan + UBSan) and runs every fuzz target for
# SECONDS (default 60) on its committed seed corpus in fuzz/corpus/<target>/, one after the other.
# New inputs the fuzzer finds go to build/fuzz/corpus/<target>/ (the committed seeds are never
# changed), crashing ones to build/fuzz/artifacts/<target>/, each run's log to build/fuzz/logs/.
# Prints executions and crashes per target; exits non-zero if any target crashed, hung, ran out
# of memory or reported a leak or undefined behaviour.
#   usage: fuzz/run.sh [SECONDS] [TARGET...]      (TARGET: run_config, architecture_json, ...)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: fuzz/run.sh [SECONDS] [TARGET...]  (SECONDS: a whole number >= 1, got '$seconds')" >&2
  exit 2
fi
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(run_config method_settings architecture_json latency_table fashion_mnist_idx cifar_records)
fi
for t in "${targets[@]}"; do
  if [ ! -d "fuzz/corpus/$t" ]; then
    echo "fuzz/run.sh: unknown target '$t' (no fuzz/corpus/$t)" >&2
    exit 2
  fi
done

# clang-14 and libFuzzer's runtime are test packages (packaging/test-packages).
bash packaging/install-deps.sh --tests
if [ ! -f build/fuzz/build.ninja ]; then
  cmake --preset fuzz >/dev/null
fi
cmake --build --preset fuzz

out="build/fuzz"
failed=0
for t in "${targets[@]}"; do
  corpus="$out/corpus/$t"
  artifacts="$out/artifacts/$t"
  log="$out/logs/$t.log"
  mkdir -p "$corpus" "$out/logs"
  rm -rf "$artifacts" && mkdir -p "$artifacts"
  # -timeout: one input running 10 s counts as a hang; -rss_limit_mb: more than 2 GiB (also for
  # a single allocation) counts as a crash, which catches sizes taken on trust from a header.
  status=0
  "$out/bin/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" "fuzz/corpus/$t" >"$log" 2>&1 || status=$?
  executions="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  crashes="$(find "$artifacts" -type f | wc -l)"
  printf '%-18s %12s executions %3d crashes in %ss (work corpus: %d inputs)\n' "$t" "${executions:-?}" "$crashes" \
    "$seconds" "$(find "$corpus" -type f | wc -l)"
  if [ "$status" -ne 0 ] || [ "$crashes" -ne 0 ]; then
    failed=$((failed + 1))
    echo "  fuzz_$t failed (exit $status); from $log:"
    grep -E -A12 'round trip|^==[0-9]+==ERROR|runtime error|deadly signal|Timeout|out-of-memory|uncaught exception' "$log" \
      | head -n 40 | sed 's/^/    /' || tail -n 30 "$log" | sed 's/^/    /'
    for artifact in "$artifacts"/*; do echo "  reproduce with: $out/bin/fuzz_$t $artifact"; done
  fi
done

echo "fuzz: $((${#targets[@]} - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
