// Tests sic-prefetch-streams: a reduction loop carrying vectors that reads
// a row segment of a buffer larger than L2 (1 MiB on znver5), once per call,
// prefetches each cache line of the row 8 iterations ahead, the row clamped
// to the last; reads that come back to their rows, buffers that fit in L2
// and buffers read twice get no prefetch.
// RUN: sic-opt %s --split-input-file --sic-set-target=cpu=znver5 --sic-prefetch-streams | FileCheck %s

// CHECK-LABEL: func.func @matrix_vector(
// CHECK-SAME:      %[[W:[a-z0-9]+]]: memref<1024x512xf32>
// CHECK:         scf.for %[[N:[a-z0-9]+]] =
// CHECK:           scf.for %[[I:[a-z0-9]+]] = {{.*}} iter_args(
// CHECK:             %[[AHEAD:.*]] = arith.addi %[[I]], %c8{{(_[0-9]+)?}} : index
// CHECK:             %[[ROW:.*]] = arith.minsi %[[AHEAD]], %c1023{{(_[0-9]+)?}} : index
// CHECK:             memref.prefetch %[[W]][%[[ROW]], %[[N]]], read, locality<3>, data
// CHECK:             %[[C16:.*]] = arith.addi %[[N]], %c16{{(_[0-9]+)?}} : index
// CHECK:             memref.prefetch %[[W]][%[[ROW]], %[[C16]]], read, locality<3>, data
// CHECK:             %[[C32:.*]] = arith.addi %[[N]], %c32{{(_[0-9]+)?}} : index
// CHECK:             memref.prefetch %[[W]][%[[ROW]], %[[C32]]], read, locality<3>, data
// CHECK:             %[[C48:.*]] = arith.addi %[[N]], %c48{{(_[0-9]+)?}} : index
// CHECK:             memref.prefetch %[[W]][%[[ROW]], %[[C48]]], read, locality<3>, data
// CHECK-NEXT:        vector.transfer_read %[[W]][%[[I]], %[[N]]]
func.func @matrix_vector(%w: memref<1024x512xf32>, %x: memref<1x1024xf32>, %y: memref<1x512xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c512 = arith.constant 512 : index
  %c1024 = arith.constant 1024 : index
  %pad = arith.constant 0.0 : f32
  %zero = arith.constant dense<0.0> : vector<1x64xf32>
  scf.for %n = %c0 to %c512 step %c64 {
    %sum = scf.for %k = %c0 to %c1024 step %c1 iter_args(%acc = %zero) -> (vector<1x64xf32>) {
      %a = vector.transfer_read %x[%c0, %k], %pad {in_bounds = [true, true]} : memref<1x1024xf32>, vector<1x1xf32>
      %b = vector.transfer_read %w[%k, %n], %pad {in_bounds = [true, true]} : memref<1024x512xf32>, vector<1x64xf32>
      %s = vector.extract %a[0, 0] : f32 from vector<1x1xf32>
      %v = vector.broadcast %s : f32 to vector<1x64xf32>
      %r = vector.fma %v, %b, %acc : vector<1x64xf32>
      scf.yield %r : vector<1x64xf32>
    }
    vector.transfer_write %sum, %y[%c0, %n] {in_bounds = [true, true]} : vector<1x64xf32>, memref<1x512xf32>
  }
  return
}

// -----

// The rows loop comes back to every row of the weights: they are read from
// cache after the first row tile.
// CHECK-LABEL: func.func @rows
// CHECK-NOT:     memref.prefetch
func.func @rows(%w: memref<1024x512xf32>, %x: memref<64x1024xf32>, %y: memref<64x512xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %c512 = arith.constant 512 : index
  %c1024 = arith.constant 1024 : index
  %zero = arith.constant dense<0.0> : vector<16xf32>
  scf.for %n = %c0 to %c512 step %c16 {
    scf.for %m = %c0 to %c64 step %c1 {
      %sum = scf.for %k = %c0 to %c1024 step %c1 iter_args(%acc = %zero) -> (vector<16xf32>) {
        %s = memref.load %x[%m, %k] : memref<64x1024xf32>
        %b = vector.load %w[%k, %n] : memref<1024x512xf32>, vector<16xf32>
        %v = vector.broadcast %s : f32 to vector<16xf32>
        %r = vector.fma %v, %b, %acc : vector<16xf32>
        scf.yield %r : vector<16xf32>
      }
      vector.store %sum, %y[%m, %n] : memref<64x512xf32>, vector<16xf32>
    }
  }
  return
}

// -----

// Weights of 256 KiB, which fit in L2, weights read by two loops (the second
// reads what the first left in cache) and a loop that carries no vectors.
// CHECK-LABEL: func.func @kept
// CHECK-NOT:     memref.prefetch
func.func @kept(%small: memref<128x512xf32>, %w: memref<1024x512xf32>, %x: memref<1024xf32>, %y: memref<512xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c128 = arith.constant 128 : index
  %c512 = arith.constant 512 : index
  %c1024 = arith.constant 1024 : index
  %zero = arith.constant dense<0.0> : vector<16xf32>
  scf.for %n = %c0 to %c512 step %c16 {
    %sum = scf.for %k = %c0 to %c128 step %c1 iter_args(%acc = %zero) -> (vector<16xf32>) {
      %b = vector.load %small[%k, %n] : memref<128x512xf32>, vector<16xf32>
      %r = arith.addf %b, %acc : vector<16xf32>
      scf.yield %r : vector<16xf32>
    }
    vector.store %sum, %y[%n] : memref<512xf32>, vector<16xf32>
  }
  scf.for %n = %c0 to %c512 step %c16 {
    %sum = scf.for %k = %c0 to %c1024 step %c1 iter_args(%acc = %zero) -> (vector<16xf32>) {
      %b = vector.load %w[%k, %n] : memref<1024x512xf32>, vector<16xf32>
      %r = arith.addf %b, %acc : vector<16xf32>
      scf.yield %r : vector<16xf32>
    }
    %again = scf.for %k = %c0 to %c1024 step %c1 iter_args(%acc = %sum) -> (vector<16xf32>) {
      %b = vector.load %w[%k, %n] : memref<1024x512xf32>, vector<16xf32>
      %r = arith.addf %b, %acc : vector<16xf32>
      scf.yield %r : vector<16xf32>
    }
    vector.store %again, %y[%n] : memref<512xf32>, vector<16xf32>
  }
  scf.for %n = %c0 to %c512 step %c16 {
    scf.for %k = %c0 to %c1024 step %c1 {
      %b = vector.load %w[%k, %n] : memref<1024x512xf32>, vector<16xf32>
      vector.store %b, %y[%n] : memref<512xf32>, vector<16xf32>
    }
  }
  return
}

// -----

// Tests that the row prefetched is clamped to the buffer's last row, not
// to the loop's last index: a loop of step 3 whose bound (1026) passes the
// 1024 rows it reads.
// CHECK-LABEL: func.func @step_past_rows(
// CHECK:         %[[AHEAD:.*]] = arith.addi %{{.*}}, %c24{{(_[0-9]+)?}} : index
// CHECK:         arith.minsi %[[AHEAD]], %c1023{{(_[0-9]+)?}} : index
func.func @step_past_rows(%w: memref<1024x512xf32>, %x: memref<1x1024xf32>, %y: memref<1x512xf32>) {
  %c0 = arith.constant 0 : index
  %c3 = arith.constant 3 : index
  %c64 = arith.constant 64 : index
  %c512 = arith.constant 512 : index
  %c1026 = arith.constant 1026 : index
  %pad = arith.constant 0.0 : f32
  %zero = arith.constant dense<0.0> : vector<1x64xf32>
  scf.for %n = %c0 to %c512 step %c64 {
    %sum = scf.for %k = %c0 to %c1026 step %c3 iter_args(%acc = %zero) -> (vector<1x64xf32>) {
      %a = vector.transfer_read %x[%c0, %k], %pad {in_bounds = [true, true]} : memref<1x1024xf32>, vector<1x1xf32>
      %b = vector.transfer_read %w[%k, %n], %pad {in_bounds = [true, true]} : memref<1024x512xf32>, vector<1x64xf32>
      %s = vector.extract %a[0, 0] : f32 from vector<1x1xf32>
      %v = vector.broadcast %s : f32 to vector<1x64xf32>
      %r = vector.fma %v, %b, %acc : vector<1x64xf32>
      scf.yield %r : vector<1x64xf32>
    }
    vector.transfer_write %sum, %y[%c0, %n] {in_bounds = [true, true]} : vector<1x64xf32>, memref<1x512xf32>
  }
  return
}
