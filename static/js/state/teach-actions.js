// The teaching panel's actions: what its open sections ask the server for, the training knobs they
// read, the neuron view, the drawing's lights and hand edits. Composed into createActions.
import { ApiError } from "../api/api.js";
import { isCurrent, stamped } from "./freshness.js";
import { SCOPES } from "./state.js";
import { parameterValue, putParameter, withEdit } from "./edit-undo.js";

/** An answer, or the API's refusal as { error } to show in the section's place. */
async function settle(promise) {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ApiError) return { error: error.message };
    throw error;
  }
}

/**
 * Fetches what each open section of the registry needs and does not hold a current answer for;
 * answers still current on arrival go to state.answers[section id].
 */
export async function refreshSections({ store, api, tracked, sections }) {
  const asked = store.get();
  if (!asked.network) return;
  const due = sections.filter((s) => s.fetch && asked.open[s.id] && s.applies(asked)
    && !isCurrent(asked.answers[s.id], asked));
  // Every pass comes here (training too): with nothing to fetch, not even a redraw.
  if (!due.length) return;
  const answers = await tracked(Promise.all(due.map((s) => settle(s.fetch(asked, api)))));
  const now = store.get();
  const fresh = due.map((s, i) => [s.id, stamped(answers[i], asked, s.scope)]).filter(([, a]) => isCurrent(a, now));
  if (fresh.length) store.set({ answers: { ...now.answers, ...Object.fromEntries(fresh) } });
}

export function teachActions(context) {
  const { store, api, tracked, guarded, adopt } = context;
  const refresh = guarded(() => refreshSections(context));

  /** A training control's new value (null when not a number); the sections that use it follow. */
  const setKnob = (name) => (value) => {
    if (Object.is(store.get()[name], value)) return undefined;
    store.set({ [name]: value });
    return refresh();
  };

  return {
    setLearningRate: setKnob("learningRate"),
    setBatchSize: setKnob("batchSize"),

    setHighlight: (highlight) => store.set({ highlight }),

    // One selection at a time: a neuron chosen clears the selected weight (and its breakdown).
    selectNeuron: (neuron) => {
      const chosen = neuron && store.get().network ? neuron : null;
      store.set({ neuron: chosen, ...(chosen ? { selected: null, editError: null } : {}) });
    },

    setSectionOpen: (id, isOpen) => {
      const { open } = store.get();
      if (Boolean(open[id]) === isOpen) return undefined;
      store.set({ open: { ...open, [id]: isOpen } });
      return isOpen ? refresh() : undefined;
    },

    setCostView: (loss) => {
      store.set({ costView: loss });
      return refresh();
    },

    /** A hand edit of a weight ({layer, j, k}) or a bias ({layer, j}); the server checks the value. */
    setParameter: guarded(async (target, value, typed = value) => {
      const { network } = store.get();
      if (!network) return;
      store.set({ editError: null });
      try {
        const before = parameterValue(network, target);
        const changed = await tracked(putParameter(api, network.id, target, value));
        const after = parameterValue(changed, target);
        // Only a change is worth an undo; the edit remembers what it replaced.
        if (!Object.is(before, after)) {
          store.set({ edits: withEdit(store.get().edits, { networkId: network.id, target, before, after }) });
        }
        await adopt(changed, { keepHistory: true });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        const editError = stamped({ target, typed, message: error.message }, store.get(), SCOPES.editError);
        // Shown beside the value field that sent it (panel/hand-edit.js), not in the status line.
        store.set({ editError });
      }
    }),
  };
}
