"""Writing MLIR text on static-shape tensors: SSA names, types, constants
and the handful of op forms the PyTorch front end emits (``linalg.generic``
with broadcasting maps, reductions, matmuls, reshapes, slices).

Nothing here knows about torch; ``exporter.py`` maps fx nodes onto these
builders. Every op gets an explicit location (``loc(...)``).
"""

import struct

import numpy as np

F32 = "f32"
I64 = "i64"


class Value:
    """An SSA value: its name (``%v3``), static shape and element type."""

    __slots__ = ("name", "shape", "dtype")

    def __init__(self, name, shape, dtype=F32):
        self.name = name
        self.shape = tuple(int(d) for d in shape)
        self.dtype = dtype

    @property
    def type(self):
        return tensor_type(self.shape, self.dtype)

    @property
    def rank(self):
        return len(self.shape)

    def __repr__(self):
        return f"{self.name} : {self.type}"


def tensor_type(shape, dtype=F32):
    dims = "".join(f"{d}x" for d in shape)
    return f"tensor<{dims}{dtype}>"


def f32_literal(value):
    """The float32 rounding of `value` as an exact MLIR hex literal."""
    bits = struct.unpack("<I", struct.pack("<f", float(value)))[0]
    return f"0x{bits:08X}"


def dense_literal(array, dtype=F32):
    """``dense<"0x...">`` with the array's little-endian bytes: parsed
    without per-element work, bit for bit, however large."""
    np_dtype = "<f4" if dtype == F32 else "<i8"
    a = np.ascontiguousarray(array, dtype=np_dtype)
    return f'dense<"0x{a.tobytes().hex().upper()}">'


def quote(text):
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def location(name, file=None, line=None):
    """``loc("name")``, or ``loc("name"("file":line:0))`` with a source
    line (diagnostics then name the file and line, reports the name)."""
    if file is None or line is None:
        return f"loc({quote(name)})"
    return f"loc({quote(name)}({quote(file)}:{int(line)}:0))"


def affine_map(rank, dims):
    """``affine_map<(d0, .., d{rank-1}) -> (d{dims[0]}, ...)>``."""
    params = ", ".join(f"d{i}" for i in range(rank))
    results = ", ".join(f"d{i}" for i in dims)
    return f"affine_map<({params}) -> ({results})>"


class Body:
    """The scalar region of a linalg.generic."""

    def __init__(self, emitter, args):
        self._emitter = emitter
        self.args = args
        self.lines = []

    def op(self, name, *operands, type=F32):
        result = self._emitter.fresh("s")
        self.lines.append(f"{result} = {name} {', '.join(operands)} : {type}")
        return result

    def const(self, value, type=F32):
        result = self._emitter.fresh("c")
        literal = f32_literal(value) if type == F32 else str(int(value))
        self.lines.append(f"{result} = arith.constant {literal} : {type}")
        return result

    def raw(self, text):
        """A line producing a fresh value: `text` with {r} for its name."""
        result = self._emitter.fresh("s")
        self.lines.append(text.format(r=result))
        return result


class Emitter:
    """Accumulates the body of one func.func."""

    def __init__(self):
        self.lines = []
        self._counter = 0
        self.loc = 'loc(unknown)'

    def fresh(self, prefix="v"):
        self._counter += 1
        return f"%{prefix}{self._counter}"

    def emit(self, text, shape, dtype=F32):
        name = self.fresh()
        self.lines.append(f"    {name} = {text} {self.loc}")
        return Value(name, shape, dtype)

    # -- constants and initial values -------------------------------------

    def constant(self, array, dtype=F32):
        array = np.asarray(array)
        return self.emit(f"arith.constant {dense_literal(array, dtype)} : "
                         f"{tensor_type(array.shape, dtype)}",
                         array.shape, dtype)

    def empty(self, shape, dtype=F32):
        return self.emit(f"tensor.empty() : {tensor_type(shape, dtype)}",
                         shape, dtype)

    def filled(self, shape, value):
        scalar = self.fresh("c")
        self.lines.append(f"    {scalar} = arith.constant {f32_literal(value)}"
                          f" : f32 {self.loc}")
        init = self.empty(shape)
        return self.emit(f"linalg.fill ins({scalar} : f32) outs({init.name} : "
                         f"{init.type}) -> {init.type}", shape)

    # -- generic ops ------------------------------------------------------

    def generic(self, inputs, maps, out_shape, iterators, body_fn,
                init=None, out_dtype=F32, arg_types=None):
        """A linalg.generic over len(iterators) loops; `maps` gives, per
        input and then for the output, the loop dims it reads (in order).
        body_fn(Body) returns the yielded scalar name."""
        rank = len(iterators)
        if init is None:
            init = self.empty(out_shape, out_dtype)
        map_text = ", ".join(affine_map(rank, m) for m in maps)
        iter_text = ", ".join(f'"{it}"' for it in iterators)
        arg_names = [f"%in{self._counter + 1}_{i}" for i in range(len(inputs))]
        out_arg = f"%out{self._counter + 1}"
        self._counter += 1
        body = Body(self, arg_names + [out_arg])
        result = body_fn(body)
        types = arg_types or [v.dtype for v in inputs]
        block_args = ", ".join(f"{a}: {t}" for a, t in
                               zip(arg_names + [out_arg], types + [out_dtype]))
        ins = ""
        if inputs:
            ins = (f"ins({', '.join(v.name for v in inputs)} : "
                   f"{', '.join(v.type for v in inputs)}) ")
        region = "\n".join(f"      {line}" for line in body.lines)
        text = (f"linalg.generic {{indexing_maps = [{map_text}], "
                f"iterator_types = [{iter_text}]}} {ins}"
                f"outs({init.name} : {init.type}) {{\n"
                f"    ^bb0({block_args}):\n{region}\n"
                f"      linalg.yield {result} : {out_dtype}\n    }} -> "
                f"{init.type}")
        return self.emit(text, out_shape, out_dtype)

    def drop_broadcast_dims(self, value, out_shape):
        """`value` (right-aligned against out_shape) without the unit dims
        that broadcast, and the loop dims the result is read with."""
        offset = len(out_shape) - value.rank
        keep = [i for i, d in enumerate(value.shape)
                if d == out_shape[offset + i]]
        if len(keep) != value.rank:
            value = self.collapse_to(value, keep)
        return value, [offset + i for i in keep]

    def collapse_to(self, value, keep):
        """Collapses away the unit dims of `value` not in `keep`."""
        groups, pending = [], []
        for i in range(value.rank):
            pending.append(i)
            if i in keep:
                groups.append(pending)
                pending = []
        if pending:
            if groups:
                groups[-1].extend(pending)
            # else: every dim is a unit dim: rank 0, no groups.
        shape = [value.shape[i] for i in keep]
        return self.collapse(value, groups, shape)

    def collapse(self, value, groups, shape):
        text = ", ".join("[" + ", ".join(map(str, g)) + "]" for g in groups)
        return self.emit(f"tensor.collapse_shape {value.name} [{text}] : "
                         f"{value.type} into {tensor_type(shape, value.dtype)}",
                         shape, value.dtype)

    def expand(self, value, groups, shape):
        text = ", ".join("[" + ", ".join(map(str, g)) + "]" for g in groups)
        dims = ", ".join(map(str, shape))
        return self.emit(f"tensor.expand_shape {value.name} [{text}] "
                         f"output_shape [{dims}] : {value.type} into "
                         f"{tensor_type(shape, value.dtype)}",
                         shape, value.dtype)

    def elementwise(self, operands, out_shape, body_fn):
        """Elementwise over out_shape with numpy broadcasting; operands are
        Values or Python numbers (inlined as f32 constants). body_fn(Body,
        scalars) returns the result scalar."""
        out_shape = tuple(out_shape)
        rank = len(out_shape)
        inputs, maps, slots = [], [], []
        for operand in operands:
            if isinstance(operand, Value):
                value, dims = self.drop_broadcast_dims(operand, out_shape)
                slots.append(len(inputs))
                inputs.append(value)
                maps.append(dims)
            else:
                slots.append(float(operand))

        def body(b):
            scalars = [b.args[s] if isinstance(s, int) else b.const(s)
                       for s in slots]
            return body_fn(b, scalars)

        return self.generic(inputs, maps + [list(range(rank))], out_shape,
                            ["parallel"] * rank, body)

    def reduce(self, value, dims, combine, start):
        """Reduces `value` over `dims` (result drops them) with
        combine(Body, acc, x) from `start`."""
        dims = sorted(d % value.rank for d in dims)
        kept = [i for i in range(value.rank) if i not in dims]
        shape = [value.shape[i] for i in kept]
        init = self.filled(shape, start)
        iterators = ["reduction" if i in dims else "parallel"
                     for i in range(value.rank)]
        return self.generic(
            [value], [list(range(value.rank)), kept], shape, iterators,
            lambda b: combine(b, b.args[1], b.args[0]), init=init)

    def reshape(self, value, shape):
        """Row-major reshape through a rank-1 tensor (static shapes)."""
        shape = tuple(int(d) for d in shape)
        if shape == value.shape:
            return value
        flat = value
        if value.rank != 1:
            groups = [list(range(value.rank))] if value.rank else []
            flat = self.collapse(value, groups, (int(np.prod(value.shape)),))
        if len(shape) == 1:
            return flat
        if len(shape) == 0:
            return self.collapse(flat, [], ())
        return self.expand(flat, [list(range(len(shape)))], shape)

    def transpose(self, value, perm):
        perm = [p % value.rank for p in perm]
        if perm == list(range(value.rank)):
            return value
        shape = [value.shape[p] for p in perm]
        init = self.empty(shape, value.dtype)
        return self.emit(f"linalg.transpose ins({value.name} : {value.type}) "
                         f"outs({init.name} : {init.type}) permutation = "
                         f"[{', '.join(map(str, perm))}]", shape, value.dtype)

    def matmul(self, a, b):
        """a (M x K) times b (K x N), 2-D."""
        shape = (a.shape[0], b.shape[1])
        init = self.filled(shape, 0.0)
        return self.emit(f"linalg.matmul ins({a.name}, {b.name} : {a.type}, "
                         f"{b.type}) outs({init.name} : {init.type}) -> "
                         f"{init.type}", shape)

    def batch_matmul(self, a, b):
        """a (B x M x K) times b (B x K x N)."""
        shape = (a.shape[0], a.shape[1], b.shape[2])
        init = self.filled(shape, 0.0)
        return self.emit(f"linalg.batch_matmul ins({a.name}, {b.name} : "
                         f"{a.type}, {b.type}) outs({init.name} : {init.type})"
                         f" -> {init.type}", shape)

    def contract(self, a, a_dims, b, b_dims, out_shape, out_dims, iterators):
        """A multiply-accumulate linalg.generic (digital contractions)."""
        init = self.filled(out_shape, 0.0)

        def body(bb):
            prod = bb.op("arith.mulf", bb.args[0], bb.args[1])
            return bb.op("arith.addf", bb.args[2], prod)

        return self.generic([a, b], [a_dims, b_dims, out_dims], out_shape,
                            iterators, body, init=init)

    def extract_slice(self, value, offsets, sizes, strides):
        return self.emit(
            f"tensor.extract_slice {value.name}[{', '.join(map(str, offsets))}]"
            f" [{', '.join(map(str, sizes))}] [{', '.join(map(str, strides))}]"
            f" : {value.type} to {tensor_type(sizes, value.dtype)}",
            sizes, value.dtype)

    def concat(self, values, dim):
        dim = dim % values[0].rank
        shape = list(values[0].shape)
        shape[dim] = sum(v.shape[dim] for v in values)
        result = self.empty(shape, values[0].dtype)
        offset = 0
        for v in values:
            offsets = [0] * len(shape)
            offsets[dim] = offset
            result = self.emit(
                f"tensor.insert_slice {v.name} into {result.name}"
                f"[{', '.join(map(str, offsets))}] "
                f"[{', '.join(map(str, v.shape))}] [{', '.join(['1'] * len(shape))}]"
                f" : {v.type} into {result.type}", shape, v.dtype)
            offset += v.shape[dim]
        return result


def module_text(name, args, results, body_lines, func_loc):
    """A module with one public function."""
    arg_text = ", ".join(f"{a.name}: {a.type} {loc}" for a, loc in args)
    result_types = ", ".join(r.type for r in results)
    ret = ", ".join(r.name for r in results)
    lines = [f"module {{",
             f"  func.func @{name}({arg_text}) -> ({result_types}) {{"]
    lines += body_lines
    lines.append(f"    return {ret} : {result_types} {func_loc}")
    lines.append(f"  }} {func_loc}")
    lines.append("}")
    return "\n".join(lines) + "\n"
