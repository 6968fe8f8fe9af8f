// Opening a lesson link: the network it describes, made for whoever opens it, with its training
// settings. The same link opened again in the same browser resumes the network it made (an embedded
// lesson is opened on every visit to the course page; it must not make a new network each time).
// Composed into createActions; `create` and `adopt` are its own.
import { ApiError } from "../api/api.js";
import { createFields, decodeLesson, lessonKey, lessonText } from "./lesson-link.js";

const FALLBACK = "The page shows your own network instead.";

function remembered(storage, key) {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

function remember(storage, key, id) {
  try {
    storage.setItem(key, id);
  } catch {
    // Storage refused: a reload makes the lesson's network again.
  }
}

const shape = (network) => `${network.layers.join("-")}${network.dataset ? ` on ${network.dataset}` : ""}`;

/** The training knobs a lesson sets, as the store names them. */
export function trainingPatch(training) {
  const patch = {};
  if (training.learning_rate !== undefined) patch.learningRate = training.learning_rate;
  if (training.batch_size !== undefined) patch.batchSize = training.batch_size;
  if (training.speed !== undefined) patch.speed = training.speed;
  return patch;
}

export function lessonActions({ store, api, tracked, adopt, say, storage = localStorage }) {
  /**
   * Opens the lesson of `search` (location.search): true once its network is on show; false when
   * there is none or it cannot be used (the status line says why, and the page goes on as usual).
   */
  async function openLesson(search, create) {
    const text = lessonText(search);
    if (text === null) return false;
    const { lesson, unknown, error } = decodeLesson(text, store.get().limits);
    if (error) {
      // Nothing of a link that cannot be used stays hidden.
      store.set({ lessonHide: [] });
      say(`This lesson link cannot be opened: ${error} ${FALLBACK}`, "error");
      return false;
    }
    const skipped = unknown.length ? ` (This page does not have ${unknown.join(", ")}, which the link hides.)` : "";
    const key = lessonKey(text);
    const earlier = remembered(storage, key);
    if (earlier) {
      try {
        const network = await tracked(api.network(earlier));
        store.set({ lessonHide: lesson.hide });
        await adopt(network);
        say(`Resumed your network from this lesson (${shape(network)}, step ${network.step}); Reset starts it over.${skipped}`);
        return true;
      } catch (failure) {
        if (!(failure instanceof ApiError && failure.status === 404)) throw failure;
        // Expired or deleted: the lesson makes a new one.
      }
    }
    // The knobs first: the new network's first pass and sections are fetched with them.
    const { learningRate, batchSize, speed } = store.get();
    store.set({ ...trainingPatch(lesson.training), lessonHide: lesson.hide });
    let network;
    try {
      network = await create(lesson.network);
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      store.set({ learningRate, batchSize, speed, lessonHide: [] });
      say(`This lesson link's network was refused by the server: ${failure.message}. ${FALLBACK}`, "error");
      return false;
    }
    remember(storage, key, network.id);
    say(`Opened the lesson: a new network ${shape(network)}, yours to train.${skipped}`);
    return true;
  }

  let fields = null;

  /** The names of POST /api/networks's fields, read once from the server's schema. */
  function lessonFields() {
    fields ??= tracked(api.schema()).then(createFields).catch((failure) => {
      fields = null;
      throw failure;
    });
    return fields;
  }

  return { openLesson, lessonFields };
}
