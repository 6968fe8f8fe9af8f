// "My networks": the actions over the learner's list of networks (state/my-networks.js keeps it in
// the browser). state.myNetworks holds each entry with what the server last said of it: `network`
// (null until known) and `gone` once the server answered 404. Composed into createActions.
import { ApiError } from "../api/api.js";
import { CURRENT_KEY, forgotten, loadList, remembered, renamed, saveList } from "./my-networks.js";

const isGone = (error) => error instanceof ApiError && error.status === 404;

export function networkListActions({ store, api, tracked, guarded, say, switchTo }) {
  const entries = () => store.get().myNetworks;
  const currentId = () => store.get().network?.id ?? null;

  function write(list) {
    store.set({ myNetworks: list });
    try {
      saveList(localStorage, list, currentId());
    } catch {
      // Storage refused: the list lasts for this tab only.
    }
  }

  function update(id, patch) {
    write(entries().map((e) => (e.id === id ? { ...e, ...patch } : e)));
  }

  /** The list as stored, each entry not yet looked up; returns the id the page showed last, if any. */
  function load() {
    store.set({ myNetworks: loadList(localStorage).map((e) => ({ ...e, network: null, gone: false })) });
    return localStorage.getItem(CURRENT_KEY);
  }

  /** The network now on show joins the list (or refreshes its entry there) and is the one to reopen. */
  function remember(network) {
    const list = remembered(entries(), network.id).map((e) => (
      e.id === network.id ? { name: "", ...e, network, gone: false } : e));
    write(list);
  }

  /** Asks the server about every listed network not yet known: each is described or marked gone. */
  async function lookUp() {
    const unknown = entries().filter((e) => !e.network && !e.gone);
    await Promise.all(unknown.map(async ({ id }) => {
      try {
        const network = await tracked(api.network(id));
        update(id, { network });
      } catch (error) {
        if (!isGone(error)) throw error;
        update(id, { gone: true });
      }
    }));
  }

  return {
    networkList: { load, remember, lookUp, markGone: (id) => update(id, { gone: true }) },

    /** Shows another of the learner's networks; one the server no longer has is marked gone. */
    switchNetwork: guarded(async (id) => {
      if (id === currentId()) return;
      let network;
      try {
        network = await tracked(api.network(id));
      } catch (error) {
        if (!isGone(error)) throw error;
        update(id, { gone: true });
        say("That network no longer exists on the server (it expired or was deleted): forget it to tidy the list.", "error");
        return;
      }
      await switchTo(network);
    }),

    renameNetwork: (id, name) => write(renamed(entries(), id, name)),

    /** Takes a network off the list (the server keeps it until it expires); not the one on show. */
    forgetNetwork: (id) => {
      if (id !== currentId()) write(forgotten(entries(), id));
    },

    lookUpNetworks: guarded(lookUp),
  };
}
