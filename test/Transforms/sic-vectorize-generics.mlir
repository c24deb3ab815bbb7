// RUN: sic-opt %s --split-input-file --sic-set-target=cpu=znver5 --sic-vectorize-generics | FileCheck %s

#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>
#bcast = affine_map<(i, j) -> (i, 0)>

// Tests that an elementwise op runs on vectors of four registers along its
// innermost dim, one row at a time, with the remainder (100 = 64 + 36)
// peeled into a vector of its own size; and that a row broadcast is read
// once per row as a scalar.
// CHECK-LABEL: func.func @elementwise
// CHECK: scf.for %[[ROW:.*]] = %c0 to %c4 step %c1
// CHECK: tensor.extract
// CHECK: %[[X:.*]] = vector.transfer_read {{.*}} : tensor<4x100xf32>, vector<64xf32>
// CHECK: vector.broadcast %{{.*}} : f32 to vector<64xf32>
// CHECK: arith.subf {{.*}} : vector<64xf32>
// CHECK: math.exp {{.*}} : vector<64xf32>
// CHECK: vector.transfer_write {{.*}} : vector<64xf32>, tensor<4x100xf32>
// CHECK: math.exp {{.*}} : vector<36xf32>
// CHECK-NOT: linalg.generic
func.func @elementwise(%x: tensor<4x100xf32>, %m: tensor<4x1xf32>, %o: tensor<4x100xf32>) -> tensor<4x100xf32> {
  %r = linalg.generic {indexing_maps = [#id, #bcast, #id], iterator_types = ["parallel", "parallel"]} ins(%x, %m : tensor<4x100xf32>, tensor<4x1xf32>) outs(%o : tensor<4x100xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %d = arith.subf %a, %b : f32
    %e = math.exp %d : f32
    linalg.yield %e : f32
  } -> tensor<4x100xf32>
  return %r : tensor<4x100xf32>
}

// -----

#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>

// Tests that a reduction along rows reduces vectors of a row's chunks into
// the row's accumulator.
// CHECK-LABEL: func.func @row_sum
// CHECK: scf.for %{{.*}} = %c0 to %c256 step %c64
// CHECK: vector.multi_reduction <add>, %{{.*}}, %{{.*}} [1] : vector<1x64xf32> to vector<1xf32>
// CHECK-NOT: linalg.generic
func.func @row_sum(%x: tensor<8x256xf32>, %acc: tensor<8xf32>) -> tensor<8xf32> {
  %r = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<8x256xf32>) outs(%acc : tensor<8xf32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>

// Tests that a row maximum that ignores NaNs (maxnumf, softmax's shift),
// which linalg's vectorizer does not know, is vectorized as its
// NaN-propagating twin whose vector reduction then takes back the
// NaN-ignoring kind.
// CHECK-LABEL: func.func @row_maxnum
// CHECK: vector.multi_reduction <maxnumf>, %{{.*}}, %{{.*}} [1] : vector<1x64xf32> to vector<1xf32>
// CHECK-NOT: maximumf
// CHECK-NOT: linalg.generic
func.func @row_maxnum(%x: tensor<8x256xf32>, %acc: tensor<8xf32>) -> tensor<8xf32> {
  %r = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<8x256xf32>) outs(%acc : tensor<8xf32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.maxnumf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>

// Tests that only the combiner takes its twin's place: a NaN-ignoring
// maximum applied to each element before a sum stays one.
// CHECK-LABEL: func.func @maxnum_then_sum
// CHECK: arith.maxnumf %{{.*}}, %{{.*}} : vector<64xf32>
// CHECK: vector.multi_reduction <add>
// CHECK-NOT: maximumf
func.func @maxnum_then_sum(%x: tensor<8x256xf32>, %acc: tensor<8xf32>) -> tensor<8xf32> {
  %zero = arith.constant 0.0 : f32
  %r = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<8x256xf32>) outs(%acc : tensor<8xf32>) {
  ^bb0(%a: f32, %b: f32):
    %m = arith.maxnumf %a, %zero : f32
    %s = arith.addf %m, %b : f32
    linalg.yield %s : f32
  } -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

// Tests that a reversed read (a slice with a negative step) is not tiled:
// a tile's window would be taken at its first index, which is its last.
// CHECK-LABEL: func.func @reversed
// CHECK-NOT: scf.for
// CHECK: linalg.generic
func.func @reversed(%x: tensor<4x64xf32>, %o: tensor<4x64xf32>) -> tensor<4x64xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, 63 - j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x64xf32>) outs(%o : tensor<4x64xf32>) {
  ^bb0(%a: f32, %c: f32):
    linalg.yield %a : f32
  } -> tensor<4x64xf32>
  return %r : tensor<4x64xf32>
}

// -----

// Tests that a convolution's patch copy becomes copies of vectors along
// the output row (the read is input[c, oh + kh, ow + kw]).
// CHECK-LABEL: func.func @patch_copy
// CHECK: %[[ROW:.*]] = vector.transfer_read %{{.*}} : tensor<1x1x6x18xf32>, vector<16xf32>
// CHECK: vector.transfer_write %[[ROW]], %{{.*}} : vector<16xf32>, tensor<1x1x3x3x4x16xf32>
// CHECK-NOT: linalg.generic
func.func @patch_copy(%img: tensor<1x1x6x18xf32>, %p: tensor<1x1x3x3x4x16xf32>) -> tensor<1x1x3x3x4x16xf32> {
  %q = linalg.generic {indexing_maps = [affine_map<(n, c, kh, kw, oh, ow) -> (n, c, oh + kh, ow + kw)>, affine_map<(n, c, kh, kw, oh, ow) -> (n, c, kh, kw, oh, ow)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%img : tensor<1x1x6x18xf32>) outs(%p : tensor<1x1x3x3x4x16xf32>) {
  ^bb0(%a: f32, %c: f32):
    linalg.yield %a : f32
  } -> tensor<1x1x3x3x4x16xf32>
  return %q : tensor<1x1x3x3x4x16xf32>
}

// -----

// Tests what stays scalar: an innermost dim shorter than a vector, and a
// strided patch copy (left as a copy along one dim).
// CHECK: #[[STRIDED:.*]] = affine_map<(d0) -> (d0 * 2)>
// CHECK-LABEL: func.func @scalar
// CHECK-NOT: vector.
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<64x3xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[STRIDED]]
func.func @scalar(%x: tensor<64x3xf32>, %o: tensor<64x3xf32>, %img: tensor<1x1x10x34xf32>, %p: tensor<1x1x3x3x4x16xf32>) -> (tensor<64x3xf32>, tensor<1x1x3x3x4x16xf32>) {
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<64x3xf32>) outs(%o : tensor<64x3xf32>) {
  ^bb0(%a: f32, %c: f32):
    %n = arith.negf %a : f32
    linalg.yield %n : f32
  } -> tensor<64x3xf32>
  %q = linalg.generic {indexing_maps = [affine_map<(n, c, kh, kw, oh, ow) -> (n, c, oh * 2 + kh, ow * 2 + kw)>, affine_map<(n, c, kh, kw, oh, ow) -> (n, c, kh, kw, oh, ow)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%img : tensor<1x1x10x34xf32>) outs(%p : tensor<1x1x3x3x4x16xf32>) {
  ^bb0(%a: f32, %c: f32):
    linalg.yield %a : f32
  } -> tensor<1x1x3x3x4x16xf32>
  return %r, %q : tensor<64x3xf32>, tensor<1x1x3x3x4x16xf32>
}

// -----

// Tests that a transpose runs in squares of one vector by one vector (16
// lanes): a read of the input's rows, a vector.transpose and a write of
// the output's rows, with partial squares along both dims.
// CHECK-LABEL: func.func @transpose
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c16
// CHECK: %[[ROWS:.*]] = vector.transfer_read {{.*}} : tensor<40x24xf32>, vector<16x16xf32>
// CHECK: vector.transpose %[[ROWS]], [1, 0] : vector<16x16xf32> to vector<16x16xf32>
// CHECK: vector.transfer_write {{.*}} : vector<16x16xf32>, tensor<24x40xf32>
// CHECK: vector.transpose {{.*}} : vector<8x16xf32> to vector<16x8xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c16
// CHECK: vector.transpose {{.*}} : vector<16x8xf32> to vector<8x16xf32>
// CHECK: vector.transpose {{.*}} : vector<8x8xf32> to vector<8x8xf32>
// CHECK-NOT: linalg.generic
func.func @transpose(%x: tensor<40x24xf32>, %o: tensor<24x40xf32>) -> tensor<24x40xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (j, i)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<40x24xf32>) outs(%o : tensor<24x40xf32>) {
  ^bb0(%a: f32, %b: f32):
    linalg.yield %a : f32
  } -> tensor<24x40xf32>
  return %r : tensor<24x40xf32>
}

// -----

// Tests that a transpose with a dim of 4 (shorter than a vector, 16
// lanes) runs in tiles of that dim by one vector, both ways: rows of 4
// read as [16, 4] and written as [4, 16], and back.
// CHECK-LABEL: func.func @transpose_four
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c16
// CHECK: vector.transfer_read {{.*}} : tensor<40x4xf32>, vector<16x4xf32>
// CHECK: vector.transpose {{.*}}, [1, 0] : vector<16x4xf32> to vector<4x16xf32>
// CHECK: vector.transfer_write {{.*}} : vector<4x16xf32>, tensor<4x40xf32>
// CHECK: vector.transpose {{.*}} : vector<8x4xf32> to vector<4x8xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c16
// CHECK: vector.transfer_read {{.*}} : tensor<4x40xf32>, vector<4x16xf32>
// CHECK: vector.transpose {{.*}}, [1, 0] : vector<4x16xf32> to vector<16x4xf32>
// CHECK: vector.transfer_write {{.*}} : vector<16x4xf32>, tensor<40x4xf32>
// CHECK: vector.transpose {{.*}} : vector<4x8xf32> to vector<8x4xf32>
// CHECK-NOT: linalg.generic
func.func @transpose_four(%x: tensor<40x4xf32>, %o: tensor<4x40xf32>, %p: tensor<40x4xf32>) -> (tensor<4x40xf32>, tensor<40x4xf32>) {
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (j, i)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<40x4xf32>) outs(%o : tensor<4x40xf32>) {
  ^bb0(%a: f32, %b: f32):
    linalg.yield %a : f32
  } -> tensor<4x40xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(i, j) -> (j, i)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%r : tensor<4x40xf32>) outs(%p : tensor<40x4xf32>) {
  ^bb0(%a: f32, %b: f32):
    linalg.yield %a : f32
  } -> tensor<40x4xf32>
  return %r, %s : tensor<4x40xf32>, tensor<40x4xf32>
}
