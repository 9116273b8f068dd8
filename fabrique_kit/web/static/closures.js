// The exceptions form: show only the fields of the chosen kind, and the hall screen of the
// chosen day as soon as the day changes (before saving anything).
(function () {
  "use strict";
  var form = document.getElementById("exception-form");
  if (!form) { return; }
  function showFields() {
    var chosen = form.querySelector("input[name=type]:checked");
    var kind = chosen ? chosen.value : "fermeture";
    form.querySelectorAll("[data-for]").forEach(function (field) {
      field.hidden = field.dataset.for !== kind;
    });
  }
  form.querySelectorAll("input[name=type]").forEach(function (radio) {
    radio.addEventListener("change", showFields);
  });
  showFields();
  var preview = document.getElementById("day-preview");
  var day = document.getElementById("date");
  if (preview && day) {
    day.addEventListener("change", function () {
      if (day.value) { preview.src = preview.dataset.url + "?jour=" + encodeURIComponent(day.value); }
    });
  }
})();
