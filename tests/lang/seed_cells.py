"""Cells of the lecture notes in /work/shared/seeds, copied verbatim (generated once,
then kept as fixtures). Each constant is one notebook cell or one fenced code block."""

# ruff: noqa: E501, W291, W293

# notebook 000: shell line (000_3e3165c21e53fa5d.txt, lines 4-4)
S0_GIT_CLONE = '!git clone https://github.com/vshlemon/colabs.git\n'

# notebook 000: imports and a magic (000_3e3165c21e53fa5d.txt, lines 15-18)
S0_IMPORTS = 'import math\nimport numpy as np\nimport matplotlib.pyplot as plt\n%matplotlib inline\n'

# notebook 000: the function (000_3e3165c21e53fa5d.txt, lines 25-26)
S0_DEF_F = 'def f(x):\n  return 3*x**2 - 4*x + 5\n'

# notebook 000: f(3.0), needs S0_DEF_F (000_3e3165c21e53fa5d.txt, lines 29-29)
S0_F_OF_3 = 'f(3.0)\n'

# notebook 000: numpy plot of f (000_3e3165c21e53fa5d.txt, lines 34-38)
S0_PLOT = "xs = np.arange(-5, 5, 0.25) # range from -5 to 5, with 0.25 step intervals\nys = f(xs) # computing the function on every input value\nplt.plot(xs, ys)\nplt.xlabel('input values')\nplt.ylabel('function response/output')\n"

# notebook 000: helper functions of three arguments (000_3e3165c21e53fa5d.txt, lines 53-59)
S0_HELPERS = 'def change_in_function(f, x, h):\n  return (f(x + h) - f(x))\n\ndef numerical_derivative(f, x, h):\n  return (\n      change_in_function(f, x, h) / h\n  )\n'

# notebook 000: x = 2/3 and a print (000_3e3165c21e53fa5d.txt, lines 62-67)
S0_TWO_THIRDS = 'x = 2/3 # 0.66666666\nh = 0.000001\nprint(f"""\n  The function changes by {change_in_function(f, x)}, over a distance of {h}\n  giving a derivative/slope of: {numerical_derivative(f, x)}\n""")\n'

# notebook 000: a plotting function (000_3e3165c21e53fa5d.txt, lines 74-178)
S0_PLOT_TANGENT_DEF = "def plot_with_tangent_and_change_lines(\n    f,\n    xs,\n    ys,\n    h,\n    x_value_to_calculate_derivative_at\n):\n  plt.plot(xs, ys)\n  plt.xlabel('input value')\n  plt.ylabel('function response')\n\n  # Plotting tangent line\n  # y = m*(x - x1) + y1\n  def tangent_line(xrange, x1, y1):\n    '''\n    Produces the y-values of the tangent line by:\n\n    Derivative:\n      It gets the derivative of the number x1,\n\n    Xrange offsets:\n      It then gets the offsets of all numbers\n      in the range of x we are plotting for\n      from x1, so if x1 is 5 and we are plotting\n      for range x1-1 to x1+1, it will go from 4:6\n      and subtract 5 from every element in there,\n      where num elements are determined by the 3rd\n      arg to np.linspace. This will look like, for\n      eg. [-1, -0.8 ... 0 ... 0.2, 0.4 ... 1] etc.\n\n      It then multiplies the derivative by the x-range\n      offsets, which intuitively gives us the line hanging\n      in mid-air (i.e. without rooting at the right y-axis\n      location) since the derivative gives us the slope &\n      we are just wanting to draw out the same slope line\n      across a range of x-values and so we just multiply their\n      value with the slope to get one straight line (treating\n      it as if that were there slope line almost) ... & then\n      finally we add the actual function output for the x value\n      we got the derivative of in order to peg the hanging line\n      to the right place i.e. touching at the y-tangent point.\n\n      You can also just think of it as a re-arrangement of the\n      derivative/slope formula:\n        (y - y1)\n        -------- = m\n        (x - x1)\n      where m is the slope, that can be re-arranged to get the\n      y point & if we compute it across a range of x-values whilst\n      holding everything the same we get the slope line stretched\n      across those x-range values\n    '''\n    return (\n        numerical_derivative(f, x1, h)\n        * (xrange - x1)\n        + y1\n    )\n\n  xvda = x_value_to_calculate_derivative_at\n  # Define x data range for tangent line\n  tangent_xrange = np.linspace(\n      xvda - (1+h),\n      xvda + (1+h),\n      10\n  )\n  plt.plot(\n      tangent_xrange, # x-axis of tangent line\n      tangent_line(\n          tangent_xrange,\n          xvda,\n          f(xvda)\n      ), # y-axis of tangent line\n      'C1--',\n      linewidth=2,\n      label='tangent line'\n  )\n\n  # Plotting the change in x and y for the value to compute derivative of\n  # Change in x (likely invisible due to miniscule size of h)\n  plt.plot(\n      [\n          xvda,\n          xvda + h\n      ],\n      [f(xvda), f(xvda)],\n      'C8--',\n      linewidth=2,\n      label='change in x line'\n  )\n\n  # Change in y (likely invisible due to miniscule size of h)\n  plt.arrow(\n      x=xvda,\n      y=f(xvda),\n      dx=0, # dx\n      dy=(f(xvda+h)-f(xvda)), # dy\n      color='C4',\n      linestyle='-',\n      linewidth=2,\n      head_width=(0.1+h/2),\n      label='change in y line'\n  )\n\n  plt.legend()\n  plt.show()\n"

# notebook 000: calling the plotting function (000_3e3165c21e53fa5d.txt, lines 181-189)
S0_PLOT_TANGENT_CALL = 'h = 1\nxs = np.arange(-5, 5, 0.25)\nys = f(xs)\n\nx_value_to_calculate_derivative_at = -2\n\nplot_with_tangent_and_change_lines(\n    f, xs, ys, h, x_value_to_calculate_derivative_at\n)\n'

# notes 001: imports (001_40d3e934fb22dc28.txt, lines 12-15)
S1_IMPORTS = 'import math\nimport numpy as np\nimport matplotlib.pyplot as plt\n%matplotlib inline\n'

# notes 001: def f and f(3.0) -> 20.0 (001_40d3e934fb22dc28.txt, lines 19-22)
S1_DEF_F_AND_CALL = 'def f(x):\n    return 3*x**2 - 4*x + 5\n\nf(3.0)\n'

# notes 001: numpy plot (001_40d3e934fb22dc28.txt, lines 30-32)
S1_PLOT = 'xs = np.arange(-5, 5, 0.25)\nys = f(xs)\nplt.plot(xs, ys)\n'

# notes 001: slope at -4 -> -27.999997001870724 (001_40d3e934fb22dc28.txt, lines 51-53)
S1_SLOPE_AT_MINUS_4 = "h = 0.000001 # amount to bump 'x'\nx = -4\n(f(x + h) - f(x)) / h\n"

# notes 001: slope at 3 -> 14.000003002223593 (001_40d3e934fb22dc28.txt, lines 61-62)
S1_SLOPE_AT_3 = 'x = 3\n(f(x + h) - f(x)) / h\n'

# notes 001: slope at 2/3 -> 2.999378523327323e-06 (001_40d3e934fb22dc28.txt, lines 70-71)
S1_SLOPE_AT_TWO_THIRDS = 'x = 2/3\n(f(x + h) - f(x)) / h\n'

# notes 001: d = a*b + c -> 4.0 (001_40d3e934fb22dc28.txt, lines 82-86)
S1_D = 'a = 2.0\nb = -3.0\nc = 10.0\nd = a*b + c\nprint(d)\n'

# notes 001: d1, a += h, d2 -> d2 3.999699999999999 (001_40d3e934fb22dc28.txt, lines 94-105)
S1_NUDGE_A = "h = 0.0001\n\na = 2.0\nb = -3.0\nc = 10\n\nd1 = a*b + c\na += h\nd2 = a*b + c\nprint('d1', d1)\nprint('d2', d2)\nprint('slope', (d2 - d1)/h)\n"

# notes 001: the Value class (001_40d3e934fb22dc28.txt, lines 120-143)
S1_CLASS = 'class Value:\n    def __init__(self, data, _children=(), _op=\'\', label=\'\'):\n        self.data = data\n        self.grad = 0.0\n        self._prev = set(_children)\n        self._op = _op\n        self.label = label\n    \n    def __repr__(self):\n        return f"Value(data={self.data})"\n\n    def __add__(self, other):\n        out = Value(self.data + other.data, (self, other), \'+\')\n        return out\n    \n    def __mul__(self, other):\n        out = Value(self.data * other.data, (self, other), \'*\')\n        return out\n\n    def tanh(self):\n        x = self.data\n        t = (math.exp(2*x) - 1) / (math.exp(2*x) + 1)\n        out = Value(t, (self, ), \'tanh\')\n        return out\n'

# notes 001: the L graph -> Value(data=-8.0) (001_40d3e934fb22dc28.txt, lines 147-154)
S1_L = "a = Value(2.0, label='a')\nb = Value(-3.0, label='b')\nc = Value(10.0, label='c')\ne = a*b; e.label = 'e'\nd = e + c; d.label = 'd'\nf = Value(-2.0, label='f')\nL = d*f; L.label = 'L'\nL\n"

# notes 001: L._prev, L._op (001_40d3e934fb22dc28.txt, lines 162-162)
S1_INSPECT = 'L._prev, L._op\n'

# notes 001: trace and draw_dot (001_40d3e934fb22dc28.txt, lines 170-202)
S1_DRAW_DEFS = 'from graphviz import Digraph\n\ndef trace(root):\n    # builds a set of all nodes and edges in a graph\n    nodes, edges = set(), set()\n    def build(v):\n        if v not in nodes:\n            nodes.add(v)\n            for child in v._prev:\n                edges.add((child, v))\n                build(child)\n    build(root)\n    return nodes, edges\n\ndef draw_dot(root):\n    dot = Digraph(format=\'svg\', graph_attr={\'rankdir\': \'LR\'}) # LR = left to right\n\n    nodes, edges = trace(root)\n    for n in nodes:\n        uid = str(id(n))\n        # for any value in the graph, create a rectangular (\'record\') node for it\n        dot.node(name=uid, label="{ %s | data %.4f | grad %.4f }" % (n.label, n.data, n.grad), shape=\'record\')\n        if n._op:\n            # if this value is a result of some operation, create an op node for it\n            dot.node(name=uid+n._op, label=n._op)\n            # and connect this node to it\n            dot.edge(uid + n._op, uid)\n    \n    for n1, n2 in edges:\n        # connect n1 to the op node of n2\n        dot.edge(str(id(n1)), str(id(n2)) + n2._op)\n    \n    return dot\n'

# notes 001: draw_dot(L) (001_40d3e934fb22dc28.txt, lines 207-207)
S1_DRAW_L = 'draw_dot(L)\n'

# notes 001: grads set by hand (001_40d3e934fb22dc28.txt, lines 270-276)
S1_MANUAL_GRADS = 'L.grad = 1.0\nd.grad = -2.0\nf.grad = 4.0\nc.grad = -2.0\ne.grad = -2.0\na.grad = 6.0\nb.grad = -4.0\n'

# notes 001: numerical gradient check function (001_40d3e934fb22dc28.txt, lines 287-316)
S1_LOL = 'def lol():\n    """numerical gradient check"""\n    h = 0.0001\n\n    a = Value(2.0, label=\'a\')\n    b = Value(-3.0, label=\'b\')\n    c = Value(10.0, label=\'c\')\n    e = a*b; e.label = \'e\'\n    d = e + c; e.label = \'d\'\n    f = Value(-2.0, label=\'f\')\n    L = d*f; L.label = \'L\'\n    L1 = L.data\n\n    a = Value(2.0, label=\'a\')\n    b = Value(-3.0, label=\'b\')\n    \n    # Update this line to get gradient for any value\n    # also must move the line to directly before the value is used in an operation\n    a.data += h\n    \n    c = Value(10.0, label=\'c\')\n    e = a*b; e.label = \'e\'\n    d = e + c; e.label = \'d\'\n    f = Value(-2.0 , label=\'f\')\n    L = d*f; L.label = \'L\'\n    L2 = L.data\n\n    print((L2 - L1)/h)\n\nlol()\n'

# notes 001: plot of tanh (001_40d3e934fb22dc28.txt, lines 327-328)
S1_TANH_PLOT = 'plt.plot(np.arange(-5, 5, 0.2), np.tanh(np.arange(-5, 5, 0.2)))\nplt.grid()\n'

# notes 001: the tanh neuron (001_40d3e934fb22dc28.txt, lines 336-349)
S1_NEURON = "# inputs x1, x2\nx1 = Value(2.0, label='x1')\nx2 = Value(0.0, label='x2')\n# weights w1, w2\nw1 = Value(-3.0, label='w1')\nw2 = Value(1.0, label='w2')\n# bias\nb = Value(6.8813735870195432, label='b')\n# x1w1 + x2w2 + b\nx1w1 = x1*w1; x1w1.label = 'x1w1'\nx2w2 = x2*w2; x2w2.label = 'x2w2'\nx1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = 'x1w1 + x2w2'\nn = x1w1x2w2 + b; n.label = 'n'\no = n.tanh(); o.label = 'o'\n"

# notes 001: neuron grads by hand (001_40d3e934fb22dc28.txt, lines 359-368)
S1_NEURON_MANUAL_GRADS = 'o.grad = 1.0\nn.grad = 0.5\nx1w1x2w2.grad = 0.5\nb.grad = 0.5\nx1w1.grad = 0.5\nx2w2.grad = 0.5\nx1.grad = w1.data * x1w1.grad\nw1.grad = x1.data * x1w1.grad\nx2.grad = w2.data * x2w2.grad\nw2.grad = x2.data * x2w2.grad\n'

# notes 001: draw_dot(o) (001_40d3e934fb22dc28.txt, lines 372-372)
S1_DRAW_O = 'draw_dot(o)\n'

# notebook 002: imports (002_524b598938979e8b.txt, lines 2-6)
S2_IMPORTS = 'import math\nimport numpy as np\nimport matplotlib.pyplot as plt\nfrom graphviz import Digraph\n%matplotlib inline\n'

# notebook 002: def f (002_524b598938979e8b.txt, lines 11-14)
S2_DEF_F = "# Let's define a simple quadratic function\n\ndef f(x):\n    return 3*x**2 - 4*x + 5\n"

# notebook 002: plot (002_524b598938979e8b.txt, lines 17-18)
S2_PLOT = 'xs = np.arange(-5, 5, 0.25)\nplt.plot(xs, f(xs))\n'

# notebook 002: slope at 3 (002_524b598938979e8b.txt, lines 30-37)
S2_SLOPE_AT_3 = '# Differentiating f(x) with respect to x, we know f\'(x) = 6x - 4\n# TODO: write an ipywidget where you can input values of h and x and get values of f(x) and f\'(x).\n\nh = 0.00000001\nx = 3.0\nslope = (f(x + h) - f(x))/h\n\nprint(f"x={x}\\nh={h}\\nslope={slope}\\ntheoretical slope:{6*x -4}")\n'

# notebook 002: slope at -3 (002_524b598938979e8b.txt, lines 40-47)
S2_SLOPE_AT_MINUS_3 = '# Differentiating f(x) with respect to x, we know f\'(x) = 6x - 4\n# TODO: write an ipywidget where you can input values of h and x and get values of f(x) and f\'(x).\n\nh = 0.00000001\nx = -3.0\nslope = (f(x + h) - f(x))/h\n\nprint(f"x={x}\\nh={h}\\nslope={slope}\\ntheoretical slope:{6*x -4}")\n'

# notebook 002: slope at 2/3 (002_524b598938979e8b.txt, lines 50-57)
S2_SLOPE_AT_TWO_THIRDS = '# Differentiating f(x) with respect to x, we know f\'(x) = 6x - 4\n# TODO: write an ipywidget where you can input values of h and x and get values of f(x) and f\'(x).\n\nh = 0.00000001\nx = 2/3\nslope = (f(x + h) - f(x))/h\n\nprint(f"x={x}\\nh={h}\\nslope={slope}\\ntheoretical slope:{6*x -4}")\n'

# notebook 002: d1, a += h, d2 (h from an earlier cell) (002_524b598938979e8b.txt, lines 62-71)
S2_WRT_A = '# wrt `a`\na = 2.0\nb = -3.0\nc = 10.0\n\nd1 = a*b + c\na += h\nd2 = a*b + c\n\nprint(f"a={a}\\nb={b}\\nc={c}\\nh={h}\\nd1={d1}\\nd2={d2}\\nslope={(d2-d1)/h}\\ntheoretical slope:{b}")\n'

# notebook 002: d1, b += h, d2 (002_524b598938979e8b.txt, lines 74-83)
S2_WRT_B = '# wrt `b`\na = 2.0\nb = -3.0\nc = 10.0\n\nd1 = a*b + c\nb += h\nd2 = a*b + c\n\nprint(f"a={a}\\nb={b}\\nc={c}\\nh={h}\\nd1={d1}\\nd2={d2}\\nslope={(d2-d1)/h}\\ntheoretical slope:{b}")\n'

# notebook 002: d1, c += h, d2 (002_524b598938979e8b.txt, lines 86-95)
S2_WRT_C = '# wrt `c`\na = 2.0\nb = -3.0\nc = 10.0\n\nd1 = a*b + c\nc += h\nd2 = a*b + c\n\nprint(f"a={a}\\nb={b}\\nc={c}\\nh={h}\\nd1={d1}\\nd2={d2}\\nslope={(d2-d1)/h}\\ntheoretical slope:{b}")\n'

# notebook 002: the Value class (002_524b598938979e8b.txt, lines 103-126)
S2_CLASS = '# Defining a Value class to do math functions and store representations.\nclass Value:\n    def __init__(self, data, _children=(), _op="", label=""):\n        """\n        param data: Stores the value\n        param _children: Stores the values that gave rise to self.data\n        param _op: Math operation between children that produced self.data\n        """\n        self.data = data\n        self._prev = set(_children)\n        self.grad = 0.0\n        self._op = _op\n        self.label = label\n        \n    def __repr__(self):\n        return f"Value=({self.data})"\n        \n    def __add__(self, other):\n        out = Value(self.data + other.data, (self, other), "+")\n        return out\n        \n    def __mul__(self, other):\n        out = Value(self.data * other.data, (self, other), "*")\n        return out\n'

# notebook 002: the L graph (002_524b598938979e8b.txt, lines 129-137)
S2_L = '# Rewriting the expression above with this datatype\nh = 0.001\na = Value(2.0, label="a")\nb = Value(-3.0, label="b")\nc = Value(10.0, label="c")\ne = a * b; e.label = "e"\nd = e + c; d.label = "d"\nf = Value(-2.0, label="f")\nL = d * f; L.label = "L"\n'

# notebook 002: trace and draw_dot (002_524b598938979e8b.txt, lines 143-173)
S2_DRAW_DEFS = 'def trace(root):\n  # builds a set of all nodes and edges in a graph\n  nodes, edges = set(), set()\n  def build(v):\n    if v not in nodes:\n      nodes.add(v)\n      for child in v._prev:\n        edges.add((child, v))\n        build(child)\n  build(root)\n  return nodes, edges\n\ndef draw_dot(root):\n  dot = Digraph(format=\'svg\', graph_attr={\'rankdir\': \'LR\'}) # LR = left to right\n  \n  nodes, edges = trace(root)\n  for n in nodes:\n    uid = str(id(n))\n    # for any value in the graph, create a rectangular (\'record\') node for it\n    dot.node(name = uid, label = "{ %s | data %.4f | grad %.4f }" % (n.label, n.data, n.grad), shape=\'record\')\n    if n._op:\n      # if this value is a result of some operation, create an op node for it\n      dot.node(name = uid + n._op, label = n._op)\n      # and connect this node to it\n      dot.edge(uid + n._op, uid)\n\n  for n1, n2 in edges:\n    # connect n1 to the op node of n2\n    dot.edge(str(id(n1)), str(id(n2)) + n2._op)\n\n  return dot\n'

# notebook 002: numerical gradient check (002_524b598938979e8b.txt, lines 176-199)
S2_LOL = 'def lol():\n    # Rewriting the expression above with this datatype\n    h = 0.0001\n    \n    a = Value(2.0, label="a")\n    b = Value(-3.0, label="b")\n    c = Value(10.0, label="c")\n    e = a * b; e.label = "e"\n    d = e + c; d.label = "d"\n    f = Value(-2.0, label="f")\n    L = d * f; L.label = "L"\n    L1 = L.data\n\n    a = Value(2.0, label="a")\n    b = Value(-3.0 + h, label="b")\n    c = Value(10.0, label="c")\n    e = a * b; e.label = "e"\n    d = e + c; d.label = "d"\n    f = Value(-2.0, label="f")\n    L = d * f; L.label = "L"\n    L2 = L.data\n    print((L2 - L1)/h)\n\nlol()\n'

# notebook 002: grads by hand, then draw_dot(L) (002_524b598938979e8b.txt, lines 206-213)
S2_MANUAL_GRADS = 'L.grad = 1.0\nf.grad = 4.0\nd.grad = -2.0\nc.grad = -2.0\ne.grad = -2.0\nb.grad = -4.0\na.grad = 6.0\ndraw_dot(L)\n'

# notebook 002: nudge the leaves, rebuild e, d, L (002_524b598938979e8b.txt, lines 216-228)
S2_NUDGE = '# Nudging all the source values in the direction of the gradient should increase the value of L.\n\nstep = 0.01\na.data += step * a.grad\nb.data += step * b.grad\nc.data += step * c.grad\nf.data += step * f.grad\n\ne = a * b\nd = e + c\nL = d * f\n\nprint(L.data)\n'

# notebook 003: imports (003_2c8ce8e7493a7b8f.txt, lines 9-12)
S3_IMPORTS = 'import math\nimport numpy as np\nimport matplotlib.pyplot as plt\n%matplotlib inline\n'

# notebook 003: def f (003_2c8ce8e7493a7b8f.txt, lines 15-16)
S3_DEF_F = 'def f(x):\n    return 3*x**2 - 4*x + 5\n'

# notebook 003: f(3.0) (003_2c8ce8e7493a7b8f.txt, lines 19-19)
S3_F_OF_3 = 'f(3.0)\n'

# notebook 003: plot (003_2c8ce8e7493a7b8f.txt, lines 22-26)
S3_PLOT = '# to see the shape of the fuction f(x)   - f of x\\n\nxs = np.arange(-5, 5, 0.25) #values from -5 to 5 in steps of 0.25\nys = f(xs) #compute f(x) for each value in xs\nplt.plot(xs, ys) #plot the points\nplt.title("Plot of f(x) = 3x^2 - 4x + 5")\n'

# notebook 003: slope at 2/3 as a bare expression (003_2c8ce8e7493a7b8f.txt, lines 31-34)
S3_SLOPE = '# the derivative mathemathically\nh = 0.000001\nx = 2/3\n(f(x + h) - f(x)) / h #mathematical derivative formula\n'

# notebook 003: d = a*b + c (003_2c8ce8e7493a7b8f.txt, lines 37-42)
S3_D = '# lets get more complex\na = 2.0\nb = -3.0\nc = 10.0\nd = a*b + c\nprint(d)\n'

# notebook 003: d1, a += h, d2 (003_2c8ce8e7493a7b8f.txt, lines 45-59)
S3_NUDGE_A = "# to track the impact of the changes\nh = 0.0001\n\n# inputs \na = 2.0\nb = -3.0\nc = 10.0\n\nd1 = a *b +c\na +=h  #can either be a, b or c to see the changes effect\nd2 = a*b +c\n\nprint('d1', d1)\nprint('d2', d2)\nprint('slope', (d1 - d2)/h)\n"

# notebook 003: the Value class, then the L graph, then L (003_2c8ce8e7493a7b8f.txt, lines 62-141)
S3_CLASS_AND_L = 'class Value:\n    \n    def __init__(self, data, _children=(), _op=\'\', label=\'\'):\n        self.data = data \n        self.grad = 0.0 #represent the derivative of the output with respect to that value\n        self._backward = lambda: None #a function that will be used to propagate the gradient backward through the computational graph\n        self._prev =set(_children) #enable us track what two values were added/mul to get another value\n        self._op = _op #enable us track what operation created a value\n        self.label = label #enable us know what variable has what value during visualization\n\n    def __repr__(self): #better readability for output result\n        return f"Value(data={self.data})"\n    \n    def __add__(self, other): #how to manually add two object\n        out = Value(self.data + other.data, (self, other), "+" ) #a.__add__(b) - what the function does, (self, other) - is the "children" of the value but it should have been named parent since the two values make up the output value\n\n        def _backward():\n            self.grad += 1.0 * out.grad\n            other.grad += 1.0 * out.grad\n\n        out._backward = _backward\n\n        return out\n    \n    def __mul__(self, other):\n        out = Value(self.data * other.data, (self, other), "*") #a.__mul__(b)\n\n        def _backward():\n            self.grad += other.data * out.grad \n            other.grad += self.data * out.grad\n        out._backward = _backward\n\n        return out\n    \n\n    #TODO implment exponentiation and division later\n    def __exp__(self, other):\n        pass\n\n    def __div__(self, other):\n        pass\n    \n    def tanh(self):\n        x = self.data\n        t = (math.exp(2*x) - 1) / (math.exp(2*x) + 1)\n        out = Value(t, (self, ), \'tanh\')\n\n        def _backward():\n            self.grad += (1- t**2) * out.grad\n        out._backward = _backward\n\n        return out\n    \n    #function to automatically perform backpropagation by going through the graph in reverse topological order (end to start) and calling the _backward method of each node to compute gradients/ each operation carried out\n    def backward(self): \n        topo = []\n        visited = set()\n        def build_topo(v):\n            if v not in visited:\n                visited.add(v)\n                for child in v._prev:\n                    build_topo(child)\n                topo.append(v)\n        build_topo(self)\n\n        self.grad = 1.0\n        for node in reversed(topo):\n            node._backward()\n        \n        \n    \na = Value(2.0, label="a")\nb = Value(-3.0, label="b")\nc = Value(10.0, label="c")\ne = a*b; e.label="e" #a.__mul__(b)\nd = e +c; d.label="d" #e.__add__(c)\nf = Value(-2.0, label=\'f\')\nL = d * f; L.label = "L" #we are using this to represent the Loss function in this context\nL\n'

# notebook 003: trace and draw_dot (003_2c8ce8e7493a7b8f.txt, lines 148-181)
S3_DRAW_DEFS = '# function to help us visualize the expressions\nfrom graphviz import Digraph\n\ndef trace(root):\n    # builds a set of all nodes and edges in graphs\n    nodes, edges = set(), set()\n    def build(v):\n        if v not in nodes:\n            nodes.add(v)\n            for child in v._prev:\n                edges.add((child,v))\n                build(child)\n    build(root)\n    return nodes, edges\n\ndef draw_dot(root):\n    dot = Digraph(format=\'svg\', graph_attr={\'rankdir\' : \'LR\'}) #LR = left to right\n\n    nodes, edges = trace(root)\n    for n in nodes:\n        uid = str(id(n))\n        # for any value in the graph, create a rectangular {\'record\'} node for it\n        dot.node(name = uid, label = "{ %s | data %.4f | grad %.4f}" % (n.label, n.data, n.grad), shape=\'record\')\n        if n._op:\n            # if this value is a result of some operation, create an op node for it\n            dot.node(name = uid + n._op, label = n._op)\n            # and connect this node to it\n            dot.edge(uid + n._op, uid)\n\n    for n1, n2 in edges:\n        # connect n1 to the op node of n2\n        dot.edge(str(id(n1)), str(id(n2)) + n2._op)\n\n    return dot\n'

# notebook 003: draw_dot(L) (003_2c8ce8e7493a7b8f.txt, lines 185-185)
S3_DRAW_L = 'draw_dot(L)\n'

# notebook 003: chain rule by hand (003_2c8ce8e7493a7b8f.txt, lines 204-216)
S3_MANUAL_GRADS = '# finding the gradients manually using chain rule\nL.grad = 1.0 #( dL/dL = 1) always true \nd.grad = L.grad * f.data #1.0 * -2.0 = -2.0 #because d is multiplied by f to give L\nf.grad = L.grad * d.data  #1.0 * 4.0 = 4.0\n\nc.grad = d.grad * 1.0 # -2.0 * 1.0 = -2.0  # because e is added to c to give d\ne.grad = d.grad * 1.0 # -2.0 * 1.0 = -2.0 \n\na.grad = e.grad * b.data # -2.0 * -3.0 = 6.0\nb.grad = e.grad * a.data # -2.0 * 2.0 = -4.0\n\n# in multiplication, the gradient of the result is multiplied by the data of the other operand to get the gradient of one operand.\n# in addition, the gradient of the result is simply passed to each operand unchanged.\n'

# notebook 003: numerical gradient check (003_2c8ce8e7493a7b8f.txt, lines 219-241)
S3_LOL = '# a function to numerically estimate the gradient of L with respect to a - can be used to get the gradients of other variables too by changing the variable \'h\' is added to\ndef lol():\n    h = 0.001\n    a = Value(2.0, label="a")\n    b = Value(-3.0, label="b")\n    c = Value(10.0, label="c")\n    e = a*b; e.label="e" \n    d = e +c; d.label="d" \n    f = Value(-2.0, label=\'f\')\n    L = d * f; L.label = "L"\n    L1 = L.data\n\n    a = Value(2.0 + h, label="a")\n    b = Value(-3.0, label="b")\n    c = Value(10.0, label="c")\n    e = a*b; e.label="e" \n    d = e +c; d.label="d" \n    f = Value(-2.0, label=\'f\')\n    L = d * f; L.label = "L"\n    L2 = L.data\n\n    print((L2 - L1)/h) #this will give us the derivative(grad) of L with respect to \'a\'\nlol()\n'

# notebook 003: plot of tanh (003_2c8ce8e7493a7b8f.txt, lines 258-260)
S3_TANH_PLOT = '# now we want to backpropagate through a neuron (using tanh activation function for squashing/capping)\n#this is the visualization of the tanh function squashing/capping effect\nplt.plot(np.arange(-5,5,0.2), np.tanh(np.arange(-5,5,0.2))); plt.grid()\n'

# notebook 003: the tanh neuron (003_2c8ce8e7493a7b8f.txt, lines 263-279)
S3_NEURON = '# inputs x1, x2 - has 2 inputs so its a 2D neuron\nx1 = Value(2.0, label="x1")\nx2 = Value(0.0, label="x2")\n\n# weights w1,w2\nw1 = Value(-3.0, label="w1")\nw2 = Value(1.0, label="w2")\n\n# bias of the neuron\nb = Value(6.8813735870195432, label="b")\n\n# x1*w1 + x2*w2 + b\nx1w1 = x1*w1; x1w1.label="x1w1"\nx2w2 = x2*w2; x2w2.label="x2w2"\nx1w1x2w2 = x1w1+x2w2; x1w1x2w2.label="x1w1 + x2w2"\nn = x1w1x2w2 + b; n.label="n"\no = n.tanh(); o.label="o" #output of the neuron\n'

# notebook 003: draw_dot(o) (003_2c8ce8e7493a7b8f.txt, lines 283-283)
S3_DRAW_O = 'draw_dot(o)\n'

# notebook 003: neuron grads by hand (003_2c8ce8e7493a7b8f.txt, lines 288-302)
S3_NEURON_MANUAL_GRADS = '# manual backpropagation through the neuron\no.grad = 1.0\nn.grad = 1.0 - (o.data**2) # because derivative of tanh is (1 - tanh^2)\n\nx1w1x2w2.grad = n.grad * 1.0 # 0.5 * 1.0 = 0.5\nb.grad = n.grad * 1.0 # 0.5 * 1.0 = 0.5\n\nx2w2.grad = x1w1x2w2.grad * 1.0  #0.5 * 1.0 = 0.5\nx1w1.grad = x1w1x2w2.grad * 1.0 # 0.5 * 1.0 = 0.5\n\nx2.grad = w2.data * x2w2.grad  # 1.0 * 0.5 = 0.5\nw2.grad = x2.data * x2w2.grad  # 0.0 * 0.5 = 0.0\n\nw1.grad = x1.data * x1w1.grad  # 2.0 * 0.5 = 1.0 (this is the weight that we can adjust to have the most effect on the loss function - perfromance of the network)\nx1.grad = w1.data * x1w1.grad  # -3.0 * 0.5 = -1.5\n'

# notebook 003: o.backward() (003_2c8ce8e7493a7b8f.txt, lines 308-309)
S3_BACKWARD = '# automatic backpropagation through the neuron using the implemented backward function\no.backward()\n'

# notes 004: imports (quoted with "> " in the notes) (004_1a7be70b35b93afe.txt, lines 16-23)
S4_IMPORTS = 'from collections import deque\nfrom enum import Enum\nfrom graphviz import Digraph\nimport json\nimport math\nimport matplotlib.pyplot as plt\nimport numpy as np\n%matplotlib inline\n'

# notes 004: f = lambda x: ..., plotted (004_1a7be70b35b93afe.txt, lines 39-42)
S4_LAMBDA_PLOT = 'f = lambda x: 3*x**2 - 4*x + 5\nxs = np.arange(-5, 5, 0.25)\nys = f(xs)\nplt.plot(xs, ys)\n'

# notes 004: slope at 3 in an assert (004_1a7be70b35b93afe.txt, lines 55-57)
S4_SLOPE_AT_3 = 'h = 0.000001 # Small h value as a substitute for h -> 0\nx = 3.0\nassert((f(x + h) - f(x)) / h, 14.000003002223593)\n'

# notes 004: g = lambda a, b, c and dg/da (004_1a7be70b35b93afe.txt, lines 89-93)
S4_PARTIAL_A = 'a, b, c = 2.0, -3.0, 10.0\ng = lambda a, b, c: a * b + c\nh = 0.000001\ndgda = (g(a+h, b, c) - g(a, b, c))/h\nassert(dgda == -3.000000000419334)\n'

# notes 004: dg/db and dg/dc (004_1a7be70b35b93afe.txt, lines 100-104)
S4_PARTIAL_B_C = 'dgdb = (g(a, b+h, c) - g(a, b, c))/h\nassert(dgdb == 2.000000000279556)\n\ndgdc = (g(a, b, c+h) - g(a, b, c))/h\nassert(dgdc == 0.9999999992515995)\n'

ALL_CELLS = {
    'S0_GIT_CLONE': S0_GIT_CLONE,
    'S0_IMPORTS': S0_IMPORTS,
    'S0_DEF_F': S0_DEF_F,
    'S0_F_OF_3': S0_F_OF_3,
    'S0_PLOT': S0_PLOT,
    'S0_HELPERS': S0_HELPERS,
    'S0_TWO_THIRDS': S0_TWO_THIRDS,
    'S0_PLOT_TANGENT_DEF': S0_PLOT_TANGENT_DEF,
    'S0_PLOT_TANGENT_CALL': S0_PLOT_TANGENT_CALL,
    'S1_IMPORTS': S1_IMPORTS,
    'S1_DEF_F_AND_CALL': S1_DEF_F_AND_CALL,
    'S1_PLOT': S1_PLOT,
    'S1_SLOPE_AT_MINUS_4': S1_SLOPE_AT_MINUS_4,
    'S1_SLOPE_AT_3': S1_SLOPE_AT_3,
    'S1_SLOPE_AT_TWO_THIRDS': S1_SLOPE_AT_TWO_THIRDS,
    'S1_D': S1_D,
    'S1_NUDGE_A': S1_NUDGE_A,
    'S1_CLASS': S1_CLASS,
    'S1_L': S1_L,
    'S1_INSPECT': S1_INSPECT,
    'S1_DRAW_DEFS': S1_DRAW_DEFS,
    'S1_DRAW_L': S1_DRAW_L,
    'S1_MANUAL_GRADS': S1_MANUAL_GRADS,
    'S1_LOL': S1_LOL,
    'S1_TANH_PLOT': S1_TANH_PLOT,
    'S1_NEURON': S1_NEURON,
    'S1_NEURON_MANUAL_GRADS': S1_NEURON_MANUAL_GRADS,
    'S1_DRAW_O': S1_DRAW_O,
    'S2_IMPORTS': S2_IMPORTS,
    'S2_DEF_F': S2_DEF_F,
    'S2_PLOT': S2_PLOT,
    'S2_SLOPE_AT_3': S2_SLOPE_AT_3,
    'S2_SLOPE_AT_MINUS_3': S2_SLOPE_AT_MINUS_3,
    'S2_SLOPE_AT_TWO_THIRDS': S2_SLOPE_AT_TWO_THIRDS,
    'S2_WRT_A': S2_WRT_A,
    'S2_WRT_B': S2_WRT_B,
    'S2_WRT_C': S2_WRT_C,
    'S2_CLASS': S2_CLASS,
    'S2_L': S2_L,
    'S2_DRAW_DEFS': S2_DRAW_DEFS,
    'S2_LOL': S2_LOL,
    'S2_MANUAL_GRADS': S2_MANUAL_GRADS,
    'S2_NUDGE': S2_NUDGE,
    'S3_IMPORTS': S3_IMPORTS,
    'S3_DEF_F': S3_DEF_F,
    'S3_F_OF_3': S3_F_OF_3,
    'S3_PLOT': S3_PLOT,
    'S3_SLOPE': S3_SLOPE,
    'S3_D': S3_D,
    'S3_NUDGE_A': S3_NUDGE_A,
    'S3_CLASS_AND_L': S3_CLASS_AND_L,
    'S3_DRAW_DEFS': S3_DRAW_DEFS,
    'S3_DRAW_L': S3_DRAW_L,
    'S3_MANUAL_GRADS': S3_MANUAL_GRADS,
    'S3_LOL': S3_LOL,
    'S3_TANH_PLOT': S3_TANH_PLOT,
    'S3_NEURON': S3_NEURON,
    'S3_DRAW_O': S3_DRAW_O,
    'S3_NEURON_MANUAL_GRADS': S3_NEURON_MANUAL_GRADS,
    'S3_BACKWARD': S3_BACKWARD,
    'S4_IMPORTS': S4_IMPORTS,
    'S4_LAMBDA_PLOT': S4_LAMBDA_PLOT,
    'S4_SLOPE_AT_3': S4_SLOPE_AT_3,
    'S4_PARTIAL_A': S4_PARTIAL_A,
    'S4_PARTIAL_B_C': S4_PARTIAL_B_C,
}
