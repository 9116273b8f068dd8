// Keeps the kit's frame up to date without reloading the page.
// It asks /frame/wait?since=N, which answers as soon as the frame changes (or after
// 20 s without change); then it loads the new /frame.png. On errors it waits longer
// and longer (1 s, 2 s, 4 s ... 30 s), so a lost kit is never flooded with requests.
(function () {
  "use strict";
  var image = document.getElementById("frame");
  if (!image) { return; }
  var since = parseInt(image.dataset.frame, 10) || 0;
  var waitUrl = image.dataset.waitUrl;
  var frameUrl = image.dataset.frameUrl;
  var delay = 0;
  var MAX_DELAY = 30000;

  function sleep(milliseconds) {
    return new Promise(function (resolve) { setTimeout(resolve, milliseconds); });
  }

  function announce(name, detail) {
    document.dispatchEvent(new CustomEvent(name, { detail: detail }));
  }

  function showFrame(number) {
    var next = new Image();
    next.onload = function () {
      if (number !== since) { return; }  // a newer frame is on its way
      image.src = next.src;
      image.dataset.frame = String(number);
      announce("fabrique:frame", number);
    };
    next.src = frameUrl + "?n=" + number;
  }

  function whenVisible() {
    return new Promise(function (resolve) {
      document.addEventListener("visibilitychange", resolve, { once: true });
    });
  }

  async function followFrames() {
    for (;;) {
      if (document.hidden) { await whenVisible(); continue; }
      var started = Date.now();
      try {
        var response = await fetch(waitUrl + "?since=" + since, {
          cache: "no-store", headers: { "Accept": "application/json" }
        });
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        var answer = await response.json();
        delay = 0;
        announce("fabrique:connection", true);
        if (answer.frame !== since) {
          since = answer.frame;
          showFrame(since);
          await sleep(100);
        } else if (Date.now() - started < 1000) {
          await sleep(1000);
        }
      } catch (error) {
        delay = Math.min(MAX_DELAY, delay ? delay * 2 : 1000);
        announce("fabrique:connection", false);
        await sleep(delay);
      }
    }
  }

  followFrames();
})();
