// The client side of a server-sent-event stream, read with fetch rather than EventSource: fetch
// shows the API's error detail when the stream is refused (EventSource only says it failed), never
// reconnects on its own (a reconnect would silently restart training), and aborts at once.
import { float32s } from "./packed.js";

// The frame's flat arrays the page draws (biases and grad_b are not drawn: left as sent).
const PACKED = ["weights", "grad_w", "activations"];

function float64s(list) {
  const out = new Float64Array(list.length);
  for (let i = 0; i < list.length; i += 1) out[i] = list[i] === null ? NaN : list[i];
  return out;
}

/** A frame with its flat arrays as typed arrays (NaN where the server sent null); the grid stays packed. */
export function decodeFrame(frame) {
  const decoded = { ...frame };
  for (const key of PACKED) {
    const packed = frame[key];
    decoded[key] = typeof packed === "string" ? float32s(packed) : float64s(packed);
  }
  return decoded;
}

function parseEvent(block) {
  let name = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) name = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(line[5] === " " ? 6 : 5));
  }
  return data.length ? { name, data: JSON.parse(data.join("\n")) } : null;
}

/**
 * Opens `path` and calls on[eventName](data) for each event, on.error(error) if the stream is
 * refused or breaks, on.closed() if the server ends it. `failure(status, body)` turns a refusal into
 * the error to report. close() stops the stream; nothing is reported after it.
 */
export function openStream(path, on, failure) {
  const controller = new AbortController();
  let open = true;
  const report = (name, value) => {
    if (open && on[name]) on[name](value);
  };

  (async () => {
    let response;
    try {
      response = await fetch(path, { headers: { Accept: "text/event-stream" }, signal: controller.signal });
    } catch (error) {
      report("error", failure(0, null, `The server did not answer (${error.message}). Is it still running?`));
      return;
    }
    if (!response.ok) {
      let body = null;
      try {
        body = await response.json();
      } catch {
        body = null;
      }
      report("error", failure(response.status, body, `Live training failed with HTTP ${response.status}`));
      return;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (error) {
        report("error", failure(0, null, `The live training stream broke off (${error.message}).`));
        return;
      }
      if (chunk.done) break;
      buffer += chunk.value.replaceAll("\r\n", "\n");
      let cut;
      while (open && (cut = buffer.indexOf("\n\n")) >= 0) {
        const event = parseEvent(buffer.slice(0, cut));
        buffer = buffer.slice(cut + 2);
        if (event) report(event.name, event.data);
      }
    }
    report("closed");
  })();

  return {
    close() {
      open = false;
      controller.abort();
    },
  };
}
