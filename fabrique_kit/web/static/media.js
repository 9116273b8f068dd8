// The preview's sounds and paper ticket: after each new frame, /media.json tells the
// last game sound, the last sentence to say and the last ticket drawn; each one new
// since the page opened is played (a short WAV), said (the browser's voice) or shown.
(function () {
  "use strict";
  var seen = null;
  var ticket = document.getElementById("ticket");

  function number(item) { return item ? item.n || 0 : 0; }

  function play(sound) {
    var audio = new Audio("/sons/" + encodeURIComponent(sound.name) + ".wav");
    audio.play().catch(function () { /* the browser waits for a first click on the page */ });
  }

  function say(voice) {
    if (!window.speechSynthesis) { return; }
    var sentence = new SpeechSynthesisUtterance(voice.text);
    sentence.lang = voice.lang === "en" ? "en-GB" : "fr-FR";
    window.speechSynthesis.speak(sentence);
  }

  function show(state) {
    if (!ticket || !state) { return; }
    ticket.hidden = false;
    ticket.querySelector("img").src = "/ticket.png?n=" + state.n;
    ticket.querySelector(".problem").textContent = state.problem || "";
  }

  async function refresh() {
    try {
      var response = await fetch("/media.json", { cache: "no-store", headers: { "Accept": "application/json" } });
      if (!response.ok) { return; }
      var data = await response.json();
      if (seen !== null) {
        if (number(data.sound) > seen.sound) { play(data.sound); }
        if (number(data.voice) > seen.voice) { say(data.voice); }
      }
      if (data.ticket && data.ticket.n > 0) { show(data.ticket); }
      seen = { sound: number(data.sound), voice: number(data.voice) };
    } catch (error) {
      /* the frame loop reports lost connections */
    }
  }

  // after a frame, and once more a second later: a ticket is drawn beside the frame, in
  // its own thread, and may land just after it; every 15 s too, for a screen that stays still
  document.addEventListener("fabrique:frame", function () {
    refresh();
    setTimeout(refresh, 1000);
  });
  setInterval(refresh, 15000);
  refresh();
})();
