// RUN: sic-opt %s --split-input-file --sic-pad-in-place | FileCheck %s

#id = affine_map<(i, j) -> (i, j)>

// Tests that a pad of a computed tensor fills the border of a new tensor
// (the slabs of rows before and after, then the columns), that the
// producer writes into its interior, and that a later reader of the
// tensor reads that interior.
// CHECK-LABEL: func.func @produced
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<6x10xf32>
// CHECK: %[[TOP:.*]] = tensor.extract_slice %[[EMPTY]][0, 0] [1, 10] [1, 1]
// CHECK: linalg.fill ins(%[[ZERO]] : f32) outs(%[[TOP]] : tensor<1x10xf32>)
// CHECK: tensor.insert_slice {{.*}}[0, 0] [1, 10] [1, 1]
// CHECK: tensor.insert_slice {{.*}}[5, 0] [1, 10] [1, 1]
// CHECK: tensor.insert_slice {{.*}}[0, 0] [6, 1] [1, 1]
// CHECK: %[[BORDER:.*]] = tensor.insert_slice {{.*}}[0, 9] [6, 1] [1, 1]
// CHECK: %[[SLOT:.*]] = tensor.extract_slice %[[BORDER]][1, 1] [4, 8] [1, 1]
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} outs(%[[SLOT]] : tensor<4x8xf32>)
// CHECK: %[[PADDED:.*]] = tensor.insert_slice %[[SUM]] into %[[BORDER]][1, 1] [4, 8] [1, 1]
// CHECK: %[[INTERIOR:.*]] = tensor.extract_slice %[[PADDED]][1, 1] [4, 8] [1, 1]
// CHECK-NOT: tensor.pad
// CHECK: return %[[PADDED]], %[[INTERIOR]]
func.func @produced(%a: tensor<4x8xf32>) -> (tensor<6x10xf32>, tensor<4x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x8xf32>
  %sum = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%a : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.addf %x, %x : f32
    linalg.yield %s : f32
  } -> tensor<4x8xf32>
  %padded = tensor.pad %sum low[1, 1] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %zero : f32
  } : tensor<4x8xf32> to tensor<6x10xf32>
  return %padded, %sum : tensor<6x10xf32>, tensor<4x8xf32>
}

// -----

// Tests that a pad of an argument (nothing computes it) fills the border
// and inserts the argument, a copy; a side without padding has no slab.
// CHECK-LABEL: func.func @argument
// CHECK-SAME: %[[ARG:[a-z0-9]+]]: tensor<4x8xf32>
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<4x11xf32>
// CHECK-COUNT-1: linalg.fill
// CHECK: %[[BORDER:.*]] = tensor.insert_slice {{.*}} into %[[EMPTY]][0, 8] [4, 3] [1, 1]
// CHECK: %[[PADDED:.*]] = tensor.insert_slice %[[ARG]] into %[[BORDER]][0, 0] [4, 8] [1, 1]
// CHECK: return %[[PADDED]]
func.func @argument(%a: tensor<4x8xf32>) -> tensor<4x11xf32> {
  %one = arith.constant 1.0 : f32
  %padded = tensor.pad %a low[0, 0] high[0, 3] {
  ^bb0(%i: index, %j: index):
    tensor.yield %one : f32
  } : tensor<4x8xf32> to tensor<4x11xf32>
  return %padded : tensor<4x11xf32>
}

// -----

// Tests that a pad whose value depends on the position stays a pad.
// CHECK-LABEL: func.func @computed_value
// CHECK: tensor.pad
func.func @computed_value(%a: tensor<4x8xf32>) -> tensor<6x8xf32> {
  %padded = tensor.pad %a low[1, 0] high[1, 0] {
  ^bb0(%i: index, %j: index):
    %k = arith.index_cast %i : index to i32
    %v = arith.sitofp %k : i32 to f32
    tensor.yield %v : f32
  } : tensor<4x8xf32> to tensor<6x8xf32>
  return %padded : tensor<6x8xf32>
}
