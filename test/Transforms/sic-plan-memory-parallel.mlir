// RUN: sic-opt %s --sic-set-target=cpu=znver5 --sic-plan-memory | FileCheck %s

// Tests that a buffer allocated in the body of a loop marked for threads
// moves before the loop, where every iteration shares it: the loop loses
// its mark and runs its iterations one after the other (sharing them would
// race on the buffer).
// CHECK-LABEL: func.func @shared_loop
// CHECK:       %[[ROW:.*]] = memref.view %{{.*}} : memref<64xi8> to memref<8xf32>
// CHECK-NEXT:  scf.for
// CHECK:       memref.copy %{{.*}}, %[[ROW]]
// CHECK:       }
// CHECK-NOT:   sic.parallel
// CHECK-NEXT:  return
func.func @shared_loop(%x: memref<4x8xf32> {sic.name = "x", sic.type = tensor<4x8xf32>}, %y: memref<4x8xf32> {sic.name = "y", sic.output, sic.type = tensor<4x8xf32>}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %t = memref.alloc() : memref<8xf32>
    %row = memref.subview %x[%i, 0] [1, 8] [1, 1] : memref<4x8xf32> to memref<8xf32, strided<[1], offset: ?>>
    memref.copy %row, %t : memref<8xf32, strided<[1], offset: ?>> to memref<8xf32>
    %out = memref.subview %y[%i, 0] [1, 8] [1, 1] : memref<4x8xf32> to memref<8xf32, strided<[1], offset: ?>>
    memref.copy %t, %out : memref<8xf32> to memref<8xf32, strided<[1], offset: ?>>
    memref.dealloc %t : memref<8xf32>
  } {sic.parallel}
  return
}
