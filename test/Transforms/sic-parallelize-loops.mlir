// Tests sic-parallelize-loops: a top-level loop marked sic.parallel becomes
// a task function and a call of its launcher with the runtime's
// environment; loops it cannot share stay as they are, and every mark goes.
// RUN: sic-opt %s --sic-parallelize-loops | FileCheck %s
// RUN: sic-opt %s --sic-parallelize-loops | FileCheck %s --check-prefix=MARKS
// MARKS-NOT: sic.parallel

// The task computes the loop's index from its chunk (lower + chunk * step),
// clones the constants it uses and takes the other values it captures.
// CHECK-LABEL: func.func private @scale_task0(
// CHECK-SAME:      %[[CHUNK:[a-z0-9]+]]: index, %[[X:[a-z0-9]+]]: memref<64x16xf32>, %[[Y:[a-z0-9]+]]: memref<64x16xf32>) {
// CHECK-DAG:     %[[TWO:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-DAG:     %[[STEP:.*]] = arith.constant 8 : index
// CHECK-DAG:     %[[LOWER:.*]] = arith.constant 0 : index
// CHECK:         %[[OFFSET:.*]] = arith.muli %[[CHUNK]], %[[STEP]] : index
// CHECK:         %[[I:.*]] = arith.addi %[[LOWER]], %[[OFFSET]] : index
// CHECK:         scf.for %[[R:.*]] = {{.*}} {
// CHECK:           %[[ROW:.*]] = arith.addi %[[I]], %[[R]] : index
// CHECK:           memref.load %[[X]][%[[ROW]],
// CHECK:           arith.mulf {{.*}}, %[[TWO]] : f32
// CHECK:           memref.store {{.*}}, %[[Y]][%[[ROW]],
// CHECK:         return
// CHECK:       func.func private @sic_launch_scale_task0(!llvm.ptr, i32, memref<64x16xf32>, memref<64x16xf32>)
// CHECK-LABEL: func.func @scale(
// CHECK-SAME:      %[[A:[a-z0-9]+]]: memref<64x16xf32>, %[[B:[a-z0-9]+]]: memref<64x16xf32>, %[[ENV:[a-z0-9]+]]: !llvm.ptr {sic.env}) {
// CHECK:         %[[CHUNKS:.*]] = arith.constant 8 : i32
// CHECK:         call @sic_launch_scale_task0(%[[ENV]], %[[CHUNKS]], %[[A]], %[[B]]) : (!llvm.ptr, i32, memref<64x16xf32>, memref<64x16xf32>) -> ()
// CHECK-NEXT:    return
func.func @scale(%x: memref<64x16xf32>, %y: memref<64x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %two = arith.constant 2.0 : f32
  scf.for %i = %c0 to %c64 step %c8 {
    scf.for %r = %c0 to %c8 step %c1 {
      %row = arith.addi %i, %r : index
      scf.for %j = %c0 to %c16 step %c1 {
        %v = memref.load %x[%row, %j] : memref<64x16xf32>
        %w = arith.mulf %v, %two : f32
        memref.store %w, %y[%row, %j] : memref<64x16xf32>
      }
    } {sic.parallel}
  } {sic.parallel}
  return
}

// A function with the environment already (hooks) keeps its arguments;
// the second loop is the function's second task.
// CHECK-LABEL: func.func @two_loops(
// CHECK-SAME:      %{{.*}}: memref<64xf32>, %[[ENV2:[a-z0-9]+]]: !llvm.ptr {sic.env}) {
// CHECK:         call @sic_launch_two_loops_task0(%[[ENV2]],
// CHECK:         call @sic_launch_two_loops_task1(%[[ENV2]],
func.func @two_loops(%x: memref<64xf32>, %env: !llvm.ptr {sic.env}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c64 step %c1 {
    memref.store %zero, %x[%i] : memref<64xf32>
  } {sic.parallel}
  scf.for %i = %c0 to %c64 step %c1 {
    %v = memref.load %x[%i] : memref<64xf32>
    %w = arith.addf %v, %v : f32
    memref.store %w, %x[%i] : memref<64xf32>
  } {sic.parallel}
  return
}

// A vector the loop uses but cannot take as an argument (a bias read that
// loop-invariant code motion hoisted out of it) is read again in each chunk.
// CHECK-LABEL: func.func private @hoisted_task0(
// CHECK-SAME:      %{{[a-z0-9]+}}: index, %[[OUT:[a-z0-9]+]]: memref<64x16xf32>, %[[BIAS:[a-z0-9]+]]: memref<16xf32>) {
// CHECK:         %[[V:.*]] = vector.transfer_read %[[BIAS]]
// CHECK:         vector.store %[[V]], %[[OUT]]
// CHECK-LABEL: func.func @hoisted(
// CHECK:         call @sic_launch_hoisted_task0(
func.func @hoisted(%bias: memref<16xf32>, %y: memref<64x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %pad = arith.constant 0.0 : f32
  %v = vector.transfer_read %bias[%c0], %pad {in_bounds = [true]} : memref<16xf32>, vector<16xf32>
  scf.for %i = %c0 to %c64 step %c1 {
    vector.store %v, %y[%i, %c0] : memref<64x16xf32>, vector<16xf32>
  } {sic.parallel}
  return
}

// Not when memory is written between the read and the loop, when the
// vector comes from an op with a region, nor when the loop writes (through
// a view) the buffer read: a later chunk would read what an earlier one
// wrote. Those loops stay.
// CHECK-LABEL: func.func @not_hoisted(
// CHECK-COUNT-3: scf.for {{.*}} {
// CHECK-NOT:     call @sic_launch
func.func @not_hoisted(%bias: memref<16xf32>, %y: memref<64x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %pad = arith.constant 0.0 : f32
  %v = vector.transfer_read %bias[%c0], %pad {in_bounds = [true]} : memref<16xf32>, vector<16xf32>
  memref.store %pad, %bias[%c0] : memref<16xf32>
  scf.for %i = %c0 to %c64 step %c1 {
    vector.store %v, %y[%i, %c0] : memref<64x16xf32>, vector<16xf32>
  } {sic.parallel}
  %w = scf.execute_region -> vector<16xf32> {
    scf.yield %v : vector<16xf32>
  }
  scf.for %i = %c0 to %c64 step %c1 {
    vector.store %w, %y[%i, %c0] : memref<64x16xf32>, vector<16xf32>
  } {sic.parallel}
  %row = vector.transfer_read %y[%c0, %c0], %pad {in_bounds = [true]} : memref<64x16xf32>, vector<16xf32>
  scf.for %i = %c0 to %c64 step %c1 {
    %view = memref.subview %y[%i, 0] [1, 16] [1, 1] : memref<64x16xf32> to memref<16xf32, strided<[1], offset: ?>>
    vector.store %row, %view[%c0] : memref<16xf32, strided<[1], offset: ?>>, vector<16xf32>
  } {sic.parallel}
  return
}

// Loops that stay: unmarked; one iteration; a hook call (not thread-safe);
// a view of the arena (scratch all chunks would share); a capture without
// static strides. The function gets no environment.
// CHECK-LABEL: func.func @kept(
// CHECK-SAME:      %{{.*}}: memref<64xf32>, %{{.*}}: memref<256xi8>, %{{.*}}: memref<?xf32>) {
// CHECK-COUNT-5: scf.for
// CHECK-NOT:     call @sic_launch
func.func private @sic_hook_before_op(!llvm.ptr, i32)
func.func @kept(%x: memref<64xf32>, %arena: memref<256xi8>, %d: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0.0 : f32
  %null = llvm.mlir.zero : !llvm.ptr
  %op = arith.constant 0 : i32
  scf.for %i = %c0 to %c64 step %c1 {
    memref.store %zero, %x[%i] : memref<64xf32>
  }
  scf.for %i = %c0 to %c64 step %c64 {
    memref.store %zero, %x[%i] : memref<64xf32>
  } {sic.parallel}
  scf.for %i = %c0 to %c64 step %c1 {
    func.call @sic_hook_before_op(%null, %op) : (!llvm.ptr, i32) -> ()
  } {sic.parallel}
  scf.for %i = %c0 to %c64 step %c1 {
    %scratch = memref.view %arena[%c0][] : memref<256xi8> to memref<64xf32>
    memref.store %zero, %scratch[%i] : memref<64xf32>
  } {sic.parallel}
  scf.for %i = %c0 to %c64 step %c1 {
    memref.store %zero, %d[%i] : memref<?xf32>
  } {sic.parallel}
  return
}
