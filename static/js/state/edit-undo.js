// Undo for hand edits: each accepted edit of a weight or bias remembers the value it replaced, and
// Undo puts that value back through the same PUT as the edit. The stack belongs to one network: a
// new network, an opened file or share, and Reset all start it empty (see actions.js).

/** How many edits can be undone, newest last; older ones are forgotten. */
export const UNDO_LIMIT = 50;

/** A weight's ({layer, j, k}) or a bias's ({layer, j}) value in a network, or undefined. */
export function parameterValue(network, target) {
  return target.k === undefined
    ? network.biases[target.layer - 1]?.[target.j]
    : network.weights[target.layer - 1]?.[target.j]?.[target.k];
}

/** The stack with one more edit on top, the oldest dropped beyond `limit`. */
export function withEdit(stack, edit, limit = UNDO_LIMIT) {
  return stack.concat([edit]).slice(-limit);
}

/** The edits Undo can still take back on this network, newest last. */
export function undoableEdits(state) {
  const { network, edits } = state;
  return network ? edits.filter((e) => e.networkId === network.id) : [];
}

/** The PUT that sets one parameter: the same call for an edit and for its undo. */
export function putParameter(api, networkId, target, value) {
  return target.k === undefined ? api.setBias(networkId, target, value) : api.setWeight(networkId, target, value);
}

export function undoActions({ store, api, tracked, guarded, adopt }) {
  return {
    /** Puts back the value the newest edit replaced; on a refusal the edit stays on the stack. */
    undoEdit: guarded(async () => {
      const state = store.get();
      const last = undoableEdits(state).at(-1);
      if (!last) return;
      store.set({ edits: state.edits.filter((e) => e !== last), editError: null });
      try {
        await adopt(await tracked(putParameter(api, last.networkId, last.target, last.before)), { keepHistory: true });
      } catch (error) {
        store.set({ edits: withEdit(store.get().edits, last) });
        throw error;
      }
    }),
  };
}
