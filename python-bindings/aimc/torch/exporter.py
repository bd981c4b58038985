"""``aimc.torch.export``: a torch.nn.Module traced with torch.fx, emitted as
an MLIR module on tensors (docs/Frontends/PyTorch.md).

Pipeline: check the module (eval mode) and the example inputs; trace with a
tracer that keeps the aimc.nn modules whole and records source lines; run
the traced graph on the example inputs, recording every node's value (the
static shapes, and the values of shape arithmetic); emit each node as
func/arith/math/tensor/linalg (and ka for FavorAttention) ops located by
the node's module path or name and source line.
"""

import inspect
import math
import operator
import os
import re
import traceback

import numpy as np
import torch
import torch.fx
from torch import nn
import torch.nn.functional as F

from . import mlir
from .mlir import F32, I64, Value


class ExportError(Exception):
    """An op, module, control flow or input the exporter does not support.
    ``op`` names it, ``location`` is "file:line" of the source (or None)."""

    def __init__(self, message, op=None, location=None):
        self.op = op
        self.location = location
        where = f" (at {location})" if location else ""
        super().__init__(f"{message}{where}")


_TORCH_FILES = (os.path.dirname(torch.__file__), os.path.dirname(__file__))
_FRAME = re.compile(r'File "([^"]+)", line (\d+)')


def _user_frame(frames, innermost_first=False):
    """(file, line) of the innermost frame outside torch and this package
    in a list of (file, line) pairs (outermost first unless
    innermost_first), or None."""
    for file, line in (frames if innermost_first else reversed(frames)):
        if not file.startswith(_TORCH_FILES) and "<eval_with_key>" not in file:
            return file, int(line)
    return None


def _node_source(node):
    trace = getattr(node, "stack_trace", None)
    if not trace or node.op in ("placeholder", "output"):
        return None
    # The tracer records the stack innermost frame first.
    return _user_frame([(f, int(l)) for f, l in _FRAME.findall(trace)],
                       innermost_first=True)


def _format_source(source):
    return f"{source[0]}:{source[1]}" if source else None


class _Tracer(torch.fx.Tracer):
    """Keeps torch.nn leaf modules and the aimc.nn modules whole."""

    def __init__(self):
        super().__init__()
        self.record_stack_traces = True

    def is_leaf_module(self, m, qualname):
        from ..nn import FavorAttention
        if isinstance(m, FavorAttention):
            return True
        return super().is_leaf_module(m, qualname)


class _Recorder(torch.fx.Interpreter):
    """Runs the graph and keeps every node's value."""

    def __init__(self, gm):
        super().__init__(gm)
        self.values = {}

    def run_node(self, n):
        result = super().run_node(n)
        self.values[n] = result
        return result


_ACTIVATIONS = {
    nn.ReLU: "relu", nn.GELU: "gelu", nn.Tanh: "tanh",
    nn.Sigmoid: "sigmoid",
}
_IDENTITY_MODULES = (nn.Dropout, nn.Identity)
_STATIC_ATTRS = {"shape", "ndim", "dtype", "device"}


def _describe_target(node):
    t = node.target
    if node.op == "call_module":
        return str(t)
    if node.op == "call_method":
        return f"Tensor.{t}"
    module = getattr(t, "__module__", None) or ""
    name = getattr(t, "__name__", str(t))
    if module.startswith("torch._C") or module == "torch":
        return f"torch.{name}"
    if module == "_operator":
        return f"operator.{name}"
    return f"{module}.{name}" if module else name


class _Exporter:
    def __init__(self, gm, values, entry):
        self.gm = gm
        self.values = values
        self.entry = entry
        self.e = mlir.Emitter()
        self.env = {}
        self.modules = dict(gm.named_modules())
        self._constants = {}

    # -- errors and locations -------------------------------------------

    def fail(self, node, message):
        raise ExportError(message, op=_describe_target(node),
                          location=_format_source(_node_source(node)))

    def loc_for(self, node, suffix=None):
        name = node.target if node.op in ("call_module", "get_attr") \
            else node.name
        if name == _ROOT:  # a whole aimc.nn module exported on its own
            name = ""
        elif name.startswith(_ROOT + "."):
            name = name[len(_ROOT) + 1:]
        if suffix:
            name = f"{name}.{suffix}" if name else suffix
        source = _node_source(node)
        return mlir.location(name, *(source or (None, None)))

    # -- operands -------------------------------------------------------

    def static(self, node, arg):
        """The recorded (static) value of an argument."""
        if isinstance(arg, torch.fx.Node):
            value = self.env[arg]
            if isinstance(value, Value):
                self.fail(node, f"'{_describe_target(node)}' needs a static "
                          f"(shape-derived) value for '{arg.name}', which "
                          f"depends on tensor data")
            return value
        if isinstance(arg, (list, tuple)):
            return type(arg)(self.static(node, a) for a in arg)
        return arg

    def tensor(self, node, arg):
        """A Value for an argument (constants for parameters)."""
        if isinstance(arg, torch.fx.Node):
            value = self.env[arg]
            if isinstance(value, Value):
                return value
            if isinstance(value, torch.Tensor):
                return self.constant(value)
            if isinstance(value, (int, float, bool)):
                return value
            self.fail(node, f"operand '{arg.name}' is a {type(value).__name__}"
                      f", not a tensor")
        if isinstance(arg, torch.Tensor):
            return self.constant(arg)
        return arg

    def constant(self, t):
        t = t.detach()
        if t.dtype in (torch.float16, torch.float32, torch.float64,
                       torch.bfloat16):
            dtype, array = F32, t.to(torch.float32).cpu().numpy()
        elif t.dtype in (torch.int64, torch.int32, torch.int16, torch.int8,
                         torch.uint8):
            dtype, array = I64, t.to(torch.int64).cpu().numpy()
        else:
            raise ExportError(f"constant of dtype {t.dtype} is not supported")
        key = (id(t), t.data_ptr(), tuple(t.shape), dtype)
        if key not in self._constants:
            self._constants[key] = (self.e.constant(array, dtype), t)
        return self._constants[key][0]

    def float_tensor(self, node, arg):
        v = self.tensor(node, arg)
        if isinstance(v, Value) and v.dtype != F32:
            self.fail(node, f"'{_describe_target(node)}' on an integer tensor "
                      f"is not supported (integer tensors may only index an "
                      f"nn.Embedding)")
        return v

    def shape_of(self, node):
        value = self.values[node]
        if not isinstance(value, torch.Tensor):
            self.fail(node, f"expected a tensor result, got "
                      f"{type(value).__name__}")
        return tuple(value.shape)

    # -- driver ---------------------------------------------------------

    def run(self):
        args, results = [], []
        for node in self.gm.graph.nodes:
            self.e.loc = self.loc_for(node)
            if node.op == "placeholder":
                value = self.values[node]
                dtype = F32 if value.dtype == torch.float32 else I64
                v = Value(f"%arg{len(args)}", value.shape, dtype)
                args.append((v, self.e.loc))
                self.env[node] = v
            elif node.op == "get_attr":
                self.env[node] = self.values[node]
            elif node.op == "output":
                outputs = node.args[0]
                flat = list(outputs) if isinstance(outputs, (tuple, list)) \
                    else [outputs]
                for out in flat:
                    v = self.tensor(node, out)
                    if not isinstance(v, Value):
                        self.fail(node, "every output must be a tensor")
                    results.append(v)
                func_loc = mlir.location(self.entry)
            else:
                self.env[node] = self.emit_node(node)
        return mlir.module_text(self.entry, args, results, self.e.lines,
                                func_loc)

    def emit_node(self, node):
        value = self.values[node]
        inputs = node.all_input_nodes
        tensor_inputs = [n for n in inputs
                         if isinstance(self.env.get(n), Value)]
        # Shape arithmetic and constants computed from static values.
        if not tensor_inputs:
            if isinstance(value, torch.Tensor) and node.op != "call_module":
                return value  # a constant, emitted where a tensor needs it
            if node.op != "call_module":
                return value
        if not isinstance(value, torch.Tensor):
            if node.op == "call_function" and node.target is getattr and \
                    node.args[1] in _STATIC_ATTRS:
                return value
            if node.op == "call_method" and node.target in ("size", "dim"):
                return value
            self.fail(node, f"'{_describe_target(node)}' gives a "
                      f"{type(value).__name__} computed from tensor data; "
                      f"only shapes may be read (no data-dependent values)")
        if node.op == "call_module":
            return self.emit_module(node, self.modules[node.target])
        if node.op == "call_function":
            return self.emit_function(node, node.target)
        if node.op == "call_method":
            return self.emit_method(node, node.target)
        self.fail(node, f"unsupported node kind {node.op}")

    # -- modules --------------------------------------------------------

    def emit_module(self, node, m):
        from ..nn import FavorAttention
        if isinstance(m, FavorAttention):
            return self.favor_attention(node, m)
        if isinstance(m, _IDENTITY_MODULES):
            return self.tensor(node, node.args[0])
        if isinstance(m, nn.Linear):
            x = self.float_tensor(node, node.args[0])
            return self.linear(x, m.weight, m.bias)
        if isinstance(m, nn.Embedding):
            if m.max_norm is not None:
                self.fail(node, "nn.Embedding with max_norm is not supported")
            return self.embedding(node, self.tensor(node, node.args[0]),
                                  m.weight)
        if isinstance(m, nn.LayerNorm):
            return self.layer_norm(node, self.float_tensor(node, node.args[0]),
                                   m.normalized_shape, m.weight, m.bias, m.eps)
        if type(m) in _ACTIVATIONS:
            kind = _ACTIVATIONS[type(m)]
            if kind == "gelu":
                kind = "gelu_tanh" if m.approximate == "tanh" else "gelu"
            return self.unary(kind, self.float_tensor(node, node.args[0]))
        if isinstance(m, nn.Softmax):
            return self.softmax(self.float_tensor(node, node.args[0]), m.dim)
        if isinstance(m, nn.Flatten):
            return self.e.reshape(self.tensor(node, node.args[0]),
                                  self.shape_of(node))
        self.fail(node, f"module {type(m).__name__} ('{node.target}') is not "
                  f"supported")

    # -- functions and methods ------------------------------------------

    def emit_function(self, node, fn):
        name = getattr(fn, "__name__", "")
        args, kwargs = node.args, node.kwargs
        if fn in (operator.add, torch.add, operator.sub, torch.sub,
                  operator.mul, torch.mul, operator.truediv, torch.div):
            if kwargs.get("alpha", 1) != 1 or kwargs.get("rounding_mode"):
                self.fail(node, "alpha/rounding_mode are not supported")
            return self.binary(node, name, args[0], args[1])
        if fn in (operator.neg, torch.neg):
            return self.unary("neg", self.float_tensor(node, args[0]))
        if fn in (operator.matmul, torch.matmul, torch.bmm, torch.mm):
            return self.matmul(node, args[0], args[1])
        if fn is operator.getitem:
            return self.getitem(node)
        if fn is getattr and args[1] in ("T", "mT"):
            x = self.tensor(node, args[0])
            perm = list(range(x.rank))[::-1] if args[1] == "T" else \
                list(range(x.rank - 2)) + [x.rank - 1, x.rank - 2]
            return self.e.transpose(x, perm)
        if fn is torch.cat or fn is torch.concat:
            tensors = [self.float_tensor(node, a) for a in args[0]]
            dim = kwargs.get("dim", args[1] if len(args) > 1 else 0)
            return self.e.concat(tensors, self.static(node, dim))
        if fn in (torch.flatten, torch.reshape, torch.permute,
                  torch.transpose, torch.mean, torch.sum, torch.softmax,
                  torch.relu, torch.tanh, torch.sigmoid, torch.exp,
                  torch.sqrt, torch.rsqrt, torch.unsqueeze, torch.squeeze):
            return self.emit_method(node, name)
        if fn is F.linear:
            x = self.float_tensor(node, args[0])
            weight = self.values[args[1]] if isinstance(args[1], torch.fx.Node) \
                else args[1]
            bias = args[2] if len(args) > 2 else kwargs.get("bias")
            if isinstance(bias, torch.fx.Node):
                bias = self.values[bias]
            if not self._is_constant(node, args[1]):
                self.fail(node, "F.linear needs a parameter/buffer weight")
            return self.linear(x, weight, bias)
        if fn is F.embedding:
            if any(kwargs.get(k) is not None for k in ("max_norm",)) or \
                    len(args) > 3 and args[3] is not None:
                self.fail(node, "F.embedding with max_norm is not supported")
            if not self._is_constant(node, args[1]):
                self.fail(node, "F.embedding needs a parameter/buffer table")
            return self.embedding(node, self.tensor(node, args[0]),
                                  self.values[args[1]])
        if fn is F.layer_norm:
            shape = self.static(node, args[1] if len(args) > 1
                                else kwargs["normalized_shape"])
            params = []
            for i, key in ((2, "weight"), (3, "bias")):
                arg = args[i] if len(args) > i else kwargs.get(key)
                if isinstance(arg, torch.fx.Node):
                    if not self._is_constant(node, arg):
                        self.fail(node, f"F.layer_norm needs a constant "
                                  f"{key}")
                    arg = self.values[arg]
                params.append(arg)
            eps = self.static(node, args[4] if len(args) > 4
                              else kwargs.get("eps", 1e-5))
            return self.layer_norm(node, self.float_tensor(node, args[0]),
                                   tuple(shape), params[0], params[1], eps)
        if fn in (F.relu, F.gelu, F.dropout, F.softmax):
            if fn is F.dropout:
                return self.tensor(node, args[0])
            if fn is F.relu:
                return self.unary("relu", self.float_tensor(node, args[0]))
            if fn is F.gelu:
                approx = kwargs.get("approximate", "none")
                return self.unary("gelu_tanh" if approx == "tanh" else "gelu",
                                  self.float_tensor(node, args[0]))
            if fn is F.softmax:
                dim = kwargs.get("dim", args[1] if len(args) > 1 else None)
                return self.softmax(self.float_tensor(node, args[0]),
                                    self.static(node, dim))
        self.fail(node, f"'{_describe_target(node)}' is not supported by "
                  f"aimc.torch.export")

    def emit_method(self, node, name):
        args, kwargs = node.args, node.kwargs
        self_arg = args[0]
        if name in ("relu", "tanh", "sigmoid", "exp", "sqrt", "rsqrt", "neg"):
            return self.unary(name, self.float_tensor(node, self_arg))
        if name in ("add", "sub", "mul", "div"):
            return self.binary(node, name, args[0], args[1])
        if name in ("contiguous", "float", "clone", "detach"):
            v = self.tensor(node, self_arg)
            if name == "float" and isinstance(v, Value) and v.dtype != F32:
                self.fail(node, "integer to float conversion is not supported")
            return v
        if name in ("reshape", "view", "flatten", "unsqueeze", "squeeze",
                    "expand_as"):
            if name == "expand_as":
                self.fail(node, "expand_as is not supported")
            return self.e.reshape(self.tensor(node, self_arg),
                                  self.shape_of(node))
        if name in ("permute", "transpose", "t"):
            x = self.tensor(node, self_arg)
            if name == "t":
                perm = [1, 0] if x.rank == 2 else [0]
            elif name == "permute":
                dims = args[1:] if len(args) > 1 else (kwargs.get("dims"),)
                if len(dims) == 1 and isinstance(dims[0], (list, tuple)):
                    dims = dims[0]
                perm = list(self.static(node, list(dims)))
            else:
                d0 = self.static(node, args[1] if len(args) > 1
                                 else kwargs["dim0"]) % x.rank
                d1 = self.static(node, args[2] if len(args) > 2
                                 else kwargs["dim1"]) % x.rank
                perm = list(range(x.rank))
                perm[d0], perm[d1] = perm[d1], perm[d0]
            return self.e.transpose(x, perm)
        if name in ("mean", "sum"):
            x = self.float_tensor(node, self_arg)
            if kwargs.get("dtype") is not None:
                self.fail(node, f"{name} with dtype is not supported")
            dim = kwargs.get("dim", args[1] if len(args) > 1 else None)
            dim = self.static(node, dim)
            if dim is None:
                dim = list(range(x.rank))
            dims = [dim] if isinstance(dim, int) else list(dim)
            return self.reduce_sum(x, dims, self.shape_of(node),
                                   mean=name == "mean")
        if name == "softmax":
            dim = kwargs.get("dim", args[1] if len(args) > 1 else None)
            return self.softmax(self.float_tensor(node, self_arg),
                                self.static(node, dim))
        if name in ("matmul", "bmm", "mm"):
            return self.matmul(node, args[0], args[1])
        self.fail(node, f"'Tensor.{name}' is not supported by "
                  f"aimc.torch.export")

    def _is_constant(self, node, arg):
        return not isinstance(self.env.get(arg), Value) \
            if isinstance(arg, torch.fx.Node) else isinstance(arg, torch.Tensor)

    # -- emitters -------------------------------------------------------

    def binary(self, node, name, a, b):
        op = {"add": "arith.addf", "sub": "arith.subf", "mul": "arith.mulf",
              "truediv": "arith.divf", "div": "arith.divf"}[name]
        va, vb = self.float_tensor(node, a), self.float_tensor(node, b)
        shape = self.shape_of(node)
        return self.e.elementwise([va, vb], shape,
                                  lambda bb, s: bb.op(op, s[0], s[1]))

    def unary(self, kind, x):
        def body(b, s):
            v = s[0]
            if kind == "relu":
                return b.op("arith.maximumf", v, b.const(0.0))
            if kind == "neg":
                return b.op("arith.negf", v)
            if kind in ("tanh", "exp", "sqrt", "rsqrt"):
                return b.op(f"math.{kind}", v)
            if kind == "sigmoid":
                e = b.op("math.exp", b.op("arith.negf", v))
                return b.op("arith.divf", b.const(1.0),
                            b.op("arith.addf", b.const(1.0), e))
            if kind == "gelu":  # 0.5 x (1 + erf(x / sqrt 2))
                t = b.op("math.erf", b.op("arith.mulf", v,
                                          b.const(1 / math.sqrt(2.0))))
                h = b.op("arith.mulf", v, b.const(0.5))
                return b.op("arith.mulf", h,
                            b.op("arith.addf", t, b.const(1.0)))
            if kind == "gelu_tanh":
                cube = b.op("arith.mulf", v, b.op("arith.mulf", v, v))
                inner = b.op("arith.addf", v, b.op("arith.mulf", cube,
                                                   b.const(0.044715)))
                t = b.op("math.tanh", b.op("arith.mulf", inner,
                                           b.const(math.sqrt(2 / math.pi))))
                h = b.op("arith.mulf", v, b.const(0.5))
                return b.op("arith.mulf", h,
                            b.op("arith.addf", t, b.const(1.0)))
            raise AssertionError(kind)
        return self.e.elementwise([x], x.shape, body)

    def linear(self, x, weight, bias):
        """x (..., in) W^T + b with the constant W^T (in x out) as the
        right operand of a linalg.matmul (a crossbar candidate)."""
        out_features, in_features = weight.shape
        lead = x.shape[:-1]
        rows = int(np.prod(lead)) if lead else 1
        x2 = self.e.reshape(x, (rows, in_features))
        w = self.constant(weight.detach().t().contiguous())
        y = self.e.matmul(x2, w)
        if bias is not None:
            bv = self.constant(bias)
            y = self.e.elementwise([y, bv], y.shape,
                                   lambda b, s: b.op("arith.addf", s[0], s[1]))
        return self.e.reshape(y, tuple(lead) + (out_features,))

    def embedding(self, node, tokens, weight):
        if not isinstance(tokens, Value) or tokens.dtype != I64:
            self.fail(node, "nn.Embedding needs an int64 index tensor")
        table = self.constant(weight)
        vocab, dim = weight.shape
        shape = tokens.shape + (dim,)
        rank = len(shape)

        def body(b):
            # Out-of-range indices are clamped (torch raises IndexError).
            i = b.op("arith.maxsi", b.args[0], b.const(0, I64), type=I64)
            i = b.op("arith.minsi", i, b.const(vocab - 1, I64), type=I64)
            idx = b.raw(f"{{r}} = arith.index_cast {i} : i64 to index")
            col = b.raw(f"{{r}} = linalg.index {rank - 1} : index")
            return b.raw(f"{{r}} = tensor.extract {table.name}[{idx}, {col}] "
                         f": {table.type}")

        return self.e.generic([tokens], [list(range(rank - 1)),
                                         list(range(rank))],
                              shape, ["parallel"] * rank, body)

    def reduce_sum(self, x, dims, out_shape, mean=False):
        dims = sorted(set(d % x.rank for d in dims))
        s = self.e.reduce(x, dims,
                          lambda b, acc, v: b.op("arith.addf", acc, v), 0.0)
        if mean:
            count = float(np.prod([x.shape[d] for d in dims]))
            s = self.e.elementwise([s], s.shape, lambda b, v: b.op(
                "arith.divf", v[0], b.const(count)))
        return self.e.reshape(s, out_shape)

    def softmax(self, x, dim):
        if dim is None:
            raise ExportError("softmax needs an explicit dim")
        d = dim % x.rank
        rank = x.rank
        keep = [i for i in range(rank) if i != d]
        m = self.e.reduce(x, [d], lambda b, acc, v: b.op(
            "arith.maximumf", acc, v), float("-inf"))
        ident = list(range(rank))
        ex = self.e.generic(
            [x, m], [ident, keep, ident], x.shape, ["parallel"] * rank,
            lambda b: b.op("math.exp", b.op("arith.subf", b.args[0],
                                            b.args[1])))
        s = self.e.reduce(ex, [d], lambda b, acc, v: b.op(
            "arith.addf", acc, v), 0.0)
        return self.e.generic(
            [ex, s], [ident, keep, ident], x.shape, ["parallel"] * rank,
            lambda b: b.op("arith.divf", b.args[0], b.args[1]))

    def layer_norm(self, node, x, normalized_shape, weight, bias, eps):
        k = len(normalized_shape)
        if tuple(x.shape[-k:]) != tuple(normalized_shape):
            self.fail(node, f"LayerNorm over {tuple(normalized_shape)} of a "
                      f"tensor of shape {x.shape}")
        rank = x.rank
        dims = list(range(rank - k, rank))
        keep = list(range(rank - k))
        ident = list(range(rank))
        count = float(np.prod(normalized_shape))
        par = ["parallel"] * rank
        s = self.e.reduce(x, dims, lambda b, acc, v: b.op("arith.addf", acc, v),
                          0.0)
        centred = self.e.generic(
            [x, s], [ident, keep, ident], x.shape, par,
            lambda b: b.op("arith.subf", b.args[0], b.op(
                "arith.divf", b.args[1], b.const(count))))
        sq = self.e.reduce(centred, dims, lambda b, acc, v: b.op(
            "arith.addf", acc, b.op("arith.mulf", v, v)), 0.0)
        inputs, maps = [centred, sq], [ident, keep]
        if weight is not None:
            inputs.append(self.constant(weight))
            maps.append(dims)
        if bias is not None:
            inputs.append(self.constant(bias))
            maps.append(dims)

        def body(b):
            var = b.op("arith.divf", b.args[1], b.const(count))
            inv = b.op("arith.divf", b.const(1.0), b.op(
                "math.sqrt", b.op("arith.addf", var, b.const(eps))))
            y = b.op("arith.mulf", b.args[0], inv)
            at = 2
            if weight is not None:
                y = b.op("arith.mulf", y, b.args[at])
                at += 1
            if bias is not None:
                y = b.op("arith.addf", y, b.args[at])
            return y

        return self.e.generic(inputs, maps + [ident], x.shape, par, body)

    def matmul(self, node, a_arg, b_arg):
        a, b = self.float_tensor(node, a_arg), self.float_tensor(node, b_arg)
        if not isinstance(a, Value) or not isinstance(b, Value):
            self.fail(node, "matmul of a Python number")
        out_shape = self.shape_of(node)
        if a.rank == 1:
            a = self.e.reshape(a, (1,) + a.shape)
        if b.rank == 1:
            b = self.e.reshape(b, b.shape + (1,))
        a_batch, b_batch = a.shape[:-2], b.shape[:-2]
        m, k, n = a.shape[-2], a.shape[-1], b.shape[-1]
        if not b_batch:
            lead = a_batch
            y = self.e.matmul(self.e.reshape(a, (int(np.prod(lead or (1,)))
                                                 * m, k)), b)
        elif a_batch == b_batch:
            bt = int(np.prod(a_batch))
            y = self.e.batch_matmul(self.e.reshape(a, (bt, m, k)),
                                    self.e.reshape(b, (bt, k, n)))
        elif not a_batch:
            bt = int(np.prod(b_batch))
            b3 = self.e.reshape(b, (bt, k, n))
            # loops (batch, m, n, k)
            y = self.e.contract(a, [1, 3], b3, [0, 3, 2], (bt, m, n),
                                [0, 1, 2], ["parallel", "parallel",
                                            "parallel", "reduction"])
        else:
            self.fail(node, f"matmul with broadcast batch dimensions "
                      f"{a_batch} and {b_batch} is not supported")
        return self.e.reshape(y, out_shape)

    def getitem(self, node):
        x = self.tensor(node, node.args[0])
        index = self.static(node, node.args[1])
        if not isinstance(x, Value):
            self.fail(node, "indexing a non-tensor")
        if not isinstance(index, tuple):
            index = (index,)
        n_real = sum(1 for i in index if i is not None and i is not Ellipsis)
        offsets, sizes, strides = [], [], []
        dim = 0
        for item in index:
            if item is Ellipsis:
                for _ in range(x.rank - n_real):
                    offsets.append(0)
                    sizes.append(x.shape[dim])
                    strides.append(1)
                    dim += 1
            elif item is None:
                continue
            elif isinstance(item, int):
                size = x.shape[dim]
                if not -size <= item < size:
                    self.fail(node, f"index {item} out of range for size "
                              f"{size}")
                offsets.append(item % size)
                sizes.append(1)
                strides.append(1)
                dim += 1
            elif isinstance(item, slice):
                start, stop, step = item.indices(x.shape[dim])
                if step <= 0:
                    self.fail(node, "slices with a negative step are not "
                              "supported")
                count = max(0, (stop - start + step - 1) // step)
                if count == 0:
                    self.fail(node, "empty slices are not supported")
                offsets.append(start)
                sizes.append(count)
                strides.append(step)
                dim += 1
            else:
                self.fail(node, f"indexing with {type(item).__name__} is "
                          f"not supported (only ints, slices, None, ...)")
        for d in range(dim, x.rank):
            offsets.append(0)
            sizes.append(x.shape[d])
            strides.append(1)
        y = x
        if sizes != list(x.shape) or any(o for o in offsets):
            y = self.e.extract_slice(x, offsets, sizes, strides)
        return self.e.reshape(y, self.shape_of(node))

    # -- aimc.nn --------------------------------------------------------

    def favor_attention(self, node, m):
        """FavorAttention: Q, K, V linears; the scaled Q and K rows of all
        heads through one ka.projection with Omega (the crossbar MVM) and
        ka.favor_plus / ReLU features; digital linear attention."""
        x = self.float_tensor(node, node.args[0])
        if x.rank != 3 or x.shape[2] != m.dim:
            self.fail(node, f"FavorAttention({m.dim}) expects (batch, seq, "
                      f"{m.dim}), got {x.shape}")
        bsz, seq, dim = x.shape
        h, dh = m.heads, m.head_dim
        e = self.e

        def at(suffix):
            e.loc = self.loc_for(node, suffix)

        rows = bsz * seq * h
        heads = []
        for name in ("q_proj", "k_proj", "v_proj"):
            at(name)
            lin = getattr(m, name)
            y = self.linear(x, lin.weight, lin.bias)
            heads.append(e.reshape(y, (rows, dh)))
        q, k, v = heads
        at("scale")
        scale = m.scale
        qk = e.concat([q, k], 0)
        qk = e.elementwise([qk], qk.shape,
                           lambda b, s: b.op("arith.mulf", s[0],
                                             b.const(scale)))
        at("omega")
        omega = self.constant(m.omega)
        z = e.emit(f"ka.projection {qk.name}, {omega.name} : ({qk.type}, "
                   f"{omega.type}) -> {mlir.tensor_type((2 * rows, m.n_features))}",
                   (2 * rows, m.n_features))
        at("features")
        if m.feature_map == "favor_positive":
            nf = 2 * m.n_features
            phi = e.emit(f"ka.favor_plus {z.name}, {qk.name} : {z.type}, "
                         f"{qk.type} -> {mlir.tensor_type((2 * rows, nf))}",
                         (2 * rows, nf))
            if m.epsilon:
                phi = e.elementwise([phi], phi.shape, lambda b, s: b.op(
                    "arith.addf", s[0], b.const(m.epsilon)))
        else:
            nf = m.n_features
            inv = 1.0 / math.sqrt(nf)

            def relu_body(b, s):
                r = b.op("arith.mulf", b.op("arith.maximumf", s[0],
                                            b.const(0.0)), b.const(inv))
                return b.op("arith.addf", r, b.const(m.epsilon)) \
                    if m.epsilon else r
            phi = e.elementwise([z], z.shape, relu_body)
        at("attention")
        phi_q = e.extract_slice(phi, [0, 0], [rows, nf], [1, 1])
        phi_k = e.extract_slice(phi, [rows, 0], [rows, nf], [1, 1])
        # (b, l, h, f) -> (b, h, l, f), batched over b*h.
        bh = bsz * h

        def per_head(t, width):
            t4 = e.reshape(t, (bsz, seq, h, width))
            return e.reshape(e.transpose(t4, [0, 2, 1, 3]), (bh, seq, width))

        pq, pk, vv = per_head(phi_q, nf), per_head(phi_k, nf), per_head(v, dh)
        pk_t = e.transpose(pk, [0, 2, 1])                  # (bh, f, l)
        kv = e.batch_matmul(pk_t, vv)                      # (bh, f, dh)
        ksum = e.reduce(pk, [1], lambda b, acc, t: b.op("arith.addf", acc, t),
                        0.0)                               # (bh, f)
        num = e.batch_matmul(pq, kv)                       # (bh, l, dh)
        den = e.contract(pq, [0, 1, 2], ksum, [0, 2], (bh, seq), [0, 1],
                         ["parallel", "parallel", "reduction"])
        out = e.generic([num, den], [[0, 1, 2], [0, 1], [0, 1, 2]],
                        num.shape, ["parallel"] * 3,
                        lambda b: b.op("arith.divf", b.args[0], b.args[1]))
        out = e.transpose(e.reshape(out, (bsz, h, seq, dh)), [0, 2, 1, 3])
        out = e.reshape(out, (bsz, seq, dim))
        at("out_proj")
        return self.linear(out, m.out_proj.weight, m.out_proj.bias)


_ROOT = "aimc_root"


class _Root(nn.Module):
    """Holds an aimc.nn module exported on its own, so that the tracer
    keeps it whole (a traced root is always traced through)."""

    def __init__(self, module):
        super().__init__()
        self.add_module(_ROOT, module)

    def forward(self, x):
        return getattr(self, _ROOT)(x)


_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_$.]*$")


def _check_inputs(module, entry, example_inputs):
    method = getattr(module, entry, None)
    if not callable(method):
        raise ExportError(f"{type(module).__name__} has no method "
                          f"'{entry}'", op=entry)
    if not _IDENT.match(entry):
        raise ExportError(f"entry '{entry}' is not a valid function name",
                          op=entry)
    try:
        sig = inspect.signature(method)
        sig.bind(*example_inputs)
    except TypeError as e:
        raise ExportError(f"example inputs do not match "
                          f"{type(module).__name__}.{entry}{sig}: {e}",
                          op=entry) from None
    except ValueError:
        pass
    for i, t in enumerate(example_inputs):
        if not isinstance(t, torch.Tensor):
            raise ExportError(f"example input {i} is a {type(t).__name__}, "
                              f"expected a torch.Tensor", op=entry)
        if t.dtype not in (torch.float32, torch.int64):
            raise ExportError(f"example input {i} is {t.dtype}; the chip "
                              f"runs float32 (and int64 token indices)",
                              op=entry)
        if t.dim() == 0 or t.numel() == 0:
            raise ExportError(f"example input {i} has shape "
                              f"{tuple(t.shape)}; expected a non-empty "
                              f"tensor of rank >= 1", op=entry)
    for name, sub in module.named_modules():
        if sub.training:
            raise ExportError(f"module '{name or type(module).__name__}' "
                              f"({type(sub).__name__}) is in training mode; "
                              f"call .eval() before exporting", op=name or
                              type(module).__name__)


def export(module, *example_inputs, entry="forward"):
    """Traces `module` (in eval mode) with torch.fx on `example_inputs` and
    returns MLIR text whose public function ``@<entry>`` takes tensors of
    the example inputs' shapes and dtypes (float32, or int64 token indices)
    and returns the module's outputs. Parameters and buffers become
    ``arith.constant dense<"0x...">`` tensors; every op is located by its fx
    node (module path or node name, and source line).

    Raises ExportError naming the op and its source line for anything
    unsupported: an op or module, data-dependent control flow or values, a
    module in training mode, example inputs that do not fit ``entry``.
    """
    if not isinstance(module, nn.Module):
        raise ExportError(f"expected a torch.nn.Module, got "
                          f"{type(module).__name__}")
    _check_inputs(module, entry, example_inputs)
    cls = type(module)
    from ..nn import FavorAttention
    if isinstance(module, FavorAttention) and entry == "forward":
        module = _Root(module)
    tracer = _Tracer()
    tracer.traced_func_name = entry
    try:
        graph = tracer.trace(module)
    except torch.fx.proxy.TraceError as e:
        frames = [(f.filename, f.lineno)
                  for f in traceback.extract_tb(e.__traceback__)]
        source = _user_frame(frames)
        line = ""
        if source:
            import linecache
            line = linecache.getline(*source).strip()
        raise ExportError(f"data-dependent control flow is not supported "
                          f"({e}){': ' + line if line else ''}",
                          op="control flow",
                          location=_format_source(source)) from None
    except Exception as e:  # noqa: BLE001 - any tracing failure
        frames = [(f.filename, f.lineno)
                  for f in traceback.extract_tb(e.__traceback__)]
        raise ExportError(f"torch.fx cannot trace {cls.__name__}.{entry}: "
                          f"{type(e).__name__}: {e}", op=entry,
                          location=_format_source(_user_frame(frames))) \
            from None
    gm = torch.fx.GraphModule(module, graph)
    recorder = _Recorder(gm)
    try:
        with torch.no_grad():
            recorder.run(*example_inputs)
    except Exception as e:  # noqa: BLE001
        frames = [(f.filename, f.lineno)
                  for f in traceback.extract_tb(e.__traceback__)]
        raise ExportError(f"{cls.__name__}.{entry} fails on the example "
                          f"inputs: {type(e).__name__}: {e}", op=entry,
                          location=_format_source(_user_frame(frames))) \
            from None
    return _Exporter(gm, recorder.values, entry).run()
