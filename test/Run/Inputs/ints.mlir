// An integer model: y = x * x + c (i64), and z = n / 2 (i32) cast to f32,
// for sic-run's integer inputs and exact comparisons.
sic.graph @ints(%x: tensor<2x3xi64> {sic.name = "x"},
                %n: tensor<4xi32> {sic.name = "n"})
    -> (tensor<2x3xi64> {sic.name = "y"}, tensor<4xf32> {sic.name = "z"}) {
  %c = sic.constant dense<[10, 20, 30]> : tensor<3xi64> loc("c")
  %two = sic.constant dense<2> : tensor<4xi32> loc("two")
  %xx = sic.mul %x, %x : (tensor<2x3xi64>, tensor<2x3xi64>) -> tensor<2x3xi64> loc("square")
  %y = sic.add %xx, %c : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi64> loc("add")
  %h = sic.div %n, %two : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32> loc("half")
  %z = sic.cast %h {to = f32} : (tensor<4xi32>) -> tensor<4xf32> loc("cast")
  sic.output %y, %z : tensor<2x3xi64>, tensor<4xf32>
}
