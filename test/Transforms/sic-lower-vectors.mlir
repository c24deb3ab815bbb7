// RUN: sic-opt %s --split-input-file --sic-set-target=cpu=haswell --sic-lower-vectors | FileCheck %s

#lhs = affine_map<(m, n, k) -> (m, k)>
#rhs = affine_map<(m, n, k) -> (k, n)>
#out = affine_map<(m, n, k) -> (m, n)>

// Tests that the accumulator tile is read before and written after the
// reduction loop, and that each step of the loop is one FMA per row with
// the row's element of A broadcast.
// CHECK-LABEL: func.func @tile
// CHECK: %[[ACC:.*]] = vector.transfer_read %[[C:.*]][%c0, %c0]
// CHECK: %[[SUM:.*]] = scf.for {{.*}} iter_args(%[[ITER:.*]] = %[[ACC]]) -> (vector<2x16xf32>)
// CHECK-COUNT-2: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.contract
// CHECK: scf.yield
// CHECK: vector.transfer_write %[[SUM]], %[[C]][%c0, %c0]
func.func @tile(%a: memref<2x4xf32>, %b: memref<4x16xf32>, %c: memref<2x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  scf.for %k = %c0 to %c4 step %c1 {
    %a1 = vector.transfer_read %a[%c0, %k], %zero {in_bounds = [true, true]} : memref<2x4xf32>, vector<2x1xf32>
    %b1 = vector.transfer_read %b[%k, %c0], %zero {in_bounds = [true, true]} : memref<4x16xf32>, vector<1x16xf32>
    %acc = vector.transfer_read %c[%c0, %c0], %zero {in_bounds = [true, true]} : memref<2x16xf32>, vector<2x16xf32>
    %r = vector.contract {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a1, %b1, %acc : vector<2x1xf32>, vector<1x16xf32> into vector<2x16xf32>
    vector.transfer_write %r, %c[%c0, %c0] {in_bounds = [true, true]} : vector<2x16xf32>, memref<2x16xf32>
  }
  return
}

// -----

// Tests that a transfer pair stays in a loop that also reaches its buffer
// through a view made before the loop (a recurrence's step rewriting the
// state the next step reads): hoisted, the pair would keep the buffer's old
// value in a register across that write. A loop nested in it that nothing
// makes unsafe still has its own pair hoisted, to just before it.
// CHECK-LABEL: func.func @outer_view
// CHECK: scf.for
// CHECK: vector.transfer_read %[[C:.*]][%c0, %c0]
// CHECK: vector.transfer_write {{.*}}, %[[C]][%c0, %c0]
// CHECK: linalg.copy
// CHECK: %[[START:.*]] = vector.transfer_read %[[D:.*]][%c0, %c0]
// CHECK: %[[SUM:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[START]])
// CHECK-NOT: vector.transfer
// CHECK: scf.yield
// CHECK: vector.transfer_write %[[SUM]], %[[D]][%c0, %c0] {{.*}}
// CHECK-NEXT: }
// CHECK-NEXT: return
func.func @outer_view(%a: memref<2x16xf32>, %c: memref<4x16xf32>, %d: memref<2x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  %rows = memref.subview %c[0, 0] [2, 16] [1, 1] : memref<4x16xf32> to memref<2x16xf32, strided<[16, 1]>>
  scf.for %t = %c0 to %c4 step %c1 {
    %acc = vector.transfer_read %c[%c0, %c0], %zero {in_bounds = [true, true]} : memref<4x16xf32>, vector<2x16xf32>
    %sum = arith.addf %acc, %acc : vector<2x16xf32>
    vector.transfer_write %sum, %c[%c0, %c0] {in_bounds = [true, true]} : vector<2x16xf32>, memref<4x16xf32>
    linalg.copy ins(%a : memref<2x16xf32>) outs(%rows : memref<2x16xf32, strided<[16, 1]>>)
    scf.for %k = %c0 to %c4 step %c1 {
      %inner = vector.transfer_read %d[%c0, %c0], %zero {in_bounds = [true, true]} : memref<2x16xf32>, vector<2x16xf32>
      %twice = arith.addf %inner, %inner : vector<2x16xf32>
      vector.transfer_write %twice, %d[%c0, %c0] {in_bounds = [true, true]} : vector<2x16xf32>, memref<2x16xf32>
    }
  }
  return
}

// -----

// Tests that in-bounds transfers of one dimension become vector loads and
// stores.
// CHECK-LABEL: func.func @transfers
// CHECK: %[[V:.*]] = vector.load %{{.*}} : memref<16xf32>, vector<16xf32>
// CHECK-NEXT: vector.store %[[V]], %{{.*}} : memref<16xf32>, vector<16xf32>
func.func @transfers(%a: memref<16xf32>, %b: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %v = vector.transfer_read %a[%c0], %zero {in_bounds = [true]} : memref<16xf32>, vector<16xf32>
  vector.transfer_write %v, %b[%c0] {in_bounds = [true]} : vector<16xf32>, memref<16xf32>
  return
}

// -----

// Tests that a reduction of a row's chunk into its accumulator becomes one
// reduction that may reassociate (a tree in LLVM).
// CHECK-LABEL: func.func @row_chunk
// CHECK: vector.reduction <add>, %{{.*}}, %{{.*}} fastmath<reassoc> : vector<64xf32> into f32
func.func @row_chunk(%v: vector<1x64xf32>, %acc: vector<1xf32>) -> vector<1xf32> {
  %r = vector.multi_reduction <add>, %v, %acc [1] : vector<1x64xf32> to vector<1xf32>
  return %r : vector<1xf32>
}

// -----

// Tests that a row reduced chunk by chunk into a one-element accumulator
// carries a vector accumulator instead, starting from the reduction's
// neutral value (-inf for a maximum), combined lane by lane in the loop
// and reduced across lanes once after it, into the original accumulator:
// a tree of vector maxima, halving the lanes down to 4, then the
// accumulator joins and lanes swap pairs and neighbors; lane 0 holds the
// row's maximum.
// CHECK-LABEL: func.func @row_max
// CHECK: %[[START:.*]] = arith.constant dense<0xFF800000> : vector<64xf32>
// CHECK: %[[LOOP:.*]]:2 = scf.for {{.*}} iter_args(%[[ACC:.*]] = %{{.*}}, %[[LANES:.*]] = %[[START]]) -> (vector<1xf32>, vector<64xf32>)
// CHECK-NOT: vector.reduction
// CHECK: %[[NEXT:.*]] = arith.maximumf %{{.*}}, %[[LANES]] : vector<64xf32>
// CHECK: scf.yield %[[ACC]], %[[NEXT]]
// CHECK: %[[FIRST:.*]] = vector.extract %[[LOOP]]#0[0]
// CHECK: %[[LOW32:.*]] = vector.extract_strided_slice %[[LOOP]]#1 {offsets = [0], sizes = [32], strides = [1]}
// CHECK: %[[HIGH32:.*]] = vector.extract_strided_slice %[[LOOP]]#1 {offsets = [32], sizes = [32], strides = [1]}
// CHECK: arith.maximumf %[[LOW32]], %[[HIGH32]] : vector<32xf32>
// CHECK: arith.maximumf {{.*}} : vector<16xf32>
// CHECK: arith.maximumf {{.*}} : vector<8xf32>
// CHECK: %[[FOUR:.*]] = arith.maximumf {{.*}} : vector<4xf32>
// CHECK: %[[SPLAT:.*]] = vector.broadcast %[[FIRST]] : f32 to vector<4xf32>
// CHECK: %[[JOINED:.*]] = arith.maximumf %[[FOUR]], %[[SPLAT]] : vector<4xf32>
// CHECK: %[[PAIRS:.*]] = vector.shuffle %[[JOINED]], %[[JOINED]] [2, 3, 0, 1]
// CHECK: %[[TWO:.*]] = arith.maximumf %[[JOINED]], %[[PAIRS]] : vector<4xf32>
// CHECK: %[[NEIGHBORS:.*]] = vector.shuffle %[[TWO]], %[[TWO]] [1, 0, 3, 2]
// CHECK: %[[ONE:.*]] = arith.maximumf %[[TWO]], %[[NEIGHBORS]] : vector<4xf32>
// CHECK: vector.extract %[[ONE]][0] : f32 from vector<4xf32>
// CHECK-NOT: vector.reduction
func.func @row_max(%a: memref<256xf32>, %init: vector<1xf32>) -> vector<1xf32> {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %c256 = arith.constant 256 : index
  %zero = arith.constant 0.0 : f32
  %r = scf.for %i = %c0 to %c256 step %c64 iter_args(%acc = %init) -> (vector<1xf32>) {
    %v = vector.transfer_read %a[%i], %zero {in_bounds = [true]} : memref<256xf32>, vector<64xf32>
    %s = vector.extract %acc[0] : f32 from vector<1xf32>
    %m = vector.reduction <maximumf>, %v, %s : vector<64xf32> into f32
    %p = vector.broadcast %m : f32 to vector<1xf32>
    scf.yield %p : vector<1xf32>
  }
  return %r : vector<1xf32>
}

// -----

// Tests that a NaN-ignoring minimum across lanes (softmax's shift uses its
// maximum twin) is a tree of vector minima too, and that a vector of fewer
// than 4 lanes keeps its reduction.
// CHECK-LABEL: func.func @minnum_tree
// CHECK: arith.minnumf {{.*}} : vector<4xf32>
// CHECK: vector.shuffle
// CHECK: arith.minnumf {{.*}} : vector<4xf32>
// CHECK: vector.shuffle
// CHECK: arith.minnumf {{.*}} : vector<4xf32>
// CHECK: vector.extract {{.*}}[0] : f32 from vector<4xf32>
// CHECK: vector.reduction <minnumf>, %{{.*}} fastmath<reassoc> : vector<2xf32> into f32
func.func @minnum_tree(%v: vector<8xf32>, %w: vector<2xf32>) -> (f32, f32) {
  %m = vector.reduction <minnumf>, %v : vector<8xf32> into f32
  %n = vector.reduction <minnumf>, %w : vector<2xf32> into f32
  return %m, %n : f32, f32
}

// -----

// Tests that a function without vector ops is left as it is.
// CHECK-LABEL: func.func @scalar
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT: memref.load
// CHECK-NEXT: memref.store
func.func @scalar(%a: memref<16xf32>, %b: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %v = memref.load %a[%c0] : memref<16xf32>
  memref.store %v, %b[%c0] : memref<16xf32>
  return
}

// -----

// Tests that on AVX2 an 8x8 f32 transpose is unpacks, shuffles and blends
// of whole rows (24 of them, the blends as inline assembly), and that
// another shape is one shuffle of its flat elements.
// CHECK-LABEL: func.func @transposes
// CHECK-NOT: vector.transpose
// CHECK-COUNT-8: llvm.inline_asm {{.*}}"vblendps
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15] : vector<16xf64>, vector<16xf64>
// CHECK-NOT: vector.transpose
func.func @transposes(%a: memref<8x8xf32>, %b: memref<8x8xf32>, %c: memref<4x4xf64>, %d: memref<4x4xf64>) {
  %c0 = arith.constant 0 : index
  %f = arith.constant 0.0 : f32
  %g = arith.constant 0.0 : f64
  %v = vector.transfer_read %a[%c0, %c0], %f {in_bounds = [true, true]} : memref<8x8xf32>, vector<8x8xf32>
  %t = vector.transpose %v, [1, 0] : vector<8x8xf32> to vector<8x8xf32>
  vector.transfer_write %t, %b[%c0, %c0] {in_bounds = [true, true]} : vector<8x8xf32>, memref<8x8xf32>
  %w = vector.transfer_read %c[%c0, %c0], %g {in_bounds = [true, true]} : memref<4x4xf64>, vector<4x4xf64>
  %u = vector.transpose %w, [1, 0] : vector<4x4xf64> to vector<4x4xf64>
  vector.transfer_write %u, %d[%c0, %c0] {in_bounds = [true, true]} : vector<4x4xf64>, memref<4x4xf64>
  return
}

// -----

// Tests that rows of 4 that are contiguous in memory (a transpose's tile of
// 4 columns) are read and written as one flat vector of whole registers,
// and that rows with gaps between them stay rows.
// CHECK-LABEL: func.func @narrow_rows
// CHECK: %[[FLAT:.*]] = memref.collapse_shape %{{.*}} {{\[}}[0], [1, 2]] : memref<2x8x4xf32> into memref<2x32xf32>
// CHECK: vector.load %[[FLAT]][%{{.*}}, %{{.*}}] : memref<2x32xf32>, vector<32xf32>
// CHECK: vector.store %{{.*}} : memref<32xf32>, vector<32xf32>
// CHECK: vector.transfer_read %{{.*}} : memref<8x8xf32>, vector<8x4xf32>
func.func @narrow_rows(%a: memref<2x8x4xf32>, %b: memref<8x8xf32>, %c: memref<8x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %f = arith.constant 0.0 : f32
  %v = vector.transfer_read %a[%c1, %c0, %c0], %f {in_bounds = [true, true]} : memref<2x8x4xf32>, vector<8x4xf32>
  vector.transfer_write %v, %c[%c0, %c0] {in_bounds = [true, true]} : vector<8x4xf32>, memref<8x4xf32>
  %w = vector.transfer_read %b[%c0, %c0], %f {in_bounds = [true, true]} : memref<8x8xf32>, vector<8x4xf32>
  vector.transfer_write %w, %c[%c0, %c0] {in_bounds = [true, true]} : vector<8x4xf32>, memref<8x4xf32>
  return
}
