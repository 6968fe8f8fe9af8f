// The loss curve as the server keeps it with the network (GET .../history, at most `limit` points a
// list, older ones thinned), in the shape state.history holds: after a reload, in a copy opened from
// a share link or in another browser the curve is the network's, not the tab's.

/** state.history from the server's answer; points whose cost was not finite are left out. */
export function historyFromServer(answer) {
  const batch = answer.batch.filter((p) => p.cost !== null).map(({ step, cost }) => ({ step, cost }));
  const evals = answer.evals.filter((p) => p.cost !== null)
    .map(({ step, cost, test_cost: test }) => (test === null || test === undefined ? { step, cost } : { step, cost, test }));
  return { batch, evals };
}
