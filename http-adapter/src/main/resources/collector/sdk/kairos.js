/*
 * Kairos browser SDK: sends a page's events to the platform's collector (POST /api/v1/events).
 *
 *   <script src="https://kairos.example.com/sdk/kairos.js" data-key="INGEST_KEY"></script>
 *   <script>
 *     kairos.track("page_view", { url: location.pathname });
 *     kairos.identify("customer-42");            // after login: later events carry the known id
 *     kairos.track("add_to_cart", { product_id: "p-1", quantity: 1, unit_price: 19.9 });
 *   </script>
 *
 * Events are queued and sent in batches (every flushInterval ms, or at maxBatch events), and with
 * navigator.sendBeacon when the page is hidden or left, so that the last events of a visit arrive. Every event has
 * a fresh eventId (crypto.randomUUID), so a batch sent again after a 503, a 429 or a lost connection is stored once.
 * Requests are text/plain with the ingest key in the address: a "simple" cross-origin request, no preflight.
 * Plain JavaScript, no build step, no dependency. See docs/operations.md, "Collector and SDK".
 */
(function (global) {
  "use strict";

  // The event types the platform models, sent in their current schema version; any other name is a custom event.
  var MODELLED = {
    page_view: 2, product_view: 2, add_to_cart: 2, remove_from_cart: 2, checkout_started: 2, purchase: 2,
    profile_updated: 2, consent_changed: 2, message_delivered: 2, message_opened: 2, message_clicked: 2
  };
  var CUSTOM_VERSION = 1;
  var ANONYMOUS_KEY = "kairos.anonymousId";
  var USER_KEY = "kairos.userId";
  var SESSION_KEY = "kairos.sessionId";
  var MAX_QUEUE = 1000;

  var script = typeof document !== "undefined" ? document.currentScript : null;
  var config = {
    endpoint: script ? new URL("../api/v1/events", script.src).href : "/api/v1/events",
    key: script ? script.getAttribute("data-key") : null,
    inbox: null,
    userHash: null,
    flushInterval: 1000,
    maxBatch: 20,
    debug: false
  };
  config.inbox = config.endpoint.replace(/^http/, "ws").replace(/\/api\/v1\/events(\?.*)?$/, "/api/v1/inbox");
  var queue = [];
  var timer = null;
  var inFlight = false;
  var backoff = 0;

  function uuid() {
    if (global.crypto && typeof global.crypto.randomUUID === "function") {
      return global.crypto.randomUUID();
    }
    // crypto.randomUUID needs a secure context (https or localhost); getRandomValues does not.
    var bytes = new Uint8Array(16);
    global.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" +
      hex.slice(20);
  }

  function stored(storage, key, make) {
    try {
      var value = storage.getItem(key);
      if (!value && make) {
        value = make();
        storage.setItem(key, value);
      }
      return value;
    } catch (e) {
      // Storage refused (private mode, disabled cookies): keep the id for this page only.
      stored.memory = stored.memory || {};
      if (!stored.memory[key] && make) {
        stored.memory[key] = make();
      }
      return stored.memory[key] || null;
    }
  }

  function remember(storage, key, value) {
    try {
      storage.setItem(key, value);
    } catch (e) {
      stored.memory = stored.memory || {};
      stored.memory[key] = value;
    }
  }

  function userId() {
    return stored(global.localStorage, USER_KEY, null) || stored(global.localStorage, ANONYMOUS_KEY, uuid);
  }

  function log() {
    if (config.debug && global.console) {
      global.console.log.apply(global.console, ["[kairos]"].concat(Array.prototype.slice.call(arguments)));
    }
  }

  function address() {
    if (!config.key) {
      return config.endpoint;
    }
    return config.endpoint + (config.endpoint.indexOf("?") < 0 ? "?" : "&") + "key=" + encodeURIComponent(config.key);
  }

  function schedule() {
    if (timer === null) {
      timer = setTimeout(function () {
        timer = null;
        flush();
      }, config.flushInterval + backoff);
    }
  }

  function requeue(events) {
    queue = events.concat(queue).slice(0, MAX_QUEUE);
  }

  /** Sends the queued events now, at most maxBatch per request; returns a promise. */
  function flush() {
    if (inFlight || queue.length === 0) {
      return Promise.resolve();
    }
    var batch = queue.splice(0, config.maxBatch);
    inFlight = true;
    return fetch(address(), {
      method: "POST",
      headers: { "Content-Type": "text/plain;charset=UTF-8" },
      body: JSON.stringify(batch),
      keepalive: true,
      credentials: "omit",
      mode: "cors"
    }).then(function (response) {
      if (response.status === 503 || response.status === 429) {
        // Not stored (or not looked at): send the same events again, later. Their eventIds make that safe.
        requeue(batch);
        backoff = Math.min(30000, Math.max(1000, backoff * 2));
        log("collector busy or unavailable (" + response.status + "), retrying in", config.flushInterval + backoff, "ms");
        return;
      }
      backoff = 0;
      return response.json().then(function (answer) {
        if (answer && answer.rejected > 0 && global.console) {
          answer.results.filter(function (r) { return r.status === "rejected"; }).forEach(function (r) {
            global.console.warn("[kairos] event " + r.eventId + " refused (" + r.reason + "): " + r.detail);
          });
        } else if (!answer || answer.error) {
          global.console.warn("[kairos] the collector refused the request: " + (answer && answer.error));
        }
        log("sent", batch.length, "events:", response.status);
      }, function () {});
    }, function (error) {
      requeue(batch);
      backoff = Math.min(30000, Math.max(1000, backoff * 2));
      log("send failed, retrying:", error);
    }).then(function () {
      inFlight = false;
      if (queue.length > 0) {
        schedule();
      }
    });
  }

  /** Hands every queued event to the browser with sendBeacon, which outlives the page. */
  function beacon() {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    while (queue.length > 0) {
      var batch = queue.slice(0, config.maxBatch);
      var sent = global.navigator.sendBeacon &&
        global.navigator.sendBeacon(address(), new Blob([JSON.stringify(batch)], { type: "text/plain;charset=UTF-8" }));
      if (!sent) {
        flush();
        return;
      }
      queue.splice(0, batch.length);
    }
  }

  function enqueue(event) {
    queue.push(event);
    if (queue.length > MAX_QUEUE) {
      queue.shift();
    }
    if (queue.length >= config.maxBatch) {
      flush();
    } else {
      schedule();
    }
    return event.eventId;
  }


  // The in-app channel: one WebSocket per page for the current user, reconnected with backoff, pinged so that
  // proxies keep it open. Messages decided while the page was closed arrive on connecting, until they expire; each is
  // acknowledged on arrival, and one the server does not hear acknowledged is written again.
  var handlers = [];
  var socket = null;
  var socketUser = null;
  var reconnectWait = 0;
  var reconnectTimer = null;
  var pinger = null;
  var seen = {};

  function inboxAddress(user) {
    var url = config.inbox + (config.inbox.indexOf("?") < 0 ? "?" : "&") + "user=" + encodeURIComponent(user);
    if (config.key) {
      url += "&key=" + encodeURIComponent(config.key);
    }
    if (config.userHash) {
      url += "&userHash=" + encodeURIComponent(config.userHash);
    }
    return url;
  }

  function closeInbox() {
    if (reconnectTimer !== null) {
      clearTimeout(reconnectTimer);
      reconnectTimer = null;
    }
    if (pinger !== null) {
      clearInterval(pinger);
      pinger = null;
    }
    if (socket) {
      var old = socket;
      socket = null;
      old.onclose = null;
      old.close(1000, "user changed");
    }
  }

  function openInbox() {
    if (handlers.length === 0 || typeof global.WebSocket !== "function") {
      return;
    }
    var user = userId();
    if (socket && socketUser === user) {
      return;
    }
    closeInbox();
    socketUser = user;
    var ws = new global.WebSocket(inboxAddress(user));
    socket = ws;
    ws.onopen = function () {
      reconnectWait = 0;
      log("inbox open for", user);
      pinger = setInterval(function () {
        if (ws.readyState === 1) {
          ws.send("ping");
        }
      }, 25000);
    };
    ws.onmessage = function (frame) {
      var data;
      try {
        data = JSON.parse(frame.data);
      } catch (e) {
        return;
      }
      if (!data || data.type !== "message" || !data.message || typeof data.message.decisionId !== "string") {
        return;
      }
      // the acknowledgement makes the message sent; a message written again (the server had no acknowledgement
      // from an earlier page) is acknowledged again and shown once
      ws.send(JSON.stringify({ type: "ack", decisionId: data.message.decisionId }));
      if (seen[data.message.decisionId]) {
        return;
      }
      seen[data.message.decisionId] = true;
      log("message", data.message.decisionId, data.message.campaignId);
      handlers.forEach(function (handler) {
        try {
          handler(data.message);
        } catch (e) {
          if (global.console) {
            global.console.error("[kairos] an onMessage handler failed", e);
          }
        }
      });
    };
    ws.onclose = function () {
      if (pinger !== null) {
        clearInterval(pinger);
        pinger = null;
      }
      if (socket !== ws) {
        return;
      }
      socket = null;
      reconnectWait = Math.min(30000, Math.max(1000, reconnectWait * 2));
      log("inbox closed, reconnecting in", reconnectWait, "ms");
      reconnectTimer = setTimeout(function () {
        reconnectTimer = null;
        openInbox();
      }, reconnectWait);
    };
  }

  function messageEvent(type, message) {
    if (!message || typeof message.decisionId !== "string") {
      throw new Error("kairos." + (type === "message_opened" ? "displayed" : "clicked") +
        ": pass the message given to onMessage");
    }
    return kairos.track(type, { message_id: message.decisionId });
  }

  var kairos = {
    /**
     * Settings: endpoint (the collector's address; default: next to this script), key (the ingest key; default:
     * the script tag's data-key), inbox (the in-app channel's WebSocket address; default: next to the endpoint),
     * userHash (the user's identity hash, when the server verifies identities), flushInterval (ms, default 1000),
     * maxBatch (events per request, default 20), debug (log to the console).
     */
    init: function (options) {
      Object.keys(options || {}).forEach(function (name) {
        if (!(name in config)) {
          throw new Error("kairos.init: unknown setting " + name + "; the settings are " + Object.keys(config).join(", "));
        }
        config[name] = options[name];
      });
      return kairos;
    },

    /** Queues an event of the given type; returns its eventId. Modelled types must carry their schema's properties. */
    track: function (type, properties) {
      if (typeof type !== "string" || !/^[a-z][a-z0-9_]{0,63}$/.test(type)) {
        throw new Error("kairos.track: the event type must be lower_snake_case, was " + type);
      }
      return enqueue({
        eventId: uuid(),
        userId: userId(),
        type: type,
        occurredAt: new Date().toISOString(),
        sessionId: stored(global.sessionStorage, SESSION_KEY, uuid),
        schemaVersion: MODELLED[type] || CUSTOM_VERSION,
        properties: properties || {}
      });
    },

    /**
     * From now on events carry the known user id instead of the anonymous one; an "identify" event under the known
     * id records which anonymous id it was, so that the archive links the two.
     */
    identify: function (knownUserId) {
      if (typeof knownUserId !== "string" || knownUserId.length === 0 || knownUserId.length > 128) {
        throw new Error("kairos.identify: the user id must be a string of 1 to 128 characters");
      }
      var anonymous = stored(global.localStorage, ANONYMOUS_KEY, uuid);
      var previous = stored(global.localStorage, USER_KEY, null);
      remember(global.localStorage, USER_KEY, knownUserId);
      if (previous !== knownUserId) {
        var id = kairos.track("identify", { anonymous_id: anonymous });
        openInbox();
        return id;
      }
      return null;
    },

    /** Forgets the known user (at logout): later events carry a new anonymous id. */
    reset: function () {
      try {
        global.localStorage.removeItem(USER_KEY);
        global.localStorage.removeItem(ANONYMOUS_KEY);
      } catch (e) {
        stored.memory = {};
      }
      closeInbox();
      openInbox();
    },

    /**
     * Receives the current user's in-app messages (the decisions-topic message: decisionId, campaignId, payload,
     * offer, ...) as soon as they are decided, and those decided while the page was closed when it opens. Show it,
     * then report it with kairos.displayed(message), and kairos.clicked(message) when the user acts on it.
     */
    onMessage: function (handler) {
      if (typeof handler !== "function") {
        throw new Error("kairos.onMessage: pass a function");
      }
      handlers.push(handler);
      openInbox();
      return kairos;
    },

    /** Reports that a message was shown (a message_opened event naming it). */
    displayed: function (message) {
      return messageEvent("message_opened", message);
    },

    /** Reports that the user acted on a message (a message_clicked event naming it). */
    clicked: function (message) {
      return messageEvent("message_clicked", message);
    },

    /** The id events are sent under now. */
    userId: userId,

    /** Sends the queued events now; returns a promise settled when the request is answered. */
    flush: flush,

    /** The number of events not yet sent. */
    pending: function () {
      return queue.length;
    }
  };

  if (typeof document !== "undefined") {
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        beacon();
      }
    });
    global.addEventListener("pagehide", beacon);
  }
  global.kairos = kairos;
})(window);
