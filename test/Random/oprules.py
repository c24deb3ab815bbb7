"""The rules of every sic op, for the random-graph tester: the output type a
node must declare (mirroring `inferOutputTypes` in dialects/Sic/IR/*Ops.cpp
and lib/Support/ShapeRules.cpp) and the interval its values can take.

A graph the tester writes must be valid, so that sic-compile has no reason
to refuse it, and numerically tame, so that a correct compiler gives
comparable numbers at every -O level: no NaN or Inf anywhere (the
debug-checked build checks every op's output), no integer overflow or
division by zero, no float-to-integer cast of a value that rounding could
move across an integer, no comparison or cast to bool of a value that
rounding could move at all (bools compare exactly), and no value so large
that a different summation order matters. A rule raises `Invalid` for a node its op refuses and
`Unsafe` for one that could leave that domain; the generator and the
shrinker both drop such nodes.
"""

import math

# The model format's dtype names. A Bool is one byte, 0 or 1 (i1 in the
# dialect); bools compare exactly, so every bool a graph holds must be the
# same at every -O level: only comparisons, casts and logic of exact values.
F32, I32, I64, BOOL = "F32", "I32", "I64", "Bool"
# The number types: what arithmetic takes.
DTYPES = (F32, I32, I64)
INTEGERS = (I32, I64)
ALL_TYPES = (*DTYPES, BOOL)

# Largest magnitude a value may reach. Floats stay small so that the
# rounding of long sums stays within the tolerances; integers stay far from
# overflow even after a product or a sum.
LIMIT = {F32: 1e3, I32: 1 << 20, I64: 1 << 40, BOOL: 1}
# Denominators, and the arguments of log, sqrt and pow's base, keep at least
# this distance from zero, so that neither is infinite and the rounding error
# of the argument is not blown up.
MARGIN = 0.25
# Batch normalization's variance + epsilon stays above this.
MIN_VARIANCE = 0.05
# Layer normalization of values that may all be the same (a splat, a
# broadcast) divides the rounding error of their f32 mean, which grows with
# their count n, by sqrt(epsilon): n / sqrt(epsilon) stays below this (153
# equal values with epsilon 0.01 came out 1e-5 from 0). Only a graph input's
# random values are normalized with any epsilon.
MAX_NOISE_GAIN = 400
# That error, per unit of gain: each normalized element may be off by this
# times the gain, all alike (the mean's rounding error is shared), so a sum
# of n of them by n times as much. Such values flow only through
# elementwise ops and data movement (NOISE_CARRIERS, the error growing with
# the other operands' magnitude); any other op (a sum, a comparison, a cast
# to an integer) takes them only while MAX_ELEMENTS times their error stays
# within SUM_NOISE.
NOISE_PER_GAIN = 7e-9
SUM_NOISE = 5e-6
# No tensor holds more elements: every graph compiles in well under a second.
MAX_ELEMENTS = 4096


class Invalid(Exception):
    """A node its op's rule refuses."""


class Unsafe(Exception):
    """A valid node whose values could leave the tame domain."""


class Value:
    """What the tester knows about a tensor: its type, an interval holding
    every element, whether every -O level computes it bit for bit the same
    (`exact`), whether its elements are independent random values (`varied`:
    a graph input) and the elements of a constant."""

    def __init__(self, dtype, shape, lo, hi, exact=False, data=None,
                 varied=False, noise=0.0):
        self.dtype, self.shape = dtype, tuple(shape)
        self.lo, self.hi = lo, hi
        self.exact, self.data, self.varied = exact, data, varied
        # An absolute error that every element may share with the same sign
        # (see NOISE_PER_GAIN), which a sum does not average out.
        self.noise = noise

    @property
    def rank(self):
        return len(self.shape)

    @property
    def size(self):
        return math.prod(self.shape)

    @property
    def magnitude(self):
        return max(abs(self.lo), abs(self.hi))


def check(condition, message, error=Invalid):
    if not condition:
        raise error(message)


def normalize_axis(axis, rank):
    check(-rank <= axis < rank, f"axis {axis} out of range for rank {rank}")
    return axis + rank if axis < 0 else axis


def normalize_axes(axes, rank):
    result = [normalize_axis(a, rank) for a in axes]
    check(len(set(result)) == len(result), f"repeated axes {axes}")
    return result


def broadcast(a, b):
    rank = max(len(a), len(b))
    a = (1,) * (rank - len(a)) + tuple(a)
    b = (1,) * (rank - len(b)) + tuple(b)
    check(all(x == y or 1 in (x, y) for x, y in zip(a, b)),
          f"cannot broadcast {a} and {b}")
    return tuple(y if x == 1 else x for x, y in zip(a, b))


def broadcasts_to(a, b):
    try:
        return broadcast(a, b) == tuple(b)
    except Invalid:
        return False


def window_size(size, kernel, stride, dilation, pad_begin, pad_end,
                ceil_mode=False):
    """getWindowOutputSize: the output size of a window along one dim, or
    None when the window does not fit."""
    span = dilation * (kernel - 1) + 1
    padded = size + pad_begin + pad_end
    if padded < span:
        return None
    room = padded - span
    out = room // stride + 1
    if ceil_mode and room % stride and out * stride < size + pad_begin:
        out += 1
    return out


def slice_size(dim, start, end, step):
    """getSliceRange's size: ONNX Slice along one dim."""
    def resolve(i):
        return (-1 if i < -dim else i + dim) if i < 0 else i
    first, last = resolve(start), resolve(end)
    if step > 0:
        first, last = min(max(first, 0), dim), min(max(last, 0), dim)
        return (last - first - 1) // step + 1 if last > first else 0
    if dim == 0:
        return 0
    first, last = min(max(first, 0), dim - 1), min(max(last, -1), dim - 1)
    return (first - last - 1) // -step + 1 if first > last else 0


def hull(*values):
    return min(values), max(values)


def finish(dtype, shape, lo, hi, exact=False, noise=0.0):
    """The output Value, once its size and magnitude are known to be tame."""
    check(all(d >= 0 for d in shape), f"negative dim in {shape}")
    check(math.prod(shape) <= MAX_ELEMENTS, f"{shape} is too large", Unsafe)
    check(math.isfinite(lo) and math.isfinite(hi) and
          max(abs(lo), abs(hi)) <= LIMIT[dtype],
          f"values in [{lo}, {hi}] exceed {LIMIT[dtype]}", Unsafe)
    return Value(dtype, shape, lo, hi, exact, noise=noise)


def arity(ins, low, high=0):
    """low to high inputs (high 0: exactly low, None: no upper bound)."""
    high = low if high == 0 else high
    check(low <= len(ins) and (high is None or len(ins) <= high),
          f"{len(ins)} inputs")


# Ops whose data input may hold any number type (f32, i32, i64).
NUMERIC = {"arg_max", "arg_min", "top_k",
           "add", "sub", "mul", "div", "max", "min", "relu", "neg", "abs",
           "reduce_sum", "reduce_max", "reduce_prod",
           "less", "less_or_equal", "greater", "greater_or_equal"}
# Ops whose data input may hold any element type, bool included (where:
# its x and y).
ANY_TYPE = {"reshape", "transpose", "concat", "slice", "flatten", "squeeze",
            "unsqueeze", "pad", "gather", "gather_elements", "gather_nd",
            "scatter_elements",
            "scatter_nd", "cast", "equal",
            "where"}
# Logic on bools, bitwise on integers.
LOGIC = {"and", "or", "xor", "not"}
# Shifts of integers.
SHIFTS = ("shift_left", "shift_right")


def element_types(op):
    """The element types of an op's data input; the others take f32."""
    if op in ANY_TYPE:
        return ALL_TYPES
    if op in NUMERIC:
        return DTYPES
    if op in LOGIC:
        return (BOOL, *INTEGERS)
    return INTEGERS if op in SHIFTS else (F32,)


def check_element_type(op, v):
    check(v.dtype in element_types(op),
          f"{op} expects {'/'.join(element_types(op))}, got {v.dtype}")


def all_f32(ins):
    check(all(v.dtype == F32 for v in ins), "expects f32")


def is_power_of_two_splat(v):
    """A constant whose elements are all the same power of two: multiplying
    by it is exact."""
    if not v.data or v.dtype != F32:
        return False
    first = v.data[0]
    return (all(x == first for x in v.data) and first != 0 and
            math.frexp(abs(first))[0] == 0.5)


# --- Elementwise -------------------------------------------------------------

def _corners(f, a, b):
    return hull(*(f(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi)))


def _away_from_zero(v, margin):
    return v.lo >= margin or v.hi <= -margin


def _divide(a, b):
    integer = a.dtype in INTEGERS
    check(_away_from_zero(b, 1 if integer else MARGIN),
          f"denominator in [{b.lo}, {b.hi}]", Unsafe)
    lo, hi = _corners(lambda x, y: x / y, a, b)
    return (math.floor(lo), math.ceil(hi)) if integer else (lo, hi)


def _power(a, b):
    check(a.lo >= MARGIN, f"base in [{a.lo}, {a.hi}]", Unsafe)
    check(b.magnitude <= 4, f"exponent in [{b.lo}, {b.hi}]", Unsafe)
    # Monotone in each argument for a positive base: the corners bound it.
    return _corners(lambda x, y: x ** y, a, b)


def _fmod(a, b):
    # A jump of |b| wherever a crosses a multiple of b: only exact values
    # give the same remainder at every -O level.
    check(a.exact and b.exact, "fmod of an inexact value", Unsafe)
    check(_away_from_zero(b, MARGIN), f"denominator in [{b.lo}, {b.hi}]",
          Unsafe)
    # The dividend's sign, below |b| in magnitude.
    bound = max(abs(b.lo), abs(b.hi))
    return max(min(a.lo, 0.0), -bound), min(max(a.hi, 0.0), bound)


BINARY = {
    "add": lambda a, b: (a.lo + b.lo, a.hi + b.hi),
    "sub": lambda a, b: (a.lo - b.hi, a.hi - b.lo),
    "mul": lambda a, b: _corners(lambda x, y: x * y, a, b),
    "div": _divide,
    "pow": _power,
    "fmod": _fmod,
    "max": lambda a, b: (max(a.lo, b.lo), max(a.hi, b.hi)),
    "min": lambda a, b: (min(a.lo, b.lo), min(a.hi, b.hi)),
}


def binary(op, attrs, ins):
    arity(ins, 2)
    a, b = ins
    check(a.dtype == b.dtype, "element types differ")
    check_element_type(op, a)
    shape = broadcast(a.shape, b.shape)
    lo, hi = BINARY[op](a, b)
    exact = a.exact and b.exact and (
        op in ("max", "min", "fmod") or a.dtype in INTEGERS or
        (op == "mul" and (is_power_of_two_splat(a) or is_power_of_two_splat(b))))
    return finish(a.dtype, shape, lo, hi, exact)


# --- Comparisons and logic ---------------------------------------------------

COMPARISONS = ("equal", "less", "less_or_equal", "greater",
               "greater_or_equal")
LOGIC_BINARY = ("and", "or", "xor")


def compare(op, attrs, ins):
    arity(ins, 2)
    a, b = ins
    check(a.dtype == b.dtype, "element types differ")
    check_element_type(op, a)
    shape = broadcast(a.shape, b.shape)
    # Rounding could move an operand across the other: only values every
    # -O level computes bit for bit compare the same everywhere.
    check(a.exact and b.exact, f"{op} of an inexact value", Unsafe)
    return finish(BOOL, shape, 0, 1, True)


def logic(op, attrs, ins):
    arity(ins, 1 if op == "not" else 2)
    for v in ins:
        check_element_type(op, v)
    check(all(v.dtype == ins[0].dtype for v in ins), "element types differ")
    shape = ins[0].shape
    for v in ins[1:]:
        shape = broadcast(shape, v.shape)
    exact = all(v.exact for v in ins)
    dtype = ins[0].dtype
    if dtype == BOOL:
        return finish(BOOL, shape, 0, 1, exact)
    if op == "not":  # ~x is -x - 1
        return finish(dtype, shape, -ins[0].hi - 1, -ins[0].lo - 1, exact)
    # Operands in [-2^k, 2^k) give a result there too (k + 1 bits of two's
    # complement); nonnegative ones a nonnegative result.
    bits = max(int(max(abs(v.lo), abs(v.hi))).bit_length() for v in ins)
    lo = 0 if all(v.lo >= 0 for v in ins) else -(1 << bits)
    return finish(dtype, shape, lo, (1 << bits) - 1, exact)


def shift(op, attrs, ins):
    """x shifted by s bits; 0 where s is negative or not below the width."""
    arity(ins, 2)
    x, s = ins
    check(x.dtype == s.dtype, "element types differ")
    check_element_type(op, x)
    shape = broadcast(x.shape, s.shape)
    width = 32 if x.dtype == I32 else 64
    low, high = max(int(s.lo), 0), min(int(s.hi), width - 1)
    corners = [0]
    if low <= high:
        if op == "shift_left":
            corners += [x.lo * (1 << low), x.lo * (1 << high),
                        x.hi * (1 << low), x.hi * (1 << high)]
        else:
            # A negative x shifts in zeros: a huge positive value.
            check(x.lo >= 0, "shift_right of a negative value", Unsafe)
            corners += [int(x.lo) >> high, int(x.hi) >> low]
    return finish(x.dtype, shape, min(corners), max(corners),
                  x.exact and s.exact)


def where(op, attrs, ins):
    arity(ins, 3)
    condition, x, y = ins
    check(condition.dtype == BOOL, "where expects a bool condition")
    check(x.dtype == y.dtype, "where's x and y differ in element type")
    check(condition.exact, "where of an inexact condition", Unsafe)
    shape = broadcast(broadcast(condition.shape, x.shape), y.shape)
    return finish(x.dtype, shape, *hull(x.lo, x.hi, y.lo, y.hi),
                  x.exact and y.exact)


def _gelu(x, approximate):
    if approximate == "tanh":
        return 0.5 * x * (1 + math.tanh(math.sqrt(2 / math.pi) *
                                        (x + 0.044715 * x ** 3)))
    return 0.5 * x * (1 + math.erf(x / math.sqrt(2)))


def _hard_sigmoid(x, attrs):
    return max(0.0, min(1.0, attrs.get("alpha", 0.2) * x +
                        attrs.get("beta", 0.5)))


def _clip(x, attrs):
    return min(max(x, attrs.get("min", -math.inf)), attrs.get("max", math.inf))


# Monotone functions: the image of [lo, hi] is [f(lo), f(hi)] (or swapped).
MONOTONE = {
    # As tanh, which neither overflows nor underflows far from 0.
    "sigmoid": lambda x, a: 0.5 * (1 + math.tanh(x / 2)),
    "tanh": lambda x, a: math.tanh(x),
    "exp": lambda x, a: math.exp(min(x, 700)),
    "log": lambda x, a: math.log(x),
    "sqrt": lambda x, a: math.sqrt(x),
    "erf": lambda x, a: math.erf(x),
    "neg": lambda x, a: -x,
    "clip": _clip,
    "hard_sigmoid": _hard_sigmoid,
    # On one side of 0 (DOMAIN).
    "reciprocal": lambda x, a: 1 / x,
    # Steps: only of exact values (ROUNDING), which no -O level moves across
    # a step.
    "floor": lambda x, a: float(math.floor(x)),
    "ceil": lambda x, a: float(math.ceil(x)),
    "round": lambda x, a: float(round(x)),  # halves to even
    "sign": lambda x, a: float((x > 0) - (x < 0)),
    "tan": lambda x, a: math.tan(x),
    "asin": lambda x, a: math.asin(x),
    "acos": lambda x, a: math.acos(x),
    "atan": lambda x, a: math.atan(x),
    "sinh": lambda x, a: math.sinh(x),
    "asinh": lambda x, a: math.asinh(x),
    "acosh": lambda x, a: math.acosh(x),
    "atanh": lambda x, a: math.atanh(x),
    "softplus": lambda x, a: max(x, 0.0) + math.log1p(math.exp(-abs(x))),
    "softsign": lambda x, a: x / (1 + abs(x)),
}
# Functions with one turning point inside: f(lo), f(hi) and f(turn) bound it.
TURNING = {
    "relu": (lambda x, a: max(x, 0), 0.0),
    "abs": (lambda x, a: abs(x), 0.0),
    "leaky_relu": (lambda x, a: x if x >= 0 else a.get("alpha", 0.01) * x, 0.0),
    "hard_swish": (lambda x, a: x * max(0.0, min(1.0, x / 6 + 0.5)), -1.5),
    "gelu": (lambda x, a: _gelu(x, a.get("approximate", "none")), -0.7518),
    "cosh": (lambda x, a: math.cosh(x), 0.0),
}
# Periodic functions: within [-1, 1].
PERIODIC = ("sin", "cos")
ROUNDING = ("floor", "ceil", "round", "sign")
EXACT_UNARY = ("relu", "neg", "abs", "clip", *ROUNDING)
# Where each function's argument stays: away from a pole or a branch end,
# where the rounding of the argument would be blown up, and small enough
# that the f32 argument reduction of sin, cos and tan stays accurate.
DOMAIN = {
    "tan": lambda x: x.magnitude <= 1.2,
    "asin": lambda x: x.magnitude <= 0.9,
    "acos": lambda x: x.magnitude <= 0.9,
    "atanh": lambda x: x.magnitude <= 0.9,
    "acosh": lambda x: x.lo >= 1 + MARGIN,
    "sinh": lambda x: x.magnitude <= 8,
    "cosh": lambda x: x.magnitude <= 8,
    "sin": lambda x: x.magnitude <= 8,
    "cos": lambda x: x.magnitude <= 8,
    "reciprocal": lambda x: x.lo >= MARGIN or x.hi <= -MARGIN,
}


def unary(op, attrs, ins):
    arity(ins, 1)
    (x,) = ins
    check_element_type(op, x)
    if op in ("log", "sqrt"):
        check(x.lo >= MARGIN, f"{op} of [{x.lo}, {x.hi}]", Unsafe)
    if op in DOMAIN:
        check(DOMAIN[op](x), f"{op} of [{x.lo}, {x.hi}]", Unsafe)
    if op in ROUNDING:
        check(x.exact, f"{op} of an inexact value", Unsafe)
    if op == "clip":
        check(not any(isinstance(v, float) and math.isnan(v)
                      for v in attrs.values()), "NaN bound")
    if op in PERIODIC:
        lo, hi = -1.0, 1.0
    elif op in MONOTONE:
        lo, hi = hull(MONOTONE[op](x.lo, attrs), MONOTONE[op](x.hi, attrs))
    else:
        f, turn = TURNING[op]
        points = [x.lo, x.hi] + ([turn] if x.lo < turn < x.hi else [])
        lo, hi = hull(*(f(p, attrs) for p in points))
    if x.dtype in INTEGERS:
        lo, hi = int(lo), int(hi)
    return finish(x.dtype, x.shape, lo, hi, x.exact and op in EXACT_UNARY)


# --- Contractions -------------------------------------------------------------

def _dot(k, a, b):
    """The interval of a sum of k products of an element of a and one of b."""
    lo, hi = _corners(lambda x, y: x * y, a, b)
    return k * min(lo, 0.0), k * max(hi, 0.0)


def matmul(op, attrs, ins):
    arity(ins, 2)
    all_f32(ins)
    a, b = ins
    check(a.rank >= 1 and b.rank >= 1, "matmul expects rank >= 1")
    lhs = (1,) + a.shape if a.rank == 1 else a.shape
    rhs = b.shape + (1,) if b.rank == 1 else b.shape
    check(lhs[-1] == rhs[-2], f"contracted dims {lhs[-1]} and {rhs[-2]}")
    shape = broadcast(lhs[:-2], rhs[:-2])
    shape += ((lhs[-2],) if a.rank > 1 else ()) + ((rhs[-1],) if b.rank > 1
                                                   else ())
    return finish(F32, shape, *_dot(lhs[-1], a, b))


def gemm(op, attrs, ins):
    arity(ins, 2, 3)
    all_f32(ins)
    a, b = ins[:2]
    check(a.rank == 2 and b.rank == 2, "gemm expects matrices")
    m, k = a.shape[::-1] if attrs.get("trans_a") else a.shape
    bk, n = b.shape[::-1] if attrs.get("trans_b") else b.shape
    check(k == bk, f"contracted dims {k} and {bk}")
    alpha, beta = attrs.get("alpha", 1.0), attrs.get("beta", 1.0)
    lo, hi = hull(*(alpha * x for x in _dot(k, a, b)))
    if len(ins) == 3:
        c = ins[2]
        check(broadcasts_to(c.shape, (m, n)), f"C {c.shape} vs {(m, n)}")
        c_lo, c_hi = hull(beta * c.lo, beta * c.hi)
        lo, hi = lo + c_lo, hi + c_hi
    return finish(F32, (m, n), lo, hi)


def _window_attrs(attrs, names):
    for name in names:
        check(len(attrs[name]) == (4 if name == "pads" else 2),
              f"'{name}' size")
    check(min(attrs["strides"]) >= 1 and min(attrs["dilations"]) >= 1 and
          min(attrs["pads"]) >= 0, "window attribute out of range")


def conv2d(op, attrs, ins):
    arity(ins, 2, 3)
    all_f32(ins)
    x, w = ins[:2]
    check(x.rank == 4 and w.rank == 4, "conv2d expects rank 4")
    _window_attrs(attrs, ("strides", "pads", "dilations"))
    group = attrs.get("group", 1)
    check(group >= 1 and x.shape[1] % group == 0 and w.shape[0] % group == 0,
          "group does not divide the channels")
    check(w.shape[1] == x.shape[1] // group, "filter channels")
    if len(ins) == 3:
        check(ins[2].shape == (w.shape[0],), "bias shape")
    shape = [x.shape[0], w.shape[0]]
    for i in range(2):
        size = window_size(x.shape[2 + i], w.shape[2 + i], attrs["strides"][i],
                           attrs["dilations"][i], attrs["pads"][i],
                           attrs["pads"][2 + i])
        check(size is not None, "the filter does not fit")
        shape.append(size)
    lo, hi = _dot(w.shape[1] * w.shape[2] * w.shape[3], x, w)
    if len(ins) == 3:
        lo, hi = lo + ins[2].lo, hi + ins[2].hi
    return finish(F32, shape, lo, hi)


# --- Pooling ------------------------------------------------------------------

def pool2d(op, attrs, ins):
    arity(ins, 1)
    (x,) = ins
    check(x.dtype == F32 and x.rank == 4, "pool expects f32 rank 4")
    _window_attrs(attrs, ("kernel_shape", "strides", "pads", "dilations"))
    kernel, pads = attrs["kernel_shape"], attrs["pads"]
    check(min(kernel) >= 1, "kernel_shape")
    shape = list(x.shape[:2])
    for i in range(2):
        check(x.shape[2 + i] > 0, "empty spatial dim")
        check(attrs["dilations"][i] == 1 or pads[i] == pads[2 + i] == 0,
              "pads with dilation")
        check(pads[i] < kernel[i] and pads[2 + i] < kernel[i],
              "pads not smaller than the window")
        size = window_size(x.shape[2 + i], kernel[i], attrs["strides"][i],
                           attrs["dilations"][i], pads[i], pads[2 + i],
                           attrs.get("ceil_mode", 0))
        check(size is not None, "the window does not fit")
        shape.append(size)
    lo, hi = x.lo, x.hi
    if op == "avg_pool2d" and attrs.get("count_include_pad"):
        lo, hi = hull(lo, hi, 0.0)
    return finish(F32, shape, lo, hi, x.exact and op == "max_pool2d")


def global_avg_pool(op, attrs, ins):
    arity(ins, 1)
    (x,) = ins
    check(x.dtype == F32 and x.rank >= 3, "global_avg_pool expects rank >= 3")
    check(all(x.shape[2:]) or x.shape[0] * x.shape[1] == 0,
          "mean over nothing", Unsafe)
    return finish(F32, x.shape[:2] + (1,) * (x.rank - 2), x.lo, x.hi)


# --- Normalization ------------------------------------------------------------

def _interval_mul(a, b):
    return hull(*(x * y for x in a for y in b))


def batch_norm(op, attrs, ins):
    arity(ins, 5)
    all_f32(ins)
    x, scale, bias, mean, var = ins
    check(x.rank >= 2, "batch_norm expects rank >= 2")
    check(all(v.shape == (x.shape[1],) for v in ins[1:]), "parameter shapes")
    epsilon = attrs.get("epsilon", 1e-5)
    check(epsilon >= 0, "negative epsilon")
    check(var.lo + epsilon >= MIN_VARIANCE, "variance near zero", Unsafe)
    centered = (x.lo - mean.hi, x.hi - mean.lo)
    inverse = (1 / math.sqrt(var.hi + epsilon), 1 / math.sqrt(var.lo + epsilon))
    lo, hi = _interval_mul(_interval_mul(centered, inverse),
                           (scale.lo, scale.hi))
    return finish(F32, x.shape, lo + bias.lo, hi + bias.hi)


def softmax(op, attrs, ins):
    arity(ins, 1)
    (x,) = ins
    check(x.dtype == F32 and x.rank >= 1, "softmax expects f32 rank >= 1")
    axis = normalize_axis(attrs.get("axis", -1), x.rank)
    if attrs.get("log", 0):
        # (x - max) - log(sum), the sum of at most n exponentials of at
        # most 1, at least the max's 1.
        count = max(x.shape[axis], 1)
        return finish(F32, x.shape, (x.lo - x.hi) - math.log(count), 0.0)
    return finish(F32, x.shape, 0.0, 1.0)


def noise_gain(count, epsilon):
    """How much layer normalization of `count` equal values with `epsilon`
    magnifies the rounding error of their mean (see MAX_NOISE_GAIN)."""
    return count / math.sqrt(epsilon) if epsilon > 0 else math.inf


def layer_norm(op, attrs, ins):
    arity(ins, 2, 3)
    all_f32(ins)
    x = ins[0]
    check(x.rank >= 1, "layer_norm expects rank >= 1")
    epsilon = attrs.get("epsilon", 1e-5)
    check(epsilon >= 0, "negative epsilon")
    axis = normalize_axis(attrs.get("axis", -1), x.rank)
    normalized = x.shape[axis:]
    check(x.varied or noise_gain(math.prod(normalized), epsilon)
          <= MAX_NOISE_GAIN, "epsilon too small for the count of values "
          "that may not vary", Unsafe)
    for v in ins[1:]:
        check(broadcasts_to(v.shape, normalized), "scale or bias shape")
    # A normalized element is at most sqrt(n - 1) standard deviations out.
    z = math.sqrt(max(math.prod(normalized) - 1, 0))
    lo, hi = _interval_mul((-z, z), (ins[1].lo, ins[1].hi))
    if len(ins) == 3:
        lo, hi = lo + ins[2].lo, hi + ins[2].hi
    noise = 0.0 if x.varied else (
        NOISE_PER_GAIN * noise_gain(math.prod(normalized), epsilon)
        * max(abs(ins[1].lo), abs(ins[1].hi)))
    return finish(F32, x.shape, lo, hi, noise=noise)


# --- Recurrence ---------------------------------------------------------------

GATES = {"lstm": 4, "gru": 3, "rnn": 1}
ACTIVATIONS_PER_DIRECTION = {"lstm": 3, "gru": 2, "rnn": 1}


def activation_range(name, alpha, beta):
    """The interval a gate activation's values lie in, whatever its input;
    the unbounded ones (relu, affine, elu, ...) could grow with every step."""
    if name in ("tanh", "softsign"):
        return -1.0, 1.0
    if name in ("sigmoid", "hard_sigmoid"):
        return 0.0, 1.0
    if name == "scaled_tanh":
        return -abs(alpha), abs(alpha)
    raise Unsafe(f"the {name} activation is unbounded")


def recurrence(op, attrs, ins):
    arity(ins, 4, 6)
    all_f32(ins)
    cell = attrs["cell"]
    lstm = cell == "lstm"
    directions = 2 if attrs.get("direction") == "bidirectional" else 1
    gates, per_direction = GATES[cell], ACTIVATIONS_PER_DIRECTION[cell]
    x, weights, bias, hidden = ins[:4]
    check(x.rank == 4 and weights.rank == 3, "recurrence input ranks")
    steps, batch, size = x.shape[1], x.shape[2], weights.shape[1]
    check(x.shape == (directions, steps, batch, gates * size) and
          weights.shape == (directions, size, gates * size) and
          bias.shape == (directions, gates * size) and
          hidden.shape == (directions, batch, size), "recurrence shapes")
    check(len(ins) >= 5 if lstm else len(ins) == 4, "recurrence arity")
    check(all(v.shape == (directions, batch, size) for v in ins[4:5]),
          "initial_c shape")
    check(all(v.shape == (directions, 3 * size) for v in ins[5:]),
          "peepholes shape")
    for flag, owner in (("input_forget", "lstm"), ("cell_states", "lstm"),
                        ("linear_before_reset", "gru")):
        check(not attrs.get(flag) or cell == owner, f"{flag} on a {cell}")
    names = attrs["activations"]
    count = directions * per_direction
    check(len(names) == count and len(attrs["activation_alpha"]) == count and
          len(attrs["activation_beta"]) == count, "activation count")
    check(attrs.get("clip", 1.0) > 0, "clip")
    ranges = [activation_range(n, a, b) for n, a, b in
              zip(names, attrs["activation_alpha"], attrs["activation_beta"])]

    def magnitude(interval):
        return max(abs(interval[0]), abs(interval[1]))

    lo, hi = math.inf, -math.inf
    cell_bound = 0.0
    for d in range(directions):
        f, g = ranges[d * per_direction], ranges[d * per_direction:][1:2]
        if cell == "rnn":
            lo, hi = min(lo, f[0]), max(hi, f[1])
        elif cell == "gru":
            # A convex mix of the candidate and the last state.
            check(0.0 <= f[0] and f[1] <= 1.0, "a gru update gate outside "
                  "[0, 1]", Unsafe)
            lo = min(lo, g[0][0], hidden.lo if steps else math.inf)
            hi = max(hi, g[0][1], hidden.hi if steps else -math.inf)
        else:
            forget = (1.0 - f[1], 1.0 - f[0]) if attrs.get("input_forget") \
                else f
            state = max(abs(ins[4].lo), abs(ins[4].hi))
            for _ in range(steps):
                state = magnitude(forget) * state + \
                    magnitude(f) * magnitude(g[0])
            cell_bound = max(cell_bound, state)
            bound = magnitude(f) * magnitude(ranges[d * per_direction + 2])
            lo, hi = min(lo, -bound), max(hi, bound)
    if attrs.get("cell_states"):
        lo, hi = min(lo, -cell_bound), max(hi, cell_bound)
    shape = (steps, directions, batch, size)
    if attrs.get("cell_states"):
        shape = (2,) + shape
    if math.prod(shape) == 0:
        lo, hi = 0.0, 0.0
    return finish(F32, shape, lo, hi)


# --- Reductions ---------------------------------------------------------------

def reduce(op, attrs, ins):
    arity(ins, 1)
    (x,) = ins
    check_element_type(op, x)
    axes = normalize_axes(attrs["axes"], x.rank)
    reduced = set(axes) if axes else set(range(x.rank))
    keepdims = attrs.get("keepdims", 1)
    shape = tuple(1 if i in reduced else d for i, d in enumerate(x.shape)
                  if keepdims or i not in reduced)
    count = math.prod(d for i, d in enumerate(x.shape) if i in reduced)
    check(count > 0 or math.prod(shape) == 0 or
          op in ("reduce_sum", "reduce_prod"), "reduction over nothing",
          Unsafe)
    lo, hi = x.lo, x.hi
    if op == "reduce_sum":
        lo, hi = count * min(lo, 0), count * max(hi, 0)
    elif op == "reduce_prod":
        hi = max(abs(lo), abs(hi), 1) ** count
        lo = -hi
    return finish(x.dtype, shape, lo, hi, x.exact and op != "reduce_mean" and
                  (op == "reduce_max" or x.dtype in INTEGERS))


def arg_reduce(op, attrs, ins):
    arity(ins, 1)
    (x,) = ins
    check_element_type(op, x)
    check(x.rank >= 1, f"{op} expects rank >= 1")
    axis = normalize_axis(attrs.get("axis", 0), x.rank)
    check(x.shape[axis] > 0, f"{op} over an empty axis")
    # Which element is the largest must not depend on rounding.
    check(x.exact, f"{op} of an inexact value", Unsafe)
    keepdims = attrs.get("keepdims", 1)
    shape = tuple(1 if i == axis else d for i, d in enumerate(x.shape)
                  if keepdims or i != axis)
    return finish(I64, shape, 0, x.shape[axis] - 1, True)


def top_k(op, attrs, ins):
    arity(ins, 1)
    (x,) = ins
    check_element_type(op, x)
    check(x.rank >= 1, "top_k expects rank >= 1")
    axis = normalize_axis(attrs.get("axis", -1), x.rank)
    k = attrs["k"]
    check(0 <= k <= x.shape[axis], f"top_k k {k}")
    # Which elements come first must not depend on rounding.
    check(x.exact, "top_k of an inexact value", Unsafe)
    shape = tuple(k if i == axis else d for i, d in enumerate(x.shape))
    return finish(I64, shape, 0, max(x.shape[axis] - 1, 0), True)


# --- Data movement ------------------------------------------------------------

def _moved(x, shape):
    return finish(x.dtype, shape, x.lo, x.hi, x.exact, x.noise)


def gather(op, attrs, ins):
    arity(ins, 2)
    x, indices = ins
    check(x.rank >= 1, "gather expects rank >= 1")
    check(indices.dtype in INTEGERS, "gather indices must be integers")
    check(indices.data is not None, "gather indices must be a constant")
    axis = normalize_axis(attrs.get("axis", 0), x.rank)
    n = x.shape[axis]
    check(all(-n <= i < n for i in indices.data), "gather index range")
    return _moved(x, x.shape[:axis] + indices.shape + x.shape[axis + 1:])


def gather_elements(op, attrs, ins):
    arity(ins, 2)
    x, indices = ins
    check(x.rank >= 1, "gather_elements expects rank >= 1")
    check(indices.dtype in INTEGERS, "gather_elements indices: integers")
    check(indices.data is not None, "gather_elements indices: a constant")
    check(indices.rank == x.rank, "gather_elements ranks")
    axis = normalize_axis(attrs.get("axis", 0), x.rank)
    check(all(i <= d for k, (i, d) in enumerate(zip(indices.shape, x.shape))
              if k != axis), "gather_elements index shape")
    n = x.shape[axis]
    check(all(-n <= i < n for i in indices.data), "gather index range")
    return _moved(x, indices.shape)


def _index_tuples(op, x, indices, batch):
    """The checks of gather_nd and scatter_nd on their index tuples; the
    shape they select."""
    check(x.rank >= 1 and indices.rank >= 1, f"{op} ranks")
    check(indices.dtype in INTEGERS, f"{op} indices: integers")
    check(indices.data is not None, f"{op} indices: a constant")
    check(0 <= batch < min(x.rank, indices.rank), f"{op} batch_dims")
    check(x.shape[:batch] == indices.shape[:batch], f"{op} batch shape")
    depth = indices.shape[-1]
    check(1 <= depth <= x.rank - batch, f"{op} tuple size")
    check(all(-x.shape[batch + k % depth] <= i < x.shape[batch + k % depth]
              for k, i in enumerate(indices.data)), "index range")
    return indices.shape[:-1] + x.shape[batch + depth:]


def gather_nd(op, attrs, ins):
    arity(ins, 2)
    x, indices = ins
    return _moved(x, _index_tuples(op, x, indices, attrs.get("batch_dims", 0)))


def _scattered(x, updates, attrs, count):
    """The output of a scatter of `count` updates into `x`."""
    check(updates.dtype == x.dtype, "scatter updates: the data's type")
    reduction = attrs.get("reduction", "none")
    check(reduction == "none" or x.dtype != BOOL, "scatter reduction of bool")
    lo, hi = min(x.lo, updates.lo), max(x.hi, updates.hi)
    if reduction == "add":
        lo = x.lo + count * min(updates.lo, 0)
        hi = x.hi + count * max(updates.hi, 0)
    elif reduction == "mul":
        hi = (max(abs(x.lo), abs(x.hi), 1)
              * max(abs(updates.lo), abs(updates.hi), 1) ** count)
        lo = -hi
    return finish(x.dtype, x.shape, lo, hi,
                  x.exact and updates.exact and
                  (reduction in ("none", "max", "min") or x.dtype in INTEGERS))


def scatter_elements(op, attrs, ins):
    arity(ins, 3)
    x, indices, updates = ins
    check(x.rank >= 1, "scatter_elements expects rank >= 1")
    check(indices.dtype in INTEGERS, "scatter_elements indices: integers")
    check(indices.data is not None, "scatter_elements indices: a constant")
    check(indices.rank == x.rank, "scatter_elements ranks")
    axis = normalize_axis(attrs.get("axis", 0), x.rank)
    check(all(i <= d for k, (i, d) in enumerate(zip(indices.shape, x.shape))
              if k != axis), "scatter_elements index shape")
    check(updates.shape == indices.shape, "scatter_elements updates shape")
    n = x.shape[axis]
    check(all(-n <= i < n for i in indices.data), "scatter index range")
    return _scattered(x, updates, attrs, indices.size)


def scatter_nd(op, attrs, ins):
    arity(ins, 3)
    x, indices, updates = ins
    check(updates.shape == _index_tuples(op, x, indices, 0),
          "scatter_nd updates shape")
    return _scattered(x, updates, attrs, math.prod(indices.shape[:-1]))


def reshape(op, attrs, ins):
    arity(ins, 1)
    shape = tuple(attrs["shape"])
    check(all(d >= 0 for d in shape), "negative reshape dim")
    check(math.prod(shape) == ins[0].size, "reshape element count")
    return _moved(ins[0], shape)


def transpose(op, attrs, ins):
    arity(ins, 1)
    (x,) = ins
    perm = attrs["perm"]
    check(sorted(perm) == list(range(x.rank)), f"perm {perm}")
    return _moved(x, [x.shape[p] for p in perm])


def concat(op, attrs, ins):
    arity(ins, 1, None)
    first = ins[0]
    axis = normalize_axis(attrs["axis"], first.rank)
    shape = list(first.shape)
    for v in ins[1:]:
        check(v.dtype == first.dtype and v.rank == first.rank,
              "concat inputs differ in type or rank")
        check(all(v.shape[i] == shape[i] for i in range(v.rank) if i != axis),
              "concat dims differ")
        shape[axis] += v.shape[axis]
    lo, hi = hull(*(v.lo for v in ins), *(v.hi for v in ins))
    return finish(first.dtype, shape, lo, hi, all(v.exact for v in ins))


def slice_(op, attrs, ins):
    arity(ins, 1)
    (x,) = ins
    count = len(attrs["axes"])
    check(all(len(attrs[k]) == count for k in ("starts", "ends", "steps")),
          "slice attribute sizes")
    shape = list(x.shape)
    for axis, start, end, step in zip(normalize_axes(attrs["axes"], x.rank),
                                      attrs["starts"], attrs["ends"],
                                      attrs["steps"]):
        check(step != 0, "zero step")
        shape[axis] = slice_size(x.shape[axis], start, end, step)
    return _moved(x, shape)


def flatten(op, attrs, ins):
    arity(ins, 1)
    (x,) = ins
    axis = attrs.get("axis", 1)
    check(-x.rank <= axis <= x.rank, f"flatten axis {axis}")
    axis += x.rank if axis < 0 else 0
    return _moved(x, (math.prod(x.shape[:axis]), math.prod(x.shape[axis:])))


def squeeze(op, attrs, ins):
    arity(ins, 1)
    (x,) = ins
    axes = normalize_axes(attrs["axes"], x.rank)
    check(all(x.shape[a] == 1 for a in axes), "squeezing a dim that is not 1")
    return _moved(x, [d for i, d in enumerate(x.shape) if i not in axes])


def unsqueeze(op, attrs, ins):
    arity(ins, 1)
    (x,) = ins
    rank = x.rank + len(attrs["axes"])
    axes = normalize_axes(attrs["axes"], rank)
    rest = iter(x.shape)
    return _moved(x, [1 if i in axes else next(rest) for i in range(rank)])


def pad_limit(mode, size, begin, end):
    """The largest positive pad the mode allows on a dim of `size`."""
    cropped = size + min(begin, 0) + min(end, 0)
    if mode == "reflect":
        return cropped - 1
    if mode == "edge":
        return math.inf if cropped > 0 else 0
    return math.inf


def pad(op, attrs, ins):
    arity(ins, 1)
    (x,) = ins
    pads, mode = attrs["pads"], attrs.get("mode", "constant")
    check(len(pads) == 2 * x.rank, "pads size")
    shape = []
    for size, begin, end in zip(x.shape, pads[:x.rank], pads[x.rank:]):
        padded = size + begin + end
        check(begin >= -size and end >= -size and padded >= 0,
              f"cannot pad {size} by {begin}, {end}")
        limit = pad_limit(mode, size, begin, end)
        check(max(begin, end) <= 0 or max(begin, end) <= limit,
              f"cannot pad {size} by {begin}, {end} in mode {mode}")
        shape.append(padded)
    lo, hi = x.lo, x.hi
    fills = mode == "constant" and any(p > 0 for p in pads)
    if fills:
        value = attrs.get("value", 0.0)
        if x.dtype == BOOL:
            value = int(value != 0)
        elif x.dtype in INTEGERS:
            value = int(value)
        lo, hi = hull(lo, hi, value)
    return finish(x.dtype, shape, lo, hi, x.exact)


def cast(op, attrs, ins):
    arity(ins, 1)
    (x,) = ins
    to = CAST_TYPES[attrs["to"]]
    lo, hi = x.lo, x.hi
    if x.dtype == F32 and to in INTEGERS:
        check(x.exact, "casting an inexact float to an integer", Unsafe)
        lo, hi = math.trunc(lo), math.trunc(hi)
    if to == BOOL:
        # Whether a value is 0 must not depend on rounding.
        check(x.exact, "casting an inexact value to bool", Unsafe)
        lo, hi = (0, 0) if x.lo == x.hi == 0 else \
            (1, 1) if x.lo > 0 or x.hi < 0 else (0, 1)
    return finish(to, x.shape, lo, hi, x.exact)


# sic.cast's `to`: the dialect's names of the element types.
CAST_TYPES = {"f32": F32, "i32": I32, "i64": I64, "i1": BOOL}


RULES = {
    **{op: binary for op in BINARY},
    **{op: unary for op in (*MONOTONE, *TURNING, *PERIODIC)},
    "matmul": matmul, "gemm": gemm, "conv2d": conv2d,
    "max_pool2d": pool2d, "avg_pool2d": pool2d,
    "global_avg_pool": global_avg_pool,
    "batch_norm": batch_norm, "softmax": softmax, "layer_norm": layer_norm,
    "recurrence": recurrence,
    "reduce_mean": reduce, "reduce_sum": reduce, "reduce_max": reduce,
    "reduce_prod": reduce,
    "arg_max": arg_reduce, "arg_min": arg_reduce, "gather": gather,
    "gather_elements": gather_elements,
    "scatter_elements": scatter_elements, "scatter_nd": scatter_nd,
    "gather_nd": gather_nd, "top_k": top_k,
    "reshape": reshape, "transpose": transpose, "concat": concat,
    "slice": slice_, "flatten": flatten, "squeeze": squeeze,
    "unsqueeze": unsqueeze, "pad": pad, "cast": cast,
    **{op: compare for op in COMPARISONS},
    **{op: logic for op in LOGIC},
    **{op: shift for op in SHIFTS},
    "where": where,
}

# The ops through which a shared rounding error passes as it is (see
# NOISE_PER_GAIN), scaled at most by their other operands.
NOISE_CARRIERS = {*BINARY, *MONOTONE, *TURNING, *PERIODIC, "where", "clip",
                  "reshape", "transpose", "concat", "slice", "flatten",
                  "squeeze", "unsqueeze", "pad", "gather", "gather_elements",
                  "gather_nd",
                  "scatter_elements", "scatter_nd", "reduce_max",
                  "max_pool2d"}

# The kind of each attribute in the model format (docs/model-format.md).
ATTRIBUTE_KINDS = {
    **dict.fromkeys(("trans_a", "trans_b", "ceil_mode", "count_include_pad",
                     "keepdims", "axis", "group", "select_last_index",
                     "batch_dims", "k", "largest", "log", "input_forget",
                     "linear_before_reset", "cell_states"),
                    "Int"),
    **dict.fromkeys(("alpha", "beta", "epsilon", "min", "max", "value",
                     "clip"), "Float"),
    **dict.fromkeys(("strides", "pads", "dilations", "kernel_shape", "axes",
                     "perm", "shape", "starts", "ends", "steps"), "Ints"),
    **dict.fromkeys(("mode", "approximate", "to", "reduction", "cell",
                     "direction"), "Text"),
    **dict.fromkeys(("activation_alpha", "activation_beta"), "Floats"),
    "activations": "Texts",
}


def infer(op, attrs, ins):
    """The output Value of a node: raises Invalid or Unsafe."""
    value = RULES[op](op, attrs, ins)
    noise = max((v.noise for v in ins), default=0.0)
    if noise:
        if op in NOISE_CARRIERS and value.dtype == F32:
            scale = max([1.0 / MARGIN if op in ("div", "pow") else 1.0]
                        + [max(abs(v.lo), abs(v.hi)) for v in ins])
            value.noise = max(value.noise, noise * scale)
        else:
            check(noise * MAX_ELEMENTS <= SUM_NOISE,
                  "an op that sums or compares values sharing a rounding "
                  "error", Unsafe)
    return value
