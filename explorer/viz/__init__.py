"""Graph pictures: Graphviz layout for the window, and files (svg, png, pdf, dot).

Submodules, imported where needed so ``import explorer.viz`` stays cheap:

* ``format``   - text as the graph shows it: fixed-width numbers (boxes keep their size), labels
* ``names``    - what a value is called on screen (label, name in the text, short expression)
* ``style``    - colours shared by the window and the exported files, and their legend
* ``dot``      - a Graph as Graphviz DOT / a ``pygraphviz.AGraph``
* ``geometry`` - the shapes of a layout: boxes, edges, the whole picture
* ``layout``   - those shapes from Graphviz, for the window to draw
* ``groups``   - a big graph drawn grouped (a box per neuron, layer or call)
* ``export``   - files, written atomically; ``isolated`` runs Graphviz in a child process
* ``notebook`` - ``draw_dot``, the lecture's helper, for Jupyter (``foreign``: other micrograds)
* ``tangent``  - the tangent plot's maths; ``tangent_figure`` draws it with matplotlib
* ``training_plots`` - the training lab's pictures (decision boundary, curves, network)
"""
