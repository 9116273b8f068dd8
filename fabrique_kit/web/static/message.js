// The message form: how many characters the hall screen really shows, measured by the kit
// on its own layout (GET /admin/message/mesure), a moment after the typing stops.
(function () {
  "use strict";
  var text = document.getElementById("text");
  var out = document.getElementById("mesure");
  if (!text || !out || !text.dataset.measureUrl) { return; }
  var timer = null;
  var asked = 0;
  function kind() {
    var chosen = document.querySelector("input[name=kind]:checked");
    return chosen ? chosen.value : "information";
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }
  async function measure() {
    var number = ++asked;
    if (!text.value.trim()) { return; }
    try {
      var response = await fetch(text.dataset.measureUrl + "?kind=" + encodeURIComponent(kind()) +
        "&text=" + encodeURIComponent(text.value), { headers: { "Accept": "application/json" } });
      if (!response.ok || number !== asked) { return; }
      var answer = await response.json();
      if (typeof answer.visible !== "number") { return; }
      out.textContent = fill(answer.visible >= answer.total ? out.dataset.fits : out.dataset.cut, answer);
      out.classList.toggle("measure-cut", answer.visible < answer.total);
    } catch (error) { /* the count comes back with the next keystroke */ }
  }
  function later() { clearTimeout(timer); timer = setTimeout(measure, 400); }
  text.addEventListener("input", later);
  document.querySelectorAll("input[name=kind]").forEach(function (radio) { radio.addEventListener("change", later); });
})();
