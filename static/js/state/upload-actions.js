// The learner's own data (POST /api/datasets): how the server reads a draft CSV (a preview that
// stores nothing), the upload itself, and an uploaded set a network names joining the page's list
// of data sets (state.datasets), so every view that asks datasetOf(state) knows it like a built-in one.

/** The request body for a draft {label, csv, targets, testFraction}. */
export function uploadBody(draft) {
  return {
    name: (draft.label || "").trim() || "my data",
    csv: draft.csv,
    targets: draft.targets,
    test_fraction: draft.testFraction,
  };
}

/** The list with `info` added, or in place of the entry of the same name. */
export function withDataset(datasets, info) {
  const others = datasets.filter((d) => d.name !== info.name);
  return [...others, info];
}

/** The name a data set goes by on the page: an upload's label, a built-in set's name. */
export function datasetLabel(dataset, name) {
  if (dataset && dataset.uploaded) return `your data “${dataset.label}”`;
  return (dataset && dataset.name) || name || "no data set";
}

/**
 * An uploaded data set a network names that the page does not know yet (a reload, a share link, an
 * imported file): its description joins state.datasets, its rows become state.dataRows.
 */
export async function knowDataset(store, api, network) {
  const name = network && network.dataset;
  if (!name || store.get().datasets.some((d) => d.name === name)) return;
  let answer;
  try {
    answer = await api.dataset(name);
  } catch (error) {
    if (error.status === 404) return; // the network's own requests will say what is wrong
    throw error;
  }
  const { x, y, ...info } = answer;
  store.set({ datasets: withDataset(store.get().datasets, info), dataRows: answer });
}

export function uploadActions({ store, api, tracked, say }) {
  let asked = 0;

  return {
    /** How the server reads the draft, into state.yourData; only the newest draft's answer is kept. */
    async previewData(draft) {
      const ticket = ++asked;
      if (!draft.csv.trim()) {
        store.set({ yourData: null });
        return;
      }
      store.set({ yourData: { ...(store.get().yourData || {}), pending: true } });
      let patch;
      try {
        patch = { preview: await tracked(api.previewDataset(uploadBody(draft))), error: null };
      } catch (error) {
        patch = { preview: null, error: error.message || String(error) };
      }
      if (ticket === asked) store.set({ yourData: { ...patch, pending: false } });
    },

    /** Upload the draft: it joins the data sets New network offers. Its description, or null if refused. */
    async uploadData(draft) {
      const ticket = ++asked;
      try {
        const info = await tracked(api.uploadDataset(uploadBody(draft)));
        store.set({ datasets: withDataset(store.get().datasets, info), yourData: { preview: info, error: null, pending: false } });
        return info;
      } catch (error) {
        const message = error.message || String(error);
        if (ticket === asked) store.set({ yourData: { preview: null, error: message, pending: false } });
        say(message, "error");
        return null;
      }
    },
  };
}
