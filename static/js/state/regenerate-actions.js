// New points for the network's generated data set (POST .../regenerate): the same kind of set and
// the same network, other points, so a learner sees whether what it learned holds on fresh data.

/** `live`: the live-training controller; training stops first, as for a reset, so that no chunk
 * trained on the old points lands after the change. */
export function regenerateActions({ store, api, tracked, guarded, adopt }, live, say) {
  return {
    regenerate: guarded(async () => {
      const { network } = store.get();
      if (!network || !network.dataset) return;
      await live.pause();
      const changed = await tracked(api.regenerate(network.id));
      await adopt(changed);
      say(`New ${network.dataset} points (data seed ${changed.data_seed}); the network is unchanged, its cost is on the new points.`);
    }),
  };
}
