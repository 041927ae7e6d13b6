"""Which value a text draws: ``output NAME``, else the last line that builds a node,
else the function of one variable, else the last leaf (a mixin of the Walker)."""

from __future__ import annotations

from ..engine import Value
from .errors import ParseError
from .expressions import _MISSING
from .messages import suggest
from .records import LeafRecord, NoteRecord, Opaque, Skip, UserFunction
from .shapes import _kind_of

__all__ = ["Output"]


class Output:
    """Choosing the output, once every statement has been read."""

    def _choose_output(self):
        if self.output is not None:
            name, start, end = self.output
            value = self.env.get(name, _MISSING)
            span = self.smap.span(start, end)
            if value is _MISSING:
                raise ParseError(f"there is no '{name}' to show{suggest(name, list(self.env))}", span)
            if isinstance(value, UserFunction) and len(value.params) == 1:
                return self._function_output(value), name
            if type(value) is not Value:
                raise ParseError(f"'{name}' is not a value that can be drawn", span)
            self.used.add(name)
            return value, name
        candidate = self.node_candidate
        if candidate is not None:
            kind, what = candidate
            if kind == "name":
                value = self.env.get(what)
                if isinstance(value, Opaque):
                    value = value.previous  # a loop that was not run would change it: show it as before
                if type(value) is Value:
                    return value, what
            elif kind == "value":
                return what, None
            elif kind == "function":
                return self._function_output(what), what.name
        if self.function is not None:
            return self._function_output(self.function), self.function.name
        if self.leaf_candidate is not None and type(self.env.get(self.leaf_candidate)) is Value:
            return self.env[self.leaf_candidate], self.leaf_candidate
        return None, None

    def _function_output(self, fn: UserFunction) -> Value:
        """The function applied to the leaf named by its parameter (``x``): the value
        written in the text (``x = 2/3`` or ``f(3.0)``), else 3.0."""
        var = fn.params[0]
        x = self.env.get(var)
        if type(x) is not Value:
            if x is not None:
                self.notes.append(NoteRecord(fn.start, fn.end, f"'{var}' is not a number here; "
                                                               f"using {var} = 3.0"))
            x = Value(3.0, label=var, param=True)
            self.nodes += 1
            self.leaves[var] = LeafRecord(var, x, None)
            self.env[var] = x
        self.stmt = None
        self.stmt_targets = set()
        saved = self.scope
        self.scope = {var: x}
        self.calling.append(fn.name)
        try:
            out = self.evaluate(fn.body)
        except Skip as skip:
            start = fn.start
            raise ParseError(f"the function '{fn.name}' cannot be drawn: {skip.reason}",
                             self.smap.span(start, fn.end)) from None
        finally:
            self.scope = saved
            self.calling.pop()
        if type(out) is float:
            out = self._new(Value(out), fn.body)
        elif type(out) is not Value:
            # f(x) = [x], f(x) = f, f(x) = n (a network): nothing to draw as one output.
            raise ParseError(f"the function '{fn.name}' cannot be drawn: it gives {_kind_of(out)}, "
                             "not a number", self.smap.span(fn.start, fn.end))
        if out not in self.labelled:
            out.label = fn.name
            self.labelled.add(out)
        return out
