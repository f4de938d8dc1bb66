"""Pictures of networks: neurons as circles in columns (layers), connections as lines.

`draw_layers` draws any layered network — a circuit of NAND perceptrons, or the
784-15-10 digit network with most of its 784 inputs left out ("elided").
"""

import matplotlib.pyplot as plt

from .i18n import catalogue
from .plots import BIG, projector

#: What a student reads here, in the language in use (nnbook/locales/*/diagrams.toml).
TEXT = catalogue("diagrams")

LAYER_COLOURS = {"input": "#bbdefb", "hidden": "#fff59d", "output": "#c8e6c9"}


@projector
def draw_layers(layers, edges=None, labels=None, layer_names=None, title=None, ax=None,
                edge_labels=False, figsize=(9, 5), outputs=None, notes=None):
    """Draw neurons in columns, one column per layer, and the connections between them.

    layers:      list of lists of node names, input layer first.
    edges:       list of (source, target), (source, target, weight) or
                 (source, target, weight, text); default: every node of a layer connected to
                 every node of the next (a fully connected network).  Weights, when given, set
                 line colour (blue > 0, red < 0); `text` replaces the weight in edge labels.
    labels:      {node: text written in its circle}; default: the node's name.
                 A node named "⋮" is drawn as a gap marker, not a neuron.
    layer_names: text under each column; default input / hidden / output (in the language in use).
    outputs:     nodes drawn in the output colour wherever they sit (a circuit's outputs need
                 not all be in the last column); default: the last column.
    notes:       {node: small text written under its circle}, e.g. its bias "b = 3".
    Returns the Figure.
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    else:
        fig = ax.figure
    labels = labels or {}
    tallest = max(len(layer) for layer in layers)
    gap = max(2.0, tallest / 3)  # horizontal distance between layers, in neuron spacings
    pos = {}
    for col, layer in enumerate(layers):
        n = len(layer)
        for row, node in enumerate(layer):
            pos[node] = (col * gap, (n - 1) / 2 - row)
    if edges is None:
        edges = [(s, t) for a, b in zip(layers, layers[1:]) for s in a for t in b
                 if s != "⋮" and t != "⋮"]
    for edge in edges:
        s, t = edge[0], edge[1]
        w = edge[2] if len(edge) > 2 else None
        colour = "#999999" if w is None else ("#1565c0" if w > 0 else "#c62828")
        (x0, y0), (x1, y1) = pos[s], pos[t]
        ax.plot([x0, x1], [y0, y1], color=colour, lw=1 if w is None else 2, alpha=0.6, zorder=1)
        if edge_labels and w is not None:
            text = edge[3] if len(edge) > 3 else f"{w:g}"
            ax.text(x0 + 0.3 * (x1 - x0), y0 + 0.3 * (y1 - y0), text, fontsize=BIG - 3,
                    color=colour, ha="center", va="center",
                    bbox=dict(facecolor="white", edgecolor="none", pad=0.5))
    notes = notes or {}
    outputs = set(layers[-1] if outputs is None else outputs)
    if layer_names is None:
        kinds = ["input"] + ["output" if set(layer) <= outputs else "hidden_or_output" if outputs & set(layer)
                             else "hidden" for layer in layers[1:]]
        layer_names = [TEXT["layers"][kind] for kind in kinds]
    bottom = -(tallest - 1) / 2 - (1.15 if notes else 0.8)
    for col, layer in enumerate(layers):
        for node in layer:
            kind = "input" if col == 0 else "output" if node in outputs else "hidden"
            face = LAYER_COLOURS[kind]
            x, y = pos[node]
            if node == "⋮":
                ax.text(x, y, "⋮", ha="center", va="center", fontsize=BIG + 6, zorder=3)
                continue
            ax.add_patch(plt.Circle((x, y), 0.38, facecolor=face, edgecolor="black", zorder=2))
            ax.text(x, y, str(labels.get(node, node)), ha="center", va="center", fontsize=BIG - 4, zorder=3)
            if node in notes:
                ax.text(x, y - 0.45, notes[node], ha="center", va="top", fontsize=BIG - 4, zorder=3)
        ax.text(col * gap, bottom, layer_names[col], ha="center", va="top", fontsize=BIG)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.autoscale_view()
    ax.margins(0.08)
    if title:
        ax.set_title(title, fontsize=BIG + 2)
    return fig


def draw_circuit(circuit, title=None, notes=None, figsize=(8, 4)):
    """Draw a PerceptronCircuit as layers, weights on the connections, its outputs in green.

    Two connections between the same pair of perceptrons are drawn as one whose weight is
    their sum (a perceptron that reads n1 twice with weight −2 reads it once with −4).
    Within a column, each perceptron sits near the middle of the ones it reads, so that
    no connection runs behind another perceptron.
    """
    merged = {}
    for source, target, weight in circuit.edges():
        merged[(source, target)] = merged.get((source, target), 0.0) + weight
    edges = [(s, t, w) for (s, t), w in merged.items()]
    layers, height = [], {}
    for layer in circuit.layers():
        if layers:  # order by the mean height of the sources, highest first (a stable sort)
            mean = {n: sum(height[s] for s in set(circuit.nodes[n][1])) / len(set(circuit.nodes[n][1]))
                    for n in layer}
            layer = sorted(layer, key=lambda n: -mean[n])
        layers.append(layer)
        height.update({n: (len(layer) - 1) / 2 - row for row, n in enumerate(layer)})
    outputs = circuit.outputs or [list(circuit.nodes)[-1]]
    return draw_layers(layers, edges, title=title, edge_labels=True, outputs=outputs,
                       notes=notes, figsize=figsize)
