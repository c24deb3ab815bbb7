// RUN: sic-opt %s --split-input-file --sic-set-target=cpu=znver5 --sic-vectorize-pools | FileCheck %s

// Tests that a 3x3 max pool of stride 2 over an input padded with its fill
// value reads the unpadded input (neither the fill nor the padded copy is
// left), one row of the window at a time within the input's rows, splits
// each 16-lane input vector pair into even and odd columns, takes each
// window column as a lane shift of those, and writes the row's last vector
// masked (25 = 16 + 9 columns); the plane loop is marked parallel.
// CHECK-LABEL: func.func @max_3x3_stride_2
// CHECK-NOT: tensor.pad
// CHECK-NOT: linalg.fill
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c128{{.*}} step
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c25{{.*}} step
// CHECK: arith.subi %{{.*}}, %c1
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: scf.for
// CHECK: vector.transfer_read %arg0{{.*}} {in_bounds = [true]} : tensor<2x64x50x50xf32>, vector<16xf32>
// CHECK: vector.transfer_read %arg0{{.*}}], %{{[a-z0-9_]*}} : tensor<2x64x50x50xf32>, vector<16xf32>
// CHECK: arith.maximumf {{.*}} : vector<16xf32>
// CHECK: scf.yield
// CHECK: %[[ODD:.*]] = vector.shuffle {{.*}} [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31]
// CHECK: %[[LEFT:.*]] = vector.shuffle %{{.*}}, %[[ODD]] [15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]
// CHECK: %[[EVEN:.*]] = vector.shuffle {{.*}} [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]
// CHECK: %[[M:.*]] = arith.maximumf %[[LEFT]], %[[EVEN]] : vector<16xf32>
// CHECK: %[[R:.*]] = arith.maximumf %[[M]], %[[ODD]] : vector<16xf32>
// CHECK: vector.transfer_write %[[R]], {{.*}} {in_bounds = [true]} : vector<16xf32>, tensor<2x64x25x25xf32>
// CHECK: %[[ODD2:.*]] = vector.shuffle {{.*}} [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31]
// CHECK: vector.shuffle %[[ODD]], %[[ODD2]] [15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]
// CHECK: vector.transfer_write {{.*}}] : vector<16xf32>, tensor<2x64x25x25xf32>
// CHECK: } {sic.parallel}
// CHECK-NOT: linalg.pooling
func.func @max_3x3_stride_2(%x: tensor<2x64x50x50xf32>) -> tensor<2x64x25x25xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %ninf : f32
  } : tensor<2x64x50x50xf32> to tensor<2x64x52x52xf32>
  %e = tensor.empty() : tensor<2x64x25x25xf32>
  %f = linalg.fill ins(%ninf : f32) outs(%e : tensor<2x64x25x25xf32>) -> tensor<2x64x25x25xf32>
  %w = tensor.empty() : tensor<3x3xf32>
  %r = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%p, %w : tensor<2x64x52x52xf32>, tensor<3x3xf32>)
      outs(%f : tensor<2x64x25x25xf32>) -> tensor<2x64x25x25xf32>
  return %r : tensor<2x64x25x25xf32>
}

// -----

// Tests that a sum pool of stride 1 without padding adds lane shifts of the
// row's vectors, and that a plane loop with little work is not marked
// parallel.
// CHECK-LABEL: func.func @sum_2x2_stride_1
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c3{{.*}} step
// CHECK: arith.addf {{.*}} : vector<16xf32>
// CHECK: vector.shuffle {{.*}} [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]
// CHECK: vector.transfer_write {{.*}}] : vector<16xf32>, tensor<1x3x7x19xf32>
// CHECK-NOT: sic.parallel
// CHECK-NOT: linalg.pooling
func.func @sum_2x2_stride_1(%x: tensor<1x3x8x20xf32>) -> tensor<1x3x7x19xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x3x7x19xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x3x7x19xf32>) -> tensor<1x3x7x19xf32>
  %w = tensor.empty() : tensor<2x2xf32>
  %r = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x3x8x20xf32>, tensor<2x2xf32>)
      outs(%f : tensor<1x3x7x19xf32>) -> tensor<1x3x7x19xf32>
  return %r : tensor<1x3x7x19xf32>
}

// -----

// Tests the pools the kernel leaves to the scalar loops: a dilated window,
// a row stride of 3, padding with a value other than the fill's, and a sum
// starting from a value other than zero.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: vector.
// CHECK-COUNT-4: linalg.pooling_nchw
func.func @left_alone(%x: tensor<1x2x9x9xf32>) -> (tensor<1x2x7x7xf32>, tensor<1x2x3x3xf32>, tensor<1x2x9x9xf32>, tensor<1x2x8x8xf32>) {
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %w = tensor.empty() : tensor<2x2xf32>
  %e7 = tensor.empty() : tensor<1x2x7x7xf32>
  %f7 = linalg.fill ins(%ninf : f32) outs(%e7 : tensor<1x2x7x7xf32>) -> tensor<1x2x7x7xf32>
  %dilated = linalg.pooling_nchw_max {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x2x9x9xf32>, tensor<2x2xf32>)
      outs(%f7 : tensor<1x2x7x7xf32>) -> tensor<1x2x7x7xf32>
  %e3 = tensor.empty() : tensor<1x2x3x3xf32>
  %f3 = linalg.fill ins(%ninf : f32) outs(%e3 : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %stride3 = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<3> : tensor<2xi64>}
      ins(%x, %w : tensor<1x2x9x9xf32>, tensor<2x2xf32>)
      outs(%f3 : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 0, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<1x2x9x9xf32> to tensor<1x2x10x10xf32>
  %e9 = tensor.empty() : tensor<1x2x9x9xf32>
  %f9 = linalg.fill ins(%ninf : f32) outs(%e9 : tensor<1x2x9x9xf32>) -> tensor<1x2x9x9xf32>
  %zeroPadded = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p, %w : tensor<1x2x10x10xf32>, tensor<2x2xf32>)
      outs(%f9 : tensor<1x2x9x9xf32>) -> tensor<1x2x9x9xf32>
  %e8 = tensor.empty() : tensor<1x2x8x8xf32>
  %f8 = linalg.fill ins(%one : f32) outs(%e8 : tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32>
  %fromOne = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x2x9x9xf32>, tensor<2x2xf32>)
      outs(%f8 : tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32>
  return %dilated, %stride3, %zeroPadded, %fromOne : tensor<1x2x7x7xf32>, tensor<1x2x3x3xf32>, tensor<1x2x9x9xf32>, tensor<1x2x8x8xf32>
}
