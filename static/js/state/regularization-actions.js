// Changing a network's regularisation after creation: PATCH, then the network as the server left it.
import { placed } from "./field-errors.js";

/** `live`: the live-training controller; training stops first, as for a reset, so that no chunk
 * trained under the old cost lands after the change. */
export function regularizationActions({ store, api, tracked, guarded, adopt }, live, say) {
  return {
    setRegularization: guarded(placed(store, "regularization", async (settings) => {
      const { network } = store.get();
      if (!network) return;
      await live.pause();
      const changed = await tracked(api.changeSettings(network.id, settings));
      await adopt(changed);
      say(changed.regularization === "none"
        ? "Regularisation off: the cost is the data term alone."
        : `Regularisation ${changed.regularization.toUpperCase()} with λ = ${changed.regularization_rate}: the cost now includes the penalty.`);
    })),
  };
}
