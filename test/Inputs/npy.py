"""Writes a .npy file without numpy, damaged on request, for sic-run's tests.

npy.py OUT DESCR SHAPE [VALUE...] [--fortran] [--version N]
       [--drop N] [--extra N] [--header TEXT]

DESCR is the dtype ('<f4', '>i8', ...), SHAPE the dims separated by commas
('1,4'; '' for a scalar), the VALUEs fill the array (zeros when none are
given). --drop and --extra remove or add bytes of data; --header replaces
the header dict.
"""

import argparse
import struct

# c8 (complex64, which sic-run refuses) is written as 8 raw bytes a value.
FORMATS = {"f2": "e", "f4": "f", "f8": "d", "i4": "i", "i8": "q", "u1": "B",
           "b1": "B", "c8": "Q"}

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("descr")
parser.add_argument("shape")
parser.add_argument("values", nargs="*", type=float)
parser.add_argument("--fortran", action="store_true")
parser.add_argument("--version", type=int, default=1)
parser.add_argument("--drop", type=int, default=0)
parser.add_argument("--extra", type=int, default=0)
parser.add_argument("--header")
args = parser.parse_args()

dims = [int(d) for d in args.shape.split(",") if d]
count = 1
for dim in dims:
    count *= dim
values = args.values or [0] * count
code = FORMATS[args.descr[1:]]
if code not in "efd":
    values = [int(v) for v in values]
order = ">" if args.descr[0] == ">" else "<"
data = struct.pack(order + code * len(values), *values)
data = data[: len(data) - args.drop] + b"\0" * args.extra

shape = "(" + ", ".join(map(str, dims)) + ("," if len(dims) == 1 else "") + ")"
header = args.header or (
    f"{{'descr': '{args.descr}', 'fortran_order': {args.fortran}, "
    f"'shape': {shape}, }}"
)
header = header.encode() + b"\n"
length = struct.pack("<H" if args.version == 1 else "<I", len(header))
with open(args.out, "wb") as out:
    out.write(b"\x93NUMPY" + bytes([args.version, 0]) + length + header + data)
