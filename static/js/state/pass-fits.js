// Whether the store's pass belongs to the network on show, so views never mix numbers of two networks.

/** The pass has this network's shape (a new network's first pass may still be on its way). */
export function passFits(network, pass) {
  return Boolean(network && pass && pass.a.length === network.layers.length
    && pass.a.every((layer, l) => layer.length === network.layers[l]));
}
