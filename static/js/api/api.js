// The HTTP client: every call to the server goes through here, so errors read the same everywhere.
import { openStream } from "./live-stream.js";

export class ApiError extends Error {
  /** `field`: the request's field the server refused ("layers.1", "learning_rate"), if one. */
  constructor(status, message, field = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.field = field;
  }
}

function describeDetail(detail) {
  if (typeof detail === "string") return detail;
  // FastAPI's 422 lists one entry per invalid field.
  if (Array.isArray(detail)) {
    return detail.map((d) => (d && d.msg ? `${(d.loc || []).slice(1).join(".") || "body"}: ${d.msg}` : String(d))).join("; ");
  }
  return detail === undefined ? "" : JSON.stringify(detail);
}

async function request(method, path, body) {
  const options = { method, headers: { Accept: "application/json" } };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, options);
  } catch (error) {
    throw new ApiError(0, `The server did not answer (${error.message}). Is it still running?`);
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const detail = data && describeDetail(data.detail);
    throw new ApiError(response.status, detail || `${method} ${path} failed with HTTP ${response.status}`, (data && data.field) || null);
  }
  return data;
}

/** The error for a stream the server refused (same wording as request's) or that broke off. */
function refusal(status, data, fallback) {
  return new ApiError(status, (data && describeDetail(data.detail)) || fallback, (data && data.field) || null);
}

const networkPath = (id) => `/api/networks/${encodeURIComponent(id)}`;

export const api = {
  limits: () => request("GET", "/api/limits"),
  /** The OpenAPI schema: a lesson link reads which fields POST /api/networks takes from it. */
  schema: () => request("GET", "/openapi.json"),
  datasets: () => request("GET", "/api/datasets"),
  /** A data set's training rows; `query` (state/data-rows.js dataQuery): a network's noise, split and seed. */
  dataset: (name, query = "") => request("GET", `/api/datasets/${encodeURIComponent(name)}${query}`),
  /** New points for the network's generated data set: a new data seed (random without one). */
  regenerate: (id, body = {}) => request("POST", `${networkPath(id)}/regenerate`, body),
  /** How the server reads a CSV upload {name, csv, targets, test_fraction}; nothing is stored. */
  previewDataset: (body) => request("POST", "/api/datasets?preview=1", body),
  /** The upload kept: its description, whose `name` is the handle a network uses. */
  uploadDataset: (body) => request("POST", "/api/datasets", body),
  createNetwork: (spec) => request("POST", "/api/networks", spec),
  network: (id) => request("GET", networkPath(id)),
  resetNetwork: (id) => request("POST", `${networkPath(id)}/reset`),
  /** What may change after creation: { regularization, regularization_rate } (PATCH). */
  changeSettings: (id, settings) => request("PATCH", networkPath(id), settings),
  backprop: (id, example) => request("POST", `${networkPath(id)}/backprop`, example),
  breakdown: (id, edge, example) => request("POST", `${networkPath(id)}/breakdown`, { ...edge, ...example }),
  train: (id, options) => request("POST", `${networkPath(id)}/train`, options),
  /** The loss curve's points the server keeps with the network. */
  history: (id) => request("GET", `${networkPath(id)}/history`),
  /** Live training (server-sent events); returns { close } and reports through `on`. */
  trainStream: (id, query, on) => openStream(`${networkPath(id)}/train/stream?${new URLSearchParams(query)}`, on, refusal),
  /** The network once the chunk a closed stream was running is saved. */
  stopTraining: (id) => request("POST", `${networkPath(id)}/train/stop`),
  grid: (id, body) => request("POST", `${networkPath(id)}/grid`, body),
  evaluate: (id) => request("GET", `${networkPath(id)}/evaluate`),
  batchBreakdown: (id, body) => request("POST", `${networkPath(id)}/breakdown/batch`, body),
  updatePreview: (id, body) => request("POST", `${networkPath(id)}/update-preview`, body),
  /** One SGD step on one example given as {x, y, learning_rate} (a drawn digit), saved. */
  learn: (id, body) => request("POST", `${networkPath(id)}/learn`, body),
  setWeight: (id, { layer, j, k }, value) => request("PUT", `${networkPath(id)}/weights/${layer}/${j}/${k}`, { value }),
  setBias: (id, { layer, j }, value) => request("PUT", `${networkPath(id)}/biases/${layer}/${j}`, { value }),
  exportUrl: (id) => `${networkPath(id)}/export`,
  importNetwork: (doc) => request("POST", "/api/networks/import", doc),
  share: (id) => request("POST", `${networkPath(id)}/share`),
  copyShared: (token) => request("POST", `/api/shares/${encodeURIComponent(token)}/copy`),
};
