// The numbers the drawing shows, as flat arrays in the API's flat order (layer l = 1..L, then
// row-major, so w_jk^(l) sits at offset(l) + j * n_(l-1) + k): the live frame's while training
// streams, otherwise the network's and the current example's pass. Views index these instead of
// nested arrays so a frame of ten thousand weights needs no reshaping.

let memo = { frame: undefined, network: undefined, pass: undefined, training: undefined, values: null };

function flatten(nested) {
  let size = 0;
  for (const matrix of nested) for (const row of matrix) size += row.length;
  const out = new Float64Array(size);
  let at = 0;
  for (const matrix of nested) {
    for (const row of matrix) {
      out.set(row.map((v) => (v === null ? NaN : v)), at);
      at += row.length;
    }
  }
  return out;
}

/** Where each weight layer starts in the flat order: offsets[l - 1] for W^(l). */
export function weightOffsets(layers) {
  const offsets = [];
  let at = 0;
  for (let l = 1; l < layers.length; l += 1) {
    offsets.push(at);
    at += layers[l] * layers[l - 1];
  }
  return offsets;
}

/** { layer, j, k } of the weight at a flat index. */
export function weightAt(layers, index) {
  let rest = index;
  for (let l = 1; l < layers.length; l += 1) {
    const size = layers[l] * layers[l - 1];
    if (rest < size) return { layer: l, j: Math.floor(rest / layers[l - 1]), k: rest % layers[l - 1] };
    rest -= size;
  }
  return null;
}

/** The flat index of w_jk^(layer). */
export function weightIndex(layers, { layer, j, k }) {
  return weightOffsets(layers)[layer - 1] + j * layers[layer - 1] + k;
}

export function edgeCount(layers) {
  let count = 0;
  for (let l = 1; l < layers.length; l += 1) count += layers[l] * layers[l - 1];
  return count;
}

/**
 * { live, step, cost, weights, gradW, activations } for the state; gradW and activations are null
 * before the first pass. `live` is true while the values come from a stream frame (float32 when the
 * stream sends f32); the exact float64 values return with the pass fetched after pausing.
 */
export function drawnValues(state) {
  const { frame, network, pass, training } = state;
  if (memo.frame === frame && memo.network === network && memo.pass === pass && memo.training === training) return memo.values;
  let values = null;
  // A frame is the network as the server saved it after a chunk: it stands for the network while it
  // is at least as new as the state's (a Reset or the exact network fetched on Pause then wins).
  if (frame && network && frame.networkId === network.id && (state.training || frame.version >= network.version)) {
    values = {
      live: true, step: frame.step, cost: frame.cost,
      weights: frame.weights, gradW: frame.grad_w, activations: frame.activations,
    };
  } else if (network) {
    values = {
      live: false, step: network.step, cost: network.cost,
      weights: flatten(network.weights),
      gradW: pass ? flatten(pass.grad_w) : null,
      activations: pass ? flatten([pass.a]) : null,
    };
  }
  memo = { frame, network, pass, training, values };
  return values;
}

/** The largest |v| over the finite entries, 0 for none. */
export function largestMagnitude(values) {
  let largest = 0;
  if (!values) return largest;
  for (let i = 0; i < values.length; i += 1) {
    const size = Math.abs(values[i]);
    if (size > largest && size !== Infinity) largest = size;
  }
  return largest;
}
