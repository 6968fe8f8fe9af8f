// Which rows the pictures draw as points: those of the network's data set *as the network sees it*
// (its noise, held-out share and data seed), so two networks on "circle" with different noise never
// share one set of points. Pure, so node --test checks it.

const OPTIONS = [["noise", 0], ["test_ratio", 0], ["data_seed", null]];

/** The network's data options, with the defaults an older answer (or an upload) leaves out. */
export function dataOptionsOf(network) {
  return Object.fromEntries(OPTIONS.map(([name, fallback]) => [name, network[name] ?? fallback]));
}

/** The query string of GET /api/datasets/{name} for these options: only the ones not at their default. */
export function dataQuery(network) {
  const params = new URLSearchParams();
  for (const [name, fallback] of OPTIONS) {
    const value = network[name] ?? fallback;
    if (value !== fallback) params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The axes of the network's pictures: x₁, x₂ for a network with features, else its inputs. */
export function planeInputs(network) {
  return network.features ? 2 : network.layers[0];
}

/** Whether `rows` (an answer of GET /api/datasets/{name}) are the points of `network`'s data. */
export function rowsFit(rows, network) {
  if (!rows || !network || rows.name !== network.dataset) return false;
  const want = dataOptionsOf(network);
  const have = dataOptionsOf(rows);
  return OPTIONS.every(([name]) => want[name] === have[name]);
}
