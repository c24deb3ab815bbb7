#!/usr/bin/env bash
# Installs SIC into a fresh prefix and uses it as an outside project would:
# the files in place; examples/app configured against the prefix alone
# (find_package(SIC), sic_add_model), built and run, with the runtime's
# errors for a wrong input and a model of another contract; a C program
# built with pkg-config's flags for sic-runtime; and the runtime installed
# on its own, which the example refuses with its reason.
#
#   check_install.sh BUILD_DIR SOURCE_DIR WORK_DIR PYTHON
set -euo pipefail
build=$1 source=$2 work=$3 python=$4
prefix=$work/prefix
rm -rf "$work"
mkdir -p "$work"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
# expect_output WANT COMMAND...: COMMAND's stdout and stderr must hold WANT.
expect_output() {
  local want=$1 got
  shift
  got=$("$@" 2>&1) || true
  [[ $got == *"$want"* ]] || fail "$* printed:
$got
expected it to hold:
$want"
}

echo "== cmake --install into $prefix"
cmake --install "$build" --prefix "$prefix" > "$work/install.log"
for file in bin/sic-compile bin/sic-run bin/sic-opt lib/libsic_runtime.a \
    lib/libsic_runtime.so include/sic/runtime.h include/sic/abi.h \
    lib/cmake/SIC/SICConfig.cmake lib/cmake/SIC/SICConfigVersion.cmake \
    lib/cmake/SIC/SICRuntimeTargets.cmake lib/cmake/SIC/SICTools.cmake \
    lib/cmake/SIC/SICModel.cmake lib/pkgconfig/sic-runtime.pc \
    share/doc/sic/README.md share/doc/sic/user-guide.md; do
  [ -e "$prefix/$file" ] || fail "cmake --install left out $file"
done
"$prefix/bin/sic-compile" --version > /dev/null ||
  fail "the installed sic-compile does not run"

echo "== examples/app against the prefix"
cmake -G Ninja -S "$source/examples/app" -B "$work/app" \
  -DCMAKE_PREFIX_PATH="$prefix" > "$work/app-configure.log"
cmake --build "$work/app" > "$work/app-build.log"
npy="$python $source/test/Inputs/npy.py"
$npy "$work/x.npy" '<f4' 1,4 0.5 -1 2 0.25
$npy "$work/short.npy" '<f4' 1,3 0.5 -1 2
static=$("$work/app/classify_static" "$work/x.npy")
library=$("$work/app/classify_library" "$work/app/mlp.so" "$work/x.npy")
[[ $static == "probs [1, 3] f32: "* ]] ||
  fail "classify_static printed: $static"
[ "$static" = "$library" ] ||
  fail "classify_static and classify_library differ: $static / $library"
reference=$("$prefix/bin/sic-run" "$work/app/mlp.so" \
  --input "x=$work/x.npy" --reference "$source/examples/mlp.mlir")
[[ $reference == *"reference: output 'probs' (#0): "*": ok"* ]] ||
  fail "sic-run --reference printed: $reference"
expect_output "error: SIC_STATUS_DIM_MISMATCH: model 'mlp': input 'x' (#0) dim 1: expected 4, got 3" \
  "$work/app/classify_static" "$work/short.npy"
cat > "$work/other.mlir" <<'MLIR'
sic.graph @other(%x: tensor<1x4xf32> {sic.name = "x"})
    -> (tensor<1x4xf32> {sic.name = "y"}) {
  %y = sic.relu %x : (tensor<1x4xf32>) -> tensor<1x4xf32> loc("relu")
  sic.output %y : tensor<1x4xf32>
}
MLIR
"$prefix/bin/sic-compile" "$work/other.mlir" -o "$work/other.so"
expect_output "error: SIC_STATUS_CONTRACT_MISMATCH: model 'other': contract hash: expected" \
  "$work/app/classify_library" "$work/other.so" "$work/x.npy"
echo "$static"

echo "== pkg-config sic-runtime"
cat > "$work/names.c" <<'C'
#include <sic/runtime.h>
#include <stdio.h>
int main(void) {
  puts(sic_status_name(SIC_STATUS_CONTRACT_MISMATCH));
  return 0;
}
C
flags=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs sic-runtime)
# shellcheck disable=SC2086
cc "$work/names.c" $flags -o "$work/names"
[ "$(LD_LIBRARY_PATH="$prefix/lib" "$work/names")" = SIC_STATUS_CONTRACT_MISMATCH ] ||
  fail "a program built with pkg-config's flags does not run"

echo "== sic_add_model's errors"
# bad_call CALL WANT: a project making CALL fails to configure with WANT.
bad_call() {
  local dir=$work/bad-$((++bad_calls))
  mkdir -p "$dir"
  cat > "$dir/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.20)
project(bad C)
find_package(SIC REQUIRED)
add_executable(app main.c)
$1
CMAKE
  echo "int main(void) { return 0; }" > "$dir/main.c"
  expect_output "$2" cmake -G Ninja -S "$dir" -B "$dir/build" \
    -DCMAKE_PREFIX_PATH="$prefix"
}
bad_calls=0
model=$source/examples/mlp.mlir
bad_call "sic_add_model(app MODEL $model SPEED fast)" \
  "sic_add_model(app): unknown arguments: SPEED;fast"
bad_call "sic_add_model(nothing MODEL $model)" \
  "sic_add_model(nothing): no such target"
bad_call "sic_add_model(app OPT -O2)" \
  "sic_add_model(app): MODEL <file> is required"
bad_call "sic_add_model(app MODEL $model OPT -O9)" \
  "sic_add_model(app): OPT must be -O0 to -O3, got '-O9'"
bad_call "sic_add_model(app MODEL $model CHECKS paranoid)" \
  "sic_add_model(app): CHECKS must be release or debug, got 'paranoid'"

echo "== two models linked into one program"
for model in "$source/examples/mlp.mlir" "$work/other.mlir"; do
  name=$(basename "$model" .mlir)
  "$prefix/bin/sic-compile" "$model" --descriptor-symbol="${name}_model" \
    -o "$work/$name.o"
  "$prefix/bin/sic-compile" "$model" --descriptor-symbol="${name}_model" \
    -o "$work/$name.h"
done
cat > "$work/two.c" <<'C'
#include "mlp.h"
#include "other.h"
#include <sic/runtime.h>
#include <stdio.h>
int main(void) {
  sic_model_t *mlp = NULL, *other = NULL;
  sic_error_t error;
  if (sic_model_open_static(&SIC_MLP_DESCRIPTOR, SIC_MLP_CONTRACT_HASH, &mlp,
                            &error) ||
      sic_model_open_static(&SIC_OTHER_DESCRIPTOR, SIC_OTHER_CONTRACT_HASH,
                            &other, &error)) {
    puts(error.message);
    return 1;
  }
  printf("%s %s\n", sic_model_name(mlp), sic_model_name(other));
  sic_model_close(mlp);
  sic_model_close(other);
  return 0;
}
C
cc -I"$work" -I"$prefix/include" "$work/two.c" "$work/mlp.o" "$work/other.o" \
  "$prefix/lib/libsic_runtime.a" -ldl -o "$work/two"
[ "$("$work/two")" = "mlp other" ] || fail "two linked models do not open"

echo "== the runtime installed on its own"
cmake -G Ninja -S "$source/runtime" -B "$work/runtime" -DBUILD_TESTING=OFF \
  > "$work/runtime-configure.log"
cmake --build "$work/runtime" > "$work/runtime-build.log"
cmake --install "$work/runtime" --prefix "$work/runtime-prefix" > /dev/null
[ -e "$work/runtime-prefix/lib/cmake/SIC/SICTools.cmake" ] &&
  fail "the runtime's own install has SIC's tools"
expect_output "this SIC install has the runtime only" \
  cmake -G Ninja -S "$source/examples/app" -B "$work/app-runtime-only" \
  -DCMAKE_PREFIX_PATH="$work/runtime-prefix"
echo "install check: ok"
