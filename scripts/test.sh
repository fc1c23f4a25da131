#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, then unit, ABI and
# integration tests in a debug build, again under ASan+UBSan, a plain release
# build as a user would make it, then the fuzz targets for a bounded time.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-deps.sh

jobs=$(nproc)
# A CI machine's disk may be nearly full: there each build tree goes once
# its stage has passed (the debug and sanitizer trees are gigabytes), debug
# information is compressed (a tree takes about 40% less), and the compiler
# pipes rather than writing temporary files.
free_tree() {
  if [ -n "${CI:-}" ]; then rm -rf "$@"; fi
}
if [ -n "${CI:-}" ]; then export CFLAGS="${CFLAGS:-} -pipe -gz" CXXFLAGS="${CXXFLAGS:-} -pipe -gz"; fi
echo "== formatting"
mapfile -t sources < <(git ls-files '*.c' '*.h' '*.cpp' '*.hpp')
clang-format --dry-run --Werror "${sources[@]}"

for preset in dev asan-ubsan; do
  echo "== build and test: $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  ctest --preset "$preset" -j "$jobs" --timeout 300
  free_tree "build/$preset"
done

# Exactly what a user or packager types, without the presets' -Werror: it
# must build with whatever warnings this compiler finds at -O3. Then the
# install: its chatd must find the installed core plugins on its own, and a
# plugin built out of tree against the installed package must pass its unit
# tests in the installed test host and load.
echo "== plain release build, install, out-of-tree plugin and its tests"
cmake -S . -B build/plain -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/plain -j "$jobs"
rm -rf build/plain-install build/out-of-tree
cmake --install build/plain --prefix build/plain-install >/dev/null
build/plain-install/bin/chatd --list-plugins | tee build/plain-install.list
grep -q '^ok  *rooms ' build/plain-install.list
# The only public headers are the plugin API's and the test host's.
diff <(cd build/plain-install/include && find . -type f | sort) \
  <({ (cd plugin-api/include && find . -type f) && echo ./chatd/test_host.hpp; } | sort)
cmake -S tests/out_of_tree -B build/out-of-tree -G Ninja \
  -DCMAKE_PREFIX_PATH="$PWD/build/plain-install" >/dev/null
cmake --build build/out-of-tree
ctest --test-dir build/out-of-tree --output-on-failure --timeout 300
printf '[plugins]\ndir = "%s"\npipeline = []\n' "$PWD/build/out-of-tree/plugins" \
  >build/out-of-tree/chatd.toml
build/plain-install/bin/chatd --config build/out-of-tree/chatd.toml --list-plugins |
  grep '^ok  *example_cpp '
free_tree build/plain build/plain-install build/out-of-tree

echo "== fuzz smoke (clang libFuzzer)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs" --target fuzz_targets
ctest --test-dir build/fuzz -L fuzz --output-on-failure --timeout 300
