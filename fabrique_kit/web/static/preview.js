// The preview page: simulated inputs, keyboard keys (Makey Makey) and the kit's status.
// Requests are sent one after the other, so a "release" never overtakes its "press".
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]').content;
  var queue = Promise.resolve();

  function send(url, body) {
    queue = queue.then(function () {
      return fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": token },
        body: JSON.stringify(body || {})
      });
    }).catch(function () { return null; });
    return queue;
  }

  function controlUrl(id, verb) {
    return "/controls/" + encodeURIComponent(id) + "/" + verb;
  }

  // Buttons: pressed while the pointer (mouse, finger) or the key is down.
  document.querySelectorAll('[data-kind="button"]').forEach(function (button) {
    var id = button.dataset.control;
    var down = false;
    function press() {
      if (down) { return; }
      down = true;
      button.classList.add("pressed");
      send(controlUrl(id, "press"));
    }
    function release() {
      if (!down) { return; }
      down = false;
      button.classList.remove("pressed");
      send(controlUrl(id, "release"));
    }
    button.addEventListener("pointerdown", function (event) {
      if (event.button > 0) { return; }
      try { button.setPointerCapture(event.pointerId); } catch (error) { /* old browsers */ }
      press();
    });
    button.addEventListener("pointerup", release);
    button.addEventListener("pointercancel", release);
    button.addEventListener("lostpointercapture", release);
    button.addEventListener("contextmenu", function (event) { event.preventDefault(); });
    button.addEventListener("keydown", function (event) {
      if ((event.key === " " || event.key === "Enter") && !event.repeat) {
        event.preventDefault();
        press();
      }
    });
    button.addEventListener("keyup", function (event) {
      if (event.key === " " || event.key === "Enter") {
        event.preventDefault();
        release();
      }
    });
    button.addEventListener("blur", release);
  });

  // Switches: checked = pressed.
  document.querySelectorAll('[data-kind="switch"]').forEach(function (box) {
    box.addEventListener("change", function () {
      send(controlUrl(box.dataset.control, box.checked ? "press" : "release"));
    });
  });

  // Sliders (analogue inputs): at most one value every 150 ms while sliding.
  document.querySelectorAll('[data-kind="slider"]').forEach(function (slider) {
    var id = slider.dataset.control;
    var timer = null;
    function sendValue() {
      timer = null;
      send(controlUrl(id, "value"), { value: parseFloat(slider.value) });
    }
    slider.addEventListener("input", function () {
      showValue(id, slider.value);
      if (timer === null) { timer = setTimeout(sendValue, 150); }
    });
    slider.addEventListener("change", function () {
      if (timer !== null) { clearTimeout(timer); }
      sendValue();
    });
  });

  // Keyboard: space, arrows, letters and digits are sent to the kit.
  var KEYS = { " ": "space", "ArrowUp": "up", "ArrowDown": "down", "ArrowLeft": "left",
               "ArrowRight": "right", "Enter": "enter", "Escape": "escape",
               "Backspace": "backspace" };
  if (document.getElementById("controls")) {
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.repeat || event.ctrlKey || event.altKey || event.metaKey) { return; }
      if (target.closest && target.closest("input, textarea, select, button, a, [contenteditable]")) { return; }
      var name = KEYS[event.key] || (/^[a-zA-Z0-9]$/.test(event.key) ? event.key.toLowerCase() : null);
      if (!name) { return; }
      event.preventDefault();
      send("/keys/" + encodeURIComponent(name));
    });
  }

  // Status: ages, errors, peers, outputs (refreshed with each frame and every 30 s).
  var texts = document.getElementById("status-texts").dataset;

  function showValue(id, value) {
    document.querySelectorAll("[data-output-of]").forEach(function (element) {
      if (element.dataset.outputOf === String(id)) { element.textContent = String(value); }
    });
  }

  function cell(row, text, className) {
    var element = document.createElement("td");
    element.textContent = text;
    if (className) { element.className = className; }
    row.appendChild(element);
  }

  function showStatus(data) {
    var status = data.status;
    document.getElementById("status-mode").textContent = status.simulated ? texts.simulated : texts.real;
    document.getElementById("status-version").textContent = status.version;
    var body = document.getElementById("status-values");
    body.replaceChildren();
    status.values.forEach(function (value) {
      var row = document.createElement("tr");
      cell(row, value.name);
      cell(row, value.age);
      cell(row, value.error || "", value.error ? "problem" : "");
      body.appendChild(row);
    });
    var peers = document.getElementById("status-peers");
    peers.replaceChildren();
    (status.peers.length ? status.peers : [texts.noPeer]).forEach(function (peer) {
      var item = document.createElement("li");
      item.textContent = peer;
      peers.appendChild(item);
    });
    (data.controls || []).forEach(function (control) {
      if (control.kind === "output") { showValue(control.id, control.value); }
    });
  }

  var refreshing = false;
  async function refreshStatus() {
    if (refreshing) { return; }
    refreshing = true;
    try {
      var response = await fetch("/status.json", { cache: "no-store", headers: { "Accept": "application/json" } });
      if (response.ok) { showStatus(await response.json()); }
    } catch (error) {
      /* the frame loop reports lost connections */
    } finally {
      refreshing = false;
    }
  }

  document.addEventListener("fabrique:frame", refreshStatus);
  document.addEventListener("fabrique:connection", function (event) {
    document.getElementById("connection").textContent = event.detail ? "" : texts.offline;
  });
  setInterval(refreshStatus, 30000);
})();
