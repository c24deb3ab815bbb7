// RUN: sic-opt %s --sic-approximate-math | FileCheck %s

// Tests that f32 exp, erf, tanh and log, scalar or vector, become inline
// arithmetic with no call left, and that f64 keeps its libm functions.
// CHECK-LABEL: func.func @f32
// CHECK-NOT: math.exp
// CHECK-NOT: math.erf
// CHECK-NOT: math.tanh
// CHECK-NOT: math.log
// CHECK: arith.mulf
// CHECK: return
func.func @f32(%x: f32, %v: vector<16xf32>) -> (f32, f32, vector<16xf32>, f32) {
  %e = math.exp %x : f32
  %r = math.erf %x : f32
  %t = math.tanh %v : vector<16xf32>
  %l = math.log %x : f32
  return %e, %r, %t, %l : f32, f32, vector<16xf32>, f32
}

// erf is a quotient of two polynomials in x^2 on x clamped to [-4, 4],
// clamped to [-1, 1]: no select but the clamps' four.
// CHECK-LABEL: func.func @erf
// CHECK-SAME:      (%[[X:.*]]: vector<8xf32>)
// CHECK:         %[[FOUR:.*]] = arith.constant dense<4.000000e+00> : vector<8xf32>
// CHECK:         %[[ABOVE:.*]] = arith.cmpf ogt, %[[X]], %[[FOUR]]
// CHECK:         %[[HIGH:.*]] = arith.select %[[ABOVE]], %[[FOUR]], %[[X]]
// CHECK:         %[[BELOW:.*]] = arith.cmpf olt, %[[HIGH]],
// CHECK:         %[[C:.*]] = arith.select %[[BELOW]], %{{.*}}, %[[HIGH]]
// CHECK:         %[[SQUARE:.*]] = arith.mulf %[[C]], %[[C]]
// CHECK-COUNT-4: math.fma {{.*}}, %[[SQUARE]],
// CHECK:         %[[P:.*]] = arith.mulf %[[C]],
// CHECK-COUNT-6: math.fma {{.*}}, %[[SQUARE]],
// CHECK:         %[[R:.*]] = arith.divf %[[P]],
// CHECK:         %[[ONE:.*]] = arith.constant dense<1.000000e+00> : vector<8xf32>
// CHECK:         arith.cmpf ogt, %[[R]], %[[ONE]]
// CHECK-COUNT-2: arith.select
// CHECK-NOT:     arith.select
// CHECK:         return
func.func @erf(%x: vector<8xf32>) -> vector<8xf32> {
  %r = math.erf %x : vector<8xf32>
  return %r : vector<8xf32>
}

// CHECK-LABEL: func.func @f64
// CHECK: math.exp %{{.*}} : f64
func.func @f64(%x: f64) -> f64 {
  %e = math.exp %x : f64
  return %e : f64
}

// Tests that the functions whose MLIR 19 approximations are less accurate
// than SIC's tolerances (asin and acos: 3e-4 near the ends of their domain)
// keep their libm functions, as do those MLIR has none of.
// CHECK-LABEL: func.func @kept
// CHECK: math.asin %{{.*}} : f32
// CHECK: math.acos %{{.*}} : f32
// CHECK: math.atan %{{.*}} : f32
// CHECK: math.sin %{{.*}} : vector<16xf32>
// CHECK: math.cos %{{.*}} : f32
// CHECK: math.tan %{{.*}} : f32
func.func @kept(%x: f32, %v: vector<16xf32>) -> (f32, f32, f32, vector<16xf32>, f32, f32) {
  %a = math.asin %x : f32
  %b = math.acos %x : f32
  %c = math.atan %x : f32
  %s = math.sin %v : vector<16xf32>
  %o = math.cos %x : f32
  %t = math.tan %x : f32
  return %a, %b, %c, %s, %o, %t : f32, f32, f32, vector<16xf32>, f32, f32
}
