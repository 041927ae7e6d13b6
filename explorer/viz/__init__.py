"""Graph pictures: Graphviz layout for the window, and files (svg, png, pdf, dot).

Submodules, imported where needed so ``import explorer.viz`` stays cheap:

* ``format``   - fixed-width numbers, so boxes keep their size when values change
* ``style``    - colours shared by the window and the exported files, and their legend
* ``dot``      - a Graph as Graphviz DOT / a ``pygraphviz.AGraph``
* ``layout``   - boxes, fields and edge curves from Graphviz, for the window to draw
* ``export``   - files, written atomically
* ``notebook`` - ``draw_dot``, the lecture's helper, for Jupyter
"""
