"""Seeded random SIC graphs for the differential tester.

`generate(seed)` builds a valid, numerically tame model (oprules.py says
what tame means) from every sic op and element type: broadcasting, every
attribute of each op, constants of every shape in every operand position,
fan-out, graph outputs that other nodes read, several inputs and outputs,
odd sizes that leave tile remainders, long chains. The same seed gives the
same graph.

    randgraph.py SEED    prints the graph of SEED as FlatBuffers JSON
"""

import math
import random
import sys

import oprules
from model import Model, Node, Tensor, round_f32, source_value, to_json
from oprules import ALL_TYPES, BOOL, DTYPES, F32, I32, INTEGERS, LIMIT, MARGIN

# Dimension sizes: odd ones leave remainders after the -O2 register tiles
# (8x32 floats with AVX-512) and vectors (16 floats).
SIZES = (1, 1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17, 32, 33)
MAX_NODES = 15

class Skip(Exception):
    """The op cannot be built from what the graph holds now."""


class Builder:
    """A model under construction, with the Value of every tensor."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.model = Model(f"random_{seed}")
        self.values = {}
        self.names = 0
        # A third of the graphs are long chains: every node reads the newest
        # value.
        self.chain = self.rng.random() < 0.3
        self.empty_ok = self.rng.random() < 0.03
        # Most tensors are f32; each graph favours one element type: the op
        # a graph features (see generate) comes back every len(OPS) graphs,
        # each time under the next type, so that every op meets every type
        # it takes in a few hundred graphs.
        self.featured = ALL_TYPES[(seed % len(OPS) + seed // len(OPS)) %
                                  len(ALL_TYPES)]

    def value(self, tensor):
        return self.values[id(tensor)]

    def _name(self, prefix):
        self.names += 1
        return f"{prefix}{self.names}"

    def attempt(self, build):
        """Runs `build`, or undoes everything it added when it fails."""
        m = self.model
        sizes = len(m.inputs), len(m.constants), len(m.nodes)
        try:
            build()
            if len(m.nodes) > MAX_NODES + 5:
                raise Skip("too many helper nodes")
            return True
        except (oprules.Invalid, oprules.Unsafe, Skip):
            del m.inputs[sizes[0]:], m.constants[sizes[1]:], m.nodes[sizes[2]:]
            return False

    # --- Tensors --------------------------------------------------------------

    def input(self, dtype, shape):
        tensor = Tensor(self._name("x"), dtype, shape)
        self.model.inputs.append(tensor)
        self.values[id(tensor)] = source_value(tensor)
        return tensor

    def constant(self, dtype, shape, lo=-1.0, hi=1.0, splat=None):
        """A constant with elements in [lo, hi]: random, or all the same."""
        count = math.prod(shape)
        if dtype == BOOL:
            def draw():
                return self.rng.randint(max(math.ceil(lo), 0),
                                        min(math.floor(hi), 1))
        elif dtype in INTEGERS:
            def draw():
                return self.rng.randint(math.ceil(lo), math.floor(hi))
        else:
            def draw():
                return round_f32(round(self.rng.uniform(lo, hi), 4))
        if splat is None:
            splat = self.rng.random() < 0.3
        data = [draw()] * count if splat else [draw() for _ in range(count)]
        return self.constant_of(dtype, shape, data)

    def constant_of(self, dtype, shape, data):
        """A constant holding `data`."""
        tensor = Tensor(self._name("c"), dtype, shape, data)
        self.model.constants.append(tensor)
        self.values[id(tensor)] = source_value(tensor)
        return tensor

    def node(self, op, inputs, **attrs):
        """Adds a node; its rule gives the output (raises Invalid/Unsafe)."""
        attrs = {k: v for k, v in attrs.items() if v is not None}
        values = [self.value(t) for t in inputs]
        value = oprules.infer(op, attrs, values)
        if value.size == 0 and all(v.size for v in values) and \
                not self.empty_ok:
            raise Skip("an empty tensor")
        name = self._name("t")
        output = Tensor(name, value.dtype, value.shape)
        self.model.nodes.append(Node(f"{op}_{name[1:]}", op, inputs, output,
                                     attrs))
        self.values[id(output)] = value
        return output

    # --- Random choices ---------------------------------------------------------

    def chance(self, p):
        return self.rng.random() < p

    def choice(self, items):
        return self.rng.choice(items)

    def maybe(self, value, p=0.5):
        """`value`, or None (the attribute left at its default)."""
        return value if self.chance(p) else None

    def dtype(self, dtypes=ALL_TYPES):
        """Mostly f32, or the graph's featured type."""
        if self.featured in dtypes and self.chance(0.35):
            return self.featured
        weights = [{F32: 6, BOOL: 1}.get(d, 2) for d in dtypes]
        return self.rng.choices(dtypes, weights)[0]

    def dim(self, largest=33):
        return self.choice([s for s in SIZES if s <= largest])

    def shape(self, rank=None, max_elements=1024):
        if rank is None:
            rank = self.rng.choices(range(5), (1, 3, 4, 3, 2))[0]
        while True:
            shape = [self.dim() for _ in range(rank)]
            if self.empty_ok and shape and self.chance(0.2):
                shape[self.rng.randrange(rank)] = 0
            if math.prod(shape) <= max_elements:
                return tuple(shape)

    def factor_shape(self, count, rank):
        """A random shape of `rank` with `count` elements."""
        if count == 0:
            return tuple(self.shape(max(rank, 1))[:-1]) + (0,)
        dims = [1] * rank
        if rank == 0:
            if count != 1:
                raise Skip("rank 0 holds one element")
            return ()
        n, p = count, 2
        while n > 1:
            while n % p == 0:
                dims[self.rng.randrange(rank)] *= p
                n //= p
            p += 1
        return tuple(dims)

    def partner(self, shape):
        """A shape that broadcasts with `shape`: the same, a suffix, size-1
        dims, a scalar, or one that stretches `shape`'s size-1 dims or adds
        leading ones."""
        form = self.rng.random()
        if form < 0.15:
            return ()
        if form < 0.25:
            return (1,) * self.rng.randint(1, 2)
        result = [1 if self.chance(0.3) else
                  (self.dim(17) if d == 1 and self.chance(0.4) else d)
                  for d in shape]
        if result and self.chance(0.3):
            result = result[self.rng.randint(1, len(result)):]
        if len(result) < 4 and self.chance(0.15):
            result.insert(0, self.dim(5))
        return tuple(result)

    # --- Operands ---------------------------------------------------------------

    def pool(self):
        """The tensors a node may read: graph inputs and node outputs (a
        constant is made fresh where one is wanted)."""
        return self.model.inputs + [n.output for n in self.model.nodes]

    def pick(self, dtypes=ALL_TYPES, accept=lambda v: True, empty=False):
        """An existing tensor to read, or None: the newest in a chain (and
        often otherwise), else any (fan-out)."""
        found = [t for t in self.pool()
                 if self.value(t).dtype in dtypes and accept(self.value(t)) and
                 (empty or self.value(t).size > 0)]
        if not found:
            return None
        featured = [t for t in found if self.value(t).dtype == self.featured]
        if featured and self.chance(0.35):
            found = featured
        if self.chain or self.chance(0.4):
            return found[-1]
        return self.choice(found)

    def source(self, dtypes=ALL_TYPES, accept=lambda v: True, shape=None,
               empty=False):
        """The main operand of a node: an existing tensor, else a new graph
        input of `shape()` (or a random shape); sometimes a constant."""
        make = shape or self.shape
        if self.chance(0.06):
            tensor = self.constant(self.dtype(dtypes), make())
        else:
            tensor = self.pick(dtypes, accept, empty)
            if tensor is None or self.chance(0.08):
                tensor = self.input(self.dtype(dtypes), make())
        if not accept(self.value(tensor)):
            raise Skip("no operand fits")
        return tensor

    def operand(self, dtype, shape, exact_shape=False, lo=-1.0, hi=1.0):
        """A further operand of `shape` (or, unless `exact_shape`, of any
        shape that broadcasts with it): a constant, an existing tensor or a
        new graph input."""
        form = self.rng.random()
        if form < 0.5:
            return self.constant(dtype, shape, lo, hi)
        if form < 0.8:
            def fits(v):
                if exact_shape:
                    return v.shape == tuple(shape)
                try:
                    oprules.broadcast(v.shape, shape)
                    return True
                except oprules.Invalid:
                    return False
            found = self.pick((dtype,), fits)
            if found is not None:
                return found
        return self.input(dtype, shape)

    def scalar_like(self, dtype, lo, hi, shape):
        """A constant in [lo, hi] that broadcasts to `shape`: rank 0, one
        element, a splat of the full shape or random values."""
        form = self.rng.random()
        if form < 0.25:
            return self.constant(dtype, (), lo, hi)
        if form < 0.45:
            return self.constant(dtype, (1,), lo, hi)
        return self.constant(dtype, shape, lo, hi, splat=form < 0.7)

    # --- Keeping values tame ------------------------------------------------------

    def positive(self, tensor, margin=MARGIN):
        """`tensor`, or a function of it that is at least `margin`:
        abs(x) + c, relu(x) + c, x * x + c or exp(tanh(x))."""
        v = self.value(tensor)
        if v.lo >= margin:
            return tensor
        integer = v.dtype in INTEGERS
        lo = 1 if integer else 0.5
        form = self.rng.random()
        if not integer and form < 0.15:
            return self.node("exp", [self.node("tanh", [tensor])])
        if form < 0.5:
            base = self.node("abs", [tensor])
        elif form < 0.75:
            base = self.node("relu", [tensor])
        else:
            tamed = self.tame(tensor, 8)
            base = self.node("mul", [tamed, tamed])
        return self.node("add", [base, self.scalar_like(v.dtype, lo, 2 * lo,
                                                        v.shape)])

    def nonzero(self, tensor):
        """`tensor` or a function of it at least MARGIN (integers: 1) away
        from zero, of either sign."""
        tensor = self.positive(tensor)
        return self.node("neg", [tensor]) if self.chance(0.3) else tensor

    def tame(self, tensor, bound):
        """`tensor` or a function of it within [-bound, bound]: tanh,
        sigmoid, clip, a power-of-two scale; integers: a clamp or a
        division."""
        v = self.value(tensor)
        if v.magnitude <= bound:
            return tensor
        if v.dtype in INTEGERS:
            limit = max(int(bound), 1)
            if self.chance(0.5):
                return self.node("div", [tensor, self.scalar_like(
                    v.dtype, math.ceil(v.magnitude / limit) + 1,
                    math.ceil(v.magnitude / limit) + 1, v.shape)])
            low = self.node("max", [tensor, self.scalar_like(
                v.dtype, -limit, -limit, v.shape)])
            return self.node("min", [low, self.scalar_like(
                v.dtype, limit, limit, v.shape)])
        form = self.rng.random()
        if bound >= 1 and form < 0.3:
            return self.node(self.choice(("tanh", "sigmoid")), [tensor])
        if form < 0.6:
            return self.node("clip", [tensor], min=-bound, max=bound)
        scale = 2.0 ** math.floor(math.log2(bound / v.magnitude))
        return self.node("mul", [tensor, self.scalar_like(F32, scale, scale,
                                                          v.shape)])

    # --- Shape adapters -------------------------------------------------------------

    def reshaped(self, rank, accept, make_shape):
        """An f32 tensor of `rank` that `accept`s: an existing one, an
        existing one reshaped, or a new graph input of `make_shape()`."""
        def fits(v):
            return v.rank == rank and accept(v)
        found = self.pick((F32,), fits)
        if found is not None and not self.chance(0.1):
            return found
        other = self.pick((F32,), lambda v: 0 < v.size)
        if other is not None and self.chance(0.5):
            shape = self.factor_shape(self.value(other).size, rank)
            if accept(oprules.Value(F32, shape, 0, 0)):
                return self.node("reshape", [other], shape=list(shape))
        return self.source((F32,), fits, make_shape)

    def matrix(self):
        """An f32 matrix: an existing one, a flattened tensor or an input."""
        found = self.pick((F32,), lambda v: v.rank == 2)
        if found is not None and not self.chance(0.2):
            return found
        other = self.pick((F32,), lambda v: v.rank >= 1)
        if other is not None and self.chance(0.6):
            rank = self.value(other).rank
            return self.node("flatten", [other], axis=self.maybe(
                self.rng.randint(-rank, rank), 0.8))
        return self.input(F32, self.shape(2))


# --- One builder per op family ---------------------------------------------------

def build_binary(b, op):
    a = b.source(oprules.element_types(op), empty=True)
    v = b.value(a)
    other = b.operand(v.dtype, b.partner(v.shape))
    lhs, rhs = (a, other) if b.chance(0.6) else (other, a)
    if op in ("div", "fmod"):
        rhs = b.nonzero(rhs)
    elif op == "pow":
        lhs, rhs = b.positive(b.tame(lhs, 4)), b.tame(rhs, 2)
    elif op == "mul":
        lhs, rhs = b.tame(lhs, 30), b.tame(rhs, 30)
    elif op in ("add", "sub"):
        lhs, rhs = b.tame(lhs, LIMIT[v.dtype] / 2), b.tame(rhs,
                                                           LIMIT[v.dtype] / 2)
    return b.node(op, [lhs, rhs])


# The bound build_unary tames each function's argument to (oprules.DOMAIN).
TAMED = {"exp": 6, "sinh": 6, "cosh": 6, "sin": 8, "cos": 8, "tan": 1.2,
         "asin": 0.9, "acos": 0.9, "atanh": 0.9}


def build_unary(b, op):
    if op in oprules.ROUNDING:
        x = b.source((F32,), lambda v: v.exact, empty=True)
        if not b.value(x).exact:
            x = b.input(F32, b.shape())
    else:
        x = b.source(oprules.element_types(op), empty=True)
    if op in ("log", "sqrt"):
        x = b.positive(x)
    elif op == "acosh":
        x = b.positive(x)
        x = b.node("add", [x, b.scalar_like(F32, 1.25, 1.25,
                                             b.value(x).shape)])
    elif op == "reciprocal":
        x = b.nonzero(x)
    elif op in TAMED:
        x = b.tame(x, TAMED[op])
    attrs = {}
    if op == "leaky_relu":
        attrs["alpha"] = b.maybe(b.choice((0.1, 0.2, 0.5, 1.5, -0.25)), 0.7)
    elif op == "clip":
        lo, hi = sorted(round(b.rng.uniform(-1.5, 1.5), 2) for _ in range(2))
        form = b.rng.random()
        if form < 0.1:
            lo, hi = hi, lo  # min > max: every element becomes max.
        attrs = {"min": lo if form < 0.7 or form > 0.85 else None,
                 "max": hi if form < 0.85 else None}
    elif op == "hard_sigmoid":
        attrs = {"alpha": b.maybe(b.choice((0.1, 0.3, 1.0, -0.2))),
                 "beta": b.maybe(b.choice((0.0, 0.4, 0.6)))}
    elif op == "gelu":
        attrs["approximate"] = b.maybe(b.choice(("none", "tanh")), 0.7)
    return b.node(op, [x], **attrs)


def build_matmul(b, op):
    a = b.source((F32,), lambda v: 1 <= v.rank <= 4)
    shape = b.value(a).shape
    rhs_side = len(shape) >= 2 and b.chance(0.3)
    k = shape[-2] if rhs_side else shape[-1]
    batch = shape[:-2]
    rank = b.rng.choices((1, 2, 3), (1, 4, 2))[0]
    other = (k,) if rank == 1 else (b.partner(batch) if rank == 3 else ()) + (
        (b.dim(), k) if rhs_side else (k, b.dim()))
    operand = b.operand(F32, other, exact_shape=True)
    bound = math.sqrt(LIMIT[F32] / max(k, 1) / 2)
    lhs, rhs = (operand, a) if rhs_side else (a, operand)
    return foldable_consumer(b, b.node("matmul", [b.tame(lhs, bound),
                                                  b.tame(rhs, bound)]), -1)


def build_gemm(b, op):
    a = b.matrix()
    trans_a, trans_b = b.maybe(b.choice((0, 1))), b.maybe(b.choice((0, 1)))
    m, k = b.value(a).shape[::-1] if trans_a else b.value(a).shape
    n = b.dim()
    bmat = b.operand(F32, (n, k) if trans_b else (k, n), exact_shape=True)
    alpha = b.maybe(b.choice((0.5, -1.0, 2.0, 0.25)))
    beta = b.maybe(b.choice((0.5, -1.0, 2.0, 0.0)))
    inputs = [a, bmat]
    if b.chance(0.7):
        c_shape = b.choice(((), (1,), (n,), (m, 1), (1, n), (m, n)))
        inputs.append(b.operand(F32, c_shape, exact_shape=True))
    bound = math.sqrt(LIMIT[F32] / max(k, 1) / 4)
    inputs[:2] = [b.tame(t, bound) for t in inputs[:2]]
    return foldable_consumer(b, b.node("gemm", inputs, alpha=alpha,
                                       beta=beta, trans_a=trans_a,
                                       trans_b=trans_b), -1)


def foldable_consumer(b, out, channel):
    """`out`, a contraction's output, often followed by what -O1 folds into
    the contraction's weights: a constant scale or bias per output channel
    (dim `channel`) or for all, a batch norm with constant statistics
    (convolutions), a transpose of the two innermost dims."""
    shape = b.value(out).shape
    form = b.rng.random()
    if not shape or form < 0.6:
        return out
    if form < 0.8:
        per_channel = tuple(d if i == channel % len(shape) else 1
                            for i, d in enumerate(shape))
        constant = b.constant(F32, b.choice(((), per_channel[channel:],
                                             per_channel)), 0.5, 1.5)
        return b.node(b.choice(("mul", "add")), [out, constant])
    if channel == 1:
        c = shape[1]
        stats = [b.constant(F32, (c,), lo, hi) for lo, hi in
                 ((0.5, 1.5), (-1, 1), (-1, 1), (0.1, 2))]
        return b.node("batch_norm", [out, *stats])
    if len(shape) >= 2:
        perm = list(range(len(shape)))
        perm[-2:] = perm[:-3:-1]
        return b.node("transpose", [out], perm=perm)
    return out


def image(b):
    """An NCHW f32 tensor with elements and at most 33 channels."""
    def fits(v):
        return v.size > 0 and v.shape[1] <= 33
    return b.reshaped(4, fits, lambda: (b.choice((1, 1, 2)),
                                        b.choice((1, 2, 3, 4, 5, 8)),
                                        b.dim(17), b.dim(17)))


def window(b, size, pool):
    """kernel, stride, dilation and (begin, end) pads along a spatial dim of
    `size`; a pool's pads are smaller than its window, and absent when it
    is dilated."""
    kernel = b.rng.randint(1, min(3, size))
    dilation = 2 if 2 * (kernel - 1) < size and b.chance(0.3) else 1
    stride = b.rng.choices((1, 2, 3), (5, 3, 1))[0]
    most = min(2, kernel - 1) if pool else 2
    pads = (0, 0)
    if not (pool and dilation > 1):
        pads = tuple(b.rng.randint(0, most) if b.chance(0.5) else 0
                     for _ in range(2))
    return kernel, stride, dilation, pads


def build_conv2d(b, op):
    x = image(b)
    n, c, h, w = b.value(x).shape
    group = b.choice([g for g in range(1, c + 1) if c % g == 0])
    m = group * b.choice((1, 1, 2, 3))
    dims = [window(b, size, pool=False) for size in (h, w)]
    (kh, sh, dh, (pt, pb)), (kw, sw, dw, (pl, pr)) = dims
    filt = b.operand(F32, (m, c // group, kh, kw), exact_shape=True)
    inputs = [x, filt]
    if b.chance(0.6):
        inputs.append(b.operand(F32, (m,), exact_shape=True))
    bound = math.sqrt(LIMIT[F32] / (c // group * kh * kw) / 2)
    inputs[:2] = [b.tame(t, bound) for t in inputs[:2]]
    return foldable_consumer(b, b.node(
        "conv2d", inputs, strides=[sh, sw], pads=[pt, pl, pb, pr],
        dilations=[dh, dw], group=group if group > 1 else b.maybe(1, 0.3)), 1)


def build_pool(b, op):
    x = image(b)
    dims = [window(b, size, pool=True) for size in b.value(x).shape[2:]]
    pads = [dims[0][3][0], dims[1][3][0], dims[0][3][1], dims[1][3][1]]
    attrs = {"ceil_mode": b.maybe(b.choice((0, 1)))}
    if op == "avg_pool2d":
        attrs["count_include_pad"] = b.maybe(b.choice((0, 1)))
    return b.node(op, [x], kernel_shape=[d[0] for d in dims],
                  strides=[d[1] for d in dims], pads=pads,
                  dilations=[d[2] for d in dims], **attrs)


def build_global_avg_pool(b, op):
    x = b.source((F32,), lambda v: 3 <= v.rank <= 5 and v.size > 0,
                 lambda: b.shape(b.rng.randint(3, 4)))
    return b.node(op, [x])


def build_batch_norm(b, op):
    x = b.source((F32,), lambda v: 2 <= v.rank <= 4 and v.shape[1] > 0,
                 lambda: b.shape(b.rng.randint(2, 4)))
    x = b.tame(x, 50)
    c = b.value(x).shape[1]
    scale, bias, mean = (b.operand(F32, (c,), exact_shape=True)
                         for _ in range(3))
    variance = b.positive(b.operand(F32, (c,), exact_shape=True, lo=0.1,
                                    hi=2.0), oprules.MIN_VARIANCE)
    epsilon = b.maybe(b.choice((1e-3, 0.0, 0.1)))
    return b.node(op, [x, scale, bias, mean, variance], epsilon=epsilon)


def random_axis(b, rank):
    return b.rng.randint(-rank, rank - 1)


def build_softmax(b, op):
    x = b.source((F32,), lambda v: v.rank >= 1, empty=True)
    return b.node(op, [x], axis=b.maybe(random_axis(b, b.value(x).rank), 0.7),
                  log=b.maybe(b.choice((0, 1))))


def suffix_partner(b, shape):
    """A shape that broadcasts to `shape` without stretching it."""
    shape = list(shape)[b.rng.randint(0, len(shape)):] if b.chance(0.4) \
        else list(shape)
    return tuple(1 if b.chance(0.2) else d for d in shape)


def build_layer_norm(b, op):
    x = b.source((F32,), lambda v: v.rank >= 1 and v.size > 0)
    rank = b.value(x).rank
    axis = b.maybe(random_axis(b, rank), 0.7)
    normalized = b.value(x).shape[(axis if axis is not None else -1) % rank:]
    inputs = [x, b.operand(F32, suffix_partner(b, normalized),
                           exact_shape=True)]
    if b.chance(0.6):
        inputs.append(b.operand(F32, suffix_partner(b, normalized),
                                exact_shape=True))
    if b.value(x).varied:
        epsilon = b.maybe(b.choice((1e-3, 1e-2, 0.1)))
    else:
        count = math.prod(normalized)
        fits = [e for e in (1e-2, 0.1, 1.0)
                if oprules.noise_gain(count, e) <= oprules.MAX_NOISE_GAIN]
        if not fits:
            raise Skip("too many values that may not vary to normalize")
        epsilon = b.choice(fits)
    return b.node(op, inputs, axis=axis, epsilon=epsilon)


def random_axes(b, rank, some=False):
    """Distinct axes of `rank`, each possibly negative; at least one when
    `some`."""
    axes = b.rng.sample(range(rank), b.rng.randint(1 if some else 0, rank))
    return [a - rank if b.chance(0.4) else a for a in axes]


def build_reduce(b, op):
    x = b.source(oprules.element_types(op))
    v = b.value(x)
    axes = [] if b.chance(0.15) else random_axes(b, v.rank)
    if op == "reduce_sum":
        x = b.tame(x, LIMIT[v.dtype] / max(v.size, 1))
    elif op == "reduce_prod":
        # Within [-1, 1] (integers: -1, 0 and 1), every product is too.
        x = b.tame(x, 1)
    return b.node(op, [x], axes=axes, keepdims=b.maybe(b.choice((0, 1))))


def build_arg_reduce(b, op):
    # The largest element must not depend on rounding: an exact value.
    x = b.source(oprules.element_types(op),
                 lambda v: v.exact and v.rank >= 1, empty=True)
    rank = b.value(x).rank
    axis = b.rng.randint(-rank, max(rank - 1, 0)) if rank else 0
    return b.node(op, [x], axis=b.maybe(axis, 0.8),
                  keepdims=b.maybe(b.choice((0, 1))),
                  select_last_index=b.maybe(b.choice((0, 1))))


def build_recurrence(b, op):
    cell = b.choice(tuple(oprules.GATES))
    gates = oprules.GATES[cell]
    direction = b.maybe(b.choice(("forward", "reverse", "bidirectional")))
    directions = 2 if direction == "bidirectional" else 1
    steps, batch, size = b.dim(9), b.dim(5), b.dim(9)
    x = b.source((F32,), lambda v: v.rank == 4 and v.shape[0] == directions
                 and v.shape[3] % gates == 0,
                 shape=lambda: (directions, steps, batch, gates * size))
    _, steps, batch, width = b.value(x).shape
    size = width // gates

    def operand(shape):
        return b.tame(b.operand(F32, shape, exact_shape=True), 2.0)

    inputs = [b.tame(x, 4.0), operand((directions, size, gates * size)),
              operand((directions, gates * size)),
              operand((directions, batch, size))]
    if cell == "lstm":
        inputs.append(operand((directions, batch, size)))
        if b.chance(0.5):
            inputs.append(operand((directions, 3 * size)))
    # Bounded activations only (oprules.activation_range); a gate that
    # mixes states (f) stays within [0, 1].
    bounded = ("tanh", "sigmoid", "hard_sigmoid", "softsign", "scaled_tanh")
    names, alphas, betas = [], [], []
    for _ in range(directions):
        for index in range(oprules.ACTIVATIONS_PER_DIRECTION[cell]):
            name = b.choice(("sigmoid", "hard_sigmoid")
                            if index == 0 and cell != "rnn" else bounded)
            alpha, beta = {"hard_sigmoid": (0.2, 0.5),
                           "scaled_tanh": (b.choice((0.5, 1.0)),
                                           b.choice((0.5, 2.0)))
                           }.get(name, (0.0, 0.0))
            names.append(name)
            alphas.append(alpha)
            betas.append(beta)
    flag = lambda owner: b.maybe(b.choice((0, 1))) if cell == owner else None
    return b.node(op, inputs, cell=cell, direction=direction,
                  activations=names, activation_alpha=alphas,
                  activation_beta=betas,
                  clip=b.maybe(b.choice((0.5, 1.0, 3.0))),
                  input_forget=flag("lstm"), cell_states=flag("lstm"),
                  linear_before_reset=flag("gru"))


def build_top_k(b, op):
    # Which elements come first must not depend on rounding: an exact value.
    x = b.source(oprules.element_types(op),
                 lambda v: v.exact and v.rank >= 1, empty=True)
    shape = b.value(x).shape
    rank = len(shape)
    axis = b.maybe(b.rng.randint(-rank, rank - 1), 0.8)
    k = b.rng.randint(0, shape[-1 if axis is None else axis])
    return b.node(op, [x], k=k, axis=axis,
                  largest=b.maybe(b.choice((0, 1))))


def build_gather(b, op):
    x = b.source(accept=lambda v: v.rank >= 1, empty=True)
    rank = b.value(x).rank
    axis = b.maybe(random_axis(b, rank), 0.8)
    n = b.value(x).shape[oprules.normalize_axis(axis or 0, rank)]
    # Indices repeat, count from either end, and may be a scalar.
    shape = b.shape(b.rng.randint(0, 2), max_elements=12) if n else (0,)
    indices = b.constant(b.choice(INTEGERS), shape, -n, n - 1)
    return b.node(op, [x, indices], axis=axis)


def build_gather_elements(b, op):
    x = b.source(accept=lambda v: v.rank >= 1, empty=True)
    shape = b.value(x).shape
    rank = len(shape)
    axis = b.maybe(random_axis(b, rank), 0.8)
    dim = oprules.normalize_axis(axis or 0, rank)
    # Any size along the axis; at most the data's elsewhere.
    index_shape = tuple(b.rng.randint(0 if shape[dim] == 0 else 1, 4)
                        if k == dim else b.rng.randint(min(d, 1), d)
                        for k, d in enumerate(shape))
    if shape[dim] == 0:
        index_shape = tuple(0 if k == dim else d
                            for k, d in enumerate(index_shape))
    n = shape[dim]
    indices = b.constant(b.choice(INTEGERS), index_shape, -n, n - 1)
    return b.node(op, [x, indices], axis=axis)


def scatter_updates(b, dtype, shape, reduction):
    """The updates of a scatter: of the data's type, within [-1, 1] for a
    product (as the data it multiplies must be too)."""
    updates = b.operand(dtype, shape, exact_shape=True)
    return b.tame(updates, 1) if reduction == "mul" else updates


def scatter_reduction(b, x):
    """A reduction for a scatter into `x`: none only for bool."""
    if b.value(x).dtype == BOOL:
        return None
    return b.maybe(b.choice(("none", "add", "mul", "max", "min")), 0.7)


def scatter_target(b):
    """The data of a scatter, its Value and a reduction: within [-1, 1] for
    a product."""
    x = b.source(accept=lambda v: v.rank >= 1 and v.size > 0)
    v = b.value(x)
    reduction = scatter_reduction(b, x)
    if reduction == "mul":
        x = b.tame(x, 1)
    return x, v, reduction


def build_scatter_elements(b, op):
    x, v, reduction = scatter_target(b)
    axis = b.maybe(random_axis(b, v.rank), 0.8)
    dim = oprules.normalize_axis(axis or 0, v.rank)
    index_shape = tuple(b.rng.randint(1, 4) if k == dim
                        else b.rng.randint(1, d)
                        for k, d in enumerate(v.shape))
    n = v.shape[dim]
    indices = b.constant(b.choice(INTEGERS), index_shape, -n, n - 1)
    updates = scatter_updates(b, v.dtype, index_shape, reduction)
    return b.node(op, [x, indices, updates], axis=axis, reduction=reduction)


def index_tuples(b, shape, batch):
    """A constant of index tuples into `shape` after its first `batch`
    dimensions, which it shares; the tuples' own shape."""
    depth = b.rng.randint(1, len(shape) - batch)
    tuples = shape[:batch] + tuple(b.rng.randint(1, 3)
                                   for _ in range(b.rng.randint(0, 2)))
    rows = [[b.rng.randint(-shape[batch + k], shape[batch + k] - 1)
             for k in range(depth)] for _ in range(math.prod(tuples))]
    indices = b.constant_of(b.choice(INTEGERS), tuples + (depth,),
                            [i for row in rows for i in row])
    return indices, tuples, depth


def build_gather_nd(b, op):
    x = b.source(accept=lambda v: v.rank >= 1 and v.size > 0)
    shape = b.value(x).shape
    batch = b.rng.randint(0, len(shape) - 1) if b.chance(0.3) else 0
    indices, _, _ = index_tuples(b, shape, batch)
    return b.node(op, [x, indices],
                  batch_dims=batch if batch else b.maybe(0, 0.3))


def build_scatter_nd(b, op):
    x, v, reduction = scatter_target(b)
    indices, tuples, depth = index_tuples(b, v.shape, 0)
    updates = scatter_updates(b, v.dtype, tuples + v.shape[depth:],
                              reduction)
    return b.node(op, [x, indices, updates], reduction=reduction)


def build_reshape(b, op):
    x = b.source(empty=True)
    shape = b.factor_shape(b.value(x).size, b.rng.randint(0, 4))
    return b.node(op, [x], shape=list(shape))


def build_transpose(b, op):
    x = b.source(empty=True)
    perm = list(range(b.value(x).rank))
    b.rng.shuffle(perm)
    return b.node(op, [x], perm=perm)


def build_concat(b, op):
    x = b.source(accept=lambda v: v.rank >= 1, empty=True)
    v = b.value(x)
    axis = random_axis(b, v.rank)
    inputs = [x]
    for _ in range(b.rng.choices((0, 1, 2), (1, 4, 2))[0]):
        if b.chance(0.3):
            inputs.append(x)
            continue
        shape = list(v.shape)
        shape[axis] = b.dim(9)
        inputs.append(b.operand(v.dtype, shape, exact_shape=True, lo=-4,
                                hi=4))
    b.rng.shuffle(inputs)
    return b.node(op, inputs, axis=axis)


BIG = (1 << 63) - 1


def slice_bounds(b, size, step):
    """start and end along a dim of `size` for `step`: in range, negative,
    or past either end (clamped)."""
    def bound():
        form = b.rng.random()
        if form < 0.1:
            return b.choice((BIG, -BIG - 1))
        return b.rng.randint(-size - 2, size + 2)
    for _ in range(20):
        start, end = bound(), bound()
        if oprules.slice_size(size, start, end, step) > 0:
            return start, end
    return (0, size) if step > 0 else (-1, -BIG - 1)


def build_slice(b, op):
    x = b.source(accept=lambda v: v.rank >= 1)
    shape = b.value(x).shape
    axes = random_axes(b, len(shape), some=b.chance(0.9))
    steps = [b.choice((1, 1, 2, 3, -1, -1, -2, -3)) for _ in axes]
    bounds = [slice_bounds(b, shape[a], s) for a, s in zip(axes, steps)]
    if b.empty_ok and axes and b.chance(0.3):
        bounds[0] = (0, 0)
    return b.node(op, [x], starts=[s for s, _ in bounds],
                  ends=[e for _, e in bounds], axes=axes, steps=steps)


def build_flatten(b, op):
    x = b.source(empty=True)
    rank = b.value(x).rank
    return b.node(op, [x], axis=b.maybe(b.rng.randint(-rank, rank), 0.8))


def build_squeeze(b, op):
    x = b.source(accept=lambda v: 1 in v.shape, empty=True,
                 shape=lambda: b.shape()[:3] + (1,))
    shape = b.value(x).shape
    ones = [i for i, d in enumerate(shape) if d == 1]
    axes = b.rng.sample(ones, b.rng.randint(0 if b.chance(0.05) else 1,
                                            len(ones)))
    return b.node(op, [x], axes=[a - len(shape) if b.chance(0.4) else a
                                 for a in axes])


def build_unsqueeze(b, op):
    x = b.source(accept=lambda v: v.rank <= 3, empty=True)
    rank = b.value(x).rank + b.rng.randint(1, 2)
    axes = b.rng.sample(range(rank), rank - b.value(x).rank)
    return b.node(op, [x], axes=[a - rank if b.chance(0.4) else a
                                 for a in axes])


def build_pad(b, op):
    x = b.source(accept=lambda v: v.rank <= 4, empty=True)
    v = b.value(x)
    mode = b.choice(("constant", "reflect", "edge"))
    begins, ends = [], []
    for size in v.shape:
        begin, end = (b.rng.randint(-min(size, 2), 3) if b.chance(0.7) else 0
                      for _ in range(2))
        limit = oprules.pad_limit(mode, size, begin, end)
        begins.append(min(begin, limit) if begin > 0 else begin)
        ends.append(min(end, limit) if end > 0 else end)
    value = None
    if mode == "constant" and b.chance(0.6):
        if v.dtype == BOOL:  # true for anything but 0
            value = b.choice((0.0, 1.0, 1.0, -2.0, 0.5))
        elif v.dtype in INTEGERS:
            value = float(b.rng.randint(-3, 3))
        else:
            value = round(b.rng.uniform(-2, 2), 2)
    return b.node(op, [x], pads=begins + ends,
                  mode=b.maybe(mode, 0.5 if mode == "constant" else 1.0),
                  value=value)


def build_cast(b, op):
    to = b.choice(("f32", "i32", "i64", "i1"))
    if to == "f32":
        return b.node(op, [b.source(empty=True)], to=to)
    # A float becomes an integer, and anything a bool, only when every -O
    # level computes it exactly: an input, moved, clamped at 0 or scaled by
    # a power of two.
    x = b.pick(ALL_TYPES, lambda v: v.exact, empty=True)
    if x is None or b.chance(0.3):
        x = b.input(b.dtype(), b.shape())
        if b.value(x).dtype == F32 and to == "i1" and b.chance(0.6):
            x = b.node("relu", [x])  # half of it 0
        elif b.value(x).dtype == F32:
            scale = 2.0 ** b.rng.randint(0, 4)
            x = b.node("mul", [x, b.scalar_like(F32, scale, scale,
                                                b.value(x).shape)])
    return b.node(op, [x], to=to)


def exact_operand(b, dtype, shape, lo, hi):
    """A further exact operand of `dtype` that broadcasts with `shape`: a
    constant in [lo, hi], an exact tensor of the graph or a new graph
    input."""
    partner = b.partner(shape)
    form = b.rng.random()
    if form < 0.45:
        return b.constant(dtype, partner, lo, hi)
    if form < 0.8:
        def fits(v):
            return v.exact and _broadcasts(v.shape, shape)
        found = b.pick((dtype,), fits)
        if found is not None:
            return found
    return b.input(dtype, partner)


def _broadcasts(a, b):
    try:
        oprules.broadcast(a, b)
        return True
    except oprules.Invalid:
        return False


def build_compare(b, op):
    """A comparison of exact values (rounding could flip it otherwise):
    with a constant, another exact tensor, an input, itself or what a
    relu, max or not makes of it (equal of floats then ties often)."""
    a = b.source(oprules.element_types(op), lambda v: v.exact, empty=True)
    v = b.value(a)
    form = b.rng.random()
    if form < 0.15:
        other = a
    elif form < 0.35 and v.dtype == BOOL:
        other = b.node("not", [a])
    elif form < 0.35:
        other = b.node("relu", [a]) if b.chance(0.5) else b.node(
            "max", [a, b.scalar_like(v.dtype, v.lo, v.hi, ())])
    else:
        lo, hi = (v.lo, v.hi) if v.size else (0, 1)
        if v.dtype == F32:  # a little wider, past either end
            lo, hi = lo - 0.25, hi + 0.25
        other = exact_operand(b, v.dtype, v.shape, lo, hi)
    lhs, rhs = (a, other) if b.chance(0.6) else (other, a)
    return b.node(op, [lhs, rhs])


def condition(b):
    """A bool tensor: one of the graph, a new input or constant, or a new
    comparison."""
    if b.chance(0.4):
        return build_compare(b, b.choice(oprules.COMPARISONS))
    return b.source((BOOL,), empty=True)


def build_bits(b, op):
    """A bitwise op of integers, small (each operand within 2^10) so that
    the result stays within the integer limit."""
    a = b.tame(b.source(oprules.INTEGERS, empty=True), 1 << 10)
    v = b.value(a)
    if op == "not":
        return b.node(op, [a])
    other = b.operand(v.dtype, b.partner(v.shape), lo=-(1 << 10), hi=1 << 10)
    lhs, rhs = (a, other) if b.chance(0.6) else (other, a)
    return b.node(op, [lhs, rhs])


def build_shift(b, op):
    """x shifted by a small count, sometimes by one past the width (0)."""
    x = b.source(oprules.INTEGERS, empty=True)
    v = b.value(x)
    x = b.tame(x, 1 << 8)
    if op == "shift_right":
        x = b.node("relu", [x])
    width = 32 if v.dtype == I32 else 64
    lo, hi = (width, width + 2) if b.chance(0.2) else (0, 12)
    count = b.scalar_like(v.dtype, lo, hi, b.partner(b.value(x).shape))
    return b.node(op, [x, count])


def build_logic(b, op):
    # Bitwise on integers mostly in graphs that favour an integer type.
    if b.chance(0.8 if b.featured in oprules.INTEGERS else 0.2):
        return build_bits(b, op)
    a = condition(b)
    if op == "not":
        return b.node(op, [a])
    if b.chance(0.4):
        other = build_compare(b, b.choice(oprules.COMPARISONS))
        if not _broadcasts(b.value(other).shape, b.value(a).shape):
            raise Skip("shapes do not broadcast")
    else:
        other = b.operand(BOOL, b.partner(b.value(a).shape))
    lhs, rhs = (a, other) if b.chance(0.6) else (other, a)
    return b.node(op, [lhs, rhs])


def build_where(b, op):
    """where(condition, x, y); the condition often a comparison of x
    itself (where(x > c, x, y))."""
    x = b.source(empty=True)
    v = b.value(x)
    if v.exact and v.dtype != BOOL and b.chance(0.4):
        cond = b.node(b.choice(oprules.COMPARISONS[1:]), [x, b.scalar_like(
            v.dtype, v.lo, v.hi, v.shape)])
    elif b.chance(0.5):
        cond = b.operand(BOOL, b.partner(v.shape))
    else:
        cond = condition(b)
    shape = oprules.broadcast(b.value(cond).shape, v.shape)
    y = b.operand(v.dtype, b.partner(shape), lo=-4, hi=4)
    inputs = [x, y] if b.chance(0.6) else [y, x]
    return b.node(op, [cond, *inputs])


BUILDERS = {
    **{op: build_binary for op in oprules.BINARY},
    **{op: build_unary for op in (*oprules.MONOTONE, *oprules.TURNING,
                                  *oprules.PERIODIC)},
    "matmul": build_matmul, "gemm": build_gemm, "conv2d": build_conv2d,
    "max_pool2d": build_pool, "avg_pool2d": build_pool,
    "global_avg_pool": build_global_avg_pool, "batch_norm": build_batch_norm,
    "softmax": build_softmax, "layer_norm": build_layer_norm,
    "recurrence": build_recurrence,
    "reduce_mean": build_reduce, "reduce_sum": build_reduce,
    "reduce_max": build_reduce, "reduce_prod": build_reduce,
    "arg_max": build_arg_reduce, "arg_min": build_arg_reduce, "gather": build_gather,
    "gather_elements": build_gather_elements,
    "scatter_elements": build_scatter_elements,
    "scatter_nd": build_scatter_nd,
    "gather_nd": build_gather_nd, "top_k": build_top_k,
    "reshape": build_reshape,
    "transpose": build_transpose, "concat": build_concat,
    "slice": build_slice, "flatten": build_flatten, "squeeze": build_squeeze,
    "unsqueeze": build_unsqueeze, "pad": build_pad, "cast": build_cast,
    **{op: build_compare for op in oprules.COMPARISONS},
    **{op: build_logic for op in oprules.LOGIC},
    **{op: build_shift for op in oprules.SHIFTS},
    "where": build_where,
}
OPS = sorted(BUILDERS)
assert set(OPS) == set(oprules.RULES), "every op needs a builder"
# The f32 functions of one argument are many and alike: each is drawn less
# often, so that the other ops and the integer types keep their share.
SCALAR_FUNCTIONS = {*oprules.DOMAIN, *oprules.ROUNDING, "atan", "asinh",
                    "softplus", "softsign"}
# Comparisons and logic are many and alike too: half as often, so that
# bools stay a share of the graphs rather than most of them.
BOOL_OPS = {*oprules.COMPARISONS, *oprules.LOGIC}
OP_WEIGHTS = [0.2 if op in SCALAR_FUNCTIONS else 0.5 if op in BOOL_OPS else
              1.0 for op in OPS]


def choose_outputs(b):
    """Every tensor nothing reads, and some that other nodes read too."""
    m = b.model
    consumed = m.consumed()
    m.outputs = [n.output for n in m.nodes
                 if id(n.output) not in consumed or b.chance(0.15)]
    b.rng.shuffle(m.outputs)


def generate(seed):
    """The graph of `seed` (a Model)."""
    b = Builder(seed)
    # Each graph starts with one op in turn, so that every op is tried in
    # every n-th graph of the n ops, under a favoured element type that
    # changes from one of those graphs to the next: the first input has
    # that type when the op takes it.
    featured = OPS[seed % len(OPS)]
    first = (b.featured if b.featured in oprules.element_types(featured)
             else b.dtype())
    b.input(first, b.shape())
    target = b.rng.randint(1, MAX_NODES)
    for _ in range(3):
        if not b.model.nodes:
            b.attempt(lambda: BUILDERS[featured](b, featured))
    attempts = 0
    while len(b.model.nodes) < target and attempts < 400:
        attempts += 1
        op = b.rng.choices(OPS, OP_WEIGHTS)[0]
        b.attempt(lambda: BUILDERS[op](b, op))
    if not b.model.nodes:
        return generate(seed + (1 << 32))
    used = b.model.consumed()
    b.model.inputs = [t for t in b.model.inputs if id(t) in used]
    b.model.constants = [t for t in b.model.constants if id(t) in used]
    choose_outputs(b)
    # The file's node order carries no meaning; the scheduler finds one.
    if b.chance(0.2):
        b.rng.shuffle(b.model.nodes)
    return b.model


def main():
    seed = int(sys.argv[1])
    print(to_json(generate(seed), [f"random graph, seed {seed}"]), end="")


if __name__ == "__main__":
    main()
