// When an answer from the server may be shown: only while the state still asks for exactly what it
// was fetched for. Pure (no DOM, no requests), so node can test it.
//
// An answer's key is (network id, network version, example, weight or neuron, section). The
// server raises a network's version on every change (a step, a reset, a hand edit), so a key
// names the numbers an answer holds; nothing else (object identity, request counters) is needed.

/** The learner's drawing while it is the current example of the network on show, else null. */
export function drawnExample(state) {
  const { network, drawn } = state;
  return drawn && network && drawn.networkId === network.id ? drawn : null;
}

/**
 * The example the state shows: its index, "drawn:<id>" for a drawing (a new id for every stroke or
 * label, so an older drawing's answers are dropped), or "custom" (an all-zero probe) without a data set.
 */
export function exampleOf(state) {
  const { network, exampleIndex } = state;
  const drawn = drawnExample(state);
  if (drawn) return `drawn:${drawn.id}`;
  return network && network.dataset ? exampleIndex : "custom";
}

// What an answer is about, as the state names it; null when nothing of that kind is chosen.
const TARGETS = {
  none: () => "-",
  weight: ({ selected: s }) => (s ? `w${s.layer}:${s.j}:${s.k}` : null),
  neuron: ({ neuron: n }) => (n ? `n${n.layer}:${n.j}` : null),
};

/**
 * The key the state asks for under `scope`: { section, about = "none" | "weight" | "neuron",
 * perExample = true, inputs = [] }. `inputs` names state fields the answer also depends on (a cost
 * choice, a learning rate). null when there is nothing to ask for: no network, or no weight or
 * neuron chosen for a section about one.
 */
export function keyFor(state, { section, about = "none", perExample = true, inputs = [] }) {
  const { network } = state;
  const target = network && TARGETS[about](state);
  if (!target) return null;
  const example = perExample ? exampleOf(state) : "*";
  const extra = inputs.map((name) => `${name}=${state[name]}`).join(",");
  return `${network.id}@${network.version}|${example}|${target}|${section}(${extra})`;
}

/** `answer` filed under the key `state` asks for now (the state the request was made in). */
export function stamped(answer, state, scope) {
  return { ...answer, key: keyFor(state, scope), scope };
}

/** The one freshness check: the answer was fetched for what `state` asks for now. */
export function isCurrent(answer, state) {
  return Boolean(answer && answer.key && answer.key === keyFor(state, answer.scope));
}
