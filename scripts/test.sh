#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, then unit, ABI and
# integration tests in a debug build, again under ASan+UBSan, a plain release
# build as a user would make it, then the fuzz targets for a bounded time.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-deps.sh

jobs=$(nproc)
echo "== formatting"
mapfile -t sources < <(git ls-files '*.c' '*.h' '*.cpp' '*.hpp')
clang-format --dry-run --Werror "${sources[@]}"

for preset in dev asan-ubsan; do
  echo "== build and test: $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  ctest --preset "$preset" -j "$jobs" --timeout 300
done

# Exactly what a user or packager types, without the presets' -Werror: it
# must build with whatever warnings this compiler finds at -O3.
echo "== plain release build"
cmake -S . -B build/plain -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/plain -j "$jobs"

echo "== fuzz smoke (clang libFuzzer)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs" --target fuzz_targets
ctest --test-dir build/fuzz -L fuzz --output-on-failure --timeout 300
